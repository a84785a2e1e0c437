"""Benchmark: sweep throughput with 1 and 2 local worker processes and with 2 Dask workers,
and each worker's memory over 200 runs.

    ./dev python experiments/benchmarks/sweep_throughput.py [--runs 40] [--memory-runs 400]

Throughput: the same sweep (``--runs`` runs of a 6-township county for 21 days) through
``python -m sim sweep``'s own code path with ``--workers 1``, ``--workers 2``, and a Dask
``LocalCluster`` of 2 single-threaded worker processes on 127.0.0.1 (started before the
clock, as a cluster would be; stopped at the end). Wall time includes starting the local
pool's processes. Speed-up is against 1 worker (goal ≥ 1.8× on 2 cores). "cores got" is
the runs' CPU seconds over the wall time: how many cores the sweep really had (other work on
the machine takes the rest), so a low speed-up can be told from a busy machine; "runs/s per
core got" is the throughput per core actually used (equal across executors when they scale).

Memory: ``--memory-runs`` tiny runs (2 townships × 4 villages, 5 days) on 2 workers (≈ 200
each); each
run records its worker's resident memory after it ends (``worker_rss_mb`` in the table).
Prints each worker's RSS after its 1st, 10th, 25th… run and the growth over the first and
the second half of its runs: a worker warms up (lazy imports, caches, the allocator's pools)
over its first few dozen runs, then stays flat; a leak would keep growing.
The machine's load average is printed first: other work on the cores lowers the speed-up.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

SWEEP = """
[sweep]
days = {days}
replications = {reps}
seed = 1
kpis = ["cost_per_parcel_down_yuan", "lead_time_mean_h", "village_coverage"]
[fixed]
"geography.n_townships" = {townships}
"geography.villages_per_township" = {villages}
[parameters]
"operations.mode" = ["separate", "joint"]
"""


# Dask setting: the workers' statistical profiler (on by default)
PROFILER = "distributed.worker.profile.enabled"

def _sweep_file(folder: Path, name: str, days: int, runs: int, townships: int, villages: int) -> Path:
    path = folder / f"{name}.toml"
    path.write_text(SWEEP.format(days=days, reps=max(1, runs // 2), townships=townships, villages=villages))
    return path


def throughput(folder: Path, runs: int) -> None:
    import dask
    from distributed import LocalCluster

    from sim.experiments.sweep import run_sweep
    from sim.experiments.sweep_file import load_sweep

    sweep = load_sweep(_sweep_file(folder, "throughput", 21, runs, 6, 15))
    results = {}
    print(f"throughput: {runs} runs, 6 townships × 15 villages, 21 days, half separate and half joint")
    print(f"{'executor':>22} {'wall s':>8} {'runs/s':>8} {'speed-up':>9} {'CPU s/run':>10} {'cores got':>10} "
          f"{'runs/s per core got':>20}")
    for label, kwargs in (("1 local worker", {"workers": 1}), ("2 local workers", {"workers": 2})):
        results[label] = _timed(run_sweep, sweep, folder / label.replace(" ", "_"), kwargs)
        _print(label, results)
    started = time.perf_counter()
    # Dask workers sample their own stacks every 10 ms for the dashboard's profile: a sweep
    # has no use for it and it costs ≈ 10 % of a run's CPU here (README: On a Dask cluster)
    with dask.config.set({PROFILER: False}), LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None) as cluster:
        up = time.perf_counter() - started
        results["Dask, 2 workers"] = _timed(run_sweep, sweep, folder / "dask", {"scheduler": cluster.scheduler_address})
    _print("Dask, 2 workers", results)
    print(f"(the Dask LocalCluster took {up:.1f} s to start, not counted)")
    one = results["1 local worker"]["table"]
    same = all(one[k].equals(r["table"][k]) for r in results.values()
               for k in ("seed", "cost_per_parcel_down_yuan", "lead_time_mean_h", "village_coverage"))
    print(f"identical KPI columns on all three: {'yes' if same else 'NO'}")


def _timed(run_sweep, sweep, out: Path, kwargs: dict) -> dict:
    started = time.perf_counter()
    outcome = run_sweep(sweep, out, **kwargs)
    wall = time.perf_counter() - started
    return {"wall": wall, "runs": len(outcome.table), "table": outcome.table,
            "cpu": float(outcome.table["cpu_s"].sum())}


def _print(label: str, results: dict) -> None:
    r = results[label]
    base = results["1 local worker"]["wall"]
    print(f"{label:>22} {r['wall']:>8.1f} {r['runs'] / r['wall']:>8.2f} {base / r['wall']:>8.2f}× "
          f"{r['cpu'] / r['runs']:>10.2f} {r['cpu'] / r['wall']:>10.2f} {r['runs'] / r['cpu']:>20.2f}", flush=True)


def memory(folder: Path, runs: int) -> None:
    from sim.experiments.sweep import run_sweep
    from sim.experiments.sweep_file import load_sweep

    sweep = load_sweep(_sweep_file(folder, "memory", 5, runs, 2, 4))
    table = run_sweep(sweep, folder / "memory", workers=2).table
    print(f"\nmemory: {len(table)} runs (2 townships × 4 villages, 5 days) on 2 local workers; "
          f"each worker's RSS (MB) after its k-th run")
    marks = (1, 10, 25, 50, 100, 150)
    print(f"{'worker pid':>10} {'runs':>5} " + " ".join(f"{'#' + str(k):>7}" for k in marks)
          + f" {'last':>7} {'growth 1st half':>16} {'growth 2nd half':>16}")
    for worker, part in table.groupby("worker", sort=False):
        rss = part.sort_values("run")["worker_rss_mb"].to_numpy()
        half = len(rss) // 2
        print(f"{worker.split(':')[-1]:>10} {len(rss):>5} "
              + " ".join(f"{rss[k - 1]:>7.1f}" if k <= len(rss) else f"{'':>7}" for k in marks)
              + f" {rss[-1]:>7.1f} {rss[half - 1] - rss[0]:>16.1f} {rss[-1] - rss[half - 1]:>16.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--memory-runs", type=int, default=400)
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}, load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="sweep-bench-") as tmp:
        throughput(Path(tmp), args.runs)
        memory(Path(tmp), args.memory_runs)


if __name__ == "__main__":
    main()
