"""Benchmark: how run time grows with daily volume (×1, ×2, ×4, ×8) and with the number
of villages (×1, ×2, ×4), default county, joint distribution, 365 days.

    ./dev python experiments/benchmarks/scaling.py [--repeats 3] [--days 365] [--axis volume|villages|both]

Each point is the median of the repeats, each in a fresh process on one core. Volume
scales the parcels per resident per day; villages scale the villages per township (the
county keeps its 12 townships and area). The county's facilities grow with it — the
stations' daily throughput and the hub's sorting lines × the factor — so every point is a
county as loaded as the default one (without that, eight times the parcels through the same
stations is a backlog growing all year, and the benchmark measures the backlog). Targets
(issue 16): 8× volume ≤ 6× the time, 4× villages ≤ 4.2× the time.
"""

from __future__ import annotations

import argparse
import statistics

from county_year import measure

from sim.config import defaults

VOLUME_FACTORS = (1, 2, 4, 8)
VILLAGE_FACTORS = (1, 2, 4)
TARGETS = {("volume", 8): 6.0, ("villages", 4): 4.2}


def point(overrides: dict, repeats: int) -> dict:
    runs = [measure(overrides) for _ in range(repeats)]
    return {key: statistics.median(r[key] for r in runs) for key in ("run_s", "per_day_ms", "peak_rss_mb")} | {
        "parcels_created": runs[0]["parcels_created"], "villages": runs[0]["villages"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--axis", choices=("volume", "villages", "both"), default="both")
    args = parser.parse_args()
    print(f"{'axis':>9} {'factor':>6} {'villages':>8} {'parcels':>11} {'run s':>8} {'ms/day':>8} "
          f"{'RSS MB':>8} {'time ×':>7} {'target':>8}")
    for axis, factors in (("volume", VOLUME_FACTORS), ("villages", VILLAGE_FACTORS)):
        if args.axis not in (axis, "both"):
            continue
        base = None
        for f in factors:
            overrides = {"days": args.days,
                         "operations.station_capacity_parcels": defaults.STATION_CAPACITY_PARCELS_PER_DAY * f,
                         "operations.hub_sort_parcels_per_h": defaults.HUB_SORT_PARCELS_PER_H * f}
            if axis == "volume":
                overrides["demand.parcels_per_resident_per_day"] = defaults.PARCELS_PER_RESIDENT_PER_DAY * f
            else:
                overrides["geography.villages_per_township"] = defaults.VILLAGES_PER_TOWNSHIP * f
            p = point(overrides, args.repeats)
            base = base or p["run_s"]
            ratio = p["run_s"] / base
            target = TARGETS.get((axis, f))
            verdict = "" if target is None else (f"≤{target}: " + ("met" if ratio <= target else "NOT met"))
            print(f"{axis:>9} {f:>6} {p['villages']:>8} {p['parcels_created']:>11,} {p['run_s']:>8.2f} "
                  f"{p['per_day_ms']:>8.2f} {p['peak_rss_mb']:>8.0f} {ratio:>7.2f} {verdict:>8}", flush=True)


if __name__ == "__main__":
    main()
