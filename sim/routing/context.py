"""A routing problem as plain Python lists for the heuristics' inner loops, and the
fleet rules they share: the up-front feasibility check and vehicle types per route."""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from sim.routing.problem import FEASIBILITY_TOL, InfeasibleProblemError, RoutingError, RoutingProblem

# Fixed-cost weight, km-equivalents, when a vehicle has a fixed cost but no per-km cost.
FIXED_KM_CAP = 1e6


class SearchContext:
    """Plain-Python copies of the problem for the heuristics' inner loops (lists beat numpy at n ≤ 50)."""

    def __init__(self, problem: RoutingProblem) -> None:
        self.problem = problem
        self.n = problem.num_clients
        self.d: list[list[float]] = problem.dist_km.tolist()
        self.t: list[list[float]] = problem.time_h.tolist()
        self.dl: list[float] = problem.delivery_kg.tolist()
        self.pk: list[float] = problem.pickup_kg.tolist()
        self.svc: list[float] = problem.service_h.tolist() if problem.service_h is not None else [0.0] * (self.n + 1)
        self.has_tw = problem.time_windows_h is not None
        if self.has_tw:
            tw = problem.time_windows_h
            self.early: list[float] = tw[:, 0].tolist()  # type: ignore[index]
            self.late: list[float] = tw[:, 1].tolist()  # type: ignore[index]
        self.symmetric = problem.is_symmetric
        self.pair_index: tuple[np.ndarray, np.ndarray] | None = None  # savings pairs, built on first use
        types = problem.vehicle_types
        # (capacity, max duration) limits of the types that exist, for "does any van fit".
        self.limits = [(v.capacity_kg + FEASIBILITY_TOL, v.max_duration_h + FEASIBILITY_TOL) for v in types if v.num_available > 0]
        self.max_cap = max(c for c, _ in self.limits)
        self.max_dur = max(m for _, m in self.limits)
        # A vehicle's fixed cost in km of driving, for the cheapest type (savings and ranking).
        usable = [v for v in types if v.num_available > 0]
        self.fixed_km = min(v.fixed_cost_yuan / v.cost_per_km_yuan if v.cost_per_km_yuan > 0 else
                            (math.inf if v.fixed_cost_yuan > 0 else 0.0) for v in usable)
        if not math.isfinite(self.fixed_km):
            self.fixed_km = max(FIXED_KM_CAP, 0.0)
        # durations or time windows can make a move infeasible (else capacity alone decides)
        self.timed = self.has_tw or any(math.isfinite(m) for _, m in self.limits)

    def fits(self, peak_kg: float, duration_h: float) -> bool:
        """True if some available vehicle type carries ``peak_kg`` within ``duration_h``."""
        for cap, dur in self.limits:
            if peak_kg <= cap and duration_h <= dur:
                return True
        return False

    def dist(self, seq: Sequence[int]) -> float:
        """Distance in km of depot → seq → depot."""
        d = self.d
        prev = 0
        total = 0.0
        for c in seq:
            total += d[prev][c]
            prev = c
        return total + d[prev][0]

    def schedule(self, seq: Sequence[int]) -> float:
        """Return time in h of depot → seq → depot, or inf if a time window is missed."""
        t, svc = self.t, self.svc
        now = svc[0]
        prev = 0
        if self.has_tw:
            early, late = self.early, self.late
            for c in seq:
                now += t[prev][c]
                if now > late[c] + FEASIBILITY_TOL:
                    return math.inf
                if now < early[c]:
                    now = early[c]
                now += svc[c]
                prev = c
            now += t[prev][0]
            return now if now <= late[0] + FEASIBILITY_TOL else math.inf
        for c in seq:
            now += t[prev][c] + svc[c]
            prev = c
        return now + t[prev][0]

    def peak(self, seq: Sequence[int]) -> float:
        """Peak on-board load in kg along seq (deliveries all loaded at the depot)."""
        dl, pk = self.dl, self.pk
        load = 0.0
        for c in seq:
            load += dl[c]
        top = load
        for c in seq:
            load += pk[c] - dl[c]
            if load > top:
                top = load
        return top

    def feasible(self, seq: Sequence[int]) -> bool:
        """True if some vehicle type can drive seq (capacity, duration, time windows)."""
        peak = self.peak(seq)
        if peak > self.max_cap:
            return False
        return self.fits(peak, self.schedule(seq))


