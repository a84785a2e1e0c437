"""Scenario files: TOML → validated, fully resolved :class:`Scenario`.

A scenario file has the tables ``[scenario]``, ``[geography]``, ``[demand]``,
``[produce]``, ``[operations]``, ``[costs]``, ``[kpi]``, ``[vehicles.<name>]`` and
``[[carriers]]``; every key is optional and falls back to :mod:`sim.defaults`. An unknown
key, a wrong type, a negative rate or capacity or an unknown mode stops the load with a
:class:`ScenarioError` whose one-line message names the file, the key and what was
expected.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from sim import defaults as D

# Strict types: a quoted number or "yes" in a TOML file is an error, not silently coerced.
NonNeg = Annotated[float, Field(ge=0, strict=True)]
Pos = Annotated[float, Field(gt=0, strict=True)]
Share = Annotated[float, Field(ge=0, le=1, strict=True)]
Hour = Annotated[float, Field(ge=0, lt=24, strict=True)]
PosInt = Annotated[int, Field(ge=1, strict=True)]
Count = Annotated[int, Field(ge=0, strict=True)]
Month = Annotated[int, Field(ge=1, le=12, strict=True)]
Flag = Annotated[bool, Field(strict=True)]


class ScenarioError(ValueError):
    """A scenario that cannot be run. ``str(err)`` is one line: file, key, expectation."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class ScenarioInfo(_Section):
    name: str = "default"
    description: str = ""
    days: PosInt = D.DAYS
    seed: Count = D.SEED
    start_date: date = date.fromisoformat(D.START_DATE)


class GeographyConfig(_Section):
    """Where the county comes from: ``synthetic`` (seeded generator) or ``file``."""

    source: Literal["synthetic", "file"] = "synthetic"
    # synthetic county
    n_townships: PosInt = D.N_TOWNSHIPS
    villages_per_township: PosInt = D.VILLAGES_PER_TOWNSHIP
    area_km2: Pos = D.AREA_KM2
    terrain: Literal["plain", "hilly", "mountain"] = D.DEFAULT_TERRAIN
    population_per_village: Count = D.POPULATION_PER_VILLAGE
    # real data (paths relative to the scenario file)
    facilities: str | None = None
    facilities_format: Literal["table", "adcode"] = "table"
    roads: str | None = None
    detour_factor: Annotated[float, Field(ge=1, strict=True)] = D.DETOUR_FACTOR

    @model_validator(mode="after")
    def _file_needs_facilities(self) -> "GeographyConfig":
        if self.source == "file" and not self.facilities:
            raise ValueError("facilities: required when source = 'file' (a CSV path)")
        return self


class Festival(_Section):
    month: Month
    day: Annotated[int, Field(ge=1, le=31, strict=True)]
    factor: NonNeg
    half_width_days: Count


class DemandConfig(_Section):
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


class Crop(_Section):
    name: str
    first_month: Month
    last_month: Month
    lots_per_village_per_day: NonNeg
    kg_per_lot: Pos
    shelf_life_h: Pos
    price_yuan_per_kg: NonNeg = 0.0


class ProduceConfig(_Section):
    crops: tuple[Crop, ...] = tuple(
        Crop(name=n, first_month=a, last_month=b, lots_per_village_per_day=r, kg_per_lot=kg, shelf_life_h=s,
             price_yuan_per_kg=D.PRODUCE_PRICE_YUAN_PER_KG.get(n, 0.0))
        for n, a, b, r, kg, s in D.CROPS
    )
    ready_hour: Hour = D.PRODUCE_READY_HOUR
    harvest_months: tuple[Month, ...] = D.HARVEST_MONTHS
    hub_outbound_hour: Hour = D.HUB_OUTBOUND_HOUR


class Carrier(_Section):
    name: str
    market_share: Share


class VehicleSpec(_Section):
    capacity_kg: Pos
    speed_factor: Pos = 1.0
    cost_per_km_yuan: NonNeg
    fixed_cost_per_day_yuan: NonNeg
    co2_kg_per_km: NonNeg
    refrigerated: Flag = False


