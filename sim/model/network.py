"""Setting up the county's logistics network at start-up: facility agents on their cells,
operators (brands or the joint company, and the lever fleets), and which villages get
which service (service points, rural bus lines, drones, vans).

Pure set-up: functions of the model's geography and config that return agents and
arrays; nothing here runs during the simulation.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

import numpy as np

from sim.config import VehicleSpec
from sim.flows.service_network import bus_lines, drone_villages
from sim.kpis import Ledger
from sim.model.facilities import CountyHub, Facility, TownshipStation, VillagePoint
from sim.model.operators import Operator
from sim.model.plans import RoutePlanner
from sim.model.vehicles import BusLine

if TYPE_CHECKING:
    from sim.model.model import RuralLogisticsModel


def place_facilities(model: "RuralLogisticsModel", ledger: Ledger) -> list[Facility]:
    """A fixed agent on each facility's cell, indexed like the geography arrays."""
    geo = model.geography
    agents: list = [None] * geo.n_facilities
    agents[geo.hub] = CountyHub(model, geo.hub, ledger)
    for t in geo.townships:
        agents[int(t)] = TownshipStation(model, int(t), ledger)
    for v in geo.villages:
        agents[int(v)] = VillagePoint(model, int(v), ledger)
    return agents


@dataclass
class Operators:
    """Who runs what.

    ``fleet`` are the operators of trucks and vans: the joint company, or one per brand;
    ``produce`` collects produce; ``village_carriers`` says whose parcels each of them takes
    on the village leg; ``bus`` and ``drone`` own the lever fleets, whose vehicles have the
    specs ``bus_spec`` and ``drone_spec``.
    """

    fleet: list[Operator]
    produce: Operator
    village_carriers: dict[Operator, np.ndarray]
    bus: Operator
    drone: Operator
    bus_spec: VehicleSpec
    drone_spec: VehicleSpec

    @property
    def all(self) -> list[Operator]:
        """Every operator: the fleet operators, then the bus and drone fleets' owners."""
        return [*self.fleet, self.bus, self.drone]


def create_operators(model: "RuralLogisticsModel", ledger: Ledger) -> Operators:
    """One operator per brand (separate) or the joint company, with its sorting throughput;
    then the owners of the bus and drone fleets."""
    config = model.config
    ops = config.operations
    policies = config.policies
    names = [c.name for c in config.carriers]
    all_carriers = np.arange(len(names))

    def operator(name: str, carriers: np.ndarray, rate: float, fleet_cost: str = "fleet") -> Operator:
        planner = RoutePlanner(solver=ops.routing_solver, time_limit_s=ops.routing_time_limit_s,
                               max_iterations=ops.routing_max_iterations, seed=config.scenario.seed,
                               headroom=ops.route_plan_headroom, timed=partial(model.timers.time, "routing"))
        return Operator(model, name, carriers, rate, ledger, planner, fleet_cost)

    auto = policies.auto_sorting
    if ops.mode == "joint":
        rate = auto.parcels_per_h if auto.enabled else ops.hub_sort_parcels_per_h
        fleet = [operator("joint", all_carriers, rate)]
        village_carriers = {fleet[0]: all_carriers}
        produce = fleet[0]
    else:
        rate = auto.parcels_per_h if auto.enabled else ops.carrier_sort_parcels_per_h
        fleet, village_carriers = _brand_operators(names, policies, rate, operator)
        produce_carrier = names.index(ops.produce_carrier)
        produce = next(op for op in fleet if produce_carrier in village_carriers[op])
    # Brands may hand their village parcels to a partner at the township (邮快合作).
    if policies.postal_express.enabled:
        partner = fleet[names.index(policies.postal_express.partner)]
        village_carriers = {op: (all_carriers if op is partner else np.empty(0, np.int64)) for op in fleet}
        produce = partner
    return Operators(
        fleet=fleet, produce=produce, village_carriers=village_carriers,
        bus=operator("bus", all_carriers, np.inf, "none"), drone=operator("drone", all_carriers, np.inf, "drone"),
        bus_spec=VehicleSpec(capacity_kg=policies.bus.spare_capacity_kg, speed_factor=policies.bus.speed_factor,
                             cost_per_km_yuan=0.0, fixed_cost_per_day_yuan=0.0, co2_kg_per_km=0.0),
        drone_spec=VehicleSpec(capacity_kg=policies.drones.payload_kg, cost_per_km_yuan=0.0,
                               fixed_cost_per_day_yuan=policies.drones.fixed_cost_per_day_yuan, co2_kg_per_km=0.0))


