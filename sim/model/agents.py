"""Agents: facilities on the road graph, operators and their vehicles.

- :class:`CountyHub`, :class:`TownshipStation`, :class:`VillagePoint` sit on graph nodes
  (``FixedAgent``) and keep counts of what waits there.
- :class:`Operator` is who runs trucks and vans: one express brand in ``separate`` mode,
  the joint-distribution company (统仓共配) in ``joint`` mode. It sorts at the hub, plans
  trunk runs and village rounds, and hands each tour to a vehicle.
- :class:`Vehicle` (``CellAgent``) drives one tour at a time: an event at each stop drops
  parcels, boards produce, and moves the agent to the stop's cell.

Parcels and produce lots are rows of :class:`sim.flows.FlowTable`, never agents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from mesa import Agent
from mesa.discrete_space import CellAgent, FixedAgent

from sim import flows
from sim.flows import group_rows
from sim.config import VehicleSpec
from sim.routing import RoutingProblem, Tour, VehicleType, evaluate_tour, solve

if TYPE_CHECKING:
    from sim.model.model import RuralLogisticsModel


# ----------------------------------------------------------------------------- facilities
class Facility(FixedAgent):
    """A node of the three-tier network. ``index`` is its row in the geography arrays."""

    def __init__(self, model: "RuralLogisticsModel", index: int) -> None:
        super().__init__(model)
        geo = model.geography
        self.index = index
        self.facility_id = str(geo.facility_id[index])
        self.name = str(geo.name[index])
        self.cell = model.space[geo.node[index]]
        self.parcels_waiting = 0   # parcels at this facility (WAITING rows located here)
        self.produce_waiting = 0   # produce lots at this facility


class CountyHub(Facility):
    """County logistics centre (县级物流配送中心): sorts inbound parcels, ships produce out."""

    def ship_produce_out(self) -> None:
        """Outbound linehaul: produce waiting here leaves the county (DONE) unless spoiled."""
        model = self.model
        now_h = model.now_h
        produce = model.produce
        model.spoil_expired(now_h)
        rows = produce.waiting_at(np.array([self.index]), now_h)
        if len(rows):
            produce.set(rows, status=flows.DONE, done_h=now_h)
            self.produce_waiting -= len(rows)
            model.ledger.produce_shipped(rows, produce)


class TownshipStation(Facility):
    """Township transfer station (乡镇中转站)."""

    def __init__(self, model: "RuralLogisticsModel", index: int) -> None:
        super().__init__(model, index)
        geo = model.geography
        self.villages = geo.villages[geo.township[geo.villages] == index]
        # The model narrows these: villages the vans serve, villages with a service point.
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
            self.parcels_waiting -= len(carried)
            fee = policy.fee_yuan_per_parcel
            model.ledger.crowd_delivered(carried, parcels, fee)
            for v, k in zip(*np.unique(d, return_counts=True)):
                model.mark_door_visit(int(v))
                model.village_cost_yuan[v] += fee * k
        return rows[~taken]

    def release_to_villagers(self, rows: np.ndarray) -> None:
        """Villagers fetch some of ``rows`` (parcels waiting here for their village)."""
        model = self.model
        costs = model.config.costs
        parcels = model.parcels
        if not len(rows):
            return
        fetched = rows[model.rng.random(len(rows)) < costs.villager_pickup_daily_prob]
        if not len(fetched):
            return
        dest = parcels.dest[fetched]
        one_way_km = model.geography.dist_km[dest, self.index]
        home_h = model.now_h + one_way_km / costs.villager_speed_kmh
        parcels.set(fetched, status=flows.DONE, location=dest, done_h=home_h, door=False)
        self.parcels_waiting -= len(fetched)
        trips = len(fetched) / costs.villager_parcels_per_trip
        km = float(2.0 * one_way_km.sum() / costs.villager_parcels_per_trip)
        model.ledger.villager_pickups(fetched, parcels, trips, km)

    def fly_drones(self, rows: np.ndarray) -> None:
        """Drone flights to remote villages: one flight per payload of parcels, oldest first."""
        model = self.model
        policy = model.config.policies.drones
        parcels = model.parcels
        geo = model.geography
        operator = model.drone_operator
        for village, group in sorted(group_rows(rows, parcels.dest[rows]).items()):
            group = group[np.argsort(parcels.created_h[group], kind="stable")]
            straight_km = float(np.hypot(geo.x_km[village] - geo.x_km[self.index], geo.y_km[village] - geo.y_km[self.index]))
            flight_h = straight_km / policy.speed_kmh
            for load in _pack(group, parcels.weight_kg[group], policy.payload_kg):
                drone = operator.vehicle_for(self.index, "drone", 2 * flight_h, spec=model.drone_spec)
                drone.start([Stop(village, load, _NO_ROWS, model.now_h + flight_h)],
                            model.now_h + 2 * flight_h, model.day)
                model.ledger.drone_flight(policy.cost_per_flight_yuan, policy.co2_kg_per_flight)
                model.village_cost_yuan[village] += policy.cost_per_flight_yuan


class VillagePoint(Facility):
    """Village service point (村级服务点)."""

    def __init__(self, model: "RuralLogisticsModel", index: int) -> None:
        super().__init__(model, index)
        self.population = int(model.geography.population[index])


# ----------------------------------------------------------------------------- vehicles
@dataclass
class Stop:
    """One stop of a tour: facility, what to drop and board there, arrival time (h)."""

    facility: int
    drop_parcels: np.ndarray
    board_produce: np.ndarray
    arrival_h: float


class Vehicle(CellAgent):
    """A truck, van or tricycle of an operator, based at the hub or a township."""

    def __init__(self, model: "RuralLogisticsModel", operator: "Operator", kind: str, base: int,
                 spec: VehicleSpec | None = None) -> None:
        super().__init__(model)
        self.operator = operator
        self.kind = kind
        self.spec: VehicleSpec = spec if spec is not None else model.config.vehicles[kind]
        self.base = base
        self.cell = model.space[model.geography.node[base]]
        self.free_at_h = 0.0
        self.shift_day = -1
        self.shift_used_h = 0.0
        self.stops: list[Stop] = []
        self.return_h = 0.0
        self.cargo_parcels = 0
        self.cargo_produce = 0
        self.unload_produce_at_base: list[np.ndarray] = []

    def can_take(self, now_h: float, duration_h: float, day: int, shift_h: float) -> bool:
        """True when the vehicle is back at base and its shift has room for the tour."""
        if self.free_at_h > now_h + 1e-9:
            return False
        used = self.shift_used_h if self.shift_day == day else 0.0
        return used == 0.0 or used + duration_h <= shift_h

    def start(self, stops: list[Stop], return_h: float, day: int) -> None:
        """Load the tour's parcels, schedule an event per stop and one for the return."""
        model = self.model
        now_h = model.now_h
        if self.shift_day != day:
            self.shift_day, self.shift_used_h = day, 0.0
        self.shift_used_h += return_h - now_h
        self.free_at_h = return_h
        self.stops = list(reversed(stops))
        self.return_h = return_h
        parcels = model.parcels
        for stop in stops:
            rows = stop.drop_parcels
            if len(rows):
                model.facility_agents[self.base].parcels_waiting -= len(rows)
                parcels.set(rows, status=flows.IN_VEHICLE, vehicle=self.unique_id)
                self.cargo_parcels += len(rows)
        self.unload_produce_at_base = []
        model.schedule_event(self._arrive, at=(stops[0].arrival_h if stops else return_h) / 24.0)

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
        model = self.model
        parcels = model.parcels
        now_h = model.now_h
        self.cargo_parcels -= len(rows)
        facility = model.facility_agents[stop.facility]
        if isinstance(facility, VillagePoint):
            parcels.set(rows, status=flows.DONE, vehicle=flows.NO_VEHICLE, location=stop.facility,
                        done_h=now_h, door=True)
            model.ledger.parcels_delivered(rows, parcels)
            model.mark_door_visit(stop.facility)
        else:
            parcels.set(rows, status=flows.WAITING, vehicle=flows.NO_VEHICLE, location=stop.facility,
                        ready_h=now_h)
            facility.parcels_waiting += len(rows)

    def _board(self, stop: Stop) -> None:
        """Board the planned lots that are still waiting here (another vehicle, e.g. a
        bus, may have taken some since the tour was planned)."""
        rows = stop.board_produce
        if not len(rows):
            return
        model = self.model
        produce = model.produce
        rows = rows[(produce.status[rows] == flows.WAITING) & (produce.location[rows] == stop.facility)]
        if not len(rows):
            return
        facility = model.facility_agents[stop.facility]
        facility.produce_waiting -= len(rows)
        produce.set(rows, status=flows.IN_VEHICLE, vehicle=self.unique_id)
        cold = model.config.policies.cold_chain
        if cold.enabled:
            warm = rows[~produce.cold[rows]]
            now_h = model.now_h
            produce.set(warm, cold=True, expires_h=now_h + (produce.expires_h[warm] - now_h) * cold.shelf_life_factor)
        self.cargo_produce += len(rows)
        self.unload_produce_at_base.append(rows)

    def _return_to_base(self) -> None:
        model = self.model
        self.cell = model.space[model.geography.node[self.base]]
        if not self.unload_produce_at_base:
            return
        rows = np.concatenate(self.unload_produce_at_base)
        self.unload_produce_at_base = []
        self.cargo_produce -= len(rows)
        produce = model.produce
        now_h = model.now_h
        produce.set(rows, status=flows.WAITING, vehicle=flows.NO_VEHICLE, location=self.base, ready_h=now_h)
        model.facility_agents[self.base].produce_waiting += len(rows)
        model.spoil_expired(now_h, rows)


