"""The report's maps (PNG): the county, and the villages' door service per scenario side by side.

Drawn from each run folder's ``facilities.csv``, ``roads.csv`` and ``villages.csv`` (see
:mod:`sim.outputs.maps`); a run without them is left out and said so.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from sim.i18n import text
from sim.outputs.fonts import pyplot
from sim.outputs.maps import ID_COLUMNS, draw_assignment, draw_service, read_map_tables
from sim.outputs.report.charts import FIG_DPI, read_csv
from sim.outputs.report.runs import Run
from sim.outputs.report.text import t

SERVICE_COLUMNS = 4          # maps per row in the side-by-side figure


def _with_maps(runs: list[Run], lang: str) -> tuple[list, list[str]]:
    """(run, facilities, roads) for the runs whose map tables can be read; notes for the others."""
    found, notes = [], []
    for r in runs:
        fac, roads, problem = read_map_tables(r.folder)
        if problem:
            notes.append(t("left_out", lang, problem=f"{r.label}: {problem}", chart=t("chart_maps", lang)))
            continue
        found.append((r, fac, roads))
    return found, notes


def chart_county_map(runs: list[Run], folder: Path, lang: str = "en") -> tuple[Path | None, list[str]]:
    """The first mapped run's county: roads, facilities, township assignment, far snaps."""
    found, notes = _with_maps(runs, lang)
    if not found:
        return None, notes + [t("maps_skipped", lang)]
    run, fac, roads = found[0]
    counties = {json.dumps(r.info("geography"), default=str) for r in runs}
    if len(counties) > 1:
        notes.append(t("map_of", lang, label=run.label))
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(9, 8))
    draw_assignment(ax, fac, roads, lang)
    ax.legend(loc="upper left", fontsize=8, framealpha=0.85)
    ax.set_title(f"{text('map_county', lang)}: {run.label}", fontsize=11)
    fig.tight_layout()
    path = folder / "county_map.png"
    fig.savefig(path, dpi=FIG_DPI, metadata={"Software": None})
    plt.close(fig)
    return path, notes


def chart_service_maps(runs: list[Run], folder: Path, lang: str = "en") -> tuple[Path | None, list[str]]:
    """One map per scenario, villages coloured by door service (one colour scale), side by side."""
    found, notes = _with_maps(runs, lang)
    panels = []
    for r, fac, roads in found:
        villages, problem = read_csv(r, "villages.csv", ("village_id", "parcels_delivered"), lang, dtype=ID_COLUMNS)
        if problem:
            notes.append(t("left_out", lang, problem=problem, chart=t("chart_maps", lang)))
            continue
        panels.append((r, fac, roads, villages))
    if not panels:
        return None, notes + [t("maps_skipped", lang)]
    top = max(float(v["parcels_delivered"].max() or 0) for *_, v in panels)
    ncols = min(len(panels), SERVICE_COLUMNS)
    nrows = math.ceil(len(panels) / ncols)
    plt = pyplot()
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols + 0.8, 4.3 * nrows + 0.4), squeeze=False)
    sc = None
    for ax, (r, fac, roads, villages) in zip(axes.ravel(), panels):
        sc = draw_service(ax, fac, roads, villages, "door_service_days_share", lang, max_parcels=top)
        ax.set_title(r.label, fontsize=10)
    for ax in axes.ravel()[len(panels):]:
        ax.set_visible(False)
    fig.suptitle(text("color_door", lang), fontsize=11)
    fig.tight_layout(rect=(0, 0, 0.93, 1))
    bar_ax = fig.add_axes((0.945, 0.15, 0.015, 0.7))
    fig.colorbar(sc, cax=bar_ax).ax.tick_params(labelsize=8)
    path = folder / "village_service.png"
    fig.savefig(path, dpi=FIG_DPI, metadata={"Software": None})
    plt.close(fig)
    return path, notes
