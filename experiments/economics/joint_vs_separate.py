"""Joint vs separate on the default county, over seeds, and how the answer moves with the
separate brands' delivery rule (the table a planner will be asked about).

    ./dev python experiments/economics/joint_vs_separate.py [--days 90] [--seeds 1 2 3]

Prints, per variant, the mean over seeds of: operator cost per parcel delivered, societal
cost per parcel, door delivery share, lead time order → village, village vans owned and km
per van and day; and joint's change against each separate variant.
"""

from __future__ import annotations

import argparse
import statistics

from sim.model.model import RuralLogisticsModel

KEYS = (("cost_per_parcel_down_yuan", "operator yuan/parcel", "{:.2f}"),
        ("societal_cost_per_parcel_yuan", "societal yuan/parcel", "{:.2f}"),
        ("door_delivery_share", "door share", "{:.0%}"),
        ("lead_time_order_mean_h", "order→village h", "{:.1f}"),
        ("vans_owned", "vans owned", "{:.1f}"),
        ("van_km_per_vehicle_day", "km/van-day", "{:.0f}"))
SEPARATE = {
    "separate, revenue rule, fee 1.0 (default)": {},
    "separate, revenue rule, fee 0.6": {"operations.separate_fee_yuan_per_parcel": 0.6},
    "separate, revenue rule, fee 2.0": {"operations.separate_fee_yuan_per_parcel": 2.0},
    "separate, threshold 3 parcels": {"operations.separate_delivery_rule": "threshold",
                                      "operations.door_threshold_parcels": 3},
    "separate, threshold 8 parcels": {"operations.separate_delivery_rule": "threshold",
                                      "operations.door_threshold_parcels": 8},
    "separate, threshold 15 parcels": {"operations.separate_delivery_rule": "threshold",
                                       "operations.door_threshold_parcels": 15},
    "separate, fixed days Mon+Thu": {"operations.separate_delivery_rule": "fixed_days"},
    "separate, vans not tricycles": {"operations.separate_village_vehicle": "van"},
    "separate, outlets at half cost": {"costs.township_office_cost_per_day_yuan": 60.0},
}


def run(overrides: dict, seed: int, days: int) -> dict:
    model = RuralLogisticsModel(overrides={"scenario.days": days, **overrides}, rng=seed)
    model.run_model()
    return model.summary()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args()
    variants = {"joint (统仓共配)": {"operations.mode": "joint"}}
    variants.update({k: {"operations.mode": "separate", **v} for k, v in SEPARATE.items()})
    means = {}
    for name, overrides in variants.items():
        runs = [run(overrides, seed, args.days) for seed in args.seeds]
        means[name] = {k: statistics.mean(r[k] for r in runs) for k, _, _ in KEYS}
    print(f"| variant ({args.days} days, seeds {args.seeds}) | " + " | ".join(h for _, h, _ in KEYS)
          + " | joint vs this: operator | societal |")
    print("|---" * (len(KEYS) + 3) + "|")
    joint = means["joint (统仓共配)"]
    for name, m in means.items():
        cells = " | ".join(fmt.format(m[k]) for k, _, fmt in KEYS)
        vs = "" if name.startswith("joint") else (
            f"{(joint['cost_per_parcel_down_yuan'] / m['cost_per_parcel_down_yuan'] - 1):+.0%} | "
            f"{(joint['societal_cost_per_parcel_yuan'] / m['societal_cost_per_parcel_yuan'] - 1):+.0%}")
        print(f"| {name} | {cells} | {vs or '– | –'} |", flush=True)


if __name__ == "__main__":
    main()