class BusLine(Agent):
    """A rural bus line (客货邮融合) from a township station through some of its villages.

    At each timetabled departure the bus takes parcels waiting at the station for the
    villages on its line, up to its spare capacity, and drops them as it passes; on
    the way it picks up produce lots in the room left (upstream, 农产品进城).
    """

    def __init__(self, model: "RuralLogisticsModel", township: int, stops: np.ndarray) -> None:
        super().__init__(model)
        self.township = township
        self.stops = stops            # village facility indices in driving order

    def depart(self, waiting: np.ndarray, produce: np.ndarray) -> None:
        """Drive the line: drop parcels from ``waiting`` (parcels at the station) for the
        line's villages, and bring back lots from ``produce`` (lots waiting at villages)
        in the room the parcels leave, oldest first. Skips the trip with nothing to carry."""
        model = self.model
        policy = model.config.policies.bus
        parcels, lots = model.parcels, model.produce
        mine = waiting[np.isin(parcels.dest[waiting], self.stops)]
        mine = mine[np.argsort(parcels.created_h[mine], kind="stable")]
        load = (_pack(mine, parcels.weight_kg[mine], policy.spare_capacity_kg) or [_NO_ROWS])[0]
        room_kg = policy.spare_capacity_kg - float(parcels.weight_kg[load].sum())
        up = produce[np.isin(lots.location[produce], self.stops)]
        up = up[np.argsort(lots.created_h[up], kind="stable")]
        board = (_pack(up, lots.weight_kg[up], room_kg) or [_NO_ROWS])[0] if room_kg > 0 else _NO_ROWS
        if not len(load) and not len(board):
            return
        geo = model.geography
        path = np.concatenate([[self.township], self.stops, [self.township]])
        legs_h = geo.time_h[path[:-1], path[1:]] / policy.speed_factor
        service_h = model.config.operations.stop_service_h
        arrival_h = model.now_h + np.cumsum(legs_h[:-1]) + service_h * np.arange(len(self.stops))
        drops = group_rows(load, parcels.dest[load])
        boards = group_rows(board, lots.location[board])
        stops = [Stop(int(v), drops.get(int(v), _NO_ROWS), boards.get(int(v), _NO_ROWS), float(a))
                 for v, a in zip(self.stops, arrival_h) if int(v) in drops or int(v) in boards]
        return_h = model.now_h + float(legs_h.sum()) + service_h * len(self.stops)
        bus = model.bus_operator.vehicle_for(self.township, "bus", return_h - model.now_h, spec=model.bus_spec)
        bus.start(stops, return_h, model.day)
        fee = policy.fee_yuan_per_parcel     # paid per parcel down and per produce lot up
        model.ledger.bus_carried(len(load) + len(board), fee)
        for stop in stops:
            model.village_cost_yuan[stop.facility] += fee * (len(stop.drop_parcels) + len(stop.board_produce))


