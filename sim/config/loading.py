"""Reading scenario files: TOML → validated :class:`~sim.config.schema.ScenarioConfig`.

:func:`load_config` reads a file (or gives the built-in default), :func:`apply_overrides`
sets keys by their dotted names, :func:`to_toml` writes the fully resolved scenario back.
An unknown key, a wrong type, a negative rate or capacity or an unknown mode stops with a
:class:`ScenarioError` whose one-line message names the file, the key and what was
expected.
"""

from __future__ import annotations

import stat
import tomllib
from collections.abc import Mapping
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ValidationError

from sim.config.limits import MAX_NAME_CHARS, MAX_SCENARIO_FILE_BYTES
from sim.config.schema import ScenarioConfig, ScenarioInfo, VehicleSpec


class ScenarioError(ValueError):
    """A scenario that cannot be run. ``str(err)`` is one line: file, key, expectation."""


# Top-level tables whose keys a bare override name (``"mode"``) may refer to.
_BARE_NAME_SECTIONS = ("scenario", "geography", "demand", "produce", "operations", "costs", "packaging", "kpi")


def apply_overrides(config: ScenarioConfig, overrides: Mapping[str, object],
                    where: str = "overrides") -> ScenarioConfig:
    """Return a copy of ``config`` with overrides applied and re-validated.

    Keys are dotted paths to any key of a scenario file — ``"operations.mode"``,
    ``"policies.bus.enabled"``, ``"vehicles.van.capacity_kg"`` — where an entry of a list
    of tables is picked by its ``name`` or its position (``"produce.crops.fruit.shelf_life_h"``,
    ``"demand.festivals.0.factor"``); a bare name (``"mode"``) works when exactly one table
    has that key. Values are as a TOML file would give them (dates as ISO text are fine);
    NumPy scalars and arrays are taken as the Python numbers and lists they hold. Raises
    :class:`ScenarioError` naming the key for an unknown key or a bad value.
    """
    data = config.model_dump(mode="python")
    for key, value in overrides.items():
        _set_path(data, str(key), _plain(value), where)
    try:
        resolved = ScenarioConfig.model_validate(data)
    except ValidationError as err:
        raise ScenarioError(_first_error(where, err)) from None
    resolved._base_dir = config.base_dir
    resolved._source = config._source
    return resolved


