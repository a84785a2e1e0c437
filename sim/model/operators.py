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
from sim.model.loads import Stop, Visit, split_heavy
from sim.model.plans import RoutePlanner
from sim.model.vehicles import Vehicle
from sim.routing import RoutingProblem, Tour, RoutingVehicle, evaluate_tour

if TYPE_CHECKING:
    from sim.model.model import RuralLogisticsModel


class Operator(Agent):
    """Runs the sorting line and the fleet of one brand, or of the joint company.

    ``carriers`` are the indices of the brands whose parcels it handles, ``sort_rate_per_h``
    its hub sorting throughput (parcels/h), ``planner`` plans its tours, ``ledger`` records
    what it does.
    """

    def __init__(self, model: "RuralLogisticsModel", name: str, carriers: np.ndarray, sort_rate_per_h: float,
                 ledger: Ledger, planner: RoutePlanner) -> None:
        super().__init__(model)
        self.name = name
        self.carriers = carriers                 # carrier indices whose parcels it handles
        self.sort_rate_per_h = sort_rate_per_h
        self.sort_free_at_h = 0.0
        self.ledger = ledger
        self.planner = planner
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
        """An idle vehicle ``vehicle_name`` at ``base`` with room in its shift, or a new one."""
        model = self.model
        fleet = self.fleet.setdefault((base, vehicle_name), [])
        for vehicle in fleet:
            if vehicle.can_take(model.now_h, duration_h, model.day, model.config.operations.shift_h):
                return vehicle
        vehicle = Vehicle(model, self, vehicle_name, base, spec)
        fleet.append(vehicle)
        return vehicle

    # -- tours -----------------------------------------------------------------------
    def run_tours(self, base: int, vehicle_name: str, visits: list[Visit]) -> None:
        """Plan tours from ``base`` over ``visits`` with vehicles ``vehicle_name`` and start them."""
        if not visits:
            return
        model = self.model
        ops = model.config.operations
        spec = model.config.vehicles[vehicle_name]
        visits, drop_kg, board_kg = split_heavy(visits, model.parcels.weight_kg, model.produce.weight_kg,
                                                spec.capacity_kg)
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
        problem = RoutingProblem(dist_km=dist, time_h=time, delivery_kg=delivery, pickup_kg=pickup,
                                 vehicle_types=(vtype,), service_h=service)
        loaded = (delivery > 0) | (pickup > 0)
        for tour in self.planner.plan(problem, (base, vehicle_name, tuple(nodes[1:]))):
            stops = tour.clients[loaded[tour.clients]]      # nothing to drop or board: drive past
            if len(stops) == 0:
                continue
            if len(stops) < len(tour.clients):
                tour = evaluate_tour(problem, stops, 0)
            self._dispatch(base, vehicle_name, spec, problem, tour, nodes, visits)

    def _dispatch(self, base: int, vehicle_name: str, spec: VehicleSpec, problem: RoutingProblem,
                  tour: Tour, nodes: np.ndarray, visits: list[Visit]) -> None:
        model = self.model
        now_h = model.now_h
        vehicle = self.vehicle_for(base, vehicle_name, tour.duration_h)
        new_day = vehicle.shift_day != model.day
        stops = [
            Stop(int(nodes[i]), visits[i - 1].drop, visits[i - 1].board, now_h + float(a))
            for i, a in zip(tour.clients, tour.arrival_h)
        ]
        vehicle.start(stops, now_h + tour.duration_h, model.day)
        legs_km = _legs_km(problem.dist_km, tour.clients)
        cost = self.ledger.tour(spec, legs_km, problem.delivery_kg[tour.clients], problem.pickup_kg[tour.clients],
                                fixed_cost=new_day)
        if base != model.geography.hub:   # a village round: its cost is shared by its villages by weight handled
            kg = problem.delivery_kg[tour.clients] + problem.pickup_kg[tour.clients]
            share = kg / kg.sum() if kg.sum() > 0 else np.full(len(kg), 1.0 / len(kg))
            self.ledger.village_leg_cost(nodes[tour.clients], cost * share)


def _legs_km(dist_km: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Km of each leg of depot → ``order`` → depot (depot = row 0 of ``dist_km``)."""
    path = np.concatenate([[0], order, [0]])
    return dist_km[path[:-1], path[1:]]