# ----------------------------------------------------------------------------- operators
@dataclass(frozen=True)
class Client:
    """A routing client: a facility with the rows to drop and to board there."""

    facility: int
    drop: np.ndarray
    board: np.ndarray


class Operator(Agent):
    """Runs the sorting line and the fleet of one brand, or of the joint company."""

    def __init__(self, model: "RuralLogisticsModel", name: str, carriers: np.ndarray, sort_rate_per_h: float) -> None:
        super().__init__(model)
        self.name = name
        self.carriers = carriers                 # carrier indices whose parcels it handles
        self.sort_rate_per_h = sort_rate_per_h
        self.sort_free_at_h = 0.0
        self.fleet: dict[tuple[int, str], list[Vehicle]] = {}
        self._plans: dict[tuple, list[_Plan]] = {}   # kept route plans per (base, kind, stops)

    # -- hub sorting -----------------------------------------------------------------
    def sort(self, rows: np.ndarray) -> None:
        """Queue ``rows`` (just arrived at the hub, in arrival order) on the sorting line.

        Each parcel becomes ready when the line has sorted it: start at the later of now
        and when the line is free, one parcel every 1/rate hours.
        """
        if not len(rows):
            return
        now_h = self.model.now_h
        start_h = max(now_h, self.sort_free_at_h)
        done_h = start_h + np.arange(1, len(rows) + 1) / self.sort_rate_per_h
        self.model.parcels.set(rows, ready_h=done_h)
        self.sort_free_at_h = float(done_h[-1])
        self.model.ledger.hub_sorted(len(rows), float(np.mean(done_h - now_h)))

    # -- fleet -----------------------------------------------------------------------
    def vehicle_for(self, base: int, kind: str, duration_h: float, spec: VehicleSpec | None = None) -> Vehicle:
        """An idle vehicle of ``kind`` at ``base`` with room in its shift, or a new one."""
        model = self.model
        fleet = self.fleet.setdefault((base, kind), [])
        for vehicle in fleet:
            if vehicle.can_take(model.now_h, duration_h, model.day, model.config.operations.shift_h):
                return vehicle
        vehicle = Vehicle(model, self, kind, base, spec)
        fleet.append(vehicle)
        return vehicle

    # -- planning --------------------------------------------------------------------
    def run_tours(self, base: int, kind: str, clients: list[Client]) -> None:
        """Plan tours from ``base`` over ``clients`` with vehicles of ``kind`` and start them."""
        if not clients:
            return
        model = self.model
        ops = model.config.operations
        spec = model.config.vehicles[kind]
        clients, drop_kg, board_kg = _split_heavy(clients, model, spec.capacity_kg)
        nodes = np.array([base] + [c.facility for c in clients])
        dist = model.geography.dist_km[np.ix_(nodes, nodes)]
        time = model.geography.time_h[np.ix_(nodes, nodes)] / spec.speed_factor
        delivery = np.concatenate([[0.0], drop_kg])
        pickup = np.concatenate([[0.0], board_kg])
        service = np.full(len(nodes), ops.stop_service_h)
        service[0] = 0.0
        vtype = VehicleType(
            capacity_kg=spec.capacity_kg,
            fixed_cost_yuan=spec.fixed_cost_per_day_yuan,
            cost_per_km_yuan=spec.cost_per_km_yuan,
            max_duration_h=ops.shift_h,
            name=kind,
        )
        problem = RoutingProblem(dist_km=dist, time_h=time, delivery_kg=delivery, pickup_kg=pickup,
                                 vehicle_types=(vtype,), service_h=service)
        loaded = (delivery > 0) | (pickup > 0)
        for tour in self._plan(problem, (base, kind, tuple(nodes[1:]))):
            stops = tour.clients[loaded[tour.clients]]      # nothing to drop or board: drive past
            if len(stops) == 0:
                continue
            if len(stops) < len(tour.clients):
                tour = evaluate_tour(problem, stops, 0)
            self._dispatch(base, kind, spec, problem, tour, nodes, clients)

    def _plan(self, problem: RoutingProblem, key: tuple) -> list[Tour]:
        """Tours for ``problem``: a kept plan for these stops if one still fits, else a
        repaired or new one.

        The road graph does not change within a run, so routes found for a set of stops
        stay good while the day's loads fit them. A few plans are kept per set of stops
        (light and heavy days of the week, seasons); the cheapest that fits is used. When
        none fits, the dispatcher keeps the cheapest plan's routes that still fit and
        re-plans only the stops of the others; with no plan yet, all stops are planned.
        """
        model = self.model
        plans = self._plans.setdefault(key, [])
        capacity = problem.vehicle_types[0].capacity_kg
        ranked = sorted(plans, key=lambda p: p.score)   # stable: ties go to the older plan
        for plan in ranked:
            if plan.fits(problem, capacity):
                model.routing_stats["cached"] += 1
                return plan.tours(problem)
        kept = ranked[0].fitting(problem, capacity) if ranked else []
        stops = np.concatenate([t[0] for t in ranked[0].static if not any(t is k for k in kept)]) \
            if ranked else np.arange(1, len(problem.delivery_kg))
        model.routing_stats["repaired" if kept else "solved"] += 1
        plan = _Plan(kept + self._solve_stops(problem, stops))
        plans.append(plan)
        if len(plans) > PLANS_KEPT_PER_STOP_SET:
            plans.pop(0)
        return plan.tours(problem)

    def _solve_stops(self, problem: RoutingProblem, stops: np.ndarray) -> list[tuple]:
        """Plan tours over ``stops`` (client indices of ``problem``) with the scenario's
        solver and head-room; returns them as plan entries (order, km, h, arrivals)."""
        model = self.model
        ops = model.config.operations
        capacity = problem.vehicle_types[0].capacity_kg
        headroom = 1.0 + ops.route_plan_headroom
        idx = np.concatenate([[0], stops])
        sub = np.ix_(idx, idx)
        planned = RoutingProblem(   # plan fixed routes with room for tomorrow's swings
            dist_km=problem.dist_km[sub], time_h=problem.time_h[sub], vehicle_types=problem.vehicle_types,
            service_h=None if problem.service_h is None else problem.service_h[idx],
            delivery_kg=np.minimum(problem.delivery_kg[idx] * headroom, capacity),
            pickup_kg=np.minimum(problem.pickup_kg[idx] * headroom, capacity))
        with model.timers.time("routing"):
            solution = solve(planned, solver=ops.routing_solver, time_limit_s=ops.routing_time_limit_s,
                             seed=model.config.scenario.seed, max_iterations=ops.routing_max_iterations)
        return [(idx[t.clients], t.distance_km, t.duration_h, t.arrival_h) for t in solution.tours]

    def _dispatch(self, base: int, kind: str, spec: VehicleSpec, problem: RoutingProblem,
                  tour: Tour, nodes: np.ndarray, clients: list[Client]) -> None:
        model = self.model
        now_h = model.now_h
        vehicle = self.vehicle_for(base, kind, tour.duration_h)
        new_day = vehicle.shift_day != model.day
        stops = [
            Stop(int(nodes[i]), clients[i - 1].drop, clients[i - 1].board, now_h + float(a))
            for i, a in zip(tour.clients, tour.arrival_h)
        ]
        vehicle.start(stops, now_h + tour.duration_h, model.day)
        legs_km = _legs_km(problem.dist_km, tour.clients)
        cost = model.ledger.tour(spec, legs_km, problem.delivery_kg[tour.clients], problem.pickup_kg[tour.clients],
                                 fixed_cost=new_day)
        if base != 0:   # a village round: its cost is shared by its villages by weight handled
            kg = problem.delivery_kg[tour.clients] + problem.pickup_kg[tour.clients]
            share = kg / kg.sum() if kg.sum() > 0 else np.full(len(kg), 1.0 / len(kg))
            np.add.at(model.village_cost_yuan, nodes[tour.clients], cost * share)


