"""Benchmark: a province as one sweep — 50 synthetic counties × 365 days, joint distribution —
on 2 local worker processes and on a Dask LocalCluster of 2 workers.

    ./dev python experiments/benchmarks/province.py [--counties 50] [--days 365] [--workers 2]

Each county is its own synthetic map (``[[counties]]`` with seeds 1…N; default size and
terrain), one run each. Prints, per executor: wall time, runs per hour, CPU seconds per run,
the cores the sweep really got (CPU seconds over wall time), and each worker's peak resident
memory; then whether both executors gave the same KPIs (exact equality). The machine's load
average is printed first: other work on the cores lowers throughput.
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
replications = 1
seed = 2026
kpis = ["cost_per_parcel_down_yuan", "lead_time_order_mean_h", "village_coverage", "produce_shipped_kg"]
[parameters]
"operations.mode" = ["joint"]
"""


# Dask setting: the workers' statistical profiler (on by default)
PROFILER = "distributed.worker.profile.enabled"

def sweep_file(folder: Path, counties: int, days: int) -> Path:
    text = SWEEP.format(days=days) + "".join(f'\n[[counties]]\nname = "county-{k:02d}"\nseed = {k}\n'
                                            for k in range(1, counties + 1))
    path = folder / "province.toml"
    path.write_text(text, encoding="utf-8")
    return path


def report(label: str, table, wall_s: float) -> None:
    cpu = float(table["cpu_s"].sum())
    peak = table.groupby("worker")["worker_peak_rss_mb"].max()       # each worker process's peak
    print(f"{label:>18} {wall_s:>9.1f} {len(table) / wall_s * 3600:>10.0f} {cpu / len(table):>10.2f} "
          f"{cpu / wall_s:>10.2f}   " + ", ".join(f"{mb:.0f}" for mb in peak), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counties", type=int, default=50)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    import dask
    from distributed import LocalCluster

    from sim.experiments.sweep import run_sweep
    from sim.experiments.sweep_file import load_sweep

    print(f"cores: {os.cpu_count()}, load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"province: {args.counties} synthetic counties × {args.days} days, joint distribution, one run each")
    print(f"{'executor':>18} {'wall s':>9} {'runs/hour':>10} {'CPU s/run':>10} {'cores got':>10}   "
          f"peak RSS per worker (MB)")
    with tempfile.TemporaryDirectory(prefix="province-") as tmp:
        folder = Path(tmp)
        sweep = load_sweep(sweep_file(folder, args.counties, args.days))
        started = time.perf_counter()
        local = run_sweep(sweep, folder / "local", workers=args.workers).table
        report(f"{args.workers} local workers", local, time.perf_counter() - started)
        # no stack sampling for the dashboard's profile in the workers (README: On a Dask cluster)
        with dask.config.set({PROFILER: False}), LocalCluster(
                n_workers=args.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address=None) as cluster:
            started = time.perf_counter()
            dask = run_sweep(sweep, folder / "dask", scheduler=cluster.scheduler_address).table
            report(f"Dask, {args.workers} workers", dask, time.perf_counter() - started)
    keys = ["seed", "cost_per_parcel_down_yuan", "lead_time_order_mean_h", "village_coverage", "produce_shipped_kg"]
    same = local.sort_values("run")[keys].reset_index(drop=True).equals(dask.sort_values("run")[keys].reset_index(drop=True))
    print(f"identical KPIs on both executors: {'yes' if same else 'NO'}; runs failed: "
          f"{int((local['error'] != '').sum())} local, {int((dask['error'] != '').sum())} Dask")


if __name__ == "__main__":
    main()
