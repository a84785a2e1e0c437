"""Benchmark: the default county (12 townships, 180 villages, ≈ 30 parcels per village
per day plus produce) over 365 days, joint distribution, savings routing.

    ./dev python experiments/benchmarks/county_year.py [--repeats 5] [--days 365] [--against COMMIT]

Each repeat runs in a fresh process pinned to one core (taskset, when available). Prints
every repeat and the median of: wall time (imports + build + run), run time, time per
simulated day, peak RSS, and the shares of run time in routing, flow updates (events,
parcel and produce bookkeeping) and data collection. Targets (issue 5): ≤ 10 s wall on
one core, ≤ 1 GB peak RSS.

``--against COMMIT`` (e.g. 81d5422) also measures the code of that commit, exported with
``git archive`` into a temporary folder, in alternation with this one (same machine, same
session, same load), and prints the ratio of the medians. Issue 16's target: at most half
the wall time of 81d5422.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TARGET_WALL_S = 10.0
TARGET_RSS_MB = 1024.0
COLUMNS = ("wall_s", "run_s", "per_day_ms", "peak_rss_mb", "routing_share", "flows_share", "collection_share")


def measure(overrides: dict, one_core: bool = True, repo: Path = REPO) -> dict:
    """Run one measured simulation in a fresh process on the code in ``repo``; returns its timings."""
    cmd = [sys.executable, str(repo / "experiments" / "benchmarks" / "_measure.py"), json.dumps(overrides)]
    if one_core and shutil.which("taskset"):
        cmd = ["taskset", "-c", "0", *cmd]
    env = {**os.environ, "PYTHONPATH": str(repo)}      # that checkout's sim/, whatever is installed
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=repo, check=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def export(commit: str, into: Path) -> Path:
    """The tree of ``commit`` written into ``into`` (git archive), for measuring side by side."""
    archive = into / "tree.tar"
    with archive.open("wb") as f:
        subprocess.run(["git", "archive", commit], cwd=REPO, check=True, stdout=f)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "tree", filter="data")
    return into / "tree"


def _print_row(label: str, row: dict) -> None:
    print(f"{label:>16} " + " ".join(f"{row[c]:>16.3f}" for c in COLUMNS), flush=True)


def against(commit: str, days: int, repeats: int) -> None:
    """Measure this code and ``commit``'s in alternation; print both medians and their ratio."""
    with tempfile.TemporaryDirectory() as tmp:
        old_repo = export(commit, Path(tmp))
        rows: dict[str, list[dict]] = {"this": [], commit: []}
        print(f"{'code':>16} " + " ".join(f"{c:>16}" for c in COLUMNS))
        for _ in range(repeats):
            for label, repo in (("this", REPO), (commit, old_repo)):
                row = measure({"days": days}, repo=repo)
                rows[label].append(row)
                _print_row(label, row)
    med = {label: {c: statistics.median(r[c] for r in runs) for c in COLUMNS} for label, runs in rows.items()}
    for label in rows:
        _print_row(f"median {label}", med[label])
    ratio = med["this"]["wall_s"] / med[commit]["wall_s"]
    print(f"wall time this / {commit}: {ratio:.2f} (issue 16 target ≤ 0.50: {'met' if ratio <= 0.5 else 'NOT met'}); "
          f"run time ratio {med['this']['run_s'] / med[commit]['run_s']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--against", metavar="COMMIT", help="also measure this commit's code, alternating")
    args = parser.parse_args()
    if args.against:
        against(args.against, args.days, args.repeats)
        return
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
