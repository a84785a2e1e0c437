"""Plots of a run's daily KPIs (PNG), for the run folder."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

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
