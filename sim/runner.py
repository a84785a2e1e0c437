"""Run a scenario end to end: build the model, simulate the scenario's days, write the run folder."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sim.config import ScenarioConfig
from sim.model.model import RuralLogisticsModel
from sim.outputs.run_folder import write_run


def run_scenario(config: ScenarioConfig, out: str | Path, progress: bool = False) -> dict:
    """Run ``config`` for its ``[scenario] days`` and write the results folder ``out``.

    Returns the run summary (keys: :mod:`sim.kpis.registry`, plus ``wall_time_s``, the
    model's build-and-run seconds). Geography warnings are printed to stderr as
    ``note: …`` lines. A module-level function of picklable arguments, so process pools
    (``run-all``) can call it.
    """
    started = time.perf_counter()
    model = RuralLogisticsModel(config)
    daily = model.run_days(config.scenario.days, progress=progress)
    summary = model.summary()
    summary["wall_time_s"] = time.perf_counter() - started
    tables = {"villages": model.village_kpis(), "lead_times": model.lead_time_histogram()}
    write_run(Path(out), config, daily, summary, tables)
    for warning in model.geography.warnings:
        print(f"note: {warning}", file=sys.stderr, flush=True)
    return summary
