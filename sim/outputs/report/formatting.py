"""What the report says about a KPI: its label and unit, values and changes as text, verdicts."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from sim.outputs.report.runs import Run, number


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


def diff_text(kpi: Kpi, value, reference) -> str:
    """The change as text; from a reference of 0 (no % change), the difference in the KPI's unit."""
    delta = change(kpi, value, reference)
    if delta is None and number(reference) == 0 and number(value) is not None:
        return f"{_signed(number(value), kpi.decimals)} {kpi.unit}"
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


BETTER_TEXT = {"lower": "lower is better", "higher": "higher is better", "zero": "closer to 0 is better", "": ""}


def table_kpis(runs: list[Run]) -> list[Kpi]:
    return [k for k in KPIS if any(number(r.summary.get(k.key)) is not None for r in runs)]


def kpi_cells(runs: list[Run], kpi: Kpi) -> list[tuple[str, str, str]]:
    """Per run: (value text, change text, verdict); the reference's change is empty."""
    ref = runs[0].summary.get(kpi.key)
    cells = []
    for i, r in enumerate(runs):
        v = r.summary.get(kpi.key)
        if i == 0 or number(v) is None:
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
            row[k.key] = value if isinstance(value, int) and not isinstance(value, bool) else number(value)
        rows.append(row)
    df = pd.DataFrame(rows)
    keep = [k.key for k in table_kpis(runs)]
    return df[["scenario", "run_folder", "mode", "backhaul", "days", "seed", *keep]]



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
            if number(v) is None:
                continue
            ch = diff_text(k, v, ref.summary.get(key))
            parts.append(f"{short} {fmt_value(k, v)}"
                         f"{f' {k.unit}' if not k.is_share else ''}{f' ({ch})' if ch else ''}")
        if parts:
            out.append(f"{r.label} vs {ref.label}: " + "; ".join(parts) + ".")
    return out


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


def kpi_rows(runs: list[Run]):
    """Per KPI in the table: the KPI and its cells (see :func:`kpi_cells`)."""
    for k in table_kpis(runs):
        yield k, kpi_cells(runs, k)
