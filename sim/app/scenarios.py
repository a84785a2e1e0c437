"""Which scenarios the app can load: the shipped ``scenarios/`` folder, or an uploaded file.

No path a user types is ever opened. The shipped scenarios are found by listing the
folder beside the package; an uploaded scenario arrives as bytes, is refused when it is
too large or names data files (``geography.facilities`` / ``geography.roads`` are paths
typed by whoever wrote the file), and is otherwise validated exactly like a scenario file:
written to a private temporary folder and read with :func:`sim.config.load_config`, the
folder removed at once.
"""

from __future__ import annotations

import tempfile
import tomllib
from pathlib import Path

from sim.config import ScenarioConfig, ScenarioError, apply_overrides, load_config
from sim.config.limits import MAX_NAME_CHARS, MAX_SCENARIO_FILE_BYTES

SCENARIOS_DIR = Path(__file__).resolve().parents[2] / "scenarios"
UPLOAD_NAME = "uploaded.toml"


def shipped_scenarios(folder: Path = SCENARIOS_DIR) -> dict[str, Path]:
    """``{name: path}`` of the shipped scenario files, sorted by name (file stem)."""
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.glob("*.toml")) if p.is_file()}


def load_shipped(name: str, folder: Path = SCENARIOS_DIR) -> ScenarioConfig:
    """The shipped scenario ``name``; ScenarioError when there is none by that name."""
    found = shipped_scenarios(folder)
    if name not in found:
        raise ScenarioError(f"no shipped scenario named {name!r}; expected one of {', '.join(found) or 'none'}")
    return load_config(found[name])


def load_uploaded(data: bytes, filename: str = UPLOAD_NAME) -> ScenarioConfig:
    """Validate an uploaded scenario file (its bytes) and return it.

    Raises ScenarioError (one line naming the uploaded file's name) when it is too large,
    not UTF-8 TOML, names data files, or fails the scenario checks.
    """
    label = Path(filename).name or UPLOAD_NAME          # a name to show, never a path to open
    if len(data) > MAX_SCENARIO_FILE_BYTES:
        raise ScenarioError(f"{label}: {len(data):,} bytes is too large for a scenario file "
                            f"(at most {MAX_SCENARIO_FILE_BYTES:,})")
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ScenarioError(f"{label}: not UTF-8 text; expected a TOML scenario file") from None
    except (tomllib.TOMLDecodeError, RecursionError) as err:
        raise ScenarioError(f"{label}: not valid TOML ({err})") from None
    geography = raw.get("geography", {})
    if isinstance(geography, dict):
        named = [k for k in ("facilities", "roads") if geography.get(k)]
        if named or geography.get("source") == "file":
            raise ScenarioError(
                f"{label}: an uploaded scenario cannot use data files "
                f"({', '.join('geography.' + k for k in named) or 'geography.source = file'}); "
                "put it in the scenarios/ folder beside its files and choose it from the list, "
                "or run it with 'python -m sim run'")
    with tempfile.TemporaryDirectory(prefix="rural-sim-upload-") as tmp:
        path = Path(tmp) / UPLOAD_NAME
        path.write_bytes(data)
        try:
            config = load_config(path)
        except ScenarioError as err:
            raise ScenarioError(str(err).replace(str(path), label)) from None
    scenario_table = raw.get("scenario")
    if not (isinstance(scenario_table, dict) and "name" in scenario_table):
        try:        # name it after the uploaded file, as a file on disk is named after its stem
            config = apply_overrides(config, {"scenario.name": Path(label).stem[:MAX_NAME_CHARS]})
        except ScenarioError:
            pass    # a file name that is no valid scenario name: keep "uploaded"
    return config
