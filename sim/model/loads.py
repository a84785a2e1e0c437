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
    """A facility on a tour, with the parcel rows to drop and the produce rows to board there,
    and the empty returnable crates to drop and boxes to board (counts, see :mod:`.crates`)."""

    facility: int
    drop: np.ndarray
    board: np.ndarray
    crates_down: float = 0.0
    boxes_up: float = 0.0


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
                lot_load: Callable[[np.ndarray], np.ndarray], capacity_kg: float,
                empties_load: Callable[[Visit], tuple[float, float]] | None = None,
                ) -> tuple[list[Visit], np.ndarray, np.ndarray]:
    """Split a visit whose drop or board load exceeds one vehicle into several visits.

    ``parcel_load`` and ``lot_load`` give the rows' loads (kg of capacity, see :func:`load_kg`),
    ``empties_load`` a visit's empty crates and boxes (to drop, to board), which ride with its
    first part. Returns the visits and, per visit, the load to drop and to board. Board rows
    beyond one vehicle load stay where they are (collected next time), as do rows heavier
    than a whole vehicle on their own.
    """
    out: list[Visit] = []
    drop_kg: list[float] = []
    board_kg: list[float] = []
    # every row's load at once (elementwise, so each visit's sums are what they were one by one)
    d_cut = np.cumsum([0] + [len(c.drop) for c in visits])
    b_cut = np.cumsum([0] + [len(c.board) for c in visits])
    d_all = parcel_load(np.concatenate([c.drop for c in visits])) if d_cut[-1] else np.empty(0)
    b_all = lot_load(np.concatenate([c.board for c in visits])) if b_cut[-1] else np.empty(0)
    for i, c in enumerate(visits):
        extra_drop, extra_board = empties_load(c) if empties_load is not None else (0.0, 0.0)
        board = c.board
        b_w = b_all[b_cut[i]:b_cut[i + 1]]
        b_total = float(b_w.sum())
        if b_total > capacity_kg:
            keep = np.cumsum(b_w) <= capacity_kg
            board = board[keep]
            b_total = float(b_w[keep].sum())
        d_w = d_all[d_cut[i]:d_cut[i + 1]]
        d_total = float(d_w.sum())
        if d_total <= capacity_kg:
            out.append(c if board is c.board else Visit(c.facility, c.drop, board, c.crates_down, c.boxes_up))
            drop_kg.append(d_total + extra_drop)
            board_kg.append(b_total + extra_board)
            continue
        for k, rows in enumerate(pack(c.drop, d_w, capacity_kg)):
            first = k == 0
            out.append(Visit(c.facility, rows, board if first else NO_ROWS, c.crates_down if first else 0.0,
                             c.boxes_up if first else 0.0))
            drop_kg.append(float(parcel_load(rows).sum()) + (extra_drop if first else 0.0))
            board_kg.append(b_total + extra_board if first else 0.0)
    return out, np.array(drop_kg), np.array(board_kg)