class OperationsConfig(_Section):
    mode: Literal["separate", "joint"] = D.DEFAULT_MODE
    delivery_interval_days: PosInt = D.DELIVERY_INTERVAL_DAYS
    backhaul: Flag = D.BACKHAUL
    hub_sort_parcels_per_h: Pos = D.HUB_SORT_PARCELS_PER_H
    carrier_sort_parcels_per_h: Pos = D.CARRIER_SORT_PARCELS_PER_H
    trunk_departure_hours: tuple[Hour, ...] = D.TRUNK_DEPARTURE_HOURS
    village_departure_hour: Hour = D.VILLAGE_DEPARTURE_HOUR
    door_threshold_parcels: Count = D.DOOR_THRESHOLD_PARCELS
    trunk_vehicle: str = D.TRUNK_VEHICLE
    village_vehicle: str = D.VILLAGE_VEHICLE
    produce_trip_min_load_share: Share = D.PRODUCE_TRIP_MIN_LOAD_SHARE
    produce_trip_max_wait_h: NonNeg = D.PRODUCE_TRIP_MAX_WAIT_H
    produce_carrier: str = "postal"
    shift_h: Pos = D.SHIFT_H
    stop_service_h: NonNeg = D.STOP_SERVICE_H
    # Service network: share of villages with a service point (the rest fetch parcels from
    # the township station) and the parcels a station can hold (0 = no limit; overflow is
    # reported, not refused).
    service_point_share: Share = 1.0
    station_capacity_parcels: Count = 0
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


class CostsConfig(_Section):
    hub_handling_yuan_per_parcel: NonNeg = D.HUB_HANDLING_YUAN_PER_PARCEL
    station_handling_yuan_per_parcel: NonNeg = D.STATION_HANDLING_YUAN_PER_PARCEL
    villager_pickup_daily_prob: Annotated[float, Field(gt=0, le=1, strict=True)] = D.VILLAGER_PICKUP_DAILY_PROB
    villager_parcels_per_trip: Annotated[float, Field(ge=1, strict=True)] = D.VILLAGER_PARCELS_PER_TRIP
    villager_pickup_hour: Hour = D.VILLAGER_PICKUP_HOUR
    villager_speed_kmh: Pos = D.VILLAGER_SPEED_KMH
    villager_cost_per_km_yuan: NonNeg = D.VILLAGER_COST_PER_KM_YUAN
    villager_pickup_fee_yuan: NonNeg = D.VILLAGER_PICKUP_FEE_YUAN


class BusPolicy(_Section):
    """客货邮融合: rural bus lines carry parcels from the township to villages on the line."""

    enabled: Flag = False
    lines_per_township: PosInt = D.BUS_LINES_PER_TOWNSHIP
    village_share: Share = D.BUS_VILLAGE_SHARE
    departure_hours: tuple[Hour, ...] = D.BUS_DEPARTURE_HOURS
    spare_capacity_kg: Pos = D.BUS_SPARE_CAPACITY_KG
    fee_yuan_per_parcel: NonNeg = D.BUS_FEE_YUAN_PER_PARCEL
    speed_factor: Pos = D.BUS_SPEED_FACTOR


class PostalExpressPolicy(_Section):
    """邮快合作: in separate mode, brands hand their village parcels to a partner at the township."""

    enabled: Flag = False
    partner: str = "postal"
    fee_yuan_per_parcel: NonNeg = D.POSTAL_EXPRESS_FEE_YUAN_PER_PARCEL


class CrowdPolicy(_Section):
    """众包: villagers going home from the township take their village's parcels for a fee."""

    enabled: Flag = False
    availability: Share = D.CROWD_AVAILABILITY
    availability_harvest: Share = D.CROWD_AVAILABILITY_HARVEST
    capacity_parcels: PosInt = D.CROWD_CAPACITY_PARCELS
    fee_yuan_per_parcel: NonNeg = D.CROWD_FEE_YUAN_PER_PARCEL


class ColdChainPolicy(_Section):
    """Refrigerated vehicles and cold rooms: produce keeps longer once collected."""

    enabled: Flag = False
    shelf_life_factor: Annotated[float, Field(ge=1, strict=True)] = D.COLD_SHELF_LIFE_FACTOR
    extra_cost_per_km_yuan: NonNeg = D.COLD_EXTRA_COST_PER_KM_YUAN
    storage_cost_per_day_yuan: NonNeg = D.COLD_STORAGE_COST_PER_DAY_YUAN


