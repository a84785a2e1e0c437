"""Sweep files: a TOML file naming a scenario, the parameters to vary and how, validated
before any run.

    [sweep]
    scenario = "../../scenarios/joint_distribution.toml"   # relative to this file
    days = 30
    replications = 3
    seed = 7                 # master seed: per-run seeds via numpy SeedSequence(seed).spawn
    kpis = ["cost_per_parcel_down_yuan", "lead_time_mean_h"]     # optional: default every summary KPI
    [fixed]                  # optional: set in every run (dotted scenario keys)
    "geography.n_townships" = 4
    [parameters]             # full factorial over value lists (dotted scenario keys)
    "operations.mode" = ["separate", "joint"]
    [sampler]                # and/or: ranges sampled with SALib ("grid" | "lhs" | "sobol" | "morris")
    method = "sobol"
    n = 64
    [ranges]
    "demand.parcels_per_resident_per_day" = [0.02, 0.05]
    [[counties]]             # optional: the sweep runs on each county (a synthetic seed or a facility table)
    name = "north"
    seed = 3

A bad file stops with one :class:`SweepError` line naming the file, the key and what was
expected; every value of every parameter, both ends of every range and every county are
checked against the scenario before anything runs.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sim.config import ScenarioConfig, ScenarioError, apply_overrides, load_config
from sim.config.limits import MAX_NAME_CHARS
from sim.config.loading import read_toml_file
from sim.kpis import registry

MAX_SWEEP_FILE_BYTES = 1_000_000      # like a scenario file
MAX_RUNS = 1_000_000                  # a million runs is weeks on a large cluster; more is a slip
MAX_SEED = 2**32 - 1                  # numpy SeedSequence takes any int; keep it a 32-bit number as scenarios do
SAMPLERS = ("grid", "lhs", "sobol", "morris")

Scalar = str | bool | int | float
PosInt = Annotated[int, Field(ge=1, strict=True)]


class SweepError(ScenarioError):
    """A sweep file that cannot be run. ``str(err)`` is one line: file, key, expectation."""


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SweepInfo(_Table):
    scenario: str | None = None
    name: str | None = None
    days: PosInt | None = None
    replications: PosInt = 1
    seed: Annotated[int, Field(ge=0, le=MAX_SEED, strict=True)] = 0
    kpis: list[str] | None = None
    daily: Annotated[bool, Field(strict=True)] = False
    common_seeds: Annotated[bool, Field(strict=True)] = False


class SamplerInfo(_Table):
    method: Literal["grid", "lhs", "sobol", "morris"]
    n: PosInt
    levels: Annotated[int, Field(ge=2, le=100, strict=True)] = 4


class SweepSpec(_Table):
    sweep: SweepInfo
    fixed: dict[str, Scalar | list[Scalar]] = {}
    parameters: dict[str, Annotated[list[Scalar], Field(min_length=1)]] = {}
    sampler: SamplerInfo | None = None
    ranges: dict[str, Annotated[list[int | float], Field(min_length=2, max_length=2)]] = {}
    counties: list[dict[str, Scalar]] = []


@dataclass(frozen=True)
class Range:
    """A sampled parameter: dotted key, bounds, and whether its values are whole numbers."""

    key: str
    low: float
    high: float
    integer: bool


@dataclass(frozen=True)
class Sweep:
    """A validated sweep: the base scenario (with [fixed] and days applied) and what varies."""

    path: Path
    name: str
    base: ScenarioConfig
    replications: int
    seed: int
    kpis: tuple[str, ...]
    daily: bool
    common_seeds: bool
    parameters: dict[str, list] = field(default_factory=dict)      # factorial: key -> values
    method: str | None = None
    n: int = 0
    levels: int = 4
    ranges: tuple[Range, ...] = ()
    counties: dict[str, dict] = field(default_factory=dict)       # name -> geography overrides
    # From Python only (not a sweep file key): a run observer, see sim.experiments.task.run_one
    probe: Callable | None = None


def fail(path: Path, key: str, text: str) -> SweepError:
    """SweepError: FILE: key 'KEY': TEXT."""
    return SweepError(f"{path}: key '{key}': {text}")


def read_toml(path: Path, what: str = "sweep") -> dict:
    """The TOML table of a sweep (or search) file; SweepError for what cannot be one."""
    return read_toml_file(path, what, MAX_SWEEP_FILE_BYTES, SweepError)


def validation_message(path: Path, err: ValidationError, tables: dict | None = None) -> str:
    """A pydantic error as one line: file, key, expectation (``tables``: key path -> model, for unknown keys)."""
    first = err.errors(include_url=False)[0]
    loc = [str(x) for x in first["loc"] if not str(x).startswith("function-")]
    # the types a union tried (str, bool, int...) are not keys
    loc = [x for x in loc if x not in ("str", "bool", "int", "float", "list[union[str,bool,int,float]]")]
    key = ".".join(f'"{x}"' if "." in x else x for x in loc) or "(top level)"
    kind = first["type"]
    if kind == "extra_forbidden":
        text = "unknown key; expected one of " + _known(loc[:-1], tables)
        key = ".".join(loc)
    elif kind == "missing":
        text = "this table or key is required"
    elif kind in ("too_short", "too_long"):
        text = f"expected {str(first['msg']).lower()}"
    elif kind == "literal_error":
        text = f"expected one of {first.get('ctx', {}).get('expected', '')}, got {first.get('input')!r}"
    else:
        text = f"expected {_expected(kind, first)}, got {first.get('input')!r}"
    return f"{path}: key '{key}': {text}"


def _known(parent: list[str], tables: dict | None) -> str:
    tables = tables or {(): SweepSpec, ("sweep",): SweepInfo, ("sampler",): SamplerInfo}
    model = tables.get(tuple(parent))
    return str(sorted(model.model_fields)) if model else "the keys the README lists"


def _expected(kind: str, error: dict) -> str:
    ctx = error.get("ctx") or {}
    if kind.startswith(("greater_than", "less_than")):
        words = {"greater_than_equal": "≥", "greater_than": ">", "less_than_equal": "≤", "less_than": "<"}
        return f"a number {words.get(kind, '')} {next(iter(ctx.values()), '')}"
    for prefix, text in (("int", "a whole number"), ("float", "a number"), ("bool", "true or false"),
                         ("string", "a string"), ("list", "a list"), ("dict", "a table"), ("model", "a table")):
        if kind.startswith(prefix):
            return text
    return "a number, string or true/false" if "union" in kind or kind.endswith("_type") else str(error["msg"]).lower()


def load_sweep(path: str | Path) -> Sweep:
    """Read and validate a sweep file (see the module docstring); raises :class:`SweepError`."""
    path = Path(path)
    raw = read_toml(path)
    try:
        spec = SweepSpec.model_validate(raw)
    except ValidationError as err:
        raise SweepError(validation_message(path, err)) from None
    info = spec.sweep
    name = info.name or path.stem
    if not name.strip() or len(name) > MAX_NAME_CHARS or any(unicodedata.category(c).startswith("C") for c in name):
        raise fail(path, "sweep.name", f"expected printable text of 1–{MAX_NAME_CHARS} characters, got {name!r}")
    base = base_scenario(path, spec.sweep.scenario, spec.fixed, spec.sweep.days)
    kpis = check_kpis(path, info.kpis)
    varied = list(spec.parameters) + list(spec.ranges)
    for key in varied + list(spec.fixed):
        if key in ("scenario.seed", "seed"):
            raise fail(path, key, "the sweep sets each run's seed from [sweep] seed; vary replications instead")
    for key in spec.parameters:
        if key in spec.ranges or key in spec.fixed:
            raise fail(path, f'parameters."{key}"', "also in [ranges] or [fixed]; give each key once")
    for key in spec.ranges:
        if key in spec.fixed:
            raise fail(path, f'ranges."{key}"', "also in [fixed]; give each key once")
    parameters = {key: _check_values(path, base, key, values) for key, values in spec.parameters.items()}
    ranges = tuple(_check_range(path, base, key, bounds) for key, bounds in spec.ranges.items())
    _check_sampler(path, spec)
    counties = _counties(path, base, spec.counties)
    sweep = Sweep(path=path, name=name, base=base, replications=info.replications, seed=info.seed, kpis=kpis,
                  daily=info.daily, common_seeds=info.common_seeds, parameters=parameters,
                  method=spec.sampler.method if spec.sampler else None, n=spec.sampler.n if spec.sampler else 0,
                  levels=spec.sampler.levels if spec.sampler else 4, ranges=ranges, counties=counties)
    total = count_runs(sweep)
    if total > MAX_RUNS:
        raise fail(path, "sweep.replications", f"the sweep has {total:,} runs; expected at most {MAX_RUNS:,} "
                    f"(fewer values, a smaller sampler n or fewer replications)")
    return sweep


def base_scenario(path: Path, scenario: str | None, fixed: dict, days: int | None,
                  table: str = "sweep") -> ScenarioConfig:
    """The scenario a file names (relative to the file; None: the built-in default), with [fixed] and days."""
    fixed = dict(fixed)
    if days is not None:
        fixed["scenario.days"] = days
    if scenario is None:
        try:
            return load_config(None, fixed)
        except ScenarioError as err:
            raise SweepError(f"{path}: [fixed]: {' '.join(str(err).split())}") from None
    target = Path(scenario) if Path(scenario).is_absolute() else path.resolve().parent / scenario
    try:
        base = load_config(target)
    except ScenarioError as err:
        raise fail(path, f"{table}.scenario", " ".join(str(err).split())) from None
    try:
        return apply_overrides(base, fixed, where=f"{path}: [fixed]") if fixed else base
    except ScenarioError as err:
        raise SweepError(" ".join(str(err).split())) from None


def check_kpis(path: Path, wanted: list[str] | None, key: str = "sweep.kpis") -> tuple[str, ...]:
    """The summary KPIs named (default: all of them); SweepError naming an unknown one."""
    known = [k.key for k in registry.SUMMARY]
    if wanted is None:
        return tuple(known)
    for k in wanted:
        if k not in known:
            raise fail(path, key, f"{k!r} is not a summary KPI; expected some of {known}")
    if len(set(wanted)) != len(wanted):
        raise fail(path, key, "a KPI is listed twice")
    return tuple(wanted)


def check_overrides(path: Path, base: ScenarioConfig, where: str, overrides: dict) -> None:
    """SweepError naming the file and the [table] ``where`` unless ``overrides`` apply to ``base``."""
    try:
        apply_overrides(base, overrides, where=f"{path} [{where}]")
    except ScenarioError as err:
        raise SweepError(" ".join(str(err).split())) from None


def _check_values(path: Path, base: ScenarioConfig, key: str, values: list) -> list:
    where = f'parameters."{key}"'
    if len({(type(v), v) for v in values}) != len(values):
        raise fail(path, where, f"a value is listed twice in {values}")
    for v in values:
        if isinstance(v, float) and not math.isfinite(v):
            raise fail(path, where, f"expected finite numbers, got {v}")
        check_overrides(path, base, "parameters", {key: v})
    return list(values)


def _check_range(path: Path, base: ScenarioConfig, key: str, bounds: list) -> Range:
    where = f'ranges."{key}"'
    low, high = bounds
    if any(isinstance(b, bool) or not math.isfinite(b) for b in bounds):
        raise fail(path, where, f"expected [low, high] as two finite numbers, got {bounds}")
    if not low < high:
        raise fail(path, where, f"expected [low, high] with low < high, got {bounds}")
    integer = all(isinstance(b, int) for b in bounds)
    for b in bounds:
        check_overrides(path, base, "ranges", {key: b})
    return Range(key, float(low), float(high), integer)


def _check_sampler(path: Path, spec: SweepSpec) -> None:
    if spec.ranges and spec.sampler is None:
        raise fail(path, "sampler", "[ranges] needs a [sampler] table with method and n")
    if spec.sampler is None:
        return
    if not spec.ranges:
        raise fail(path, "ranges", "[sampler] needs a [ranges] table: dotted keys with [low, high]")
    s = spec.sampler
    if s.method == "sobol" and s.n & (s.n - 1):
        raise fail(path, "sampler.n", f"expected a power of 2 for method 'sobol' (Sobol' sequences are "
                    f"balanced at powers of 2), got {s.n}")
    if s.method == "grid" and s.n < 2:
        raise fail(path, "sampler.n", f"expected at least 2 points per range for method 'grid', got {s.n}")
    if s.method == "morris" and s.levels % 2:
        raise fail(path, "sampler.levels", f"expected an even number of levels for method 'morris', got {s.levels}")
    if s.method in ("sobol", "morris") and len(spec.ranges) < 2:
        raise fail(path, "ranges", f"method '{s.method}' needs at least 2 ranges to compare, got {len(spec.ranges)}")


def _counties(path: Path, base: ScenarioConfig, entries: list[dict]) -> dict[str, dict]:
    counties: dict[str, dict] = {}
    for i, entry in enumerate(entries):
        where = f"counties[{i}]"
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME_CHARS:
            raise fail(path, f"{where}.name", f"expected a name of 1–{MAX_NAME_CHARS} characters, got {name!r}")
        if name in counties:
            raise fail(path, f"{where}.name", f"{name!r} is used twice; expected a name per county")
        geo = {k: v for k, v in entry.items() if k != "name"}
        if ("seed" in geo) == ("facilities" in geo):
            raise fail(path, where, "expected either seed = N (a synthetic county) or facilities = \"FILE\" "
                        "(a facility table, relative to the sweep file)")
        if "facilities" in geo:
            geo.setdefault("source", "file")
            for k in ("facilities", "roads"):
                if k in geo:
                    if not isinstance(geo[k], str):
                        raise fail(path, f"{where}.{k}", f"expected a file path, got {geo[k]!r}")
                    p = Path(geo[k]) if Path(geo[k]).is_absolute() else path.resolve().parent / geo[k]
                    if not p.is_file():
                        raise fail(path, f"{where}.{k}", f"no file at {p} (relative paths start at the sweep "
                                    f"file's folder)")
                    geo[k] = str(p.resolve())
        else:
            geo.setdefault("source", "synthetic")
        overrides = {f"geography.{k}": v for k, v in geo.items()}
        check_overrides(path, base, where, overrides)
        counties[name] = overrides
    return counties


def count_runs(sweep: Sweep) -> int:
    """How many runs the sweep has: counties × value combinations × sample points × replications."""
    combos = math.prod(len(v) for v in sweep.parameters.values())
    return max(1, len(sweep.counties)) * combos * sample_size(sweep) * sweep.replications


def sample_size(sweep: Sweep) -> int:
    """Rows of the sampler's design (1 without a sampler)."""
    d = len(sweep.ranges)
    if sweep.method is None:
        return 1
    if sweep.method == "grid":
        return sweep.n ** d
    if sweep.method == "sobol":
        return sweep.n * (d + 2)          # first and total order (no second order)
    if sweep.method == "morris":
        return sweep.n * (d + 1)          # n trajectories
    return sweep.n                        # lhs
