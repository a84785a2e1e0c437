"""A sweep end to end: the run list, the runs not finished yet on a pool, each recorded as it
ends, then ``results.parquet``.

    from sim.experiments.sweep import run_sweep
    from sim.experiments.sweep_file import load_sweep
    outcome = run_sweep(load_sweep("experiments/sweeps/joint_payoff_synthetic.toml"), "results/x", workers=2)
    outcome.table            # pandas DataFrame, one row per run

Running the same sweep into the same folder again skips the finished runs (a run that
raised is done again only with ``retry_failed``), so an interrupted sweep is resumed by its
own command.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.experiments.design import build_runs, parameter_columns, sample_matrix
from sim.experiments.executors import open_pool, run_tasks
from sim.experiments.store import SweepStore
from sim.experiments.sweep_file import Sweep
from sim.experiments.task import run_one


@dataclass
class SweepOutcome:
    """What a sweep command did: the table and counts of this pass."""

    folder: Path
    table: pd.DataFrame
    total: int              # runs in the sweep
    skipped: int            # finished before this pass
    ran: int                # finished in this pass
    failed: int             # rows with an error in the table
    seconds: float


class _Progress:
    """A tqdm bar over the whole sweep (runs done, failed, ETA), or nothing."""

    def __init__(self, total: int, done: int, failed: int, show: bool):
        self.failed = failed
        self.bar = None
        if show:
            from tqdm import tqdm

            self.bar = tqdm(total=total, initial=done, unit="run", desc="sweep", file=sys.stderr,
                            dynamic_ncols=True, smoothing=0.1)
            self.bar.set_postfix(failed=failed)

    def update(self, failed: bool) -> None:
        self.failed += failed
        if self.bar is not None:
            self.bar.update(1)
            if failed:
                self.bar.set_postfix(failed=self.failed)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run_sweep(sweep: Sweep, out: str | Path, workers: int | None = None, scheduler: str | None = None,
              retry_failed: bool = False, progress: bool = False, pool=None) -> SweepOutcome:
    """Run every run of ``sweep`` not yet finished in ``out``; write and return the table.

    Parameters
    ----------
    sweep
        A validated sweep (:func:`sim.experiments.sweep_file.load_sweep`).
    out
        The results folder: new, empty, or this sweep's folder (resumed).
    workers
        Local worker processes (default: every core); ignored with ``scheduler``.
    scheduler
        ``tcp://HOST:PORT`` of a Dask scheduler: the runs go to its workers.
    retry_failed
        Run again the runs that raised last time.
    progress
        Show a progress bar on stderr.
    pool
        An open pool (:func:`sim.experiments.executors.open_pool`) to run on, for several
        sweeps in a row without starting workers each time; ``workers`` and ``scheduler``
        are then ignored, and the caller closes it.

    Raises
    ------
    sim.outputs.folders.OutputError
        ``out`` may not be used (not ours, another sweep's, being written by another driver).
    sim.experiments.executors.ClusterError
        No Dask scheduler answers at ``scheduler``.
    KeyboardInterrupt
        Ctrl-C: the finished runs stay recorded; the same call resumes.
    """
    started = time.perf_counter()
    sample = sample_matrix(sweep)
    runs = build_runs(sweep, sample)
    if pool is not None:
        table, todo = _run_on(pool, sweep, Path(out), runs, sample, retry_failed, progress)
    else:
        with open_pool(workers, scheduler) as own:         # a scheduler that does not answer: before any file
            table, todo = _run_on(own, sweep, Path(out), runs, sample, retry_failed, progress)
    failed = int((table["error"].fillna("") != "").sum()) if len(table) else 0
    return SweepOutcome(Path(out), table, len(runs), len(runs) - len(todo), len(todo), failed,
                        time.perf_counter() - started)


def _run_on(pool, sweep: Sweep, out: Path, runs: list, sample, retry_failed: bool,
            progress: bool) -> tuple[pd.DataFrame, list]:
    """The runs of ``sweep`` not finished in ``out``, on ``pool``; the table and the runs done now."""
    store = SweepStore(out, sweep, runs, sample, parameter_columns(sweep))
    try:
        finished = store.finished()
        todo = [r for r in runs if r.index not in finished or (retry_failed and finished[r.index].get("error"))]
        again = {r.index for r in todo}
        failed_before = sum(1 for i, rec in finished.items() if rec.get("error") and i not in again)
        bar = _Progress(len(runs), len(runs) - len(todo), failed_before, progress)
        try:
            if todo:
                _execute(store, sweep, todo, pool, bar)
        finally:
            bar.close()
        return store.write_table(), todo
    finally:
        store.close()


def _execute(store: SweepStore, sweep: Sweep, todo: list, pool, bar: _Progress) -> None:
    by_index = {r.index: r for r in todo}
    tasks = [(r.index, (r.index, sweep.base, r.overrides(sweep.counties), r.seed, sweep.kpis, sweep.daily,
                        sweep.probe)) for r in todo]

    def finished(index: int, record: dict | None, error: str) -> None:
        if record is None:
            record = {"kpis": {k: None for k in sweep.kpis}, "error": error}   # the table reads absent fields as empty
        store.write_run(by_index[index], record)
        bar.update(bool(record.get("error")))

    run_tasks(pool, run_one, tasks, finished)