class AutoSortingPolicy(_Section):
    """Automatic sorting line at the county hub."""

    enabled: Flag = False
    parcels_per_h: Pos = D.AUTO_SORT_PARCELS_PER_H
    cost_per_day_yuan: NonNeg = D.AUTO_SORT_COST_PER_DAY_YUAN


class DronePolicy(_Section):
    """Drones from the township station to remote villages."""

    enabled: Flag = False
    min_road_km: NonNeg = D.DRONE_MIN_ROAD_KM
    all_villages_in_mountains: Flag = True
    payload_kg: Pos = D.DRONE_PAYLOAD_KG
    range_km: Pos = D.DRONE_RANGE_KM
    speed_kmh: Pos = D.DRONE_SPEED_KMH
    cost_per_flight_yuan: NonNeg = D.DRONE_COST_PER_FLIGHT_YUAN
    co2_kg_per_flight: NonNeg = D.DRONE_CO2_KG_PER_FLIGHT
    weather_downtime: Share = D.DRONE_WEATHER_DOWNTIME
    departure_hours: tuple[Hour, ...] = D.DRONE_DEPARTURE_HOURS


class SubsidyPolicy(_Section):
    """Government subsidies, counted as government cost and taken off the operators' cost."""

    per_parcel_yuan: NonNeg = 0.0
    per_route_yuan: NonNeg = 0.0
    per_service_point_per_day_yuan: NonNeg = 0.0


class PoliciesConfig(_Section):
    bus: BusPolicy = BusPolicy()
    postal_express: PostalExpressPolicy = PostalExpressPolicy()
    crowdsourcing: CrowdPolicy = CrowdPolicy()
    cold_chain: ColdChainPolicy = ColdChainPolicy()
    auto_sorting: AutoSortingPolicy = AutoSortingPolicy()
    drones: DronePolicy = DronePolicy()
    subsidy: SubsidyPolicy = SubsidyPolicy()


class KpiConfig(_Section):
    coverage_window_days: PosInt = D.COVERAGE_WINDOW_DAYS


def _default_vehicles() -> dict[str, VehicleSpec]:
    return {name: VehicleSpec(**spec) for name, spec in D.VEHICLES.items()}


class Scenario(_Section):
    """A fully resolved scenario: every value set, nothing left to defaults at run time."""

    scenario: ScenarioInfo = ScenarioInfo()
    geography: GeographyConfig = GeographyConfig()
    demand: DemandConfig = DemandConfig()
    produce: ProduceConfig = ProduceConfig()
    operations: OperationsConfig = OperationsConfig()
    costs: CostsConfig = CostsConfig()
    policies: PoliciesConfig = PoliciesConfig()
    kpi: KpiConfig = KpiConfig()
    vehicles: dict[str, VehicleSpec] = Field(default_factory=_default_vehicles)
    carriers: tuple[Carrier, ...] = tuple(Carrier(name=n, market_share=s) for n, s in D.CARRIERS)
    # Directory that relative file paths in [geography] are resolved against (set by
    # load_scenario; not a key of the file).
    _base_dir: str = PrivateAttr(default=".")

    @property
    def base_dir(self) -> str:
        return self._base_dir

    @model_validator(mode="after")
    def _cross_checks(self) -> "Scenario":
        names = [c.name for c in self.carriers]
        if not names:
            raise ValueError("carriers: expected at least one carrier")
        if len(set(names)) != len(names):
            raise ValueError("carriers: expected unique carrier names")
        if abs(sum(c.market_share for c in self.carriers) - 1.0) > 1e-6:
            raise ValueError("carriers: expected market_share values that sum to 1")
        ops = self.operations
        for key in ("trunk_vehicle", "village_vehicle"):
            if getattr(ops, key) not in self.vehicles:
                raise ValueError(
                    f"operations.{key}: expected one of {sorted(self.vehicles)}, got {getattr(ops, key)!r}"
                )
        if ops.mode == "separate" and ops.produce_carrier not in names:
            raise ValueError(f"operations.produce_carrier: expected one of {names}, got {ops.produce_carrier!r}")
        pe = self.policies.postal_express
        if pe.enabled:
            if ops.mode != "separate":
                raise ValueError("policies.postal_express.enabled: expected false unless mode = 'separate' "
                                 "(joint distribution already hands every parcel to one operator)")
            if pe.partner not in names:
                raise ValueError(f"policies.postal_express.partner: expected one of {names}, got {pe.partner!r}")
        return self

    def with_overrides(self, **dotted: object) -> "Scenario":
        """Return a copy with ``section.key=value`` overrides applied and re-validated.

        Keys are dotted (``"operations.mode"``) or bare names that exist in exactly one
        section (``"mode"``). Raises :class:`ScenarioError` for an unknown key or value.
        """
        data = self.model_dump(mode="python")
        for key, value in dotted.items():
            *path, field = _locate(key)
            target = data
            for part in path:
                target = target[part]
            target[field] = value
        try:
            resolved = Scenario.model_validate(data)
        except ValidationError as err:
            raise ScenarioError(_first_error("overrides", err)) from None
        resolved._base_dir = self._base_dir
        return resolved


