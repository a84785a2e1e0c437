"""The model: owns the clock, the space, the flows and the data collection.

Time: ``model.time`` is in days (one Mesa step = one day); parcel timestamps are hours
since the start (``model.now_h``). Nothing loops over agents every hour: the day runs as
events — hub arrival waves, produce ready, trunk and village departures, villager
pickups, the outbound linehaul (:mod:`.dispatch`) — and each vehicle stop is an event of
its own (:mod:`.vehicles`).

Three lines from a notebook::

    from sim import RuralLogisticsModel
    model = RuralLogisticsModel(mode="joint", backhaul=True, rng=7)
    daily = model.run_days(60)          # pandas DataFrame, one row per day
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path

import mesa
import numpy as np
import pandas as pd
from mesa.discrete_space import Network
from mesa.time import Schedule

from sim import flows
from sim.config import ScenarioConfig, defaults
from sim.flows.demand import mean_growth_factor
from sim.flows.quality import PRODUCE_COLUMNS
from sim.flows.service_network import service_points
from sim.geography import Geography, build_county
from sim.kpis import (Ledger, day_row, equity_kpis, keeper_kpis, lead_time_histogram, model_reporters, run_summary,
                      village_table, warmup_days)
from sim.model import preflight
from sim.model.crates import Crates
from sim.model.dispatch import Dispatch
from sim.model.network import create_operators, fix_service_network, place_facilities
from sim.model.parameters import FROM_SCENARIO, MODEL_PARAMETERS, _resolve_config, seed_from_rng  # noqa: F401
from sim.model.timers import Timers
from sim.model.upstream import Upstream
from sim.model.warehouses import ForwardWarehouses
from sim.model.vehicles import Vehicle

class RuralLogisticsModel(mesa.Model):
    """County–township–village logistics with two-way flows under one operating mode.

    Parameters
    ----------
    config
        A :class:`~sim.config.ScenarioConfig`, a path to a scenario TOML file, or ``None``
        for the built-in default (joint distribution on a synthetic county).
    rng
        Mesa's random seed: an int (the run's seed, recorded in the summary), a NumPy
        ``Generator`` or ``SeedSequence`` (a seed is drawn from it), or ``None`` for fresh
        randomness (a new seed is drawn and recorded). When not given, the scenario's
        ``[scenario] seed`` is used, so a scenario file alone reproduces its run. The seed
        drives demand and operations; the synthetic county has its own, ``[geography] seed``.
    overrides
        Scenario keys by dotted name, ``{"policies.bus.enabled": True, …}`` (values as a
        TOML file would give them; NumPy scalars are fine).
    geography
        A prebuilt :class:`~sim.geography.Geography` (skips building it from the scenario).
    scenario
        Accepted and ignored: Mesa's own ``Scenario`` object, which SolaraViz passes on
        reset (our scenario is ``config``).
    **parameters
        Any of :data:`MODEL_PARAMETERS` by short name (``mode``, ``backhaul``, …), or any
        scenario key by dotted name; ``None`` values are ignored.

    Raises
    ------
    sim.config.ScenarioError
        A bad scenario file, key or value (one line naming it).
    TypeError
        An unknown keyword argument.
    """

    def __init__(self, config: ScenarioConfig | str | Path | None = None, *, rng: object = FROM_SCENARIO,
                 overrides: Mapping[str, object] | None = None, geography: Geography | None = None,
                 scenario: object = None, **parameters: object) -> None:
        config = _resolve_config(config, overrides, parameters, rng)
        preflight.check_vehicles(config)
        if geography is None and config.geography.source == "synthetic":   # before drawing the map
            g = config.geography
            n_villages = g.n_townships * g.villages_per_township
            preflight.check_memory(config, 1 + g.n_townships + n_villages, n_villages,
                                   n_villages * g.population_per_village)
        self.config = config
        seed = config.scenario.seed
        super().__init__(rng=seed)
        # Demand has random streams of its own (common random numbers): the same seed gives
        # the same parcels whatever the mode and levers, so scenario differences are the
        # policies', not the dice's. Produce and sellers' parcels draw from a second stream
        # (their volume follows the service they get, so it differs by design); operations
        # draw from self.rng.
        demand_seed, upstream_seed = np.random.SeedSequence(seed).spawn(2)
        self.demand_rng = np.random.default_rng(demand_seed)
        self.upstream_rng = np.random.default_rng(upstream_seed)
        self.timers = Timers()
        self.geography = geo = geography if geography is not None else build_county(config)
        preflight.check_memory(config, geo.n_facilities, len(geo.villages), float(geo.population[geo.villages].sum()))
        self.space = Network(geo.graph, layout=geo.layout(), random=self.random)
        self.parcels = flows.FlowTable()
        self.produce = flows.FlowTable(extra_columns=PRODUCE_COLUMNS)
        self.start_date: date = config.scenario.start_date
        self.day = 0

        has_service_point = service_points(geo, config.operations.service_point_share)
        self.ledger = Ledger(config.costs, config.policies, int(has_service_point.sum()), geo.villages,
                             geo.n_facilities, self.crop_prices)
        self.facility_agents = place_facilities(self, self.ledger)
        self.hub = self.facility_agents[geo.hub]
        self.stations = [self.facility_agents[int(t)] for t in geo.townships]
        self.market_shares = np.array([c.market_share for c in config.carriers])
        self.operators = create_operators(self, self.ledger)
        self.network = fix_service_network(self, has_service_point, self.operators, self.stations, self.ledger)
        preflight.check_reach(config, geo, self.network.van_served)
        self.dispatch = Dispatch(self)
        self.upstream = Upstream(self)
        self.warehouses = ForwardWarehouses(self)
        self.crates = Crates(self)

        self.day_kpis: dict = {}                 # the last closed day's KPI row
        self.datacollector = mesa.DataCollector(model_reporters=model_reporters())
        self._schedule_the_day()
        self._open_day()

    def _schedule_the_day(self) -> None:
        """The day's recurring events, in hours after midnight."""
        config, dispatch = self.config, self.dispatch
        ops = config.operations
        policies = config.policies
        self._schedule_daily(dispatch.hub_arrival, config.demand.hub_arrival_hours)
        self._schedule_daily(self.upstream.harvest, [config.produce.ready_hour])
        self._schedule_daily(dispatch.trunk_departure, ops.trunk_departure_hours)
        if not ops.backhaul:
            self._schedule_daily(dispatch.produce_collection, ops.produce_collection_hours)
        self._schedule_daily(dispatch.village_departure, [ops.village_departure_hour])
        self._schedule_daily(dispatch.villager_pickups, [config.costs.villager_pickup_hour])
        if self.network.bus_lines:
            self._schedule_daily(dispatch.bus_departures, policies.bus.departure_hours)
        if self.network.drone_served.any():
            self._schedule_daily(dispatch.drone_departures, policies.drones.departure_hours)
        self._schedule_daily(self.hub.ship_produce_out, [config.produce.hub_outbound_hour])
        if len(self.warehouses.township_sites):
            self._schedule_daily(self.warehouses.ship_out, [policies.forward_warehouse.outbound_hour])

    def _schedule_daily(self, callback, hours) -> None:
        for hour in hours:
            self.schedule_recurring(callback, Schedule(interval=1.0, start=hour / 24.0))

    # ------------------------------------------------------------------ clock
    @property
    def now_h(self) -> float:
        """Hours since the start of the run."""
        return self.time * 24.0

    @property
    def today(self) -> date:
        """The calendar date of the current simulated day."""
        return self.start_date + timedelta(days=self.day)

    def step(self) -> None:
        """Midnight (runs at the end of each day): close the day's KPIs, open the next.

        After the scenario's ``days``, ``running`` turns False (so ``run_model()`` stops).
        """
        self._close_day()
        self.day += 1
        if self.day >= self.config.scenario.days:
            self.running = False
        self._open_day()

    def _open_day(self) -> None:
        config = self.config
        policies = config.policies
        self.ledger.open_day()
        # township offices: the joint station, or each outlet of a brand (or a carpool, or the
        # postal partner) that runs village rounds
        offices = len(self.stations) * sum(len(c) > 0 for c in self.operators.village_carriers.values())
        self.ledger.office_cost(offices * config.costs.township_office_cost_per_day_yuan)
        if policies.cold_chain.enabled:
            self.ledger.cold_storage_cost(policies.cold_chain.storage_cost_per_day_yuan * (1 + len(self.stations)))
        if policies.public_warehouse.enabled:
            self.ledger.public_warehouse_day(policies.public_warehouse.cost_per_day_yuan)
        lockers = policies.lockers
        if lockers.enabled:
            banks = self.network.lockers if lockers.at == "villages" else len(self.stations) * lockers.lockers_per_township
            self.ledger.locker_day(banks * lockers.cost_per_day_yuan)
        if policies.auto_sorting.enabled:
            self.ledger.sorting_line_cost(policies.auto_sorting.cost_per_day_yuan)
        self.dispatch.open_day()
        self.upstream.open_day()
        self.warehouses.open_day()
        self.parcels.compact()
        self.produce.compact()

    def _close_day(self) -> None:
        with self.timers.time("collection"):
            for op in self.operators.all:
                op.close_day(self.day, self.config.operations.fleet_review_days)
            self.upstream.close_day()
            # parcels still queued on the hub's sorting lines at midnight: backlog
            at_hub = self.parcels.waiting_at(np.array([self.geography.hub]), np.inf)
            self.ledger.backlog(int(np.count_nonzero(self.parcels.ready_h[at_hub] > self.now_h)))
            coverage = self.ledger.coverage(self.config.kpi.coverage_window_days)
            self.day_kpis = day_row(self.day, self.today.isoformat(), self.ledger, coverage, self.parcels,
                                    self.produce, self.config.demand.order_to_hub_h)
            self.datacollector.collect(self)

    # ------------------------------------------------------------------ running
    def run_days(self, days: int, progress: bool = False) -> pd.DataFrame:
        """Run through the next ``days`` midnights (the first closes the current day, also
        when ``run_for`` left the clock mid-day); returns the daily KPI table so far."""
        self._reserve_rows(days)
        bar = None
        if progress:
            from tqdm import tqdm
            bar = tqdm(total=days, unit="day", desc=self.config.scenario.name)
        for _ in range(days):
            self._to_midnight()
            if bar is not None:
                bar.update(1)
        if bar is not None:
            bar.close()
        return self.daily_kpis()

    def run_model(self) -> None:
        """Run until ``running`` is False: the end of the scenario's ``days``."""
        self._reserve_rows(max(self.config.scenario.days - self.day, 0))
        while self.running:
            self._to_midnight()

    def _to_midnight(self) -> None:
        """Run to the next midnight (also from mid-day, after ``run_for``), which closes the day."""
        with self.timers.time("run"):
            self.run_until(math.floor(self.time) + 1)

    def _reserve_rows(self, days: int) -> None:
        """Size the parcel and produce tables for ``days`` more days up front.

        The estimate is the mean demand, grown at its mean over the days, with room for the
        weekly and festival swings (× ROW_RESERVE_FACTOR); if it falls short the tables still
        grow by doubling.
        """
        cfg = self.config
        geo = self.geography
        growth = mean_growth_factor(max(cfg.demand.annual_growth, 0.0), self.day / 365.0, (self.day + days) / 365.0)
        per_day = float(geo.population[geo.villages].sum()) * cfg.demand.parcels_per_resident_per_day
        self.parcels.reserve(int(ROW_RESERVE_FACTOR * growth * per_day * days))
        up = cfg.produce
        lots = sum(c.lots_per_village_per_day * ((c.last_month - c.first_month) % 12 + 1) / 12.0 for c in up.crops)
        per_day = (lots + up.seller_parcels_per_village_per_day) * len(geo.villages) \
            + up.seller_parcels_per_township_per_day * len(geo.townships)
        self.produce.reserve(int(ROW_RESERVE_FACTOR * per_day * days))

    # ------------------------------------------------------------------ results
    @property
    def days_done(self) -> int:
        """Completed (closed) days."""
        return len(self.datacollector.model_vars["day"])

    def daily_kpis(self) -> pd.DataFrame:
        """The daily KPI table (the DataCollector's): one row per completed day, units in the column names."""
        return self.datacollector.get_model_vars_dataframe()

    @property
    def crop_prices(self) -> np.ndarray:
        """Farm-gate yuan per kg, by crop index."""
        return np.array([c.price_yuan_per_kg for c in self.config.produce.crops] or [0.0])

    def village_kpis(self) -> pd.DataFrame:
        """One row per village over the completed days (see :func:`sim.kpis.village_table`)."""
        return village_table(self.geography, self.parcels, self.produce, self.ledger.door_days(self.days_done),
                             self.ledger.village_cost_yuan, self.crop_prices)

    def lead_time_histogram(self) -> pd.DataFrame:
        """Delivered parcels per 2-hour lead-time bin (see :func:`sim.kpis.lead_time_histogram`)."""
        return lead_time_histogram(self.parcels)

    def summary(self) -> dict:
        """Run-level KPIs over the completed days (keys and definitions: :mod:`sim.kpis.registry`)."""
        days = self.days_done
        config = self.config
        out = run_summary(self.daily_kpis(), self.parcels, self.produce, self.ledger.missed_days(days),
                          warmup=warmup_days(config.kpi.warmup_days, days),
                          order_to_hub_h=config.demand.order_to_hub_h, seed=config.scenario.seed,
                          n_crops=len(config.produce.crops))
        out.update(equity_kpis(self.village_kpis(), out["government_cost_yuan"]))
        costs = config.costs
        out.update(keeper_kpis(self.ledger.keeper_parcels, np.flatnonzero(self.network.has_service_point), days,
                               costs.keeper_commission_yuan_per_parcel,
                               config.policies.subsidy.per_service_point_per_day_yuan,
                               costs.keeper_target_income_yuan_per_month))
        out.update(scenario=self.config.scenario.name, mode=self.config.operations.mode,
                   backhaul=self.config.operations.backhaul, synthetic_roads=self.geography.synthetic_roads,
                   geography=self.geography.source, n_townships=len(self.geography.townships),
                   n_villages=len(self.geography.villages),
                   facilities_snapped_beyond_1km=int(np.count_nonzero(
                       self.geography.snap_km > defaults.SNAP_REPORT_KM)))
        run_s = self.timers.seconds.get("run", 0.0)
        for name, sec in sorted(self.timers.seconds.items()):
            out[f"time_{name}_s"] = sec
        planners = [op.planner for op in self.operators.all]
        out["routing_solves"] = sum(p.solved for p in planners)
        out["routing_repairs"] = sum(p.repaired for p in planners)
        out["routing_cache_hits"] = sum(p.reused for p in planners)
        out["routing_time_share"] = self.timers.seconds.get("routing", 0.0) / run_s if run_s else float("nan")
        return out

    # ------------------------------------------------------------------ checks
    def conservation(self) -> dict[str, int]:
        """Counts that must balance: by status in the tables, at facilities, in vehicles."""
        pc = self.parcels.counts()
        qc = self.produce.counts()
        vehicles = self.agents_by_type.get(Vehicle)
        facilities = self.facility_agents
        return {
            "parcels_created": self.parcels.n,
            "parcels_delivered": int(pc[flows.DONE]),
            "parcels_in_vehicles": int(pc[flows.IN_VEHICLE]),
            "parcels_waiting": int(pc[flows.WAITING]),
            "parcels_in_vehicles_by_agents": int(sum(v.cargo_parcels for v in vehicles)) if vehicles else 0,
            "parcels_waiting_by_facilities": int(sum(f.parcels_waiting for f in facilities)),
            "produce_created": self.produce.n,
            "produce_shipped": int(qc[flows.DONE]),
            "produce_spoiled": int(qc[flows.SPOILED]),
            "produce_in_vehicles": int(qc[flows.IN_VEHICLE]),
            "produce_waiting": int(qc[flows.WAITING]),
            "produce_in_vehicles_by_agents": int(sum(v.cargo_produce for v in vehicles)) if vehicles else 0,
            "produce_waiting_by_facilities": int(sum(f.produce_waiting for f in facilities)),
        }


# Head-room when sizing the flow tables for a run: the weekly pattern and festivals lift
# some days well above the mean, but the year's total stays within ≈ 5 % of it.
ROW_RESERVE_FACTOR = 1.15
