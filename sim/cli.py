"""Command line: ``python -m sim run|compare|run-all``.

    python -m sim run [SCENARIO.toml] [--days N] [--seed S] [--out DIR]
    python -m sim compare RUN_DIR [RUN_DIR …] [--out REPORT_DIR] [--title TEXT]
    python -m sim run-all [SCENARIO_DIR_OR_FILE …] [--out RESULTS_DIR] [--days N] [--seed S]
                          [--jobs J] [--report/--no-report] [--title TEXT]

``compare --out`` also writes the comparison report (``report.html``, ``report.md``,
``kpis.csv``; see :mod:`sim.report`). ``run-all`` runs every ``*.toml`` of the given
folders (default ``scenarios/``) with the same days and seed, in parallel, each into
``RESULTS_DIR/<scenario name>/``, then writes the report into ``RESULTS_DIR/report/``.

Bad input (a scenario or data file) prints one line naming the file, the key and what
was expected, and exits with code 2; ``run-all`` first finishes the other scenarios.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import multiprocessing
import os
import sys
import time
import traceback
from pathlib import Path

from sim.config import ScenarioError, load_config
from sim.geography import GeographyError
from sim.kpis import registry
from sim.outputs.run_folder import read_summary, run_folder_name

EXIT_BAD_INPUT = 2
# The terminal table of run / compare: the registry's headline KPIs.
COMPARE_KEYS = tuple(k.key for k in registry.HEADLINE)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m sim", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run one scenario and write a results folder")
    run.add_argument("scenario", nargs="?", help="scenario TOML file (default: built-in joint distribution)")
    run.add_argument("--days", type=int, help="days to simulate (overrides the scenario)")
    run.add_argument("--seed", type=int, help="random seed (overrides the scenario)")
    run.add_argument("--out", type=Path, help="results folder (default: results/<scenario>-seed<S>-<days>d)")
    run.add_argument("--no-progress", action="store_true", help="no progress bar")
    cmp_ = sub.add_parser("compare", help="side-by-side summary of run folders (and a report with --out)")
    cmp_.add_argument("runs", nargs="+", type=Path, help="run folders written by 'run'; the first is the reference")
    cmp_.add_argument("--out", type=Path, help="also write the comparison report (HTML, Markdown, CSV) here")
    cmp_.add_argument("--title", help="report title (default: the scenario names)")
    all_ = sub.add_parser("run-all", help="run every scenario of a folder with the same days and seed, then report")
    all_.add_argument("scenarios", nargs="*", type=Path,
                      help="scenario folders (every *.toml in them) or .toml files (default: scenarios/)")
    all_.add_argument("--out", type=Path, help="results folder (default: results/run-all-seed<S>-<days>d)")
    all_.add_argument("--days", type=int, help="days to simulate, for every scenario")
    all_.add_argument("--seed", type=int, help="random seed, for every scenario")
    all_.add_argument("--jobs", type=int, help="scenarios run in parallel (default: number of CPUs; 1 = in this process)")
    all_.add_argument("--report", action=argparse.BooleanOptionalAction, default=True,
                      help="write the comparison report into RESULTS_DIR/report/ (default: yes)")
    all_.add_argument("--title", help="report title")
    return p


def _overrides(args: argparse.Namespace) -> dict:
    overrides = {}
    if args.days is not None:
        if args.days < 1:
            raise ScenarioError(f"--days: expected a whole number ≥ 1, got {args.days}")
        overrides["scenario.days"] = args.days
    if args.seed is not None:
        if args.seed < 0:
            raise ScenarioError(f"--seed: expected a whole number ≥ 0, got {args.seed}")
        overrides["scenario.seed"] = args.seed
    return overrides


def cmd_run(args: argparse.Namespace) -> int:
    from sim.runner import run_scenario   # imports the model (Mesa, solvers): only when running

    scenario = load_config(args.scenario, _overrides(args))
    out = args.out or Path("results") / run_folder_name(scenario)
    summary = run_scenario(scenario, out, progress=not args.no_progress)
    print(f"wrote {out}")
    print(_table([out.name], [summary]))
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
    if args.out is not None:
        from sim.outputs.report import build_report

        print(f"wrote report {build_report(args.runs, args.out, title=args.title)}")
    return 0


# -- run-all -------------------------------------------------------------------------------

EXIT_FAILED = 1
BAD_INPUT_ERRORS = (ScenarioError, GeographyError, FileNotFoundError)


def _scenario_files(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """The .toml files of the given folders (sorted) and files (as given); and one error line per bad path."""
    files, errors = [], []
    for p in paths:
        if p.is_dir():
            found = sorted(p.glob("*.toml"))
            if not found:
                errors.append(f"{p}: no *.toml scenario file in this folder")
            files += found
        elif p.is_file():
            files.append(p)
        else:
            errors.append(f"{p}: no such scenario file or folder")
    unique = list(dict.fromkeys(f.resolve() for f in files))
    return [next(f for f in files if f.resolve() == u) for u in unique], errors


def _one_line(path: Path, err: BaseException) -> str:
    msg = " ".join(str(err).split()) or type(err).__name__
    return msg if str(path) in msg else f"{path}: {msg}"


def _run_one(path: str, scenario, out: str) -> tuple[str, float, str]:
    """Process-pool task: ("ok" | "bad" | "failed", wall seconds, error text)."""
    from sim.runner import run_scenario

    started = time.perf_counter()
    try:
        run_scenario(scenario, Path(out))
    except BAD_INPUT_ERRORS as err:
        return "bad", time.perf_counter() - started, _one_line(Path(path), err)
    except Exception as err:  # noqa: BLE001 -- a bug, not bad input: report it with its traceback
        text = f"{path}: unexpected {type(err).__name__}: {err}\n{traceback.format_exc()}"
        return "failed", time.perf_counter() - started, text
    return "ok", time.perf_counter() - started, ""


def _common(values: list, fmt: str) -> str:
    return fmt.format(values[0]) if len(set(values)) == 1 else fmt.format("mixed")


def cmd_run_all(args: argparse.Namespace) -> int:
    overrides = _overrides(args)
    if args.jobs is not None and args.jobs < 1:
        raise ScenarioError(f"--jobs: expected a whole number ≥ 1, got {args.jobs}")
    files, errors = _scenario_files(args.scenarios or [Path("scenarios")])
    bad = len(errors)
    not_run = [line.split(": ", 1)[0] for line in errors]
    for line in errors:
        print(f"error: {line}", file=sys.stderr, flush=True)
    todo: list[tuple[Path, object, str]] = []      # (file, scenario, folder name)
    for f in files:
        try:
            scenario = load_config(f, overrides)
        except BAD_INPUT_ERRORS as err:
            print(f"error: {_one_line(f, err)}", file=sys.stderr, flush=True)
            bad += 1
            not_run.append(str(f))
            continue
        name, k = scenario.scenario.name, 2
        while name in {t[2] for t in todo}:
            name, k = f"{scenario.scenario.name}-{k}", k + 1
        todo.append((f, scenario, name))
    if not todo:
        print("error: no scenario to run", file=sys.stderr)
        return EXIT_BAD_INPUT
    out = args.out or Path("results") / (
        _common([t[1].scenario.seed for t in todo], "run-all-seed{}")
        + _common([t[1].scenario.days for t in todo], "-{}d"))
    jobs = min(args.jobs or os.cpu_count() or 1, len(todo))
    print(f"running {len(todo)} scenario{'s' if len(todo) != 1 else ''} into {out} ({jobs} at a time)", flush=True)

    started = time.perf_counter()
    status: dict[int, str] = {}
    failed = 0

    def finished(i: int, result: tuple[str, float, str]) -> None:
        nonlocal bad, failed
        outcome, seconds, text = result
        f, _, name = todo[i]
        status[i] = outcome
        done = len(status)
        if outcome == "ok":
            print(f"[{done}/{len(todo)}] {name}: {seconds:.1f} s -> {out / name}", flush=True)
            return
        print(f"[{done}/{len(todo)}] {name}: failed after {seconds:.1f} s", flush=True)
        print(f"error: {text}", file=sys.stderr, flush=True)
        not_run.append(str(f))
        if outcome == "bad":
            bad += 1
        else:
            failed += 1

    if jobs == 1:
        for i, (f, scenario, name) in enumerate(todo):
            finished(i, _run_one(str(f), scenario, str(out / name)))
    else:
        ctx = multiprocessing.get_context("spawn")   # no fork of a process that may hold threads
        with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            futures = {pool.submit(_run_one, str(f), scenario, str(out / name)): i
                       for i, (f, scenario, name) in enumerate(todo)}
            for fut in concurrent.futures.as_completed(futures):
                i = futures[fut]
                try:
                    result = fut.result()
                except Exception as err:  # noqa: BLE001 -- the worker process died (killed, out of memory…)
                    result = ("failed", 0.0, f"{todo[i][0]}: the worker process failed ({type(err).__name__}: {err})")
                finished(i, result)
    ok = [i for i in range(len(todo)) if status.get(i) == "ok"]
    print(f"{len(ok)} of {len(todo)} scenario{'s' if len(todo) != 1 else ''} ran in "
          f"{time.perf_counter() - started:.1f} s"
          + (f"; not run: {', '.join(not_run)} (errors on stderr)" if not_run else ""), flush=True)
    if ok:
        folders = [out / todo[i][2] for i in ok]
        print(_table([d.name for d in folders], [read_summary(d) for d in folders]))
        if args.report:
            from sim.outputs.report import build_report

            print(f"wrote report {build_report(folders, out / 'report', title=args.title)}")
    if failed:
        return EXIT_FAILED
    return EXIT_BAD_INPUT if bad else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "run":
            return cmd_run(args)
        if args.command == "run-all":
            return cmd_run_all(args)
        return cmd_compare(args)
    except (ScenarioError, GeographyError, FileNotFoundError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
