"""The model against the reference: one row per effect and county (``validation.csv``), and
each effect's value per seed (``effect_values.csv``), from the validation runs' summaries."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from sim.validation.effects import EFFECTS, Effect
from sim.validation.measures import summarise
from sim.validation.variants import VARIANT_LABELS

COLUMNS = ["effect", "label", "county", "unit", "reference_band", "band_low", "band_high", "source",
           "model_mean", "interval_low", "interval_high", "seeds", "in_band", "compares", "how_computed", "parts",
           "mechanism"]


def by_variant(runs: pd.DataFrame, county: str) -> dict[str, pd.DataFrame]:
    """A county's runs as variant → table indexed by replication (the pairing of seeds)."""
    part = runs[runs["county"] == county]
    return {v: t.set_index("replication").sort_index() for v, t in part.groupby("variant", sort=False)}


def effect_values(runs: pd.DataFrame, counties: list[str], effects: tuple[Effect, ...] = EFFECTS) -> pd.DataFrame:
    """Each effect's value per county and replication (long table)."""
    rows = []
    for county in counties:
        tables = by_variant(runs, county)
        for e in effects:
            if not all(v in tables for v in e.measure.variants):
                continue
            values = e.measure.values(tables)
            seeds = tables[e.measure.variants[0]]["seed"].reindex(values.index)
            for rep, value in values.items():
                rows.append({"effect": e.key, "county": county, "replication": int(rep),
                             "seed": int(seeds.loc[rep]), "value": float(value)})
    return pd.DataFrame(rows, columns=["effect", "county", "replication", "seed", "value"])


def parts_text(runs: pd.DataFrame, county: str, effect: Effect) -> str:
    """The effect's parts (means over seeds), as ``kpi = value; …`` (empty without parts)."""
    tables = by_variant(runs, county)
    out = []
    for part in effect.parts:
        if part.variant in tables:
            mean = summarise(part.values(tables)).mean
            out.append(f"{' + '.join(part.kpis)} = {mean:.3f}")
    return "; ".join(out)


def validation_table(values: pd.DataFrame, counties: Mapping[str, str], failed_runs: Mapping[str, int],
                     runs: pd.DataFrame | None = None, effects: tuple[Effect, ...] = EFFECTS) -> pd.DataFrame:
    """One row per effect and county: the band, the model's mean and 90 % interval over seeds,
    whether the mean lies in the band, its parts (from ``runs``), and for a miss the mechanism
    that would explain it.

    ``counties``: key → label; ``failed_runs``: county key → runs that raised (named in the
    mechanism column of a row without a value)."""
    rows = []
    for e in effects:
        for county, label in counties.items():
            part = values[(values["effect"] == e.key) & (values["county"] == county)]
            if not len(part):
                continue
            s = summarise(part["value"])
            inside = e.band.contains(s.mean)
            if s.n == 0:
                why = f"no model value: {failed_runs.get(county, 0)} run(s) of this county raised (runs.csv, 'error')"
            else:
                why = "" if inside else e.mechanism
            rows.append({"effect": e.key, "label": e.label, "county": label, "unit": e.unit,
                         "reference_band": e.band.text, "band_low": e.band.low, "band_high": e.band.high,
                         "source": e.source, "model_mean": s.mean, "interval_low": s.low, "interval_high": s.high,
                         "seeds": s.n, "in_band": "yes" if inside else "no", "compares": e.compares,
                         "how_computed": e.measure.describe(VARIANT_LABELS),
                         "parts": parts_text(runs, county, e) if runs is not None else "", "mechanism": why})
    return pd.DataFrame(rows, columns=COLUMNS)


def fmt(value: float, signed: bool = False) -> str:
    """A value for the report: a few significant digits (with its sign for a change)."""
    if value is None or value != value:
        return "–"
    digits = 2 if abs(value) < 10 else 1 if abs(value) < 100 else 0
    text = f"{value:+,.{digits}f}" if signed and value != 0 else f"{value:,.{digits}f}"
    return text.replace("-", "−")
