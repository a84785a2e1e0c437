"""Coordinates of a facility table: reading a lon/lat pair (and saying when the two look
swapped), and checking that the points can be a county's (not all at one place)."""

from __future__ import annotations

import math

import numpy as np

from sim.config import defaults
from sim.geography.geodesy import project_km
from sim.geography.inputs import GeographyError


def in_china(lon: float | np.ndarray, lat: float | np.ndarray) -> bool | np.ndarray:
    """True where (lon, lat) lies in China's rough bounding box (``defaults.CHINA_LON_RANGE``,
    ``defaults.CHINA_LAT_RANGE``)."""
    (lon_lo, lon_hi), (lat_lo, lat_hi) = defaults.CHINA_LON_RANGE, defaults.CHINA_LAT_RANGE
    return (lon_lo <= lon) & (lon <= lon_hi) & (lat_lo <= lat) & (lat <= lat_hi)


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        return math.nan
    return value if math.isfinite(value) else math.nan


def _cell(text: str) -> str:
    return repr(text if len(text) <= 30 else text[:29] + "…")


def parse_lonlat(lon_text: str, lat_text: str, *, where: str,
                 columns: tuple[str, str] = ("lon", "lat")) -> tuple[float, float]:
    """``(lon, lat)`` in degrees from two cells of row ``where`` (a message prefix naming the
    file and row). A one-line :class:`GeographyError` for a cell that is not a number or out
    of range (lon −180..180, lat −90..90); it says "lon and lat look swapped" when the pair
    read the other way round is valid, and also refuses a valid pair outside China whose
    swap lies in China (a western county's lon < 90 fits in the lat column)."""
    lon_col, lat_col = columns
    lon, lat = _number(lon_text), _number(lat_text)
    for value, text, col, lim in ((lon, lon_text, lon_col, 180.0), (lat, lat_text, lat_col, 90.0)):
        if math.isnan(value):
            raise GeographyError(
                f"{where}, column '{col}': expected a number between -{lim:g} and {lim:g}, got {_cell(text)}")
    swapped_ok = abs(lat) <= 180.0 and abs(lon) <= 90.0
    swapped_in_china = bool(in_china(lat, lon))
    where_swapped = "in China" if swapped_in_china else "valid"
    for value, text, col, lim in ((lon, lon_text, lon_col, 180.0), (lat, lat_text, lat_col, 90.0)):
        if abs(value) > lim:
            hint = (f": lon and lat look swapped ({lon_col} {lat:g}, {lat_col} {lon:g} would be "
                    f"{where_swapped})" if swapped_ok else "")
            raise GeographyError(
                f"{where}, column '{col}': expected a number between -{lim:g} and {lim:g}, "
                f"got {_cell(text)}{hint}")
    if swapped_in_china and not in_china(lon, lat):
        (lo1, hi1), (lo2, hi2) = defaults.CHINA_LON_RANGE, defaults.CHINA_LAT_RANGE
        raise GeographyError(
            f"{where}, columns '{lon_col}'/'{lat_col}': lon and lat look swapped: {lon_col} {lon:g}, "
            f"{lat_col} {lat:g} is outside China (lon {lo1:g}–{hi1:g}, lat {lo2:g}–{hi2:g}), "
            f"{lon_col} {lat:g}, {lat_col} {lon:g} would be inside")
    return lon, lat


def check_spread(fname: str, lon: np.ndarray, lat: np.ndarray) -> None:
    """Refuse a table whose facilities all lie within ``defaults.MIN_FACILITY_SPREAD_KM`` of
    each other (placeholder coordinates, every row geocoded to one place)."""
    x, y = project_km(lon, lat)
    spread_km = float(np.hypot(np.ptp(x), np.ptp(y))) if x.size else 0.0
    if spread_km < defaults.MIN_FACILITY_SPREAD_KM:
        raise GeographyError(
            f"{fname}: columns 'lon'/'lat': all {x.size} facilities lie within {spread_km:.2f} km "
            f"of each other: expected a county's facilities, kilometres apart (are the "
            f"coordinates placeholders, every row geocoded to one place?)")


def shared_coordinates(lon: np.ndarray, lat: np.ndarray) -> list[int]:
    """Indices (ascending) of the points whose exact coordinates another point has too: one
    of each group is misplaced (e.g. two villages of one name geocoded alike)."""
    groups: dict[tuple[float, float], list[int]] = {}
    for i, key in enumerate(zip(np.asarray(lon).tolist(), np.asarray(lat).tolist())):
        groups.setdefault(key, []).append(i)
    return sorted(i for group in groups.values() if len(group) > 1 for i in group)
