"""What the report says about a KPI: its label and unit, values and changes as text, verdicts."""

from __future__ import annotations

import math

import pandas as pd

from sim.i18n import unit
from sim.kpis import registry
from sim.kpis.registry import Kpi
from sim.outputs.report.runs import Run, number
from sim.outputs.report.text import t


# The KPI table: every summary KPI of the registry that describes the logistics (not the
# run's settings or the route planner's work), in registry order; keys absent from every
# summary are left out.
KPIS: tuple[Kpi, ...] = tuple(k for k in registry.SUMMARY if k.group not in ("run", "routing"))
KPI_BY_KEY = registry.BY_KEY
# Bar charts: the headline KPIs with a better direction, when present in at least one summary.
CHART_KPIS: tuple[Kpi, ...] = tuple(k for k in registry.HEADLINE if k.better)
# The "at a glance" sentence per scenario: cost, lead time and coverage down; produce up.
HEADLINE_SENTENCE: tuple[Kpi, ...] = tuple(registry.kpi(key) for key in (
    "cost_per_parcel_down_yuan", "societal_cost_per_parcel_yuan", "lead_time_order_mean_h", "door_delivery_share",
    "produce_shipped_kg", "produce_loss_share", "cost_per_kg_up_yuan"))

# -- formatting --------------------------------------------------------------------------

MINUS = "\u2212"


def _signed(x: float, decimals: int) -> str:
    s = f"{abs(x):,.{decimals}f}"
    if float(s.replace(",", "")) == 0:
        return "±" + s
    return ("+" if x > 0 else MINUS) + s


def fmt_value(kpi: Kpi, value) -> str:
    v = number(value)
    if v is None:
        return "–"
    if kpi.is_share:
        return f"{v * 100:.{kpi.decimals}f} %"
    text = f"{v:,.{kpi.decimals}f}"
    return text.replace("-", MINUS)


def change(kpi: Kpi, value, reference) -> float | None:
    """Change vs the reference: in % of the reference; in percentage points for shares; as a
    difference in the KPI's unit for gaps (signed values best near 0, where a % change misleads)."""
    v, r = number(value), number(reference)
    if v is None or r is None:
        return None
    if kpi.is_share:
        return (v - r) * 100.0
    if kpi.better == "zero":
        return v - r
    if r == 0:
        return 0.0 if v == 0 else None
    return (v - r) / abs(r) * 100.0


def diff_text(kpi: Kpi, value, reference, lang: str = "en") -> str:
    """The change as text; from a reference of 0 (no % change), the difference in the KPI's unit."""
    delta = change(kpi, value, reference)
    if delta is None and number(reference) == 0 and number(value) is not None:
        return f"{_signed(number(value), kpi.decimals)} {unit(kpi.unit, lang)}"
    return fmt_change(kpi, delta, lang)


def fmt_change(kpi: Kpi, delta: float | None, lang: str = "en") -> str:
    if delta is None:
        return ""
    if kpi.is_share:
        return f"{_signed(delta, 1)} {t('pp', lang)}"
    if kpi.better == "zero":
        return f"{_signed(delta, kpi.decimals)} {unit(kpi.unit, lang)}"
    return f"{_signed(delta, 1 if abs(delta) < 10 else 0)} %"


def verdict(kpi: Kpi, value, reference) -> str:
    """'better', 'worse' or '' for the change of ``value`` against ``reference``."""
    v, r = number(value), number(reference)
    if v is None or r is None or not kpi.better or math.isclose(v, r, rel_tol=1e-9, abs_tol=1e-12):
        return ""
    if kpi.better == "lower":
        return "better" if v < r else "worse"
    if kpi.better == "higher":
        return "better" if v > r else "worse"
    if kpi.better == "zero":
        return "better" if abs(v) < abs(r) else ("worse" if abs(v) > abs(r) else "")
    return ""


def better_text(kpi: Kpi, lang: str = "en") -> str:
    """"lower is better" and so on, for the KPI's direction ("" when it has none)."""
    return t(kpi.better, lang) if kpi.better else ""


def unit_hint(kpi: Kpi, lang: str = "en") -> str:
    """The KPI's unit and direction, as shown under its name."""
    shown = "%" if kpi.is_share else unit(kpi.unit, lang)
    better = better_text(kpi, lang)
    return f"{shown}{'; ' + better if better else ''}"


def table_kpis(runs: list[Run]) -> list[Kpi]:
    return [k for k in KPIS if any(number(r.summary.get(k.key)) is not None for r in runs)]


def kpi_cells(runs: list[Run], kpi: Kpi, lang: str = "en") -> list[tuple[str, str, str]]:
    """Per run: (value text, change text, verdict); the reference's change is empty."""
    ref = runs[0].summary.get(kpi.key)
    cells = []
    for i, r in enumerate(runs):
        v = r.summary.get(kpi.key)
        if i == 0 or number(v) is None:
            cells.append((fmt_value(kpi, v), "", ""))
        else:
            cells.append((fmt_value(kpi, v), diff_text(kpi, v, ref, lang), verdict(kpi, v, ref)))
    return cells


def kpi_frame(runs: list[Run]) -> pd.DataFrame:
    """The KPI table as a DataFrame: one row per scenario, one column per KPI (raw values)."""
    rows = []
    for r in runs:
        row = {"scenario": r.label, "run_folder": str(r.folder), "mode": r.summary.get("mode"),
               "backhaul": r.summary.get("backhaul"), "days": r.summary.get("days"),
               "seed": r.summary.get("seed")}
        for k in KPIS:
            value = r.summary.get(k.key)
            row[k.key] = value if isinstance(value, int) and not isinstance(value, bool) else number(value)
        rows.append(row)
    df = pd.DataFrame(rows)
    keep = [k.key for k in table_kpis(runs)]
    return df[["scenario", "run_folder", "mode", "backhaul", "days", "seed", *keep]]



def headlines(runs: list[Run], lang: str = "en") -> list[str]:
    """One sentence per non-reference scenario with the main changes."""
    ref = runs[0]
    out = []
    for r in runs[1:]:
        parts = []
        for k in HEADLINE_SENTENCE:
            v = r.summary.get(k.key)
            if number(v) is None:
                continue
            ch = diff_text(k, v, ref.summary.get(k.key), lang)
            label = k.label(lang) if lang == "zh" else f"{k.label_en[0].lower()}{k.label_en[1:]}"
            parts.append(f"{label} {fmt_value(k, v)}"
                         f"{f' {unit(k.unit, lang)}' if not k.is_share else ''}{f' ({ch})' if ch else ''}")
        if parts:
            sep, end = ("；", "。") if lang == "zh" else ("; ", ".")
            out.append(f"{r.label}{t('vs', lang)}{ref.label}: " + sep.join(parts) + end)
    return out


def how_to_read(ref: str, lang: str = "en") -> str:
    return t("how_to_read", lang, ref=ref)


def chart_text(key: str, lang: str = "en") -> tuple[str, str]:
    """(heading, explanation) of a report section with a chart."""
    return t(key, lang), t(f"{key}_text", lang)


def kpi_rows(runs: list[Run], lang: str = "en"):
    """Per KPI in the table: the KPI and its cells (see :func:`kpi_cells`)."""
    for k in table_kpis(runs):
        yield k, kpi_cells(runs, k, lang)
