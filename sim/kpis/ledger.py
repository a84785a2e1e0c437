"""The day's ledger: what operators, vehicles and villagers did, recorded as it happens.

The model hands one :class:`DayLedger` per day to its agents; at midnight it is closed into
a row of the daily KPI table (:mod:`.daily`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.config.schema import CostsConfig, PoliciesConfig, VehicleSpec
from sim.flows import FlowTable


@dataclass
class DayLedger:
    """What happened on one simulated day; the model closes it into a KPI row."""

    costs: CostsConfig
    policies: PoliciesConfig = field(default_factory=PoliciesConfig)
    service_points: int = 0
    vehicle_km: float = 0.0
    empty_km: float = 0.0
    down_kg_km: float = 0.0
    up_kg_km: float = 0.0
    capacity_kg_km: float = 0.0
    fixed_cost_yuan: float = 0.0
    km_cost_yuan: float = 0.0
    handling_cost_yuan: float = 0.0
    co2_kg: float = 0.0
    tours: int = 0
    vehicles_used: int = 0
    parcels_sorted: int = 0
    hub_sort_wait_h_sum: float = 0.0
    delivered_door: int = 0
    delivered_fetched: int = 0
    lead_times_h: list[np.ndarray] = field(default_factory=list)
    villager_trips: float = 0.0
    villager_km: float = 0.0
    produce_shipped_lots: int = 0
    produce_shipped_kg: float = 0.0
    produce_spoiled_lots: int = 0
    produce_spoiled_kg: float = 0.0
    facility_cost_yuan: float = 0.0      # cold rooms, automatic sorting line (per day)
    bus_parcels: int = 0
    bus_fees_yuan: float = 0.0
    drone_flights: int = 0
    drone_cost_yuan: float = 0.0
    crowd_parcels: int = 0
    crowd_fees_yuan: float = 0.0

    # -- recorders ---------------------------------------------------------------------
    def tour(self, spec: VehicleSpec, legs_km: np.ndarray, delivery_kg: np.ndarray,
             pickup_kg: np.ndarray, fixed_cost: bool) -> float:
        """Record a tour (``legs_km`` has one more entry than the stops: the return).

        Returns the tour's cost in yuan: per km (plus refrigeration with a cold chain) and
        the vehicle's fixed cost for the day when this is its first tour of the day.
        """
        down = np.concatenate([[delivery_kg.sum()], delivery_kg.sum() - np.cumsum(delivery_kg)])
        up = np.concatenate([[0.0], np.cumsum(pickup_kg)])
        km = float(legs_km.sum())
        self.vehicle_km += km
        self.empty_km += float(legs_km[(down <= 1e-9) & (up <= 1e-9)].sum())
        self.down_kg_km += float((down * legs_km).sum())
        self.up_kg_km += float((up * legs_km).sum())
        self.capacity_kg_km += spec.capacity_kg * km
        cold = self.policies.cold_chain
        per_km = spec.cost_per_km_yuan + (cold.extra_cost_per_km_yuan if cold.enabled else 0.0)
        cost = per_km * km
        self.km_cost_yuan += cost
        self.co2_kg += spec.co2_kg_per_km * km
        self.tours += 1
        if fixed_cost:
            self.fixed_cost_yuan += spec.fixed_cost_per_day_yuan
            self.vehicles_used += 1
            cost += spec.fixed_cost_per_day_yuan
        return cost

    def facility_cost(self, yuan: float) -> None:
        self.facility_cost_yuan += yuan

    def bus_carried(self, n: int, fee_yuan: float) -> None:
        self.bus_parcels += n
        self.bus_fees_yuan += n * fee_yuan

    def drone_flight(self, cost_yuan: float, co2_kg: float) -> None:
        self.drone_flights += 1
        self.drone_cost_yuan += cost_yuan
        self.co2_kg += co2_kg

    def crowd_delivered(self, rows: np.ndarray, parcels: FlowTable, fee_yuan: float) -> None:
        self.crowd_parcels += len(rows)
        self.crowd_fees_yuan += len(rows) * fee_yuan
        self.delivered_door += len(rows)
        self.lead_times_h.append(parcels.done_h[rows] - parcels.created_h[rows])

    def hub_sorted(self, n: int, mean_wait_h: float) -> None:
        self.parcels_sorted += n
        self.hub_sort_wait_h_sum += n * mean_wait_h

    def handling(self, yuan: float) -> None:
        self.handling_cost_yuan += yuan

    def parcels_delivered(self, rows: np.ndarray, parcels: FlowTable) -> None:
        self.delivered_door += len(rows)
        self.lead_times_h.append(parcels.done_h[rows] - parcels.created_h[rows])

    def villager_pickups(self, rows: np.ndarray, parcels: FlowTable, trips: float, km: float) -> None:
        self.delivered_fetched += len(rows)
        self.lead_times_h.append(parcels.done_h[rows] - parcels.created_h[rows])
        self.villager_trips += trips
        self.villager_km += km

    def villager_trips_made(self, trips: int, km: float) -> None:
        """Villagers' own trips other than fetching parcels (taking produce to the township)."""
        self.villager_trips += trips
        self.villager_km += km

    def produce_shipped(self, rows: np.ndarray, produce: FlowTable) -> None:
        self.produce_shipped_lots += len(rows)
        self.produce_shipped_kg += float(produce.weight_kg[rows].sum())

    def produce_spoiled(self, rows: np.ndarray, produce: FlowTable) -> None:
        self.produce_spoiled_lots += len(rows)
        self.produce_spoiled_kg += float(produce.weight_kg[rows].sum())

    # -- derived -------------------------------------------------------------------------
    @property
    def delivered(self) -> int:
        return self.delivered_door + self.delivered_fetched

    @property
    def operator_cost_gross_yuan(self) -> float:
        """Everything the operators pay, before subsidies."""
        return (self.fixed_cost_yuan + self.km_cost_yuan + self.handling_cost_yuan + self.facility_cost_yuan
                + self.bus_fees_yuan + self.drone_cost_yuan + self.crowd_fees_yuan)

    @property
    def government_cost_yuan(self) -> float:
        """Subsidies paid: per parcel delivered, per tour operated, per service point."""
        sub = self.policies.subsidy
        return (sub.per_parcel_yuan * self.delivered + sub.per_route_yuan * self.tours
                + sub.per_service_point_per_day_yuan * self.service_points)

    @property
    def operator_cost_yuan(self) -> float:
        """What the operators bear: gross cost less subsidies."""
        return self.operator_cost_gross_yuan - self.government_cost_yuan

    @property
    def villager_cost_yuan(self) -> float:
        c = self.costs
        return self.villager_km * c.villager_cost_per_km_yuan + self.villager_trips * c.villager_pickup_fee_yuan

