"""The ODD's parameter tables: every scenario key with its default, unit, allowed values and source.

Keys come from walking :class:`sim.config.ScenarioConfig` (every section, ``policies.*``,
``packaging``, each ``vehicles.<name>``, each entry of ``produce.crops``, ``demand.festivals``
and ``carriers``); defaults are the schema's own values; allowed values are the schema's
types and bounds with :data:`sim.config.limits.LIMITS`; the source is the comment next to the
figure in :mod:`sim.config.defaults` (:mod:`.comments`), found through the schema's source
(:mod:`.schema_sources`). Nothing in these tables is typed by hand except the unit names.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel

from sim.config import ScenarioConfig
from sim.config.limits import LIMITS
from sim.docs.comments import Note, constants, default_notes
from sim.docs.schema_sources import SchemaSources

# Units by the end of a key's last part, longest match first (the names carry their units).
_UNIT_SUFFIXES = (
    ("_yuan_per_parcel", "yuan/parcel"), ("_per_parcel_yuan", "yuan/parcel"), ("_yuan_per_kg", "yuan/kg"),
    ("_per_km_yuan", "yuan/km"), ("_yuan_per_h", "yuan/h"), ("_yuan_per_t", "yuan/t CO₂"),
    ("_yuan_per_month", "yuan/month"), ("_yuan_per_kwh", "yuan/kWh"), ("_per_day_yuan", "yuan/day"),
    ("_per_service_point_per_day_yuan", "yuan/point/day"), ("_per_route_yuan", "yuan/tour"),
    ("_per_flight_yuan", "yuan/flight"), ("_kwh_per_t", "kWh/t"), ("_co2_kg_per_km", "kg CO₂/km"),
    ("_co2_kg_per_kg", "kg CO₂/kg"), ("_co2_kg_per_flight", "kg CO₂/flight"), ("_kg_per_m3", "kg/m³"),
    ("_kg_per_kg", "kg/kg"), ("_kg_per_lot", "kg/lot"), ("_kg", "kg"), ("_km2", "km²"), ("_kmh", "km/h"),
    ("_km", "km"), ("_m3", "m³"), ("_parcels_per_h", "parcels/h"), ("_per_resident_per_day", "parcels/resident/day"),
    ("_lots_per_village_per_day", "lots/village/day"), ("_parcels_per_village_per_day", "parcels/village/day"),
    ("_parcels_per_township_per_day", "parcels/township/day"), ("_h", "h"), ("_hours", "hours of day"),
    ("_hour", "hour of day"), ("_days", "days"), ("_s", "s"), ("_c", "°C"), ("_months", "months (1–12)"),
    ("_month", "month (1–12)"), ("_share", "share (0–1)"), ("_log_sigma", "σ of the log"),
    ("_elasticity", "elasticity"), ("_factor", "×"), ("_factor_max", "×"),
)
# Keys whose name says nothing of the unit, by last part or by whole key (``*`` = any entry).
_UNITS = {
    "days": "days", "seed": "—", "start_date": "date", "month": "month (1–12)", "day": "day of month",
    "factor": "× a normal day", "weekday_factor": "× the mean day, Monday first",
    "shelf_life_h": "h at 20 °C", "monthly_mean_temp_c": "°C, January–December", "n_townships": "townships",
    "villages_per_township": "villages", "population_per_village": "residents", "compartments": "compartments",
    "lockers_per_township": "locker banks", "lines_per_township": "bus lines",
    "capacity_parcels": "parcels/courier", "station_capacity_parcels": "parcels/day",
    "door_threshold_parcels": "parcels", "crate_trips": "trips", "box_uses": "uses",
    "routing_max_iterations": "iterations", "half_width_days": "days", "villager_parcels_per_trip": "parcels/trip",
    "max_vans_per_station": "vans (0 = no cap)", "max_trucks_per_operator": "trucks (0 = no cap)",
    "separate_delivery_weekdays": "weekdays (0 = Monday)", "route_plan_headroom": "share (0–1)",
    "produce_trip_min_load_share": "share of a vehicle", "weather_downtime": "share of days",
    "availability": "probability", "availability_harvest": "probability",
    "villager_pickup_prob_market_day": "probability", "villager_pickup_prob_other_day": "probability",
    "supply_adjust_per_day": "share per day", "annual_growth": "share per year",
    "farm_input_share_spring": "share (0–1)", "hub_arrival_shares": "shares (0–1)", "kg_per_m3": "kg/m³",
    "pickup_h": "h/parcel", "villager_outlet_h": "h/trip", "stop_service_h": "h/stop",
    "full_truck_share": "share of a truck", "crate_capacity_kg": "kg/crate", "crate_kg": "kg/crate",
    "box_kg": "kg/box", "crate_folded_m3": "m³/crate", "box_folded_m3": "m³/box", "crate_price_yuan": "yuan/crate",
    "box_price_yuan": "yuan/box", "crate_handling_yuan": "yuan/trip", "box_handling_yuan": "yuan/use",
    "parcel_kg": "kg/parcel", "parcel_yuan": "yuan/parcel", "spare_capacity_kg": "kg/bus trip",
    "payload_kg": "kg/flight", "range_km": "km, round trip", "min_road_km": "km by road",
    "policies.lockers.cost_per_day_yuan": "yuan/bank/day",
    "policies.forward_warehouse.cost_per_day_yuan": "yuan/site/day",
    "policies.forward_warehouse.capacity_kg": "kg/site",
    "policies.cold_chain.storage_cost_per_day_yuan": "yuan/cold room/day",
    "costs.township_office_cost_per_day_yuan": "yuan/office/day",
    "vehicles.*.fixed_cost_per_day_yuan": "yuan/vehicle/day", "policies.drones.fixed_cost_per_day_yuan": "yuan/drone/day",
}
SECTION_TITLES = {
    "scenario": "The run", "geography": "The county (geography)", "demand": "Parcels going down (demand)",
    "produce": "Produce and sellers' parcels going up (produce)", "operations": "Operations",
    "costs": "Costs and villagers' trips", "policies": "Policy levers (each off by default)",
    "packaging": "Packaging", "kpi": "KPI settings", "vehicles": "Vehicles", "carriers": "Express brands (carriers)",
}


@dataclass(frozen=True)
class Parameter:
    """One row of the parameter tables."""

    key: str
    default: object
    unit: str
    allowed: str
    constants: tuple[str, ...]       # default constants the value comes from ("" for a setting)
    notes: tuple[Note, ...]
    comment: str                      # the schema's own comment on the field

    @property
    def section(self) -> str:
        return self.key.split(".")[0]

    def kind(self) -> str:
        """``cited``, ``cited + ASSUMPTION``, ``ASSUMPTION`` or ``setting`` (see :class:`Note`)."""
        cited = any(n.cited for n in self.notes)
        assumed = any(n.assumption for n in self.notes)
        if cited:
            return "cited + ASSUMPTION" if assumed else "cited"
        return "ASSUMPTION" if assumed else "setting"


def unit_of(key: str) -> str:
    """The unit of ``key`` from its name ("—" for text, choices, flags and seeds)."""
    parts = key.split(".")
    for k, unit in _UNITS.items():
        kp = k.split(".")
        if len(kp) > 1 and len(kp) == len(parts) and all(a in ("*", b) for a, b in zip(kp, parts)):
            return unit
    last = parts[-1]
    if last in _UNITS:
        return _UNITS[last]
    for suffix, unit in sorted(_UNIT_SUFFIXES, key=lambda s: -len(s[0])):
        if ("_" + last).endswith(suffix):
            return unit
    return "—"


def _bounds(metadata: list, extra: tuple[float | None, float | None] = (None, None)) -> list[str]:
    """The stricter lower and upper bound of the schema's constraints and a LIMITS pair."""
    lo: tuple[float, bool] | None = None          # (value, strict)
    hi: tuple[float, bool] | None = None
    for m in metadata:
        for attr, strict, lower in (("ge", False, True), ("gt", True, True), ("le", False, False), ("lt", True, False)):
            v = getattr(m, attr, None)
            if v is None:
                continue
            if lower and (lo is None or (v, strict) > lo):
                lo = (v, strict)
            if not lower and (hi is None or (-v, strict) > (-hi[0], hi[1])):
                hi = (v, strict)
    if extra[0] is not None and (lo is None or extra[0] > lo[0]):
        lo = (extra[0], False)
    if extra[1] is not None and (hi is None or extra[1] < hi[0]):
        hi = (extra[1], False)
    out = []
    if lo is not None:
        out.append(f"{'>' if lo[1] else '≥'} {_num(lo[0])}")
    if hi is not None:
        out.append(f"{'<' if hi[1] else '≤'} {_num(hi[0])}")
    return out


