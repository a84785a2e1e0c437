"""Routing problem types: vehicles, the problem, tours, solutions, and tour evaluation.

See :mod:`sim.routing` for the model of a tour (VRPSPD). Units are in the names: ``_km``,
``_h`` (hours from the van's departure at time 0), ``_kg``, ``_yuan``, ``_s`` (wall-clock
seconds).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, Sequence

import numpy as np

SolverName = Literal["nearest", "savings", "pyvrp"]

# Loads, durations and distances are floats; comparisons against capacity and duration
# limits allow this much slack so that a sum computed in another order still passes.
FEASIBILITY_TOL = 1e-6
# Relative / absolute tolerance when the checker compares a tour's stored distance,

class RoutingError(ValueError):
    """Invalid routing input or an answer that breaks a constraint (one-line message)."""


class InfeasibleProblemError(RoutingError):
    """The problem has no feasible solution (e.g. a client too heavy for any vehicle)."""


# --------------------------------------------------------------------------- data types
@dataclass(frozen=True)
class RoutingVehicle:
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
    vehicle_types: tuple[RoutingVehicle, ...]
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
        if not types or not all(isinstance(v, RoutingVehicle) for v in types):
            raise RoutingError("vehicle_types: need at least one RoutingVehicle")
        if sum(v.num_available for v in types) < 1:
            raise RoutingError("vehicle_types: no vehicle available (all num_available are 0)")
        for name, arr in fields.items():
            object.__setattr__(self, name, arr)
        object.__setattr__(self, "time_windows_h", windows)
        object.__setattr__(self, "vehicle_types", types)

    @classmethod
    def trusted(cls, dist_km: np.ndarray, time_h: np.ndarray, delivery_kg: np.ndarray, pickup_kg: np.ndarray,
                vehicle_types: tuple[RoutingVehicle, ...], service_h: np.ndarray | None = None,
                time_windows_h: np.ndarray | None = None) -> "RoutingProblem":
        """A problem from arrays the caller vouches for (float64, shaped and valid as
        :meth:`__post_init__` checks), without re-checking or copying them: the model
        builds thousands of these a year from its own validated travel matrices."""
        problem = object.__new__(cls)
        for name, value in (("dist_km", dist_km), ("time_h", time_h), ("delivery_kg", delivery_kg),
                            ("pickup_kg", pickup_kg), ("vehicle_types", tuple(vehicle_types)),
                            ("service_h", service_h), ("time_windows_h", time_windows_h)):
            object.__setattr__(problem, name, value)
        return problem

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


