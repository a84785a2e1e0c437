"""Upper bounds on what a scenario can ask for: values a planner could mean, and runs this
tool can finish on a workstation.

The schema (:mod:`.schema`) already says what a key is (a share, a positive number, an
hour of the day, finite); this table adds the range beyond which a value is a slip
(``days = 10**9``, a population of a billion) rather than a scenario. Each bound is
checked when a scenario is loaded or overridden, with a one-line error naming the key;
the README lists them. Patterns: ``*`` stands for any name of a table of tables
(``vehicles.*``) or any entry of a list of tables (``produce.crops.*``); a bound on a list
of numbers (``demand.weekday_factor``) applies to each of them.
"""

from __future__ import annotations

from datetime import date

# key pattern: (lowest, highest, why). Either end may be None (no bound on that side).
LIMITS: dict[str, tuple[float | None, float | None, str]] = {
    "scenario.days": (None, 3660, "ten years of daily operation"),
    "scenario.seed": (None, 2**32 - 1, "PyVRP takes 32-bit seeds"),
    "geography.seed": (None, 2**32 - 1, "a 32-bit seed"),
    "geography.n_townships": (None, 100, "the largest counties have a few dozen townships"),
    "geography.villages_per_township": (None, 200, "≈ 15 is typical; 200 is a very large township"),
    "geography.area_km2": (1, 250_000, "China's largest county (Ruoqiang) has ≈ 200,000 km²"),
    "geography.population_per_village": (None, 100_000, "≈ 940 residents is typical"),
    "geography.detour_factor": (None, 5, "road km per straight-line km"),
    "geography.max_snap_km": (None, 100, "km from a facility to its nearest road"),
    "demand.parcels_per_resident_per_day": (None, 1, "≈ 0.03 is typical; 1 a day is 30 times that"),
    "demand.weekday_factor": (None, 10, "multiplier of the mean day"),
    "demand.festivals.*.factor": (None, 20, "Singles' Day is ≈ 2× a normal day"),
    "demand.festivals.*.half_width_days": (None, 60, "days either side of the peak"),
    "demand.spring_festival.factor": (None, 20, "multiplier of a normal day"),
    "demand.spring_festival.half_width_days": (None, 60, "days either side of the peak"),
    "demand.consumer_parcel_kg": (None, 1000, "kg per parcel"),
    "demand.farm_input_parcel_kg": (None, 1000, "kg per parcel"),
    "produce.crops.*.lots_per_village_per_day": (None, 1000, "lots per village per day"),
    "produce.crops.*.kg_per_lot": (None, 10_000, "kg per lot"),
    "produce.crops.*.shelf_life_h": (None, 8760, "a year"),
    "produce.cold_pull_down_h": (None, 240, "ten days"),
    "produce.lot_decay_log_sigma": (None, 3, "a factor of 20 either way"),
    "produce.seller_parcels_per_village_per_day": (None, 10_000, "parcels per village per day"),
    "produce.seller_parcels_per_township_per_day": (None, 100_000, "parcels per township per day"),
    "produce.seller_parcel_kg": (None, 1000, "kg per parcel"),
    "produce.supply_lead_time_elasticity": (None, 5, "an elasticity"),
    "produce.supply_reference_lead_h": (None, 720, "a month"),
    "produce.supply_factor_max": (None, 100, "× the crop calendar's lots"),
    "produce.crops.*.price_yuan_per_kg": (None, 100_000, "yuan per kg"),
    "vehicles.*.capacity_kg": (None, 50_000, "a 40-tonne truck"),
    "vehicles.*.speed_factor": (0.05, 5, "× the road speed"),
    "vehicles.*.cost_per_km_yuan": (None, 1000, "yuan per km"),
    "vehicles.*.fixed_cost_per_day_yuan": (None, 100_000, "yuan per day"),
    "vehicles.*.co2_kg_per_km": (None, 100, "kg CO₂ per km"),
    "operations.hub_sort_parcels_per_h": (None, 1_000_000, "parcels per hour"),
    "operations.carrier_sort_parcels_per_h": (None, 1_000_000, "parcels per hour"),
    "operations.door_threshold_parcels": (None, 10_000, "parcels waiting at a village"),
    "operations.shift_h": (None, 24, "hours in a day"),
    "operations.stop_service_h": (None, 8, "hours at one stop"),
    "operations.produce_trip_max_wait_h": (None, 720, "a month"),
    "operations.station_capacity_parcels": (None, 10_000_000, "parcels"),
    "operations.routing_time_limit_s": (None, 60, "seconds per route plan"),
    "operations.routing_max_iterations": (None, 100_000, "PyVRP iterations per route plan"),
    "costs.villager_speed_kmh": (1, 200, "km/h"),
    "costs.villager_parcels_per_trip": (None, 1000, "parcels per trip"),
    "costs.hub_handling_yuan_per_parcel": (None, 1000, "yuan per parcel"),
    "costs.station_handling_yuan_per_parcel": (None, 1000, "yuan per parcel"),
    "policies.bus.lines_per_township": (None, 50, "bus lines"),
    "policies.bus.spare_capacity_kg": (None, 10_000, "kg per bus trip"),
    "policies.bus.speed_factor": (0.05, 5, "× the road speed"),
    "policies.bus.fee_yuan_per_parcel": (None, 1000, "yuan per item"),
    "policies.postal_express.fee_yuan_per_parcel": (None, 1000, "yuan per parcel"),
    "policies.crowdsourcing.capacity_parcels": (None, 10_000, "parcels per courier"),
    "policies.crowdsourcing.fee_yuan_per_parcel": (None, 1000, "yuan per parcel"),
    "policies.forward_warehouse.capacity_kg": (None, 100_000_000, "a 100,000-tonne store"),
    "policies.forward_warehouse.cost_per_day_yuan": (None, 1_000_000, "yuan per day"),
    "policies.forward_warehouse.max_hold_h": (None, 720, "a month"),
    "policies.public_warehouse.cost_per_day_yuan": (None, 1_000_000, "yuan per day"),
    "policies.public_warehouse.restock_interval_days": (None, 365, "a year"),
    "policies.returnable_crates.crate_price_yuan": (None, 10_000, "yuan per crate"),
    "policies.returnable_crates.box_price_yuan": (None, 10_000, "yuan per box"),
    "policies.returnable_crates.crate_trips": (None, 100_000, "trips in a crate's life"),
    "policies.returnable_crates.box_uses": (None, 100_000, "uses in a box's life"),
    "policies.returnable_crates.crate_kg": (None, 100, "kg per crate"),
    "policies.returnable_crates.box_kg": (None, 100, "kg per box"),
    "packaging.parcel_kg": (None, 100, "kg of packaging per parcel"),
    "packaging.parcel_yuan": (None, 10_000, "yuan per parcel"),
    "packaging.produce_kg_per_kg": (None, 10, "kg of packaging per kg of produce"),
    "policies.lockers.compartments": (None, 10_000, "compartments per locker bank"),
    "policies.lockers.lockers_per_township": (None, 1000, "locker banks per township"),
    "policies.lockers.cost_per_day_yuan": (None, 100_000, "yuan per day"),
    "policies.lockers.pickup_h": (None, 24, "hours"),
    "policies.cold_chain.extra_cost_per_km_yuan": (None, 1000, "yuan per km"),
    "policies.cold_chain.storage_cost_per_day_yuan": (None, 1_000_000, "yuan per day"),
    "policies.auto_sorting.parcels_per_h": (None, 1_000_000, "parcels per hour"),
    "policies.auto_sorting.cost_per_day_yuan": (None, 1_000_000, "yuan per day"),
    "policies.drones.min_road_km": (None, 1000, "km"),
    "policies.drones.payload_kg": (None, 1000, "kg"),
    "policies.drones.range_km": (None, 500, "km, round trip"),
    "policies.drones.speed_kmh": (1, 300, "km/h"),
    "policies.drones.cost_per_flight_yuan": (None, 100_000, "yuan per flight"),
    "policies.drones.co2_kg_per_flight": (None, 1000, "kg per flight"),
    "policies.subsidy.per_parcel_yuan": (None, 1000, "yuan per parcel"),
    "policies.subsidy.per_route_yuan": (None, 100_000, "yuan per tour"),
    "policies.subsidy.per_service_point_per_day_yuan": (None, 100_000, "yuan per point and day"),
    "kpi.coverage_window_days": (None, 365, "days"),
    "kpi.warmup_days": (None, 365, "days left out of the run KPIs"),
    "geography.village_population_log_sigma": (None, 3, "spread of village sizes (log)"),
    "demand.order_to_hub_h": (None, 720, "hours from an order to the county hub"),
    "demand.consumer_parcel_kg_per_m3": (1, 5000, "kg per m³"),
    "demand.farm_input_parcel_kg_per_m3": (1, 5000, "kg per m³"),
    "produce.kg_per_m3": (1, 5000, "kg per m³"),
    "vehicles.*.volume_m3": (None, 1000, "m³ of cargo space"),
    "operations.separate_fee_yuan_per_parcel": (None, 100, "yuan per parcel"),
    "operations.fleet_review_days": (None, 365, "days a vehicle is kept unused"),
    "operations.max_vans_per_station": (None, 1000, "vans"),
    "operations.max_trucks_per_operator": (None, 1000, "trucks"),
    "costs.market_interval_days": (None, 30, "days between market days"),
    "costs.villager_outlet_h": (None, 8, "hours at the outlet"),
    "costs.villager_vehicle_cost_per_km_yuan": (None, 100, "yuan per km"),
    "costs.villager_co2_kg_per_km": (None, 10, "kg CO₂ per km"),
    "costs.villager_time_value_yuan_per_h": (None, 1000, "yuan per hour"),
    "costs.villager_pickup_fee_yuan_per_parcel": (None, 1000, "yuan per parcel"),
    "costs.carbon_price_yuan_per_t": (None, 10_000, "yuan per tonne CO₂"),
    "costs.township_office_cost_per_day_yuan": (None, 100_000, "yuan per office and day"),
    "costs.keeper_commission_yuan_per_parcel": (None, 100, "yuan per parcel"),
    "costs.keeper_target_income_yuan_per_month": (None, 100_000, "yuan per month"),
    "policies.drones.fixed_cost_per_day_yuan": (None, 100_000, "yuan per drone and day"),
}
# Calendar dates the model simulates (festivals, seasons and growth are calendar-based).
FIRST_START_DATE = date(2000, 1, 1)
LAST_START_DATE = date(2100, 12, 31)
# Scenario names: shown in terminals and used (as a slug) for folder names.
MAX_NAME_CHARS = 80
# A scenario file larger than this is not a scenario (a slip of the path: a data dump,
# /dev/zero); it is refused before reading.
MAX_SCENARIO_FILE_BYTES = 1_000_000


