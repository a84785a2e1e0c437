"""Operators: who sorts at the hub and runs the trucks and vans.

An :class:`Operator` is one express brand in ``separate`` mode, the joint-distribution
company (统仓共配) in ``joint`` mode, or the owner of a lever's fleet (rural buses,
drones). It queues parcels on its sorting line, plans tours with its
:class:`~sim.model.plans.RoutePlanner` and hands each tour to one of its vehicles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from mesa import Agent

from sim.config import VehicleSpec
from sim.kpis import Ledger
from sim.model.loads import Stop, Visit, load_kg, split_heavy
from sim.model.plans import RoutePlanner
from sim.model.vehicles import Vehicle
from sim.routing import RoutingProblem, Tour, RoutingVehicle, evaluate_tour

if TYPE_CHECKING:
    from sim.model.model import RuralLogisticsModel


class Operator(Agent):
    """Runs the sorting line and the fleet of one brand, or of the joint company.

    ``carriers`` are the indices of the brands whose parcels it handles, ``sort_rate_per_h``
    its hub sorting throughput (parcels/h), ``planner`` plans its tours, ``ledger`` records
    what it does. ``fleet_cost`` says where its vehicles' daily fixed cost is booked:
    "fleet" (trucks and vans), "drone" (the drone service) or "none" (buses: the fee covers it).
    """

    def __init__(self, model: "RuralLogisticsModel", name: str, carriers: np.ndarray, sort_rate_per_h: float,
                 ledger: Ledger, planner: RoutePlanner, fleet_cost: str = "fleet") -> None:
        super().__init__(model)
        self.name = name
        self.carriers = carriers                 # carrier indices whose parcels it handles
        self.sort_rate_per_h = sort_rate_per_h
        self.sort_free_at_h = 0.0
        self.ledger = ledger
        self.planner = planner
        self.fleet_cost = fleet_cost
        self.fleet: dict[tuple[int, str], list[Vehicle]] = {}

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
        self.ledger.hub_sorted(len(rows), float(np.mean(done_h - now_h)))

    # -- fleet -----------------------------------------------------------------------
    def vehicle_for(self, base: int, vehicle_name: str, duration_h: float,
                    spec: VehicleSpec | None = None) -> Vehicle:
        """A vehicle ``vehicle_name`` at ``base`` free now with room in its shift, or a new
        one (the lever fleets: buses and drones fly or drive at once)."""
        model = self.model
        fleet = self.fleet.setdefault((base, vehicle_name), [])
        for vehicle in fleet:
            if vehicle.start_h_for(model.now_h, duration_h, model.day, model.config.operations.shift_h) == model.now_h:
                return vehicle
        vehicle = Vehicle(model, self, vehicle_name, base, spec)
        fleet.append(vehicle)
        return vehicle

    def _vehicle_for_tour(self, base: int, vehicle_name: str, duration_h: float,
                          latest_start_h: float) -> tuple[Vehicle | None, float]:
        """The vehicle for a tour and when it leaves, using as few vehicles as the day needs:
        first a vehicle already out today whose shift has room, leaving now or when it is
        back by ``latest_start_h`` (another round: cheaper than another vehicle); else an
        owned one not yet out today; else a new one, unless the fleet is at its cap
        (``None``: the tour waits). Vehicles not needed for ``fleet_review_days`` are given up."""
        model = self.model
        ops = model.config.operations
        fleet = self.fleet.setdefault((base, vehicle_name), [])
        best: tuple[float, int] | None = None
        for k, vehicle in enumerate(fleet):
            if vehicle.shift_day != model.day:
                continue
            start = vehicle.start_h_for(model.now_h, duration_h, model.day, ops.shift_h)
            if start is not None and start <= latest_start_h and (best is None or start < best[0]):
                best = (start, k)
        if best is not None:
            return fleet[best[1]], best[0]
        for vehicle in fleet:
            if vehicle.shift_day != model.day and vehicle.free_at_h <= model.now_h:
                return vehicle, model.now_h
        cap = ops.max_trucks_per_operator if base == model.geography.hub else ops.max_vans_per_station
        if cap and len(fleet) >= cap:
            return None, model.now_h
        vehicle = Vehicle(model, self, vehicle_name, base)
        fleet.append(vehicle)
        return vehicle, model.now_h

    def close_day(self, day: int, review_days: int) -> None:
        """Give up vehicles idle for ``review_days``, then book the day's fleet: each owned
        vehicle's fixed cost (split between parcels and produce by its own km: today's, or
        all its km when idle today), how many drove, how many are village-leg vans."""
        hub = self.model.geography.hub
        round_vehicle = self.model.config.round_vehicle
        owned, used, vans, up_yuan, idle_yuan = [], 0, 0, 0.0, 0.0
        for key, fleet in self.fleet.items():
            keep = []
            for vehicle in fleet:
                if vehicle.idle and vehicle.shift_day <= day - review_days:
                    vehicle.remove()
                    continue
                keep.append(vehicle)
                fixed = vehicle.spec.fixed_cost_per_day_yuan
                used += vehicle.shift_day == day
                share = vehicle.produce_share(day)
                if share is None:
                    idle_yuan += fixed
                else:
                    up_yuan += fixed * share
            self.fleet[key] = keep
            owned += [v.spec for v in keep]
            vans += len(keep) if key[0] != hub and key[1] == round_vehicle else 0
        if self.fleet_cost == "fleet":
            self.ledger.fleet_day(owned, used, vans, up_yuan, idle_yuan)
        elif self.fleet_cost == "drone":
            self.ledger.drone_fleet(sum(s.fixed_cost_per_day_yuan for s in owned))

    # -- tours -----------------------------------------------------------------------
    def run_tours(self, base: int, vehicle_name: str, visits: list[Visit], produce_only: bool = False) -> None:
        """Plan tours from ``base`` over ``visits`` with vehicles ``vehicle_name`` and start them
        (``produce_only``: trips that collect produce and carry no parcel)."""
        if not visits:
            return
        model = self.model
        ops = model.config.operations
        spec = model.config.vehicles[vehicle_name]
        parcels, lots = model.parcels, model.produce
        visits, drop_kg, board_kg = split_heavy(
            visits, lambda r: load_kg(parcels.weight_kg[r], parcels.volume_m3[r], spec),
            lambda r: load_kg(lots.weight_kg[r], lots.volume_m3[r], spec), spec.capacity_kg,
            (lambda v: model.crates.load_kg(v, spec)) if model.crates.on else None)
        nodes = np.array([base] + [c.facility for c in visits])
        dist = model.geography.dist_km[np.ix_(nodes, nodes)]
        time = model.geography.time_h[np.ix_(nodes, nodes)] / spec.speed_factor
        delivery = np.concatenate([[0.0], drop_kg])
        pickup = np.concatenate([[0.0], board_kg])
        service = np.full(len(nodes), ops.stop_service_h)
        service[0] = 0.0
        vtype = RoutingVehicle(
            capacity_kg=spec.capacity_kg,
            fixed_cost_yuan=spec.fixed_cost_per_day_yuan,
            cost_per_km_yuan=spec.cost_per_km_yuan,
            max_duration_h=ops.shift_h,
            name=vehicle_name,
        )
        windows, deadline_h = self._trunk_windows(base, produce_only, time)
        problem = RoutingProblem.trusted(dist_km=dist, time_h=time, delivery_kg=delivery, pickup_kg=pickup,
                                         vehicle_types=(vtype,), service_h=service, time_windows_h=windows)
        loaded = (delivery > 0) | (pickup > 0)
        for tour in self.planner.plan(problem, (base, vehicle_name, produce_only, deadline_h, tuple(nodes[1:]))):
            stops = tour.clients[loaded[tour.clients]]      # nothing to drop or board: drive past
            if len(stops) == 0:
                continue
            if len(stops) < len(tour.clients):
                tour = evaluate_tour(problem, stops, 0)
            self._dispatch(base, vehicle_name, spec, problem, tour, nodes, visits, produce_only)

    def _trunk_windows(self, base: int, produce_only: bool, time_h: np.ndarray) -> tuple[np.ndarray | None, float]:
        """Time windows of a parcel trunk run: each township reached before the village rounds
        leave today (hours after departure; a township that no truck can reach in time gets
        its direct arrival). ``None`` for other tours, or when the rounds have left."""
        model = self.model
        if base != model.geography.hub or produce_only:
            return None, np.inf
        deadline_h = round(model.day * 24.0 + model.config.operations.village_departure_hour - model.now_h, 6)
        if deadline_h <= 0:
            return None, np.inf
        windows = np.zeros((len(time_h), 2))
        windows[:, 1] = np.maximum(deadline_h, time_h[0])
        windows[0, 1] = np.inf
        return windows, deadline_h

    def _dispatch(self, base: int, vehicle_name: str, spec: VehicleSpec, problem: RoutingProblem,
                  tour: Tour, nodes: np.ndarray, visits: list[Visit], produce_only: bool) -> None:
        model = self.model
        hub = model.geography.hub
        vehicle, start_h = self._vehicle_for_tour(base, vehicle_name, tour.duration_h,
                                                  self._latest_start_h(base, tour, produce_only))
        if vehicle is None:                      # the fleet is at its cap: the tour's parcels wait
            self.ledger.backlog(sum(len(visits[i - 1].drop) for i in tour.clients))
            return
        stops = [
            Stop(int(nodes[i]), visits[i - 1].drop, visits[i - 1].board, start_h + float(a))
            for i, a in zip(tour.clients, tour.arrival_h)
        ]
        boards = any(len(visits[i - 1].board) for i in tour.clients)
        refrigerated = spec.refrigerated or (model.config.policies.cold_chain.enabled and boards)
        vehicle.assign(stops, start_h, start_h + tour.duration_h, model.day, refrigerated)
        legs_km = _legs_km(problem.dist_km, tour.clients)
        leg = "trunk" if base == hub else "village"
        cost = self.ledger.tour(spec, legs_km, problem.delivery_kg[tour.clients], problem.pickup_kg[tour.clients],
                                leg=leg, produce_only=produce_only, refrigerated=refrigerated)
        vehicle.drove(float(legs_km.sum()), produce_only)
        if leg == "village":   # a village round: its cost is shared by its villages by load handled
            kg = problem.delivery_kg[tour.clients] + problem.pickup_kg[tour.clients]
            share = kg / kg.sum() if kg.sum() > 0 else np.full(len(kg), 1.0 / len(kg))
            self.ledger.village_leg_cost(nodes[tour.clients], cost * share)


    def _latest_start_h(self, base: int, tour: Tour, produce_only: bool) -> float:
        """The latest start (h since the start) that still makes the next leg today: parcel
        trucks reach the townships before the village rounds leave. With
        ``operations.produce_same_day``, produce trips bring their lots back before the next
        leg leaves (the hub's produce collection for a township's trip, the outbound linehaul
        for the hub's); otherwise, like village rounds, as late as the shift allows."""
        model = self.model
        ops = model.config.operations
        midnight_h = model.day * 24.0
        if not produce_only:
            if base == model.geography.hub:
                return midnight_h + ops.village_departure_hour - float(tour.arrival_h[-1])
            return np.inf
        if not ops.produce_same_day:
            return np.inf
        hours = [model.config.produce.hub_outbound_hour] if base == model.geography.hub \
            else ops.produce_collection_hours
        later = [midnight_h + h for h in sorted(hours) if midnight_h + h > model.now_h]
        return later[0] - tour.duration_h if later else np.inf


def _legs_km(dist_km: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Km of each leg of depot → ``order`` → depot (depot = row 0 of ``dist_km``)."""
    path = np.concatenate([[0], order, [0]])
    return dist_km[path[:-1], path[1:]]
