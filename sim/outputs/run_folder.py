"""Writing a run to disk and reading it back: tables, summary, resolved scenario, plots.

A run folder holds::

    daily_kpis.parquet / daily_kpis.csv   one row per simulated day
    summary.json                           run-level KPIs (see sim.kpis)
    scenario.toml                          the fully resolved scenario that ran
    villages.csv                           one row per village (distance, volumes, lead time, door service, produce)
    lead_times.csv                         delivered parcels per 2-hour lead-time bin (door / fetched)
    plots/*.png                            the main KPIs over time

Files are written to a temporary folder first and moved into place at the end, so an
interrupted or failed run never leaves a half-written folder, and never damages an
earlier run's folder of the same name.
"""

from __future__ import annotations

import json
import math
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from sim.config import ScenarioConfig, to_toml
from sim.outputs.plots import plot_daily


def run_folder_name(scenario: ScenarioConfig) -> str:
    s = scenario.scenario
    return f"{s.name}-seed{s.seed}-{s.days}d"


def _clean(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item"):
        return _clean(value.item())
    return value


def write_run(out_dir: Path, scenario: ScenarioConfig, daily: pd.DataFrame, summary: dict,
              tables: dict[str, pd.DataFrame] | None = None) -> Path:
    """Write one run's folder atomically; returns its path. Replaces a folder of that name.

    ``tables`` are extra CSV files by name (``villages``, ``lead_times``).
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        daily.to_parquet(tmp / "daily_kpis.parquet", index=False)
        daily.to_csv(tmp / "daily_kpis.csv", index=False)
        (tmp / "summary.json").write_text(
            json.dumps({k: _clean(v) for k, v in summary.items()}, indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8")
        (tmp / "scenario.toml").write_text(to_toml(scenario), encoding="utf-8")
        for name, table in (tables or {}).items():
            table.to_csv(tmp / f"{name}.csv", index=False)
        plot_daily(daily, tmp / "plots", title=scenario.scenario.name)
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            out_dir.rename(old)
            tmp.rename(out_dir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir



def read_summary(run_dir: Path) -> dict:
    """The summary of a run folder; raises FileNotFoundError naming the folder."""
    path = Path(run_dir) / "summary.json"
    if not path.is_file():
        raise FileNotFoundError(f"{run_dir}: no summary.json; expected a folder written by 'python -m sim run'")
    return json.loads(path.read_text(encoding="utf-8"))
