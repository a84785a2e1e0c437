"""Benchmark: the default county (12 townships, 180 villages, ≈ 30 parcels per village
per day plus produce) over 365 days, joint distribution, savings routing.

    ./dev python experiments/benchmarks/county_year.py [--repeats 5] [--days 365]

Each repeat runs in a fresh process pinned to one core (taskset, when available). Prints
every repeat and the median of: wall time (imports + build + run), run time, time per
simulated day, peak RSS, and the shares of run time in routing, flow updates (events,
parcel and produce bookkeeping) and data collection. Targets (issue 5): ≤ 10 s wall on
one core, ≤ 1 GB peak RSS.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TARGET_WALL_S = 10.0
TARGET_RSS_MB = 1024.0
COLUMNS = ("wall_s", "run_s", "per_day_ms", "peak_rss_mb", "routing_share", "flows_share", "collection_share")


def measure(overrides: dict, one_core: bool = True) -> dict:
    """Run one measured simulation in a fresh process; returns its timings."""
    cmd = [sys.executable, str(HERE / "_measure.py"), json.dumps(overrides)]
    if one_core and shutil.which("taskset"):
        cmd = ["taskset", "-c", "0", *cmd]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    rows = []
    print("repeat " + " ".join(f"{c:>16}" for c in COLUMNS))
    for k in range(args.repeats):
        row = measure({"days": args.days})
        rows.append(row)
        print(f"{k + 1:>6} " + " ".join(f"{row[c]:>16.3f}" for c in COLUMNS), flush=True)
    med = {c: statistics.median(r[c] for r in rows) for c in COLUMNS}
    print("median " + " ".join(f"{med[c]:>16.3f}" for c in COLUMNS))
    print(f"parcels created: {rows[0]['parcels_created']:,}  villages: {rows[0]['villages']}")
    if args.days == 365:
        print(f"target wall ≤ {TARGET_WALL_S:.0f} s: {'met' if med['wall_s'] <= TARGET_WALL_S else 'NOT met'}"
              f" ({med['wall_s']:.2f} s); target peak RSS ≤ {TARGET_RSS_MB:.0f} MB: "
              f"{'met' if med['peak_rss_mb'] <= TARGET_RSS_MB else 'NOT met'} ({med['peak_rss_mb']:.0f} MB)")


if __name__ == "__main__":
    main()
