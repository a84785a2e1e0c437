"""Run-level KPIs: ratios of sums over the run, strict coverage, far–near equity gaps."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim import flows
from sim.flows import FlowTable
from sim.kpis.daily import _ratio


def coverage_share(door_days: np.ndarray, window_days: int) -> float:
    """Share of villages with a door visit in every window of ``window_days`` days.

    ``door_days`` is a (days, villages) boolean matrix of door visits. With fewer days
    than the window, a village counts as covered if it was visited at all.
    """
    days = door_days.shape[0]
    if days == 0:
        return float("nan")
    w = min(window_days, days)
    csum = np.vstack([np.zeros((1, door_days.shape[1]), np.int64), np.cumsum(door_days, axis=0)])
    visits_per_window = csum[w:] - csum[:-w]          # (days - w + 1, villages)
    return float(np.mean((visits_per_window > 0).all(axis=0)))


def run_summary(daily, parcels: FlowTable, produce: FlowTable, door_days: np.ndarray,
                window_days: int, seed: int, days: int) -> dict[str, float | int]:
    """Whole-run KPIs from totals (ratios of sums, not means of daily ratios)."""
    tot = daily.sum(numeric_only=True)
    done = parcels.status == flows.DONE
    lead = parcels.done_h[done] - parcels.created_h[done]
    pc = parcels.counts()
    resolved = tot["produce_shipped_lots"] + tot["produce_spoiled_lots"]
    pstat = produce.status
    shipped_kg = float(produce.weight_kg[pstat == flows.DONE].sum())
    spoiled_kg = float(produce.weight_kg[pstat == flows.SPOILED].sum())
    delivered = int(tot["parcels_delivered"])
    return {
        "cost_per_parcel_yuan": _ratio(tot["operator_cost_yuan"], delivered),
        "societal_cost_per_parcel_yuan": _ratio(tot["operator_cost_yuan"] + tot["villager_cost_yuan"], delivered),
        "operator_cost_yuan": float(tot["operator_cost_yuan"]),
        "operator_cost_gross_yuan": float(tot["operator_cost_gross_yuan"]),
        "cost_per_parcel_gross_yuan": _ratio(tot["operator_cost_gross_yuan"], delivered),
        "government_cost_yuan": float(tot["government_cost_yuan"]),
        "subsidy_per_parcel_yuan": _ratio(tot["government_cost_yuan"], delivered),
        "hub_sort_wait_peak_h": float(daily["hub_sort_wait_mean_h"].max()),
        "bus_parcels": int(tot["bus_parcels"]),
        "drone_flights": int(tot["drone_flights"]),
        "crowd_parcels": int(tot["crowd_parcels"]),
        "villager_cost_yuan": float(tot["villager_cost_yuan"]),
        "lead_time_mean_h": float(lead.mean()) if len(lead) else float("nan"),
        "lead_time_p95_h": float(np.percentile(lead, 95)) if len(lead) else float("nan"),
        "village_coverage": float(daily["village_coverage"].mean()),
        "village_coverage_every_window": coverage_share(door_days, window_days),
        "load_factor_down": _ratio(tot["down_kg_km"], tot["capacity_kg_km"]),
        "load_factor_up": _ratio(tot["up_kg_km"], tot["capacity_kg_km"]),
        "empty_km_share": _ratio(tot["empty_km"], tot["vehicle_km"]),
        "spoilage_share": _ratio(tot["produce_spoiled_lots"], resolved),
        "spoilage_share_weight": _ratio(spoiled_kg, shipped_kg + spoiled_kg),
        "co2_kg_per_parcel": _ratio(tot["co2_kg"], delivered),
        "vehicle_km": float(tot["vehicle_km"]),
        "villager_pickup_km": float(tot["villager_pickup_km"]),
        "parcels_created": int(parcels.n),
        "parcels_delivered": delivered,
        "parcels_delivered_door_share": _ratio(tot["parcels_delivered_door"], delivered),
        "parcels_waiting": int(pc[flows.WAITING]),
        "parcels_in_vehicles": int(pc[flows.IN_VEHICLE]),
        "produce_created_lots": int(produce.n),
        "produce_shipped_lots": int(tot["produce_shipped_lots"]),
        "produce_spoiled_lots": int(tot["produce_spoiled_lots"]),
        "seed": seed,
        "days": days,
    }


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
