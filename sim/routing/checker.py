"""The solution checker every solver's answer passes before :func:`~sim.routing.solve` returns it."""

from __future__ import annotations

import math

import numpy as np

from sim.routing.problem import FEASIBILITY_TOL, RoutingError, RoutingProblem, RoutingSolution, evaluate_tour

# duration, arrival times and loads with values it recomputes from the matrices.
CHECK_REL_TOL = 1e-9
CHECK_ABS_TOL = 1e-6
# Savings restarts: s_ij = d_i0 + d_0j - λ d_ij for each λ here (Yellow 1970's route

def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=CHECK_REL_TOL, abs_tol=CHECK_ABS_TOL)


def check_solution(problem: RoutingProblem, solution: RoutingSolution) -> None:
    """Raise :class:`RoutingError` naming the first violated constraint; return None if feasible.

    Checks: every client 1..n exactly once, valid vehicle types and fleet sizes, stored
    distance / duration / arrivals / loads equal the values recomputed from the
    matrices, peak load ≤ capacity at every point, duration ≤ max duration, time
    windows, and the solution totals.
    """
    n = problem.num_clients
    seen = np.zeros(n + 1, dtype=np.int64)
    used = [0] * len(problem.vehicle_types)
    for k, tour in enumerate(solution.tours):
        where = f"tour {k}"
        if not 0 <= tour.vehicle_type < len(problem.vehicle_types):
            raise RoutingError(f"{where}: vehicle type {tour.vehicle_type} does not exist")
        vt = problem.vehicle_types[tour.vehicle_type]
        used[tour.vehicle_type] += 1
        clients = np.asarray(tour.clients)
        if clients.ndim != 1 or len(clients) == 0:
            raise RoutingError(f"{where}: clients must be a non-empty 1-D array")
        if np.any(clients < 1) or np.any(clients > n):
            raise RoutingError(f"{where}: client index out of range 1..{n}: {clients.tolist()}")
        np.add.at(seen, clients, 1)
        ref = evaluate_tour(problem, clients, tour.vehicle_type)
        if not _close(tour.distance_km, ref.distance_km):
            raise RoutingError(f"{where}: distance_km {tour.distance_km} != matrix sum {ref.distance_km}")
        if not _close(tour.duration_h, ref.duration_h):
            raise RoutingError(f"{where}: duration_h {tour.duration_h} != recomputed {ref.duration_h}")
        if np.shape(tour.arrival_h) != ref.arrival_h.shape or not np.allclose(tour.arrival_h, ref.arrival_h, rtol=CHECK_REL_TOL, atol=CHECK_ABS_TOL):
            raise RoutingError(f"{where}: arrival_h differs from the recomputed schedule")
        if np.shape(tour.load_kg) != ref.load_kg.shape or not np.allclose(tour.load_kg, ref.load_kg, rtol=CHECK_REL_TOL, atol=CHECK_ABS_TOL):
            raise RoutingError(f"{where}: load_kg differs from the recomputed load profile")
        peak = float(ref.load_kg.max())
        if peak > vt.capacity_kg + FEASIBILITY_TOL:
            at = int(np.argmax(ref.load_kg))
            point = "leaving the depot" if at == 0 else f"after client {int(clients[at - 1])}"
            raise RoutingError(f"{where}: load {peak:.3f} kg {point} exceeds capacity {vt.capacity_kg} kg")
        if ref.duration_h > vt.max_duration_h + FEASIBILITY_TOL:
            raise RoutingError(f"{where}: duration {ref.duration_h:.3f} h exceeds max {vt.max_duration_h} h")
        tw = problem.time_windows_h
        if tw is not None:
            late = tw[clients, 1] < ref.arrival_h - FEASIBILITY_TOL
            if np.any(late):
                c = int(clients[np.argmax(late)])
                raise RoutingError(f"{where}: arrives at client {c} after its latest start {tw[c, 1]} h")
            if ref.duration_h > tw[0, 1] + FEASIBILITY_TOL:
                raise RoutingError(f"{where}: returns at {ref.duration_h:.3f} h, after the depot closes at {tw[0, 1]} h")
    if np.any(seen[1:] != 1):
        bad = int(np.flatnonzero(seen[1:] != 1)[0]) + 1
        raise RoutingError(f"client {bad} is visited {int(seen[bad])} times (must be exactly once)")
    for t, (count, vt) in enumerate(zip(used, problem.vehicle_types)):
        if count > vt.num_available:
            raise RoutingError(f"vehicle type {t} ({vt.name!r}) used {count} times but only {vt.num_available} available")
    total = sum(t.distance_km for t in solution.tours)
    if not _close(solution.distance_km, total):
        raise RoutingError(f"solution distance_km {solution.distance_km} != sum over tours {total}")
    cost = sum(problem.vehicle_types[t.vehicle_type].tour_cost_yuan(t.distance_km) for t in solution.tours)
    if not _close(solution.cost_yuan, cost):
        raise RoutingError(f"solution cost_yuan {solution.cost_yuan} != fixed + per-km cost {cost}")

