"""Maps of a county (PNG): roads by class, facilities by tier, villages by their service.

A run folder keeps what a map needs, as tables people open with pandas:
``facilities.csv`` (one row per facility: id, name, tier, township, km coordinates,
``snap_km``) and ``roads.csv`` (one row per road segment between graph nodes: km
coordinates of both ends and the road class). :func:`draw_run_map` draws ``plots/map.png``
from them and ``villages.csv``; the comparison report draws its county map and the
villages' service per scenario with the same helpers (:mod:`sim.outputs.report.maps`).

Coordinates are km east and north of the county's projection origin (real data is
projected from WGS-84 lon/lat, so the map keeps real distances and shapes).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sim.config import defaults
from sim.geography.facilities import TIER_NAMES
from sim.i18n import text
from sim.outputs.fonts import pyplot

# Road classes, drawn from the smallest up; (colour, line width in points).
ROAD_STYLE = {"village": ("#c9ced6", 0.6), "township": ("#9aa3ae", 1.0), "trunk": ("#5d6875", 1.8)}
OTHER_ROAD_STYLE = ("#c9ced6", 0.6)
TIER_STYLE = {"county": dict(marker="*", s=320, color="#b42318", zorder=6),
              "township": dict(marker="s", s=70, color="#1d4ed8", zorder=5)}
DOOR_CMAP = "RdYlGn"          # share of days with door service: red (never) → green (every day)
LEAD_CMAP = "viridis_r"       # mean lead time: short is bright
NO_DATA_COLOR = "#bdbdbd"
ID_COLUMNS = {"facility_id": str, "village_id": str, "township_id": str}


def facility_frame(geo) -> pd.DataFrame:
    """One row per facility (``facilities.csv``): where it is and which township it belongs to."""
    return pd.DataFrame({
        "facility_id": geo.facility_id, "name": geo.name,
        "tier": [TIER_NAMES[int(t)] for t in geo.tier],
        "township_id": geo.facility_id[geo.township],
        "x_km": np.round(geo.x_km.astype(float), 4), "y_km": np.round(geo.y_km.astype(float), 4),
        "snap_km": np.round(geo.snap_km.astype(float), 4) if len(geo.snap_km) else 0.0,
        "population": geo.population,
    })


def road_frame(geo) -> pd.DataFrame:
    """One row per road segment (``roads.csv``): both ends in km and the road class."""
    g = geo.graph
    xy = {n: (d["x_km"], d["y_km"]) for n, d in g.nodes(data=True)}
    rows = [(*xy[a], *xy[b], d.get("road_class", "other")) for a, b, d in g.edges(data=True)]
    df = pd.DataFrame(rows, columns=["x1_km", "y1_km", "x2_km", "y2_km", "road_class"])
    df[["x1_km", "y1_km", "x2_km", "y2_km"]] = df[["x1_km", "y1_km", "x2_km", "y2_km"]].round(4)
    return df


def read_map_tables(folder: Path) -> tuple[pd.DataFrame | None, pd.DataFrame | None, str | None]:
    """``facilities.csv`` and ``roads.csv`` of a run folder, or a reason they cannot be used."""
    try:
        fac = pd.read_csv(folder / "facilities.csv", dtype=ID_COLUMNS)
        roads = pd.read_csv(folder / "roads.csv")
    except FileNotFoundError as err:
        return None, None, f"no {Path(err.filename).name} in {folder}"
    except (OSError, ValueError, pd.errors.ParserError) as err:
        return None, None, f"map tables of {folder} could not be read ({err})"
    missing = {"facility_id", "tier", "x_km", "y_km"} - set(fac.columns)
    if missing or not {"x1_km", "y1_km", "x2_km", "y2_km", "road_class"} <= set(roads.columns):
        return None, None, f"map tables of {folder} lack columns"
    return fac, roads, None


def draw_roads(ax, roads: pd.DataFrame, faint: bool = False, lang: str = "en", legend: bool = True) -> None:
    """Road segments by class (a LineCollection per class)."""
    from matplotlib.collections import LineCollection

    classes = [c for c in ROAD_STYLE if c in set(roads["road_class"])]
    classes += sorted(set(roads["road_class"]) - set(ROAD_STYLE))
    for cls in classes:
        part = roads[roads["road_class"] == cls]
        color, width = ROAD_STYLE.get(cls, OTHER_ROAD_STYLE)
        segs = part[["x1_km", "y1_km", "x2_km", "y2_km"]].to_numpy(float).reshape(-1, 2, 2)
        key = f"road_{cls}" if f"road_{cls}" in ("road_trunk", "road_township", "road_village") else "road_other"
        ax.add_collection(LineCollection(segs, colors=color, linewidths=width * (0.7 if faint else 1.0),
                                         alpha=0.5 if faint else 1.0, zorder=1,
                                         label=text(key, lang) if legend else None))
    ax.set_aspect("equal")
    ax.autoscale_view()


def _frame_axes(ax, lang: str) -> None:
    ax.set_xlabel(text("km_east", lang), fontsize=8)
    ax.set_ylabel(text("km_north", lang), fontsize=8)
    ax.tick_params(labelsize=7)
    ax.grid(alpha=0.15)


def draw_hub_and_townships(ax, fac: pd.DataFrame, lang: str, labels: bool = True) -> None:
    for tier, style in TIER_STYLE.items():
        part = fac[fac["tier"] == tier]
        ax.scatter(part["x_km"], part["y_km"], edgecolors="white", linewidths=0.8,
                   label=text("hub" if tier == "county" else "township", lang), **style)
        if labels and tier == "township" and len(part) <= 40:
            for _, r in part.iterrows():
                ax.annotate(str(r["name"]), (r["x_km"], r["y_km"]), xytext=(4, 4), textcoords="offset points",
                            fontsize=7, color="#1d4ed8")


def village_points(fac: pd.DataFrame, villages: pd.DataFrame) -> pd.DataFrame:
    """Villages of ``villages.csv`` with their coordinates from ``facilities.csv``."""
    xy = fac[fac["tier"] == "village"][["facility_id", "x_km", "y_km"]].astype({"facility_id": str})
    v = villages.astype({"village_id": str})
    return v.merge(xy, left_on="village_id", right_on="facility_id", how="inner")


def point_sizes(parcels: pd.Series, max_parcels: float) -> np.ndarray:
    """Marker areas (pt²) by parcels delivered: 8 to 90, by square root."""
    top = max(float(max_parcels), 1.0)
    return 8.0 + 82.0 * np.sqrt(np.clip(parcels.fillna(0).to_numpy(float), 0, None) / top)


def draw_service(ax, fac: pd.DataFrame, roads: pd.DataFrame | None, villages: pd.DataFrame, column: str,
                 lang: str, max_parcels: float | None = None, vmax: float | None = None):
    """Villages coloured by ``column`` ("door_service_days_share" or "lead_time_mean_h"), sized
    by parcels delivered; returns the scatter (for a colour bar)."""
    plt = pyplot()
    if roads is not None:
        draw_roads(ax, roads, faint=True, lang=lang, legend=False)
    pts = village_points(fac, villages)
    values = pts[column].astype(float) if column in pts else pd.Series(np.nan, index=pts.index)
    sizes = point_sizes(pts["parcels_delivered"], max_parcels or pts["parcels_delivered"].max())
    none = values.isna().to_numpy()
    ax.scatter(pts["x_km"][none], pts["y_km"][none], s=sizes[none], c=NO_DATA_COLOR, edgecolors="0.4",
               linewidths=0.4, zorder=3, label=text("no_delivery", lang))
    door = column == "door_service_days_share"
    sc = ax.scatter(pts["x_km"][~none], pts["y_km"][~none], s=sizes[~none], c=values[~none],
                    cmap=plt.get_cmap(DOOR_CMAP if door else LEAD_CMAP), vmin=0,
                    vmax=1 if door else (vmax or max(float(values.max(skipna=True) or 1), 1.0)),
                    edgecolors="0.3", linewidths=0.4, zorder=4)
    draw_hub_and_townships(ax, fac, lang, labels=False)
    top = max_parcels or float(pts["parcels_delivered"].max() or 0)
    for parcels in sorted({round(top), round(top / 4)} - {0}, reverse=True):    # the size key
        ax.scatter([], [], s=point_sizes(pd.Series([parcels]), top), c="white", edgecolors="0.3", linewidths=0.6,
                   label=f"{parcels:,}")
    _frame_axes(ax, lang)
    return sc


def draw_assignment(ax, fac: pd.DataFrame, roads: pd.DataFrame, lang: str) -> None:
    """Roads, the hub and townships, and each village linked to (and coloured like) its township;
    facilities placed more than 1 km from a road are ringed in red and named."""
    plt = pyplot()
    from matplotlib.collections import LineCollection

    draw_roads(ax, roads, lang=lang)
    towns = fac[fac["tier"] == "township"].reset_index(drop=True)
    cmap = plt.get_cmap("tab20")
    color_of = {str(t): cmap(i % 20) for i, t in enumerate(towns["facility_id"])}
    vil = fac[fac["tier"] == "village"]
    pos = fac.set_index(fac["facility_id"].astype(str))[["x_km", "y_km"]]
    town_xy = pos.reindex(vil["township_id"].astype(str)).to_numpy(float)
    links = np.stack([vil[["x_km", "y_km"]].to_numpy(float), town_xy], axis=1)
    colors = [color_of.get(str(t), "0.5") for t in vil["township_id"]]
    ax.add_collection(LineCollection(links, colors=colors, linewidths=0.5, alpha=0.6, zorder=2))
    ax.scatter(vil["x_km"], vil["y_km"], s=14, c=colors, edgecolors="0.3", linewidths=0.3, zorder=3,
               label=text("village", lang))
    draw_hub_and_townships(ax, fac, lang)
    far = fac[fac["snap_km"].fillna(0) > defaults.SNAP_REPORT_KM] if "snap_km" in fac else fac.iloc[:0]
    if len(far):
        ax.scatter(far["x_km"], far["y_km"], s=160, facecolors="none", edgecolors="#d00000", linewidths=1.6,
                   zorder=7, label=f"{text('snapped_far', lang)} ({len(far)})")
        for _, r in far.head(15).iterrows():
            ax.annotate(f"{r['name']} {r['snap_km']:.1f} km", (r["x_km"], r["y_km"]), xytext=(5, -9),
                        textcoords="offset points", fontsize=7, color="#d00000")
    _frame_axes(ax, lang)


def draw_run_map(fac: pd.DataFrame, roads: pd.DataFrame, villages: pd.DataFrame, path: Path, title: str,
                 lang: str = "en", synthetic_roads: bool = False) -> Path:
    """``map.png``: township assignment, door service, lead time — three panels side by side."""
    plt = pyplot()
    fig, axes = plt.subplots(1, 3, figsize=(18, 6.6))
    # fixed margins: laying the figure out to its text (tight_layout) costs more than drawing it
    fig.subplots_adjust(left=0.04, right=0.98, bottom=0.08, top=0.88, wspace=0.18)
    draw_assignment(axes[0], fac, roads, lang)
    axes[0].set_title(text("map_township_assignment", lang), fontsize=11)
    axes[0].legend(loc="upper left", fontsize=7, framealpha=0.85)
    top = float(villages["parcels_delivered"].max()) if len(villages) else 1.0
    for ax, column, key in ((axes[1], "door_service_days_share", "color_door"),
                            (axes[2], "lead_time_mean_h", "color_lead")):
        sc = draw_service(ax, fac, roads, villages, column, lang, max_parcels=top)
        ax.set_title(text(key, lang), fontsize=11)
        bar = fig.colorbar(sc, ax=ax, shrink=0.75, pad=0.02)
        bar.ax.tick_params(labelsize=7)
        ax.legend(loc="upper left", fontsize=7, framealpha=0.85, title=text("size_volume", lang),
                  title_fontsize=7)
    sub = f" — {text('map_synthetic_roads', lang)}" if synthetic_roads else ""
    fig.suptitle(text("map_title", lang, name=title) + sub, fontsize=13)
    fig.savefig(path, dpi=90, metadata={"Software": None})
    plt.close(fig)
    return path
