"""The day's dispatch rules: what happens at each of the day's events, in the order they run.

- hub arrival waves: a linehaul unloads the day's share of parcels at the county hub and
  each operator queues its own on its sorting line;
- produce ready: farmers bring the day's lots to their village service point (or to the
  township station where the village has none): :meth:`sim.model.upstream.Upstream.harvest`;
- trunk departures: trucks leave the hub for the townships (produce back on backhaul;
  without backhaul, produce trips of their own collect it in the afternoon);
- village departures: rounds leave each township station (door delivery; produce
  pickup on backhaul, or produce trips of their own without it);
- bus and drone departures (levers), then in the evening crowdsourced couriers and
  villagers fetching parcels at the stations.

The model schedules these methods as recurring events (bound methods of one
:class:`Dispatch` it holds); the outbound linehaul is the hub's own behaviour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import flows
from sim.flows import group_rows
from sim.flows.demand import draw_parcels
from sim.model.loads import NO_ROWS, Visit
from sim.model.warehouses import not_at_warehouses

if TYPE_CHECKING:
    from sim.model.model import RuralLogisticsModel

HOURS_PER_DAY = 24.0


class Dispatch:
    """The dispatch rules of one model run (see the module docstring)."""

    def __init__(self, model: "RuralLogisticsModel") -> None:
        self.model = model
        self.drones_grounded = False

    def open_day(self) -> None:
        """Morning draws: are the drones grounded by the weather today?"""
        model = self.model
        if model.network.drone_served.any():
            self.drones_grounded = bool(model.rng.random() < model.config.policies.drones.weather_downtime)

    # ------------------------------------------------------------------ arrivals
    def hub_arrival(self) -> None:
        """A linehaul from outside the county unloads the day's share of parcels at the hub."""
        model = self.model
        hours = model.config.demand.hub_arrival_hours
        hour = model.now_h - 24.0 * model.day
        wave = int(np.argmin([abs(h - hour) for h in hours]))
        geo = model.geography
        demand = model.config.demand
        growth = (1.0 + demand.annual_growth) ** (model.day / 365.0)
        batch = draw_parcels(model.demand_rng, geo.villages, geo.population[geo.villages], model.market_shares,
                             model.today, demand, demand.hub_arrival_shares[wave], growth)
        n = len(batch.village)
        if n == 0:
            return
        order = model.demand_rng.permutation(n)   # trucks unload in no particular order
        rows = model.parcels.add(n, origin=geo.hub, dest=batch.village[order], carrier=batch.carrier[order],
                                 product=batch.product[order], weight_kg=batch.weight_kg[order],
                                 volume_m3=batch.volume_m3[order],
                                 created_h=model.now_h, status=flows.WAITING, location=geo.hub, ready_h=np.inf)
        model.ledger.parcels_arrived(n)
        model.crates.parcels_arrived(n)
        model.hub.add_parcels(n)
        carrier = model.parcels.carrier[rows]
        for op in model.operators.fleet:
            mine = rows[np.isin(carrier, op.carriers)]
            op.sort(mine)
        model.ledger.hub_handling(n)

    # ------------------------------------------------------------------ trucks and vans
    def trunk_departure(self) -> None:
        """Trucks leave the hub for the townships (and bring produce back on backhaul)."""
        model = self.model
        ops = model.config.operations
        geo = model.geography
        parcels, produce = model.parcels, model.produce
        now_h = model.now_h
        model.upstream.spoil_expired(now_h)
        at_hub = parcels.waiting_at(np.array([geo.hub]), now_h)
        township_of = geo.township[parcels.dest[at_hub]]
        backhaul_rows = np.empty(0, np.int64)
        if ops.backhaul:
            backhaul_rows = not_at_warehouses(model, produce.waiting_at(geo.townships, now_h))
        board_by_town = group_rows(backhaul_rows, produce.location[backhaul_rows])
        for op in model.operators.fleet:
            board = board_by_town if op is model.operators.produce else {}
            if not len(op.carriers) and not board:
                continue                                   # a brand whose trucks a carpool runs
            mine = np.isin(parcels.carrier[at_hub], op.carriers)
            drop_by_town = group_rows(at_hub[mine], township_of[mine])
            visits = [Visit(t, drop_by_town.get(t, NO_ROWS), board.get(t, NO_ROWS)) for t in geo.townships.tolist()]
            self._run(op, geo.hub, ops.trunk_vehicle, visits)

    def produce_collection(self) -> None:
        """Without backhaul: a produce trip from the hub collects the lots waiting at the
        township stations (when the trip rule says so)."""
        model = self.model
        townships = model.geography.townships
        self._produce_trips(model.geography.hub, townships[~model.warehouses.is_site[townships]],
                            model.config.operations.trunk_vehicle)

    def village_departure(self) -> None:
        """Village rounds leave each township station (door delivery, backhaul pickup)."""
        model = self.model
        ops = model.config.operations
        geo = model.geography
        parcels, produce = model.parcels, model.produce
        now_h = model.now_h
        model.upstream.spoil_expired(now_h)
        at_towns = parcels.waiting_at(geo.townships, now_h)
        by_town = group_rows(at_towns, parcels.location[at_towns])
        service_day = model.day % ops.delivery_interval_days == 0
        if service_day:                   # for coverage: these villages are due a door delivery today
            model.ledger.due(np.unique(parcels.dest[at_towns]))
        produce_rows = produce.waiting_at(geo.villages, now_h) if ops.backhaul and service_day else NO_ROWS
        produce_by_village = group_rows(produce_rows, produce.location[produce_rows])
        van_served = model.network.van_served
        for station in model.stations:
            rows = by_town.get(station.index, NO_ROWS)
            rows = rows[van_served[parcels.dest[rows]]]
            if ops.mode == "joint" and not service_day:
                rows = NO_ROWS
            rows = station.within_room(rows, count_backlog=True)
            rows = self._within_lockers(rows)
            board = {v: produce_by_village[v] for v in station.villages.tolist() if v in produce_by_village}
            for op in model.operators.fleet:
                carriers = model.operators.village_carriers[op]
                if not len(carriers):
                    continue                               # no outlet of its own at the townships
                mine = rows[np.isin(parcels.carrier[rows], carriers)]
                by_village = group_rows(mine, parcels.dest[mine])
                # Every village the vans serve is a stop of the (kept) plan; villages with
                # nothing today are driven past.
                if ops.mode == "joint":
                    if not service_day:
                        continue
                    mine_board = board if op is model.operators.produce else {}
                    visits = [Visit(v, by_village.get(v, NO_ROWS), mine_board.get(v, NO_ROWS))
                              for v in station.van_villages.tolist()]
                else:
                    visits = [Visit(v, r if len(r := by_village.get(v, NO_ROWS)) and
                                    self._brand_serves(station.index, v, r) else NO_ROWS, NO_ROWS)
                              for v in station.van_villages.tolist()]
                dropped = np.concatenate([c.drop for c in visits]) if visits else NO_ROWS
                model.ledger.station_handling(len(dropped))
                if ops.mode == "separate" and model.config.policies.postal_express.enabled:
                    model.ledger.postal_handover(int(np.count_nonzero(~np.isin(parcels.carrier[dropped], op.carriers))))
                self._run(op, station.index, model.config.round_vehicle, visits)
            if not ops.backhaul:
                self._produce_trips(station.index, station.point_villages, model.config.round_vehicle)

    def _within_lockers(self, rows: np.ndarray) -> np.ndarray:
        """Of parcels ``rows`` bound for villages, those the villages' lockers have room for
        today (oldest first); the rest wait at the station for the next round."""
        model = self.model
        network = model.network
        parcels = model.parcels
        if not network.lockers or not len(rows):
            return rows
        rows = rows[np.lexsort((rows, parcels.created_h[rows], parcels.dest[rows]))]
        dest = parcels.dest[rows]
        _, first = np.unique(dest, return_index=True)
        rank = np.arange(len(rows)) - np.repeat(first, np.diff(np.append(first, len(rows))))
        keep = ~network.has_locker[dest] | (rank < model.config.policies.lockers.compartments)
        return np.sort(rows[keep])

    def _brand_serves(self, station: int, village: int, rows: np.ndarray) -> bool:
        """Separate mode: does a brand's outlet send its van to ``village`` for the parcels
        ``rows`` today (``operations.separate_delivery_rule``, see defaults)?"""
        model = self.model
        ops = model.config.operations
        if ops.separate_delivery_rule == "threshold":
            return len(rows) >= ops.door_threshold_parcels
        if ops.separate_delivery_rule == "fixed_days":
            return model.today.weekday() in ops.separate_delivery_weekdays
        vehicle = model.config.vehicles[model.config.round_vehicle]
        geo = model.geography
        hours = (geo.time_h[station, village] + geo.time_h[village, station]) / vehicle.speed_factor + ops.stop_service_h
        trip_yuan = (2.0 * geo.dist_km[station, village] * vehicle.cost_per_km_yuan
                     + hours * vehicle.fixed_cost_per_day_yuan / ops.shift_h)
        return len(rows) * ops.separate_fee_yuan_per_parcel >= trip_yuan

    def _produce_trips(self, base: int, sources: np.ndarray, vehicle_name: str) -> None:
        """Without backhaul, produce rides trips of its own from ``base`` over ``sources``.

        A trip leaves when the produce waiting at the sources fills the set share of a
        vehicle, when the oldest lot has waited the set maximum, or when a lot would be
        lost before the same time tomorrow.
        """
        model = self.model
        ops = model.config.operations
        produce = model.produce
        now_h = model.now_h
        rows = produce.waiting_at(sources, now_h)
        if not len(rows):
            return
        capacity = model.config.vehicles[vehicle_name].capacity_kg
        weight = produce.weight_kg[rows].sum()
        oldest_h = now_h - produce.created_h[rows].min()
        soonest_lost_h = produce.expires_h[rows].min() - now_h
        if (weight < ops.produce_trip_min_load_share * capacity and oldest_h < ops.produce_trip_max_wait_h
                and soonest_lost_h >= HOURS_PER_DAY):
            return
        by_source = group_rows(rows, produce.location[rows])
        visits = [Visit(s, NO_ROWS, by_source.get(s, NO_ROWS)) for s in sources.tolist()]
        self._run(model.operators.produce, base, vehicle_name, visits, produce_only=True)

    def _run(self, op, base: int, vehicle_name: str, visits: list[Visit], produce_only: bool = False) -> None:
        """``op`` runs its tours over ``visits``; the operator of the produce collection (who
        runs the crate pool) takes the empty crates and boxes along where it stops anyway."""
        model = self.model
        if op is model.operators.produce and model.crates.on:
            from_hub = base == model.geography.hub
            visits = model.crates.with_empties(visits, from_hub)
            op.run_tours(base, vehicle_name, visits, produce_only=produce_only)
            model.crates.carried(visits, from_hub)
        else:
            op.run_tours(base, vehicle_name, visits, produce_only=produce_only)

    # ------------------------------------------------------------------ the last mile
    def villager_pickups(self) -> None:
        """Evening at the stations: crowdsourced couriers, then villagers fetching parcels.

        Villagers fetch parcels the vans will not bring: every parcel in separate mode,
        and in joint mode those for villages without a service point and, in drone
        villages, those too heavy to fly.
        """
        model = self.model
        ops = model.config.operations
        crowd = model.config.policies.crowdsourcing
        parcels = model.parcels
        at_towns = parcels.waiting_at(model.geography.townships, model.now_h)
        by_town = group_rows(at_towns, parcels.location[at_towns])
        availability = crowd.availability_harvest if model.today.month in model.config.produce.harvest_months \
            else crowd.availability
        network = model.network
        payload = model.config.policies.drones.payload_kg
        for station in model.stations:
            rows = by_town.get(station.index, NO_ROWS)
            n_before = station.parcels_waiting
            if crowd.enabled:
                rows = station.hand_to_crowd(rows, availability)
            if ops.mode == "joint":
                dest = parcels.dest[rows]
                rows = rows[~network.drop_point[dest]
                            | (network.drone_served[dest] & (parcels.weight_kg[rows] > payload))]
            station.release_to_villagers(rows)
            model.ledger.station_handling(n_before - station.parcels_waiting)

    def bus_departures(self) -> None:
        """Timetabled rural buses leave the township stations."""
        model = self.model
        geo = model.geography
        on_line = model.network.on_bus_line
        at_towns = model.parcels.waiting_at(geo.townships, model.now_h)
        at_towns = at_towns[on_line[model.parcels.dest[at_towns]]]
        by_town = group_rows(at_towns, model.parcels.location[at_towns])
        model.upstream.spoil_expired(model.now_h)
        lots = model.produce.waiting_at(geo.villages[on_line[geo.villages]], model.now_h)
        lots_by_town = group_rows(lots, geo.township[model.produce.location[lots]])
        for line in model.network.bus_lines:
            station = model.facility_agents[line.township]
            n_before = station.parcels_waiting
            line.depart(station.within_room(by_town.get(line.township, NO_ROWS)),
                        lots_by_town.get(line.township, NO_ROWS))
            model.ledger.station_handling(n_before - station.parcels_waiting)

    def drone_departures(self) -> None:
        """Drone flights leave the township stations for remote villages (not in bad weather)."""
        if self.drones_grounded:
            return
        model = self.model
        at_towns = model.parcels.waiting_at(model.geography.townships, model.now_h)
        at_towns = at_towns[model.network.drone_served[model.parcels.dest[at_towns]]]
        by_town = group_rows(at_towns, model.parcels.location[at_towns])
        for station in model.stations:
            rows = station.within_room(by_town.get(station.index, NO_ROWS))
            if len(rows):
                n_before = station.parcels_waiting
                station.fly_drones(rows, model.operators.drone, model.operators.drone_spec)
                model.ledger.station_handling(n_before - station.parcels_waiting)