def _num(v: float) -> str:
    return f"{v:,}" if isinstance(v, int) or float(v).is_integer() and abs(v) >= 1000 else f"{v:g}"


def describe_type(annotation: object, metadata: list | None = None,
                  extra: tuple[float | None, float | None] = (None, None)) -> str:
    """What values a field takes, from its type and constraints; ``extra`` is a
    (lowest, highest) pair from :data:`LIMITS` (for a list: each of its numbers)."""
    metadata = list(metadata or [])
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *more = typing.get_args(annotation)
        for e in more:
            metadata += list(getattr(e, "metadata", [e]))
        return describe_type(base, metadata, extra)
    if origin is typing.Literal:
        return " | ".join(f'"{a}"' for a in typing.get_args(annotation))
    if origin in (types.UnionType, typing.Union):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return describe_type(args[0], metadata, extra) + " or none"
    if origin is tuple:
        args = typing.get_args(annotation)
        if len(args) == 2 and args[1] is Ellipsis:
            return "list of " + _plural(describe_type(args[0], None, extra))
        return f"{len(args)} × " + describe_type(args[0], None, extra)
    name = {bool: "true / false", int: "whole number", float: "number", str: "text", date: "date"}.get(
        annotation, getattr(annotation, "__name__", str(annotation)))
    return " ".join([name, ", ".join(_bounds(metadata, extra))]).strip()


