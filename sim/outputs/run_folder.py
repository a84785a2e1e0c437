"""Writing a run to disk and reading it back: tables, summary, resolved scenario, plots.

A run folder holds::

    daily_kpis.parquet / daily_kpis.csv   one row per simulated day
    summary.json                           run-level KPIs (see sim.kpis)
    scenario.toml                          the fully resolved scenario that ran
    villages.csv                           one row per village (distance, volumes, lead time, door service, produce)
    lead_times.csv                         delivered parcels per 2-hour lead-time bin (door / fetched)
    facilities.csv, roads.csv              where the facilities and road segments are (km), for maps
    plots/*.png                            the main KPIs over time
    plots/map.png                          the county: roads, township assignment, door service, lead time
    .rural-sim.json                        the marker: written by this tool, a run folder, these files

Files are written to a hidden partial folder beside the target first and moved into
place at the end (see :mod:`sim.outputs.folders`), so an interrupted or failed run never
leaves a half-written folder, and never damages an earlier run's folder of the same name.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from sim.config import ScenarioConfig, to_toml
from sim.outputs.folders import OutputError, Staging, slug
from sim.outputs.maps import draw_run_map
from sim.outputs.plots import plot_daily


def run_folder_name(scenario: ScenarioConfig) -> str:
    """``<slug of the scenario name>-seed<S>-<days>d``: a plain folder name, never a path."""
    s = scenario.scenario
    return f"{slug(s.name)}-seed{s.seed}-{s.days}d"


def _clean(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item"):
        return _clean(value.item())
    return value


def write_run_files(folder: Path, scenario: ScenarioConfig, daily: pd.DataFrame, summary: dict,
                    tables: dict[str, pd.DataFrame] | None = None, lang: str = "en") -> None:
    """Write one run's files into the existing ``folder`` (a partial folder, see :class:`Staging`).

    With the ``facilities``, ``roads`` and ``villages`` tables, also ``plots/map.png``.
    Plot titles and axes are in ``lang`` ("en" or "zh").
    """
    folder = Path(folder)
    tables = tables or {}
    daily.to_parquet(folder / "daily_kpis.parquet", index=False)
    daily.to_csv(folder / "daily_kpis.csv", index=False)
    (folder / "summary.json").write_text(
        json.dumps({k: _clean(v) for k, v in summary.items()}, indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8")
    (folder / "scenario.toml").write_text(to_toml(scenario), encoding="utf-8")
    for name, table in tables.items():
        table.to_csv(folder / f"{name}.csv", index=False)
    plot_daily(daily, folder / "plots", title=scenario.scenario.name, lang=lang)
    if all(name in tables for name in ("facilities", "roads", "villages")):
        draw_run_map(tables["facilities"], tables["roads"], tables["villages"], folder / "plots" / "map.png",
                     scenario.scenario.name, lang=lang, synthetic_roads=bool(summary.get("synthetic_roads")))


def write_run(out_dir: Path, scenario: ScenarioConfig, daily: pd.DataFrame, summary: dict,
              tables: dict[str, pd.DataFrame] | None = None, lang: str = "en") -> Path:
    """Write one run's folder atomically; returns its path.

    Replaces an earlier run folder of this tool of that name; refuses (OutputError) a file
    or a folder the tool did not write. ``tables`` are extra CSV files by name
    (``villages``, ``lead_times``, ``facilities``, ``roads``).
    """
    with Staging(Path(out_dir), "run") as stage:
        stage.write(write_run_files, scenario, daily, summary, tables, lang)
        return stage.commit()


def read_summary(run_dir: Path) -> dict:
    """The summary of a run folder.

    Raises FileNotFoundError naming the folder when it has no summary.json, OutputError
    (one line, naming the file) when summary.json cannot be read or is not a JSON object.
    """
    path = Path(run_dir) / "summary.json"
    if not path.is_file():
        raise FileNotFoundError(f"{run_dir}: no summary.json; expected a folder written by 'python -m sim run'")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise OutputError(f"{path}: cannot be read ({err.strerror or err})") from None
    except UnicodeDecodeError:
        raise OutputError(f"{path}: not UTF-8 text; expected the JSON summary written by 'python -m sim run'") from None
    except json.JSONDecodeError as err:
        raise OutputError(f"{path}: not valid JSON (line {err.lineno}: {err.msg}); "
                          f"expected the summary written by 'python -m sim run'") from None
    if not isinstance(data, dict):
        raise OutputError(f"{path}: expected a JSON object of KPIs (as written by 'python -m sim run'), "
                          f"got a JSON {type(data).__name__}")
    return data
