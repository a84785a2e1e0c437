"""Facility tables: the county hub, township stations and village service points.

Two readers, both returning a :class:`FacilityTable` (numpy arrays, WGS-84 lon/lat):

- :func:`load_facility_table` — the project's own CSV layout
  ``id,name,tier,lon,lat[,population][,township]`` (header required; UTF-8, BOM allowed, or
  GB18030/GBK as Chinese spreadsheets save it);
- :func:`load_adcode_csv` — a county file of the public dataset Vonng/adcode (no header,
  GCJ-02 coordinates, converted here to WGS-84).

Also here, because every other geography module builds on them: the tier codes, and
:class:`GeographyError` (defined with the file checks in :mod:`sim.geography.inputs`,
re-exported here and by :mod:`sim.geography`).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.config import defaults
from sim.config.limits import LIMITS
from sim.geography.coords import check_spread, parse_lonlat, shared_coordinates
from sim.geography.geodesy import gcj02_to_wgs84
from sim.geography.inputs import GeographyError, read_text  # GeographyError: re-exported

TIER_COUNTY, TIER_TOWNSHIP, TIER_VILLAGE = 0, 1, 2
TIER_NAMES = ("county", "township", "village")

# A village's residents, as for a synthetic county's geography.population_per_village.
MAX_VILLAGE_POPULATION = int(LIMITS["geography.population_per_village"][1])


# Spellings accepted in a facility table's ``tier`` column (case-insensitive).
TIER_ALIASES: dict[str, int] = {
    "county": TIER_COUNTY, "hub": TIER_COUNTY, "0": TIER_COUNTY, "县": TIER_COUNTY,
    "township": TIER_TOWNSHIP, "town": TIER_TOWNSHIP, "1": TIER_TOWNSHIP,
    "乡镇": TIER_TOWNSHIP, "镇": TIER_TOWNSHIP, "乡": TIER_TOWNSHIP,
    "village": TIER_VILLAGE, "2": TIER_VILLAGE, "村": TIER_VILLAGE,
}

REQUIRED_COLUMNS = ("id", "name", "tier", "lon", "lat")
OPTIONAL_COLUMNS = ("population", "township")

# Vonng/adcode county file layout (no header).
ADCODE_COLUMNS = (
    "code", "parent", "name", "level", "rank", "adcode", "post_code", "area_code", "ur_code",
    "municipality", "virtual", "dummy", "longitude", "latitude", "center", "province", "city",
    "county", "town", "village",
)
ADCODE_LEVELS = {"county": TIER_COUNTY, "town": TIER_TOWNSHIP, "village": TIER_VILLAGE}
# Longest list of names a warning spells out before "… and N more".
MAX_NAMES_IN_WARNING = 40


@dataclass(frozen=True, eq=False)
class FacilityTable:
    """Facilities as read from a file, in file order (not yet sorted by tier).

    Coordinates are WGS-84 degrees. ``township_id`` holds, per row, the id of the township
    serving a village ("" when the file does not say; ignored for the hub and townships),
    or is ``None`` when the file has no such column at all. ``population`` is residents.
    """

    id: np.ndarray            # object array of str, unique
    name: np.ndarray          # object array of str
    tier: np.ndarray          # int8, TIER_*
    lon: np.ndarray           # float64 degrees, WGS-84
    lat: np.ndarray           # float64 degrees, WGS-84
    population: np.ndarray    # int64 residents
    township_id: np.ndarray | None
    path: str
    warnings: tuple[str, ...] = ()
    datum: str = "WGS-84"

    def __len__(self) -> int:
        return int(self.id.shape[0])


# --------------------------------------------------------------------------- helpers

def _fname(path: str | Path) -> str:
    return Path(path).name


def _names_list(names: list[str]) -> str:
    shown = names[:MAX_NAMES_IN_WARNING]
    text = ", ".join(shown)
    if len(names) > len(shown):
        text += f", … and {len(names) - len(shown)} more"
    return text


def _short(text: str, n: int = 30) -> str:
    """``text`` cut to ``n`` characters, for quoting a cell or a column name in a message."""
    return text if len(text) <= n else text[:n - 1] + "…"


def _read_rows(path: str | Path, what: str, *, header: int = 0) -> list[list[str]]:
    """All CSV rows of a facility file (UTF-8 or GB18030, see :func:`read_text`), at most
    ``header`` + :data:`defaults.MAX_FACILITIES` non-blank ones; GeographyError if unreadable."""
    p, text = read_text(path, what, defaults.MAX_FACILITY_FILE_MB)
    try:
        rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    except csv.Error as exc:
        raise GeographyError(f"{p.name}: not {what}: not a readable CSV file ({exc})") from None
    n = sum(1 for r in rows if any(c.strip() for c in r)) - header
    if n > defaults.MAX_FACILITIES:
        raise GeographyError(
            f"{p.name}: {n:,} facility rows, more than a county has (at most "
            f"{defaults.MAX_FACILITIES:,}): expected one county's table, not a province's or the country's")
    return rows


def _check_tables(path: str | Path, ids: list[str], tiers: list[int], rows: list[int]) -> None:
    """Tiers: exactly one county row, at least one township and one village."""
    fname = _fname(path)
    county_rows = [r for r, t in zip(rows, tiers) if t == TIER_COUNTY]
    if len(county_rows) != 1:
        got = "none" if not county_rows else f"{len(county_rows)} (rows {', '.join(map(str, county_rows))})"
        raise GeographyError(
            f"{fname}: column 'tier': expected exactly one 'county' row (the county hub), got {got}")
    n_town, n_vill = tiers.count(TIER_TOWNSHIP), tiers.count(TIER_VILLAGE)
    if not n_town or not n_vill:
        raise GeographyError(
            f"{fname}: column 'tier': expected the county hub, at least one 'township' and at least "
            f"one 'village' row, got {n_town} townships and {n_vill} villages")


def _check_points(fname: str, ids: list[str], names: list[str], lon, lat) -> list[str]:
    """Refuse points all at one place; warn of facilities that share their coordinates."""
    check_spread(fname, np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64))
    shared = shared_coordinates(lon, lat)
    if not shared:
        return []
    return [f"{fname}: {len(shared)} facilities share their exact coordinates with another one "
            f"(one of each such pair is probably misplaced): "
            f"{_names_list([f'{names[i]} ({ids[i]})' for i in shared])}"]


# --------------------------------------------------------------------------- own CSV

def load_facility_table(path: str | Path, *,
                        default_population: int = defaults.POPULATION_PER_VILLAGE) -> FacilityTable:
    """Read a facility table CSV: header ``id,name,tier,lon,lat[,population][,township]``.

    ``tier`` is county / township / village (also town, hub, 0/1/2, 县/乡镇/镇/乡/村);
    exactly one county row. ``lon``/``lat`` are WGS-84 degrees. ``population`` (optional,
    residents, non-negative integer): a blank village cell gets ``default_population`` and a
    warning; blank hub/township cells get 0. ``township`` (optional): for a village, the id of
    the township row that serves it (blank: nearest township by road, decided later).
    Row numbers in messages count the header as row 1, as a spreadsheet shows them.

    Returns a :class:`FacilityTable` in file order. Raises :class:`GeographyError`.
    """
    fname = _fname(path)
    rows = _read_rows(path, "a facility table CSV", header=1)
    numbered = [(i + 1, r) for i, r in enumerate(rows) if any(c.strip() for c in r)]
    if not numbered:
        raise GeographyError(
            f"{fname}: file is empty: expected a header line "
            f"'id,name,tier,lon,lat[,population][,township]' and one row per facility")
    header_row, header = numbered[0]
    columns = [c.strip().lower() for c in header]
    if not set(REQUIRED_COLUMNS) & set(columns):
        raise GeographyError(
            f"{fname}: not a facility table CSV: its first line has none of the columns "
            f"{', '.join(REQUIRED_COLUMNS)} (expected a header id,name,tier,lon,lat[,population][,township])")
    for c in columns:
        if columns.count(c) > 1:
            raise GeographyError(f"{fname}: header: column {_short(c)!r} appears more than once")
        if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
            raise GeographyError(
                f"{fname}: header: unknown column {_short(c)!r}: expected only "
                f"{', '.join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)}")
    for c in REQUIRED_COLUMNS:
        if c not in columns:
            raise GeographyError(
                f"{fname}: header: missing column '{c}': expected columns "
                f"id,name,tier,lon,lat[,population][,township], got {_short(','.join(columns), 80)}")
    col = {c: columns.index(c) for c in columns}
    data = numbered[1:]
    if not data:
        raise GeographyError(f"{fname}: no facility rows after the header: expected at least the county hub")

    ids: list[str] = []
    names: list[str] = []
    tiers: list[int] = []
    lons: list[float] = []
    lats: list[float] = []
    pops: list[int] = []
    towns: list[str] = []
    rownums: list[int] = []
    defaulted: list[str] = []
    seen: dict[str, int] = {}
    for rownum, raw in data:
        if len(raw) != len(columns):
            raise GeographyError(
                f"{fname}: row {rownum}: expected {len(columns)} fields like the header, got {len(raw)}")
        cell = {c: raw[i].strip() for c, i in col.items()}
        fid = cell["id"]
        if not fid:
            raise GeographyError(f"{fname}: row {rownum}, column 'id': expected a non-empty id, got ''")
        where = f"{fname}: row {rownum} (id '{fid}')"
        if fid in seen:
            raise GeographyError(
                f"{where}, column 'id': expected unique ids, got a duplicate of row {seen[fid]}")
        seen[fid] = rownum
        if not cell["name"]:
            raise GeographyError(f"{where}, column 'name': expected a non-empty name, got ''")
        tier = TIER_ALIASES.get(cell["tier"].lower())
        if tier is None:
            raise GeographyError(
                f"{where}, column 'tier': expected county, township or village, got {cell['tier']!r}")
        lon, lat = parse_lonlat(cell["lon"], cell["lat"], where=where)
        pop_text = cell.get("population", "")
        if pop_text:
            try:
                pop_f = float(pop_text)
            except ValueError:
                pop_f = math.nan
            if not math.isfinite(pop_f) or pop_f < 0 or pop_f != int(pop_f):
                raise GeographyError(
                    f"{where}, column 'population': expected a non-negative whole number of "
                    f"residents, got {pop_text!r}")
            pop = int(pop_f)
            if tier == TIER_VILLAGE and pop > MAX_VILLAGE_POPULATION:
                raise GeographyError(
                    f"{where}, column 'population': expected at most {MAX_VILLAGE_POPULATION:,} residents "
                    f"for a village, got {pop_text!r}")
        elif tier == TIER_VILLAGE:
            pop = int(default_population)
            defaulted.append(fid)
        else:
            pop = 0
        ids.append(fid)
        names.append(cell["name"])
        tiers.append(tier)
        lons.append(lon)
        lats.append(lat)
        pops.append(pop)
        towns.append(cell.get("township", ""))
        rownums.append(rownum)

    _check_tables(path, ids, tiers, rownums)
    tier_of = dict(zip(ids, tiers))
    has_township = "township" in col
    if has_township:
        for fid, tier, town, rownum in zip(ids, tiers, towns, rownums):
            if tier == TIER_VILLAGE and town and tier_of.get(town) != TIER_TOWNSHIP:
                what = "no such id" if town not in tier_of else f"a {TIER_NAMES[tier_of[town]]} row"
                raise GeographyError(
                    f"{fname}: row {rownum} (id '{fid}'), column 'township': expected the id of a "
                    f"township row, got {town!r} ({what})")
    warnings = _check_points(fname, ids, names, lons, lats)
    if defaulted:
        warnings.append(
            f"{fname}: {len(defaulted)} villages have no population; used the default "
            f"{int(default_population)}: {_names_list(defaulted)}")
    return FacilityTable(
        id=np.array(ids, dtype=object),
        name=np.array(names, dtype=object),
        tier=np.array(tiers, dtype=np.int8),
        lon=np.array(lons, dtype=np.float64),
        lat=np.array(lats, dtype=np.float64),
        population=np.array(pops, dtype=np.int64),
        township_id=(np.array([t if tr == TIER_VILLAGE else "" for t, tr in zip(towns, tiers)],
                              dtype=object) if has_township else None),
        path=str(path),
        warnings=tuple(warnings),
    )


# --------------------------------------------------------------------------- Vonng/adcode

def load_adcode_csv(path: str | Path, *,
                    default_population: int = defaults.POPULATION_PER_VILLAGE) -> FacilityTable:
    """Read one county file of the Vonng/adcode dataset (no header, 20 columns, GCJ-02).

    The county row becomes the hub, ``town`` rows townships, ``village`` rows villages; ids
    are the 12-digit codes, names the Chinese names. Coordinates are converted GCJ-02 →
    WGS-84 (``datum`` says so). Rows without coordinates are left out and reported in
    ``warnings`` (count and names), as are villages whose parent town is missing or has no
    coordinates (kept, with ``township_id`` "" so the nearest township by road serves them).
    Population: the dataset has none, every village gets ``default_population``.

    Returns a :class:`FacilityTable`. Raises :class:`GeographyError`.
    """
    fname = _fname(path)
    rows = [(i + 1, r) for i, r in enumerate(_read_rows(path, "a Vonng/adcode county CSV"))
            if any(c.strip() for c in r)]
    if not rows:
        raise GeographyError(f"{fname}: file is empty: expected Vonng/adcode rows "
                             f"({','.join(ADCODE_COLUMNS)})")
    ci = {c: i for i, c in enumerate(ADCODE_COLUMNS)}
    recs = []
    seen: dict[str, int] = {}
    for rownum, raw in rows:
        if len(raw) != len(ADCODE_COLUMNS):
            raise GeographyError(
                f"{fname}: row {rownum}: expected {len(ADCODE_COLUMNS)} fields "
                f"({','.join(ADCODE_COLUMNS)}), got {len(raw)}")
        cell = {c: raw[i].strip() for c, i in ci.items()}
        code = cell["code"]
        where = f"{fname}: row {rownum} (code '{code}')"
        if not code:
            raise GeographyError(f"{fname}: row {rownum}, column 'code': expected a non-empty code, got ''")
        if code in seen:
            raise GeographyError(f"{where}, column 'code': expected unique codes, got a duplicate of row {seen[code]}")
        seen[code] = rownum
        level = ADCODE_LEVELS.get(cell["level"].lower())
        if level is None:
            raise GeographyError(
                f"{where}, column 'level': expected county, town or village, got {cell['level']!r}")
        has_xy = bool(cell["longitude"]) and bool(cell["latitude"])
        lon = lat = math.nan
        if has_xy:
            lon, lat = parse_lonlat(cell["longitude"], cell["latitude"], where=where,
                                    columns=("longitude", "latitude"))
        recs.append((rownum, code, cell["parent"], cell["name"] or code, level, has_xy, lon, lat))

    county = [r for r in recs if r[4] == TIER_COUNTY]
    if len(county) != 1:
        raise GeographyError(
            f"{fname}: column 'level': expected exactly one 'county' row, got {len(county)}")
    if not county[0][5]:
        raise GeographyError(
            f"{fname}: row {county[0][0]} (code '{county[0][1]}'), columns 'longitude'/'latitude': "
            f"expected the county seat's coordinates, got none")
    warnings: list[str] = []
    towns_located = {r[1] for r in recs if r[4] == TIER_TOWNSHIP and r[5]}
    towns_all = {r[1]: r for r in recs if r[4] == TIER_TOWNSHIP}
    unlocated_towns = [r[3] for r in recs if r[4] == TIER_TOWNSHIP and not r[5]]
    if unlocated_towns:
        warnings.append(
            f"{fname}: {len(unlocated_towns)} town-level units have no coordinates and were left "
            f"out: {_names_list(unlocated_towns)}")
    if not towns_located:
        raise GeographyError(f"{fname}: column 'level': expected at least one 'town' row with coordinates, got none")
    if not any(r[4] == TIER_VILLAGE and r[5] for r in recs):
        raise GeographyError(
            f"{fname}: column 'level': expected at least one 'village' row with coordinates, got none")
    missing_villages = [r[3] for r in recs if r[4] == TIER_VILLAGE and not r[5]]
    if missing_villages:
        warnings.append(
            f"{fname}: {len(missing_villages)} villages have no coordinates and were left out: "
            f"{_names_list(missing_villages)}")
    orphans = [r for r in recs if r[4] == TIER_VILLAGE and r[5] and r[2] not in towns_located]
    if orphans:
        desc = [f"{r[3]} (parent {r[2]!r} "
                f"{'has no coordinates' if r[2] in towns_all else 'is not in the file'})" for r in orphans]
        warnings.append(
            f"{fname}: {len(orphans)} villages have no located parent town and are served by "
            f"the nearest township by road: {_names_list(desc)}")

    kept = [r for r in recs if r[5]]
    g_lon = np.array([r[6] for r in kept], dtype=np.float64)
    g_lat = np.array([r[7] for r in kept], dtype=np.float64)
    lon, lat = gcj02_to_wgs84(g_lon, g_lat)
    tiers = np.array([r[4] for r in kept], dtype=np.int8)
    warnings += _check_points(fname, [r[1] for r in kept], [r[3] for r in kept], lon, lat)
    return FacilityTable(
        id=np.array([r[1] for r in kept], dtype=object),
        name=np.array([r[3] for r in kept], dtype=object),
        tier=tiers,
        lon=lon,
        lat=lat,
        population=np.where(tiers == TIER_VILLAGE, int(default_population), 0).astype(np.int64),
        township_id=np.array([r[2] if (r[4] == TIER_VILLAGE and r[2] in towns_located) else ""
                              for r in kept], dtype=object),
        path=str(path),
        warnings=tuple(warnings),
        datum="WGS-84 (converted from GCJ-02)",
    )
