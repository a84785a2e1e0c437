"""Run a scenario end to end: build the model, simulate the scenario's days, write the run folder."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sim.config import ScenarioConfig
from sim.model.model import RuralLogisticsModel
from sim.outputs.folders import Staging
from sim.outputs.maps import facility_frame, road_frame
from sim.outputs.run_folder import write_run_files


def run_scenario(config: ScenarioConfig, out: str | Path, progress: bool = False, lang: str = "en") -> dict:
    """Run ``config`` for its ``[scenario] days`` and write the results folder ``out``.

    Returns the run summary (keys: :mod:`sim.kpis.registry`, plus ``wall_time_s``, the
    model's build-and-run seconds). Plots are labelled in ``lang`` ("en" or "zh"). Geography warnings are printed to stderr as
    ``note: …`` lines. A module-level function of picklable arguments, so process pools
    (``run-all``) can call it.

    The partial folder beside ``out`` is made before the model is built, so a place that
    cannot be written (or a file, or a folder this tool did not write, at ``out``) stops
    with :class:`sim.outputs.folders.OutputError` before any simulation. A failed or
    interrupted run removes its partial folder and leaves an earlier ``out`` untouched.
    """
    with Staging(Path(out), "run") as stage:
        started = time.perf_counter()
        model = RuralLogisticsModel(config)
        daily = model.run_days(config.scenario.days, progress=progress)
        summary = model.summary()
        summary["wall_time_s"] = time.perf_counter() - started
        tables = {"villages": model.village_kpis(), "lead_times": model.lead_time_histogram(),
                  "facilities": facility_frame(model.geography), "roads": road_frame(model.geography)}
        stage.write(write_run_files, config, daily, summary, tables, lang)
        stage.commit()
    for warning in model.geography.warnings:
        print(f"note: {warning}", file=sys.stderr, flush=True)
    return summary
