"""The model: owns the clock, the space, the flows and the data collection.

Time: ``model.time`` is in days (one Mesa step = one day); parcel timestamps are hours
since the start (``model.now_h``). Nothing loops over agents every hour: the day runs as
events — hub arrival waves, produce ready, trunk and village departures, villager
pickups, the outbound linehaul — and each vehicle stop is an event of its own.

Three lines from a notebook::

    from sim import RuralLogisticsModel
    model = RuralLogisticsModel(mode="joint", backhaul=True, seed=7)
    daily = model.run_days(60)          # pandas DataFrame, one row per day
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import mesa
import numpy as np
import pandas as pd
from mesa.discrete_space import Network
from mesa.time import Schedule

from sim import flows
from sim.config import ScenarioConfig, VehicleSpec, apply_overrides, load_config
from sim.flows import group_rows
from sim.flows.demand import draw_parcels, draw_produce
from sim.flows.service_network import bus_lines, drone_villages, service_points
from sim.geography import Geography, build_county
from sim.kpis import DayLedger, day_row, equity_kpis, lead_time_histogram, model_reporters, run_summary, village_table
from sim.model.agents import BusLine, Client, CountyHub, Operator, TownshipStation, VillagePoint, Vehicle
from sim.model.timers import Timers

# Keyword arguments the model (and so SolaraViz / batch runs) can set directly, and the
# scenario key each one overrides.
MODEL_PARAMETERS = {
    "mode": "operations.mode",
    "backhaul": "operations.backhaul",
    "delivery_interval_days": "operations.delivery_interval_days",
    "door_threshold_parcels": "operations.door_threshold_parcels",
    "routing_solver": "operations.routing_solver",
    "parcels_per_resident_per_day": "demand.parcels_per_resident_per_day",
    "terrain": "geography.terrain",
    "n_townships": "geography.n_townships",
    "villages_per_township": "geography.villages_per_township",
}


class RuralLogisticsModel(mesa.Model):
    """County–township–village logistics with two-way flows under one operating mode.

    Args:
        scenario: a :class:`ScenarioConfig`, a path to a scenario TOML file, or ``None`` for
            the built-in default (joint distribution on a synthetic county).
        seed: overrides the scenario's seed (demand, pickups, the synthetic county).
        geography: a prebuilt :class:`Geography` (skips building it from the scenario).
        **parameters: any of :data:`MODEL_PARAMETERS` (``mode``, ``backhaul``, …).
    """

    def __init__(self, scenario: ScenarioConfig | str | Path | None = None, *, seed: int | None = None,
                 geography: Geography | None = None, **parameters: object) -> None:
        if not isinstance(scenario, ScenarioConfig):
            scenario = load_config(scenario)
        unknown = sorted(set(parameters) - set(MODEL_PARAMETERS))
        if unknown:
            raise TypeError(f"unknown model parameter(s) {unknown}; expected some of {sorted(MODEL_PARAMETERS)}")
        overrides = {MODEL_PARAMETERS[k]: v for k, v in parameters.items() if v is not None}
        if seed is not None:
            overrides["scenario.seed"] = int(seed)
        if overrides:
            scenario = apply_overrides(scenario, overrides)
        self.config = scenario
        self.seed = scenario.scenario.seed
        super().__init__(rng=self.seed)
        # Demand has a random stream of its own (common random numbers): the same seed
        # gives the same parcels and produce whatever the mode and levers, so scenario
        # differences are the policies', not the dice's. Operations draw from self.rng.
        self.demand_rng = np.random.default_rng(np.random.SeedSequence(self.seed).spawn(1)[0])
        self.timers = Timers()
        self.routing_stats = {"solved": 0, "repaired": 0, "cached": 0}

        geo = geography if geography is not None else build_county(scenario, self.seed)
        self.geography = geo
        self._place_facilities(geo)
        self._create_operators()
        self._fix_service_network()
        self.parcels = flows.FlowTable()
        self.produce = flows.FlowTable()
        self.start_date: date = self.config.scenario.start_date
        self.day = 0
        self.ledger = self._new_ledger()
        self._door_rows: list[np.ndarray] = []   # per day: which villages had a door delivery
        self.day_kpis: dict = {}                 # the last closed day's KPI row
        self.datacollector = mesa.DataCollector(model_reporters=model_reporters())
        self._created_today = 0

        self._schedule_the_day()
        self._begin_day()

    # ------------------------------------------------------------------ set-up
    def _place_facilities(self, geo: Geography) -> None:
        """The road graph as a Mesa network, and a fixed agent on each facility's node."""
        self.space = Network(geo.graph, layout=geo.layout(), random=self.random)
        self.facility_agents: list = [None] * geo.n_facilities
        self.hub = CountyHub(self, 0)
        self.facility_agents[0] = self.hub
        for t in geo.townships:
            self.facility_agents[int(t)] = TownshipStation(self, int(t))
        for v in geo.villages:
            self.facility_agents[int(v)] = VillagePoint(self, int(v))
        self.stations: list[TownshipStation] = [self.facility_agents[int(t)] for t in geo.townships]
        self._village0 = int(geo.villages[0]) if len(geo.villages) else geo.n_facilities

    def _create_operators(self) -> None:
        """One operator per brand (separate) or the joint company; who sorts how fast."""
        ops = self.config.operations
        policies = self.config.policies
        self.carrier_names = [c.name for c in self.config.carriers]
        self.market_shares = np.array([c.market_share for c in self.config.carriers])
        all_carriers = np.arange(len(self.carrier_names))
        auto = policies.auto_sorting
        if ops.mode == "joint":
            rate = auto.parcels_per_h if auto.enabled else ops.hub_sort_parcels_per_h
            self.operators = [Operator(self, "joint", all_carriers, rate)]
            self.produce_operator = self.operators[0]
        else:
            rate = auto.parcels_per_h if auto.enabled else ops.carrier_sort_parcels_per_h
            self.operators = [Operator(self, name, np.array([i]), rate) for i, name in enumerate(self.carrier_names)]
            self.produce_operator = self.operators[self.carrier_names.index(ops.produce_carrier)]
        # Whose parcels each operator takes on the village leg: its own, unless brands hand
        # theirs to a partner at the township (邮快合作).
        self.village_carriers = {op: op.carriers for op in self.operators}
        if policies.postal_express.enabled:
            partner = self.operators[self.carrier_names.index(policies.postal_express.partner)]
            self.village_carriers = {op: (all_carriers if op is partner else np.empty(0, np.int64))
                                     for op in self.operators}

    def _fix_service_network(self) -> None:
        """Service points, bus lines, drone villages and who the vans serve, fixed at start-up."""
        geo = self.geography
        ops = self.config.operations
        policies = self.config.policies
        all_carriers = np.arange(len(self.carrier_names))
        self.has_service_point = service_points(geo, ops.service_point_share)
        self.bus_lines = [BusLine(self, t, stops) for t, stops in bus_lines(geo, policies.bus, self.has_service_point)] \
            if policies.bus.enabled else []
        self.on_bus_line = np.zeros(geo.n_facilities, dtype=bool)
        for line in self.bus_lines:
            self.on_bus_line[line.stops] = True
        self.drone_served = drone_villages(geo, policies.drones, geo.terrain) & self.has_service_point \
            if policies.drones.enabled else np.zeros(geo.n_facilities, dtype=bool)
        # Vans skip villages without a service point and, in joint mode, those the bus serves.
        self.van_served = self.has_service_point & ~self.on_bus_line if ops.mode == "joint" else self.has_service_point.copy()
        self.bus_operator = Operator(self, "bus", all_carriers, np.inf)
        self.drone_operator = Operator(self, "drone", all_carriers, np.inf)
        self.bus_spec = VehicleSpec(capacity_kg=policies.bus.spare_capacity_kg, speed_factor=policies.bus.speed_factor,
                                    cost_per_km_yuan=0.0, fixed_cost_per_day_yuan=0.0, co2_kg_per_km=0.0)
        self.drone_spec = VehicleSpec(capacity_kg=policies.drones.payload_kg, cost_per_km_yuan=0.0,
                                      fixed_cost_per_day_yuan=0.0, co2_kg_per_km=0.0)
        for station in self.stations:
            station.van_villages = station.villages[self.van_served[station.villages]]
            station.point_villages = station.villages[self.has_service_point[station.villages]]
        self.village_cost_yuan = np.zeros(geo.n_facilities)
        self.drones_grounded = False

    def _schedule_the_day(self) -> None:
        """The day's recurring events, in hours after midnight."""
        ops = self.config.operations
        policies = self.config.policies
        self._schedule_daily(self._hub_arrival, self.config.demand.hub_arrival_hours)
        self._schedule_daily(self._produce_ready, [self.config.produce.ready_hour])
        self._schedule_daily(self._trunk_departure, ops.trunk_departure_hours)
        self._schedule_daily(self._village_departure, [ops.village_departure_hour])
        self._schedule_daily(self._villager_pickups, [self.config.costs.villager_pickup_hour])
        if self.bus_lines:
            self._schedule_daily(self._bus_departures, policies.bus.departure_hours)
        if self.drone_served.any():
            self._schedule_daily(self._drone_departures, policies.drones.departure_hours)
        self._schedule_daily(self.hub.ship_produce_out, [self.config.produce.hub_outbound_hour])

    # ------------------------------------------------------------------ clock
    @property
    def now_h(self) -> float:
        """Hours since the start of the run."""
        return self.time * 24.0

    @property
    def today(self) -> date:
        return self.start_date + timedelta(days=self.day)

    def _schedule_daily(self, callback, hours) -> None:
        for hour in hours:
            self.schedule_recurring(callback, Schedule(interval=1.0, start=hour / 24.0))

    def step(self) -> None:
        """Midnight (runs at the end of each day): close the day's KPIs, open the next."""
        self._close_day()
        self.day += 1
        self._begin_day()

    def _new_ledger(self) -> DayLedger:
        return DayLedger(self.config.costs, self.config.policies, int(self.has_service_point.sum()))

    def _begin_day(self) -> None:
        policies = self.config.policies
        self.ledger = self._new_ledger()
        if policies.cold_chain.enabled:
            self.ledger.facility_cost(policies.cold_chain.storage_cost_per_day_yuan * (1 + len(self.stations)))
        if policies.auto_sorting.enabled:
            self.ledger.facility_cost(policies.auto_sorting.cost_per_day_yuan)
        if self.drone_served.any():
            self.drones_grounded = bool(self.rng.random() < policies.drones.weather_downtime)
        self._door_rows.append(np.zeros(len(self.geography.villages), dtype=bool))
        self._created_today = 0
        self.parcels.compact()
        self.produce.compact()

    def _close_day(self) -> None:
        with self.timers.time("collection"):
            window = np.array(self._door_rows[-self.config.kpi.coverage_window_days:])
            coverage = float(window.any(axis=0).mean()) if window.shape[1] else float("nan")
            self.day_kpis = day_row(self.day, self.today.isoformat(), self.ledger, coverage, self.parcels,
                                    self.produce, self._created_today)
            self.datacollector.collect(self)

    # ------------------------------------------------------------------ running
    def run_days(self, days: int, progress: bool = False) -> pd.DataFrame:
        """Run ``days`` more days; returns the daily KPI table so far."""
        self._reserve_rows(days)
        bar = None
        if progress:
            from tqdm import tqdm
            bar = tqdm(total=days, unit="day", desc=self.config.scenario.name)
        for _ in range(days):
            with self.timers.time("run"):
                self.step()
            if bar is not None:
                bar.update(1)
        if bar is not None:
            bar.close()
        return self.daily_kpis()

    def _reserve_rows(self, days: int) -> None:
        """Size the parcel and produce tables for ``days`` more days up front.

        The estimate is the mean demand with room for the weekly and festival swings and
        growth (× ROW_RESERVE_FACTOR); if it falls short the tables still grow by doubling.
        """
        cfg = self.config
        geo = self.geography
        growth = (1.0 + max(cfg.demand.annual_growth, 0.0)) ** ((self.day + days) / 365.0)
        per_day = float(geo.population[geo.villages].sum()) * cfg.demand.parcels_per_resident_per_day
        self.parcels.reserve(int(ROW_RESERVE_FACTOR * growth * per_day * days))
        lots = sum(c.lots_per_village_per_day * ((c.last_month - c.first_month) % 12 + 1) / 12.0
                   for c in cfg.produce.crops)
        self.produce.reserve(int(ROW_RESERVE_FACTOR * lots * len(geo.villages) * days))

    def daily_kpis(self) -> pd.DataFrame:
        """The daily KPI table: one row per completed day, units in the column names."""
        return self.datacollector.get_model_vars_dataframe()

    def village_kpis(self) -> pd.DataFrame:
        """One row per village over the completed days (see :func:`sim.kpis.village_table`)."""
        prices = np.array([c.price_yuan_per_kg for c in self.config.produce.crops] or [0.0])
        return village_table(self.geography, self.parcels, self.produce, self.door_days(),
                             self.village_cost_yuan, prices)

    def lead_time_histogram(self) -> pd.DataFrame:
        """Delivered parcels per 2-hour lead-time bin (see :func:`sim.kpis.lead_time_histogram`)."""
        return lead_time_histogram(self.parcels)

    def summary(self) -> dict:
        """Run-level KPIs over the completed days (see :mod:`sim.kpis` for definitions)."""
        days = len(self.datacollector.model_vars["day"])
        out = run_summary(self.daily_kpis(), self.parcels, self.produce, self.door_days(),
                          self.config.kpi.coverage_window_days, self.seed, days)
        out.update(equity_kpis(self.village_kpis(), out["government_cost_yuan"]))
        out.update(scenario=self.config.scenario.name, mode=self.config.operations.mode,
                   backhaul=self.config.operations.backhaul, synthetic_roads=self.geography.synthetic_roads,
                   geography=self.geography.source, n_townships=len(self.geography.townships),
                   n_villages=len(self.geography.villages))
        run_s = self.timers.seconds.get("run", 0.0)
        for name, sec in sorted(self.timers.seconds.items()):
            out[f"time_{name}_s"] = sec
        out["routing_solves"] = self.routing_stats["solved"]
        out["routing_repairs"] = self.routing_stats["repaired"]
        out["routing_cache_hits"] = self.routing_stats["cached"]
        out["routing_time_share"] = self.timers.seconds.get("routing", 0.0) / run_s if run_s else float("nan")
        return out

    # ------------------------------------------------------------------ flows
    def _hub_arrival(self) -> None:
        """A linehaul from outside the county unloads the day's share of parcels at the hub."""
        hours = self.config.demand.hub_arrival_hours
        hour = self.now_h - 24.0 * self.day
        wave = int(np.argmin([abs(h - hour) for h in hours]))
        geo = self.geography
        demand = self.config.demand
        growth = (1.0 + demand.annual_growth) ** (self.day / 365.0)
        batch = draw_parcels(self.demand_rng, geo.villages, geo.population[geo.villages], self.market_shares,
                             self.today, demand, demand.hub_arrival_shares[wave], growth)
        n = len(batch.village)
        if n == 0:
            return
        order = self.demand_rng.permutation(n)   # trucks unload in no particular order
        rows = self.parcels.add(n, origin=0, dest=batch.village[order], carrier=batch.carrier[order],
                                kind=batch.kind[order], weight_kg=batch.weight_kg[order],
                                created_h=self.now_h, status=flows.WAITING, location=0, ready_h=np.inf)
        self._created_today += n
        self.hub.parcels_waiting += n
        carrier = self.parcels.carrier[rows]
        for op in self.operators:
            mine = rows[np.isin(carrier, op.carriers)]
            op.sort(mine)
        self.ledger.handling(n * self.config.costs.hub_handling_yuan_per_parcel)

    def _produce_ready(self) -> None:
        """Farmers bring the day's harvested lots to their village service point; where
        the village has none, one trip per village takes them to the township station."""
        geo = self.geography
        batch = draw_produce(self.demand_rng, geo.villages, self.today, self.config.produce)
        n = len(batch.village)
        if n == 0:
            return
        point = self.has_service_point[batch.village]
        location = np.where(point, batch.village, geo.township[batch.village])
        trip_km = geo.dist_km[batch.village, geo.township[batch.village]]
        costs = self.config.costs
        ready_h = self.now_h + np.where(point, 0.0, trip_km / costs.villager_speed_kmh)
        self.produce.add(n, origin=batch.village, dest=0, kind=batch.crop, weight_kg=batch.weight_kg,
                         created_h=self.now_h, expires_h=self.now_h + batch.shelf_life_h,
                         status=flows.WAITING, location=location, ready_h=ready_h)
        for f, k in zip(*np.unique(location, return_counts=True)):
            self.facility_agents[int(f)].produce_waiting += int(k)
        if not point.all():
            villages, first = np.unique(batch.village[~point], return_index=True)
            self.ledger.villager_trips_made(len(villages), float(2.0 * trip_km[~point][first].sum()))

    def spoil_expired(self, now_h: float, rows: np.ndarray | None = None) -> None:
        """Lots WAITING past their expiry spoil where they are (counted, with their time)."""
        produce = self.produce
        rows = produce.active if rows is None else rows
        mask = (produce.status[rows] == flows.WAITING) & (produce.expires_h[rows] <= now_h)
        spoiled = rows[mask]
        if not len(spoiled):
            return
        produce.set(spoiled, status=flows.SPOILED, done_h=produce.expires_h[spoiled])
        for f, k in zip(*np.unique(produce.location[spoiled], return_counts=True)):
            self.facility_agents[int(f)].produce_waiting -= int(k)
        self.ledger.produce_spoiled(spoiled, produce)

    def mark_door_visit(self, village: int) -> None:
        self._door_rows[-1][village - self._village0] = True

    def door_days(self) -> np.ndarray:
        """(completed days, villages) booleans: a door delivery that day."""
        days = len(self.datacollector.model_vars["day"])
        return np.array(self._door_rows[:days]) if days else np.zeros((0, len(self.geography.villages)), bool)

    # ------------------------------------------------------------------ dispatching
    def _trunk_departure(self) -> None:
        """Trucks leave the hub for the townships (and bring produce back on backhaul)."""
        ops = self.config.operations
        geo = self.geography
        now_h = self.now_h
        self.spoil_expired(now_h)
        at_hub = self.parcels.waiting_at(np.array([0]), now_h)
        township_of = geo.township[self.parcels.dest[at_hub]]
        backhaul_rows = np.empty(0, np.int64)
        if ops.backhaul:
            backhaul_rows = self.produce.waiting_at(geo.townships, now_h)
        board_by_town = group_rows(backhaul_rows, self.produce.location[backhaul_rows])
        for op in self.operators:
            mine = np.isin(self.parcels.carrier[at_hub], op.carriers)
            drop_by_town = group_rows(at_hub[mine], township_of[mine])
            board = board_by_town if op is self.produce_operator else {}
            clients = [Client(t, drop_by_town.get(t, _EMPTY), board.get(t, _EMPTY)) for t in geo.townships.tolist()]
            op.run_tours(0, ops.trunk_vehicle, clients)
        if not ops.backhaul:
            self._dedicated_produce_trips(0, geo.townships, ops.trunk_vehicle)

    def _village_departure(self) -> None:
        """Village rounds leave each township station (door delivery, backhaul pickup)."""
        ops = self.config.operations
        geo = self.geography
        now_h = self.now_h
        self.spoil_expired(now_h)
        at_towns = self.parcels.waiting_at(geo.townships, now_h)
        by_town = group_rows(at_towns, self.parcels.location[at_towns])
        service_day = self.day % ops.delivery_interval_days == 0
        produce_rows = self.produce.waiting_at(geo.villages, now_h) if ops.backhaul and service_day else _EMPTY
        produce_by_village = group_rows(produce_rows, self.produce.location[produce_rows])
        for station in self.stations:
            rows = by_town.get(station.index, _EMPTY)
            rows = rows[self.van_served[self.parcels.dest[rows]]]
            board = {v: produce_by_village[v] for v in station.villages.tolist() if v in produce_by_village}
            for op in self.operators:
                mine = rows[np.isin(self.parcels.carrier[rows], self.village_carriers[op])]
                by_village = group_rows(mine, self.parcels.dest[mine])
                # Every village the vans serve is a stop of the (cached) plan; villages with
                # nothing today are driven past.
                if ops.mode == "joint":
                    if not service_day:
                        continue
                    mine_board = board if op is self.produce_operator else {}
                    clients = [Client(v, by_village.get(v, _EMPTY), mine_board.get(v, _EMPTY))
                               for v in station.van_villages.tolist()]
                else:
                    clients = [Client(v, r if len(r := by_village.get(v, _EMPTY)) >= ops.door_threshold_parcels
                                      else _EMPTY, _EMPTY) for v in station.van_villages.tolist()]
                dropped = sum(len(c.drop) for c in clients)
                self.ledger.handling(dropped * self.config.costs.station_handling_yuan_per_parcel)
                op.run_tours(station.index, ops.village_vehicle, clients)
            if not ops.backhaul:
                self._dedicated_produce_trips(station.index, station.point_villages, ops.village_vehicle)

    def _dedicated_produce_trips(self, base: int, sources: np.ndarray, kind: str) -> None:
        """Without backhaul, produce rides trips of its own from ``base`` over ``sources``.

        A trip leaves when the produce waiting at the sources fills the set share of a
        vehicle, or when the oldest lot has waited the set maximum.
        """
        ops = self.config.operations
        now_h = self.now_h
        rows = self.produce.waiting_at(sources, now_h)
        if not len(rows):
            return
        capacity = self.config.vehicles[kind].capacity_kg
        weight = self.produce.weight_kg[rows].sum()
        oldest_h = now_h - self.produce.created_h[rows].min()
        if weight < ops.produce_trip_min_load_share * capacity and oldest_h < ops.produce_trip_max_wait_h:
            return
        by_source = group_rows(rows, self.produce.location[rows])
        clients = [Client(s, _EMPTY, by_source.get(s, _EMPTY)) for s in sources.tolist()]
        self.produce_operator.run_tours(base, kind, clients)

    def _villager_pickups(self) -> None:
        """Evening at the stations: crowdsourced couriers, then villagers fetching parcels.

        Villagers fetch parcels the vans will not bring: every parcel in separate mode,
        and in joint mode those for villages without a service point.
        """
        ops = self.config.operations
        crowd = self.config.policies.crowdsourcing
        at_towns = self.parcels.waiting_at(self.geography.townships, self.now_h)
        by_town = group_rows(at_towns, self.parcels.location[at_towns])
        availability = crowd.availability_harvest if self.today.month in self.config.produce.harvest_months \
            else crowd.availability
        handling = self.config.costs.station_handling_yuan_per_parcel
        for station in self.stations:
            rows = by_town.get(station.index, _EMPTY)
            n_before = station.parcels_waiting
            if crowd.enabled:
                rows = station.hand_to_crowd(rows, availability)
            if ops.mode == "joint":
                rows = rows[~self.has_service_point[self.parcels.dest[rows]]]
            station.release_to_villagers(rows)
            self.ledger.handling((n_before - station.parcels_waiting) * handling)

    def _bus_departures(self) -> None:
        """Timetabled rural buses leave the township stations."""
        at_towns = self.parcels.waiting_at(self.geography.townships, self.now_h)
        at_towns = at_towns[self.on_bus_line[self.parcels.dest[at_towns]]]
        by_town = group_rows(at_towns, self.parcels.location[at_towns])
        self.spoil_expired(self.now_h)
        lots = self.produce.waiting_at(self.geography.villages[self.on_bus_line[self.geography.villages]], self.now_h)
        lots_by_town = group_rows(lots, self.geography.township[self.produce.location[lots]])
        handling = self.config.costs.station_handling_yuan_per_parcel
        for line in self.bus_lines:
            station = self.facility_agents[line.township]
            n_before = station.parcels_waiting
            line.depart(by_town.get(line.township, _EMPTY), lots_by_town.get(line.township, _EMPTY))
            self.ledger.handling((n_before - station.parcels_waiting) * handling)

    def _drone_departures(self) -> None:
        """Drone flights leave the township stations for remote villages (not in bad weather)."""
        if self.drones_grounded:
            return
        at_towns = self.parcels.waiting_at(self.geography.townships, self.now_h)
        at_towns = at_towns[self.drone_served[self.parcels.dest[at_towns]]]
        by_town = group_rows(at_towns, self.parcels.location[at_towns])
        handling = self.config.costs.station_handling_yuan_per_parcel
        for station in self.stations:
            rows = by_town.get(station.index, _EMPTY)
            if len(rows):
                n_before = station.parcels_waiting
                station.fly_drones(rows)
                self.ledger.handling((n_before - station.parcels_waiting) * handling)

    # ------------------------------------------------------------------ checks
    def conservation(self) -> dict[str, int]:
        """Counts that must balance: by status in the tables, at facilities, in vehicles."""
        pc = self.parcels.counts()
        qc = self.produce.counts()
        vehicles = self.agents_by_type.get(Vehicle)
        facilities = [a for a in self.facility_agents]
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


_EMPTY = np.empty(0, dtype=np.int64)
# Head-room when sizing the flow tables for a run: the weekly pattern and festivals lift
# some days well above the mean, but the year's total stays within ≈ 5 % of it.
ROW_RESERVE_FACTOR = 1.15
