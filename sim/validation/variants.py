"""What the validation runs: two counties, each under the shipped scenarios that bear on the
documented effects, and the few settings changed for validation (each with its reason).

A county is a shipped scenario file that sets the geography (the default synthetic county;
Chongyang's real facilities on a synthetic road graph). A variant is a shipped scenario
file whose operating tables (``[operations]``, ``[policies.*]``, …; not its name, days,
seed or geography) are laid over the county's, plus any :class:`Change` made for
validation. Nothing else is set: every other figure is the cited default.
"""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass
from pathlib import Path

from sim.config import ScenarioConfig, ScenarioError, apply_overrides, load_config
from sim.config import defaults as D

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
# Keys of a variant's scenario file that are not laid over the county: what the file is
# called and how long and on which seed it runs are the validation's; geography is the county's.
_NOT_LAID_OVER = {"scenario.name", "scenario.description", "scenario.days", "scenario.seed"}


@dataclass(frozen=True)
class Change:
    """A scenario key set for validation (not a default), and why."""

    key: str
    value: object
    reason: str


@dataclass(frozen=True)
class County:
    """A county the effects are measured on: a shipped scenario that sets its geography."""

    key: str
    label: str
    scenario: str                       # file in scenarios/
    about: str


@dataclass(frozen=True)
class Variant:
    """A policy case: a shipped scenario's operating tables, plus changes made for validation."""

    key: str
    label: str
    scenario: str                       # file in scenarios/
    changes: tuple[Change, ...] = ()


COUNTIES = (
    County("synthetic", "Default synthetic county", "joint_distribution.toml",
           "12 townships × 15 villages on a seeded plain county (figures.md §1 defaults)"),
    County("chongyang", "Chongyang (Hubei)", "chongyang_joint.toml",
           "12 townships and 178 administrative villages at their real coordinates (Vonng/adcode table), "
           "roads built over them with a detour factor (synthetic), hilly terrain as its scenario file sets"),
)

SMALL_ORDERS_FACTOR = 0.25
SMALL_ORDERS = Change(
    "demand.parcels_per_resident_per_day", D.PARCELS_PER_RESIDENT_PER_DAY * SMALL_ORDERS_FACTOR,
    "Kou et al. (2022) find public transport helps most when orders per node are very small: a quarter of "
    "the default volume (≈ 7.5 parcels per village a day, below Taojiang's 16–22, figures.md §2.2) is the "
    "small-order case; the default volume is the other")
DAILY_VANS = Change(
    "operations.delivery_interval_days", 1,
    "He & Guan (2023) add buses to a freight service that keeps its schedule, while the shipped bus lever also "
    "halves the van rounds (every second day); with daily vans the comparison is theirs")
FRUIT_SEASON = Change(
    "scenario.start_date", datetime.date(2025, 8, 1),
    "the cold-chain scenario runs in the fruit season (from 1 August, as lever_cold_chain.toml does); the loss "
    "without a cold chain is measured in the same season (at winter's 3–7 °C produce keeps 10 days or more)")

VARIANTS = (
    Variant("separate", "Separate brands (baseline)", "baseline_separate.toml"),
    Variant("joint", "Joint distribution", "joint_distribution.toml"),
    Variant("bus", "Joint + rural buses", "lever_bus_integration.toml"),
    Variant("bus_daily", "Joint + rural buses, daily vans", "lever_bus_integration.toml", (DAILY_VANS,)),
    Variant("joint_small", "Joint, small orders", "joint_distribution.toml", (SMALL_ORDERS,)),
    Variant("bus_small", "Joint + rural buses, small orders", "lever_bus_integration.toml", (SMALL_ORDERS,)),
    Variant("fruit", "Joint, fruit season", "joint_distribution.toml", (FRUIT_SEASON,)),
    Variant("cold_chain", "Joint + cold chain, fruit season", "lever_cold_chain.toml"),
)
VARIANT_LABELS = {v.key: v.label for v in VARIANTS}


def flatten(table: dict, prefix: str = "") -> dict[str, object]:
    """A TOML table as dotted keys (``{"policies": {"bus": {"enabled": true}}}`` →
    ``{"policies.bus.enabled": True}``); lists of tables are refused (they are not overrides)."""
    out: dict[str, object] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, name + "."))
        elif isinstance(value, list) and any(isinstance(v, dict) for v in value):
            raise ScenarioError(f"{name}: a list of tables cannot be laid over another scenario")
        else:
            out[name] = value
    return out


def scenario_path(name: str) -> Path:
    return SCENARIOS / name


def operating_overrides(scenario: str) -> dict[str, object]:
    """The keys of a shipped scenario file laid over a county (see the module docstring)."""
    path = scenario_path(scenario)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioError(f"{path}: file not found; the validation runs the shipped scenarios "
                            f"(run it from a checkout of the repository)") from None
    return {k: v for k, v in flatten(raw).items() if k not in _NOT_LAID_OVER and not k.startswith("geography.")}


def county_available(county: County) -> str | None:
    """None when the county's scenario and data files are there; else why not (one line)."""
    try:
        load_config(scenario_path(county.scenario))
    except ScenarioError as err:
        return " ".join(str(err).split())
    return None


def variant_config(county: County, variant: Variant, days: int) -> ScenarioConfig:
    """The county's scenario with the variant's tables, its changes and ``days`` laid over it."""
    base = load_config(scenario_path(county.scenario))
    overrides = {**operating_overrides(variant.scenario), **{c.key: c.value for c in variant.changes},
                 "scenario.days": days, "scenario.name": f"validation-{county.key}-{variant.key}",
                 "scenario.description": f"{county.label}: {variant.label}"}
    return apply_overrides(base, overrides, where=f"validation {county.key}/{variant.key}")


def changes_made(days: int) -> list[Change]:
    """Every setting the validation changes from the shipped scenarios, with its reason."""
    out = [Change("scenario.days", days,
                  "every run lasts as long (the shipped files run 14 or 60 days); the first "
                  f"{min(D.WARMUP_DAYS, days // 2)} are the warm-up the KPIs leave out"),
           Change("scenario.seed", "per replication",
                  "every variant runs on the same seeds (common random numbers), drawn from the validation's "
                  "master seed, so effects are measured run by run on the same parcels")]
    seen = set()
    for v in VARIANTS:
        for c in v.changes:
            if c.key not in seen:
                seen.add(c.key)
                out.append(Change(c.key, c.value, f"{c.reason} (variants: "
                                  f"{', '.join(w.label for w in VARIANTS if c in w.changes)})"))
    return out
