"""One row of the daily KPI table, from the closed day's ledger and the flow tables.

The model keeps the row of the last closed day as ``model.day_kpis``; its ``DataCollector``
records it through :func:`model_reporters`, one reporter per daily KPI of the registry.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from sim import flows
from sim.flows import FlowTable
from sim.kpis.ledger import Ledger
from sim.kpis.registry import DAILY


def _ratio(num: float, den: float) -> float:
    return float(num / den) if den > 0 else float("nan")


def model_reporters() -> dict[str, Callable]:
    """``DataCollector`` model reporters: per daily KPI (registry order), a function of the
    model returning that KPI of the last closed day (``model.day_kpis``)."""
    return {k.key: partial(_closed_day_value, key=k.key) for k in DAILY}


def _closed_day_value(model, key: str):
    return model.day_kpis[key]


def day_row(day: int, date: str, ledger: Ledger, coverage: float, parcels: FlowTable,
            produce: FlowTable) -> dict[str, float | int | str]:
    """One row of the daily KPI table (floats or ints, the date as ISO text, units in the names)."""
    lead = np.concatenate(ledger.day.lead_times_h) if ledger.day.lead_times_h else np.empty(0)
    pc = parcels.counts()
    qc = produce.counts()
    resolved_lots = ledger.day.produce_shipped_lots + ledger.day.produce_spoiled_lots
    resolved_kg = ledger.day.produce_shipped_kg + ledger.day.produce_spoiled_kg
    return {
        "day": day,
        "date": date,
        "parcels_created": ledger.day.parcels_created,
        "parcels_delivered": ledger.delivered,
        "parcels_delivered_door": ledger.day.delivered_door,
        "parcels_fetched_by_villagers": ledger.day.delivered_fetched,
        "parcels_waiting": int(pc[flows.WAITING]),
        "parcels_in_vehicles": int(pc[flows.IN_VEHICLE]),
        "operator_cost_yuan": ledger.operator_cost_yuan,
        "operator_cost_gross_yuan": ledger.operator_cost_gross_yuan,
        "government_cost_yuan": ledger.government_cost_yuan,
        "cost_per_parcel_yuan": _ratio(ledger.operator_cost_yuan, ledger.delivered),
        "bus_parcels": ledger.day.bus_parcels,
        "bus_fees_yuan": ledger.day.bus_fees_yuan,
        "drone_flights": ledger.day.drone_flights,
        "drone_cost_yuan": ledger.day.drone_cost_yuan,
        "crowd_parcels": ledger.day.crowd_parcels,
        "crowd_fees_yuan": ledger.day.crowd_fees_yuan,
        "villager_cost_yuan": ledger.villager_cost_yuan,
        "societal_cost_per_parcel_yuan": _ratio(ledger.operator_cost_yuan + ledger.villager_cost_yuan,
                                                ledger.delivered),
        "lead_time_mean_h": float(lead.mean()) if len(lead) else float("nan"),
        "lead_time_p95_h": float(np.percentile(lead, 95)) if len(lead) else float("nan"),
        "hub_sort_wait_mean_h": _ratio(ledger.day.hub_sort_wait_h_sum, ledger.day.parcels_sorted),
        "village_coverage": coverage,
        "load_factor_down": _ratio(ledger.day.down_kg_km, ledger.day.capacity_kg_km),
        "load_factor_up": _ratio(ledger.day.up_kg_km, ledger.day.capacity_kg_km),
        "vehicle_km": ledger.day.vehicle_km,
        "empty_km": ledger.day.empty_km,
        "down_kg_km": ledger.day.down_kg_km,
        "up_kg_km": ledger.day.up_kg_km,
        "capacity_kg_km": ledger.day.capacity_kg_km,
        "empty_km_share": _ratio(ledger.day.empty_km, ledger.day.vehicle_km),
        "tours": ledger.day.tours,
        "vehicles_used": ledger.day.vehicles_used,
        "co2_kg": ledger.day.co2_kg,
        "co2_kg_per_parcel": _ratio(ledger.day.co2_kg, ledger.delivered),
        "villager_pickup_km": ledger.day.villager_km,
        "produce_created_lots": int(qc.sum()),
        "produce_shipped_lots": ledger.day.produce_shipped_lots,
        "produce_spoiled_lots": ledger.day.produce_spoiled_lots,
        "produce_waiting_lots": int(qc[flows.WAITING] + qc[flows.IN_VEHICLE]),
        "spoilage_share": _ratio(ledger.day.produce_spoiled_lots, resolved_lots),
        "spoilage_share_weight": _ratio(ledger.day.produce_spoiled_kg, resolved_kg),
    }

