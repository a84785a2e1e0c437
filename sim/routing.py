"""Van routing from one station: vehicle routing with simultaneous pickup and delivery.

A van leaves the depot (a township station, index 0) loaded with every parcel for the
villages on its tour, drops parcels and picks up farm produce at each village, and comes
back. The on-board load therefore *changes along the tour*: it starts at the sum of the
tour's deliveries and moves by ``pickup - delivery`` at each stop; a tour is capacity
feasible when that load never exceeds the vehicle capacity (VRPSPD).

Public interface (the simulation model codes against it):

* data types :class:`VehicleType`, :class:`RoutingProblem`, :class:`Tour`,
  :class:`RoutingSolution`;
* :func:`solve` with ``solver="nearest"`` (nearest-neighbour construction),
  ``"savings"`` (Clarke–Wright savings for VRPSPD with several λ, then local search) or
  ``"pyvrp"`` (the PyVRP iterated local search, see :mod:`sim.routing_pyvrp`);
* :func:`check_solution`, which every solver's answer passes before it is returned;
* :func:`evaluate_tour`, which builds a :class:`Tour` from a visit order.

Units are in the names: ``_km``, ``_h`` (hours, measured from the van's departure at
time 0), ``_kg``, ``_yuan``, ``_s`` (wall-clock seconds).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Literal, Sequence

import numpy as np

__all__ = [
    "RoutingError",
    "InfeasibleProblemError",
    "VehicleType",
    "RoutingProblem",
    "Tour",
    "RoutingSolution",
    "SolverName",
    "solve",
    "check_solution",
    "evaluate_tour",
    "make_solution",
]

SolverName = Literal["nearest", "savings", "pyvrp"]

# Loads, durations and distances are floats; comparisons against capacity and duration
# limits allow this much slack so that a sum computed in another order still passes.
FEASIBILITY_TOL = 1e-6
# Relative / absolute tolerance when the checker compares a tour's stored distance,
# duration, arrival times and loads with values it recomputes from the matrices.
CHECK_REL_TOL = 1e-9
CHECK_ABS_TOL = 1e-6
# Savings restarts: s_ij = d_i0 + d_0j - λ d_ij for each λ here (Yellow 1970's route
# shape parameter). Values around 1 are classical Clarke–Wright; <1 favours merging
# far-apart customers (fewer, longer routes), >1 favours near neighbours.
SAVINGS_LAMBDAS = (1.0, 0.6, 0.7, 0.8, 0.9, 1.1, 1.2, 1.3, 1.4)
# Full inter-route local search runs on this many of the best savings starts (the rest
# only get the cheap intra-route polish). Keeps n = 50 well under 50 ms.
SAVINGS_LS_STARTS = 3
# Longest chain of consecutive clients moved by the or-opt (segment relocate) move.
OR_OPT_MAX_SEGMENT = 3
# Improvements smaller than this (in km) are treated as no improvement; it stops the
# local search from cycling on floating-point noise.
MIN_IMPROVEMENT_KM = 1e-9
# Fixed-cost weight, km-equivalents, when a vehicle has a fixed cost but no per-km cost.
FIXED_KM_CAP = 1e6


class RoutingError(ValueError):
    """Invalid routing input or an answer that breaks a constraint (one-line message)."""


class InfeasibleProblemError(RoutingError):
    """The problem has no feasible solution (e.g. a client too heavy for any vehicle)."""


# --------------------------------------------------------------------------- data types
@dataclass(frozen=True)
class VehicleType:
    """One kind of van: capacity in kg, how many there are, and what a tour costs."""

    capacity_kg: float
    num_available: int = 1_000  # effectively unlimited by default
    fixed_cost_yuan: float = 0.0
    cost_per_km_yuan: float = 1.0
    max_duration_h: float = math.inf
    name: str = ""

    def __post_init__(self) -> None:
        if not (math.isfinite(self.capacity_kg) and self.capacity_kg > 0):
            raise RoutingError(f"vehicle type {self.name!r}: capacity_kg must be finite and > 0, got {self.capacity_kg}")
        if int(self.num_available) != self.num_available or self.num_available < 0:
            raise RoutingError(f"vehicle type {self.name!r}: num_available must be an integer >= 0, got {self.num_available}")
        for field in ("fixed_cost_yuan", "cost_per_km_yuan"):
            value = getattr(self, field)
            if not (math.isfinite(value) and value >= 0):
                raise RoutingError(f"vehicle type {self.name!r}: {field} must be finite and >= 0, got {value}")
        if not (self.max_duration_h > 0) or math.isnan(self.max_duration_h):
            raise RoutingError(f"vehicle type {self.name!r}: max_duration_h must be > 0 (or inf), got {self.max_duration_h}")

    def tour_cost_yuan(self, distance_km: float) -> float:
        """Cost of one tour of ``distance_km`` with this vehicle, in yuan."""
        return self.fixed_cost_yuan + self.cost_per_km_yuan * distance_km


def _as_float_array(name: str, value: object, shape: tuple[int, ...]) -> np.ndarray:
    """Return ``value`` as a read-only float64 array of ``shape`` or raise RoutingError."""
    try:
        arr = np.array(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise RoutingError(f"{name}: not a numeric array ({exc})") from None
    if arr.shape != shape:
        raise RoutingError(f"{name}: expected shape {shape}, got {arr.shape}")
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, eq=False)
class RoutingProblem:
    """One depot (index 0) and ``n`` clients (1..n) with deliveries and pickups.

    ``dist_km`` and ``time_h`` are (n+1, n+1) matrices (may be asymmetric);
    ``delivery_kg`` / ``pickup_kg`` are (n+1,) with the depot entry 0;
    ``service_h`` (n+1,) is the stop time per node; ``time_windows_h`` (n+1, 2) the
    earliest / latest start of service in hours after departure (row 0: the depot,
    whose latest value bounds the return time). Arrays are copied to read-only float64.
    """

    dist_km: np.ndarray
    time_h: np.ndarray
    delivery_kg: np.ndarray
    pickup_kg: np.ndarray
    vehicle_types: tuple[VehicleType, ...]
    service_h: np.ndarray | None = None
    time_windows_h: np.ndarray | None = None

    def __post_init__(self) -> None:
        dist = np.asarray(self.dist_km)
        if dist.ndim != 2 or dist.shape[0] != dist.shape[1] or dist.shape[0] < 1:
            raise RoutingError(f"dist_km: expected a square (n+1, n+1) matrix, got shape {dist.shape}")
        size = dist.shape[0]
        fields: dict[str, np.ndarray | None] = {
            "dist_km": _as_float_array("dist_km", self.dist_km, (size, size)),
            "time_h": _as_float_array("time_h", self.time_h, (size, size)),
            "delivery_kg": _as_float_array("delivery_kg", self.delivery_kg, (size,)),
            "pickup_kg": _as_float_array("pickup_kg", self.pickup_kg, (size,)),
            "service_h": None if self.service_h is None else _as_float_array("service_h", self.service_h, (size,)),
        }
        for name, arr in fields.items():
            if arr is None:
                continue
            if not np.all(np.isfinite(arr)):
                raise RoutingError(f"{name}: contains NaN or infinite values")
            if np.any(arr < 0):
                raise RoutingError(f"{name}: contains negative values (min {arr.min()})")
        for name in ("delivery_kg", "pickup_kg"):
            if fields[name][0] != 0:  # type: ignore[index]
                raise RoutingError(f"{name}: the depot entry [0] must be 0, got {fields[name][0]}")  # type: ignore[index]
        windows = None
        if self.time_windows_h is not None:
            windows = _as_float_array("time_windows_h", self.time_windows_h, (size, 2))
            if np.any(np.isnan(windows)) or np.any(np.isinf(windows[:, 0])):
                raise RoutingError("time_windows_h: earliest times must be finite and no entry NaN")
            if np.any(windows < 0) or np.any(windows[:, 0] > windows[:, 1]):
                raise RoutingError("time_windows_h: need 0 <= earliest <= latest in every row")
        types = tuple(self.vehicle_types)
        if not types or not all(isinstance(v, VehicleType) for v in types):
            raise RoutingError("vehicle_types: need at least one VehicleType")
        if sum(v.num_available for v in types) < 1:
            raise RoutingError("vehicle_types: no vehicle available (all num_available are 0)")
        for name, arr in fields.items():
            object.__setattr__(self, name, arr)
        object.__setattr__(self, "time_windows_h", windows)
        object.__setattr__(self, "vehicle_types", types)

    @property
    def num_clients(self) -> int:
        """Number of clients n (nodes 1..n)."""
        return self.dist_km.shape[0] - 1

    @property
    def is_symmetric(self) -> bool:
        """True when both travel matrices are symmetric (tours may be reversed freely)."""
        return bool(np.array_equal(self.dist_km, self.dist_km.T) and np.array_equal(self.time_h, self.time_h.T))


@dataclass(frozen=True, eq=False)
class Tour:
    """One van's trip depot → clients → depot.

    ``clients``: node indices in visit order; ``distance_km``: matrix sum along the tour;
    ``duration_h``: travel + service + waiting, i.e. the return time; ``arrival_h``:
    arrival at each client (hours after departure, before any waiting); ``load_kg``:
    on-board load leaving the depot and after each client (len(clients) + 1).
    """

    vehicle_type: int
    clients: np.ndarray
    distance_km: float
    duration_h: float
    arrival_h: np.ndarray
    load_kg: np.ndarray

    @property
    def max_load_kg(self) -> float:
        """Peak on-board load along the tour, kg."""
        return float(self.load_kg.max())


@dataclass(frozen=True, eq=False)
class RoutingSolution:
    """Tours covering every client once; totals in km and yuan; solver name and wall time."""

    tours: tuple[Tour, ...]
    distance_km: float
    cost_yuan: float
    solver: str
    runtime_s: float

    @property
    def num_tours(self) -> int:
        """Number of vans used."""
        return len(self.tours)


# --------------------------------------------------------------------------- tour evaluation
def evaluate_tour(problem: RoutingProblem, clients: Sequence[int], vehicle_type: int) -> Tour:
    """Return the :class:`Tour` visiting ``clients`` in order with ``vehicle_type``.

    Distance, duration, arrivals and loads come from the problem's float matrices; no
    feasibility is checked here (see :func:`check_solution`).
    """
    seq = [int(c) for c in clients]
    dist, tmat = problem.dist_km, problem.time_h
    svc = problem.service_h
    tw = problem.time_windows_h
    path = [0, *seq, 0]
    legs = np.array([dist[a, b] for a, b in zip(path[:-1], path[1:])], dtype=np.float64)
    arrival = np.empty(len(seq), dtype=np.float64)
    now_h = 0.0 if svc is None else float(svc[0])
    prev = 0
    for k, c in enumerate(seq):
        now_h += float(tmat[prev, c])
        arrival[k] = now_h
        if tw is not None:
            now_h = max(now_h, float(tw[c, 0]))
        if svc is not None:
            now_h += float(svc[c])
        prev = c
    now_h += float(tmat[prev, 0])
    deliveries = problem.delivery_kg[seq] if seq else np.zeros(0)
    pickups = problem.pickup_kg[seq] if seq else np.zeros(0)
    load = np.empty(len(seq) + 1, dtype=np.float64)
    load[0] = deliveries.sum()
    load[1:] = load[0] + np.cumsum(pickups - deliveries)
    return Tour(
        vehicle_type=int(vehicle_type),
        clients=np.array(seq, dtype=np.int64),
        distance_km=float(legs.sum()),
        duration_h=now_h,
        arrival_h=arrival,
        load_kg=load,
    )


def make_solution(problem: RoutingProblem, routes: Sequence[tuple[Sequence[int], int]], solver: str, runtime_s: float) -> RoutingSolution:
    """Return a :class:`RoutingSolution` from ``(visit order, vehicle type)`` pairs (empty routes dropped)."""
    tours = tuple(evaluate_tour(problem, seq, vt) for seq, vt in routes if len(seq) > 0)
    distance = float(sum(t.distance_km for t in tours))
    cost = float(sum(problem.vehicle_types[t.vehicle_type].tour_cost_yuan(t.distance_km) for t in tours))
    return RoutingSolution(tours=tours, distance_km=distance, cost_yuan=cost, solver=solver, runtime_s=runtime_s)


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


# --------------------------------------------------------------------------- fast internals
class _Ctx:
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


def _precheck(ctx: _Ctx) -> None:
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


def _fitting_types(ctx: _Ctx, seq: Sequence[int], left: list[int]) -> list[int]:
    """Vehicle types with a vehicle left that can drive seq, cheapest first (ties by index)."""
    types = ctx.problem.vehicle_types
    peak, dur, dist = ctx.peak(seq), ctx.schedule(seq), ctx.dist(seq)
    fitting = [
        t
        for t, v in enumerate(types)
        if left[t] > 0 and peak <= v.capacity_kg + FEASIBILITY_TOL and dur <= v.max_duration_h + FEASIBILITY_TOL
    ]
    return sorted(fitting, key=lambda t: (types[t].tour_cost_yuan(dist), t))


def _split_for_fleet(ctx: _Ctx, seq: list[int], left: list[int]) -> list[tuple[list[int], int]]:
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


def _assign_vehicle_types(ctx: _Ctx, routes: list[list[int]]) -> list[tuple[list[int], int]]:
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


# --------------------------------------------------------------------------- nearest neighbour
def _nearest(ctx: _Ctx) -> list[list[int]]:
    """Nearest-neighbour tours: extend with the closest client that keeps the tour feasible."""
    d, dl, pk = ctx.d, ctx.dl, ctx.pk
    unvisited = set(range(1, ctx.n + 1))
    routes: list[list[int]] = []
    while unvisited:
        seq: list[int] = []
        peak = 0.0  # peak load of seq
        end_load = 0.0  # load after the last client of seq (= its pickups)
        here = 0
        while True:
            best, best_d = -1, math.inf
            for c in unvisited:  # ties go to the lower index (see the condition)
                dc = d[here][c]
                if dc < best_d or (dc == best_d and c < best):
                    new_peak = max(peak + dl[c], end_load + pk[c])
                    if new_peak > ctx.max_cap:
                        continue
                    cand = seq + [c]
                    if not ctx.fits(new_peak, ctx.schedule(cand)):
                        continue
                    best, best_d = c, dc
            if best < 0:
                break
            peak = max(peak + dl[best], end_load + pk[best])
            end_load += pk[best]
            seq.append(best)
            unvisited.discard(best)
            here = best
        if not seq:  # cannot happen after _precheck, but never loop forever
            raise InfeasibleProblemError(f"clients {sorted(unvisited)} cannot be served by any vehicle")
        routes.append(seq)
    return routes


# --------------------------------------------------------------------------- savings
class _Route:
    """A savings route with O(1) merge data for both orientations (forward / reversed)."""

    __slots__ = ("seq", "dl", "pk", "peak_f", "peak_r", "dur_f", "dur_r")

    def __init__(self, seq: list[int], dl: float, pk: float, peak_f: float, peak_r: float, dur_f: float, dur_r: float) -> None:
        self.seq = seq
        self.dl = dl  # total delivery, kg
        self.pk = pk  # total pickup, kg
        self.peak_f = peak_f  # peak load driven forward, kg
        self.peak_r = peak_r  # peak load driven reversed, kg
        self.dur_f = dur_f  # duration forward (no time windows), h
        self.dur_r = dur_r  # duration reversed, h


def _savings_pairs(ctx: _Ctx, lam: float) -> list[tuple[int, int]]:
    """Pairs (i, j) with positive saving s_ij = d_i0 + d_0j − λ d_ij + F, best first, ties by (i, j).

    F is the fixed cost of a vehicle in km-equivalents (fixed yuan / yuan per km of the
    cheapest type): merging two routes also saves a vehicle. On a tree-like rural road
    network d_i0 + d_0j − d_ij is often 0 for villages on different branches; without F
    those would never share a van. Unordered pairs (i < j) when the matrices are
    symmetric, ordered pairs otherwise.
    """
    d = ctx.problem.dist_km
    n = ctx.n
    if ctx.pair_index is None:
        ii, jj = np.triu_indices(n, k=1) if ctx.symmetric else np.nonzero(~np.eye(n, dtype=bool))
        ctx.pair_index = (ii + 1, jj + 1)  # row-major order = (i, j) order
    ii, jj = ctx.pair_index
    sav = d[ii, 0] + d[0, jj] - lam * d[ii, jj] + ctx.fixed_km
    order = np.argsort(-sav, kind="stable")
    order = order[sav[order] > 0]
    return list(zip(ii[order].tolist(), jj[order].tolist()))


def _savings(ctx: _Ctx, lam: float) -> list[list[int]]:
    """Clarke–Wright savings for VRPSPD: merge route ends while the load profile and duration stay feasible.

    Route A (ending in i) + route B (starting with j): loads on A rise by B's deliveries
    and loads on B by A's pickups, so peak(A+B) = max(peak_A + D_B, peak_B + P_A). On
    symmetric matrices a route may be reversed to bring i or j to the right end.
    """
    t, dl, pk, svc = ctx.t, ctx.dl, ctx.pk, ctx.svc
    route_of: list[_Route] = [None] * (ctx.n + 1)  # type: ignore[list-item]
    for c in range(1, ctx.n + 1):
        dur = svc[0] + t[0][c] + svc[c] + t[c][0]
        peak = dl[c] if dl[c] > pk[c] else pk[c]
        route_of[c] = _Route([c], dl[c], pk[c], peak, peak, dur, dur)
    max_cap, symmetric, has_tw = ctx.max_cap, ctx.symmetric, ctx.has_tw
    for i, j in _savings_pairs(ctx, lam):
        a, b = route_of[i], route_of[j]
        if a is b:
            continue
        a_seq, b_seq = a.seq, b.seq
        # orient: A must end with i, B must start with j (reversal only if symmetric)
        if a_seq[-1] == i:
            a_rev = False
        elif symmetric and a_seq[0] == i:
            a_rev = True
        else:
            continue
        if b_seq[0] == j:
            b_rev = False
        elif symmetric and b_seq[-1] == j:
            b_rev = True
        else:
            continue
        a_pf, a_pr = (a.peak_r, a.peak_f) if a_rev else (a.peak_f, a.peak_r)
        b_pf, b_pr = (b.peak_r, b.peak_f) if b_rev else (b.peak_f, b.peak_r)
        peak_f = max(a_pf + b.dl, b_pf + a.pk)
        if peak_f > max_cap:
            continue
        seq = (a_seq[::-1] if a_rev else a_seq) + (b_seq[::-1] if b_rev else b_seq)
        if has_tw:
            dur_f = ctx.schedule(seq)
            dur_r = ctx.schedule(seq[::-1]) if symmetric else math.inf
        else:
            a_df, a_dr = (a.dur_r, a.dur_f) if a_rev else (a.dur_f, a.dur_r)
            b_df, b_dr = (b.dur_r, b.dur_f) if b_rev else (b.dur_f, b.dur_r)
            # both halves counted the depot's service time once; keep one
            dur_f = a_df + b_df - t[i][0] - t[0][j] + t[i][j] - svc[0]
            dur_r = a_dr + b_dr - t[0][i] - t[j][0] + t[j][i] - svc[0]
        if not ctx.fits(peak_f, dur_f):
            continue
        peak_r = max(b_pr + a.dl, a_pr + b.pk)
        merged = _Route(seq, a.dl + b.dl, a.pk + b.pk, peak_f, peak_r, dur_f, dur_r)
        for c in seq:
            route_of[c] = merged
    routes: list[list[int]] = []
    seen: set[int] = set()
    for c in range(1, ctx.n + 1):
        r = route_of[c]
        if id(r) not in seen:
            seen.add(id(r))
            routes.append(r.seq)
    return routes


# --------------------------------------------------------------------------- local search
def _improve_intra(ctx: _Ctx, seq: list[int]) -> list[int]:
    """Return seq improved by 2-opt (segment reversal) and or-opt (move 1–3 clients), first improvement.

    Distance deltas are O(1) (prefix sums of forward and backward leg lengths handle
    asymmetric matrices); the feasibility check runs only on improving candidates.
    """
    if len(seq) < 2:
        return seq
    d = ctx.d
    best = list(seq)
    improved = True
    while improved:
        improved = False
        k = len(best)
        path = [0, *best, 0]
        # fwd[m] = length of path[0..m] driven forward, bwd[m] = same legs driven backward
        fwd = [0.0] * (k + 2)
        bwd = [0.0] * (k + 2)
        for m in range(1, k + 2):
            fwd[m] = fwd[m - 1] + d[path[m - 1]][path[m]]
            bwd[m] = bwd[m - 1] + d[path[m]][path[m - 1]]
        # 2-opt: reverse path[i..j] (1 <= i < j <= k)
        for i in range(1, k):
            p = path[i - 1]
            pi = path[i]
            for j in range(i + 1, k + 1):
                q = path[j + 1]
                pj = path[j]
                delta = d[p][pj] + d[pi][q] - d[p][pi] - d[pj][q] + (bwd[j] - bwd[i]) - (fwd[j] - fwd[i])
                if delta < -MIN_IMPROVEMENT_KM:
                    cand = best[: i - 1] + best[i - 1 : j][::-1] + best[j:]
                    if ctx.feasible(cand):
                        best, improved = cand, True
                        break
            if improved:
                break
        if improved:
            continue
        # or-opt: move path[i..i+L-1] between path[m-1] and path[m] (outside the segment)
        for L in range(1, min(OR_OPT_MAX_SEGMENT, k - 1) + 1):
            for i in range(1, k - L + 2):
                e = i + L - 1
                s0, s1 = path[i], path[e]
                prev, nxt = path[i - 1], path[e + 1]
                gain = d[prev][s0] + d[s1][nxt] - d[prev][nxt]
                for m in range(1, k + 2):
                    if i <= m <= e + 1:
                        continue
                    a, b = path[m - 1], path[m]
                    delta = d[a][s0] + d[s1][b] - d[a][b] - gain
                    if delta < -MIN_IMPROVEMENT_KM:
                        seg = best[i - 1 : e]
                        rest = best[: i - 1] + best[e:]
                        pos = m - 1 if m < i else m - 1 - L
                        cand = rest[:pos] + seg + rest[pos:]
                        if ctx.feasible(cand):
                            best, improved = cand, True
                            break
                if improved:
                    break
            if improved:
                break
    return best


class _Loads:
    """Load profile of one route for O(1) capacity checks of inter-route moves.

    ``load[m]`` is the load after the first m clients (m = 0: leaving the depot);
    ``pre[m]`` / ``suf[m]`` are the max of load[0..m] / load[m..k]; ``cum_dl[m]`` /
    ``cum_pk[m]`` the deliveries / pickups of the first m clients; ``path`` is the route
    with the depot at both ends.
    """

    __slots__ = ("path", "load", "pre", "suf", "cum_dl", "cum_pk")

    def __init__(self, ctx: _Ctx, seq: list[int]) -> None:
        dl, pk = ctx.dl, ctx.pk
        k = len(seq)
        cum_dl = [0.0] * (k + 1)
        cum_pk = [0.0] * (k + 1)
        for m, c in enumerate(seq, 1):
            cum_dl[m] = cum_dl[m - 1] + dl[c]
            cum_pk[m] = cum_pk[m - 1] + pk[c]
        total_dl = cum_dl[k]
        load = [total_dl - cum_dl[m] + cum_pk[m] for m in range(k + 1)]
        pre = load[:]
        for m in range(1, k + 1):
            if pre[m - 1] > pre[m]:
                pre[m] = pre[m - 1]
        suf = load[:]
        for m in range(k - 1, -1, -1):
            if suf[m + 1] > suf[m]:
                suf[m] = suf[m + 1]
        self.path = [0, *seq, 0]
        self.load, self.pre, self.suf, self.cum_dl, self.cum_pk = load, pre, suf, cum_dl, cum_pk


def _improve_inter(ctx: _Ctx, routes: list[list[int]]) -> list[list[int]]:
    """Return routes improved by relocate, swap and 2-opt* between routes, plus intra-route moves.

    Distance deltas and capacity checks are O(1) (see :class:`_Loads`); the full O(len)
    check runs only for improving moves when durations or time windows can bind. Clients
    are scanned in index order with first improvement, so the result is deterministic.
    """
    d, dl, pk = ctx.d, ctx.dl, ctx.pk
    cap = ctx.max_cap
    timed = ctx.timed
    routes = [_improve_intra(ctx, list(r)) for r in routes]
    info = [_Loads(ctx, r) for r in routes]
    where = [(-1, -1)] * (ctx.n + 1)  # client -> (route, position in path)

    def locate(r: int) -> None:
        for m, c in enumerate(routes[r], 1):
            where[c] = (r, m)

    for r in range(len(routes)):
        locate(r)

    def apply(a: int, b: int, new_a: list[int], new_b: list[int]) -> None:
        routes[a], routes[b] = new_a, new_b
        info[a], info[b] = _Loads(ctx, new_a), _Loads(ctx, new_b)
        locate(a)
        locate(b)

    improved = True
    while improved:
        improved = False
        for c in range(1, ctx.n + 1):
            a, ia = where[c]
            A = info[a]
            pa, na = A.path[ia - 1], A.path[ia + 1]
            remove_gain = d[pa][c] + d[c][na] - d[pa][na]
            dc, pc = dl[c], pk[c]
            moved = False
            for b in range(len(routes)):
                if b == a:
                    continue
                B = info[b]
                path_b, pre_b, suf_b = B.path, B.pre, B.suf
                # relocate c between path_b[p-1] and path_b[p]
                for p in range(1, len(path_b)):
                    x, y = path_b[p - 1], path_b[p]
                    if d[x][c] + d[c][y] - d[x][y] - remove_gain < -MIN_IMPROVEMENT_KM:
                        if max(pre_b[p - 1] + dc, suf_b[p - 1] + pc) > cap:
                            continue
                        new_a = routes[a][: ia - 1] + routes[a][ia:]
                        new_b = routes[b][: p - 1] + [c] + routes[b][p - 1 :]
                        if timed and not (ctx.feasible(new_b) and (not new_a or ctx.feasible(new_a))):
                            continue
                        apply(a, b, new_a, new_b)
                        moved = True
                        break
                if moved:
                    break
                # swap c with e = path_b[q]
                pre_a, suf_a = A.pre, A.suf
                for q in range(1, len(path_b) - 1):
                    e = path_b[q]
                    pb, nb = path_b[q - 1], path_b[q + 1]
                    delta = d[pa][e] + d[e][na] - d[pa][c] - d[c][na] + d[pb][c] + d[c][nb] - d[pb][e] - d[e][nb]
                    if delta < -MIN_IMPROVEMENT_KM:
                        de, pe = dl[e], pk[e]
                        if max(pre_a[ia - 1] + de - dc, suf_a[ia] + pe - pc) > cap:
                            continue
                        if max(pre_b[q - 1] + dc - de, suf_b[q] + pc - pe) > cap:
                            continue
                        new_a = routes[a][: ia - 1] + [e] + routes[a][ia:]
                        new_b = routes[b][: q - 1] + [c] + routes[b][q:]
                        if timed and not (ctx.feasible(new_a) and ctx.feasible(new_b)):
                            continue
                        apply(a, b, new_a, new_b)
                        moved = True
                        break
                if moved:
                    break
            improved = improved or moved
        # 2-opt*: new_a = A[:ia] + B[ib:], new_b = B[:ib] + A[ia:]
        for a in range(len(routes)):
            for b in range(a + 1, len(routes)):
                A, B = info[a], info[b]
                ka, kb = len(routes[a]), len(routes[b])
                tot_a, tot_b = A.cum_dl[ka], B.cum_dl[kb]
                done = False
                for ia in range(ka + 1):
                    x, xn = A.path[ia], A.path[ia + 1]
                    # standalone peak of A's first ia clients / of A's clients after ia
                    a_head = A.pre[ia] - (tot_a - A.cum_dl[ia])
                    a_tail = A.suf[ia] - A.cum_pk[ia]
                    for ib in range(kb + 1):
                        if (ia == 0 and ib == 0) or (ia == ka and ib == kb):
                            continue
                        y, yn = B.path[ib], B.path[ib + 1]
                        if d[x][yn] + d[y][xn] - d[x][xn] - d[y][yn] >= -MIN_IMPROVEMENT_KM:
                            continue
                        b_head = B.pre[ib] - (tot_b - B.cum_dl[ib])
                        b_tail = B.suf[ib] - B.cum_pk[ib]
                        if max(a_head + (tot_b - B.cum_dl[ib]), b_tail + A.cum_pk[ia]) > cap:
                            continue
                        if max(b_head + (tot_a - A.cum_dl[ia]), a_tail + B.cum_pk[ib]) > cap:
                            continue
                        new_a = routes[a][:ia] + routes[b][ib:]
                        new_b = routes[b][:ib] + routes[a][ia:]
                        if timed and not ((not new_a or ctx.feasible(new_a)) and (not new_b or ctx.feasible(new_b))):
                            continue
                        apply(a, b, new_a, new_b)
                        improved = done = True
                        break
                    if done:
                        break
        if any(not r for r in routes):
            keep = [r for r in range(len(routes)) if routes[r]]
            routes = [routes[r] for r in keep]
            info = [info[r] for r in keep]
            for r in range(len(routes)):
                locate(r)
        if not improved:
            for r in range(len(routes)):
                polished = _improve_intra(ctx, routes[r])
                if polished != routes[r]:
                    routes[r] = polished
                    info[r] = _Loads(ctx, polished)
                    locate(r)
                    improved = True
    return routes


def _total_km(ctx: _Ctx, routes: list[list[int]]) -> float:
    """Distance plus each route's fixed cost in km-equivalents (the heuristics' objective)."""
    return sum(ctx.dist(r) for r in routes) + ctx.fixed_km * len(routes)


def _savings_multi(ctx: _Ctx) -> list[list[int]]:
    """Savings for every λ in SAVINGS_LAMBDAS, polish each, deepen the best few; return the cheapest.

    Candidates are ranked by (number of routes, distance); the fleet-size tie-break
    matters when vans are scarce. Deterministic: λ order and index order decide ties.
    """
    candidates = []
    seen: set[tuple[tuple[int, ...], ...]] = set()
    for k, lam in enumerate(SAVINGS_LAMBDAS):
        routes = [_improve_intra(ctx, r) for r in _savings(ctx, lam)]
        key = tuple(sorted(tuple(r) for r in routes))
        if key in seen:
            continue
        seen.add(key)
        candidates.append((_total_km(ctx, routes), k, routes))
    candidates.sort(key=lambda x: (x[0], x[1]))
    best = None
    for _, k, routes in candidates[:SAVINGS_LS_STARTS]:
        improved = _improve_inter(ctx, routes)
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
    ctx = _Ctx(problem)
    _precheck(ctx)
    if ctx.n == 0:
        return RoutingSolution(tours=(), distance_km=0.0, cost_yuan=0.0, solver=solver, runtime_s=time.perf_counter() - start)
    if solver == "pyvrp":
        from sim.routing_pyvrp import solve_pyvrp_routes

        assigned = solve_pyvrp_routes(problem, time_limit_s=time_limit_s, seed=seed, max_iterations=max_iterations)
    else:
        routes = _nearest(ctx) if solver == "nearest" else _savings_multi(ctx)
        assigned = _assign_vehicle_types(ctx, routes)
    solution = make_solution(problem, assigned, solver, time.perf_counter() - start)
    check_solution(problem, solution)
    return solution
