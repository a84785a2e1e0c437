"""What happened on one simulated day: the totals the ledger (:mod:`sim.kpis.ledger`) adds up
since midnight, units in the names."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class DayTotals:
    """What happened on one simulated day (sums since midnight, units in the names)."""

    parcels_created: int = 0
    # vehicles, per leg: km, load·km each way, capacity·km
    trunk_km: float = 0.0
    trunk_down_kg_km: float = 0.0
    trunk_up_kg_km: float = 0.0
    trunk_capacity_kg_km: float = 0.0
    village_km: float = 0.0
    village_down_kg_km: float = 0.0
    village_up_kg_km: float = 0.0
    village_capacity_kg_km: float = 0.0
    produce_trip_km: float = 0.0          # km of trips that carry produce only
    tours: int = 0
    vehicles_used: int = 0                # vehicles that drove today
    vehicles_owned: int = 0               # owned at the end of the day
    vans_owned: int = 0                   # village-leg vehicles owned
    # operators' costs (yuan)
    parcel_km_cost_yuan: float = 0.0
    produce_km_cost_yuan: float = 0.0
    refrigeration_km_cost_yuan: float = 0.0
    fleet_fixed_cost_yuan: float = 0.0
    fleet_fixed_up_yuan: float = 0.0      # ... booked to produce by each vehicle's own km
    fleet_fixed_idle_yuan: float = 0.0    # ... of vehicles that never drove yet (split by the day's km)
    hub_handling_yuan: float = 0.0
    station_handling_yuan: float = 0.0
    office_cost_yuan: float = 0.0
    sorting_line_cost_yuan: float = 0.0
    cold_storage_cost_yuan: float = 0.0
    bus_parcels: int = 0
    bus_lots: int = 0
    bus_fees_parcels_yuan: float = 0.0
    bus_fees_produce_yuan: float = 0.0
    crowd_parcels: int = 0
    crowd_fees_yuan: float = 0.0
    drone_flights: int = 0
    drone_cost_yuan: float = 0.0
    postal_parcels: int = 0
    postal_fees_yuan: float = 0.0
    keeper_parcels: int = 0               # parcels handed over at service points (commission base)
    # emissions of trucks, vans and drones (kg CO₂)
    co2_parcels_kg: float = 0.0
    co2_produce_kg: float = 0.0
    # villagers' own trips
    fetch_trips: float = 0.0
    fetch_km: float = 0.0
    fetch_hours: float = 0.0
    fetch_fees_yuan: float = 0.0          # pickup fees paid at outlets (a transfer)
    produce_run_km: float = 0.0           # farmers taking produce to the township
    produce_run_hours: float = 0.0
    # service
    delivered_door: int = 0
    delivered_fetched: int = 0
    lead_times_h: list[np.ndarray] = field(default_factory=list)
    parcels_sorted: int = 0
    hub_sort_wait_h_sum: float = 0.0
    backlog_parcels: int = 0              # parcels a capacity limit held back today
    # produce
    produce_created_lots: int = 0
    produce_shipped_lots: int = 0
    produce_shipped_kg: float = 0.0
    farmer_income_yuan: float = 0.0       # produce shipped at farm-gate prices
    seller_parcels_created: int = 0       # local sellers' outbound parcels handed in
    seller_parcels_shipped: int = 0
    seller_kg_shipped: float = 0.0
    public_warehouse_parcels: int = 0     # ... of which shipped from stock at the public warehouse
    public_warehouse_cost_yuan: float = 0.0
    produce_lost_lots: int = 0
    produce_lost_kg: float = 0.0
    produce_graded_out_kg: float = 0.0    # sorted out at harvest, before the logistics chain
    # packaging (single-use and returnable), and empties carried back
    packaging_cost_yuan: float = 0.0
    packaging_waste_kg: float = 0.0
    packaging_co2_kg: float = 0.0
    empties_carried: float = 0.0          # empty crates and boxes that rode a tour
    # lockers
    locker_parcels: int = 0               # left in village lockers or fetched from township ones
    locker_cost_yuan: float = 0.0
    # forward warehouses
    warehouse_cost_yuan: float = 0.0      # stores' daily cost and pre-cooling energy
    produce_precooled_kg: float = 0.0
    warehouse_trucks: int = 0             # full trucks out of the county from township stores
