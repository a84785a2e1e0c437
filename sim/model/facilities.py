"""Facilities of the three-tier network, fixed on the road graph's cells.

- :class:`CountyHub` (县级物流配送中心): parcels arrive and are sorted here; produce leaves
  the county on the outbound linehaul.
- :class:`TownshipStation` (乡镇中转站): hands parcels to couriers, villagers and drones.
- :class:`VillagePoint` (村级服务点): where parcels are handed over and produce is collected.

Each keeps count of the parcels and lots waiting there; vehicles and the dispatch rules
change those counts through :meth:`Facility.add_parcels` and friends, never directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from mesa.discrete_space import FixedAgent

from sim import flows
from sim.flows import group_rows
from sim.kpis import Ledger
from sim.model.loads import NO_ROWS, Stop, pack

if TYPE_CHECKING:
    from sim.model.model import RuralLogisticsModel


class Facility(FixedAgent):
    """A node of the three-tier network. ``index`` is its row in the geography arrays."""

    def __init__(self, model: "RuralLogisticsModel", index: int, ledger: Ledger) -> None:
        super().__init__(model)
        geo = model.geography
        self.index = index
        self.ledger = ledger
        self.facility_id = str(geo.facility_id[index])
        self.name = str(geo.name[index])
        self.cell = model.space[geo.node[index]]
        self.parcels_waiting = 0   # parcels at this facility (WAITING rows located here)
        self.produce_waiting = 0   # produce lots at this facility
        self.out_day = -1          # the day out_today counts
        self.out_today = 0         # parcels that left today (loaded, fetched, carried away)

    def add_parcels(self, n: int) -> None:
        """``n`` parcels are now waiting here."""
        self.parcels_waiting += n

    def remove_parcels(self, n: int) -> None:
        """``n`` parcels left (loaded, delivered or fetched)."""
        self.parcels_waiting -= n
        if self.out_day != self.model.day:
            self.out_day, self.out_today = self.model.day, 0
        self.out_today += n

    def room_today(self) -> float:
        """Parcels this facility can still hand out today (its daily throughput)."""
        cap = self.model.config.operations.station_capacity_parcels
        if not cap or isinstance(self, CountyHub):
            return np.inf
        return cap - (self.out_today if self.out_day == self.model.day else 0)

    def within_room(self, rows: np.ndarray, count_backlog: bool = False) -> np.ndarray:
        """The oldest of ``rows`` (parcels waiting here) that today's throughput still lets
        out; with ``count_backlog``, the rest are recorded as held back."""
        room = self.room_today()
        if len(rows) <= room:
            return rows
        keep = rows[np.argsort(self.model.parcels.created_h[rows], kind="stable")[:max(int(room), 0)]]
        if count_backlog:
            self.ledger.backlog(len(rows) - len(keep))
        return np.sort(keep)

    def add_produce(self, n: int) -> None:
        """``n`` produce lots are now waiting here."""
        self.produce_waiting += n

    def remove_produce(self, n: int) -> None:
        """``n`` produce lots left (loaded, shipped or spoiled)."""
        self.produce_waiting -= n

    def accept_parcels(self, rows: np.ndarray, now_h: float) -> None:
        """A vehicle unloads parcel ``rows`` here at ``now_h``: they wait for the next leg."""
        self.model.parcels.set(rows, status=flows.WAITING, vehicle=flows.NO_VEHICLE, location=self.index,
                               ready_h=now_h)
        self.add_parcels(len(rows))


class CountyHub(Facility):
    """County logistics centre (县级物流配送中心): sorts inbound parcels, ships produce out."""

    def ship_produce_out(self) -> None:
        """Outbound linehaul: produce waiting here leaves the county (DONE) unless spoiled."""
        model = self.model
        now_h = model.now_h
        model.upstream.spoil_expired(now_h)
        rows = model.produce.waiting_at(np.array([self.index]), now_h)
        if len(rows):
            self.remove_produce(len(rows))
            model.upstream.ship_out(rows)


class TownshipStation(Facility):
    """Township transfer station (乡镇中转站)."""

    def __init__(self, model: "RuralLogisticsModel", index: int, ledger: Ledger) -> None:
        super().__init__(model, index, ledger)
        geo = model.geography
        self.villages = geo.villages[geo.township[geo.villages] == index]
        # The service network narrows these: villages the vans serve, villages with a service point.
        self.van_villages = self.villages
        self.point_villages = self.villages

    def hand_to_crowd(self, rows: np.ndarray, availability: float) -> np.ndarray:
        """Crowdsourced couriers (众包): for each village with parcels in ``rows``, a
        villager going home is free with probability ``availability`` and takes up to
        the set number of parcels, oldest first. Returns the rows still waiting."""
        model = self.model
        policy = model.config.policies.crowdsourcing
        parcels = model.parcels
        if not len(rows):
            return rows
        rows = self.within_room(rows)
        rows = rows[np.lexsort((rows, parcels.created_h[rows], parcels.dest[rows]))]
        dest = parcels.dest[rows]
        villages, first = np.unique(dest, return_index=True)
        free = model.rng.random(len(villages)) < availability
        rank = np.arange(len(rows)) - np.repeat(first, np.diff(np.append(first, len(rows))))
        taken = free[np.searchsorted(villages, dest)] & (rank < policy.capacity_parcels)
        carried = rows[taken]
        if len(carried):
            d = parcels.dest[carried]
            home_h = model.now_h + model.geography.dist_km[d, self.index] / model.config.costs.villager_speed_kmh
            parcels.set(carried, status=flows.DONE, location=d, done_h=home_h, door=True)
            self.remove_parcels(len(carried))
            fee = policy.fee_yuan_per_parcel
            self.ledger.crowd_delivered(carried, parcels, fee)
            for v, k in zip(*np.unique(d, return_counts=True)):
                self.ledger.door_visit(int(v))
                self.ledger.village_leg_cost(v, fee * k)
                model.crates.parcels_emptied(int(v), int(k), model.now_h)
        return rows[~taken]

    def release_to_villagers(self, rows: np.ndarray) -> None:
        """Villagers fetch some of ``rows`` (parcels waiting here for their village).

        On a market day (赶集) they are in the township anyway: a parcel is fetched with the
        market-day probability and the trip adds only the time at the outlet; on other days
        with the lower probability, on a trip of its own (km and travel time).
        """
        model = self.model
        costs = model.config.costs
        parcels = model.parcels
        if not len(rows):
            return
        market = costs.market_interval_days > 0 and model.day % costs.market_interval_days == 0
        p = costs.villager_pickup_prob_market_day if market else costs.villager_pickup_prob_other_day
        fetched = rows[model.rng.random(len(rows)) < p]
        fetched = self.within_room(fetched)
        if not len(fetched):
            return
        dest = parcels.dest[fetched]
        one_way_km = model.geography.dist_km[dest, self.index]
        home_h = model.now_h + one_way_km / costs.villager_speed_kmh
        parcels.set(fetched, status=flows.DONE, location=dest, done_h=home_h, door=False)
        self.remove_parcels(len(fetched))
        # self-pickup lockers at the station (lockers lever): the first parcels fetched today
        # come out of a locker, without the counter's queue or fee
        lockers = model.config.policies.lockers
        from_locker = min(len(fetched), lockers.lockers_per_township * lockers.compartments) \
            if lockers.enabled and lockers.at == "townships" else 0
        per_trip = costs.villager_parcels_per_trip
        trips = len(fetched) / per_trip
        km = 0.0 if market else float(2.0 * one_way_km.sum() / per_trip)
        hours = (from_locker * lockers.pickup_h + (len(fetched) - from_locker) * costs.villager_outlet_h) / per_trip \
            + km / costs.villager_speed_kmh
        self.ledger.villager_pickups(fetched, parcels, trips, km, hours, paying=len(fetched) - from_locker)
        model.crates.parcels_emptied(self.index, len(fetched), model.now_h)        # unpacked at the outlet

    def fly_drones(self, rows: np.ndarray, operator, spec) -> None:
        """Drone flights to remote villages: one flight per payload of parcels, oldest first.

        ``operator`` owns the drones, ``spec`` is their vehicle spec.
        """
        model = self.model
        policy = model.config.policies.drones
        parcels = model.parcels
        geo = model.geography
        for village, group in sorted(group_rows(rows, parcels.dest[rows]).items()):
            group = group[np.argsort(parcels.created_h[group], kind="stable")]
            straight_km = float(np.hypot(geo.x_km[village] - geo.x_km[self.index], geo.y_km[village] - geo.y_km[self.index]))
            flight_h = straight_km / policy.speed_kmh
            for load in pack(group, parcels.weight_kg[group], policy.payload_kg):
                drone = operator.vehicle_for(self.index, "drone", 2 * flight_h, spec=spec)
                drone.start([Stop(village, load, NO_ROWS, model.now_h + flight_h)],
                            model.now_h + 2 * flight_h, model.day)
                self.ledger.drone_flight(policy.cost_per_flight_yuan, policy.co2_kg_per_flight)
                self.ledger.village_leg_cost(village, policy.cost_per_flight_yuan)


class VillagePoint(Facility):
    """Village service point (村级服务点)."""

    def __init__(self, model: "RuralLogisticsModel", index: int, ledger: Ledger) -> None:
        super().__init__(model, index, ledger)
        self.population = int(model.geography.population[index])

    def accept_parcels(self, rows: np.ndarray, now_h: float) -> None:
        """A vehicle hands parcel ``rows`` over here at ``now_h``: delivered in the village, to
        the service point's keeper (who earns a commission) or into its locker."""
        hand_over_at_villages(self.model, [Stop(self.index, rows, NO_ROWS, now_h)], at_event=True)


