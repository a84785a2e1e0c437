"""Checks before a run starts, so that a run that cannot finish stops in a second with one
line saying what to change, not after an hour with a traceback.

- :func:`check_memory`: the memory the run will need (flow tables for every parcel and
  lot, travel matrices) against what the machine has free.
- :func:`check_vehicles`: the trunk and village vehicles can carry a heavy parcel and a
  heavy produce lot (one in a thousand).
- :func:`check_reach`: every township and every van-served village can be reached and left
  again within a shift.

Each raises :class:`~sim.config.ScenarioError` naming the scenario key to change.
"""

from __future__ import annotations

import os

import numpy as np
from scipy.special import gammaincinv

from sim.config import ScenarioConfig, ScenarioError, defaults
from sim.flows.demand import mean_growth_factor
from sim.flows.table import COLUMNS
from sim.geography import Geography

# Bytes a flow-table row takes, and the head-room for the tables' growth and the
# temporaries of the daily bookkeeping and the summary (measured: a county-year of 2 M
# parcels peaks at ≈ 390 MB, of which ≈ 170 MB are the interpreter, Mesa and the libraries).
ROW_BYTES = sum(dtype.itemsize for dtype, _ in COLUMNS.values())
ROW_OVERHEAD_FACTOR = 2.5
BASE_BYTES = 300 * 2**20
# Share of the machine's free memory a run may plan to use.
MEMORY_SHARE = 0.8
# A vehicle must carry the parcel (or lot) that only one in this many outweighs.
HEAVY_QUANTILE = 0.999


def available_memory_bytes() -> int:
    """Free memory of this machine now (``MemAvailable`` on Linux; total RAM elsewhere)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def expected_rows(config: ScenarioConfig, n_villages: int, population: float) -> tuple[float, float]:
    """Expected parcel and produce-lot rows of the whole run (before the reserve head-room)."""
    days = config.scenario.days
    growth = mean_growth_factor(config.demand.annual_growth, 0.0, days / 365.0)
    parcels = population * config.demand.parcels_per_resident_per_day * days * growth
    lots = sum(c.lots_per_village_per_day * ((c.last_month - c.first_month) % 12 + 1) / 12.0
               for c in config.produce.crops) * n_villages * days
    return parcels, lots


def check_memory(config: ScenarioConfig, n_facilities: int, n_villages: int, population: float) -> None:
    """Refuse a run whose tables and matrices would not fit in the machine's free memory."""
    parcels, lots = expected_rows(config, n_villages, population)
    rows_b = (parcels + lots) * ROW_BYTES * ROW_OVERHEAD_FACTOR
    matrices_b = 2 * 8.0 * n_facilities ** 2
    need = BASE_BYTES + rows_b + matrices_b
    have = available_memory_bytes()
    if need <= MEMORY_SHARE * have:
        return
    if rows_b >= matrices_b:
        why = (f"{parcels:,.0f} parcels and {lots:,.0f} produce lots over {config.scenario.days} days")
        change = ("fewer days (scenario.days), less demand (demand.parcels_per_resident_per_day, "
                  "demand.annual_growth, geography.population_per_village) or fewer villages")
        key = "scenario.days"
    else:
        why = f"travel matrices between {n_facilities:,} facilities"
        change = "fewer villages (geography.villages_per_township, geography.n_townships or the facility table)"
        key = "geography"
    raise ScenarioError(f"{config.where}: {key}: this run needs about {need / 2**30:,.1f} GiB of memory "
                        f"({why}), more than the {MEMORY_SHARE * have / 2**30:,.1f} GiB it may use here; "
                        f"expected {change}")


def _heavy_kg(mean_kg: float, shape: float) -> float:
    return float(gammaincinv(shape, HEAVY_QUANTILE) * mean_kg / shape)   # the gamma quantile


def check_vehicles(config: ScenarioConfig) -> None:
    """Refuse trunk or village vehicles too small for a heavy parcel or produce lot."""
    demand = config.demand
    ops = config.operations
    parcel_kg = [demand.consumer_parcel_kg]
    if max(demand.farm_input_share, demand.farm_input_share_spring) > 0:
        parcel_kg.append(demand.farm_input_parcel_kg)
    heavy_parcel = _heavy_kg(max(parcel_kg), defaults.PARCEL_WEIGHT_GAMMA_SHAPE)
    lot_kg = [c.kg_per_lot for c in config.produce.crops if c.lots_per_village_per_day > 0]
    heavy_lot = _heavy_kg(max(lot_kg), defaults.LOT_WEIGHT_GAMMA_SHAPE) if lot_kg else 0.0
    round_key = "village_vehicle" if ops.mode == "joint" else "separate_village_vehicle"
    for role in ("trunk_vehicle", round_key):
        name = getattr(ops, role)
        capacity = config.vehicles[name].capacity_kg
        for what, kg in (("parcel", heavy_parcel), ("produce lot", heavy_lot)):
            if capacity < kg:
                raise ScenarioError(
                    f"{config.where}: vehicles.{name}.capacity_kg: expected at least {kg:,.1f} kg "
                    f"(one {what} in {1 / (1 - HEAVY_QUANTILE):,.0f} weighs more, and the {name} is the "
                    f"operations.{role}), got {capacity:g}")


def check_reach(config: ScenarioConfig, geo: Geography, van_served: np.ndarray) -> None:
    """Refuse a county where a truck cannot reach a township, or a van a village it serves,
    and be back within one shift (``operations.shift_h``)."""
    ops = config.operations
    shift = ops.shift_h
    round_key = "village_vehicle" if ops.mode == "joint" else "separate_village_vehicle"
    legs = (("trunk_vehicle", np.full(len(geo.townships), geo.hub), geo.townships),
            (round_key, geo.township[geo.villages], geo.villages))
    for role, base, stops in legs:
        name = getattr(ops, role)
        spec = config.vehicles[name]
        served = van_served[stops] if role == round_key else np.ones(len(stops), bool)
        if not served.any():
            continue
        base, stops = base[served], stops[served]
        round_h = (geo.time_h[base, stops] + geo.time_h[stops, base]) / spec.speed_factor + ops.stop_service_h
        worst = int(np.argmax(round_h))
        if round_h[worst] > shift:
            f = int(stops[worst])
            tier = "township" if role == "trunk_vehicle" else "village"
            raise ScenarioError(
                f"{config.where}: operations.shift_h: {tier} '{geo.name[f]}' ({geo.facility_id[f]}) "
                f"needs a {round_h[worst]:,.1f} h round trip by {name} "
                f"({geo.dist_km[int(base[worst]), f]:,.1f} road km each way, {ops.stop_service_h:g} h at the "
                f"stop), longer than the {shift:g} h "
                f"shift; expected a longer shift (operations.shift_h), a faster {name} "
                f"(vehicles.{name}.speed_factor), a shorter stop (operations.stop_service_h) or a facility "
                f"within reach (check its coordinates)")
