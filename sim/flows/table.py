"""Parcels and produce lots as columnar NumPy arrays (too many to be Mesa agents).

One :class:`FlowTable` holds one kind of item: downstream parcels (工业品下乡, county hub
→ village) or upstream produce lots (农产品进城, village → out of the county). Each row
is an item; columns say where it is and when things happened. Times are hours since the
start of the run.

Status life cycle::

    WAITING (at ``location``) → IN_VEHICLE (``vehicle``) → WAITING … → DONE
                                                                    ↘ SPOILED (produce)

``DONE`` means delivered to the village (parcels) or shipped out of the county (produce).
"""

from __future__ import annotations

import numpy as np

WAITING, IN_VEHICLE, DONE, SPOILED = 0, 1, 2, 3
STATUS_NAMES = ("waiting", "in_vehicle", "done", "spoiled")
NO_VEHICLE = -1

COLUMNS: dict[str, tuple[np.dtype, object]] = {
    "origin": (np.dtype(np.int32), -1),        # facility index where the item entered the system
    "dest": (np.dtype(np.int32), -1),          # facility index it must reach (village, or hub for produce)
    "carrier": (np.dtype(np.int16), -1),       # express brand index (parcels), -1 for produce
    "product": (np.dtype(np.int16), 0),        # what the item is: parcel class (0 consumer goods, 1 farm input) or crop index
    "weight_kg": (np.dtype(np.float64), 0.0),
    "volume_m3": (np.dtype(np.float64), 0.0),
    "created_h": (np.dtype(np.float64), np.nan),   # hub arrival (parcels) / ready at village (produce)
    "expires_h": (np.dtype(np.float64), np.inf),   # spoils if not DONE by then (produce)
    "status": (np.dtype(np.int8), WAITING),
    "location": (np.dtype(np.int32), -1),      # facility index while WAITING, else last facility
    "vehicle": (np.dtype(np.int64), NO_VEHICLE),   # unique_id of the vehicle while IN_VEHICLE
    "ready_h": (np.dtype(np.float64), np.nan),     # when it can leave its current location
    "done_h": (np.dtype(np.float64), np.nan),      # delivered / shipped out / spoiled
    "door": (np.dtype(np.bool_), False),           # parcels: delivered to the village at the door
}


class FlowTable:
    """Growable columnar table of items; rows are never removed, only finished.

    ``active`` lists the rows not yet DONE or SPOILED; :meth:`compact` refreshes it so
    selections stay proportional to what is in the system, not to the whole run.
    """

    def __init__(self, capacity: int = 4096, extra_columns: dict[str, tuple[np.dtype, object]] | None = None) -> None:
        self.n = 0
        self._columns = {**COLUMNS, **(extra_columns or {})}
        self._cols = {name: np.full(capacity, fill, dtype) for name, (dtype, fill) in self._columns.items()}
        self.active = np.empty(0, dtype=np.int64)
        # Rows dropped from ``active`` by compact(), per status (DONE or SPOILED).
        self._finished = np.zeros(len(STATUS_NAMES), dtype=np.int64)
        self._refresh_views()

    def _refresh_views(self) -> None:
        """Each column is an attribute (``table.status``): a view of its first ``n`` rows,
        renewed whenever rows are added or the arrays grow (reading one is a plain lookup)."""
        n = self.n
        self.__dict__.update({name: arr[:n] for name, arr in self._cols.items()})

    def column(self, name: str) -> np.ndarray:
        """The full backing array of a column (writable view of the first ``n`` rows)."""
        return self._cols[name][: self.n]

    def reserve(self, count: int) -> None:
        """Make room for ``count`` more rows in one allocation; a table that must grow at
        least doubles, so reserving day by day stays linear."""
        need = self.n + count
        cap = len(self._cols["status"])
        if need > cap:
            self._grow(max(need, 2 * cap))

    def _grow(self, new_cap: int) -> None:
        for name, (dtype, fill) in self._columns.items():
            grown = np.full(new_cap, fill, dtype)
            grown[: self.n] = self._cols[name][: self.n]
            self._cols[name] = grown
        self._refresh_views()

    def add(self, count: int, **values: np.ndarray | float | int) -> np.ndarray:
        """Append ``count`` rows; returns their indices. Unset columns take their defaults."""
        if count == 0:
            return np.empty(0, dtype=np.int64)
        need = self.n + count
        cap = len(self._cols["status"])
        if need > cap:
            self._grow(max(need, 2 * cap))
        rows = np.arange(self.n, need, dtype=np.int64)
        for name, value in values.items():
            self._cols[name][self.n:need] = value
        self.n = need
        self._refresh_views()
        self.active = np.concatenate([self.active, rows])
        return rows

    def compact(self) -> None:
        """Drop finished rows from ``active`` (their statuses are final, so just count them)."""
        status = self._cols["status"][self.active]
        keep = status < DONE
        self._finished += np.bincount(status[~keep], minlength=len(STATUS_NAMES))
        self.active = self.active[keep]

    def counts(self) -> np.ndarray:
        """Items per status (WAITING, IN_VEHICLE, DONE, SPOILED) over all rows.

        Counts the active rows and adds the finished ones compacted away, so the cost is
        proportional to what is in the system, not to the whole run.
        """
        return np.bincount(self._cols["status"][self.active], minlength=len(STATUS_NAMES)) + self._finished

    def waiting_at(self, locations: np.ndarray, ready_by_h: float) -> np.ndarray:
        """Active rows WAITING at any of ``locations`` and ready by ``ready_by_h``."""
        act = self.active
        status = self._cols["status"][act]
        loc = self._cols["location"][act]
        ready = self._cols["ready_h"][act]
        mask = (status == WAITING) & (ready <= ready_by_h) & np.isin(loc, locations)
        return act[mask]

    def set(self, rows: np.ndarray, **values: np.ndarray | float | int) -> None:
        """Write column values for ``rows``."""
        for name, value in values.items():
            self._cols[name][rows] = value


def group_rows(rows: np.ndarray, keys: np.ndarray) -> dict[int, np.ndarray]:
    """Split ``rows`` by ``keys`` (one key per row); returns {key: rows in their order}."""
    if not len(rows):
        return {}
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    cuts = np.flatnonzero(np.diff(sorted_keys)) + 1
    starts = np.concatenate([[0], cuts])
    return {int(sorted_keys[s]): part for s, part in zip(starts, np.split(rows[order], cuts))}
