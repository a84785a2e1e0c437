"""The runs whose daily KPI tables are kept in tests/golden/ as a regression reference.

Optimisations must leave these tables identical bit for bit. After a deliberate change
of the model's behaviour, regenerate them with

    ./dev python tests/golden_runs.py

and say in the commit message why the numbers moved.
"""

from __future__ import annotations

from pathlib import Path

from sim.config import load_scenario
from sim.model import RuralLogisticsModel

GOLDEN = Path(__file__).resolve().parent / "golden"
RUNS = {
    "joint_backhaul_20d": {"operations.mode": "joint", "operations.backhaul": True},
    "separate_20d": {"operations.mode": "separate"},
    "levers_20d": {"operations.mode": "joint", "operations.delivery_interval_days": 2,
                   "policies.bus.enabled": True, "policies.drones.enabled": True,
                   "policies.crowdsourcing.enabled": True, "policies.cold_chain.enabled": True,
                   "operations.service_point_share": 0.8},
}
DAYS = 20
SEED = 7
SMALL = {"geography.n_townships": 5, "geography.villages_per_township": 10, "scenario.start_date": "2025-08-20"}


def daily_table(name: str):
    """Run one golden scenario; returns its daily KPI DataFrame."""
    scenario = load_scenario(None, **SMALL, **RUNS[name])
    return RuralLogisticsModel(scenario, seed=SEED).run_days(DAYS)


if __name__ == "__main__":
    GOLDEN.mkdir(exist_ok=True)
    for name in RUNS:
        daily_table(name).to_parquet(GOLDEN / f"{name}.parquet", index=False)
        print("wrote", GOLDEN / f"{name}.parquet")
