"""Packaging, and returnable crates and boxes in circulation (the ``returnable_crates`` lever).

Every run counts packaging: single-use boxes of parcels arriving at the hub, cartons of
produce harvested. With the lever, a share of produce lots travel in returnable crates and a
share of parcels in reusable boxes. Once emptied they go back folded on tours that go there
anyway: a lot's crates come back to the hub (on the inbound linehaul) and ride the trucks and
village rounds down to its village; a parcel's box, emptied in the village (or at the
township, when fetched there), rides the rounds and trucks up to the hub. They take room in
the vehicles (weight or volume, see :func:`sim.model.loads.load_kg`) and cost their price
over their trips plus handling. Counts are expected values (shares × items), so the lever
adds no randomness.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.loads import Visit

if TYPE_CHECKING:
    from sim.model.model import RuralLogisticsModel


class Crates:
    """Packaging accounting and the crates and boxes going back (see the module docstring)."""

    def __init__(self, model: "RuralLogisticsModel") -> None:
        self.model = model
        self.policy = model.config.policies.returnable_crates
        self.packaging = model.config.packaging
        self.on = self.policy.enabled
        n = model.geography.n_facilities
        self.at_hub = np.zeros(n)         # crates back at the hub, by the village they return to
        self.at_township = np.zeros(n)    # ... at that village's township station
        self.parcels_at = np.zeros(n, np.int64)   # parcels unpacked at a village or township whose boxes go up
        self._pending: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []   # (when, where, how many) to come
        geo = model.geography
        self.villages_of = {int(t): geo.villages[geo.township[geo.villages] == t] for t in geo.townships}

    # ------------------------------------------------------------------ packaging used
    def parcels_arrived(self, n: int) -> None:
        """``n`` parcels came into the county, packed (a share in reusable boxes)."""
        reusable = n * self.policy.parcel_share if self.on else 0.0
        p, c = self.packaging, self.policy
        single = n - reusable
        plastic_kg = reusable * c.box_kg / c.box_uses
        self.model.ledger.packaging(yuan=single * p.parcel_yuan + reusable * (c.box_price_yuan / c.box_uses
                                                                             + c.box_handling_yuan),
                                    waste_kg=single * p.parcel_kg + plastic_kg,
                                    co2_kg=single * p.parcel_kg * p.co2_kg_per_kg + plastic_kg * c.plastic_co2_kg_per_kg)

    def produce_packed(self, kg: float) -> None:
        """``kg`` of produce was harvested and packed (a share in crates)."""
        p, c = self.packaging, self.policy
        crated = kg * c.produce_share if self.on else 0.0
        crates = crated / c.crate_capacity_kg
        single = kg - crated
        plastic_kg = crates * c.crate_kg / c.crate_trips
        self.model.ledger.packaging(
            yuan=single * p.produce_yuan_per_kg + crates * (c.crate_price_yuan / c.crate_trips + c.crate_handling_yuan),
            waste_kg=single * p.produce_kg_per_kg + plastic_kg,
            co2_kg=single * p.produce_kg_per_kg * p.co2_kg_per_kg + plastic_kg * c.plastic_co2_kg_per_kg)

    # ------------------------------------------------------------------ empties going back
    def lots_shipped(self, villages: np.ndarray, kg: np.ndarray) -> None:
        """Lots from ``villages`` left the county: their crates come back to the hub."""
        if self.on:
            np.add.at(self.at_hub, villages, kg * self.policy.produce_share / self.policy.crate_capacity_kg)

    def parcels_emptied(self, where: np.ndarray | int, n: np.ndarray | int, at_h: float | np.ndarray) -> None:
        """``n`` parcels are unpacked at ``where`` (a village, or the township they were fetched
        at) at ``at_h``: their boxes can go back from then on (a van hands its village parcels
        over when it leaves, each at its arrival time)."""
        if self.on:
            where, n, at_h = np.broadcast_arrays(np.atleast_1d(where), np.atleast_1d(n), np.atleast_1d(at_h))
            self._pending.append((at_h.copy(), where.copy(), n.copy()))

    def _settle(self) -> None:
        """Boxes unpacked by now join the ones waiting to go back."""
        now_h = self.model.now_h
        later = []
        for at_h, where, n in self._pending:
            due = at_h <= now_h
            np.add.at(self.parcels_at, where[due], n[due])
            if not due.all():
                later.append((at_h[~due], where[~due], n[~due]))
        self._pending = later

    def with_empties(self, visits: list[Visit], from_hub: bool) -> list[Visit]:
        """``visits`` with the empties each one takes: crates to drop and boxes to board, at
        the stops the tour makes anyway (a visit with nothing else gets none)."""
        if not self.on:
            return visits
        self._settle()
        out = []
        for v in visits:
            if not (len(v.drop) or len(v.board)):
                out.append(v)
                continue
            down = self.at_hub[self.villages_of[v.facility]].sum() if from_hub else self.at_township[v.facility]
            out.append(Visit(v.facility, v.drop, v.board, crates_down=float(down),
                             boxes_up=float(self.parcels_at[v.facility] * self.policy.parcel_share)))
        return out

    def carried(self, visits: list[Visit], from_hub: bool) -> None:
        """The empties of ``visits`` (from :meth:`with_empties`) went with their tours: crates
        one tier down, boxes one tier up (from a township to the hub, they leave the county)."""
        if not self.on:
            return
        geo = self.model.geography
        moved = 0.0
        for v in visits:
            if v.crates_down:
                if from_hub:
                    here = self.villages_of[v.facility]
                    self.at_township[here] += self.at_hub[here]
                    self.at_hub[here] = 0.0
                else:
                    self.at_township[v.facility] = 0.0
                moved += v.crates_down
            if v.boxes_up:
                if not from_hub:
                    self.parcels_at[geo.township[v.facility]] += self.parcels_at[v.facility]
                self.parcels_at[v.facility] = 0
                moved += v.boxes_up
        self.model.ledger.empties_carried(moved)

    def load_kg(self, visit: Visit, spec) -> tuple[float, float]:
        """The empties of ``visit`` as load on a vehicle of ``spec`` (kg of capacity): to drop, to board."""
        c = self.policy
        per_m3 = spec.capacity_kg / spec.volume_m3
        return (visit.crates_down * max(c.crate_kg, c.crate_folded_m3 * per_m3),
                visit.boxes_up * max(c.box_kg, c.box_folded_m3 * per_m3))
