"""Writing a run to disk and reading it back: tables, summary, resolved scenario, plots.

A run folder holds::

    daily_kpis.parquet / daily_kpis.csv   one row per simulated day
    summary.json                           run-level KPIs (keys in sim.kpis.SUMMARY_KEYS and more)
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

from sim.config import Scenario, to_toml

PLOTS = (
    ("cost_per_parcel_yuan", "Operator cost per parcel (yuan)"),
    ("lead_time_mean_h", "Lead time hub → village, mean (h)"),
    ("village_coverage", "Village door coverage (share)"),
    ("load_factor_down", "Load factor downstream"),
    ("load_factor_up", "Load factor upstream"),
    ("empty_km_share", "Empty-running km share"),
    ("spoilage_share", "Produce spoilage (share of lots)"),
    ("parcels_waiting", "Parcels waiting at facilities"),
)


def run_folder_name(scenario: Scenario) -> str:
    s = scenario.scenario
    return f"{s.name}-seed{s.seed}-{s.days}d"


def _clean(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item"):
        return _clean(value.item())
    return value


def write_run(out_dir: Path, scenario: Scenario, daily: pd.DataFrame, summary: dict,
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


def plot_daily(daily: pd.DataFrame, folder: Path, title: str = "") -> list[Path]:
    """One PNG per main KPI over time, plus an overview grid; returns the files written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    x = pd.to_datetime(daily["date"]) if "date" in daily else daily["day"]
    xlabel = "date" if "date" in daily else "day"
    fig, axes = plt.subplots(4, 2, figsize=(12, 12), sharex=True)
    for ax, (col, label) in zip(axes.ravel(), PLOTS):
        ax.plot(x, daily[col], lw=1.2)
        ax.set_title(label, fontsize=10)
        ax.grid(alpha=0.3)
    for ax in axes[-1]:
        ax.set_xlabel(xlabel)
        ax.tick_params(axis="x", labelrotation=30)
    fig.suptitle(f"{title}: daily KPIs")
    fig.tight_layout()
    path = folder / "overview.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    written.append(path)
    for col, label in PLOTS:
        fig, ax = plt.subplots(figsize=(7, 3.5))
        ax.plot(x, daily[col], lw=1.2)
        ax.set_title(f"{title}: {label}", fontsize=10)
        ax.set_xlabel(xlabel)
        ax.tick_params(axis="x", labelrotation=30)
        ax.grid(alpha=0.3)
        fig.tight_layout()
        path = folder / f"{col}.png"
        fig.savefig(path, dpi=90)
        plt.close(fig)
        written.append(path)
    return written


def read_summary(run_dir: Path) -> dict:
    """The summary of a run folder; raises FileNotFoundError naming the folder."""
    path = Path(run_dir) / "summary.json"
    if not path.is_file():
        raise FileNotFoundError(f"{run_dir}: no summary.json; expected a folder written by 'python -m sim run'")
    return json.loads(path.read_text(encoding="utf-8"))
