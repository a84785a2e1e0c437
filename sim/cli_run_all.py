"""``python -m sim run-all``: every scenario of some folders, in parallel, then the report.

Scenarios run in a spawn-context process pool. When a worker process dies (killed, out
of memory) the pool breaks; the scenarios not finished then run again in a fresh pool.
The scenario whose worker died is known by the partial folder it left (the others'
workers, stopped by the pool with SIGTERM, remove theirs); a scenario whose worker died
twice is reported as failed, and the others still run and get their report.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from sim.cli_common import BAD_INPUT_ERRORS, EXIT_BAD_INPUT, EXIT_FAILED, one_line, overrides, table
from sim.config import ScenarioError, load_config
from sim.outputs.folders import OutputError, Staging, check_target, clean_stale, discard_active, \
    prepare_container, slug
from sim.outputs.run_folder import read_summary

REPORT_DIR = "report"
WORKER_DIED = "the worker process died: killed or out of memory"
DEATHS_BEFORE_FAILED = 2


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


def _run_one(path: str, scenario, out: str, lang: str = "en") -> tuple[str, float, str]:
    """Process-pool task: ("ok" | "bad" | "failed", wall seconds, error text)."""
    from sim.runner import run_scenario

    started = time.perf_counter()
    try:
        run_scenario(scenario, Path(out), lang=lang)
    except BAD_INPUT_ERRORS as err:
        return "bad", time.perf_counter() - started, one_line(Path(path), err)
    except Exception as err:  # noqa: BLE001 -- a bug, not bad input: report it with its traceback
        text = f"{path}: unexpected {type(err).__name__}: {err}\n{traceback.format_exc()}"
        return "failed", time.perf_counter() - started, text
    return "ok", time.perf_counter() - started, ""


# -- the process pool -----------------------------------------------------------------------

def _on_sigterm(signum, frame) -> None:
    """In a worker: the pool stops it (another worker died, or Ctrl-C): remove its partial folder, end.

    Further SIGTERMs are ignored from here on (the pool sends two in a row): a second one
    arriving in the middle of the removal would start it again inside the first and end the
    process before either finished."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    discard_active()
    os._exit(128 + signum)


def _worker_init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)      # Ctrl-C is the main process's to handle
    signal.signal(signal.SIGTERM, _on_sigterm)


def _start_pool(fn: Callable, tasks: list[tuple], todo: list[int], jobs: int):
    """A fresh pool with every task of ``todo`` submitted; its workers start with Ctrl-C ignored."""
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if in_main else None
    try:
        pool = concurrent.futures.ProcessPoolExecutor(
            max_workers=min(jobs, len(todo)), mp_context=multiprocessing.get_context("spawn"),
            initializer=_worker_init)      # spawn: no fork of a process that may hold threads
        futures, unsent = {}, []
        for i in todo:
            try:
                futures[pool.submit(fn, *tasks[i])] = i
            except BrokenProcessPool:
                unsent.append(i)
    finally:
        if in_main:
            signal.signal(signal.SIGINT, previous)
    return pool, futures, unsent


def run_in_pool(fn: Callable, tasks: list[tuple], names: list[str], jobs: int, folder: Path,
                finished: Callable[[int, tuple[str, float, str]], None], note: Callable[[str], None] = print) -> None:
    """Run ``fn(*tasks[i])`` for every task in spawn process pools; ``finished(i, result)`` as each ends.

    ``fn`` writes task i's run folder ``folder / names[i]`` (through a partial folder).
    When a worker dies the pool breaks: the tasks not finished run again in a fresh pool.
    A death counts against the task whose partial folder the dead worker left behind
    (against every unfinished task when no such folder tells); a task with two deaths
    finishes as ("failed", seconds, WORKER_DIED).
    """
    deaths = [0] * len(tasks)
    todo = list(range(len(tasks)))
    while todo:
        started = time.perf_counter()
        pool, futures, broken = _start_pool(fn, tasks, todo, jobs)
        with pool:
            try:
                for fut in concurrent.futures.as_completed(futures):
                    i = futures[fut]
                    try:
                        result = fut.result()
                    except BrokenProcessPool:
                        broken.append(i)
                        continue
                    except Exception as err:  # noqa: BLE001 -- e.g. a result that could not be sent back
                        result = ("failed", time.perf_counter() - started,
                                  f"{tasks[i][0]}: the worker process failed ({type(err).__name__}: {err})")
                    finished(i, result)
            except KeyboardInterrupt:
                for process in multiprocessing.active_children():
                    process.terminate()               # our SIGTERM handler removes its partial folder
                pool.shutdown(wait=True, cancel_futures=True)
                clean_stale(folder)
                raise
        if not broken:
            return
        left = {name for name, _ in clean_stale(folder)}          # the dead worker's partial folder
        blamed = [i for i in broken if names[i] in left] or broken
        for i in blamed:
            deaths[i] += 1
        note(f"note: a worker process died (killed or out of memory) while running "
             f"{', '.join(names[i] for i in sorted(blamed))}")
        todo = []
        for i in sorted(broken):
            if deaths[i] >= DEATHS_BEFORE_FAILED:
                finished(i, ("failed", time.perf_counter() - started, f"{tasks[i][0]}: {WORKER_DIED} (twice)"))
            else:
                todo.append(i)
        if todo:
            note(f"note: running the {len(todo)} unfinished scenario{'s' if len(todo) != 1 else ''} "
                 f"again in a fresh process pool")


