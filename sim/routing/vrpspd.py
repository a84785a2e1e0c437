"""Reader for the LKH-3 ``.vrpspd`` benchmark format (TSPLIB-like, e.g. Dethloff 2001).

Layout::

    NAME : CON3-0
    TYPE : MVRPB
    DIMENSION : 51              nodes including the depot
    VEHICLES : 4
    CAPACITY : 8080987
    EDGE_WEIGHT_TYPE : EXPLICIT
    EDGE_WEIGHT_FORMAT : FULL_MATRIX
    EDGE_WEIGHT_SECTION         DIMENSION² integers, lines may wrap anywhere
    PICKUP_AND_DELIVERY_SECTION one row per node: node demand early late service delivery pickup
    DEPOT_SECTION               depot node ids, terminated by -1 (node 1 = depot)
    EOF

Quantities stay in the file's integer units (Dethloff distances are km × 10⁴), so a
benchmark gap computed on :func:`to_problem` output is in the units of ``best_known.csv``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.routing.problem import RoutingError, RoutingProblem, RoutingVehicle

__all__ = ["VrpspdInstance", "read_vrpspd", "to_problem", "read_best_known"]

# Columns of a PICKUP_AND_DELIVERY_SECTION row: node, demand (unused), early, late, service, delivery, pickup.
PD_COLUMNS = 7
SECTIONS = ("EDGE_WEIGHT_SECTION", "PICKUP_AND_DELIVERY_SECTION", "DEPOT_SECTION")
REQUIRED_HEADERS = ("DIMENSION", "CAPACITY")


@dataclass(frozen=True, eq=False)
class VrpspdInstance:
    """One ``.vrpspd`` instance in file units; node 0 here is file node 1 (the depot)."""

    name: str
    dimension: int  # nodes including the depot
    vehicles: int  # 0 when the file has no VEHICLES line
    capacity: int
    dist: np.ndarray  # (dimension, dimension) int64
    delivery: np.ndarray  # (dimension,) int64, [0] == 0
    pickup: np.ndarray  # (dimension,) int64, [0] == 0
    service: np.ndarray  # (dimension,) int64
    early: np.ndarray  # (dimension,) int64 earliest start (not used by to_problem)
    late: np.ndarray  # (dimension,) int64 latest start (not used by to_problem)


def _fail(path: Path, section: str, what: str) -> RoutingError:
    return RoutingError(f"{path.name}: {section}: {what}")


def _ints(path: Path, section: str, tokens: list[str]) -> list[int]:
    try:
        return [int(tok) for tok in tokens]
    except ValueError as exc:
        raise _fail(path, section, f"non-numeric value ({exc})") from None


def read_vrpspd(path: str | Path) -> VrpspdInstance:
    """Return the instance in ``path``; raise RoutingError naming the file and section if malformed."""
    path = Path(path)
    try:
        lines = path.read_text().splitlines()
    except OSError as exc:
        raise RoutingError(f"{path.name}: cannot read ({exc.strerror})") from None
    header: dict[str, str] = {}
    body: dict[str, list[str]] = {}
    current: str | None = None
    for raw in lines:
        tokens = raw.replace(":", " : ").split()
        if not tokens:
            continue
        key = tokens[0].upper()
        if key == "EOF":
            break
        if key in SECTIONS:
            current = key
            body[current] = [tok for tok in tokens[1:] if tok != ":"]
        elif ":" in tokens and key[0].isalpha():
            name, _, value = raw.partition(":")
            header[name.strip().upper()] = value.strip()
            current = None
        elif current is None:
            raise _fail(path, "header", f"unexpected line {raw.strip()!r}")
        else:
            body[current].extend(tokens)

    for key in REQUIRED_HEADERS:
        if key not in header:
            raise _fail(path, "header", f"missing {key}")
    try:
        dim = int(header["DIMENSION"])
        capacity = int(float(header["CAPACITY"]))
        vehicles = int(header.get("VEHICLES", "0"))
    except ValueError as exc:
        raise _fail(path, "header", f"bad number ({exc})") from None
    if dim < 1:
        raise _fail(path, "header", f"DIMENSION must be >= 1, got {dim}")
    ew_type = header.get("EDGE_WEIGHT_TYPE", "EXPLICIT").upper()
    ew_format = header.get("EDGE_WEIGHT_FORMAT", "FULL_MATRIX").upper()
    if ew_type != "EXPLICIT" or ew_format != "FULL_MATRIX":
        raise _fail(path, "header", f"only EXPLICIT FULL_MATRIX is supported, got {ew_type} {ew_format}")

    section = "EDGE_WEIGHT_SECTION"
    if section not in body:
        raise _fail(path, section, "missing")
    weights = _ints(path, section, body[section])
    if len(weights) != dim * dim:
        raise _fail(path, section, f"expected {dim * dim} numbers (DIMENSION²), got {len(weights)}")
    dist = np.array(weights, dtype=np.int64).reshape(dim, dim)
    if np.any(dist < 0):
        raise _fail(path, section, "negative distance")

    section = "PICKUP_AND_DELIVERY_SECTION"
    if section not in body:
        raise _fail(path, section, "missing")
    values = _ints(path, section, body[section])
    if len(values) != dim * PD_COLUMNS:
        raise _fail(path, section, f"expected {dim} rows of {PD_COLUMNS} numbers, got {len(values)} numbers")
    rows = np.array(values, dtype=np.int64).reshape(dim, PD_COLUMNS)
    order = rows[:, 0] - 1
    if sorted(order.tolist()) != list(range(dim)):
        raise _fail(path, section, f"node ids must be 1..{dim} once each")
    table = np.empty_like(rows)
    table[order] = rows
    delivery, pickup = table[:, 5].copy(), table[:, 6].copy()
    if np.any(delivery < 0) or np.any(pickup < 0):
        raise _fail(path, section, "negative delivery or pickup")

    section = "DEPOT_SECTION"
    depots = [d for d in _ints(path, section, body.get(section, ["1", "-1"])) if d != -1]
    if depots != [1]:
        raise _fail(path, section, f"exactly one depot, node 1, is supported; got {depots}")
    if delivery[0] != 0 or pickup[0] != 0:
        raise _fail(path, "PICKUP_AND_DELIVERY_SECTION", "the depot (node 1) has non-zero delivery or pickup")

    return VrpspdInstance(
        name=header.get("NAME", path.stem),
        dimension=dim,
        vehicles=vehicles,
        capacity=capacity,
        dist=dist,
        delivery=delivery,
        pickup=pickup,
        service=table[:, 4].copy(),
        early=table[:, 2].copy(),
        late=table[:, 3].copy(),
    )


def to_problem(instance: VrpspdInstance) -> RoutingProblem:
    """Return a RoutingProblem in the file's units: one vehicle type, cost 1 per distance unit.

    ``dist_km`` holds the file's integer distances as floats (so gaps are in those units);
    travel time equals distance, as LKH-3 treats it, and service times come from the
    file. Time windows are dropped (Dethloff's are 0..10⁷, never binding). ``num_available``
    is VEHICLES (unlimited when the file gives none).
    """
    dist = instance.dist.astype(np.float64)
    fleet = {"num_available": instance.vehicles} if instance.vehicles > 0 else {}
    return RoutingProblem(
        dist_km=dist,
        time_h=dist,
        delivery_kg=instance.delivery.astype(np.float64),
        pickup_kg=instance.pickup.astype(np.float64),
        vehicle_types=(RoutingVehicle(capacity_kg=float(instance.capacity), cost_per_km_yuan=1.0, name=instance.name, **fleet),),
        service_h=instance.service.astype(np.float64),
    )


def read_best_known(csv_path: str | Path) -> dict[str, int]:
    """Return {instance name: best known total distance in file units} from a CSV with columns instance,best_known_distance."""
    csv_path = Path(csv_path)
    try:
        with csv_path.open(newline="") as fh:
            reader = csv.DictReader(fh)
            out = {}
            for row in reader:
                out[row["instance"].strip()] = int(float(row["best_known_distance"]))
    except (OSError, KeyError, ValueError, TypeError) as exc:
        raise RoutingError(f"{csv_path.name}: cannot read best-known values ({exc})") from None
    return out