def check_limits(data: dict) -> None:
    """Raise ``ValueError("key: expected … got …")`` for the first value out of :data:`LIMITS`.

    ``data`` is a scenario as plain dicts and lists (``ScenarioConfig.model_dump()``).
    """
    for pattern, (lo, hi, why) in LIMITS.items():
        for key, value in _values(data, pattern.split("."), []):
            for v in (value if isinstance(value, (list, tuple)) else [value]):
                if isinstance(v, bool) or not isinstance(v, (int, float)):
                    continue
                if hi is not None and v > hi:
                    raise ValueError(f"{key}: expected at most {hi:,} ({why}), got {v!r}")
                if lo is not None and v < lo:
                    raise ValueError(f"{key}: expected at least {lo:,} ({why}), got {v!r}")


def _values(node: object, parts: list[str], path: list[str]):
    """(dotted key, value) pairs matching the pattern ``parts`` below ``node``."""
    if not parts:
        yield ".".join(path), node
        return
    head, rest = parts[0], parts[1:]
    if head == "*":
        if isinstance(node, dict):
            items = list(node.items())
        elif isinstance(node, (list, tuple)):
            items = [(str(e.get("name", i)) if isinstance(e, dict) else str(i), e) for i, e in enumerate(node)]
        else:
            items = []
        for name, child in items:
            yield from _values(child, rest, [*path, name])
    elif isinstance(node, dict) and head in node:
        yield from _values(node[head], rest, [*path, head])


def markdown_table() -> str:
    """The limits as the README shows them (a test keeps the README's copy equal to this)."""
    rows = ["| key | lowest | highest | why |", "|---|---|---|---|"]
    for key, (lo, hi, why) in LIMITS.items():
        rows.append(f"| `{key}` | {'' if lo is None else f'{lo:,}'} | {'' if hi is None else f'{hi:,}'} | {why} |")
    rows.append(f"| `scenario.start_date` | {FIRST_START_DATE} | {LAST_START_DATE} | festivals, seasons and "
                "growth follow the calendar |")
    rows.append(f"| `scenario.name` | 1 character | {MAX_NAME_CHARS} characters | printable text, no control "
                "characters |")
    rows.append(f"| scenario file | | {MAX_SCENARIO_FILE_BYTES:,} bytes | a regular TOML file |")
    return "\n".join(rows)
