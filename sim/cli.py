"""Command line: ``python -m sim run|compare``.

    python -m sim run [SCENARIO.toml] [--days N] [--seed S] [--out DIR]
    python -m sim compare RUN_DIR [RUN_DIR …]

Bad input (a scenario or data file) prints one line naming the file, the key and what
was expected, and exits with code 2.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sim.config import ScenarioError, load_scenario
from sim.geography import GeographyError
from sim.results import read_summary, run_folder_name, write_run

EXIT_BAD_INPUT = 2
COMPARE_KEYS = (
    "mode", "backhaul", "days", "seed", "parcels_created", "parcels_delivered", "parcels_waiting",
    "cost_per_parcel_yuan", "societal_cost_per_parcel_yuan", "lead_time_mean_h", "lead_time_p95_h",
    "village_coverage", "load_factor_down", "load_factor_up", "empty_km_share", "spoilage_share",
    "co2_kg_per_parcel", "villager_pickup_km", "vehicle_km",
)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m sim", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run one scenario and write a results folder")
    run.add_argument("scenario", nargs="?", help="scenario TOML file (default: built-in joint distribution)")
    run.add_argument("--days", type=int, help="days to simulate (overrides the scenario)")
    run.add_argument("--seed", type=int, help="random seed (overrides the scenario)")
    run.add_argument("--out", type=Path, help="results folder (default: results/<scenario>-seed<S>-<days>d)")
    run.add_argument("--no-progress", action="store_true", help="no progress bar")
    cmp_ = sub.add_parser("compare", help="side-by-side summary of run folders")
    cmp_.add_argument("runs", nargs="+", type=Path, help="run folders written by 'run'")
    return p


def cmd_run(args: argparse.Namespace) -> int:
    from sim.model import RuralLogisticsModel

    overrides = {}
    if args.days is not None:
        if args.days < 1:
            raise ScenarioError(f"--days: expected a whole number ≥ 1, got {args.days}")
        overrides["scenario.days"] = args.days
    if args.seed is not None:
        if args.seed < 0:
            raise ScenarioError(f"--seed: expected a whole number ≥ 0, got {args.seed}")
        overrides["scenario.seed"] = args.seed
    scenario = load_scenario(args.scenario, **overrides)
    out = args.out or Path("results") / run_folder_name(scenario)
    started = time.perf_counter()
    model = RuralLogisticsModel(scenario)
    daily = model.run_days(scenario.scenario.days, progress=not args.no_progress)
    summary = model.summary()
    summary["wall_time_s"] = time.perf_counter() - started
    tables = {"villages": model.village_kpis(), "lead_times": model.lead_time_histogram()}
    folder = write_run(out, scenario, daily, summary, tables)
    for warning in model.geography.warnings:
        print(f"note: {warning}", file=sys.stderr)
    print(f"wrote {folder}")
    print(_table([folder.name], [summary]))
    return 0


def _fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _table(names: list[str], summaries: list[dict]) -> str:
    width = max(len(k) for k in COMPARE_KEYS)
    cols = [max(12, len(n)) for n in names]
    lines = [" " * width + "  " + "  ".join(n.rjust(c) for n, c in zip(names, cols))]
    for key in COMPARE_KEYS:
        cells = [_fmt(s.get(key)).rjust(c) for s, c in zip(summaries, cols)]
        lines.append(key.ljust(width) + "  " + "  ".join(cells))
    return "\n".join(lines)


def cmd_compare(args: argparse.Namespace) -> int:
    summaries = [read_summary(d) for d in args.runs]
    print(_table([d.name for d in args.runs], summaries))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "run":
            return cmd_run(args)
        return cmd_compare(args)
    except (ScenarioError, GeographyError, FileNotFoundError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