_NO_ROWS = np.empty(0, dtype=np.int64)
# Route plans kept per set of stops (oldest dropped first): enough for the weekly cycle
# of light and heavy days and a season change, few enough that checking them is cheap.
PLANS_KEPT_PER_STOP_SET = 6


def _pack(rows: np.ndarray, weights: np.ndarray, capacity_kg: float) -> list[np.ndarray]:
    """Greedy loads of ``rows`` in order, each at most ``capacity_kg``: a new load starts
    where the next row would overflow. Rows heavier than ``capacity_kg`` on their own are
    left out (they wait for another mode). Vectorised: one binary search per load."""
    fit = weights <= capacity_kg
    rows, weights = rows[fit], weights[fit]
    csum = np.cumsum(weights)
    loads: list[np.ndarray] = []
    start = 0
    while start < len(rows):
        base = csum[start - 1] if start else 0.0
        end = int(np.searchsorted(csum, base + capacity_kg, side="right"))
        loads.append(rows[start:end])
        start = end
    return loads


class _Plan:
    """A kept route plan: visit orders with their load-independent parts precomputed.

    Distances, durations and arrival times depend only on the stops and the road graph,
    so only the loads are recomputed for a new day.
    """

    def __init__(self, static: list[tuple]) -> None:
        self.static = static     # per tour: (visit order, km, duration h, arrival h)
        self.score = (len(static), sum(km for _, km, _, _ in static))

    @staticmethod
    def _loads(problem: RoutingProblem, order: np.ndarray) -> np.ndarray:
        """On-board kg leaving the depot and after each stop (as :func:`evaluate_tour`)."""
        d = problem.delivery_kg[order]
        load = np.empty(len(order) + 1)
        load[0] = d.sum()
        load[1:] = load[0] + np.cumsum(problem.pickup_kg[order] - d)
        return load

    def fits(self, problem: RoutingProblem, capacity_kg: float) -> bool:
        """True when today's loads fit every tour at every point."""
        limit = capacity_kg + 1e-9
        return all(self._loads(problem, order).max() <= limit for order, *_ in self.static)

    def fitting(self, problem: RoutingProblem, capacity_kg: float) -> list[tuple]:
        """The plan's tours that today's loads still fit."""
        limit = capacity_kg + 1e-9
        return [t for t in self.static if self._loads(problem, t[0]).max() <= limit]

    def tours(self, problem: RoutingProblem) -> list[Tour]:
        """The plan's tours with today's loads."""
        return [Tour(vehicle_type=0, clients=order, distance_km=km, duration_h=h, arrival_h=arr,
                     load_kg=self._loads(problem, order)) for order, km, h, arr in self.static]


