"""One row of the daily KPI table, from the closed day's ledger and the flow tables.

The model keeps the row of the last closed day as ``model.day_kpis``; its ``DataCollector``
records it through :func:`model_reporters`, one reporter per daily KPI of the registry.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial

import numpy as np

from sim import flows
from sim.flows import FlowTable
from sim.kpis.ledger import Ledger
from sim.kpis.registry import DAILY


def _ratio(num: float, den: float) -> float:
    return float(num / den) if den > 0 else float("nan")


def _emptiness(down_kg_km: float, up_kg_km: float, capacity_kg_km: float) -> float:
    """Km weighted by how empty the vehicle ran: 1 − (Σ load·km each way) / Σ capacity·km."""
    return 1.0 - _ratio(down_kg_km + up_kg_km, capacity_kg_km)


def model_reporters() -> dict[str, Callable]:
    """``DataCollector`` model reporters: per daily KPI (registry order), a function of the
    model returning that KPI of the last closed day (``model.day_kpis``)."""
    return {k.key: partial(_closed_day_value, key=k.key) for k in DAILY}


def _closed_day_value(model, key: str):
    return model.day_kpis[key]


def day_row(day: int, date: str, ledger: Ledger, coverage: float, parcels: FlowTable,
            produce: FlowTable, order_to_hub_h: float) -> dict[str, float | int | str]:
    """One row of the daily KPI table (floats or ints, the date as ISO text, units in the names).

    ``coverage`` is the share of villages served at the door in the recent window;
    ``order_to_hub_h`` the hours from an order to the parcel's arrival at the county hub.
    """
    d = ledger.day
    lead = np.concatenate(d.lead_times_h) if d.lead_times_h else np.empty(0)
    lead_mean_h = math.fsum(lead) / len(lead) if len(lead) else float("nan")   # exact: any order of deliveries
    pc = parcels.counts()
    qc = produce.counts()
    delivered = ledger.delivered
    return {
        "day": day,
        "date": date,
        "parcels_created": d.parcels_created,
        "parcels_delivered": delivered,
        "parcels_delivered_door": d.delivered_door,
        "parcels_fetched_by_villagers": d.delivered_fetched,
        "parcels_waiting": int(pc[flows.WAITING]),
        "parcels_in_vehicles": int(pc[flows.IN_VEHICLE]),
        "backlog_parcels": d.backlog_parcels,
        "cost_per_parcel_down_yuan": _ratio(ledger.down_cost_yuan, delivered),
        "cost_per_kg_up_yuan": _ratio(ledger.up_cost_yuan, d.produce_shipped_kg + d.seller_kg_shipped),
        "operator_cost_yuan": ledger.operator_cost_yuan,
        "operator_cost_down_yuan": ledger.down_cost_yuan,
        "operator_cost_up_yuan": ledger.up_cost_yuan,
        "fleet_fixed_cost_yuan": d.fleet_fixed_cost_yuan,
        "government_cost_yuan": ledger.government_cost_yuan,
        "societal_cost_yuan": ledger.societal_cost_yuan,
        "societal_cost_down_yuan": ledger.societal_down_cost_yuan,
        "societal_cost_per_parcel_yuan": _ratio(ledger.societal_down_cost_yuan, delivered),
        "villager_cost_yuan": ledger.villager_cost_yuan,
        "villager_fees_yuan": d.fetch_fees_yuan,
        "lead_time_mean_h": lead_mean_h,
        "lead_time_p95_h": float(np.percentile(lead, 95)) if len(lead) else float("nan"),
        "lead_time_order_mean_h": lead_mean_h + order_to_hub_h,
        "hub_sort_wait_mean_h": _ratio(d.hub_sort_wait_h_sum, d.parcels_sorted),
        "village_coverage": coverage,
        "door_delivery_share": _ratio(d.delivered_door, delivered),
        "load_factor_trunk_down": _ratio(d.trunk_down_kg_km, d.trunk_capacity_kg_km),
        "load_factor_trunk_up": _ratio(d.trunk_up_kg_km, d.trunk_capacity_kg_km),
        "load_factor_village_down": _ratio(d.village_down_kg_km, d.village_capacity_kg_km),
        "load_factor_village_up": _ratio(d.village_up_kg_km, d.village_capacity_kg_km),
        "empty_km_share_trunk": _emptiness(d.trunk_down_kg_km, d.trunk_up_kg_km, d.trunk_capacity_kg_km),
        "empty_km_share_village": _emptiness(d.village_down_kg_km, d.village_up_kg_km, d.village_capacity_kg_km),
        "vehicle_km": d.trunk_km + d.village_km,
        "trunk_km": d.trunk_km,
        "village_km": d.village_km,
        "trunk_down_kg_km": d.trunk_down_kg_km,
        "trunk_up_kg_km": d.trunk_up_kg_km,
        "trunk_capacity_kg_km": d.trunk_capacity_kg_km,
        "village_down_kg_km": d.village_down_kg_km,
        "village_up_kg_km": d.village_up_kg_km,
        "village_capacity_kg_km": d.village_capacity_kg_km,
        "tours": d.tours,
        "vehicles_used": d.vehicles_used,
        "vehicles_owned": d.vehicles_owned,
        "vans_owned": d.vans_owned,
        "van_km_per_vehicle_day": _ratio(d.village_km, d.vans_owned),
        "co2_kg": ledger.co2_kg,
        "co2_down_kg": ledger.co2_down_kg,
        "co2_kg_per_parcel": _ratio(ledger.co2_down_kg, delivered),
        "villager_km": d.fetch_km + d.produce_run_km,
        "packaging_waste_kg": d.packaging_waste_kg,
        "packaging_co2_kg": d.packaging_co2_kg,
        "packaging_cost_yuan": d.packaging_cost_yuan,
        "produce_created_lots": d.produce_created_lots,
        "produce_shipped_lots": d.produce_shipped_lots,
        "produce_shipped_kg": d.produce_shipped_kg,
        "farmer_income_yuan": d.farmer_income_yuan,
        "produce_lost_lots": d.produce_lost_lots,
        "produce_lost_kg": d.produce_lost_kg,
        "produce_loss_share": _ratio(d.produce_lost_kg, d.produce_shipped_kg + d.produce_lost_kg),
        "produce_graded_out_kg": d.produce_graded_out_kg,
        "seller_parcels_created": d.seller_parcels_created,
        "seller_parcels_shipped": d.seller_parcels_shipped,
        "seller_kg_shipped": d.seller_kg_shipped,
        "produce_waiting_lots": int(qc[flows.WAITING] + qc[flows.IN_VEHICLE]),
        "bus_parcels": d.bus_parcels,
        "bus_lots": d.bus_lots,
        "bus_fees_yuan": d.bus_fees_parcels_yuan + d.bus_fees_produce_yuan,
        "drone_flights": d.drone_flights,
        "drone_cost_yuan": d.drone_cost_yuan,
        "crowd_parcels": d.crowd_parcels,
        "crowd_fees_yuan": d.crowd_fees_yuan,
        "postal_parcels": d.postal_parcels,
        "postal_fees_yuan": d.postal_fees_yuan,
        "keeper_parcels": d.keeper_parcels,
        "keeper_commission_yuan": ledger.keeper_commission_yuan,
        "empties_carried": d.empties_carried,
        "locker_parcels": d.locker_parcels,
        "locker_cost_yuan": d.locker_cost_yuan,
        "public_warehouse_parcels": d.public_warehouse_parcels,
        "warehouse_cost_yuan": d.warehouse_cost_yuan,
        "produce_precooled_kg": d.produce_precooled_kg,
        "warehouse_trucks": d.warehouse_trucks,
    }
