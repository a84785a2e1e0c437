"""The upstream side's rules (农产品进城): the day's harvest, produce quality on its way out,
where lots are lost, and how much farmers ship online given the service they get.

:class:`Upstream` is one component of the model (like :class:`~sim.model.dispatch.Dispatch`):
vehicles and facilities call it when lots change hands, so that every change of
conditions re-states the lots' quality (:class:`sim.flows.quality.Quality`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import flows
from sim.flows import group_rows
from sim.flows import quality as Q
from sim.flows.demand import draw_produce, draw_seller_parcels

if TYPE_CHECKING:
    from sim.model.model import RuralLogisticsModel


class Upstream:
    """Produce in the county: harvest, quality, losses (see the module docstring)."""

    def __init__(self, model: "RuralLogisticsModel") -> None:
        self.model = model
        cfg = model.config
        geo = model.geography
        self.quality = Q.Quality(cfg.produce.monthly_mean_temp_c, cfg.policies.cold_chain.temp_c,
                                 cfg.produce.cold_pull_down_h, model.start_date)
        self.stage_of = np.full(geo.n_facilities, Q.VILLAGE, np.int8)   # where a lot waiting here is lost
        self.stage_of[geo.townships] = Q.TOWNSHIP
        self.stage_of[geo.hub] = Q.HUB
        self.cold_room = np.zeros(geo.n_facilities, dtype=bool)          # lots waiting here are kept cold
        if cfg.policies.cold_chain.enabled:
            self.cold_room[geo.townships] = True
            self.cold_room[geo.hub] = True
        self.supply_factor = np.ones(len(geo.villages))      # farmers' online supply vs the crop calendar
        self.seller_factor = np.ones(len(geo.villages))      # village sellers' parcels vs the default rate
        self.seller_product = len(cfg.produce.crops)          # product index of sellers' parcels (after the crops)

    def open_day(self) -> None:
        """A new day's air temperature: every lot in the county is re-stated at it."""
        model = self.model
        self.quality.set_day(model.today)
        produce = model.produce
        rows = produce.active[produce.status[produce.active] < flows.DONE]
        self.quality.keep(produce, rows, model.now_h, produce.cold[rows], restate=True)

    def harvest(self) -> None:
        """Farmers bring the day's lots to their village service point; where the village
        has none, one trip per village takes them to the township station. Local sellers
        hand in their parcels the same way (or at the public warehouse, see
        :meth:`_sellers`)."""
        model = self.model
        geo = model.geography
        batch = draw_produce(model.upstream_rng, geo.villages, model.today, model.config.produce, self.supply_factor)
        model.ledger.produce_graded_out(float(batch.graded_out_kg.sum()))
        model.ledger.produce_created(len(batch.village))
        model.crates.produce_packed(float(batch.weight_kg.sum()))
        point = model.network.has_service_point[batch.village]
        location = np.where(point, batch.village, geo.township[batch.village])
        trip_km = geo.dist_km[batch.village, geo.township[batch.village]]
        costs = model.config.costs
        ready_h = model.now_h + np.where(point, 0.0, trip_km / costs.villager_speed_kmh)
        self._hand_in(batch.village, location, ready_h, batch.crop, batch.weight_kg,
                      batch.weight_kg / model.config.produce.kg_per_m3, batch.decay_ref_per_h)
        if not point.all():
            villages, first = np.unique(batch.village[~point], return_index=True)
            km = float(2.0 * trip_km[~point][first].sum())
            model.ledger.produce_runs(len(villages), km, km / costs.villager_speed_kmh)
        self._sellers()

    def _sellers(self) -> None:
        """Local sellers hand in the day's parcels: at their village's service point, else at
        the township station (riding the farmers' trip); township sellers at the station.
        With the public warehouse (电商公共仓), ``seller_share`` of them ship from stock kept
        at the county hub instead: ready there at once."""
        model = self.model
        geo = model.geography
        cfg = model.config.produce
        batch = draw_seller_parcels(model.upstream_rng, geo.villages, geo.townships, cfg, self.seller_factor)
        n = len(batch.origin)
        model.ledger.sellers_created(n)
        is_village = np.isin(batch.origin, geo.villages)
        point = is_village & model.network.has_service_point[batch.origin]
        location = np.where(point, batch.origin, np.where(is_village, geo.township[batch.origin], batch.origin))
        warehouse = model.config.policies.public_warehouse
        if warehouse.enabled:
            at_hub = model.rng.random(n) < warehouse.seller_share
            location = np.where(at_hub, geo.hub, location)
            model.ledger.public_warehouse_parcels(int(at_hub.sum()))
        volume = batch.weight_kg / model.config.demand.consumer_parcel_kg_per_m3
        self._hand_in(batch.origin, location, np.full(n, model.now_h), np.full(n, self.seller_product, np.int16),
                      batch.weight_kg, volume, np.zeros(n))

    def _hand_in(self, origin: np.ndarray, location: np.ndarray, ready_h: np.ndarray, product: np.ndarray,
                 weight_kg: np.ndarray, volume_m3: np.ndarray, decay_ref_per_h: np.ndarray) -> None:
        """New upstream items (lots, sellers' parcels) wait at ``location`` from ``ready_h``."""
        if not len(origin):
            return
        model = self.model
        now_h = model.now_h
        rows = model.produce.add(len(origin), origin=origin, dest=model.geography.hub, product=product,
                                 weight_kg=weight_kg, volume_m3=volume_m3, created_h=now_h, status=flows.WAITING,
                                 location=location, ready_h=ready_h, quality=1.0, quality_h=now_h,
                                 decay_ref_per_h=decay_ref_per_h)
        site = model.warehouses.is_site[location]
        self.quality.keep(model.produce, rows[~site], now_h, self.cold_room[location[~site]], restate=True)
        for f, here in group_rows(rows[site], location[site]).items():
            self._arrive(here, f, new=True)
        for f, k in zip(*np.unique(location, return_counts=True)):
            model.facility_agents[int(f)].add_produce(int(k))

    # ------------------------------------------------------------------ lots changing hands
    def board(self, rows: np.ndarray, facility: int, vehicle_id: int, refrigerated: bool) -> np.ndarray:
        """A vehicle at ``facility`` takes those of ``rows`` still waiting there and still
        sellable (the rest were taken by another vehicle, or are lost here now). Returns
        the rows boarded."""
        model = self.model
        produce = model.produce
        now_h = model.now_h
        rows = rows[(produce.status[rows] == flows.WAITING) & (produce.location[rows] == facility)]
        self.spoil_expired(now_h, rows)
        rows = rows[produce.status[rows] == flows.WAITING]
        if len(rows):
            model.facility_agents[facility].remove_produce(len(rows))
            produce.set(rows, status=flows.IN_VEHICLE, vehicle=vehicle_id)
            self.quality.keep(produce, rows, now_h, refrigerated)
        return rows

    def unload(self, rows: np.ndarray, facility: int) -> None:
        """A vehicle unloads ``rows`` at ``facility``: lots that went off on the way are lost
        in the vehicle; the others wait here for the next leg."""
        model = self.model
        produce = model.produce
        now_h = model.now_h
        lost = produce.expires_h[rows] <= now_h
        self._lose(rows[lost], Q.VEHICLE)
        rows = rows[~lost]
        produce.set(rows, status=flows.WAITING, vehicle=flows.NO_VEHICLE, location=facility, ready_h=now_h)
        self._arrive(rows, facility)
        model.facility_agents[facility].add_produce(len(rows))

    def _arrive(self, rows: np.ndarray, facility: int, new: bool = False) -> None:
        """Lots ``rows`` (``new`` ones: just handed in) start waiting at ``facility``: in its cold
        room if it has one, in a forward warehouse's store (pre-cooled) while there is room,
        else at the air temperature."""
        model = self.model
        now_h = model.now_h
        if model.warehouses.is_site[facility]:
            lots = rows[model.produce.product[rows] < self.seller_product]
            cold = model.warehouses.store(lots, facility)
            self.quality.keep(model.produce, lots[cold], now_h, True, precooled=True)
            rows = np.setdiff1d(rows, lots[cold], assume_unique=True)
        self.quality.keep(model.produce, rows, now_h, self.cold_room[facility], restate=new)

    def ship_out(self, rows: np.ndarray) -> None:
        """``rows`` leave the county (waiting at the hub, or on a forward warehouse's truck)."""
        model = self.model
        produce = model.produce
        now_h = model.now_h
        produce.set(rows, status=flows.DONE, done_h=now_h, quality_out=self.quality.quality_at(produce, rows, now_h))
        model.ledger.produce_shipped(rows, produce)
        lots = rows[produce.product[rows] < self.seller_product]
        model.crates.lots_shipped(produce.origin[lots], produce.weight_kg[lots])

    # ------------------------------------------------------------------ farmers' response
    def close_day(self) -> None:
        """Farmers and village sellers adjust how much they ship online (each village's
        ``supply_factor`` and ``seller_factor``) to the service their goods got today: the
        share of kg that left the county rather than being lost, and how fast it left (see
        ``[produce] supply_*``). Sellers at the public warehouse count with their village."""
        model = self.model
        produce = model.produce
        act = produce.active
        rows = act[produce.status[act] >= flows.DONE]            # resolved today (compacted at midnight)
        rows = rows[np.isin(produce.origin[rows], model.geography.villages)]
        if not len(rows):
            return
        crop = produce.product[rows] < self.seller_product
        self._respond(self.supply_factor, rows[crop])
        self._respond(self.seller_factor, rows[~crop])
        restock = model.config.policies.public_warehouse
        if restock.enabled and model.day % restock.restock_interval_days == 0:
            self._restock_trips()

    def _respond(self, factor: np.ndarray, rows: np.ndarray) -> None:
        """Move each village's ``factor`` towards what today's resolved ``rows`` warrant."""
        if not len(rows):
            return
        model = self.model
        cfg = model.config.produce
        produce = model.produce
        village = np.searchsorted(model.geography.villages, produce.origin[rows])
        kg = produce.weight_kg[rows]
        shipped = produce.status[rows] == flows.DONE
        n = len(factor)
        kg_out = np.bincount(village, weights=kg * shipped, minlength=n)
        kg_all = np.bincount(village, weights=kg, minlength=n)
        lead_kg = np.bincount(village, weights=kg * shipped * (produce.done_h[rows] - produce.created_h[rows]),
                              minlength=n)
        seen = kg_all > 0
        with np.errstate(divide="ignore", invalid="ignore"):
            lead_h = np.where(kg_out > 0, lead_kg / kg_out, np.inf)
            speed = np.where(kg_out > 0, (cfg.supply_reference_lead_h / np.maximum(lead_h, 1e-9))
                             ** cfg.supply_lead_time_elasticity, 0.0)
            target = np.minimum(kg_out / kg_all * speed, cfg.supply_factor_max)
        factor[seen] += cfg.supply_adjust_per_day * (target[seen] - factor[seen])

    def _restock_trips(self) -> None:
        """Sellers who keep stock at the public warehouse restock it: a round trip to the
        county hub from each village and township (their own vehicles and time)."""
        model = self.model
        geo = model.geography
        origins = np.concatenate([geo.villages, geo.townships])
        km = float(2.0 * geo.dist_km[origins, geo.hub].sum())
        costs = model.config.costs
        model.ledger.produce_runs(len(origins), km, km / costs.villager_speed_kmh + len(origins) * costs.villager_outlet_h)

    # ------------------------------------------------------------------ losses
    def spoil_expired(self, now_h: float, rows: np.ndarray | None = None) -> None:
        """Lots WAITING whose quality has run out are lost where they wait (counted, with
        the time and the stage). ``rows`` limits the check (default: every lot in the county)."""
        produce = self.model.produce
        rows = produce.active if rows is None else rows
        mask = (produce.status[rows] == flows.WAITING) & (produce.expires_h[rows] <= now_h)
        spoiled = rows[mask]
        if not len(spoiled):
            return
        for f, k in zip(*np.unique(produce.location[spoiled], return_counts=True)):
            self.model.facility_agents[int(f)].remove_produce(int(k))
        self._lose(spoiled, self.stage_of[produce.location[spoiled]])

    def _lose(self, rows: np.ndarray, stage: int | np.ndarray) -> None:
        if not len(rows):
            return
        produce = self.model.produce
        produce.set(rows, status=flows.SPOILED, done_h=produce.expires_h[rows], lost_stage=stage, quality=0.0,
                    vehicle=flows.NO_VEHICLE)
        self.model.ledger.produce_lost(rows, produce)