def _legs_km(dist_km: np.ndarray, order: np.ndarray) -> np.ndarray:
    path = np.concatenate([[0], order, [0]])
    return dist_km[path[:-1], path[1:]]


def _split_heavy(clients: list[Client], model: "RuralLogisticsModel",
                 capacity_kg: float) -> tuple[list[Client], np.ndarray, np.ndarray]:
    """Split a client whose drop or board weight exceeds one vehicle into several visits.

    Returns the clients and, per client, the kg to drop and to board. Board rows beyond
    one vehicle load stay where they are (collected next time), as do rows heavier than
    a whole vehicle on their own.
    """
    parcel_kg = model.parcels.weight_kg
    lot_kg = model.produce.weight_kg
    out: list[Client] = []
    drop_kg: list[float] = []
    board_kg: list[float] = []
    for c in clients:
        board = c.board
        b_w = lot_kg[board]
        b_total = float(b_w.sum())
        if b_total > capacity_kg:
            board = board[np.cumsum(b_w) <= capacity_kg]
            b_total = float(lot_kg[board].sum())
        d_w = parcel_kg[c.drop]
        d_total = float(d_w.sum())
        if d_total <= capacity_kg:
            out.append(Client(c.facility, c.drop, board))
            drop_kg.append(d_total)
            board_kg.append(b_total)
            continue
        for k, rows in enumerate(_pack(c.drop, d_w, capacity_kg)):
            out.append(Client(c.facility, rows, board if k == 0 else _NO_ROWS))
            drop_kg.append(float(parcel_kg[rows].sum()))
            board_kg.append(b_total if k == 0 else 0.0)
    return out, np.array(drop_kg), np.array(board_kg)
