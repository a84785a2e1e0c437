"""Run-level KPIs: ratios of sums over the run, strict coverage, far–near equity gaps."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim import flows
from sim.flows import FlowTable, quality
from sim.kpis.daily import _emptiness, _ratio


def scheduled_coverage(missed_days: np.ndarray, first_day: int) -> float:
    """Share of villages served at the door on every scheduled round day (from ``first_day``)
    on which parcels for them were due. ``missed_days`` is the (days, villages) boolean
    matrix of days due and not served (see :meth:`sim.kpis.Ledger.missed_days`)."""
    if missed_days.shape[0] <= first_day or missed_days.shape[1] == 0:
        return float("nan")
    return float(np.mean(~missed_days[first_day:].any(axis=0)))


def warmup_days(requested: int, days: int) -> int:
    """The warm-up actually left out: the requested days, at most half the run."""
    return min(requested, days // 2)


def run_summary(daily: pd.DataFrame, parcels: FlowTable, produce: FlowTable, missed_days: np.ndarray, *,
                warmup: int, order_to_hub_h: float, seed: int,
                n_crops: int) -> dict[str, float | int]:
    """Whole-run KPIs over the days after the ``warmup`` (ratios of sums, not means of
    daily ratios; lead times and door share over the parcels created after the warm-up)."""
    days = len(daily)
    kept = daily[daily["day"] >= warmup]
    tot = kept.sum(numeric_only=True)
    after = parcels.created_h >= warmup * 24.0
    done = after & (parcels.status == flows.DONE)
    lead = parcels.done_h[done] - parcels.created_h[done]
    pc = parcels.counts()
    delivered = int(tot["parcels_delivered"])
    p95 = (lambda a: float(np.percentile(a, 95)) if len(a) else float("nan"))
    return {
        "cost_per_parcel_down_yuan": _ratio(tot["operator_cost_down_yuan"], delivered),
        "cost_per_kg_up_yuan": _ratio(tot["operator_cost_up_yuan"], tot["produce_shipped_kg"] + tot["seller_kg_shipped"]),
        "operator_cost_yuan": float(tot["operator_cost_yuan"]),
        "operator_cost_down_yuan": float(tot["operator_cost_down_yuan"]),
        "operator_cost_up_yuan": float(tot["operator_cost_up_yuan"]),
        "operator_cost_net_yuan": float(tot["operator_cost_yuan"] - tot["government_cost_yuan"]),
        "government_cost_yuan": float(tot["government_cost_yuan"]),
        "subsidy_per_parcel_yuan": _ratio(tot["government_cost_yuan"], delivered),
        "societal_cost_yuan": float(tot["societal_cost_yuan"]),
        "societal_cost_per_parcel_yuan": _ratio(tot["societal_cost_down_yuan"], delivered),
        "villager_cost_yuan": float(tot["villager_cost_yuan"]),
        "villager_fees_yuan": float(tot["villager_fees_yuan"]),
        "lead_time_mean_h": float(lead.mean()) if len(lead) else float("nan"),
        "lead_time_p95_h": p95(lead),
        "lead_time_order_mean_h": float(lead.mean()) + order_to_hub_h if len(lead) else float("nan"),
        "lead_time_order_p95_h": p95(lead) + order_to_hub_h,
        "hub_sort_wait_peak_h": float(kept["hub_sort_wait_mean_h"].max()),
        "village_coverage": scheduled_coverage(missed_days, warmup),
        "door_delivery_share": _ratio(float(np.count_nonzero(parcels.door[done])), float(len(lead))),
        "load_factor_trunk_down": _ratio(tot["trunk_down_kg_km"], tot["trunk_capacity_kg_km"]),
        "load_factor_trunk_up": _ratio(tot["trunk_up_kg_km"], tot["trunk_capacity_kg_km"]),
        "load_factor_village_down": _ratio(tot["village_down_kg_km"], tot["village_capacity_kg_km"]),
        "load_factor_village_up": _ratio(tot["village_up_kg_km"], tot["village_capacity_kg_km"]),
        "empty_km_share_trunk": _emptiness(tot["trunk_down_kg_km"], tot["trunk_up_kg_km"], tot["trunk_capacity_kg_km"]),
        "empty_km_share_village": _emptiness(tot["village_down_kg_km"], tot["village_up_kg_km"],
                                             tot["village_capacity_kg_km"]),
        "vehicle_km": float(tot["vehicle_km"]),
        "vehicles_owned": float(kept["vehicles_owned"].mean()) if len(kept) else float("nan"),
        "vans_owned": float(kept["vans_owned"].mean()) if len(kept) else float("nan"),
        "van_km_per_vehicle_day": _ratio(tot["village_km"], tot["vans_owned"]),
        "co2_kg": float(tot["co2_kg"]),
        "co2_kg_per_parcel": _ratio(tot["co2_down_kg"], delivered),
        "villager_km": float(tot["villager_km"]),
        "packaging_waste_kg": float(tot["packaging_waste_kg"]),
        "packaging_co2_kg": float(tot["packaging_co2_kg"]),
        "packaging_cost_yuan": float(tot["packaging_cost_yuan"]),
        "parcels_created": int(parcels.n),
        "parcels_delivered": delivered,
        "parcels_waiting": int(pc[flows.WAITING]),
        "parcels_in_vehicles": int(pc[flows.IN_VEHICLE]),
        "parcels_undelivered_share": _ratio(float(np.count_nonzero(after & (parcels.status != flows.DONE))),
                                            float(np.count_nonzero(after))),
        "backlog_parcels_max": int(kept["backlog_parcels"].max()) if len(kept) else 0,
        "produce_created_lots": int(tot["produce_created_lots"]),
        "produce_shipped_lots": int(tot["produce_shipped_lots"]),
        "produce_shipped_kg": float(tot["produce_shipped_kg"]),
        "farmer_income_yuan": float(tot["farmer_income_yuan"]),
        "produce_lost_lots": int(tot["produce_lost_lots"]),
        "produce_lost_kg": float(tot["produce_lost_kg"]),
        "produce_graded_out_kg": float(tot["produce_graded_out_kg"]),
        "seller_parcels_shipped": int(tot["seller_parcels_shipped"]),
        "public_warehouse_parcels": int(tot["public_warehouse_parcels"]),
        **produce_summary(produce, warmup * 24.0, n_crops),
        "bus_parcels": int(tot["bus_parcels"]),
        "bus_lots": int(tot["bus_lots"]),
        "drone_flights": int(tot["drone_flights"]),
        "crowd_parcels": int(tot["crowd_parcels"]),
        "postal_parcels": int(tot["postal_parcels"]),
        "empties_carried": float(tot["empties_carried"]),
        "locker_parcels": int(tot["locker_parcels"]),
        "warehouse_cost_yuan": float(tot["warehouse_cost_yuan"]),
        "produce_precooled_kg": float(tot["produce_precooled_kg"]),
        "warehouse_trucks": int(tot["warehouse_trucks"]),
        "seed": seed,
        "days": days,
        "warmup_days": warmup,
    }


def produce_summary(produce: FlowTable, after_h: float, n_crops: int) -> dict[str, float]:
    """Loss share, loss by stage, quality and lead time out of the county, over the lots
    ready from ``after_h`` on and resolved (shipped out or lost) by the end; and the lead
    time of local sellers' parcels (product indices from ``n_crops`` on)."""
    recent = produce.created_h >= after_h
    sellers = recent & (produce.product >= n_crops) & (produce.status == flows.DONE)
    recent &= produce.product < n_crops
    shipped = recent & (produce.status == flows.DONE)
    lost = recent & (produce.status == flows.SPOILED)
    kg_out, kg_lost = produce.weight_kg[shipped], produce.weight_kg[lost]
    by_stage = np.bincount(produce.lost_stage[lost], weights=kg_lost, minlength=len(quality.STAGES))
    lead = produce.done_h[shipped] - produce.created_h[shipped]
    out = {
        "produce_loss_share": _ratio(float(kg_lost.sum()), float(kg_out.sum() + kg_lost.sum())),
        "produce_quality_out": _ratio(float((produce.quality_out[shipped] * kg_out).sum()), float(kg_out.sum())),
        "produce_lead_time_h": float(lead.mean()) if len(lead) else float("nan"),
        "seller_lead_time_h": float((produce.done_h[sellers] - produce.created_h[sellers]).mean())
        if sellers.any() else float("nan"),
    }
    out.update({f"produce_lost_{stage}_kg": float(kg) for stage, kg in zip(quality.STAGES, by_stage)})
    return out


