"""The ledger agents record into as things happen: the day's totals, and per-village records.

The model makes one :class:`Ledger` for the run and hands it to its agents; they call its
recorder methods (a tour driven, parcels delivered, a drone flight, …) and never touch the
model's attributes. At midnight the model closes the day's totals (:class:`DayTotals`)
into a row of the daily KPI table (:mod:`.daily`) and opens the next day. The run-long
records — each village's share of the last-leg cost and the days it had door service —
feed the village table and the coverage KPIs.

Accounting (what the KPI definitions in :mod:`.registry` rest on):

- Operators' costs are resources they use — vehicle km, the daily fixed cost of every
  vehicle they own (driven or not), offices, handling, facilities — and services they buy
  (rural buses, couriers, drones, the postal partner's hand-over, keepers' commission).
  Costs are split into moving parcels down (工业品下乡) and produce up (农产品进城): trips
  that carry only produce, refrigeration, cold rooms and bus fees for lots are upstream;
  shared rounds are downstream (parcels are why they run); owned vehicles' fixed cost is
  split by the day's km.
- Transfers are kept apart: subsidies (government → operators) and the pickup fees
  villagers pay at outlets. They change who pays, not what the county spends, so the
  societal cost leaves them out.
- Villagers' own trips cost vehicle km and time (valued per hour) and emit CO₂.
"""

from __future__ import annotations

import numpy as np

from sim.config.policies import PoliciesConfig
from sim.config.schema import CostsConfig, VehicleSpec
from sim.flows import FlowTable
from sim.kpis.day_totals import DayTotals

LEGS = ("trunk", "village")


