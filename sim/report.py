"""Comparison report of run folders, readable without Python.

    build_report([run_a, run_b, …], out_dir, title=None) -> out_dir / "report.html"

writes into ``out_dir``:

    report.html     self-contained page (inline CSS, PNG charts embedded as data URIs, no links, no JS)
    report.md       the same content in Markdown; its charts are the PNGs in report_files/
    report_files/   the charts as PNG files
    kpis.csv        the KPI table: one row per scenario, one column per KPI (raw values)

The first run folder is the reference: every other scenario's KPI also shows its change
against it (in %, or in percentage points for KPIs that are shares). The report warns
when the runs differ in seed, days, start date or county, since the comparison is then
not like-for-like. A chart whose input is missing (an optional summary key, or
``lead_times.csv``, ``villages.csv``, ``daily_kpis.parquet`` in a run folder) is left
out, and the report says so where it would have been.
"""

from __future__ import annotations

import base64
import html
import json
import math
import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from sim.results import read_summary

FIG_DPI = 90
FILES_DIR = "report_files"


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    unit: str          # shown in the table; "%" means the value is a share 0–1 shown as a percentage
    better: str        # "lower", "higher", "zero" (closer to 0 is better) or "" (neither)
    decimals: int = 2

    @property
    def is_share(self) -> bool:
        return self.unit == "%"


# The KPI table, in this order; keys absent from every summary are left out.
KPIS: tuple[Kpi, ...] = (
    Kpi("cost_per_parcel_yuan", "Operator cost per parcel", "yuan/parcel", "lower"),
    Kpi("societal_cost_per_parcel_yuan", "Societal cost per parcel (operators + villagers' trips)",
        "yuan/parcel", "lower"),
    Kpi("government_cost_yuan", "Government cost, total", "yuan", "lower", 0),
    Kpi("subsidy_per_parcel_yuan", "Subsidy per parcel", "yuan/parcel", "lower"),
    Kpi("operator_cost_yuan", "Operator cost, total", "yuan", "lower", 0),
    Kpi("villager_cost_yuan", "Villagers' pickup cost, total", "yuan", "lower", 0),
    Kpi("lead_time_mean_h", "Lead time hub → village, mean", "h", "lower", 1),
    Kpi("lead_time_p95_h", "Lead time hub → village, 95th percentile", "h", "lower", 1),
    Kpi("lead_time_gap_far_near_h", "Lead-time gap, far vs near villages", "h", "zero", 1),
    Kpi("cost_gap_far_near_yuan", "Cost gap, far vs near villages", "yuan", "zero"),
    Kpi("hub_sort_wait_peak_h", "Peak wait for sorting at the county hub", "h", "lower", 1),
    Kpi("village_coverage", "Village door coverage (mean daily share)", "%", "higher", 1),
    Kpi("village_coverage_every_window", "Villages served at the door in every window", "%", "higher", 1),
    Kpi("parcels_delivered_door_share", "Parcels delivered to the door", "%", "higher", 1),
    Kpi("load_factor_down", "Load factor downstream (parcels)", "%", "higher", 1),
    Kpi("load_factor_up", "Load factor upstream (produce)", "%", "higher", 1),
    Kpi("empty_km_share", "Empty-running km share", "%", "lower", 1),
    Kpi("vehicle_km", "Vehicle km, total", "km", "lower", 0),
    Kpi("co2_kg_per_parcel", "CO₂ per parcel", "kg/parcel", "lower", 3),
    Kpi("villager_pickup_km", "Villagers' pickup km, total", "km", "lower", 0),
    Kpi("spoilage_share", "Produce spoiled (share of lots)", "%", "lower", 1),
    Kpi("spoilage_share_weight", "Produce spoiled (share of kg)", "%", "lower", 1),
    Kpi("produce_shipped_lots", "Produce lots shipped out", "lots", "higher", 0),
    Kpi("parcels_created", "Parcels ordered", "parcels", "", 0),
    Kpi("parcels_delivered", "Parcels delivered", "parcels", "higher", 0),
    Kpi("parcels_waiting", "Parcels still waiting at the end", "parcels", "lower", 0),
)
KPI_BY_KEY = {k.key: k for k in KPIS}

# Bar charts: these keys, when present in at least one summary.
CHART_KEYS = (
    "cost_per_parcel_yuan", "societal_cost_per_parcel_yuan", "lead_time_mean_h", "lead_time_p95_h",
    "village_coverage", "load_factor_down", "load_factor_up", "empty_km_share", "spoilage_share",
    "co2_kg_per_parcel", "villager_pickup_km", "government_cost_yuan", "subsidy_per_parcel_yuan",
    "lead_time_gap_far_near_h", "cost_gap_far_near_yuan", "hub_sort_wait_peak_h",
)
OPTIONAL_CHART_KEYS = ("government_cost_yuan", "subsidy_per_parcel_yuan", "lead_time_gap_far_near_h",
                       "cost_gap_far_near_yuan", "hub_sort_wait_peak_h")

