"""``solve()``: one entry point over the three solvers, every answer checked."""

from __future__ import annotations

import time

from sim.routing.checker import check_solution
from sim.routing.construction import nearest_routes, savings_routes
from sim.routing.context import SearchContext, assign_vehicle_types, precheck
from sim.routing.local_search import improve_inter, improve_intra
from sim.routing.problem import RoutingError, RoutingProblem, RoutingSolution, SolverName, make_solution
from sim.routing.pyvrp_adapter import solve_pyvrp_routes

# shape parameter). Values around 1 are classical Clarke–Wright; <1 favours merging
# far-apart customers (fewer, longer routes), >1 favours near neighbours.
SAVINGS_LAMBDAS = (1.0, 0.6, 0.7, 0.8, 0.9, 1.1, 1.2, 1.3, 1.4)
# Full inter-route local search runs on this many of the best savings starts (the rest
# only get the cheap intra-route polish). Keeps n = 50 well under 50 ms.
SAVINGS_LS_STARTS = 3


def _total_km(ctx: SearchContext, routes: list[list[int]]) -> float:
    """Distance plus each route's fixed cost in km-equivalents (the heuristics' objective)."""
    return sum(ctx.dist(r) for r in routes) + ctx.fixed_km * len(routes)


def _savings_multi(ctx: SearchContext) -> list[list[int]]:
    """Savings for every λ in SAVINGS_LAMBDAS, polish each, deepen the best few; return the cheapest.

    Candidates are ranked by (number of routes, distance); the fleet-size tie-break
    matters when vans are scarce. Deterministic: λ order and index order decide ties.
    """
    candidates = []
    seen: set[tuple[tuple[int, ...], ...]] = set()
    for k, lam in enumerate(SAVINGS_LAMBDAS):
        routes = [improve_intra(ctx, r) for r in savings_routes(ctx, lam)]
        key = tuple(sorted(tuple(r) for r in routes))
        if key in seen:
            continue
        seen.add(key)
        candidates.append((_total_km(ctx, routes), k, routes))
    candidates.sort(key=lambda x: (x[0], x[1]))
    best = None
    for _, k, routes in candidates[:SAVINGS_LS_STARTS]:
        improved = improve_inter(ctx, routes)
        score = (_total_km(ctx, improved), k)
        if best is None or score < best[0]:
            best = (score, improved)
    assert best is not None
    return best[1]


# --------------------------------------------------------------------------- entry point
def solve(
    problem: RoutingProblem,
    *,
    solver: SolverName = "savings",
    time_limit_s: float = 1.0,
    seed: int = 0,
    max_iterations: int | None = None,
) -> RoutingSolution:
    """Return a feasible :class:`RoutingSolution` for ``problem`` (km, yuan, wall seconds).

    ``solver``: "nearest" (nearest-neighbour construction, < 1 ms), "savings"
    (Clarke–Wright for VRPSPD over SAVINGS_LAMBDAS + local search; ≈ 2 ms at n = 15,
    ≈ 20 ms at n = 50) or "pyvrp" (PyVRP iterated local search for ``time_limit_s``
    wall-clock seconds with ``seed``, or ``max_iterations`` if that comes first: only an
    iteration cap that binds before the time cap makes PyVRP repeatable bit for bit on
    a loaded machine). The heuristics are deterministic and ignore
    ``time_limit_s`` and ``seed``. Each tour gets the cheapest vehicle type that fits it.

    Raises InfeasibleProblemError if a client cannot be served even alone (too heavy, or
    its round trip breaks every max duration / its time window), RoutingError if no
    feasible answer is found (e.g. the heuristics run out of vehicles). The answer has
    passed :func:`check_solution`.
    """
    start = time.perf_counter()
    if solver not in ("nearest", "savings", "pyvrp"):
        raise RoutingError(f"unknown solver {solver!r}; use 'nearest', 'savings' or 'pyvrp'")
    ctx = SearchContext(problem)
    precheck(ctx)
    if ctx.n == 0:
        return RoutingSolution(tours=(), distance_km=0.0, cost_yuan=0.0, solver=solver, runtime_s=time.perf_counter() - start)
    if solver == "pyvrp":
        assigned = solve_pyvrp_routes(problem, time_limit_s=time_limit_s, seed=seed, max_iterations=max_iterations)
    else:
        routes = nearest_routes(ctx) if solver == "nearest" else _savings_multi(ctx)
        assigned = assign_vehicle_types(ctx, routes)
    solution = make_solution(problem, assigned, solver, time.perf_counter() - start)
    check_solution(problem, solution)
    return solution