def precheck(ctx: SearchContext) -> None:
    """Raise InfeasibleProblemError if some client cannot be served even alone."""
    problem = ctx.problem
    largest = max(v.capacity_kg for v in problem.vehicle_types if v.num_available > 0)
    for c in range(1, ctx.n + 1):
        for what, kg in (("delivery", ctx.dl[c]), ("pickup", ctx.pk[c])):
            if kg > largest + FEASIBILITY_TOL:
                raise InfeasibleProblemError(f"client {c} needs {kg} kg {what} but the largest vehicle carries {largest} kg")
        back_h = ctx.schedule([c])
        if math.isinf(back_h):
            raise InfeasibleProblemError(f"client {c} cannot be reached within its time window (or back before the depot closes)")
        if not ctx.fits(ctx.peak([c]), back_h):
            raise InfeasibleProblemError(
                f"client {c} alone needs a {back_h:.3f} h round trip with {ctx.peak([c])} kg but no available vehicle type allows that "
                f"(longest max duration {ctx.max_dur} h)"
            )


def _fitting_types(ctx: SearchContext, seq: Sequence[int], left: list[int]) -> list[int]:
    """Vehicle types with a vehicle left that can drive seq, cheapest first (ties by index)."""
    types = ctx.problem.vehicle_types
    peak, dur, dist = ctx.peak(seq), ctx.schedule(seq), ctx.dist(seq)
    fitting = [
        t
        for t, v in enumerate(types)
        if left[t] > 0 and peak <= v.capacity_kg + FEASIBILITY_TOL and dur <= v.max_duration_h + FEASIBILITY_TOL
    ]
    return sorted(fitting, key=lambda t: (types[t].tour_cost_yuan(dist), t))


def _split_for_fleet(ctx: SearchContext, seq: list[int], left: list[int]) -> list[tuple[list[int], int]]:
    """Cut seq into consecutive pieces that vehicles still left can drive (longest piece first).

    Used when a tour needs a vehicle type that has run out (e.g. 3 vans, many tricycles).
    Decrements ``left``. Raises RoutingError if even single clients find no vehicle.
    """
    pieces: list[tuple[list[int], int]] = []
    rest = seq
    while rest:
        best_len = 0
        for t in range(len(left)):
            if left[t] == 0:
                continue
            only_t = [int(u == t) for u in range(len(left))]
            length = 0
            while length < len(rest) and _fitting_types(ctx, rest[: length + 1], only_t):
                length += 1
            best_len = max(best_len, length)
        if best_len == 0:
            types = ctx.problem.vehicle_types
            raise RoutingError(
                f"the heuristic ran out of vehicles ({sum(v.num_available for v in types)} in the fleet) "
                f"with clients {rest} still to serve; try solver='pyvrp'"
            )
        piece = rest[:best_len]
        t = _fitting_types(ctx, piece, left)[0]  # cheapest type that fits the piece
        left[t] -= 1
        pieces.append((piece, t))
        rest = rest[best_len:]
    return pieces


def assign_vehicle_types(ctx: SearchContext, routes: list[list[int]]) -> list[tuple[list[int], int]]:
    """Give each route the cheapest available vehicle type that fits it.

    Routes with the fewest fitting types are served first so that a scarce large van is
    not spent on a route a small van could drive; a route left without a fitting vehicle
    is split into pieces the remaining fleet can drive. Raises RoutingError if the fleet
    runs out altogether.
    """
    left = [v.num_available for v in ctx.problem.vehicle_types]
    order = sorted(range(len(routes)), key=lambda k: (len(_fitting_types(ctx, routes[k], left)), k))
    out: list[tuple[list[int], int]] = []
    for k in order:
        fitting = _fitting_types(ctx, routes[k], left)
        if fitting:
            left[fitting[0]] -= 1
            out.append((routes[k], fitting[0]))
        else:
            out.extend(_split_for_fleet(ctx, routes[k], left))
    return out