def _brand_operators(names: list[str], policies, rate: float, operator) -> tuple[list[Operator], dict]:
    """Separate mode: one operator per brand, or per carpooling group (拼车) for the legs the
    group shares; a group's hub sorting pools its brands' lines. Returns the operators and
    whose parcels each takes on the village leg."""
    carpool = policies.carpooling
    groups = [tuple(names.index(b) for b in g) for g in carpool.groups] if carpool.enabled else []
    in_group = {i for g in groups for i in g}
    alone = [(i,) for i in range(len(names)) if i not in in_group]
    each = [(i,) for g in groups for i in g]
    trunk_sets = (groups if carpool.share_trunk else each) + alone
    round_sets = (groups if carpool.share_rounds else each) + alone
    fleet, village_carriers = [], {}
    for members in dict.fromkeys(trunk_sets + round_sets):          # in order, once each
        trunk = np.array(members if members in trunk_sets else (), np.int64)
        op = operator("+".join(names[i] for i in members), trunk, rate * len(members))
        fleet.append(op)
        village_carriers[op] = np.array(members if members in round_sets else (), np.int64)
    return fleet, village_carriers


@dataclass
class ServiceNetwork:
    """Which villages get which service, fixed at start-up (booleans over facilities)."""

    has_service_point: np.ndarray   # village service point (村级服务点): door delivery, produce collection
    has_locker: np.ndarray          # a parcel locker bank instead (lockers lever, at villages)
    on_bus_line: np.ndarray         # on a rural bus line (客货邮融合)
    drone_served: np.ndarray        # reached by drone from its township
    van_served: np.ndarray          # on the vans' rounds
    bus_lines: list[BusLine]

    is_village: np.ndarray          # the facility is a village

    @property
    def drop_point(self) -> np.ndarray:
        """Villages where parcels can be left: a service point or a locker."""
        return self.has_service_point | self.has_locker

    @property
    def lockers(self) -> int:
        """Locker banks at villages."""
        return int(self.has_locker.sum())


def fix_service_network(model: "RuralLogisticsModel", has_service_point: np.ndarray, operators: Operators,
                        stations: list[TownshipStation], ledger: Ledger) -> ServiceNetwork:
    """Bus lines, drone villages and the villages the vans serve, given the service points;
    narrows each station's ``van_villages`` and ``point_villages``."""
    geo = model.geography
    ops = model.config.operations
    policies = model.config.policies
    lines = [BusLine(model, t, stops, operators.bus, operators.bus_spec, ledger)
             for t, stops in bus_lines(geo, policies.bus, has_service_point)] if policies.bus.enabled else []
    on_bus_line = np.zeros(geo.n_facilities, dtype=bool)
    for line in lines:
        on_bus_line[line.stops] = True
    drone_served = drone_villages(geo, policies.drones, geo.terrain) & has_service_point \
        if policies.drones.enabled else np.zeros(geo.n_facilities, dtype=bool)
    lockers = policies.lockers
    has_locker = np.zeros(geo.n_facilities, dtype=bool)
    if lockers.enabled and lockers.at == "villages":
        has_locker[geo.villages] = ~has_service_point[geo.villages]
    # Vans skip villages with neither a service point nor a locker, those the drones serve
    # and, in joint mode, those the bus serves.
    van_served = (has_service_point | has_locker) & ~drone_served
    if ops.mode == "joint":
        van_served &= ~on_bus_line
    for station in stations:
        station.van_villages = station.villages[van_served[station.villages]]
        station.point_villages = station.villages[has_service_point[station.villages]]
    is_village = np.zeros(geo.n_facilities, dtype=bool)
    is_village[geo.villages] = True
    return ServiceNetwork(has_service_point=has_service_point, has_locker=has_locker, on_bus_line=on_bus_line,
                          drone_served=drone_served, van_served=van_served, bus_lines=lines, is_village=is_village)