def hand_over_at_villages(model: "RuralLogisticsModel", stops: list[Stop], at_event: bool = False) -> None:
    """Parcels of ``stops`` (village service points or lockers) are handed over, each at its
    stop's arrival: delivered at the door, the keeper's commission or the locker counted, the
    village's door visit recorded, the parcels' packaging emptied there.

    A vehicle calls this for all its village stops before midnight when it leaves (see
    :meth:`sim.model.vehicles.Vehicle._leave`): nothing else in the county reads a parcel
    between its van leaving and its village, and the day's totals do not depend on the order
    in which deliveries are booked. ``at_event``: called at the arrival itself (``arrival_h``
    is the clock's hour)."""
    parcels = model.parcels
    lens = [len(s.drop_parcels) for s in stops]
    rows = np.concatenate([s.drop_parcels for s in stops]) if len(stops) > 1 else stops[0].drop_parcels
    villages = np.repeat(np.array([s.facility for s in stops]), lens)
    arrival_h = np.array([s.arrival_h for s in stops])
    if not at_event:
        arrival_h = arrival_h / 24.0 * 24.0       # the clock's hour at the arrival event (model.time × 24)
    parcels.set(rows, status=flows.DONE, vehicle=flows.NO_VEHICLE, location=villages,
                done_h=np.repeat(arrival_h, lens), door=True)
    model.ledger.parcels_handed_over(rows, parcels, villages, model.network.has_locker[villages])
    model.crates.parcels_emptied(villages, 1, np.repeat(arrival_h, lens))