_SECTIONS = {
    "scenario": ScenarioInfo, "geography": GeographyConfig, "demand": DemandConfig,
    "produce": ProduceConfig, "operations": OperationsConfig, "costs": CostsConfig, "kpi": KpiConfig,
}
_POLICY_SECTIONS = {name: field.annotation for name, field in PoliciesConfig.model_fields.items()}


def _locate(key: str) -> tuple[str, ...]:
    if key.startswith("policies."):
        parts = key.split(".")
        if len(parts) == 3 and parts[1] in _POLICY_SECTIONS and parts[2] in _POLICY_SECTIONS[parts[1]].model_fields:
            return tuple(parts)
    elif "." in key:
        section, field = key.split(".", 1)
        if section in _SECTIONS and field in _SECTIONS[section].model_fields:
            return section, field
    else:
        owners = [s for s, cls in _SECTIONS.items() if key in cls.model_fields]
        if len(owners) == 1:
            return owners[0], key
    raise ScenarioError(f"overrides: unknown parameter {key!r}; expected 'section.key' such as 'operations.mode'")


def _key_path(loc: tuple) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(top level)"


def _first_error(where: str, err: ValidationError) -> str:
    errors = err.errors(include_url=False)
    first = errors[0]
    loc = tuple(x for x in first["loc"] if not (isinstance(x, str) and x.startswith("function-")))
    key = _key_path(loc)
    kind = first["type"]
    got = first.get("input")
    if kind == "missing" and loc and isinstance(loc[-1], int) and isinstance(got, (list, tuple)):
        # A fixed-length list that is too short: pydantic reports each absent entry.
        parent = loc[:-1]
        absent = [e for e in errors if e["type"] == "missing" and tuple(e["loc"][:-1]) == parent]
        msg = f"{where}: key '{_key_path(parent)}': expected {len(got) + len(absent)} entries, got {len(got)}"
        others = len(errors) - len(absent)
        return msg + (f" (and {others} more problem{'s' if others > 1 else ''})" if others else "")
    if kind == "extra_forbidden":
        msg = f"{where}: unknown key '{key}'"
        parent = _model_for(loc[:-1])
        if parent is not None:
            msg += f"; expected one of {sorted(parent.model_fields)}"
    elif kind == "value_error":
        text = str(first["msg"]).removeprefix("Value error, ")
        msg = f"{where}: {key + ': ' if key != '(top level)' and not text.startswith(key) else ''}{text}"
        msg = msg.replace(": (top level): ", ": ")
    else:
        msg = f"{where}: key '{key}': expected {_expectation(first)}, got {got!r}"
    if len(errors) > 1:
        msg += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return msg


def _model_for(loc: tuple) -> type[BaseModel] | None:
    """The table (model) at ``loc``, a path of keys, to list its valid keys; or None."""
    if loc[:1] == ("vehicles",):
        return VehicleSpec if len(loc) == 2 else None      # [vehicles.<name>]
    model: type[BaseModel] = Scenario
    for item in loc:
        if isinstance(item, int):                           # an entry of a list of tables
            continue
        field = model.model_fields.get(str(item))
        if field is None:
            return None
        candidates = [field.annotation, *getattr(field.annotation, "__args__", ())]
        found = next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None)
        if found is None:
            return None
        model = found
    return model


