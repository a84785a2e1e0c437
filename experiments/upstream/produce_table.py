"""农产品进城 on the default county, over seeds and two seasons: the table issue 12 asks for.

    ./dev python experiments/upstream/produce_table.py [--days 60] [--seeds 1 2 3]

Seasons: winter (from 1 January) and the fruit season (from 1 August). Prints, as means
over the seeds:
- produce loss (share of kg lost in the county) without and with cold chain and with
  forward warehouses at every township, with the stage where it is lost;
- produce and sellers' parcels shipped out with and without rural bus integration, on the
  default county (daily collection) and on one whose rounds come every third day with
  produce on the backhaul (sparse collection: where buses were brought in);
- carpooling between separate and joint: operator cost per parcel down and door share.
"""

from __future__ import annotations

import argparse
import statistics

from sim.model.model import RuralLogisticsModel

SEASONS = {"winter": "2025-01-01", "fruit season": "2025-08-01"}
SPARSE = {"operations.delivery_interval_days": 3, "operations.backhaul": True}
VARIANTS = {
    "joint, no cold chain": {},
    "joint, cold chain": {"policies.cold_chain.enabled": True},
    "joint, forward warehouses": {"policies.forward_warehouse.enabled": True},
    "joint, bus integration": {"policies.bus.enabled": True},
    "sparse rounds": SPARSE,
    "sparse rounds, bus integration": {**SPARSE, "policies.bus.enabled": True},
    "separate brands": {"operations.mode": "separate"},
    "separate, carpooling (5 brands)": {"operations.mode": "separate", "policies.carpooling.enabled": True},
}
KEYS = ("produce_loss_share", "produce_lost_village_kg", "produce_lost_township_kg", "produce_lost_hub_kg",
        "produce_lost_vehicle_kg", "produce_quality_out", "produce_shipped_kg", "seller_parcels_shipped",
        "produce_lead_time_h", "cost_per_kg_up_yuan", "cost_per_parcel_down_yuan", "door_delivery_share",
        "farmer_income_yuan")


def run(overrides: dict, seed: int, days: int, start: str) -> dict:
    model = RuralLogisticsModel(overrides={"scenario.days": days, "scenario.start_date": start, **overrides}, rng=seed)
    model.run_model()
    return model.summary()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args()
    means: dict[tuple[str, str], dict] = {}
    for season, start in SEASONS.items():
        for name, overrides in VARIANTS.items():
            runs = [run(overrides, seed, args.days, start) for seed in args.seeds]
            means[season, name] = {k: statistics.mean(r[k] for r in runs) for k in KEYS}
            spread = [r["produce_loss_share"] for r in runs]
            means[season, name]["loss_range"] = (min(spread), max(spread))
    print(f"{args.days} days from 1 January (winter) and 1 August (fruit season), seeds {args.seeds}, means\n")
    print("| season | variant | loss (kg) | seeds' range | lost at village / township / hub / vehicle (kg) "
          "| quality out | produce shipped (kg) | sellers' parcels | produce lead time (h) | yuan/kg up |")
    print("|---" * 10 + "|")
    for (season, name), m in means.items():
        if name.startswith("separate"):
            continue
        lo, hi = m["loss_range"]
        stages = " / ".join(f"{m[f'produce_lost_{s}_kg']:,.0f}" for s in ("village", "township", "hub", "vehicle"))
        print(f"| {season} | {name} | {m['produce_loss_share']:.1%} | {lo:.1%}–{hi:.1%} | {stages} | "
              f"{m['produce_quality_out']:.2f} | {m['produce_shipped_kg']:,.0f} | {m['seller_parcels_shipped']:,.0f} | "
              f"{m['produce_lead_time_h']:.1f} | {m['cost_per_kg_up_yuan']:.2f} |")
    print("\n| season | bus integration on … | produce shipped | sellers' parcels shipped |")
    print("|---|---|---|---|")
    for season in SEASONS:
        for base, bus in (("joint, no cold chain", "joint, bus integration"),
                          ("sparse rounds", "sparse rounds, bus integration")):
            a, b = means[season, base], means[season, bus]
            print(f"| {season} | {base} | {b['produce_shipped_kg'] / a['produce_shipped_kg'] - 1:+.1%} | "
                  f"{b['seller_parcels_shipped'] / a['seller_parcels_shipped'] - 1:+.1%} |")
    print("\n| season | variant | operator yuan/parcel down | door share |")
    print("|---|---|---|---|")
    for season in SEASONS:
        for name in ("separate brands", "separate, carpooling (5 brands)", "joint, no cold chain"):
            m = means[season, name]
            print(f"| {season} | {name} | {m['cost_per_parcel_down_yuan']:.2f} | {m['door_delivery_share']:.0%} |")


if __name__ == "__main__":
    main()
