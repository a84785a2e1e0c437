"""Scenario schema: the typed sections of a scenario file, every default from :mod:`.defaults`.

A scenario file has the tables ``[scenario]``, ``[geography]``, ``[demand]``,
``[produce]``, ``[operations]``, ``[costs]``, ``[policies.*]``, ``[packaging]``, ``[kpi]``,
``[vehicles.<name>]`` and ``[[carriers]]``; every key is optional. The classes here say
which keys exist, their types and bounds; :mod:`.loading` reads files, applies overrides
and turns validation errors into one-line messages.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Annotated, Literal

from pydantic import Field, PrivateAttr, field_validator, model_validator

from sim.config import defaults as D
from sim.config import limits as L
from sim.config.policies import PackagingConfig, PoliciesConfig
from sim.config.sections import Count, Flag, Hour, Month, NonNeg, Pos, PosInt, Section, Share

# Strict types: a quoted number or "yes" in a TOML file is an error, not silently coerced.
class ScenarioInfo(Section):
    name: str = "default"
    description: str = ""
    days: PosInt = D.DAYS
    seed: Count = D.SEED
    start_date: date = date.fromisoformat(D.START_DATE)

    @field_validator("name")
    @classmethod
    def _printable_name(cls, name: str) -> str:
        if not name.strip():
            raise ValueError("expected a non-empty name")
        if len(name) > L.MAX_NAME_CHARS:
            raise ValueError(f"expected at most {L.MAX_NAME_CHARS} characters, got {len(name)}")
        bad = [c for c in name if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]
        if bad:
            raise ValueError(f"expected printable text, got the control character {bad[0]!r}")
        return name

    @field_validator("start_date")
    @classmethod
    def _calendar(cls, start: date) -> date:
        if not L.FIRST_START_DATE <= start <= L.LAST_START_DATE:
            raise ValueError(f"expected a date from {L.FIRST_START_DATE} to {L.LAST_START_DATE}, got {start}")
        return start


class GeographyConfig(Section):
    """Where the county comes from: ``synthetic`` (seeded generator) or ``file``."""

    source: Literal["synthetic", "file"] = "synthetic"
    # synthetic county (drawn from its own seed: the run's seed never changes the map)
    seed: Count = D.GEOGRAPHY_SEED
    n_townships: PosInt = D.N_TOWNSHIPS
    villages_per_township: PosInt = D.VILLAGES_PER_TOWNSHIP
    area_km2: Pos = D.AREA_KM2
    terrain: Literal["plain", "hilly", "mountain"] = D.DEFAULT_TERRAIN
    population_per_village: Count = D.POPULATION_PER_VILLAGE    # mean residents of a synthetic village
    village_population_log_sigma: NonNeg = D.VILLAGE_POPULATION_LOG_SIGMA
    # real data (paths relative to the scenario file)
    facilities: str | None = None
    facilities_format: Literal["table", "adcode"] = "table"
    roads: str | None = None
    # a facility farther than this from the road file's roads stops the run
    max_snap_km: Pos = D.MAX_SNAP_KM
    detour_factor: Annotated[float, Field(ge=1, strict=True)] = D.DETOUR_FACTOR

    @model_validator(mode="after")
    def _file_needs_facilities(self) -> "GeographyConfig":
        if self.source == "file" and not self.facilities:
            raise ValueError("facilities: required when source = 'file' (a CSV path)")
        return self


class Festival(Section):
    month: Month
    day: Annotated[int, Field(ge=1, le=31, strict=True)]
    factor: NonNeg
    half_width_days: Count

    @model_validator(mode="after")
    def _real_day(self) -> "Festival":
        try:
            date(2024, self.month, self.day)      # a leap year: 29 February is a day
        except ValueError:
            raise ValueError(f"day: expected a day of month {self.month}, got {self.day}") from None
        return self


class DemandConfig(Section):
    parcels_per_resident_per_day: NonNeg = D.PARCELS_PER_RESIDENT_PER_DAY
    # Annual growth of e-commerce volume, compounded daily (0.30 = +30 % a year).
    annual_growth: Annotated[float, Field(ge=-0.9, le=10, strict=True)] = 0.0
    weekday_factor: tuple[NonNeg, NonNeg, NonNeg, NonNeg, NonNeg, NonNeg, NonNeg] = D.WEEKDAY_FACTOR
    festivals: tuple[Festival, ...] = tuple(
        Festival(month=m, day=d, factor=f, half_width_days=w) for m, d, f, w in D.FESTIVALS
    )
    spring_festival: Festival = Festival(
        month=D.SPRING_FESTIVAL[0], day=D.SPRING_FESTIVAL[1],
        factor=D.SPRING_FESTIVAL[2], half_width_days=D.SPRING_FESTIVAL[3],
    )
    order_to_hub_h: NonNeg = D.ORDER_TO_HUB_H
    consumer_parcel_kg_per_m3: Pos = D.CONSUMER_PARCEL_KG_PER_M3
    farm_input_parcel_kg_per_m3: Pos = D.FARM_INPUT_PARCEL_KG_PER_M3
    consumer_parcel_kg: Pos = D.CONSUMER_PARCEL_KG
    farm_input_parcel_kg: Pos = D.FARM_INPUT_PARCEL_KG
    farm_input_share: Share = D.FARM_INPUT_SHARE
    farm_input_share_spring: Share = D.FARM_INPUT_SHARE_SPRING
    farm_input_spring_months: tuple[Month, ...] = D.SPRING_MONTHS
    hub_arrival_hours: tuple[Hour, ...] = tuple(h for h, _ in D.HUB_ARRIVALS)
    hub_arrival_shares: tuple[Share, ...] = tuple(s for _, s in D.HUB_ARRIVALS)

    @model_validator(mode="after")
    def _waves(self) -> "DemandConfig":
        if len(self.hub_arrival_hours) != len(self.hub_arrival_shares) or not self.hub_arrival_hours:
            raise ValueError("hub_arrival_shares: expected one share per entry of hub_arrival_hours")
        if abs(sum(self.hub_arrival_shares) - 1.0) > 1e-6:
            raise ValueError("hub_arrival_shares: expected shares that sum to 1")
        if list(self.hub_arrival_hours) != sorted(self.hub_arrival_hours):
            raise ValueError("hub_arrival_hours: expected hours in increasing order")
        return self


class Crop(Section):
    name: str
    first_month: Month
    last_month: Month
    lots_per_village_per_day: NonNeg
    kg_per_lot: Pos
    shelf_life_h: Pos                 # at the reference temperature (20 °C), harvest to unsellable
    grading_loss_share: Annotated[float, Field(ge=0, lt=1, strict=True)] = 0.0
    price_yuan_per_kg: NonNeg = 0.0


Celsius = Annotated[float, Field(ge=-50, le=50, strict=True, allow_inf_nan=False)]


class ProduceConfig(Section):
    crops: tuple[Crop, ...] = tuple(
        Crop(name=n, first_month=a, last_month=b, lots_per_village_per_day=r, kg_per_lot=kg, shelf_life_h=s,
             grading_loss_share=g, price_yuan_per_kg=D.PRODUCE_PRICE_YUAN_PER_KG.get(n, 0.0))
        for n, a, b, r, kg, s, g in D.CROPS
    )
    monthly_mean_temp_c: tuple[Celsius, Celsius, Celsius, Celsius, Celsius, Celsius,
                               Celsius, Celsius, Celsius, Celsius, Celsius, Celsius] = D.MONTHLY_MEAN_TEMP_C
    lot_decay_log_sigma: NonNeg = D.LOT_DECAY_LOG_SIGMA
    cold_pull_down_h: NonNeg = D.COLD_PULL_DOWN_H
    seller_parcels_per_village_per_day: NonNeg = D.SELLER_PARCELS_PER_VILLAGE_PER_DAY
    seller_parcels_per_township_per_day: NonNeg = D.SELLER_PARCELS_PER_TOWNSHIP_PER_DAY
    seller_parcel_kg: Pos = D.SELLER_PARCEL_KG
    supply_lead_time_elasticity: NonNeg = D.SUPPLY_LEAD_TIME_ELASTICITY
    supply_reference_lead_h: Pos = D.SUPPLY_REFERENCE_LEAD_H
    supply_adjust_per_day: Share = D.SUPPLY_ADJUST_PER_DAY
    supply_factor_max: Pos = D.SUPPLY_FACTOR_MAX
    kg_per_m3: Pos = D.PRODUCE_KG_PER_M3
    ready_hour: Hour = D.PRODUCE_READY_HOUR
    harvest_months: tuple[Month, ...] = D.HARVEST_MONTHS
    hub_outbound_hour: Hour = D.HUB_OUTBOUND_HOUR


class Carrier(Section):
    name: str
    market_share: Share


class VehicleSpec(Section):
    capacity_kg: Pos
    volume_m3: Pos = 1000.0      # cargo space; the default never binds (lever fleets: buses, drones)
    speed_factor: Pos = 1.0
    cost_per_km_yuan: NonNeg
    fixed_cost_per_day_yuan: NonNeg
    co2_kg_per_km: NonNeg
    refrigerated: Flag = False


class OperationsConfig(Section):
    mode: Literal["separate", "joint"] = D.DEFAULT_MODE
    delivery_interval_days: PosInt = D.DELIVERY_INTERVAL_DAYS
    backhaul: Flag = D.BACKHAUL
    hub_sort_parcels_per_h: Pos = D.HUB_SORT_PARCELS_PER_H
    carrier_sort_parcels_per_h: Pos = D.CARRIER_SORT_PARCELS_PER_H
    trunk_departure_hours: tuple[Hour, ...] = D.TRUNK_DEPARTURE_HOURS
    village_departure_hour: Hour = D.VILLAGE_DEPARTURE_HOUR
    separate_delivery_rule: Literal["revenue", "threshold", "fixed_days"] = D.SEPARATE_DELIVERY_RULE
    separate_fee_yuan_per_parcel: NonNeg = D.SEPARATE_FEE_YUAN_PER_PARCEL
    door_threshold_parcels: Count = D.DOOR_THRESHOLD_PARCELS
    separate_delivery_weekdays: tuple[Annotated[int, Field(ge=0, le=6, strict=True)], ...] = \
        D.SEPARATE_DELIVERY_WEEKDAYS
    fleet_review_days: PosInt = D.FLEET_REVIEW_DAYS
    max_vans_per_station: Count = D.MAX_VANS_PER_STATION
    max_trucks_per_operator: Count = D.MAX_TRUCKS_PER_OPERATOR
    trunk_vehicle: str = D.TRUNK_VEHICLE
    village_vehicle: str = D.VILLAGE_VEHICLE            # joint mode's rounds
    separate_village_vehicle: str = D.SEPARATE_VILLAGE_VEHICLE  # brands' outlets in separate mode
    produce_trip_min_load_share: Share = D.PRODUCE_TRIP_MIN_LOAD_SHARE
    produce_trip_max_wait_h: NonNeg = D.PRODUCE_TRIP_MAX_WAIT_H
    produce_collection_hours: tuple[Hour, ...] = D.PRODUCE_COLLECTION_HOURS
    produce_same_day: Flag = D.PRODUCE_SAME_DAY
    produce_carrier: str = "postal"
    shift_h: Pos = D.SHIFT_H
    stop_service_h: NonNeg = D.STOP_SERVICE_H
    # Service network: share of villages with a service point (the rest fetch parcels from
    # the township station) and the parcels a station hands out a day (0 = no limit).
    service_point_share: Share = 1.0
    station_capacity_parcels: Count = D.STATION_CAPACITY_PARCELS_PER_DAY
    route_plan_headroom: Annotated[float, Field(ge=0, le=1, strict=True)] = D.ROUTE_PLAN_HEADROOM
    routing_solver: Literal["nearest", "savings", "pyvrp"] = D.ROUTING_SOLVER
    routing_time_limit_s: Pos = D.ROUTING_TIME_LIMIT_S
    routing_max_iterations: PosInt = D.ROUTING_MAX_ITERATIONS

    @model_validator(mode="after")
    def _checks(self) -> "OperationsConfig":
        if not self.trunk_departure_hours:
            raise ValueError("trunk_departure_hours: expected at least one hour")
        if list(self.trunk_departure_hours) != sorted(self.trunk_departure_hours):
            raise ValueError("trunk_departure_hours: expected hours in increasing order")
        if self.backhaul and self.mode != "joint":
            raise ValueError("backhaul: expected false unless mode = 'joint' (backhaul rides the shared routes)")
        return self


class CostsConfig(Section):
    hub_handling_yuan_per_parcel: NonNeg = D.HUB_HANDLING_YUAN_PER_PARCEL
    station_handling_yuan_per_parcel: NonNeg = D.STATION_HANDLING_YUAN_PER_PARCEL
    market_interval_days: Count = D.MARKET_INTERVAL_DAYS
    villager_pickup_prob_market_day: Share = D.VILLAGER_PICKUP_PROB_MARKET_DAY
    villager_pickup_prob_other_day: Annotated[float, Field(gt=0, le=1, strict=True)] = D.VILLAGER_PICKUP_PROB_OTHER_DAY
    villager_parcels_per_trip: Annotated[float, Field(ge=1, strict=True)] = D.VILLAGER_PARCELS_PER_TRIP
    villager_pickup_hour: Hour = D.VILLAGER_PICKUP_HOUR
    villager_speed_kmh: Pos = D.VILLAGER_SPEED_KMH
    villager_outlet_h: NonNeg = D.VILLAGER_OUTLET_H
    villager_vehicle_cost_per_km_yuan: NonNeg = D.VILLAGER_VEHICLE_COST_PER_KM_YUAN
    villager_co2_kg_per_km: NonNeg = D.VILLAGER_CO2_KG_PER_KM
    villager_time_value_yuan_per_h: NonNeg = D.VILLAGER_TIME_VALUE_YUAN_PER_H
    villager_pickup_fee_yuan_per_parcel: NonNeg = D.VILLAGER_PICKUP_FEE_YUAN_PER_PARCEL
    carbon_price_yuan_per_t: NonNeg = D.CARBON_PRICE_YUAN_PER_T
    township_office_cost_per_day_yuan: NonNeg = D.TOWNSHIP_OFFICE_COST_PER_DAY_YUAN
    keeper_commission_yuan_per_parcel: NonNeg = D.KEEPER_COMMISSION_YUAN_PER_PARCEL
    keeper_target_income_yuan_per_month: NonNeg = D.KEEPER_TARGET_INCOME_YUAN_PER_MONTH


class KpiConfig(Section):
    coverage_window_days: PosInt = D.COVERAGE_WINDOW_DAYS
    warmup_days: Count = D.WARMUP_DAYS

def _default_vehicles() -> dict[str, VehicleSpec]:
    return {name: VehicleSpec(**spec) for name, spec in D.VEHICLES.items()}


class ScenarioConfig(Section):
    """A fully resolved scenario: every value set, nothing left to defaults at run time."""

    scenario: ScenarioInfo = ScenarioInfo()
    geography: GeographyConfig = GeographyConfig()
    demand: DemandConfig = DemandConfig()
    produce: ProduceConfig = ProduceConfig()
    operations: OperationsConfig = OperationsConfig()
    costs: CostsConfig = CostsConfig()
    policies: PoliciesConfig = PoliciesConfig()
    packaging: PackagingConfig = PackagingConfig()
    kpi: KpiConfig = KpiConfig()
    vehicles: dict[str, VehicleSpec] = Field(default_factory=_default_vehicles)
    carriers: tuple[Carrier, ...] = tuple(Carrier(name=n, market_share=s) for n, s in D.CARRIERS)
    # Directory that relative file paths in [geography] are resolved against (set by
    # load_config; not a key of the file).
    _base_dir: str = PrivateAttr(default=".")
    # The file it was read from ("" for the built-in default), for messages.
    _source: str = PrivateAttr(default="")

    @property
    def base_dir(self) -> str:
        return self._base_dir

    @property
    def round_vehicle(self) -> str:
        """The vehicle of the village rounds in this scenario's mode."""
        ops = self.operations
        return ops.village_vehicle if ops.mode == "joint" else ops.separate_village_vehicle

    @property
    def where(self) -> str:
        """What to name in a message about this scenario: its file, or its name."""
        return self._source or f"scenario '{self.scenario.name}'"

    @model_validator(mode="before")
    @classmethod
    def _vehicles_over_defaults(cls, data: object) -> object:
        """A ``[vehicles.<name>]`` table changes that vehicle's keys and keeps the other
        vehicles and keys: ``[vehicles.van] capacity_kg = 450`` is a van of 450 kg."""
        if isinstance(data, dict) and isinstance(data.get("vehicles"), dict):
            merged = {name: dict(spec) for name, spec in D.VEHICLES.items()}
            for name, spec in data["vehicles"].items():
                merged[name] = {**merged.get(name, {}), **spec} if isinstance(spec, dict) else spec
            data = {**data, "vehicles": merged}
        return data

    @model_validator(mode="after")
    def _cross_checks(self) -> "ScenarioConfig":
        L.check_limits(self.model_dump())
        names = [c.name for c in self.carriers]
        if not names:
            raise ValueError("carriers: expected at least one carrier")
        if len(set(names)) != len(names):
            raise ValueError("carriers: expected unique carrier names")
        if abs(sum(c.market_share for c in self.carriers) - 1.0) > 1e-6:
            raise ValueError("carriers: expected market_share values that sum to 1")
        ops = self.operations
        for key in ("trunk_vehicle", "village_vehicle", "separate_village_vehicle"):
            if getattr(ops, key) not in self.vehicles:
                raise ValueError(
                    f"operations.{key}: expected one of {sorted(self.vehicles)}, got {getattr(ops, key)!r}"
                )
        if ops.mode == "separate" and ops.produce_carrier not in names:
            raise ValueError(f"operations.produce_carrier: expected one of {names}, got {ops.produce_carrier!r}")
        _check_carpooling(self.policies, ops.mode, names)
        pe = self.policies.postal_express
        if pe.enabled:
            if ops.mode != "separate":
                raise ValueError("policies.postal_express.enabled: expected false unless mode = 'separate' "
                                 "(joint distribution already hands every parcel to one operator)")
            if pe.partner not in names:
                raise ValueError(f"policies.postal_express.partner: expected one of {names}, got {pe.partner!r}")
        return self


def _check_carpooling(policies, mode: str, names: list[str]) -> None:
    """Carpooling groups: separate mode only, known brands, each brand in one group of two or more."""
    carpool = policies.carpooling
    if not carpool.enabled:
        return
    if mode != "separate":
        raise ValueError("policies.carpooling.enabled: expected false unless mode = 'separate' "
                         "(joint distribution already shares everything)")
    if policies.postal_express.enabled:
        raise ValueError("policies.carpooling.enabled: expected false when policies.postal_express is on "
                         "(both reassign the village rounds; choose one)")
    seen: set[str] = set()
    for group in carpool.groups:
        if len(group) < 2:
            raise ValueError(f"policies.carpooling.groups: expected groups of two or more brands, got {list(group)}")
        for brand in group:
            if brand not in names:
                raise ValueError(f"policies.carpooling.groups: expected brands among {names}, got {brand!r}")
            if brand in seen:
                raise ValueError(f"policies.carpooling.groups: expected each brand in one group, got {brand!r} twice")
            seen.add(brand)
