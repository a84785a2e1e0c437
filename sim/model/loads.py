"""What a vehicle carries: visits (rows to drop and board at a facility), the stops of a tour
under way, and packing rows into loads that fit a vehicle.

Rows are indices into the parcel table (drops) or the produce table (boarding); weights
are kg.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

NO_ROWS = np.empty(0, dtype=np.int64)


@dataclass(frozen=True)
class Visit:
    """A facility on a tour, with the parcel rows to drop and the produce rows to board there."""

    facility: int
    drop: np.ndarray
    board: np.ndarray


@dataclass
class Stop:
    """One stop of a tour under way: facility, what to drop and board there, arrival (h since the start)."""

    facility: int
    drop_parcels: np.ndarray
    board_produce: np.ndarray
    arrival_h: float


def pack(rows: np.ndarray, weights: np.ndarray, capacity_kg: float) -> list[np.ndarray]:
    """Greedy loads of ``rows`` in order, each at most ``capacity_kg``: a new load starts
    where the next row would overflow. Rows heavier than ``capacity_kg`` on their own are
    left out (they wait for another mode). Vectorised: one binary search per load."""
    fit = weights <= capacity_kg
    rows, weights = rows[fit], weights[fit]
    csum = np.cumsum(weights)
    loads: list[np.ndarray] = []
    start = 0
    while start < len(rows):
        base = csum[start - 1] if start else 0.0
        end = int(np.searchsorted(csum, base + capacity_kg, side="right"))
        loads.append(rows[start:end])
        start = end
    return loads


def load_kg(kg: np.ndarray, m3: np.ndarray, spec) -> np.ndarray:
    """Each row's load on a vehicle of ``spec``, in kg of its capacity: the weight, or the
    volume counted at the vehicle's kg per m³ of cargo space, whichever fills it first."""
    return np.maximum(kg, m3 * (spec.capacity_kg / spec.volume_m3))


def split_heavy(visits: list[Visit], parcel_load: Callable[[np.ndarray], np.ndarray],
                lot_load: Callable[[np.ndarray], np.ndarray],
                capacity_kg: float) -> tuple[list[Visit], np.ndarray, np.ndarray]:
    """Split a visit whose drop or board load exceeds one vehicle into several visits.

    ``parcel_load`` and ``lot_load`` give the rows' loads (kg of capacity, see :func:`load_kg`).
    Returns the visits and, per visit, the load to drop and to board. Board rows beyond one
    vehicle load stay where they are (collected next time), as do rows heavier than a
    whole vehicle on their own.
    """
    out: list[Visit] = []
    drop_kg: list[float] = []
    board_kg: list[float] = []
    for c in visits:
        board = c.board
        b_w = lot_load(board)
        b_total = float(b_w.sum())
        if b_total > capacity_kg:
            board = board[np.cumsum(b_w) <= capacity_kg]
            b_total = float(lot_load(board).sum())
        d_w = parcel_load(c.drop)
        d_total = float(d_w.sum())
        if d_total <= capacity_kg:
            out.append(Visit(c.facility, c.drop, board))
            drop_kg.append(d_total)
            board_kg.append(b_total)
            continue
        for k, rows in enumerate(pack(c.drop, d_w, capacity_kg)):
            out.append(Visit(c.facility, rows, board if k == 0 else NO_ROWS))
            drop_kg.append(float(parcel_load(rows).sum()))
            board_kg.append(b_total if k == 0 else 0.0)
    return out, np.array(drop_kg), np.array(board_kg)
