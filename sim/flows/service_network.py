"""Which villages get what service: service points, rural bus lines, drone coverage.

Pure functions of the geography and the scenario; they return NumPy arrays of facility
indices (or booleans over facilities) that the model fixes at start-up.
"""

from __future__ import annotations

import numpy as np

from sim.config.policies import BusPolicy, DronePolicy
from sim.geography import Geography
from sim.routing import RoutingProblem, RoutingVehicle, solve

# Capacity and fixed cost that make the route builder put a whole bus line on one tour
# (a bus carries the line in one pass; its load limit is applied per trip, not here).
_ONE_TOUR_CAPACITY_KG = 1e9
_ONE_TOUR_FIXED_COST_YUAN = 1e6


def service_points(geo: Geography, share: float) -> np.ndarray:
    """Boolean over facilities: villages with a service point (村级服务点).

    The ``share`` of each township's villages with the most residents get one, ties
    broken by nearness to the township (then by index), so the choice is deterministic
    and a planner can reason about it.
    """
    has_point = np.zeros(geo.n_facilities, dtype=bool)
    for t in geo.townships:
        villages = geo.villages[geo.township[geo.villages] == t]
        k = int(round(share * len(villages)))
        order = np.lexsort((villages, geo.dist_km[t, villages], -geo.population[villages]))
        has_point[villages[order[:k]]] = True
    return has_point


def bus_lines(geo: Geography, policy: BusPolicy, eligible: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """Rural bus lines as ``(township, villages in stop order)``.

    Per township, the ``village_share`` of eligible villages nearest by road are on a
    line; they are split into ``lines_per_township`` lines by bearing from the township,
    and each line's stops are ordered as one round trip by the route builder.
    """
    lines: list[tuple[int, np.ndarray]] = []
    for t in geo.townships:
        villages = geo.villages[(geo.township[geo.villages] == t) & eligible[geo.villages]]
        k = int(round(policy.village_share * len(villages)))
        if k == 0:
            continue
        near = villages[np.lexsort((villages, geo.dist_km[t, villages]))[:k]]
        bearing = np.arctan2(geo.y_km[near] - geo.y_km[t], geo.x_km[near] - geo.x_km[t])
        near = near[np.lexsort((near, bearing))]
        for group in np.array_split(near, min(policy.lines_per_township, len(near))):
            lines.append((int(t), _round_trip_order(geo, int(t), group)))
    return lines


def _round_trip_order(geo: Geography, depot: int, stops: np.ndarray) -> np.ndarray:
    nodes = np.concatenate([[depot], stops])
    n = len(stops)
    problem = RoutingProblem(
        dist_km=geo.dist_km[np.ix_(nodes, nodes)], time_h=geo.time_h[np.ix_(nodes, nodes)],
        delivery_kg=np.r_[0.0, np.ones(n)], pickup_kg=np.zeros(n + 1),
        vehicle_types=(RoutingVehicle(capacity_kg=_ONE_TOUR_CAPACITY_KG, fixed_cost_yuan=_ONE_TOUR_FIXED_COST_YUAN),),
    )
    tour = solve(problem, solver="savings").tours[0]
    return nodes[tour.clients]


def drone_villages(geo: Geography, policy: DronePolicy, terrain: str) -> np.ndarray:
    """Boolean over facilities: villages a drone from their township serves.

    Remote means at least ``min_road_km`` by road from the township, or any village in
    mountain terrain when ``all_villages_in_mountains``; in both cases the straight-line
    round trip must be within ``range_km``.
    """
    v = geo.villages
    t = geo.township[v]
    straight_km = np.hypot(geo.x_km[v] - geo.x_km[t], geo.y_km[v] - geo.y_km[t])
    remote = geo.dist_km[t, v] >= policy.min_road_km
    if terrain == "mountain" and policy.all_villages_in_mountains:
        remote[:] = True
    served = np.zeros(geo.n_facilities, dtype=bool)
    served[v] = remote & (2.0 * straight_km <= policy.range_km)
    return served