# Daily overlays: (column, title, is share).
DAILY_SERIES = (
    ("cost_per_parcel_yuan", "Operator cost per parcel (yuan)", False),
    ("village_coverage", "Village door coverage", True),
    ("parcels_waiting", "Parcels waiting at facilities (end of day)", False),
)

# Runs must agree on these to be like-for-like: (summary key, what it means).
LIKE_FOR_LIKE = (
    ("seed", "random seed"),
    ("days", "days simulated"),
    ("start_date", "start date"),
    ("geography", "county"),
    ("n_villages", "number of villages"),
)


@dataclass
class Run:
    folder: Path
    summary: dict
    scenario: dict                 # the resolved scenario.toml ({} if absent)
    label: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.summary.get("scenario") or self.scenario.get("scenario", {}).get("name")
                   or self.folder.name)

    @property
    def description(self) -> str:
        return str(self.scenario.get("scenario", {}).get("description", "") or "")

    def info(self, key: str):
        if key == "start_date":
            value = self.scenario.get("scenario", {}).get("start_date")
            return str(value) if value is not None else None
        return self.summary.get(key)


# -- loading -----------------------------------------------------------------------------

def load_runs(run_dirs: Sequence[Path]) -> list[Run]:
    """Read each run folder's summary and scenario; FileNotFoundError names a folder without summary.json."""
    runs = []
    for d in run_dirs:
        d = Path(d)
        summary = read_summary(d)
        scenario: dict = {}
        toml_path = d / "scenario.toml"
        run = Run(d, summary, scenario)
        if toml_path.is_file():
            try:
                run.scenario = tomllib.loads(toml_path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                run.notes.append(f"{d.name}: scenario.toml could not be read; description not shown")
        runs.append(run)
    labels = [r.name for r in runs]
    for r in runs:
        # Two runs of the same scenario (other seed, other days…): tell them apart by folder.
        r.label = r.name if labels.count(r.name) == 1 else r.folder.name
    labels = [r.label for r in runs]
    for i, r in enumerate(runs):
        if labels.count(r.label) > 1:
            r.label = f"{r.label} ({i + 1})"
    return runs


def _num(value) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    return None


# -- formatting --------------------------------------------------------------------------

MINUS = "\u2212"


def _signed(x: float, decimals: int) -> str:
    s = f"{abs(x):,.{decimals}f}"
    if float(s.replace(",", "")) == 0:
        return "±" + s
    return ("+" if x > 0 else MINUS) + s


def fmt_value(kpi: Kpi, value) -> str:
    v = _num(value)
    if v is None:
        return "–"
    if kpi.is_share:
        return f"{v * 100:.{kpi.decimals}f} %"
    text = f"{v:,.{kpi.decimals}f}"
    return text.replace("-", MINUS)


def change(kpi: Kpi, value, reference) -> float | None:
    """Change vs the reference: in % of the reference; in percentage points for shares; as a
    difference in the KPI's unit for gaps (signed values best near 0, where a % change misleads)."""
    v, r = _num(value), _num(reference)
    if v is None or r is None:
        return None
    if kpi.is_share:
        return (v - r) * 100.0
    if kpi.better == "zero":
        return v - r
    if r == 0:
        return 0.0 if v == 0 else None
    return (v - r) / abs(r) * 100.0


def diff_text(kpi: Kpi, value, reference) -> str:
    """The change as text; from a reference of 0 (no % change), the difference in the KPI's unit."""
    delta = change(kpi, value, reference)
    if delta is None and _num(reference) == 0 and _num(value) is not None:
        return f"{_signed(_num(value), kpi.decimals)} {kpi.unit}"
    return fmt_change(kpi, delta)


def fmt_change(kpi: Kpi, delta: float | None) -> str:
    if delta is None:
        return ""
    if kpi.is_share:
        return f"{_signed(delta, 1)} pp"
    if kpi.better == "zero":
        return f"{_signed(delta, kpi.decimals)} {kpi.unit}"
    return f"{_signed(delta, 1 if abs(delta) < 10 else 0)} %"


def verdict(kpi: Kpi, value, reference) -> str:
    """'better', 'worse' or '' for the change of ``value`` against ``reference``."""
    v, r = _num(value), _num(reference)
    if v is None or r is None or not kpi.better or math.isclose(v, r, rel_tol=1e-9, abs_tol=1e-12):
        return ""
    if kpi.better == "lower":
        return "better" if v < r else "worse"
    if kpi.better == "higher":
        return "better" if v > r else "worse"
    if kpi.better == "zero":
        return "better" if abs(v) < abs(r) else ("worse" if abs(v) > abs(r) else "")
    return ""


BETTER_TEXT = {"lower": "lower is better", "higher": "higher is better", "zero": "closer to 0 is better", "": ""}


def table_kpis(runs: list[Run]) -> list[Kpi]:
    return [k for k in KPIS if any(_num(r.summary.get(k.key)) is not None for r in runs)]


def kpi_cells(runs: list[Run], kpi: Kpi) -> list[tuple[str, str, str]]:
    """Per run: (value text, change text, verdict); the reference's change is empty."""
    ref = runs[0].summary.get(kpi.key)
    cells = []
    for i, r in enumerate(runs):
        v = r.summary.get(kpi.key)
        if i == 0 or _num(v) is None:
            cells.append((fmt_value(kpi, v), "", ""))
        else:
            cells.append((fmt_value(kpi, v), diff_text(kpi, v, ref), verdict(kpi, v, ref)))
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
            row[k.key] = value if isinstance(value, int) and not isinstance(value, bool) else _num(value)
        rows.append(row)
    df = pd.DataFrame(rows)
    keep = [k.key for k in table_kpis(runs)]
    return df[["scenario", "run_folder", "mode", "backhaul", "days", "seed", *keep]]


def like_for_like_problems(runs: list[Run]) -> list[str]:
    """One sentence per setting on which the runs differ."""
    problems = []
    for key, what in LIKE_FOR_LIKE:
        values = [r.info(key) for r in runs]
        groups: dict[str, list[str]] = {}
        for r, v in zip(runs, values):
            groups.setdefault(_plain(v), []).append(r.label)
        if len(groups) > 1:
            parts = "; ".join(f"{v} for {', '.join(labels)}" for v, labels in groups.items())
            problems.append(f"The runs differ in {what}: {parts}.")
    return problems


def _plain(value) -> str:
    if value is None:
        return "not recorded"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and (os.sep in value) and ".." in value:
        return os.path.normpath(value)
    return str(value)


def compared_rows(runs: list[Run]) -> tuple[list[str], list[list[str]]]:
    header = ["", *[r.label for r in runs]]
    rows = [
        ["Description", *[r.description or "–" for r in runs]],
        ["Operating mode", *[_plain(r.summary.get("mode")) for r in runs]],
        ["Produce backhaul", *[_plain(r.summary.get("backhaul")) for r in runs]],
        ["Days simulated", *[_plain(r.summary.get("days")) for r in runs]],
        ["Start date", *[_plain(r.info("start_date")) for r in runs]],
        ["Random seed", *[_plain(r.summary.get("seed")) for r in runs]],
        ["County", *[_plain(r.summary.get("geography")) for r in runs]],
        ["Townships / villages", *[f"{_plain(r.summary.get('n_townships'))} / {_plain(r.summary.get('n_villages'))}"
                                   for r in runs]],
        ["Run folder", *[str(r.folder) for r in runs]],
    ]
    return header, rows


def headlines(runs: list[Run]) -> list[str]:
    """One sentence per non-reference scenario with the main changes."""
    keys = {"cost_per_parcel_yuan": "operator cost per parcel", "societal_cost_per_parcel_yuan":
            "societal cost per parcel", "lead_time_mean_h": "mean lead time", "village_coverage": "door coverage"}
    ref = runs[0]
    out = []
    for r in runs[1:]:
        parts = []
        for key, short in keys.items():
            k = KPI_BY_KEY[key]
            v = r.summary.get(key)
            if _num(v) is None:
                continue
            ch = diff_text(k, v, ref.summary.get(key))
            parts.append(f"{short} {fmt_value(k, v)}"
                         f"{f' {k.unit}' if not k.is_share else ''}{f' ({ch})' if ch else ''}")
        if parts:
            out.append(f"{r.label} vs {ref.label}: " + "; ".join(parts) + ".")
    return out


# -- charts ------------------------------------------------------------------------------

def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _colors(n: int) -> list:
    """tab10 for up to 10 scenarios; beyond, tab20's lighter shades (20 distinct colours)."""
    plt = _plt()
    if n <= 10:
        cmap = plt.get_cmap("tab10")
        return [cmap(i) for i in range(n)]
    cmap = plt.get_cmap("tab20")
    order = [*range(0, 20, 2), *range(1, 20, 2)]
    return [cmap(order[i % 20]) for i in range(n)]


def _save(fig, path: Path) -> Path:
    plt = _plt()
    fig.savefig(path, dpi=FIG_DPI, metadata={"Software": None})
    plt.close(fig)
    return path


LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)))


