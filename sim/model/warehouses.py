"""Forward / origin warehouses (生鲜前置仓, 产地仓): the ``forward_warehouse`` lever.

At each site (a township station, or the county hub) produce that arrives is pre-cooled and
kept cold while the store has room (``capacity_kg``); the rest waits at the air
temperature. A township site does not send its produce through the hub: every day at
``outbound_hour`` it loads refrigerated trucks of its own that leave the county, when a
full-truck share waits, when the oldest lot has waited ``max_hold_h``, or when a lot would
be lost before the next day's truck. At the hub the daily outbound linehaul takes it as
before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.config import ScenarioError
from sim.model.loads import NO_ROWS, Stop, load_kg, pack

if TYPE_CHECKING:
    from sim.model.model import RuralLogisticsModel

HOURS_PER_DAY = 24.0


def warehouse_sites(model: "RuralLogisticsModel") -> np.ndarray:
    """Facility indices of the sites (``policies.forward_warehouse.sites``: ids of townships or
    the hub; empty = every township). An id that is not one stops the run with one line."""
    policy = model.config.policies.forward_warehouse
    geo = model.geography
    if not policy.enabled:
        return np.empty(0, np.int64)
    if not policy.sites:
        return geo.townships.astype(np.int64)
    allowed = {str(geo.facility_id[f]): int(f) for f in [geo.hub, *geo.townships.tolist()]}
    unknown = [s for s in policy.sites if s not in allowed]
    if unknown:
        raise ScenarioError(f"{model.config.where}: policies.forward_warehouse.sites: expected ids of the hub or "
                            f"townships ({', '.join(list(allowed)[:6])}, …), got {unknown[0]!r}")
    return np.array(sorted({allowed[s] for s in policy.sites}), np.int64)


class ForwardWarehouses:
    """The run's forward warehouses (see the module docstring)."""

    def __init__(self, model: "RuralLogisticsModel") -> None:
        self.model = model
        self.policy = model.config.policies.forward_warehouse
        self.sites = warehouse_sites(model)
        self.is_site = np.zeros(model.geography.n_facilities, dtype=bool)
        self.is_site[self.sites] = True
        self.township_sites = self.sites[self.sites != model.geography.hub]

    def open_day(self) -> None:
        """The stores' cost of the day."""
        if len(self.sites):
            self.model.ledger.warehouse_day(len(self.sites) * self.policy.cost_per_day_yuan)

    def store(self, rows: np.ndarray, site: int) -> np.ndarray:
        """Lots ``rows`` arrive at ``site``: those the cold store still has room for (in
        order) are pre-cooled and kept cold. Returns a mask of those rows."""
        produce = self.model.produce
        here = produce.waiting_at(np.array([site]), np.inf)
        room_kg = self.policy.capacity_kg - float(produce.weight_kg[here[produce.cold[here]]].sum())
        kg = produce.weight_kg[rows]
        fits = np.cumsum(kg) <= room_kg
        cooled_t = float(kg[fits].sum()) / 1000.0
        self.model.ledger.warehouse_precooled(cooled_t * 1000.0, cooled_t * self.policy.precool_kwh_per_t
                                              * self.policy.electricity_yuan_per_kwh)
        return fits

    def ship_out(self) -> None:
        """Event: township sites load their full trucks out of the county (see the module docstring)."""
        model = self.model
        ops = model.config.operations
        spec = model.config.vehicles[ops.trunk_vehicle]
        produce = model.produce
        now_h = model.now_h
        model.upstream.spoil_expired(now_h)
        geo = model.geography
        for site in self.township_sites.tolist():
            rows = produce.waiting_at(np.array([site]), now_h)
            if not len(rows):
                continue
            loads = load_kg(produce.weight_kg[rows], produce.volume_m3[rows], spec)
            if (loads.sum() < self.policy.full_truck_share * spec.capacity_kg
                    and now_h - produce.ready_h[rows].min() < self.policy.max_hold_h
                    and produce.expires_h[rows].min() - now_h >= HOURS_PER_DAY):
                continue
            rows = rows[np.argsort(produce.ready_h[rows], kind="stable")]
            out_km = float(geo.dist_km[site, geo.hub])
            back_km = float(geo.dist_km[geo.hub, site])
            out_h = float(geo.time_h[site, geo.hub]) / spec.speed_factor
            trip_h = out_h + float(geo.time_h[geo.hub, site]) / spec.speed_factor
            station = model.facility_agents[site]
            for load in pack(rows, load_kg(produce.weight_kg[rows], produce.volume_m3[rows], spec), spec.capacity_kg):
                truck = model.operators.produce.vehicle_for(site, ops.trunk_vehicle, trip_h)
                truck.assign([Stop(geo.hub, NO_ROWS, NO_ROWS, now_h + out_h)], now_h, now_h + trip_h, model.day,
                             refrigerated=True)
                kg = float(load_kg(produce.weight_kg[load], produce.volume_m3[load], spec).sum())
                model.ledger.tour(spec, np.array([out_km, back_km]), np.zeros(1), np.array([kg]), leg="trunk",
                                  produce_only=True, refrigerated=True)
                truck.drove(out_km + back_km, produce_only=True)
                model.ledger.warehouse_truck()
                station.remove_produce(len(load))
                model.upstream.ship_out(load)


def not_at_warehouses(model: "RuralLogisticsModel", rows: np.ndarray) -> np.ndarray:
    """Of produce ``rows`` waiting at township stations, those not at a forward warehouse
    (a warehouse ships its own out of the county)."""
    return rows[~model.warehouses.is_site[model.produce.location[rows]]] if len(rows) else rows
