"""Whether a facility table belongs on a road file: the checks :func:`build_geography`
makes before and after snapping facilities to road nodes.

A facility outside the road file's area, or farther than ``max_snap_km`` from any road
node, stops the build with one line naming the road file, how many facilities, the worst
few, and, when reading their lon/lat the other way round would fit, that the two look
swapped. Facilities farther than ``defaults.SNAP_REPORT_KM`` but within ``max_snap_km``
are only reported (a warning, ``snap_km`` in villages.csv, a count in the run summary).
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

from sim.config import defaults
from sim.geography.geodesy import EARTH_RADIUS_KM, project_km
from sim.geography.inputs import GeographyError

# How many facilities a message lists by name, worst first.
MAX_LISTED = 5


def km_outside_box(lon: np.ndarray, lat: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    """Approximate km from each point to the lon/lat box ``(lon_lo, lon_hi, lat_lo, lat_hi)``
    (0 inside); the east–west degrees count at the box's nearest latitude."""
    lon = np.asarray(lon, dtype=np.float64)
    lat = np.asarray(lat, dtype=np.float64)
    lon_lo, lon_hi, lat_lo, lat_hi = box
    dlon = np.maximum.reduce([lon_lo - lon, lon - lon_hi, np.zeros_like(lon)])
    dlat = np.maximum.reduce([lat_lo - lat, lat - lat_hi, np.zeros_like(lat)])
    km_per_deg = EARTH_RADIUS_KM * np.pi / 180.0
    cos_lat = np.cos(np.radians(np.clip(lat, lat_lo, lat_hi)))
    return np.hypot(dlon * km_per_deg * cos_lat, dlat * km_per_deg)


def _facilities_are(n: int) -> str:
    return "1 facility is" if n == 1 else f"{n:,} facilities are"


def _worst(names: np.ndarray, ids: np.ndarray, km: np.ndarray, idx: np.ndarray, what: str) -> str:
    order = idx[np.argsort(-km[idx], kind="stable")]
    text = ", ".join(f"{names[i]} ({ids[i]}, {km[i]:,.1f} km{what})" for i in order[:MAX_LISTED])
    return text + (f", … and {order.size - MAX_LISTED} more" if order.size > MAX_LISTED else "")


def check_in_road_area(*, names: np.ndarray, ids: np.ndarray, lon: np.ndarray, lat: np.ndarray,
                       glon: np.ndarray, glat: np.ndarray, margin_km: float, rname: str,
                       fname: str) -> None:
    """Refuse facilities more than ``margin_km`` outside the bounding box of the road nodes
    (``glon``, ``glat``): no road of the file can be near them. ``rname`` / ``fname`` name
    the road file and the facility table in the message."""
    box = (float(glon.min()), float(glon.max()), float(glat.min()), float(glat.max()))
    out_km = km_outside_box(lon, lat, box)
    bad = np.flatnonzero(out_km > margin_km)
    if not bad.size:
        return
    if np.all(km_outside_box(lat[bad], lon[bad], box) <= margin_km):
        hint = f"lon and lat look swapped in {fname}: read the other way round, they lie inside that area"
    else:
        hint = (f"expected a road file that covers the county of {fname} (is it another county's "
                f"extract?) or corrected coordinates")
    verb = "lies" if bad.size == 1 else "lie"
    raise GeographyError(
        f"{rname}: {bad.size:,} of {lon.size:,} facilities {verb} outside the road file's area "
        f"(lon {box[0]:.3f}–{box[1]:.3f}, lat {box[2]:.3f}–{box[3]:.3f}, plus {margin_km:g} km): "
        f"{_worst(names, ids, out_km, bad, ' outside')}; {hint}")


def check_snap_distances(*, names: np.ndarray, ids: np.ndarray, snap_km: np.ndarray,
                         max_snap_km: float, rname: str, fname: str,
                         swapped_snap_km: np.ndarray | None = None) -> list[str]:
    """Refuse facilities farther than ``max_snap_km`` from their nearest road node; return a
    warning naming those farther than ``defaults.SNAP_REPORT_KM``. ``swapped_snap_km``
    (optional, same length) is each facility's snap distance with lon and lat swapped: when
    every far facility would fit that way, the message says the two look swapped."""
    far = np.flatnonzero(snap_km > max_snap_km)
    if far.size:
        if swapped_snap_km is not None and np.all(swapped_snap_km[far] <= max_snap_km):
            hint = f"lon and lat look swapped in {fname}: read the other way round, they sit on its roads"
        else:
            hint = (f"check their coordinates in {fname}, or use a road extract with the village "
                    f"roads (geography.max_snap_km sets this limit)")
        raise GeographyError(
            f"{rname}: {_facilities_are(far.size)} more than {max_snap_km:g} km from the nearest "
            f"road node: {_worst(names, ids, snap_km, far, '')}; {hint}")
    report = np.flatnonzero(snap_km > defaults.SNAP_REPORT_KM)
    if not report.size:
        return []
    warning = (f"{rname}: {_facilities_are(report.size)} more than {defaults.SNAP_REPORT_KM:g} km from "
               f"the nearest road node, where their road km start: {_worst(names, ids, snap_km, report, '')}")
    return [warning]


def swapped_snap_km(lon: np.ndarray, lat: np.ndarray, lon0: float, lat0: float,
                    tree: cKDTree) -> np.ndarray:
    """Snap km of the points read with lon and lat swapped, on the road nodes' KD-tree built in
    the projection around ``(lon0, lat0)``; ``inf`` where the swapped pair is no coordinate."""
    ok = (np.abs(lat) <= 180.0) & (np.abs(lon) <= 90.0)
    out = np.full(lon.shape, np.inf)
    if ok.any():
        x, y = project_km(lat[ok], lon[ok], lon0, lat0)
        out[ok] = tree.query(np.column_stack([x, y]))[0]
    return out