def _styles(n: int) -> list:
    return [LINESTYLES[i % len(LINESTYLES)] for i in range(n)]


LEGEND_COLS = 4


def _legend_space(n: int) -> float:
    """Inches at the top of a figure for a legend of ``n`` scenarios."""
    return 0.2 + 0.22 * math.ceil(n / LEGEND_COLS)


def _layout_with_legend(fig, runs: list[Run], colors, styles=None) -> None:
    """Tight layout leaving room at the top for one legend of all scenarios (patches, or lines with styles)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    fig.tight_layout(rect=(0, 0, 1, 1 - _legend_space(len(runs)) / fig.get_figheight()))
    if styles is None:
        handles = [Patch(color=c, label=r.label) for r, c in zip(runs, colors)]
    else:
        handles = [Line2D([], [], color=c, ls=ls, lw=1.8, label=r.label) for r, c, ls in zip(runs, colors, styles)]
    fig.legend(handles=handles, loc="upper center", ncol=min(len(runs), LEGEND_COLS), frameon=False,
               bbox_to_anchor=(0.5, 1.0), fontsize=9 if len(runs) > 4 else 10)




def chart_kpi_bars(runs: list[Run], folder: Path) -> tuple[Path | None, list[str]]:
    plt = _plt()
    notes = []
    keys = [k for k in CHART_KEYS if any(_num(r.summary.get(k)) is not None for r in runs)]
    absent = [k for k in OPTIONAL_CHART_KEYS if k not in keys]
    missing_main = [k for k in CHART_KEYS if k not in keys and k not in OPTIONAL_CHART_KEYS]
    if missing_main:
        notes.append("No value in any run for: " + ", ".join(KPI_BY_KEY[k].label for k in missing_main)
                     + " (chart left out).")
    if absent:
        notes.append("Not in these runs' summaries (policy KPIs of newer runs), so not charted: "
                     + ", ".join(KPI_BY_KEY[k].label for k in absent) + ".")
    if not keys:
        return None, notes + ["KPI bar charts skipped: no KPI values in the summaries."]
    colors = _colors(len(runs))
    ncols = 4 if len(runs) <= 6 else 3 if len(runs) <= 10 else 2
    nrows = math.ceil(len(keys) / ncols)
    many = len(runs) > 5
    fig, axes = plt.subplots(nrows, ncols, figsize=(12, 2.5 * nrows + _legend_space(len(runs))), squeeze=False)
    x = np.arange(len(runs))
    for ax, key in zip(axes.ravel(), keys):
        k = KPI_BY_KEY[key]
        scale = 100.0 if k.is_share else 1.0
        vals = [_num(r.summary.get(key)) for r in runs]
        heights = [v * scale if v is not None else 0.0 for v in vals]
        bars = ax.bar(x, heights, color=colors, width=0.7)
        for b, v in zip(bars, vals):
            if len(runs) > 20:
                break
            text = fmt_value(k, v).replace(" %", "%") if v is not None else "n/a"
            down = v is not None and v < 0
            ax.annotate(text, (b.get_x() + b.get_width() / 2, b.get_height()), xytext=(0, -2 if down else 2),
                        textcoords="offset points", ha="center", va="top" if down else "bottom",
                        fontsize=7 if many else 8, rotation=90 if many else 0)
        unit = "%" if k.is_share else k.unit
        ax.set_title(f"{k.label}\n({unit}, {BETTER_TEXT[k.better]})" if k.better else f"{k.label}\n({unit})",
                     fontsize=8.5)
        ax.set_xticks([])
        ax.margins(y=0.35 if many else 0.18)
        lo = min(heights + [0.0])
        if lo >= 0:
            ax.set_ylim(bottom=0)
        ax.axhline(0, color="0.5", lw=0.6)
        ax.grid(axis="y", alpha=0.3)
        ax.tick_params(labelsize=8)
    for ax in axes.ravel()[len(keys):]:
        ax.set_visible(False)
    _layout_with_legend(fig, runs, colors)
    return _save(fig, folder / "kpi_bars.png"), notes


def _read_csv(run: Run, name: str, columns: Sequence[str]) -> tuple[pd.DataFrame | None, str | None]:
    path = run.folder / name
    if not path.is_file():
        return None, f"{run.label}: no {name} in {run.folder}"
    try:
        df = pd.read_csv(path)
    except (OSError, ValueError, pd.errors.ParserError) as err:
        return None, f"{run.label}: {name} could not be read ({err})"
    missing = [c for c in columns if c not in df.columns]
    if missing:
        return None, f"{run.label}: {name} lacks column(s) {', '.join(missing)}"
    return df, None


def chart_lead_times(runs: list[Run], folder: Path) -> tuple[Path | None, list[str]]:
    plt = _plt()
    cols = ("lead_time_from_h", "lead_time_to_h", "parcels_door", "parcels_fetched")
    notes, data = [], []
    colors = _colors(len(runs))
    for r, c, ls in zip(runs, colors, _styles(len(runs))):
        df, problem = _read_csv(r, "lead_times.csv", cols)
        if problem:
            notes.append(problem + " (left out of the lead-time chart)")
            continue
        n = (df["parcels_door"] + df["parcels_fetched"]).to_numpy(float)
        if n.sum() <= 0:
            notes.append(f"{r.label}: no parcel delivered (left out of the lead-time chart)")
            continue
        data.append((r, c, ls, df["lead_time_from_h"].to_numpy(float), df["lead_time_to_h"].to_numpy(float), n))
    if not data:
        return None, notes + ["Lead-time distribution skipped: no run has a usable lead_times.csv."]
    finite_max = max(float(np.nanmax(np.where(np.isfinite(hi), hi, np.nan))) for *_, hi, _ in data)
    width = max(float(np.nanmedian(hi - lo)) for *_, lo, hi, _ in data if np.isfinite(hi - lo).any())
    open_x = finite_max + width          # where the open-ended last bin ("longer") is drawn
    last = 0.0                           # where every run has delivered 99.5 % of its parcels
    for *_, lo, hi, n in data:
        i = int(np.searchsorted(np.cumsum(n) / n.sum(), 0.995))
        last = max(last, open_x if not np.isfinite(hi[i]) else hi[i])
    xmax = min(open_x, last + 2 * width)
    shown = [d[0] for d in data]
    fig, (ax_c, ax_h) = plt.subplots(1, 2, figsize=(12, 4.0 + _legend_space(len(shown))))
    for r, c, ls, lo, hi, n in data:
        hi_plot = np.where(np.isfinite(hi), hi, open_x)
        share = n / n.sum()
        ax_c.step(np.concatenate([[0.0], hi_plot]), np.concatenate([[0.0], np.cumsum(share)]) * 100,
                  where="post", color=c, lw=1.8, ls=ls, label=r.label)
        ax_h.stairs(share * 100, np.concatenate([lo, [hi_plot[-1]]]), color=c, lw=1.5, ls=ls, fill=False,
                    label=r.label)
        ax_h.stairs(share * 100, np.concatenate([lo, [hi_plot[-1]]]), color=c, alpha=0.12, fill=True)
    ax_c.axhline(95, color="0.4", lw=0.8, ls="--")
    ax_c.text(xmax, 95, "95 % ", ha="right", va="bottom", fontsize=8, color="0.3")
    ax_c.set_title("Parcels delivered within … hours (cumulative share)", fontsize=10)
    ax_c.set_ylabel("% of delivered parcels")
    ax_c.set_ylim(0, 102)
    ax_h.set_title(f"Parcels by lead time ({width:g}-hour bins)", fontsize=10)
    ax_h.set_ylabel("% of delivered parcels")
    for ax in (ax_c, ax_h):
        ax.set_xlim(0, xmax)
        ax.set_xlabel("hours from arrival at the county hub to the villager")
        ax.grid(alpha=0.3)
    if xmax >= open_x - 1e-9:
        notes.append(f"Parcels taking longer than {finite_max:g} h are drawn at {open_x:g} h.")
    else:
        notes.append(f"The charts stop at {xmax:g} h, when every scenario has delivered 99.5 % of its parcels; "
                     "the cumulative curves reach 100 % further right.")
    _layout_with_legend(fig, shown, [d[1] for d in data], [d[2] for d in data])
    return _save(fig, folder / "lead_times.png"), notes


def _read_daily(run: Run) -> tuple[pd.DataFrame | None, str | None]:
    pq, csv = run.folder / "daily_kpis.parquet", run.folder / "daily_kpis.csv"
    try:
        if pq.is_file():
            return pd.read_parquet(pq), None
        if csv.is_file():
            return pd.read_csv(csv), None
    except (OSError, ValueError, ImportError) as err:
        return None, f"{run.label}: daily KPIs could not be read ({err})"
    return None, f"{run.label}: no daily_kpis.parquet in {run.folder}"


def chart_daily(runs: list[Run], folder: Path) -> tuple[Path | None, list[str]]:
    plt = _plt()
    notes, data = [], []
    colors = _colors(len(runs))
    for r, c, ls in zip(runs, colors, _styles(len(runs))):
        df, problem = _read_daily(r)
        if problem:
            notes.append(problem + " (left out of the daily charts)")
            continue
        data.append((r, (c, ls), df))
    if not data:
        return None, notes + ["Daily time series skipped: no run has a daily KPI table."]
    series = [(col, title, share) for col, title, share in DAILY_SERIES if any(col in df for _, _, df in data)]
    for col, title, _ in DAILY_SERIES:
        if (col, title, _) not in series:
            notes.append(f"Daily '{col}' is in no run's table (chart left out).")
    if not series:
        return None, notes
    use_dates = all("date" in df for _, _, df in data)
    fig, axes = plt.subplots(len(series), 1, figsize=(12, 2.6 * len(series) + 0.3 + _legend_space(len(data))),
                             sharex=True, squeeze=False)
    for ax, (col, title, share) in zip(axes[:, 0], series):
        for r, c, df in data:
            if col not in df:
                continue
            x = pd.to_datetime(df["date"]) if use_dates else df["day"]
            y = df[col] * (100 if share else 1)
            ax.plot(x, y, color=c[0], ls=c[1], lw=1.5, label=r.label, marker="." if len(df) <= 31 else None)
        ax.set_title(title + (" (%)" if share else ""), fontsize=10)
        ax.grid(alpha=0.3)
    axes[-1, 0].set_xlabel("date" if use_dates else "day")
    axes[-1, 0].tick_params(axis="x", labelrotation=30)
    if not use_dates:
        notes.append("Some runs have no 'date' column; the daily charts use the day number.")
    _layout_with_legend(fig, [d[0] for d in data], [d[1][0] for d in data], [d[1][1] for d in data])
    return _save(fig, folder / "daily.png"), notes


def _weighted(values: pd.Series, weights: pd.Series) -> float:
    ok = values.notna() & (weights > 0)
    return float((values[ok] * weights[ok]).sum() / weights[ok].sum()) if ok.any() else float("nan")


def equity_table(runs: list[Run]) -> tuple[pd.DataFrame | None, list[str]]:
    """Parcel-weighted mean lead time (and door share) by quartile of road km from the hub, per run."""
    notes, rows = [], []
    for r in runs:
        df, problem = _read_csv(r, "villages.csv", ("hub_road_km", "lead_time_mean_h", "parcels_delivered"))
        if problem:
            notes.append(problem + " (left out of the equity chart)")
            continue
        df = df[df["hub_road_km"].notna()]
        if df["hub_road_km"].nunique() < 4:
            notes.append(f"{r.label}: fewer than 4 distinct village distances (left out of the equity chart)")
            continue
        q = pd.qcut(df["hub_road_km"], 4, labels=False, duplicates="drop")
        for quart, part in df.groupby(q):
            w = part["parcels_delivered"].astype(float)
            rows.append({
                "scenario": r.label, "quartile": int(quart) + 1,
                "km_from": float(part["hub_road_km"].min()), "km_to": float(part["hub_road_km"].max()),
                "villages": len(part),
                "lead_time_mean_h": _weighted(part["lead_time_mean_h"], w),
                "door_share": _weighted(part["door_share"], w) if "door_share" in part else float("nan"),
            })
    if not rows:
        return None, notes
    return pd.DataFrame(rows), notes


def chart_equity(runs: list[Run], folder: Path) -> tuple[Path | None, list[str]]:
    plt = _plt()
    table, notes = equity_table(runs)
    if table is None:
        return None, notes + ["Equity chart skipped: no run has a usable villages.csv."]
    colors = dict(zip([r.label for r in runs], _colors(len(runs))))
    present = [r.label for r in runs if r.label in set(table["scenario"])]
    has_door = table["door_share"].notna().any()
    fig, axes = plt.subplots(1, 2 if has_door else 1, figsize=(12 if has_door else 7, 4.0 + _legend_space(len(present))),
                             squeeze=False)
    ref = table[table["scenario"] == present[0]].set_index("quartile")
    same_county = len({json.dumps(r.info("geography"), default=str) for r in runs}) == 1
    names = {1: "nearest", 4: "farthest"}
    ticks = []
    for q in range(1, 5):
        tick = f"Q{q}" + (f" {names[q]}" if q in names else "")
        if same_county and q in ref.index:
            tick += f"\n{ref.loc[q, 'km_from']:.0f}–{ref.loc[q, 'km_to']:.0f} km"
        ticks.append(tick)
    n = len(present)
    width = 0.8 / n
    panels = [("lead_time_mean_h", "Mean lead time by distance from the hub (h)", 1.0, "{:.1f}")]
    if has_door:
        panels.append(("door_share", "Parcels delivered to the door, by distance (%)", 100.0, "{:.0f}"))
    for ax, (col, title, scale, fmt) in zip(axes[0], panels):
        for i, label in enumerate(present):
            part = table[table["scenario"] == label].set_index("quartile").reindex(range(1, 5))
            xs = np.arange(4) + (i - (n - 1) / 2) * width
            vals = part[col].to_numpy(float) * scale
            bars = ax.bar(xs, np.nan_to_num(vals), width=width * 0.95, color=colors[label], label=label)
            if n <= 4:
                for b, v in zip(bars, vals):
                    if np.isfinite(v):
                        ax.annotate(fmt.format(v), (b.get_x() + b.get_width() / 2, b.get_height()), xytext=(0, 1),
                                    textcoords="offset points", ha="center", va="bottom", fontsize=7)
        ax.set_xticks(np.arange(4), ticks, fontsize=8)
        ax.set_title(title, fontsize=10)
        ax.margins(y=0.15)
        ax.grid(axis="y", alpha=0.3)
    if not same_county:
        notes.append("The runs are on different counties, so each run's quartiles have their own km ranges.")
    _layout_with_legend(fig, [r for r in runs if r.label in present], [colors[p] for p in present])
    return _save(fig, folder / "equity.png"), notes


# -- report ------------------------------------------------------------------------------

CSS = """
body{font-family:"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
main{max-width:1180px;margin:0 auto;padding:24px 28px 48px;background:#fff}
h1{font-size:26px;margin:0 0 4px} h2{font-size:19px;margin:32px 0 8px;border-bottom:2px solid #e3e6ea;padding-bottom:4px}
.sub{color:#5b6472;margin:0 0 16px}
table{border-collapse:collapse;width:100%;font-size:13.5px;margin:8px 0}
th,td{border:1px solid #dfe3e8;padding:5px 8px;vertical-align:top}
thead th{background:#eef1f5;text-align:left}
tbody th{text-align:left;background:#f6f7f9;font-weight:600;white-space:nowrap}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.k{white-space:normal;min-width:210px} td.k small{color:#6b7380}
table.kpi td.num{width:1%}
tr:nth-child(even) td{background:#fafbfc}
.better{color:#17803d;font-weight:600} .worse{color:#b42318;font-weight:600} .same{color:#6b7380}
.ref{font-weight:600;color:#5b6472;font-size:12px}
.warn{border:1px solid #e5a50a;background:#fff7e0;padding:10px 14px;border-radius:6px;margin:12px 0}
.warn strong{color:#8a5a00}
.note{color:#5b6472;font-size:13px;background:#f6f7f9;border-left:3px solid #c3c9d1;padding:6px 10px;margin:6px 0}
img{max-width:100%;height:auto;display:block;margin:8px 0}
ul{margin:6px 0 6px 20px;padding:0} li{margin:3px 0}
footer{color:#6b7380;font-size:12.5px;margin-top:30px}
"""

HOW_TO_READ = ("The first scenario ({ref}) is the reference. Each other scenario's value is followed by its change "
               "against the reference: in % of the reference value; in percentage points (pp) for KPIs that "
               "are shares; as a difference in hours or yuan for the far-vs-near gaps. Green means better, red "
               "worse, judged by the direction given under each KPI.")

CHART_TEXT = {
    "kpi_bars": ("Main KPIs", "One panel per KPI; the bars are the scenarios, labelled with their values."),
    "lead_times": ("Lead-time distribution",
                   ("How long parcels take from arrival at the county hub until the villager has them "
                    "(door drop, or home after fetching it from an outlet). Left: share of parcels delivered "
                    "within so many hours; a curve further left and steeper is faster. Right: the same as a "
                    "histogram.")),
    "daily": ("Day by day", ("Daily values over the run: operator cost per parcel, door coverage of villages, "
                             "and parcels waiting at the hub, stations and outlets at the end of each day.")),
    "equity": ("Far and near villages",
               ("Villages split into four equal groups by road distance from the county hub (Q1 nearest, "
                "Q4 farthest); mean lead time of the parcels delivered there, and the share delivered to the "
                "door. Similar bars across the groups mean remote villages are served as well as near ones.")),
}


def build_report(run_dirs: Sequence[Path], out_dir: Path, title: str | None = None) -> Path:
    """Write report.html, report.md (+ report_files/*.png) and kpis.csv into ``out_dir``; returns report.html.

    The first run folder is the reference. Raises FileNotFoundError naming a folder
    without summary.json, ValueError when no folder is given.
    """
    if not run_dirs:
        raise ValueError("no run folder to report on")
    runs = load_runs(run_dirs)
    out_dir = Path(out_dir)
    files = out_dir / FILES_DIR
    files.mkdir(parents=True, exist_ok=True)
    for old in files.glob("*.png"):
        old.unlink()
    if not title:
        title = ("Scenario comparison: " + " vs ".join(r.label for r in runs) if len(runs) <= 4 else
                 f"Scenario comparison: {len(runs)} scenarios against {runs[0].label}")

    kpi_frame(runs).to_csv(out_dir / "kpis.csv", index=False)
    charts = []
    for key, fn in (("kpi_bars", chart_kpi_bars), ("lead_times", chart_lead_times), ("daily", chart_daily),
                    ("equity", chart_equity)):
        path, notes = fn(runs, files)
        charts.append((key, path, notes))
    general_notes = [n for r in runs for n in r.notes]

    (out_dir / "report.md").write_text(_markdown(runs, title, charts, general_notes), encoding="utf-8")
    html_path = out_dir / "report.html"
    html_path.write_text(_html(runs, title, charts, general_notes), encoding="utf-8")
    return html_path


HTML_MAX_COLUMNS = 5     # scenarios per HTML table; more are split into several tables


def _chunks(n: int, with_reference: bool = True) -> list[list[int]]:
    """Run indices per HTML table: all when they fit, else groups (each led by the reference, index 0)."""
    if n <= HTML_MAX_COLUMNS + 1:
        return [list(range(n))]
    if not with_reference:
        return [list(range(i, min(i + HTML_MAX_COLUMNS, n))) for i in range(0, n, HTML_MAX_COLUMNS)]
    step = HTML_MAX_COLUMNS - 1
    return [[0, *range(i, min(i + step, n))] for i in range(1, n, step)]


def _kpi_rows(runs: list[Run]):
    for k in table_kpis(runs):
        yield k, kpi_cells(runs, k)


def _html(runs: list[Run], title: str, charts, general_notes: list[str]) -> str:
    e = html.escape
    ref = runs[0]
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{e(title)}</title><style>{CSS}</style></head><body><main>",
           f"<h1>{e(title)}</h1>",
           (f'<p class="sub">{len(runs)} run{"s" if len(runs) != 1 else ""} compared; reference: '
            f"<strong>{e(ref.label)}</strong>.</p>")]
    problems = like_for_like_problems(runs)
    if problems:
        out.append('<div class="warn"><strong>Not a like-for-like comparison.</strong> '
                   + " ".join(e(p) for p in problems)
                   + " Differences in the KPIs below mix the policy effect with these differences; "
                     "rerun with the same seed, days and county to isolate the policy.</div>")
    lines = headlines(runs)
    if lines:
        out.append("<h2>At a glance</h2><ul>" + "".join(f"<li>{e(t)}</li>" for t in lines) + "</ul>")
    header, rows = compared_rows(runs)
    out.append("<h2>What was compared</h2>")
    for part in _chunks(len(runs), with_reference=False):
        out.append("<table><thead><tr><th></th>"
                   + "".join(f"<th>{e(header[i + 1])}</th>" for i in part) + "</tr></thead><tbody>")
        for row in rows:
            out.append("<tr>" + f"<th>{e(row[0])}</th>" + "".join(f"<td>{e(row[i + 1])}</td>" for i in part)
                       + "</tr>")
        out.append("</tbody></table>")
    for n in general_notes:
        out.append(f'<p class="note">{e(n)}</p>')

    out.append("<h2>Key performance indicators</h2>")
    out.append(f"<p>{e(HOW_TO_READ.format(ref=ref.label))}</p>")
    rows = list(_kpi_rows(runs))
    chunks = _chunks(len(runs))
    for part in chunks:
        if len(chunks) > 1:
            out.append(f'<p class="sub">Scenarios {part[1] + 1}–{part[-1] + 1} of {len(runs)}, '
                       f"beside the reference:</p>")
        out.append('<table class="kpi"><thead><tr><th>KPI</th>'
                   + "".join(f"<th>{e(runs[i].label)}{' <span class=ref>(reference)</span>' if i == 0 else ''}</th>"
                             for i in part)
                   + "</tr></thead><tbody>")
        for k, cells in rows:
            unit = "%" if k.is_share else k.unit
            hint = f"{unit}{'; ' + BETTER_TEXT[k.better] if k.better else ''}"
            tds = []
            for value, ch, verdict_ in (cells[i] for i in part):
                cls = verdict_ or ("same" if ch else "")
                tds.append(f'<td class="num">{e(value)}' + (f' <span class="{cls}">({e(ch)})</span>' if ch else "")
                           + "</td>")
            out.append(f'<tr><td class="k">{e(k.label)}<br><small>{e(hint)}</small></td>{"".join(tds)}</tr>')
        out.append("</tbody></table>")
    out.append("<p class=\"note\">The same table, with raw values, is in <code>kpis.csv</code> next to this file.</p>")

    for key, path, notes in charts:
        heading, text = CHART_TEXT[key]
        out.append(f"<h2>{e(heading)}</h2>")
        if path is not None:
            out.append(f"<p>{e(text)}</p>")
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            out.append(f'<img alt="{e(heading)}" src="data:image/png;base64,{data}">')
        for n in notes:
            out.append(f'<p class="note">{e(n)}</p>')
    out.append("<footer>Made by <code>python -m sim compare … --out</code> or <code>python -m sim run-all</code> "
               "from the run folders listed above. "
               "KPI definitions: <code>sim/kpis.py</code>.</footer>")
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"


def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(_md_cell(h) for h in header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return lines


def _markdown(runs: list[Run], title: str, charts, general_notes: list[str]) -> str:
    ref = runs[0]
    out = [f"# {title}", "", f"{len(runs)} run{'s' if len(runs) != 1 else ''} compared; reference: **{ref.label}**.", ""]
    problems = like_for_like_problems(runs)
    if problems:
        out += ["> **Warning: not a like-for-like comparison.** " + " ".join(problems)
                + " Differences in the KPIs below mix the policy effect with these differences; "
                  "rerun with the same seed, days and county to isolate the policy.", ""]
    lines = headlines(runs)
    if lines:
        out += ["## At a glance", "", *[f"- {t}" for t in lines], ""]
    header, rows = compared_rows(runs)
    out += ["## What was compared", "", *_md_table(header, rows), ""]
    out += [f"_Note: {n}_" for n in general_notes] + ([""] if general_notes else [])
    out += ["## Key performance indicators", "", HOW_TO_READ.format(ref=ref.label), ""]
    krows = []
    for k, cells in _kpi_rows(runs):
        unit = "%" if k.is_share else k.unit
        hint = f"{unit}{'; ' + BETTER_TEXT[k.better] if k.better else ''}"
        krows.append([f"{k.label} ({hint})", *[f"{v} ({ch})" if ch else v for v, ch, _ in cells]])
    out += _md_table(["KPI", *[r.label + (" (reference)" if i == 0 else "") for i, r in enumerate(runs)]], krows)
    out += ["", "The same table, with raw values: `kpis.csv`.", ""]
    for key, path, notes in charts:
        heading, text = CHART_TEXT[key]
        out += [f"## {heading}", ""]
        if path is not None:
            out += [text, "", f"![{heading}]({FILES_DIR}/{path.name})", ""]
        out += [f"_Note: {n}_" for n in notes] + ([""] if notes else [])
    return "\n".join(out)
