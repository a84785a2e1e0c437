"""Vehicles that drive tours, and rural bus lines.

A :class:`Vehicle` (truck, van, tricycle, bus or drone; a ``CellAgent`` on the road graph)
drives one tour at a time: an event at each stop drops parcels, boards produce and moves
the agent to the stop's cell. A :class:`BusLine` (客货邮融合) runs timetabled trips from a
township station through its villages.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from mesa import Agent
from mesa.discrete_space import CellAgent

from sim import flows
from sim.config import VehicleSpec
from sim.flows import group_rows
from sim.kpis import Ledger
from sim.model.facilities import hand_over_at_villages
from sim.model.loads import NO_ROWS, Stop, pack

if TYPE_CHECKING:
    from sim.model.model import RuralLogisticsModel
    from sim.model.operators import Operator


class Vehicle(CellAgent):
    """A vehicle an operator owns, based at the hub or a township. ``vehicle_name`` names its
    ``[vehicles.<name>]`` spec (or "bus", "drone" for the lever fleets, whose spec is given).

    It drives one tour at a time and may take several in a shift: a tour assigned while it
    is out waits in its queue and leaves when it is back. The parcels of a queued tour are
    on board (assigned to it) from the moment the tour is assigned.
    """

    def __init__(self, model: "RuralLogisticsModel", operator: "Operator", vehicle_name: str, base: int,
                 spec: VehicleSpec | None = None) -> None:
        super().__init__(model)
        self.operator = operator
        self.vehicle_name = vehicle_name
        self.spec: VehicleSpec = spec if spec is not None else model.config.vehicles[vehicle_name]
        self.base = base
        self.base_facility = model.facility_agents[base]
        self.cell = model.space[model.geography.node[base]]
        self.free_at_h = 0.0             # back at base from its last assigned tour
        self.shift_day = -1              # the last day it worked
        self.shift_used_h = 0.0          # hours of tours that day
        self.km_today = 0.0              # km of the tours assigned that day ...
        self.produce_km_today = 0.0      # ... of which on trips carrying produce only
        self.km_total = 0.0              # the same since it was bought
        self.produce_km_total = 0.0
        self.stops: list[Stop] = []             # stops of the tour under way still to be reached (events)
        self.route: list[Stop] = []             # every stop of that tour
        self.return_h = 0.0
        self.on_tour = False
        self.refrigerated = False        # the tour under way keeps produce cold
        self.queue: list[tuple[list[Stop], float, bool]] = []
        self.cargo_parcels = 0
        self.cargo_produce = 0
        self.unload_produce_at_base: list[np.ndarray] = []

    def start_h_for(self, now_h: float, duration_h: float, day: int, shift_h: float) -> float | None:
        """When it could start a tour of ``duration_h`` today: now if it is at base, when it is
        back otherwise; ``None`` when the tour would not fit its shift (hours of tours that
        day). A first tour always fits."""
        used = self.shift_used_h if self.shift_day == day else 0.0
        if used > 0.0 and used + duration_h > shift_h:
            return None
        return max(now_h, self.free_at_h)

    def assign(self, stops: list[Stop], start_h: float, return_h: float, day: int, refrigerated: bool) -> None:
        """Take a tour leaving at ``start_h`` (now, or when back from the tours before it):
        its parcels go on board now, an event per stop follows once it leaves."""
        if self.shift_day != day:
            self.shift_day, self.shift_used_h, self.km_today, self.produce_km_today = day, 0.0, 0.0, 0.0
        self.shift_used_h += return_h - start_h
        self.free_at_h = return_h
        parcels = self.model.parcels
        for stop in stops:
            rows = stop.drop_parcels
            if len(rows):
                self.base_facility.remove_parcels(len(rows))
                parcels.set(rows, status=flows.IN_VEHICLE, vehicle=self.unique_id)
                self.cargo_parcels += len(rows)
        if self.on_tour or self.queue:
            self.queue.append((stops, return_h, refrigerated))
        else:
            self._leave(stops, return_h, refrigerated)

    def drove(self, km: float, produce_only: bool) -> None:
        """Count ``km`` of the tour just assigned (today), for splitting its fixed cost."""
        self.km_today += km
        self.km_total += km
        if produce_only:
            self.produce_km_today += km
            self.produce_km_total += km

    def produce_share(self, day: int) -> float | None:
        """The share of its fixed cost that goes to produce on ``day``: its produce-only km
        over its km that day, or since it was bought when it did not drive; ``None`` when it
        never drove."""
        if self.shift_day == day and self.km_today > 0:
            return self.produce_km_today / self.km_today
        return self.produce_km_total / self.km_total if self.km_total > 0 else None

    def start(self, stops: list[Stop], return_h: float, day: int) -> None:
        """Leave now on a tour (lever fleets: buses, drones)."""
        self.assign(stops, self.model.now_h, return_h, day, refrigerated=False)

    def _leave(self, stops: list[Stop], return_h: float, refrigerated: bool) -> None:
        self.on_tour = True
        self.refrigerated = refrigerated
        self.route = stops                       # the whole tour, for where it is (the map)
        self.return_h = return_h
        self.unload_produce_at_base = []
        self.stops = list(reversed(self._deliver_ahead(stops)))
        self.model.schedule_event(self._arrive, at=(self.stops[-1].arrival_h if self.stops else return_h) / 24.0)

    def _deliver_ahead(self, stops: list[Stop]) -> list[Stop]:
        """Hand over now the parcels for village points it reaches before midnight, each at its
        stop's arrival time (see :func:`sim.model.facilities.hand_over_at_villages`); returns
        the stops that still need an event of their own: produce to board, parcels for a
        township (they wait there for the next leg), or a village after midnight."""
        model = self.model
        midnight_h = (math.floor(model.now_h / 24.0) + 1.0) * 24.0
        is_village = model.network.is_village
        ahead, events = [], []
        for stop in stops:
            if len(stop.drop_parcels) and is_village[stop.facility] and stop.arrival_h < midnight_h:
                ahead.append(stop)
                if len(stop.board_produce):
                    events.append(Stop(stop.facility, NO_ROWS, stop.board_produce, stop.arrival_h))
            elif len(stop.drop_parcels) or len(stop.board_produce):
                events.append(stop)
        if ahead:
            hand_over_at_villages(model, ahead)
            self.cargo_parcels -= sum(len(stop.drop_parcels) for stop in ahead)
        return events

    def where(self, now_h: float) -> tuple[int, int, float, int]:
        """Where it is on its tour at ``now_h``: the facility it last reached (or its base),
        the next one, when it gets there, and the parcels on board for the stops ahead."""
        last, nxt, arrive_h, on_board = self.base, self.base, self.return_h, 0
        for stop in self.route:
            if stop.arrival_h <= now_h:
                last = stop.facility
            else:
                if nxt == self.base and arrive_h == self.return_h:
                    nxt, arrive_h = stop.facility, stop.arrival_h
                on_board += len(stop.drop_parcels)
        return last, nxt, arrive_h, on_board

    def _arrive(self) -> None:
        """Event: reach the next stop (or the base when no stop is left)."""
        model = self.model
        if not self.stops:
            self._return_to_base()
            return
        stop = self.stops.pop()
        self.cell = model.space[model.geography.node[stop.facility]]
        self._drop(stop)
        self._board(stop)
        nxt = self.stops[-1].arrival_h if self.stops else self.return_h
        model.schedule_event(self._arrive, at=nxt / 24.0)

    def _drop(self, stop: Stop) -> None:
        rows = stop.drop_parcels
        if not len(rows):
            return
        self.cargo_parcels -= len(rows)
        self.model.facility_agents[stop.facility].accept_parcels(rows, self.model.now_h)

    def _board(self, stop: Stop) -> None:
        """Board the planned lots that are still waiting here and still sellable (another
        vehicle, e.g. a bus, may have taken some since the tour was planned)."""
        if not len(stop.board_produce):
            return
        rows = self.model.upstream.board(stop.board_produce, stop.facility, self.unique_id, self.refrigerated)
        if len(rows):
            self.cargo_produce += len(rows)
            self.unload_produce_at_base.append(rows)

    def _return_to_base(self) -> None:
        model = self.model
        self.cell = model.space[model.geography.node[self.base]]
        self.on_tour = False
        if self.unload_produce_at_base:
            rows = np.concatenate(self.unload_produce_at_base)
            self.unload_produce_at_base = []
            self.cargo_produce -= len(rows)
            model.upstream.unload(rows, self.base)
        if self.queue:
            self._leave(*self.queue.pop(0))

    @property
    def idle(self) -> bool:
        """At base with nothing assigned."""
        return not self.on_tour and not self.queue and self.cargo_parcels == 0 and self.cargo_produce == 0


class BusLine(Agent):
    """A rural bus line (客货邮融合) from a township station through some of its villages.

    At each timetabled departure the bus takes parcels waiting at the station for the
    villages on its line, up to its spare capacity, and drops them as it passes; on
    the way it picks up produce lots in the room left (upstream, 农产品进城). The buses
    belong to ``operator`` and have the vehicle ``spec``.
    """

    def __init__(self, model: "RuralLogisticsModel", township: int, stops: np.ndarray, operator: "Operator",
                 spec: VehicleSpec, ledger: Ledger) -> None:
        super().__init__(model)
        self.township = township
        self.stops = stops            # village facility indices in driving order
        self.operator = operator
        self.spec = spec
        self.ledger = ledger

    def depart(self, waiting: np.ndarray, produce: np.ndarray) -> None:
        """Drive the line: drop parcels from ``waiting`` (parcels at the station) for the
        line's villages, and bring back lots from ``produce`` (lots waiting at villages)
        in the room the parcels leave, oldest first. Skips the trip with nothing to carry."""
        model = self.model
        policy = model.config.policies.bus
        parcels, lots = model.parcels, model.produce
        mine = waiting[np.isin(parcels.dest[waiting], self.stops)]
        mine = mine[np.argsort(parcels.created_h[mine], kind="stable")]
        load = (pack(mine, parcels.weight_kg[mine], policy.spare_capacity_kg) or [NO_ROWS])[0]
        room_kg = policy.spare_capacity_kg - float(parcels.weight_kg[load].sum())
        up = produce[np.isin(lots.location[produce], self.stops)]
        up = up[np.argsort(lots.created_h[up], kind="stable")]
        board = (pack(up, lots.weight_kg[up], room_kg) or [NO_ROWS])[0] if room_kg > 0 else NO_ROWS
        if not len(load) and not len(board):
            return
        geo = model.geography
        path = np.concatenate([[self.township], self.stops, [self.township]])
        legs_h = geo.time_h[path[:-1], path[1:]] / policy.speed_factor
        service_h = model.config.operations.stop_service_h
        arrival_h = model.now_h + np.cumsum(legs_h[:-1]) + service_h * np.arange(len(self.stops))
        drops = group_rows(load, parcels.dest[load])
        boards = group_rows(board, lots.location[board])
        stops = [Stop(int(v), drops.get(int(v), NO_ROWS), boards.get(int(v), NO_ROWS), float(a))
                 for v, a in zip(self.stops, arrival_h) if int(v) in drops or int(v) in boards]
        return_h = model.now_h + float(legs_h.sum()) + service_h * len(self.stops)
        bus = self.operator.vehicle_for(self.township, "bus", return_h - model.now_h, spec=self.spec)
        bus.start(stops, return_h, model.day)
        fee = policy.fee_yuan_per_parcel     # paid per parcel down and per produce lot up
        self.ledger.bus_carried(len(load), len(board), fee)
        for stop in stops:
            self.ledger.village_leg_cost(stop.facility, fee * (len(stop.drop_parcels) + len(stop.board_produce)))
