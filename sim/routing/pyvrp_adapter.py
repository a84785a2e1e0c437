"""PyVRP adapter: solve a :class:`sim.routing.RoutingProblem` with PyVRP's iterated local search.

PyVRP works on integers, so the float problem is scaled:

* distances: km → metres (``SCALE_M_PER_KM``), rounded (they only enter the objective);
* times: hours → seconds (``SCALE_S_PER_H``); travel, service and earliest times are
  rounded *up* and latest times / max durations *down*, so a schedule PyVRP finds
  feasible in integers is feasible in our floats too;
* loads: kg → grams (``SCALE_G_PER_KG``); demands rounded up, capacities down, for the
  same reason;
* costs: ``unit_distance_cost`` is yuan/km in units of ``COST_UNITS_PER_YUAN_PER_KM``
  per metre, and ``fixed_cost`` is yuan in the same objective unit
  (yuan × SCALE_M_PER_KM × COST_UNITS_PER_YUAN_PER_KM).

The tours PyVRP returns are re-evaluated on the original float matrices by
:func:`sim.routing.solve`, and checked with :func:`sim.routing.check_solution`.

Determinism: PyVRP is seeded, but ``MaxRuntime`` stops after a wall-clock time, so
how many iterations run depends on machine load. Small instances converge well within
the limit and repeat exactly; pass ``max_iterations`` to :func:`solve_pyvrp_routes` for
bit-for-bit repeatability on any instance.
"""

from __future__ import annotations

import math
import time

import numpy as np
from pyvrp import Client, Depot, Location, ProblemData, VehicleType as PyvrpVehicleType
from pyvrp import PenaltyParams, SolveParams
from pyvrp import solve as pyvrp_solve
from pyvrp.constants import MAX_VALUE
from pyvrp.stop import MaxIterations, MaxRuntime, MultipleCriteria

from sim.routing.problem import RoutingError, RoutingProblem

__all__ = ["SCALE_M_PER_KM", "SCALE_S_PER_H", "SCALE_G_PER_KG", "COST_UNITS_PER_YUAN_PER_KM", "build_problem_data", "solve_pyvrp_routes"]

# Metres per km: PyVRP distances are integer metres.
SCALE_M_PER_KM = 1_000
# Seconds per hour: PyVRP durations are integer seconds.
SCALE_S_PER_H = 3_600
# Grams per kg: PyVRP loads are integer grams.
SCALE_G_PER_KG = 1_000
# Objective units per (yuan / km) per metre: 100 resolves per-km prices to 0.01 yuan/km.
COST_UNITS_PER_YUAN_PER_KM = 100
# Relative slack before ceil/floor so that 2.0000000000001 rounds to 2 (float noise).
ROUNDING_SLACK = 1e-9
# Shortest search PyVRP is given even if building the data used up the time budget, s.
MIN_SEARCH_S = 0.01
# Time kept back for converting and checking PyVRP's answer (≈ 1–3 ms at n = 50), s.
FINISH_MARGIN_S = 0.005
# PyVRP caps its penalty per unit of violation (default 100,000 objective units per gram
# or second). A van's fixed cost is 150 yuan = 1.5e7 units here, so with the default cap
# an overload of ~150 g looked cheaper than a second van and PyVRP returned no feasible
# solution. The cap is raised to this many times the largest fixed cost.
PENALTY_CAP_PER_FIXED_COST = 10.0
# PyVRP's "no limit" value for time windows and shift durations.
INT64_MAX = np.iinfo(np.int64).max


def _ceil(x: np.ndarray | float, scale: float) -> np.ndarray:
    v = np.asarray(x, dtype=np.float64) * scale
    return np.ceil(v - ROUNDING_SLACK * np.maximum(1.0, np.abs(v))).astype(np.int64)


def _floor(x: np.ndarray | float, scale: float) -> np.ndarray:
    v = np.asarray(x, dtype=np.float64) * scale
    return np.floor(v + ROUNDING_SLACK * np.maximum(1.0, np.abs(v))).astype(np.int64)


def _checked_matrix(name: str, matrix: np.ndarray) -> np.ndarray:
    if matrix.size and matrix.max() > MAX_VALUE:
        raise RoutingError(f"{name}: scaled value {int(matrix.max())} exceeds PyVRP's limit {MAX_VALUE}; use smaller units")
    return matrix


