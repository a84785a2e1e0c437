"""Search files: the levers a planner may pull, the service targets, and what to minimise.

    [search]
    scenario = "../../scenarios/joint_distribution.toml"   # relative to this file
    days = 28
    replications = 2          # every candidate runs on the same replication seeds
    seed = 1
    trials = 40               # candidates evaluated
    batch = 4                 # candidates evaluated at once (part of the result: keep it fixed)
    sampler = "tpe"           # "tpe" | "random" | "nsga2"
    minimise = "societal_cost_per_parcel_yuan"   # a summary KPI, or a list summed (same unit)
    [fixed]                   # optional: set in every run
    "geography.n_townships" = 4
    [constraints]             # service targets on the replications' mean
    village_coverage = { min = 0.95 }
    lead_time_mean_h = { max = 48.0 }
    [levers]
    "operations.mode" = ["separate", "joint"]                      # choices
    "operations.delivery_interval_days" = { low = 1, high = 3 }    # whole numbers when both ends are
    "policies.subsidy.per_parcel_yuan" = { low = 0.0, high = 2.0, step = 0.5 }

A bad file stops with one :class:`~sim.experiments.sweep_file.SweepError` line naming the
file and the key; every choice and both ends of every range are checked against the scenario.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError

from sim.config import ScenarioConfig
from sim.experiments.sweep_file import MAX_SEED, Scalar, SweepError, _Table, base_scenario, check_kpis, \
    check_overrides, fail, read_toml, validation_message
from sim.kpis import registry

MAX_TRIALS = 100_000
MAX_BATCH = 1_000
PosInt = Annotated[int, Field(ge=1, strict=True)]


class SearchInfo(_Table):
    scenario: str | None = None
    name: str | None = None
    days: PosInt | None = None
    replications: PosInt = 1
    seed: Annotated[int, Field(ge=0, le=MAX_SEED, strict=True)] = 0
    trials: Annotated[int, Field(ge=1, le=MAX_TRIALS, strict=True)] = 30
    batch: Annotated[int, Field(ge=1, le=MAX_BATCH, strict=True)] = 4
    sampler: Literal["tpe", "random", "nsga2"] = "tpe"
    minimise: str | list[str] | None = None
    maximise: str | list[str] | None = None


class Bound(_Table):
    min: float | None = None
    max: float | None = None


class RangeLever(_Table):
    low: int | float
    high: int | float
    step: int | float | None = None
    log: Annotated[bool, Field(strict=True)] = False


class SearchSpec(_Table):
    search: SearchInfo
    fixed: dict[str, Scalar | list[Scalar]] = {}
    constraints: dict[str, Bound] = {}
    levers: dict[str, Annotated[list[Scalar], Field(min_length=1)] | RangeLever]


@dataclass(frozen=True)
class Lever:
    """One lever: a dotted scenario key with its choices, or a range (whole numbers when ``integer``)."""

    key: str
    choices: tuple = ()
    low: float = 0.0
    high: float = 0.0
    step: float | None = None
    log: bool = False
    integer: bool = False


@dataclass(frozen=True)
class Search:
    """A validated search."""

    path: Path
    name: str
    base: ScenarioConfig
    replications: int
    seed: int
    trials: int
    batch: int
    sampler: str
    objective: tuple[str, ...]          # KPIs summed
    direction: str                      # "minimize" | "maximize"
    constraints: dict[str, tuple[float | None, float | None]]
    levers: tuple[Lever, ...]


def load_search(path: str | Path) -> Search:
    """Read and validate a search file (see the module docstring); raises SweepError."""
    path = Path(path)
    raw = read_toml(path, "search")
    tables = {(): SearchSpec, ("search",): SearchInfo}
    try:
        spec = SearchSpec.model_validate(raw)
    except ValidationError as err:
        raise SweepError(validation_message(path, err, tables)) from None
    info = spec.search
    base = base_scenario(path, info.scenario, spec.fixed, info.days, table="search")
    if (info.minimise is None) == (info.maximise is None):
        raise fail(path, "search.minimise", "expected either minimise or maximise: a summary KPI or a list of them")
    wanted = info.minimise if info.minimise is not None else info.maximise
    key = "search.minimise" if info.minimise is not None else "search.maximise"
    objective = check_kpis(path, [wanted] if isinstance(wanted, str) else list(wanted), key)
    _numeric(path, key, objective)
    check_kpis(path, list(spec.constraints), "constraints")
    _numeric(path, "constraints", tuple(spec.constraints))
    constraints = {}
    for kpi, bound in spec.constraints.items():
        if bound.min is None and bound.max is None:
            raise fail(path, f"constraints.{kpi}", "expected { min = X } and/or { max = Y }")
        if any(b is not None and not math.isfinite(b) for b in (bound.min, bound.max)):
            raise fail(path, f"constraints.{kpi}", "expected finite numbers")
        if bound.min is not None and bound.max is not None and bound.min > bound.max:
            raise fail(path, f"constraints.{kpi}", f"expected min ≤ max, got {bound.min} > {bound.max}")
        constraints[kpi] = (bound.min, bound.max)
    if not spec.levers:
        raise fail(path, "levers", "expected at least one lever: a dotted scenario key with choices or a range")
    levers = tuple(_lever(path, base, k, v) for k, v in spec.levers.items())
    for k in spec.levers:
        if k in spec.fixed or k in ("scenario.seed", "seed"):
            raise fail(path, f'levers."{k}"', "also in [fixed], or the seed (set by [search] seed); give it once")
    return Search(path=path, name=info.name or path.stem, base=base, replications=info.replications, seed=info.seed,
                  trials=info.trials, batch=info.batch, sampler=info.sampler, objective=objective,
                  direction="minimize" if info.minimise is not None else "maximize", constraints=constraints,
                  levers=levers)


def _numeric(path: Path, key: str, kpis: tuple[str, ...]) -> None:
    for k in kpis:
        if registry.kpi(k).unit == "" and registry.kpi(k).better == "":
            raise fail(path, key, f"{k!r} is a setting, not a KPI to optimise; expected a cost, time or share")


def _lever(path: Path, base: ScenarioConfig, key: str, value) -> Lever:
    where = f'levers."{key}"'
    if isinstance(value, list):
        if len({(type(v), v) for v in value}) != len(value):
            raise fail(path, where, f"a choice is listed twice in {value}")
        for v in value:
            check_overrides(path, base, "levers", {key: v})
        return Lever(key, choices=tuple(value))
    bounds = (value.low, value.high)
    if any(isinstance(b, bool) or not math.isfinite(b) for b in bounds) or not value.low < value.high:
        raise fail(path, where, f"expected low < high, two finite numbers, got low = {value.low}, high = {value.high}")
    if value.step is not None and not (0 < value.step <= value.high - value.low):
        raise fail(path, where, f"expected 0 < step ≤ high − low, got step = {value.step}")
    if value.log and value.low <= 0:
        raise fail(path, where, "expected low > 0 for log = true")
    integer = isinstance(value.low, int) and isinstance(value.high, int) and \
        (value.step is None or isinstance(value.step, int))
    for b in bounds:
        check_overrides(path, base, "levers", {key: b})
    return Lever(key, low=float(value.low), high=float(value.high), step=value.step, log=value.log, integer=integer)
