"""Plots of a run's daily KPIs (PNG), for the run folder, in English or Chinese."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from sim.i18n import text, unit
from sim.kpis.registry import PLOTTED, Kpi
from sim.outputs.fonts import pyplot


def plot_daily(daily: pd.DataFrame, folder: Path, title: str = "", lang: str = "en") -> list[Path]:
    """One PNG per main KPI over time, plus an overview grid; returns the files written.

    Titles and axes are in ``lang`` ("en" or "zh"; KPI labels from the registry).
    """
    plt = pyplot()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    x = pd.to_datetime(daily["date"]) if "date" in daily else daily["day"]
    xlabel = text("date" if "date" in daily else "day", lang)
    nrows = math.ceil(len(PLOTTED) / 2)
    fig, axes = plt.subplots(nrows, 2, figsize=(12, 3 * nrows), sharex=True, squeeze=False)
    for ax, k in zip(axes.ravel(), PLOTTED):
        ax.plot(x, daily[k.key], lw=1.2)
        ax.set_title(_title(k, lang), fontsize=10)
        ax.grid(alpha=0.3)
    for ax in axes.ravel()[len(PLOTTED):]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel(xlabel)
        ax.tick_params(axis="x", labelrotation=30)
    fig.suptitle(f"{title}: {text('daily_kpis', lang)}")
    fig.tight_layout()
    path = folder / "overview.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    written.append(path)
    # One figure, redrawn per KPI, with fixed margins: a run's plots cost a fraction of a
    # second instead of building and laying out a figure for each.
    fig, ax = plt.subplots(figsize=(7, 3.5))
    fig.subplots_adjust(left=0.13, right=0.97, top=0.9, bottom=0.25)
    for k in PLOTTED:
        ax.clear()
        ax.plot(x, daily[k.key], lw=1.2)
        ax.set_title(f"{title}: {_title(k, lang)}", fontsize=10)
        ax.set_xlabel(xlabel)
        ax.tick_params(axis="x", labelrotation=30)
        ax.grid(alpha=0.3)
        path = folder / f"{k.key}.png"
        fig.savefig(path, dpi=90)
        written.append(path)
    plt.close(fig)
    return written


def _title(k: Kpi, lang: str = "en") -> str:
    return f"{k.label(lang)} ({text('share', lang) if k.is_share else unit(k.unit, lang)})"
