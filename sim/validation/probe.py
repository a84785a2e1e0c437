"""The last leg's cost per parcel, observed during a run: what the township station and the
rounds from it cost per parcel delivered, the model's counterpart of the township delivery
fee (派费, figures.md §2.7: ≈ 1 yuan per parcel before consolidation, 0.6–0.7 after).

The run summary has the operators' cost of parcels (``cost_per_parcel_down_yuan``) but not
its split between the county leg (hub sorting and handling, trucks) and the last leg
(township station or outlets, village rounds, keepers, fees for buses, couriers, drones,
the postal partner, lockers). :func:`last_leg_probe` observes the run's ledger and books
each day's parcel cost to one of the two legs by the model's own rules:

- handling at the hub, the sorting line, and trucks' km on parcel tours → county leg;
  station handling, township offices, keepers' commission, the fees above, and village-leg
  km on parcel tours → last leg;
- every owned vehicle's fixed cost goes to the leg of its base (the hub: county; a township:
  last leg), its parcels' share as the model books it (one minus its produce-only share of
  km that day; a vehicle that never drove by the day's produce share of km).

The two legs add up to the summary's ``operator_cost_down_yuan`` (a test checks it). The
probe only reads: it wraps two of the ledger's methods on this one model, calls the real
ones and returns what they return, so the run is the same with or without it.
Use it as a sweep's ``probe`` (:func:`sim.experiments.task.run_one`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sim.kpis import warmup_days

# The values the probe adds to a run's summary (yuan per parcel delivered after the warm-up).
LAST_LEG_KEYS = ("last_leg_cost_per_parcel_yuan", "last_leg_station_yuan_per_parcel",
                 "last_leg_vehicles_yuan_per_parcel", "last_leg_services_yuan_per_parcel",
                 "county_leg_cost_per_parcel_yuan")


def last_leg_probe(model) -> Callable[[], dict[str, float]]:
    """Start observing ``model`` (before it runs); the returned function gives the keys of
    :data:`LAST_LEG_KEYS` over the days after the warm-up (as the summary counts them)."""
    return _LastLeg(model).finish


class _LastLeg:
    """Each closed day's parcel cost, booked to the county leg or the last leg."""

    def __init__(self, model) -> None:
        self.model = model
        ledger = model.ledger
        self._real_tour, self._real_open_day = ledger.tour, ledger.open_day
        ledger.tour = self._tour              # this instance only; the class keeps its methods
        ledger.open_day = self._open_day
        self.days: list[dict[str, float]] = []
        self._km_cost = {"trunk": 0.0, "village": 0.0}     # today's km cost of parcel tours, by leg

    def _tour(self, spec, legs_km, *args, leg: str, produce_only: bool = False, **kwargs):
        cost = self._real_tour(spec, legs_km, *args, leg=leg, produce_only=produce_only, **kwargs)
        if not produce_only:                  # as the ledger books parcel km (refrigeration is produce's)
            self._km_cost[leg] += spec.cost_per_km_yuan * float(np.sum(legs_km))
        return cost

    def _open_day(self) -> None:
        """Midnight: the day just closed is complete (fleets booked, KPIs collected)."""
        self.days.append(self._closed_day(self.model.day - 1))
        self._km_cost = {"trunk": 0.0, "village": 0.0}
        self._real_open_day()

    def _closed_day(self, day: int) -> dict[str, float]:
        d = self.model.ledger.day
        hub = self.model.geography.hub
        km = d.trunk_km + d.village_km
        produce_km_share = d.produce_trip_km / km if km > 0 else 0.0
        fixed = {"county": 0.0, "last": 0.0}
        for op in self.model.operators.all:
            if op.fleet_cost != "fleet":       # buses (paid by fee) and drones (their cost is a fee)
                continue
            for (base, _name), fleet in op.fleet.items():
                leg = "county" if base == hub else "last"
                for vehicle in fleet:
                    share = vehicle.produce_share(day)
                    up = produce_km_share if share is None else share
                    fixed[leg] += vehicle.spec.fixed_cost_per_day_yuan * (1.0 - up)
        return {
            "delivered": float(d.delivered_door + d.delivered_fetched),
            "station": d.station_handling_yuan + d.office_cost_yuan,
            "vehicles": fixed["last"] + self._km_cost["village"],
            "services": (self.model.ledger.keeper_commission_yuan + d.bus_fees_parcels_yuan + d.crowd_fees_yuan + d.drone_cost_yuan
                         + d.postal_fees_yuan + d.locker_cost_yuan),
            "county": (d.hub_handling_yuan + d.sorting_line_cost_yuan + self._km_cost["trunk"] + fixed["county"]),
        }

    def finish(self) -> dict[str, float]:
        days = self.days[warmup_days(self.model.config.kpi.warmup_days, len(self.days)):]
        total = {k: sum(day[k] for day in days) for k in ("delivered", "station", "vehicles", "services", "county")}
        n = total["delivered"]

        def per(x: float) -> float:
            return x / n if n > 0 else float("nan")

        return {
            "last_leg_cost_per_parcel_yuan": per(total["station"] + total["vehicles"] + total["services"]),
            "last_leg_station_yuan_per_parcel": per(total["station"]),
            "last_leg_vehicles_yuan_per_parcel": per(total["vehicles"]),
            "last_leg_services_yuan_per_parcel": per(total["services"]),
            "county_leg_cost_per_parcel_yuan": per(total["county"]),
        }
