"""The runs whose outputs are kept in tests/golden/ as a regression reference.

For each run, ``tests/golden/<run>/`` holds, as text so that diffs are readable:

    daily.csv        the daily KPI table
    summary.json     the run summary (without wall-clock timings)
    villages.csv     the per-village table
    lead_times.csv   the lead-time histogram

Optimisations and moves of code must leave them identical bit for bit (floats are
written with Python's shortest round-trip repr and read back exactly). After a deliberate
change of the model's behaviour, regenerate them with

    ./dev python tests/golden_runs.py

and say in the commit message why the numbers moved.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from sim.config import load_config
from sim.model.model import RuralLogisticsModel

GOLDEN = Path(__file__).resolve().parent / "golden"
RUNS = {
    "joint_backhaul_20d": {"operations.mode": "joint", "operations.backhaul": True},
    "separate_20d": {"operations.mode": "separate"},
    "levers_20d": {"operations.mode": "joint", "operations.delivery_interval_days": 2,
                   "policies.bus.enabled": True, "policies.drones.enabled": True,
                   "policies.crowdsourcing.enabled": True, "policies.cold_chain.enabled": True,
                   "operations.service_point_share": 0.8},
    "upstream_levers_20d": {"scenario.start_date": "2025-08-01", "operations.mode": "joint",
                            "operations.backhaul": True, "policies.forward_warehouse.enabled": True,
                            "policies.public_warehouse.enabled": True, "policies.lockers.enabled": True,
                            "operations.service_point_share": 0.7, "policies.returnable_crates.enabled": True},
    "carpool_20d": {"operations.mode": "separate", "policies.carpooling.enabled": True,
                    "policies.lockers.enabled": True, "policies.lockers.at": "townships"},
}
DAYS = 20
SEED = 7
SMALL = {"geography.n_townships": 5, "geography.villages_per_township": 10, "scenario.start_date": "2025-08-20"}
TABLES = ("daily", "villages", "lead_times")
# Summary keys that measure the machine, not the model.
_TIMING_KEYS = ("wall_time_s", "routing_time_share")


def outputs(name: str) -> dict:
    """Run one golden scenario; returns its tables (DataFrames) and summary (plain dict)."""
    scenario = load_config(None, {**SMALL, **RUNS[name]})
    model = RuralLogisticsModel(scenario, rng=SEED)
    daily = model.run_days(DAYS)
    summary = {k: _plain(v) for k, v in model.summary().items()
               if not (k.startswith("time_") or k in _TIMING_KEYS)}
    return {"daily": daily, "villages": model.village_kpis(), "lead_times": model.lead_time_histogram(),
            "summary": summary}


def _plain(value):
    """JSON-ready value: NumPy scalars as Python ones, NaN and infinities as null."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def read_reference(name: str) -> dict:
    """The kept outputs of one golden run, read back exactly."""
    folder = GOLDEN / name
    out: dict = {t: pd.read_csv(folder / f"{t}.csv") for t in TABLES}
    out["summary"] = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    return out


def as_written(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` as it reads back from CSV (column types as CSV gives them)."""
    from io import StringIO

    return pd.read_csv(StringIO(table.to_csv(index=False)))


def write_reference(name: str) -> Path:
    folder = GOLDEN / name
    folder.mkdir(parents=True, exist_ok=True)
    out = outputs(name)
    for t in TABLES:
        out[t].to_csv(folder / f"{t}.csv", index=False)
    (folder / "summary.json").write_text(json.dumps(out["summary"], indent=1, ensure_ascii=False) + "\n",
                                         encoding="utf-8")
    return folder


if __name__ == "__main__":
    for run in RUNS:
        print("wrote", write_reference(run))
