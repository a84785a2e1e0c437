"""Route plans kept between days: fixed rounds (固定线路) re-used while the day's loads fit.

The road graph does not change within a run, so routes found for a set of stops stay good
while the loads fit them. A :class:`RoutePlanner` (one per operator) keeps a few plans per
set of stops (light and heavy days of the week, seasons) and counts how often it solved,
repaired or re-used one.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sim.routing import RoutingProblem, Tour, solve

# Route plans kept per set of stops (oldest dropped first): enough for the weekly cycle
# of light and heavy days and a season change, few enough that checking them is cheap.
PLANS_KEPT_PER_STOP_SET = 6


class RoutePlan:
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


class RoutePlanner:
    """Plans tours for an operator, keeping plans per set of stops; counts its own work.

    ``solver``, ``time_limit_s``, ``max_iterations`` and ``seed`` go to
    :func:`sim.routing.solve`; ``headroom`` is the share of extra load each route is
    planned for; ``timed`` wraps each solve (the model's routing timer).
    """

    def __init__(self, *, solver: str, time_limit_s: float, max_iterations: int, seed: int,
                 headroom: float, timed: Callable) -> None:
        self.solver = solver
        self.time_limit_s = time_limit_s
        self.max_iterations = max_iterations
        self.seed = seed
        self.headroom = headroom
        self._timed = timed
        self._plans: dict[tuple, list[RoutePlan]] = {}   # kept plans per (base, vehicle, stops)
        self.solved = self.repaired = self.reused = 0

    def plan(self, problem: RoutingProblem, key: tuple) -> list[Tour]:
        """Tours for ``problem``: a kept plan for these stops if one still fits, else a
        repaired or new one.

        The cheapest kept plan that fits is used. When none fits, the planner keeps the
        cheapest plan's routes that still fit and re-plans only the stops of the others;
        with no plan yet, all stops are planned.
        """
        plans = self._plans.setdefault(key, [])
        capacity = problem.vehicle_types[0].capacity_kg
        ranked = sorted(plans, key=lambda p: p.score)   # stable: ties go to the older plan
        for plan in ranked:
            if plan.fits(problem, capacity):
                self.reused += 1
                return plan.tours(problem)
        kept = ranked[0].fitting(problem, capacity) if ranked else []
        stops = np.concatenate([t[0] for t in ranked[0].static if not any(t is k for k in kept)]) \
            if ranked else np.arange(1, len(problem.delivery_kg))
        if kept:
            self.repaired += 1
        else:
            self.solved += 1
        plan = RoutePlan(kept + self._solve_stops(problem, stops))
        plans.append(plan)
        if len(plans) > PLANS_KEPT_PER_STOP_SET:
            plans.pop(0)
        return plan.tours(problem)

    def _solve_stops(self, problem: RoutingProblem, stops: np.ndarray) -> list[tuple]:
        """Plan tours over ``stops`` (client indices of ``problem``) with the head-room;
        returns them as plan entries (order, km, h, arrivals)."""
        capacity = problem.vehicle_types[0].capacity_kg
        headroom = 1.0 + self.headroom
        idx = np.concatenate([[0], stops])
        sub = np.ix_(idx, idx)
        planned = RoutingProblem.trusted(   # plan fixed routes with room for tomorrow's swings
            dist_km=problem.dist_km[sub], time_h=problem.time_h[sub], vehicle_types=problem.vehicle_types,
            service_h=None if problem.service_h is None else problem.service_h[idx],
            time_windows_h=None if problem.time_windows_h is None else problem.time_windows_h[idx],
            delivery_kg=np.minimum(problem.delivery_kg[idx] * headroom, capacity),
            pickup_kg=np.minimum(problem.pickup_kg[idx] * headroom, capacity))
        with self._timed():
            solution = solve(planned, solver=self.solver, time_limit_s=self.time_limit_s,
                             seed=self.seed, max_iterations=self.max_iterations)
        return [(idx[t.clients], t.distance_km, t.duration_h, t.arrival_h) for t in solution.tours]