# -- the command ----------------------------------------------------------------------------

def _common(values: list, fmt: str) -> str:
    return fmt.format(values[0]) if len(set(values)) == 1 else fmt.format("mixed")


def _error(text: str) -> None:
    print(f"error: {text}", file=sys.stderr, flush=True)


def cmd_run_all(args: argparse.Namespace) -> int:
    found = overrides(args)
    if args.jobs is not None and args.jobs < 1:
        raise ScenarioError(f"--jobs: expected a whole number ≥ 1, got {args.jobs}")
    files, errors = _scenario_files(args.scenarios or [Path("scenarios")])
    bad = len(errors)
    not_run = [line.split(": ", 1)[0] for line in errors]
    for line in errors:
        _error(line)
    loaded = []
    for f in files:
        try:
            loaded.append((f, load_config(f, found)))
        except BAD_INPUT_ERRORS as err:
            _error(one_line(f, err))
            bad += 1
            not_run.append(str(f))
    if not loaded:
        if not bad:                    # each bad path or file has had its own line
            _error("no scenario to run")
        return EXIT_BAD_INPUT
    out = args.out or Path("results") / (_common([s.scenario.seed for _, s in loaded], "run-all-seed{}")
                                         + _common([s.scenario.days for _, s in loaded], "-{}d"))
    prepare_container(out)                    # refuses a file or a folder not ours; made before any run
    if args.report:
        check_target(out / REPORT_DIR, "report")
    todo: list[tuple[Path, object, str]] = []      # (file, scenario, folder name)
    taken = {REPORT_DIR}
    for f, scenario in loaded:
        base = slug(scenario.scenario.name)
        name, k = base, 2
        while name.casefold() in taken:
            name, k = f"{base}-{k}", k + 1
        try:
            check_target(out / name, "run")
        except OutputError as err:
            _error(one_line(f, err))
            bad += 1
            not_run.append(str(f))
            continue
        taken.add(name.casefold())
        todo.append((f, scenario, name))
    if not todo:
        return EXIT_BAD_INPUT
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
        _error(text)
        not_run.append(str(f))
        if outcome == "bad":
            bad += 1
        else:
            failed += 1

    tasks = [(str(f), scenario, str(out / name), args.lang) for f, scenario, name in todo]
    if jobs == 1:
        for i, task in enumerate(tasks):
            finished(i, _run_one(*task))
    else:
        run_in_pool(_run_one, tasks, [name for _, _, name in todo], jobs, out, finished,
                    note=lambda text: print(text, flush=True))
        clean_stale(out)
    ok = [i for i in range(len(todo)) if status.get(i) == "ok"]
    print(f"{len(ok)} of {len(todo)} scenario{'s' if len(todo) != 1 else ''} ran in "
          f"{time.perf_counter() - started:.1f} s"
          + (f"; not run: {', '.join(not_run)} (errors on stderr)" if not_run else ""), flush=True)
    if ok:
        folders = [out / todo[i][2] for i in ok]
        print(table([d.name for d in folders], [read_summary(d) for d in folders]))
        if args.report:
            from sim.outputs.report import build_report

            with Staging(out / REPORT_DIR, "report") as stage:
                stage.write(lambda folder: build_report(folders, folder, title=args.title, lang=args.lang))
                stage.commit()
            print(f"wrote report {out / REPORT_DIR / 'report.html'}")
    if failed:
        return EXIT_FAILED
    return EXIT_BAD_INPUT if bad else 0
