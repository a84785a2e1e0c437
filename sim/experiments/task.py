"""One run of a sweep or a search, as a worker runs it (in a process pool or on a Dask worker).

A module-level function of picklable arguments that returns plain data: the kept summary
KPIs, the wall seconds, the error (one line) if the run raised, which worker ran it and that
worker's memory after the run. Nothing here depends on which worker runs it or when.

A worker keeps the last few counties it built (road graph, travel matrices): runs of the same
county (replications, lever values) reuse it instead of building it again. A county is the
same when its ``[geography]`` table and folder are; the model never changes a geography.
"""

from __future__ import annotations

import gc
import os
import resource
import socket
import time
from collections import OrderedDict

import numpy as np


# Counties a worker keeps built (each a few MB to a few hundred MB for a large road file).
COUNTIES_KEPT = 4
_counties: OrderedDict = OrderedDict()


def county_for(config):
    """The built county of ``config`` (a resolved scenario): the one this worker built last
    time for the same ``[geography]`` and folder, or a new one (kept, oldest dropped)."""
    from sim.geography import build_county

    key = (config.geography, config.base_dir)
    if key in _counties:
        _counties.move_to_end(key)
        return _counties[key]
    geography = build_county(config)
    _counties[key] = geography
    while len(_counties) > COUNTIES_KEPT:
        _counties.popitem(last=False)
    return geography


def plain(value: object) -> object:
    """NumPy scalars as Python numbers (for JSON and Parquet)."""
    return value.item() if isinstance(value, np.generic) else value


def _rss_mb() -> float:
    """This process's resident memory now (MB); its peak where /proc is absent."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_one(index: int, config, overrides: dict, seed: int, kpis: tuple[str, ...], daily: bool = False,
            probe=None) -> dict:
    """Run ``config`` with ``overrides`` and ``seed`` for its days; return the run's record.

    The record: ``index``, ``seed``, ``kpis`` ({key: value}, None where the run raised),
    ``wall_s``, ``cpu_s`` (this process's CPU seconds for the run), ``error`` ("" or one line),
    ``worker`` ("host:pid"), ``worker_rss_mb`` (its resident memory after the run),
    ``worker_peak_rss_mb`` (the worker process's peak so far), and
    with ``daily`` the daily KPI table (a DataFrame) under ``daily``.

    ``probe`` (a module-level function, so that it pickles) observes the run without
    changing it: ``probe(model)`` is called once the model is built and returns a function
    of no arguments, called after the run, whose ``{key: value}`` adds values the summary
    does not have (the summary's own keys win); they are kept when named in ``kpis``.
    """
    from sim.config import apply_overrides
    from sim.model.model import RuralLogisticsModel   # Mesa and the solvers: only in the worker

    started, cpu_started = time.perf_counter(), time.process_time()
    record = {"index": index, "seed": seed, "kpis": {k: None for k in kpis}, "error": ""}
    try:
        config = apply_overrides(config, overrides) if overrides else config
        model = RuralLogisticsModel(config, rng=seed, geography=county_for(config))
        finish = probe(model) if probe is not None else None
        model.run_days(model.config.scenario.days)
        summary = model.summary()
        if finish is not None:
            summary = {**finish(), **summary}
        record["kpis"] = {k: plain(summary.get(k)) for k in kpis}
        if daily:
            record["daily"] = model.daily_kpis().reset_index(drop=True)
    except MemoryError:
        record["error"] = "MemoryError: the run ran out of memory"
    except Exception as err:  # noqa: BLE001 -- any failure is this run's result, recorded with its error
        record["error"] = f"{type(err).__name__}: {' '.join(str(err).split())}"[:2000]
    model = None
    gc.collect()          # the model's agents and tables hold reference cycles: free them now, not generations later
    record["wall_s"] = time.perf_counter() - started
    record["cpu_s"] = time.process_time() - cpu_started      # < wall_s when other work shares the core
    record["worker"] = f"{socket.gethostname()}:{os.getpid()}"
    record["worker_rss_mb"] = _rss_mb()
    record["worker_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0   # Linux: KiB
    return record