def build_problem_data(problem: RoutingProblem) -> tuple[ProblemData, list[int]]:
    """Return PyVRP ``ProblemData`` for ``problem`` and, per PyVRP vehicle type, our type index.

    Location 0 is the depot and PyVRP client k-1 is our node k; values are scaled as in
    the module docstring. Types with no vehicle available are left out (PyVRP rejects them).
    """
    n = problem.num_clients
    dist_m = _checked_matrix("dist_km", np.rint(problem.dist_km * SCALE_M_PER_KM).astype(np.int64))
    time_s = _checked_matrix("time_h", _ceil(problem.time_h, SCALE_S_PER_H))
    np.fill_diagonal(dist_m, 0)
    np.fill_diagonal(time_s, 0)
    delivery_g = _ceil(problem.delivery_kg, SCALE_G_PER_KG)
    pickup_g = _ceil(problem.pickup_kg, SCALE_G_PER_KG)
    service_s = _ceil(problem.service_h, SCALE_S_PER_H) if problem.service_h is not None else np.zeros(n + 1, np.int64)
    windows = problem.time_windows_h
    early_s = np.zeros(n + 1, np.int64)
    late_s = np.full(n + 1, INT64_MAX, np.int64)
    if windows is not None:
        early_s = _ceil(windows[:, 0], SCALE_S_PER_H)
        finite = np.isfinite(windows[:, 1])
        late_s[finite] = _floor(windows[finite, 1], SCALE_S_PER_H)
    # Coordinates are only used for plotting; the matrices carry the geometry.
    locations = [Location(0.0, 0.0, name=f"node {k}") for k in range(n + 1)]
    depot = Depot(0, tw_early=0, tw_late=int(late_s[0]), service_duration=int(service_s[0]), name="depot")
    clients = [
        Client(
            location=k,
            delivery=[int(delivery_g[k])],
            pickup=[int(pickup_g[k])],
            service_duration=int(service_s[k]),
            tw_early=int(early_s[k]),
            tw_late=int(late_s[k]),
            name=f"client {k}",
        )
        for k in range(1, n + 1)
    ]
    vehicle_types = []
    for t, vt in enumerate(problem.vehicle_types):
        shift_s = int(_floor(vt.max_duration_h, SCALE_S_PER_H)) if math.isfinite(vt.max_duration_h) else INT64_MAX
        unit_cost = int(round(vt.cost_per_km_yuan * COST_UNITS_PER_YUAN_PER_KM))
        fixed = int(round(vt.fixed_cost_yuan * SCALE_M_PER_KM * COST_UNITS_PER_YUAN_PER_KM))
        vehicle_types.append(
            PyvrpVehicleType(
                # never more vans than clients: avoids ~1,000 empty routes for the default fleet
                num_available=max(0, min(int(vt.num_available), n)),
                capacity=[int(_floor(vt.capacity_kg, SCALE_G_PER_KG))],
                fixed_cost=fixed,
                unit_distance_cost=unit_cost,
                tw_early=0,
                start_late=0,  # vans leave at time 0, as in sim.routing.evaluate_tour
                shift_duration=shift_s,
                name=vt.name or f"type {t}",
            )
        )
    keep = [t for t, v in enumerate(vehicle_types) if v.num_available > 0]
    data = ProblemData(locations, clients, [depot], [vehicle_types[t] for t in keep], [dist_m], [time_s])
    return data, keep


def solve_pyvrp_routes(
    problem: RoutingProblem,
    *,
    time_limit_s: float,
    seed: int,
    max_iterations: int | None = None,
) -> list[tuple[list[int], int]]:
    """Return ``(visit order of node indices, our vehicle type index)`` per tour found by PyVRP.

    Stops after ``time_limit_s`` seconds (and after ``max_iterations`` if given). Raises
    RoutingError if PyVRP finds no feasible solution.
    """
    if not (time_limit_s > 0):
        raise RoutingError(f"time_limit_s must be > 0, got {time_limit_s}")
    started = time.perf_counter()
    data, type_index = build_problem_data(problem)
    # the search gets what is left of the budget after building the data and converting back
    search_s = max(time_limit_s - (time.perf_counter() - started) - FINISH_MARGIN_S, MIN_SEARCH_S)
    stop = MaxRuntime(search_s)
    if max_iterations is not None:
        stop = MultipleCriteria([stop, MaxIterations(max_iterations)])
    max_fixed = max((vt.fixed_cost for vt in data.vehicle_types()), default=0)
    default_cap = PenaltyParams().max_penalty
    params = SolveParams(penalty=PenaltyParams(max_penalty=max(default_cap, PENALTY_CAP_PER_FIXED_COST * max_fixed)))
    result = pyvrp_solve(data, stop=stop, seed=seed, collect_stats=False, display=False, params=params)
    best = result.best
    if not best.is_feasible() or not best.is_complete():
        raise RoutingError(f"PyVRP found no feasible solution within {time_limit_s} s (seed {seed})")
    routes = []
    for route in best.routes():
        visits = [activity.idx + 1 for activity in route if activity.is_client()]
        if visits:
            routes.append((visits, type_index[route.vehicle_type()]))
    return routes