def _plural(text: str) -> str:
    return text.replace("whole number", "whole numbers").replace("number", "numbers", 1) \
        if not text.startswith("whole") else text.replace("whole number", "whole numbers", 1)


def _limit(key: str) -> tuple[float | None, float | None] | None:
    parts = key.split(".")
    for pattern, (lo, hi, _) in LIMITS.items():
        pp = pattern.split(".")
        if len(pp) == len(parts) and all(p == "*" or p == k for p, k in zip(pp, parts)):
            return lo, hi
    return None


def allowed_values(key: str, annotation: object, metadata: list) -> str:
    """The schema's description of the values, with the bounds of :data:`LIMITS`."""
    return describe_type(annotation, metadata, _limit(key) or (None, None))


def _walk(obj: BaseModel, prefix: str, path: list[tuple[str, str]]):
    """(key, value, field info, path of (class, field)) for every leaf of a scenario."""
    cls = type(obj)
    for name, field in cls.model_fields.items():
        value = getattr(obj, name)
        key = f"{prefix}.{name}" if prefix else name
        here = [*path, (cls.__name__, name)]
        if isinstance(value, BaseModel):
            yield from _walk(value, key, here)
        elif isinstance(value, dict) and value and all(isinstance(v, BaseModel) for v in value.values()):
            for entry, sub in value.items():
                yield from _walk(sub, f"{key}.{entry}", here)
        elif isinstance(value, tuple) and value and all(isinstance(v, BaseModel) for v in value):
            for i, sub in enumerate(value):
                yield from _walk(sub, f"{key}.{getattr(sub, 'name', i)}", here)
        else:
            yield key, value, field, here


def parameters(config: ScenarioConfig | None = None) -> list[Parameter]:
    """Every key of the (default) scenario, in the schema's order."""
    config = config if config is not None else ScenarioConfig()
    sources = SchemaSources()
    _, notes_of = default_notes()
    rows = []
    for key, value, field, path in _walk(config, "", []):
        names = tuple(sources.constants_of(path))
        notes = tuple(dict.fromkeys(n for c in names for n in notes_of.get(c, [])))
        rows.append(Parameter(key=key, default=value, unit=unit_of(key),
                              allowed=allowed_values(key, field.annotation, field.metadata),
                              constants=names, notes=notes, comment=sources.comment_of(*path[-1])))
    return rows


def other_constants(params: list[Parameter]) -> list[tuple[str, str, object, tuple[Note, ...]]]:
    """Default constants no scenario key reads: (name, module, value, notes). They are fixed
    in the code (change them in ``sim/config/defaults/``) or used where no key reaches."""
    used = {c for p in params for c in p.constants}
    _, notes_of = default_notes()
    return [(name, module, value, tuple(notes_of.get(name, ()))) for name, (module, value) in constants().items()
            if name not in used]


def format_value(value: object) -> str:
    """A default as a scenario file would write it (TOML-like), short."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {format_value(v)}" for k, v in value.items()) + "}"
    return str(value)
