"""The validation report in Markdown (``report.md``, figures beside it in ``figures/``); the
HTML page is made from it (:mod:`sim.validation.page`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from sim.validation.effects import EFFECTS, Effect
from sim.validation.figures import effect_file, screening_file
from sim.validation.measures import AROUND_SHARE, Level
from sim.validation.screening import FACTORS, MORRIS_LEVELS
from sim.validation.table import fmt
from sim.validation.variants import VARIANTS, Change, County, operating_overrides

TITLE = "Validation: the model against documented effects"
FIGURES = "figures"
TOP_FACTORS = 3


@dataclass
class ReportInput:
    """Everything the report says: what ran, the table, the per-seed values, the screening."""

    settings: object                      # sim.validation.runs.Settings
    counties: list[County]
    table: pd.DataFrame                   # validation.csv
    indices: pd.DataFrame                 # screening.csv (Morris: effect, factor, mu_star, …)
    design: pd.DataFrame                  # per effect: range over the screening design, points in band
    changes: list[Change]
    figures: dict[str, list[str]]         # effect key -> figure files (in FIGURES)
    runs: int
    screening_runs: int
    failed: int
    notes: list[str] = field(default_factory=list)


def _signed(e: Effect) -> bool:
    return not isinstance(e.measure, Level)


def _value(e: Effect, row) -> str:
    return f"{fmt(row['model_mean'], _signed(e))} {e.unit}"


def _interval(e: Effect, row) -> str:
    if row["seeds"] < 1:
        return "–"
    return f"{fmt(row['interval_low'], _signed(e))} … {fmt(row['interval_high'], _signed(e))}"


def _glance(r: ReportInput) -> list[str]:
    t = r.table
    inside = int((t["in_band"] == "yes").sum())
    lines = [f"**{inside} of {len(t)}** comparisons (effect × county) land inside the reference band; the "
             f"other {len(t) - inside} are misses, each with the mechanism that would explain it."]
    missed = [e.label for e in EFFECTS if (t.loc[t["effect"] == e.key, "in_band"] == "no").any()]
    if missed:
        lines.append("Missed in at least one county: " + "; ".join(missed) + ".")
    if r.failed:
        lines.append(f"{r.failed} run(s) raised; their rows have no value for the effects that need them "
                     f"(runs.csv, column 'error').")
    return lines


def _main_table(r: ReportInput) -> list[str]:
    out = ["| effect | county | reference band | model mean | 90 % interval over seeds | in band | source |",
           "|---|---|---|---|---|---|---|"]
    for e in EFFECTS:
        for _, row in r.table[r.table["effect"] == e.key].iterrows():
            out.append(f"| {e.label} | {row['county']} | {e.band.text} | {_value(e, row)} | {_interval(e, row)} | "
                       f"{row['in_band']} | {e.cite} |")
    return out


def _screening_summary(r: ReportInput, e: Effect) -> list[str]:
    part = r.indices[r.indices["effect"] == e.key] if len(r.indices) else r.indices
    d = r.design[r.design["effect"] == e.key] if len(r.design) else r.design
    out = []
    if len(part):
        top = part.sort_values("mu_star", ascending=False).head(TOP_FACTORS)
        out.append("- screening (default county): the assumed parameters that move it most (mu*, in "
                   f"{e.unit}): " + "; ".join(f"`{x['factor']}` {x['mu_star']:.2f}" for _, x in top.iterrows()))
    if len(d):
        x = d.iloc[0]
        reach = (f"{int(x['points_in_band'])} of {int(x['points'])} design points land in the band"
                 if x["points_in_band"] else f"none of its {int(x['points'])} design points lands in the band")
        out.append(f"- over the screening design it ranges from {fmt(x['design_low'], _signed(e))} to "
                   f"{fmt(x['design_high'], _signed(e))} {e.unit}: {reach}")
    return out


def _effects(r: ReportInput) -> list[str]:
    out = ["## The effects one by one", ""]
    for e in EFFECTS:
        rows = r.table[r.table["effect"] == e.key]
        if not len(rows):
            continue
        out += [f"### {e.label}", "", f"- reference: {e.band.text}, {e.source}",
                f"- in the model: {e.compares}", f"- computed as: {rows.iloc[0]['how_computed']}"]
        for _, row in rows.iterrows():
            verdict = "inside the band" if row["in_band"] == "yes" else "**outside the band**"
            out.append(f"- {row['county']}: {_value(e, row)} (90 % of seeds: {_interval(e, row)}; "
                       f"{row['seeds']} seeds) — {verdict}" + (f"; parts (yuan/parcel): {row['parts']}"
                                                                if row["parts"] else ""))
        misses = [m for m in rows["mechanism"] if m]
        if misses:
            out.append(f"- why it misses: {misses[0]}")
        out += _screening_summary(r, e) + [""]
        out += [f"![{f}]({FIGURES}/{f})" for f in r.figures.get(e.key, [])] + [""]
    return out


def _changes(r: ReportInput) -> list[str]:
    out = ["## Settings changed for validation", "",
           "No figure was tuned to reach a band: every parameter is the cited default of "
           "`sim/config/defaults/` or the shipped scenario's. These settings differ from the shipped files, "
           "and why:", "", "| key | value | why |", "|---|---|---|"]
    out += [f"| `{c.key}` | {c.value} | {c.reason} |" for c in r.changes]
    out += ["", "Counties:", ""]
    out += [f"- **{c.label}** (`scenarios/{c.scenario}`): {c.about}" for c in r.counties]
    out += ["", "Variants (a shipped scenario's operating tables laid over each county):", "",
            "| variant | scenario file | keys it sets | validation changes |", "|---|---|---|---|"]
    for v in VARIANTS:
        keys = ", ".join(f"`{k}` = {val}" for k, val in operating_overrides(v.scenario).items())
        out.append(f"| {v.label} | `scenarios/{v.scenario}` | {keys} | "
                   f"{', '.join(f'`{c.key}`' for c in v.changes) or '–'} |")
    return out + [""]


def _screening(r: ReportInput) -> list[str]:
    s = r.settings
    out = ["## Screening of the assumed parameters (Morris)", "",
           f"Each effect's sensitivity to the parameters that have no source: a Morris design of "
           f"{s.trajectories} trajectories × {len(FACTORS) + 1} points ({MORRIS_LEVELS} levels), every variant at "
           f"every point, on the default synthetic county, {s.screening_days} days, one seed for all points "
           f"({r.screening_runs} runs). mu* is the mean absolute elementary effect: the change of the effect (in "
           f"its unit) per move of a factor across its whole screened range (measured on steps of ⅔ of it); "
           f"sigma large next to mu* means the factor acts through others or not linearly. A miss that no design point reaches in the band does not hang on these assumptions.",
           "", "| factor | default | screened range | why it is assumed |", "|---|---|---|---|"]
    out += [f"| `{f.key}` | {f.default:g} | {f.low:g} – {f.high:g} | {f.why} |" for f in FACTORS]
    if len(r.indices):
        out += ["", "The factor with the largest mu* for each effect (every index: `screening.csv`):", "",
                "| effect | largest mu* | mu* | sigma | second | design range | points in band |",
                "|---|---|---|---|---|---|---|"]
        for e in EFFECTS:
            part = r.indices[r.indices["effect"] == e.key].sort_values("mu_star", ascending=False)
            d = r.design[r.design["effect"] == e.key]
            if not len(part) or not len(d):
                continue
            first, x = part.iloc[0], d.iloc[0]
            second = f"`{part.iloc[1]['factor']}` ({part.iloc[1]['mu_star']:.2f})" if len(part) > 1 else "–"
            out.append(f"| {e.label} | `{first['factor']}` | {first['mu_star']:.2f} {e.unit} | {first['sigma']:.2f} | "
                       f"{second} | {fmt(x['design_low'], _signed(e))} … {fmt(x['design_high'], _signed(e))} | "
                       f"{int(x['points_in_band'])} of {int(x['points'])} |")
    return out + [""]


def render_markdown(r: ReportInput) -> str:
    s = r.settings
    names = " and ".join(c.label for c in r.counties)
    lines = [f"# {TITLE}", "",
             f"{s.label.capitalize()} run: {names}; {len(VARIANTS)} variants each, {s.days} days, {s.seeds} seeds "
             f"per variant on common seeds (master seed {s.seed}), {r.runs} runs; screening {r.screening_runs} "
             f"runs. Regenerate with `python -m sim validate" + (" --quick" if s.label == "quick" else "") + "`.", "",
             "## At a glance", ""]
    lines += [f"- {x}" for x in _glance(r)] + [""]
    lines += ["## How to read this", "",
              "- Each row compares one documented effect (`../shared/reference/figures.md`, row named) with the "
              "same quantity measured in the model, on each county.",
              "- model mean: the mean over seeds of the effect measured run by run (a change is variant minus "
              "baseline on the same seed); 90 % interval: the 5th to 95th percentile of those values over seeds.",
              "- in band: whether the mean lies in the reference band. Where a source gives one figure (≈ x) the "
              f"band is x ± {AROUND_SHARE * 100:.0f} % of x; 'helps most where …' is read as a sign.",
              "- A miss is reported, not tuned away: its row names the mechanism the model lacks or the "
              "assumption behind it. The screening below says whether the unsourced assumptions could move it "
              "into the band.", ""]
    lines += ["## The table", ""] + _main_table(r) + [""]
    lines += [f"- note: {n}" for n in r.notes] + ([""] if r.notes else [])
    lines += _effects(r) + _changes(r) + _screening(r)
    lines += ["Files: `validation.csv` (this table, with how each value is computed and the mechanism of each "
              "miss), `effect_values.csv` (each effect per seed), `runs.csv` (every run's KPIs), "
              "`screening.csv` (Morris indices), `screening_points.csv` (the effects at each design point), "
              "`figures/`. KPI definitions: `docs/KPIs.md`."]
    return "\n".join(lines) + "\n"


def figure_lists(effect_files: dict[str, str], screening_files: dict[str, str | None]) -> dict[str, list[str]]:
    """Per effect: its figure, then its screening figure (when there is one)."""
    out = {}
    for e in EFFECTS:
        files = [f for f in (effect_files.get(e.key), screening_files.get(e.key)) if f]
        out[e.key] = files
    return out


__all__ = ["ReportInput", "render_markdown", "figure_lists", "TITLE", "FIGURES", "effect_file", "screening_file"]