def _expectation(error: dict) -> str:
    kind = error["type"]
    ctx = error.get("ctx", {}) or {}
    if kind in ("greater_than_equal", "greater_than", "less_than", "less_than_equal"):
        words = {"greater_than_equal": "≥", "greater_than": ">", "less_than": "<", "less_than_equal": "≤"}
        bound = next(iter(ctx.values()))
        return f"a number {words[kind]} {bound}"
    if kind == "literal_error":
        return f"one of {ctx.get('expected', '')}"
    if kind.startswith("int"):
        return "an integer"
    if kind.startswith("float"):
        return "a number"
    if kind.startswith("bool"):
        return "true or false"
    if kind.startswith("string"):
        return "a string"
    if kind.startswith("date"):
        return "a date like 2025-01-01"
    if kind in ("tuple_type", "list_type"):
        return "a list"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "a table"
    if kind == "too_short" or kind == "too_long":
        return str(error["msg"]).lower()
    if kind == "missing":
        return "this key to be set"
    return str(error["msg"]).lower()


def load_scenario(path: str | Path | None = None, **overrides: object) -> Scenario:
    """Read and validate a scenario file; ``None`` gives the built-in default (joint mode).

    Returns the resolved :class:`Scenario`. Raises :class:`ScenarioError` with a one-line
    message naming the file, the key and the expectation.
    """
    if path is None:
        scenario = Scenario(scenario=ScenarioInfo(name="joint_distribution"))
        return scenario.with_overrides(**overrides) if overrides else scenario
    path = Path(path)
    where = str(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioError(f"{where}: file not found; expected a scenario .toml file") from None
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(f"{where}: not valid TOML ({err})") from None
    except UnicodeDecodeError:
        raise ScenarioError(f"{where}: not UTF-8 text; expected a TOML scenario file") from None
    raw.setdefault("scenario", {})
    if isinstance(raw["scenario"], dict):
        raw["scenario"].setdefault("name", path.stem)
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as err:
        raise ScenarioError(_first_error(where, err)) from None
    scenario._base_dir = str(path.resolve().parent)
    for key, expected in (("facilities", "a facility CSV"), ("roads", "a .graphml, .osm or .osm.gz road file")):
        value = getattr(scenario.geography, key)
        if value and not resolve_path(scenario, value).is_file():
            raise ScenarioError(f"{where}: key 'geography.{key}': no file at {resolve_path(scenario, value)}; "
                                f"expected {expected} (relative paths start at the scenario's folder)")
    if overrides:
        try:
            scenario = scenario.with_overrides(**overrides)
        except ScenarioError as err:
            raise ScenarioError(f"{where}: {err}") from None
    return scenario


def resolve_path(scenario: Scenario, relative: str) -> Path:
    """Return a path from a scenario file resolved against the file's directory."""
    p = Path(relative)
    return p if p.is_absolute() else Path(scenario.base_dir) / p


def to_toml(scenario: Scenario) -> str:
    """Render the fully resolved scenario as TOML (what the run actually used)."""
    data = scenario.model_dump(mode="json")
    lines: list[str] = []
    for section in ("scenario", "geography", "demand", "produce", "operations", "costs", "policies", "kpi"):
        body = data[section]
        scalars = {k: v for k, v in body.items() if not _is_table_list(v) and not isinstance(v, dict)}
        lines.append(f"[{section}]")
        lines += [f"{k} = {_toml_value(v)}" for k, v in scalars.items() if v is not None]
        lines.append("")
        for k, v in body.items():
            if isinstance(v, dict):
                lines.append(f"[{section}.{k}]")
                lines += [f"{kk} = {_toml_value(vv)}" for kk, vv in v.items()]
                lines.append("")
            elif _is_table_list(v):
                for item in v:
                    lines.append(f"[[{section}.{k}]]")
                    lines += [f"{kk} = {_toml_value(vv)}" for kk, vv in item.items()]
                    lines.append("")
    for name, spec in data["vehicles"].items():
        lines.append(f"[vehicles.{name}]")
        lines += [f"{k} = {_toml_value(v)}" for k, v in spec.items()]
        lines.append("")
    for carrier in data["carriers"]:
        lines.append("[[carriers]]")
        lines += [f"{k} = {_toml_value(v)}" for k, v in carrier.items()]
        lines.append("")
    return "\n".join(lines)


def _is_table_list(v: object) -> bool:
    return isinstance(v, (list, tuple)) and bool(v) and all(isinstance(x, dict) for x in v)


def _toml_value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    s = str(v).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{s}"'
