"""The ledger agents record into as things happen: the day's totals, and per-village records.

The model makes one :class:`Ledger` for the run and hands it to its agents; they call its
recorder methods (a tour driven, parcels delivered, a drone flight, …) and never touch the
model's attributes. At midnight the model closes the day's totals (:class:`DayTotals`)
into a row of the daily KPI table (:mod:`.daily`) and opens the next day. The run-long
records — each village's share of the last-leg cost and the days it had door service —
feed the village table and the coverage KPIs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.config.schema import CostsConfig, PoliciesConfig, VehicleSpec
from sim.flows import FlowTable


@dataclass
class DayTotals:
    """What happened on one simulated day (sums since midnight, units in the names)."""

    parcels_created: int = 0
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


class Ledger:
    """The run's ledger: today's :class:`DayTotals` and the per-village records.

    ``villages`` are the facility indices of the villages (ascending), ``n_facilities``
    the size of the facility arrays, ``service_points`` the number of village service
    points (for the per-point subsidy).
    """

    def __init__(self, costs: CostsConfig, policies: PoliciesConfig, service_points: int,
                 villages: np.ndarray, n_facilities: int) -> None:
        self.costs = costs
        self.policies = policies
        self.service_points = service_points
        self.day = DayTotals()
        self._village0 = int(villages[0]) if len(villages) else n_facilities
        self._n_villages = len(villages)
        self.village_cost_yuan = np.zeros(n_facilities)   # last-leg cost per facility (villages)
        self._door_rows: list[np.ndarray] = []          # per day: villages with a door delivery

    def open_day(self) -> None:
        """Start a new day: fresh totals, no door delivery yet."""
        self.day = DayTotals()
        self._door_rows.append(np.zeros(self._n_villages, dtype=bool))

    # -- per-village records -------------------------------------------------------------
    def door_visit(self, village: int) -> None:
        """A parcel was handed over at ``village``'s door today."""
        self._door_rows[-1][village - self._village0] = True

    def village_leg_cost(self, villages: np.ndarray | int, yuan: np.ndarray | float) -> None:
        """Add last-leg cost to villages (``np.add.at`` semantics: repeats add up)."""
        np.add.at(self.village_cost_yuan, villages, yuan)

    def door_days(self, days: int) -> np.ndarray:
        """(days, villages) booleans for the first ``days`` days: a door delivery that day."""
        return np.array(self._door_rows[:days]) if days else np.zeros((0, self._n_villages), bool)

    def coverage(self, window_days: int) -> float:
        """Share of villages with a door delivery in the last ``window_days`` days (today included)."""
        window = np.array(self._door_rows[-window_days:])
        return float(window.any(axis=0).mean()) if window.shape[1] else float("nan")

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
        self.day.vehicle_km += km
        self.day.empty_km += float(legs_km[(down <= 1e-9) & (up <= 1e-9)].sum())
        self.day.down_kg_km += float((down * legs_km).sum())
        self.day.up_kg_km += float((up * legs_km).sum())
        self.day.capacity_kg_km += spec.capacity_kg * km
        cold = self.policies.cold_chain
        per_km = spec.cost_per_km_yuan + (cold.extra_cost_per_km_yuan if cold.enabled else 0.0)
        cost = per_km * km
        self.day.km_cost_yuan += cost
        self.day.co2_kg += spec.co2_kg_per_km * km
        self.day.tours += 1
        if fixed_cost:
            self.day.fixed_cost_yuan += spec.fixed_cost_per_day_yuan
            self.day.vehicles_used += 1
            cost += spec.fixed_cost_per_day_yuan
        return cost

    def parcels_arrived(self, n: int) -> None:
        """``n`` parcels for the villages arrived at the county hub."""
        self.day.parcels_created += n

    def facility_cost(self, yuan: float) -> None:
        self.day.facility_cost_yuan += yuan

    def bus_carried(self, n: int, fee_yuan: float) -> None:
        self.day.bus_parcels += n
        self.day.bus_fees_yuan += n * fee_yuan

    def drone_flight(self, cost_yuan: float, co2_kg: float) -> None:
        self.day.drone_flights += 1
        self.day.drone_cost_yuan += cost_yuan
        self.day.co2_kg += co2_kg

    def crowd_delivered(self, rows: np.ndarray, parcels: FlowTable, fee_yuan: float) -> None:
        self.day.crowd_parcels += len(rows)
        self.day.crowd_fees_yuan += len(rows) * fee_yuan
        self.day.delivered_door += len(rows)
        self.day.lead_times_h.append(parcels.done_h[rows] - parcels.created_h[rows])

    def hub_sorted(self, n: int, mean_wait_h: float) -> None:
        self.day.parcels_sorted += n
        self.day.hub_sort_wait_h_sum += n * mean_wait_h

    def handling(self, yuan: float) -> None:
        self.day.handling_cost_yuan += yuan

    def parcels_delivered(self, rows: np.ndarray, parcels: FlowTable) -> None:
        self.day.delivered_door += len(rows)
        self.day.lead_times_h.append(parcels.done_h[rows] - parcels.created_h[rows])

    def villager_pickups(self, rows: np.ndarray, parcels: FlowTable, trips: float, km: float) -> None:
        self.day.delivered_fetched += len(rows)
        self.day.lead_times_h.append(parcels.done_h[rows] - parcels.created_h[rows])
        self.day.villager_trips += trips
        self.day.villager_km += km

    def villager_trips_made(self, trips: int, km: float) -> None:
        """Villagers' own trips other than fetching parcels (taking produce to the township)."""
        self.day.villager_trips += trips
        self.day.villager_km += km

    def produce_shipped(self, rows: np.ndarray, produce: FlowTable) -> None:
        self.day.produce_shipped_lots += len(rows)
        self.day.produce_shipped_kg += float(produce.weight_kg[rows].sum())

    def produce_spoiled(self, rows: np.ndarray, produce: FlowTable) -> None:
        self.day.produce_spoiled_lots += len(rows)
        self.day.produce_spoiled_kg += float(produce.weight_kg[rows].sum())

    # -- today's derived totals ------------------------------------------------------------
    @property
    def delivered(self) -> int:
        return self.day.delivered_door + self.day.delivered_fetched

    @property
    def operator_cost_gross_yuan(self) -> float:
        """Everything the operators pay, before subsidies."""
        return (self.day.fixed_cost_yuan + self.day.km_cost_yuan + self.day.handling_cost_yuan + self.day.facility_cost_yuan
                + self.day.bus_fees_yuan + self.day.drone_cost_yuan + self.day.crowd_fees_yuan)

    @property
    def government_cost_yuan(self) -> float:
        """Subsidies paid: per parcel delivered, per tour operated, per service point."""
        sub = self.policies.subsidy
        return (sub.per_parcel_yuan * self.delivered + sub.per_route_yuan * self.day.tours
                + sub.per_service_point_per_day_yuan * self.service_points)

    @property
    def operator_cost_yuan(self) -> float:
        """What the operators bear: gross cost less subsidies."""
        return self.operator_cost_gross_yuan - self.government_cost_yuan

    @property
    def villager_cost_yuan(self) -> float:
        c = self.costs
        return self.day.villager_km * c.villager_cost_per_km_yuan + self.day.villager_trips * c.villager_pickup_fee_yuan