class Ledger:
    """The run's ledger: today's :class:`DayTotals` and the per-village records.

    ``villages`` are the facility indices of the villages (ascending), ``n_facilities``
    the size of the facility arrays, ``service_points`` the number of village service
    points (for the per-point subsidy), ``crop_prices`` the farm-gate yuan per kg by crop.
    """

    def __init__(self, costs: CostsConfig, policies: PoliciesConfig, service_points: int,
                 villages: np.ndarray, n_facilities: int, crop_prices: np.ndarray) -> None:
        self.costs = costs
        self.crop_prices = crop_prices                    # yuan per kg, by crop index
        self.policies = policies
        self.service_points = service_points
        self.day = DayTotals()
        self._village0 = int(villages[0]) if len(villages) else n_facilities
        self._n_villages = len(villages)
        self.village_cost_yuan = np.zeros(n_facilities)   # last-leg cost per facility (villages)
        self.keeper_parcels = np.zeros(n_facilities, np.int64)   # parcels handed over at each point
        self._door_rows: list[np.ndarray] = []          # per day: villages with a door delivery
        self._due_rows: list[np.ndarray] = []           # per day: villages with parcels due on a scheduled round

    def open_day(self) -> None:
        """Start a new day: fresh totals, no door delivery yet."""
        self.day = DayTotals()
        self._door_rows.append(np.zeros(self._n_villages, dtype=bool))
        self._due_rows.append(np.zeros(self._n_villages, dtype=bool))

    # -- per-village records -------------------------------------------------------------
    def door_visit(self, village: int) -> None:
        """A parcel was handed over at ``village``'s door today."""
        self._door_rows[-1][village - self._village0] = True

    def due(self, villages: np.ndarray) -> None:
        """Parcels for ``villages`` waited at their township when today's scheduled rounds left."""
        self._due_rows[-1][villages - self._village0] = True

    def village_leg_cost(self, villages: np.ndarray | int, yuan: np.ndarray | float) -> None:
        """Add last-leg cost to villages (``np.add.at`` semantics: repeats add up)."""
        np.add.at(self.village_cost_yuan, villages, yuan)

    def door_days(self, days: int) -> np.ndarray:
        """(days, villages) booleans for the first ``days`` days: a door delivery that day."""
        return np.array(self._door_rows[:days]) if days else np.zeros((0, self._n_villages), bool)

    def missed_days(self, days: int) -> np.ndarray:
        """(days, villages) booleans for the first ``days`` days: parcels were due on a scheduled
        round and the village had no door delivery that day."""
        if not days:
            return np.zeros((0, self._n_villages), bool)
        return np.array(self._due_rows[:days]) & ~np.array(self._door_rows[:days])

    def coverage(self, window_days: int) -> float:
        """Share of villages that missed no scheduled door service in the last ``window_days``
        days (today included)."""
        due = np.array(self._due_rows[-window_days:])
        if not due.shape[1]:
            return float("nan")
        return float(1.0 - (due & ~np.array(self._door_rows[-window_days:])).any(axis=0).mean())

    # -- vehicles ------------------------------------------------------------------------
    def tour(self, spec: VehicleSpec, legs_km: np.ndarray, delivery_kg: np.ndarray, pickup_kg: np.ndarray, *,
             leg: str, produce_only: bool = False, refrigerated: bool = False) -> float:
        """Record a tour of ``leg`` ("trunk" or "village"); ``legs_km`` has one more entry
        than the stops (the return). Returns its km cost in yuan (refrigeration included
        when ``refrigerated``); vehicles' fixed costs are booked by :meth:`fleet_day`."""
        down = np.concatenate([[delivery_kg.sum()], delivery_kg.sum() - np.cumsum(delivery_kg)])
        up = np.concatenate([[0.0], np.cumsum(pickup_kg)])
        km = float(legs_km.sum())
        d = self.day
        setattr(d, f"{leg}_km", getattr(d, f"{leg}_km") + km)
        setattr(d, f"{leg}_down_kg_km", getattr(d, f"{leg}_down_kg_km") + float((down * legs_km).sum()))
        setattr(d, f"{leg}_up_kg_km", getattr(d, f"{leg}_up_kg_km") + float((up * legs_km).sum()))
        setattr(d, f"{leg}_capacity_kg_km", getattr(d, f"{leg}_capacity_kg_km") + spec.capacity_kg * km)
        cost = spec.cost_per_km_yuan * km
        cold = self.policies.cold_chain.extra_cost_per_km_yuan * km if refrigerated else 0.0
        co2 = spec.co2_kg_per_km * km
        if produce_only:
            d.produce_trip_km += km
            d.produce_km_cost_yuan += cost
            d.co2_produce_kg += co2
        else:
            d.parcel_km_cost_yuan += cost
            d.co2_parcels_kg += co2
        d.refrigeration_km_cost_yuan += cold
        d.tours += 1
        return cost + cold

    def fleet_day(self, owned: list[VehicleSpec], used: int, vans: int, up_yuan: float, idle_yuan: float) -> None:
        """The day's fleet: every owned vehicle pays its fixed cost; ``used`` of them drove;
        ``vans`` are village-leg vehicles. Of the fixed cost, ``up_yuan`` goes to produce
        (each vehicle's share of produce-only km); ``idle_yuan`` is that of vehicles that never
        drove yet (split by the day's km)."""
        self.day.fleet_fixed_cost_yuan += sum(s.fixed_cost_per_day_yuan for s in owned)
        self.day.fleet_fixed_up_yuan += up_yuan
        self.day.fleet_fixed_idle_yuan += idle_yuan
        self.day.vehicles_owned += len(owned)
        self.day.vehicles_used += used
        self.day.vans_owned += vans

    # -- facilities, handling, services ---------------------------------------------------
    def parcels_arrived(self, n: int) -> None:
        """``n`` parcels for the villages arrived at the county hub."""
        self.day.parcels_created += n

    def office_cost(self, yuan: float) -> None:
        """Township offices: the joint station, or each brand's outlet (rent and staff)."""
        self.day.office_cost_yuan += yuan

    def sorting_line_cost(self, yuan: float) -> None:
        self.day.sorting_line_cost_yuan += yuan

    def cold_storage_cost(self, yuan: float) -> None:
        self.day.cold_storage_cost_yuan += yuan

    def hub_handling(self, n: int) -> None:
        self.day.hub_handling_yuan += n * self.costs.hub_handling_yuan_per_parcel

    def station_handling(self, n: int) -> None:
        self.day.station_handling_yuan += n * self.costs.station_handling_yuan_per_parcel

    def hub_sorted(self, n: int, mean_wait_h: float) -> None:
        self.day.parcels_sorted += n
        self.day.hub_sort_wait_h_sum += n * mean_wait_h

    def backlog(self, n: int) -> None:
        """``n`` parcels were held back by a capacity limit (station, fleet) today."""
        self.day.backlog_parcels += n

    def bus_carried(self, parcels: int, lots: int, fee_yuan: float) -> None:
        self.day.bus_parcels += parcels
        self.day.bus_lots += lots
        self.day.bus_fees_parcels_yuan += parcels * fee_yuan
        self.day.bus_fees_produce_yuan += lots * fee_yuan

    def drone_flight(self, cost_yuan: float, co2_kg: float) -> None:
        self.day.drone_flights += 1
        self.day.drone_cost_yuan += cost_yuan
        self.day.co2_parcels_kg += co2_kg

    def drone_fleet(self, yuan: float) -> None:
        """The drones' fixed cost for the day."""
        self.day.drone_cost_yuan += yuan

    def postal_handover(self, n: int) -> None:
        """Brands handed ``n`` parcels to the postal partner at a township (邮快合作)."""
        self.day.postal_parcels += n
        self.day.postal_fees_yuan += n * self.policies.postal_express.fee_yuan_per_parcel

    # -- deliveries and villagers ---------------------------------------------------------
    def parcels_handed_over(self, rows: np.ndarray, parcels: FlowTable, villages: np.ndarray,
                            locker: np.ndarray) -> None:
        """Parcels ``rows`` handed over at the villages ``villages`` (one per row): into a
        locker where ``locker``, else to the service point's keeper (commission); each
        village had a door visit."""
        d = self.day
        d.delivered_door += len(rows)
        d.lead_times_h.append(parcels.done_h[rows] - parcels.created_h[rows])
        kept = villages[~locker]
        np.add.at(self.keeper_parcels, kept, 1)
        d.keeper_parcels += len(kept)
        d.locker_parcels += len(rows) - len(kept)
        self._door_rows[-1][villages - self._village0] = True

    def crowd_delivered(self, rows: np.ndarray, parcels: FlowTable, fee_yuan: float) -> None:
        self.day.crowd_parcels += len(rows)
        self.day.crowd_fees_yuan += len(rows) * fee_yuan
        self.day.delivered_door += len(rows)
        self.day.lead_times_h.append(parcels.done_h[rows] - parcels.created_h[rows])

    def villager_pickups(self, rows: np.ndarray, parcels: FlowTable, trips: float, km: float,
                         hours: float, paying: int) -> None:
        """Villagers fetched ``rows`` at an outlet: ``trips`` trips, ``km`` and ``hours`` of their
        own; ``paying`` of the parcels at the counter (the fee), the rest from self-pickup lockers."""
        self.day.delivered_fetched += len(rows)
        self.day.lead_times_h.append(parcels.done_h[rows] - parcels.created_h[rows])
        self.day.fetch_trips += trips
        self.day.fetch_km += km
        self.day.fetch_hours += hours
        self.day.fetch_fees_yuan += paying * self.costs.villager_pickup_fee_yuan_per_parcel
        self.day.locker_parcels += len(rows) - paying

    def produce_runs(self, trips: int, km: float, hours: float) -> None:
        """Farmers' own trips taking produce to the township (villages without a service point)."""
        self.day.produce_run_km += km
        self.day.produce_run_hours += hours

    # -- produce -------------------------------------------------------------------------
    def produce_created(self, n: int) -> None:
        self.day.produce_created_lots += n

    def sellers_created(self, n: int) -> None:
        self.day.seller_parcels_created += n

    def public_warehouse_parcels(self, n: int) -> None:
        """``n`` sellers' parcels left from stock at the public warehouse today."""
        self.day.public_warehouse_parcels += n

    def public_warehouse_day(self, yuan: float) -> None:
        self.day.public_warehouse_cost_yuan += yuan

    def produce_shipped(self, rows: np.ndarray, produce: FlowTable) -> None:
        """Upstream ``rows`` left the county: lots sold at the crops' farm-gate prices, and
        local sellers' parcels (product indices after the crops)."""
        kg = produce.weight_kg[rows]
        product = produce.product[rows]
        crop = product < len(self.crop_prices)
        d = self.day
        d.produce_shipped_lots += int(crop.sum())
        d.produce_shipped_kg += float(kg[crop].sum())
        d.farmer_income_yuan += float((kg[crop] * self.crop_prices[product[crop]]).sum())
        d.seller_parcels_shipped += int((~crop).sum())
        d.seller_kg_shipped += float(kg[~crop].sum())

    def produce_lost(self, rows: np.ndarray, produce: FlowTable) -> None:
        """Lots ``rows`` went off before leaving the county."""
        self.day.produce_lost_lots += len(rows)
        self.day.produce_lost_kg += float(produce.weight_kg[rows].sum())

    def produce_graded_out(self, kg: float) -> None:
        """Kg sorted out at harvest today (not sellable; not a logistics loss)."""
        self.day.produce_graded_out_kg += kg

    def packaging(self, yuan: float, waste_kg: float, co2_kg: float) -> None:
        """Packaging used today: its cost (whoever pays), the waste it leaves, its CO₂."""
        d = self.day
        d.packaging_cost_yuan += yuan
        d.packaging_waste_kg += waste_kg
        d.packaging_co2_kg += co2_kg

    def empties_carried(self, n: float) -> None:
        """``n`` empty crates and boxes rode a tour back."""
        self.day.empties_carried += n

    def locker_day(self, yuan: float) -> None:
        """The locker banks' cost for the day."""
        self.day.locker_cost_yuan += yuan

    def warehouse_day(self, yuan: float) -> None:
        """The forward warehouses' cost for the day (store, staff)."""
        self.day.warehouse_cost_yuan += yuan

    def warehouse_precooled(self, kg: float, yuan: float) -> None:
        """``kg`` of produce pre-cooled at a forward warehouse, for ``yuan`` of energy."""
        self.day.produce_precooled_kg += kg
        self.day.warehouse_cost_yuan += yuan

    def warehouse_truck(self) -> None:
        self.day.warehouse_trucks += 1

    # -- today's derived totals ----------------------------------------------------------
    @property
    def delivered(self) -> int:
        return self.day.delivered_door + self.day.delivered_fetched

    @property
    def _produce_km_share(self) -> float:
        d = self.day
        km = d.trunk_km + d.village_km
        return d.produce_trip_km / km if km > 0 else 0.0

    @property
    def keeper_commission_yuan(self) -> float:
        """Today's commission to service-point keepers (parcels handed over × the rate)."""
        return self.day.keeper_parcels * self.costs.keeper_commission_yuan_per_parcel

    @property
    def _fixed_up_yuan(self) -> float:
        """The fleet's fixed cost booked to produce: each vehicle's share of produce-only km,
        and vehicles that never drove by the day's km."""
        d = self.day
        return d.fleet_fixed_up_yuan + d.fleet_fixed_idle_yuan * self._produce_km_share

    @property
    def down_cost_yuan(self) -> float:
        """Operators' cost of moving parcels to the villages, gross of subsidies."""
        d = self.day
        return (d.parcel_km_cost_yuan + d.fleet_fixed_cost_yuan - self._fixed_up_yuan
                + d.hub_handling_yuan + d.station_handling_yuan + d.office_cost_yuan + d.sorting_line_cost_yuan
                + d.bus_fees_parcels_yuan + d.crowd_fees_yuan + d.drone_cost_yuan + d.postal_fees_yuan
                + self.keeper_commission_yuan + d.locker_cost_yuan)

    @property
    def up_cost_yuan(self) -> float:
        """Operators' cost of bringing produce and local sellers' parcels out: trips that carry
        nothing else, their share of the fleet's fixed cost, refrigeration, cold rooms, bus fees
        for lots, forward and public warehouses."""
        d = self.day
        return (d.produce_km_cost_yuan + self._fixed_up_yuan
                + d.refrigeration_km_cost_yuan + d.cold_storage_cost_yuan + d.bus_fees_produce_yuan
                + d.warehouse_cost_yuan + d.public_warehouse_cost_yuan)

    @property
    def operator_cost_yuan(self) -> float:
        """Everything the operators spend, before subsidies."""
        return self.down_cost_yuan + self.up_cost_yuan

    @property
    def government_cost_yuan(self) -> float:
        """Subsidies paid: per parcel delivered, per tour operated, per service point."""
        sub = self.policies.subsidy
        return (sub.per_parcel_yuan * self.delivered + sub.per_route_yuan * self.day.tours
                + sub.per_service_point_per_day_yuan * self.service_points)

    def _villager_cost(self, km: float, hours: float) -> float:
        c = self.costs
        return km * c.villager_vehicle_cost_per_km_yuan + hours * c.villager_time_value_yuan_per_h

    @property
    def villager_cost_yuan(self) -> float:
        """Villagers' own trips (fetching parcels, taking produce): vehicle km and time."""
        d = self.day
        return self._villager_cost(d.fetch_km + d.produce_run_km, d.fetch_hours + d.produce_run_hours)

    @property
    def co2_kg(self) -> float:
        """All CO₂: trucks, vans, drones and villagers' trips."""
        d = self.day
        return d.co2_parcels_kg + d.co2_produce_kg + (d.fetch_km + d.produce_run_km) * self.costs.villager_co2_kg_per_km

    @property
    def co2_down_kg(self) -> float:
        """CO₂ of moving parcels: vehicles on parcel tours, villagers fetching parcels."""
        return self.day.co2_parcels_kg + self.day.fetch_km * self.costs.villager_co2_kg_per_km

    @property
    def societal_cost_yuan(self) -> float:
        """Operators' costs, villagers' trips and CO₂ at the carbon price; transfers left out."""
        return self.operator_cost_yuan + self.villager_cost_yuan + self.co2_kg / 1000.0 * self.costs.carbon_price_yuan_per_t

    @property
    def societal_down_cost_yuan(self) -> float:
        """The societal cost of getting parcels to the villages (produce left out)."""
        d = self.day
        return (self.down_cost_yuan + self._villager_cost(d.fetch_km, d.fetch_hours)
                + self.co2_down_kg / 1000.0 * self.costs.carbon_price_yuan_per_t)