def _plain(value: object) -> object:
    """NumPy scalars and arrays as Python numbers and lists (strict validation rejects them)."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _set_path(data: dict, key: str, value: object, where: str) -> None:
    """Set ``value`` at the dotted ``key`` of a dumped scenario (see :func:`apply_overrides`)."""
    parts = key.split(".")
    if len(parts) == 1:
        owners = [s for s in _BARE_NAME_SECTIONS if key in data[s]]
        if len(owners) != 1:
            raise ScenarioError(f"{where}: unknown parameter {key!r}; expected a dotted scenario key "
                                f"such as 'operations.mode'")
        parts = [owners[0], key]
    node: object = data
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        here = ".".join(parts[:depth]) or "the scenario"
        if isinstance(node, dict):
            new_vehicle = parts[:depth] == ["vehicles"] and last and isinstance(value, dict)
            if part not in node and not new_vehicle:
                raise ScenarioError(f"{where}: unknown parameter {key!r}: '{part}' is not a key of {here}; "
                                    f"expected one of {sorted(node)}")
            slot = part
        elif isinstance(node, list):
            slot = _list_index(node, part)
            if slot is None:
                names = [e["name"] for e in node if isinstance(e, dict) and "name" in e]
                expected = f"a name in {names} or a position 0–{len(node) - 1}" if names else \
                    f"a position 0–{len(node) - 1}"
                raise ScenarioError(f"{where}: unknown parameter {key!r}: no entry '{part}' in {here}; "
                                    f"expected {expected}")
        else:
            raise ScenarioError(f"{where}: unknown parameter {key!r}: {here} is a value, not a table")
        if last:
            node[slot] = value
        else:
            child = node[slot]
            node[slot] = child = list(child) if isinstance(child, tuple) else child
            node = child


def _list_index(entries: list, part: str) -> int | None:
    """Position of the entry ``part`` names in a list (by ``name``, or a position), or None."""
    for i, entry in enumerate(entries):
        if isinstance(entry, dict) and entry.get("name") == part:
            return i
    if part.isdigit() and int(part) < len(entries):
        return int(part)
    return None


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
    error_type = first["type"]
    got = first.get("input")
    if error_type == "missing" and loc and isinstance(loc[-1], int) and isinstance(got, (list, tuple)):
        # A fixed-length list that is too short: pydantic reports each absent entry.
        parent = loc[:-1]
        absent = [e for e in errors if e["type"] == "missing" and tuple(e["loc"][:-1]) == parent]
        msg = f"{where}: key '{_key_path(parent)}': expected {len(got) + len(absent)} entries, got {len(got)}"
        others = len(errors) - len(absent)
        return msg + (f" (and {others} more problem{'s' if others > 1 else ''})" if others else "")
    if error_type == "extra_forbidden":
        msg = f"{where}: unknown key '{key}'"
        parent = _model_for(loc[:-1])
        if parent is not None:
            msg += f"; expected one of {sorted(parent.model_fields)}"
    elif error_type == "value_error":
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
    model: type[BaseModel] = ScenarioConfig
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
    error_type = error["type"]
    ctx = error.get("ctx", {}) or {}
    if error_type in ("greater_than_equal", "greater_than", "less_than", "less_than_equal"):
        words = {"greater_than_equal": "≥", "greater_than": ">", "less_than": "<", "less_than_equal": "≤"}
        bound = next(iter(ctx.values()))
        return f"a number {words[error_type]} {bound}"
    if error_type == "literal_error":
        return f"one of {ctx.get('expected', '')}"
    if error_type.startswith("int"):
        return "an integer"
    if error_type.startswith("float"):
        return "a number"
    if error_type.startswith("bool"):
        return "true or false"
    if error_type.startswith("string"):
        return "a string"
    if error_type.startswith("date"):
        return "a date like 2025-01-01"
    if error_type == "finite_number":
        return "a finite number"
    if error_type in ("tuple_type", "list_type"):
        return "a list"
    if error_type in ("model_type", "model_attributes_type", "dict_type"):
        return "a table"
    if error_type == "too_short" or error_type == "too_long":
        return str(error["msg"]).lower()
    if error_type == "missing":
        return "this key to be set"
    return str(error["msg"]).lower()



def load_config(path: str | Path | None = None, overrides: Mapping[str, object] | None = None) -> ScenarioConfig:
    """Read and validate a scenario file; ``None`` gives the built-in default (joint mode).

    ``overrides`` (dotted keys, see :func:`apply_overrides`) apply after the file.
    Returns the resolved :class:`ScenarioConfig`. Raises :class:`ScenarioError` with a one-line
    message naming the file, the key and the expectation.
    """
    if path is None:
        scenario = ScenarioConfig(scenario=ScenarioInfo(name="joint_distribution"))
        return apply_overrides(scenario, overrides) if overrides else scenario
    path = Path(path)
    where = str(path)
    raw = read_toml_file(path, "scenario", MAX_SCENARIO_FILE_BYTES)
    raw.setdefault("scenario", {})
    if isinstance(raw["scenario"], dict):
        raw["scenario"].setdefault("name", path.stem[:MAX_NAME_CHARS])
    try:
        scenario = ScenarioConfig.model_validate(raw)
    except ValidationError as err:
        raise ScenarioError(_first_error(where, err)) from None
    scenario._base_dir = str(path.resolve().parent)
    scenario._source = where
    for key, expected in (("facilities", "a facility CSV"), ("roads", "a .graphml, .osm or .osm.gz road file")):
        value = getattr(scenario.geography, key)
        if value and not resolve_path(scenario, value).exists():     # what it is, its reader checks
            raise ScenarioError(f"{where}: key 'geography.{key}': no file at {resolve_path(scenario, value)}; "
                                f"expected {expected} (relative paths start at the scenario's folder)")
    if overrides:
        try:
            scenario = apply_overrides(scenario, overrides)
        except ScenarioError as err:
            raise ScenarioError(f"{where}: {err}") from None
    return scenario


def read_toml_file(path: Path, what: str, max_bytes: int, error: type[ScenarioError] = ScenarioError) -> dict:
    """The TOML table of a ``what`` file (scenario, sweep, search); ``error`` (one line naming the
    file) for what cannot be one, refused before reading where possible: nothing there, a
    folder, a device or pipe (/dev/zero), a file over ``max_bytes``, text that is not UTF-8
    TOML or nests too deeply."""
    expected = f"expected a {what} .toml file"
    try:
        st = path.stat()
    except FileNotFoundError:
        raise error(f"{path}: file not found; {expected}") from None
    except OSError as err:     # a symlink loop, a path through a file, no permission
        raise error(f"{path}: cannot be read ({err.strerror or err}); {expected}") from None
    if stat.S_ISDIR(st.st_mode):
        raise error(f"{path}: is a folder; {expected}")
    if not stat.S_ISREG(st.st_mode):
        raise error(f"{path}: is not a regular file (a device or a pipe); {expected}")
    if st.st_size > max_bytes:
        raise error(f"{path}: {st.st_size:,} bytes is too large for a {what} file (at most {max_bytes:,}); {expected}")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise error(f"{path}: not valid TOML ({err})") from None
    except UnicodeDecodeError:
        raise error(f"{path}: not UTF-8 text; {expected}") from None
    except RecursionError:
        raise error(f"{path}: nested too deeply; {expected}") from None
    except OSError as err:
        raise error(f"{path}: cannot be read ({err.strerror or err}); {expected}") from None


def resolve_path(scenario: ScenarioConfig, relative: str) -> Path:
    """Return a path from a scenario file resolved against the file's directory."""
    p = Path(relative)
    return p if p.is_absolute() else Path(scenario.base_dir) / p


def to_toml(scenario: ScenarioConfig) -> str:
    """Render the fully resolved scenario as TOML (what the run actually used)."""
    data = scenario.model_dump(mode="json")
    lines: list[str] = []
    for section in ("scenario", "geography", "demand", "produce", "operations", "costs", "policies", "packaging",
                    "kpi"):
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