def keeper_kpis(keeper_parcels: np.ndarray, points: np.ndarray, days: int, commission_yuan: float,
                subsidy_per_point_per_day_yuan: float, target_yuan_per_month: float) -> dict[str, float]:
    """Service-point keepers' income per month (commission + subsidy, mean over points) and the
    share of points whose income reaches the target. ``points``: facility indices of the points."""
    if not len(points) or days == 0:
        return {"keeper_income_yuan_per_month": float("nan"), "service_points_viable_share": float("nan")}
    income = (keeper_parcels[points] * commission_yuan + subsidy_per_point_per_day_yuan * days) * 30.0 / days
    return {"keeper_income_yuan_per_month": float(income.mean()),
            "service_points_viable_share": float(np.mean(income >= target_yuan_per_month))}


def equity_kpis(villages: pd.DataFrame, government_cost_yuan: float) -> dict[str, float]:
    """Gaps between the farthest and the nearest quarter of villages (by road km from the
    hub), produce income per village, and subsidy per resident of door-served villages."""
    far_cut, near_cut = villages["hub_road_km"].quantile([0.75, 0.25])
    far = villages[villages["hub_road_km"] >= far_cut]
    near = villages[villages["hub_road_km"] <= near_cut]

    def per_parcel(df) -> float:
        return _ratio(df["village_leg_cost_yuan"].sum(), df["parcels_delivered"].sum())

    def lead(df) -> float:
        return _ratio((df["lead_time_mean_h"] * df["parcels_delivered"]).sum(), df["parcels_delivered"].sum())

    served_pop = villages.loc[villages["door_service_days_share"] > 0, "population"].sum()
    return {
        "lead_time_gap_far_near_h": lead(far) - lead(near),
        "cost_gap_far_near_yuan": per_parcel(far) - per_parcel(near),
        "produce_sold_yuan_per_village": float(villages["produce_sold_yuan"].mean()),
        "subsidy_per_served_villager_yuan": _ratio(government_cost_yuan, float(served_pop)),
    }
