"""Checks on a user's own county files: what is not a road, what is not a facility table,
facilities that do not sit on the road file, and what the outputs say about snapping.

Every bad input must stop with a one-line :class:`GeographyError` naming the file and
what was expected; the files are tiny, hand-written into ``tmp_path``.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from conftest import shared_or_skip

from sim.cli import main
from sim.config import defaults, load_config
from sim.geography import GeographyError, build_county, build_geography
from sim.geography.facilities import FacilityTable, load_adcode_csv, load_facility_table
from sim.geography.geodesy import haversine_km
from sim.geography.roads import DRIVABLE_HIGHWAYS, is_drivable, load_road_graph
from sim.kpis import registry


# --------------------------------------------------------------------------- helpers

def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _one_line_error(call, *args, **kwargs) -> str:
    """The message of the GeographyError ``call`` raises; it must be a single line."""
    with pytest.raises(GeographyError) as err:
        call(*args, **kwargs)
    msg = str(err.value)
    assert "\n" not in msg and "\r" not in msg, msg
    return msg


def _road_graphml(tmp_path: Path, extra=None, name: str = "roads.graphml") -> Path:
    """An OSMnx-like GraphML: a north–south road 101–102–103 (hub at 101, township at 103).

    ``extra(g)`` may add or change edges before it is written."""
    g = nx.MultiDiGraph(crs="epsg:4326")
    for n, (x, y) in {101: (114.0, 29.50), 102: (114.0, 29.52), 103: (114.0, 29.54)}.items():
        g.add_node(n, x=x, y=y)
    g.add_edge(101, 102, 0, highway="secondary", length=2224.0)
    g.add_edge(102, 103, 0, highway="track", length=2224.0)
    if extra is not None:
        extra(g)
    p = tmp_path / name
    nx.write_graphml(g, p)
    return p


FACILITIES = ("id,name,tier,lon,lat\nC,Seat,county,114.0,29.5\nT,Town,township,114.0,29.54\n"
              "V,Riverside,village,{vlon},{vlat}\n")


def _facilities(tmp_path: Path, vlon: float = 114.02, vlat: float = 29.54):
    return load_facility_table(_write(tmp_path, "facilities.csv", FACILITIES.format(vlon=vlon, vlat=vlat)))


# --------------------------------------------------------------------------- drivable roads only

def test_drivable_allow_list() -> None:
    assert {"track", "service", "residential", "tertiary_link"} <= DRIVABLE_HIGHWAYS
    assert is_drivable("track") and is_drivable("Service") and is_drivable("primary_link")
    assert is_drivable("['footway', 'residential']")        # any value of a list
    assert not is_drivable("['path', 'footway']")
    for h in ("footway", "path", "cycleway", "pedestrian", "bridleway", "steps", "corridor",
              "elevator", "escalator", "platform", "construction", "proposed", "planned",
              "abandoned", "disused", "razed", "raceway", "bus_guideway", "via_ferrata", "", None):
        assert not is_drivable(h), h


def test_graphml_river_edge_is_not_a_road(tmp_path: Path) -> None:
    """A river the offline reader kept runs 0.1 km from the village and joins the hub's node;
    the village must snap to the road 1.9 km away, not to the river."""
    def river(g):
        g.add_node(201, x=114.021, y=29.541)
        g.add_node(202, x=114.03, y=29.50)
        g.add_edge(201, 202, 0, waterway="river", length=4500.0)          # no highway at all
        g.add_edge(202, 101, 0, waterway="river", length=2900.0)
        g.add_edge(201, 103, 0, highway="footway", length=2100.0)         # a path, not a road
    roads = load_road_graph(_road_graphml(tmp_path, river))
    assert set(roads.nodes) == {101, 102, 103}
    assert "left out 3 edges that are not drivable roads" in roads.graph["notes"][0]
    geo = build_geography(_facilities(tmp_path), roads)
    v = geo.villages[0]
    assert geo.node[v] == 103
    assert geo.snap_km[v] == pytest.approx(float(haversine_km(114.02, 29.54, 114.0, 29.54)), rel=0.01)
    assert geo.dist_km[0, v] == pytest.approx(4.448)
    assert any("left out 3 edges" in w for w in geo.warnings)


def test_graphml_without_any_road_is_refused(tmp_path: Path) -> None:
    def no_roads(g):
        for _, _, d in g.edges(data=True):
            d["highway"] = "footway"
    msg = _one_line_error(load_road_graph, _road_graphml(tmp_path, no_roads, "paths.graphml"))
    assert msg.startswith("paths.graphml: none of the 2 edges is a drivable road")


OSM_WITH_FOOTWAY = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6">
  <node id="1" lat="29.50" lon="114.0"/><node id="2" lat="29.52" lon="114.0"/>
  <node id="3" lat="29.54" lon="114.0"/><node id="4" lat="29.541" lon="114.021"/>
  <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="tertiary"/></way>
  <way id="11"><nd ref="3"/><nd ref="4"/><tag k="highway" v="footway"/></way>
  <way id="12"><nd ref="4"/><nd ref="1"/><tag k="highway" v="cycleway"/></way>
</osm>
"""


def test_osm_xml_footway_is_not_a_road(tmp_path: Path) -> None:
    roads = load_road_graph(_write(tmp_path, "county.osm", OSM_WITH_FOOTWAY))
    assert set(roads.nodes) == {1, 2, 3} and not roads.has_edge(3, 4)
    assert "left out 2 ways" in roads.graph["notes"][0]
    geo = build_geography(_facilities(tmp_path), roads)
    assert geo.node[geo.villages[0]] == 3
    only_paths = OSM_WITH_FOOTWAY.replace('v="tertiary"', 'v="path"')
    msg = _one_line_error(load_road_graph, _write(tmp_path, "paths.osm", only_paths))
    assert msg.startswith("paths.osm: no <way> with a drivable 'highway' tag; 3 ways are footways")


# --------------------------------------------------------------------------- GraphML edge lengths

WINDING = "LINESTRING (114 29.5, 114.01 29.505, 113.99 29.51, 114.01 29.515, 114 29.52)"


def test_graphml_length_from_geometry(tmp_path: Path) -> None:
    def no_length(g):
        del g.edges[101, 102, 0]["length"]
        g.edges[101, 102, 0]["geometry"] = WINDING
    roads = load_road_graph(_road_graphml(tmp_path, no_length))
    lon = np.array([114, 114.01, 113.99, 114.01, 114])
    lat = np.array([29.5, 29.505, 29.51, 29.515, 29.52])
    along = float(haversine_km(lon[:-1], lat[:-1], lon[1:], lat[1:]).sum())
    straight = float(haversine_km(114.0, 29.5, 114.0, 29.52))
    assert along > 1.5 * straight                     # the winding road, not the straight line
    assert roads.edges[101, 102]["length_km"] == pytest.approx(along, rel=1e-12)
    assert roads.edges[102, 103]["length_km"] == pytest.approx(2.224)     # 'length' still wins


def test_graphml_edge_without_length_or_geometry_is_refused(tmp_path: Path) -> None:
    def no_length(g):
        del g.edges[102, 103, 0]["length"]
    msg = _one_line_error(load_road_graph, _road_graphml(tmp_path, no_length, "county.graphml"))
    assert msg.startswith("county.graphml: edge (102, 103) has no 'length' and no 'geometry'")

    def bad_geometry(g):
        del g.edges[102, 103, 0]["length"]
        g.edges[102, 103, 0]["geometry"] = "POINT (114 29.5)"
    msg = _one_line_error(load_road_graph, _road_graphml(tmp_path, bad_geometry, "county.graphml"))
    assert msg.startswith("county.graphml: edge (102, 103), attribute 'geometry': expected a WKT LINESTRING")


# --------------------------------------------------------------------------- what is not a facility table

PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


def test_png_as_facility_table(tmp_path: Path) -> None:
    p = tmp_path / "photo.csv"
    p.write_bytes(PNG_BYTES)
    msg = _one_line_error(load_facility_table, p)
    assert msg == "photo.csv: not a facility table CSV: it is a PNG image"


@pytest.mark.parametrize(("content", "expected"), [
    (b"PK\x03\x04\x14\x00\x06\x00", "not a facility table CSV: it is a ZIP archive (an Excel .xlsx workbook?"),
    (b"id,name,tier,lon,lat\nC,\x00\x00,county,114,29\n", "not a facility table CSV: it is binary data"),
    ("id,name,tier,lon,lat\n".encode("utf-16"), "not a facility table CSV: it is UTF-16 text"),
    (b"id,name,tier,lon,lat\nC,Seat\x80\xff,county,114,29\n", "not UTF-8 or GB18030 text"),
    (b'[scenario]\nname = "secret plan"\n', "not a facility table CSV: its first line has none of the columns"),
])
def test_not_a_facility_table(tmp_path: Path, content: bytes, expected: str) -> None:
    p = tmp_path / "table.csv"
    p.write_bytes(content)
    msg = _one_line_error(load_facility_table, p)
    assert msg.startswith(f"table.csv: {expected}")
    assert "scenario" not in msg and "secret" not in msg and "Seat" not in msg  # content not echoed


def test_directory_device_and_huge_file_are_refused_without_reading(tmp_path: Path) -> None:
    msg = _one_line_error(load_facility_table, tmp_path)
    assert msg == f"{tmp_path}: is a directory, not a facility table CSV"
    msg = _one_line_error(load_facility_table, "/dev/zero")
    assert msg == "/dev/zero: not a regular file (a device or a pipe), not a facility table CSV"
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)                                   # reading it would block: it must not be read
    assert "not a regular file" in _one_line_error(load_facility_table, fifo)
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as fh:                       # sparse: 10 GB of nothing on disk
        fh.truncate(10 * 10**9)
    msg = _one_line_error(load_facility_table, huge)
    assert msg.startswith("huge.csv: 10,000 MB, more than a facility table CSV can be (at most "
                          f"{defaults.MAX_FACILITY_FILE_MB:,g} MB)")


def test_more_rows_than_a_county_has(tmp_path: Path) -> None:
    n = defaults.MAX_FACILITIES + 1
    rows = [f"V{i},Village {i},village,114.{i % 1000:03d},29.5" for i in range(n)]
    p = _write(tmp_path, "province.csv", "id,name,tier,lon,lat\n" + "\n".join(rows) + "\n")
    msg = _one_line_error(load_facility_table, p)
    assert msg.startswith(f"province.csv: {n:,} facility rows, more than a county has (at most "
                          f"{defaults.MAX_FACILITIES:,})")


GBK_TABLE = """id,name,tier,lon,lat,population,township
C,崇阳县,county,114.04,29.55,,
T1,天城镇,township,114.05,29.56,,
T2,沙坪镇,township,113.87,29.37,,
V1,白泉村,village,114.06,29.58,820,T1
V2,金塘村,village,113.88,29.38,640,T2
"""


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig"])
def test_chinese_encodings_read_alike(tmp_path: Path, encoding: str) -> None:
    p = tmp_path / "facilities.csv"
    p.write_bytes(GBK_TABLE.encode(encoding))
    if encoding == "gbk":
        with pytest.raises(UnicodeDecodeError):
            p.read_bytes().decode("utf-8")           # really not UTF-8
    ft = load_facility_table(p)
    assert ft.name.tolist() == ["崇阳县", "天城镇", "沙坪镇", "白泉村", "金塘村"]
    assert ft.id.tolist() == ["C", "T1", "T2", "V1", "V2"] and ft.population.tolist() == [0, 0, 0, 820, 640]


# --------------------------------------------------------------------------- what is not a road file

def test_road_file_directory_device_and_non_xml(tmp_path: Path) -> None:
    d = tmp_path / "roads.osm"
    d.mkdir()
    assert _one_line_error(load_road_graph, d) == f"{d}: is a directory, not a road file (.graphml, .osm or .osm.gz)"
    assert "not a regular file" in _one_line_error(load_road_graph, "/dev/zero")
    png = tmp_path / "county.osm"
    png.write_bytes(PNG_BYTES)
    assert _one_line_error(load_road_graph, png) == "county.osm: not OSM XML: it is a PNG image"
    png_graphml = tmp_path / "county.graphml"
    png_graphml.write_bytes(PNG_BYTES)
    assert _one_line_error(load_road_graph, png_graphml) == "county.graphml: not a GraphML road graph: it is a PNG image"
    csv_osm = _write(tmp_path, "roads.xml", "from,to,km\n1,2,3.5\n")
    assert _one_line_error(load_road_graph, csv_osm) == (
        "roads.xml: not OSM XML: it is not XML (it does not start with '<')")


def test_corrupt_osm_gz(tmp_path: Path) -> None:
    data = gzip.compress(OSM_WITH_FOOTWAY.encode())
    truncated = tmp_path / "truncated.osm.gz"
    truncated.write_bytes(data[: len(data) // 2])
    msg = _one_line_error(load_road_graph, truncated)
    assert msg.startswith("truncated.osm.gz: corrupt gzip data (")
    garbled = tmp_path / "garbled.osm.gz"
    garbled.write_bytes(data[:12] + bytes(b ^ 0x5A for b in data[12:-8]) + data[-8:])
    assert _one_line_error(load_road_graph, garbled).startswith("garbled.osm.gz: corrupt gzip data (")
    plain = _write(tmp_path, "plain.osm.gz", OSM_WITH_FOOTWAY)
    assert _one_line_error(load_road_graph, plain) == (
        "plain.osm.gz: not gzip-compressed OSM XML (.osm.gz): it is plain XML, not gzip data "
        "(drop the .gz from its name)")


def test_road_file_size_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    padded = OSM_WITH_FOOTWAY.replace("</osm>", "<!--" + " " * 200_000 + "--></osm>")
    gz = tmp_path / "bomb.osm.gz"
    gz.write_bytes(gzip.compress(padded.encode()))
    assert gz.stat().st_size < 10_000                  # small on disk, 200 kB inside
    assert load_road_graph(gz).number_of_edges() == 2
    monkeypatch.setattr(defaults, "MAX_ROAD_FILE_MB", 0.05)
    msg = _one_line_error(load_road_graph, gz)
    assert msg.startswith("bomb.osm.gz: more than 0.05 MB of data, more than gzip-compressed OSM XML")
    big = _write(tmp_path, "big.osm", padded)
    assert _one_line_error(load_road_graph, big).startswith("big.osm: 0.20 MB, more than a road file")


# --------------------------------------------------------------------------- what is not a county

@pytest.mark.parametrize(("rows", "expected"), [
    ("C,Seat,county,114.0,29.5\n",
     ("column 'tier': expected the county hub, at least one 'township' and at least one 'village' row, "
      "got 0 townships and 0 villages")),
    ("C,Seat,county,114.0,29.5\nT,Town,township,114.1,29.6\n",
     "got 1 townships and 0 villages"),
    ("C,Seat,county,114.0,29.5\nV,Vil,village,114.1,29.6\n",
     "got 0 townships and 1 villages"),
])
def test_table_without_townships_or_villages(tmp_path: Path, rows: str, expected: str) -> None:
    p = _write(tmp_path, "hub_only.csv", "id,name,tier,lon,lat\n" + rows)
    msg = _one_line_error(load_facility_table, p)
    assert msg.startswith("hub_only.csv: column 'tier': expected the county hub") and expected in msg


def test_all_facilities_at_one_point(tmp_path: Path) -> None:
    rows = "".join(f"V{i},Village {i},village,114.0401,29.5501\n" for i in range(8))
    p = _write(tmp_path, "geocoded.csv", "id,name,tier,lon,lat\nC,Seat,county,114.04,29.55\n"
               "T,Town,township,114.0402,29.5502\n" + rows)    # all within ≈ 30 m
    msg = _one_line_error(load_facility_table, p)
    assert msg.startswith("geocoded.csv: columns 'lon'/'lat': all 10 facilities lie within 0.03 km of each other")
    assert "geocoded to one place" in msg


def test_facilities_sharing_coordinates_are_named_in_a_warning(tmp_path: Path) -> None:
    p = _write(tmp_path, "f.csv", "id,name,tier,lon,lat\nC,Seat,county,114.0,29.5\nT,Town,township,114.1,29.6\n"
               "V1,Fanshang,village,114.2,29.4\nV2,Fanshang,village,114.2,29.4\nV3,Other,village,114.3,29.4\n")
    ft = load_facility_table(p)
    assert ft.warnings[0] == ("f.csv: 2 facilities share their exact coordinates with another one (one of "
                              "each such pair is probably misplaced): Fanshang (V1), Fanshang (V2)")


@pytest.mark.parametrize(("lon", "lat", "expected"), [
    ("29.55", "114.04", ("row 3 (id 'T'), column 'lat': expected a number between -90 and 90, got '114.04': "
                         "lon and lat look swapped (lon 114.04, lat 29.55 would be in China)")),
    ("200", "-30", "row 3 (id 'T'), column 'lon': expected a number between -180 and 180, got '200'"),
    ("39.47", "75.99", ("row 3 (id 'T'), columns 'lon'/'lat': lon and lat look swapped: lon 39.47, lat 75.99 "
                        "is outside China (lon 73–136, lat 18–54), lon 75.99, lat 39.47 would be inside")),
])
def test_swapped_lon_lat_without_road_file(tmp_path: Path, lon: str, lat: str, expected: str) -> None:
    p = _write(tmp_path, "f.csv", f"id,name,tier,lon,lat\nC,Seat,county,114.0,29.5\nT,Town,township,{lon},{lat}\n"
               "V,Vil,village,114.1,29.6\n")
    msg = _one_line_error(load_facility_table, p)
    assert msg == f"f.csv: {expected}"


def test_a_county_outside_china_is_not_called_swapped(tmp_path: Path) -> None:
    p = _write(tmp_path, "kenya.csv", "id,name,tier,lon,lat\nC,Seat,county,36.82,-1.29\n"
               "T,Town,township,36.9,-1.2\nV,Vil,village,36.95,-1.1\n")
    assert load_facility_table(p).lon.tolist() == [36.82, 36.9, 36.95]


def test_chongyang_two_villages_geocoded_alike() -> None:
    """The real Chongyang table has two 畈上村 (in 金塘镇 and 港口乡) at one point."""
    ft = load_adcode_csv(shared_or_skip("chongyang", "chongyang_421223_adcode.csv"))
    shared = [w for w in ft.warnings if "share their exact coordinates" in w]
    assert len(shared) == 1 and shared[0].endswith(": 畈上村 (421223106207), 畈上村 (421223202206)")


# --------------------------------------------------------------------------- facilities on the road file

def _osm(nodes: dict[int, tuple[float, float]], ways: list[list[int]]) -> str:
    """OSM XML text: ``nodes`` id → (lon, lat); each way a tertiary road through its node ids."""
    body = "".join(f'<node id="{n}" lat="{lat}" lon="{lon}"/>' for n, (lon, lat) in nodes.items())
    for k, refs in enumerate(ways):
        nds = "".join(f'<nd ref="{r}"/>' for r in refs)
        body += f'<way id="{900 + k}">{nds}<tag k="highway" v="tertiary"/></way>'
    return f'<?xml version="1.0"?><osm version="0.6">{body}</osm>'


# Roads around Kashgar (喀什, Xinjiang), where a swapped lon/lat pair is still in range.
KASHGAR_ROADS = _osm({1: (75.99, 39.47), 2: (76.05, 39.47), 3: (76.05, 39.52), 4: (75.99, 39.52)},
                     [[1, 2, 3, 4, 1]])


def _table(path: str, rows: list[tuple[str, str, int, float, float]]) -> FacilityTable:
    """A FacilityTable built in memory, as a Python API user might (no file checks)."""
    return FacilityTable(
        id=np.array([r[0] for r in rows], dtype=object), name=np.array([r[1] for r in rows], dtype=object),
        tier=np.array([r[2] for r in rows], dtype=np.int8), lon=np.array([r[3] for r in rows]),
        lat=np.array([r[4] for r in rows]), population=np.full(len(rows), 900, dtype=np.int64),
        township_id=None, path=path)


def test_swapped_lon_lat_with_a_road_file(tmp_path: Path) -> None:
    roads = load_road_graph(_write(tmp_path, "kashgar.osm", KASHGAR_ROADS))
    true = [("C", "Seat", 0, 75.991, 39.471), ("T", "Town", 1, 76.049, 39.519), ("V", "Vil", 2, 75.991, 39.519)]
    assert build_geography(_table("kashgar.csv", true), roads).snap_km.max() < 0.2
    swapped = [(f, n, t, lat, lon) for f, n, t, lon, lat in true]
    msg = _one_line_error(build_geography, _table("kashgar.csv", swapped), roads)
    assert msg.startswith("kashgar.osm: 3 of 3 facilities lie outside the road file's area "
                          "(lon 75.990–76.050, lat 39.470–39.520, plus 5 km): ")
    assert "Seat (C, " in msg and " km outside)" in msg
    assert msg.endswith("; lon and lat look swapped in kashgar.csv: read the other way round, they lie inside that area")
    # In a table file the reader already says so, before any road is read.
    p = _write(tmp_path, "kashgar.csv", "id,name,tier,lon,lat\n" + "".join(
        f"{f},{n},{['county', 'township', 'village'][t]},{lon},{lat}\n" for f, n, t, lon, lat in swapped))
    assert "lon and lat look swapped" in _one_line_error(load_facility_table, p)


def test_another_countys_road_file(tmp_path: Path) -> None:
    roads = load_road_graph(_write(tmp_path, "kashgar.osm", KASHGAR_ROADS))
    msg = _one_line_error(build_geography, _facilities(tmp_path), roads)   # facilities in Hubei
    assert msg.startswith("kashgar.osm: 3 of 3 facilities lie outside the road file's area")
    assert msg.endswith("expected a road file that covers the county of facilities.csv (is it another "
                        "county's extract?) or corrected coordinates")


def test_swap_hint_when_swapped_points_sit_on_the_roads(tmp_path: Path) -> None:
    """Inside the road file's box, more than max_snap_km from its roads; swapped, on them."""
    roads = load_road_graph(_write(tmp_path, "diag.osm", _osm(
        {1: (44.95, 44.95), 2: (45.02, 45.10), 3: (45.03, 45.12), 4: (45.15, 45.15)}, [[1, 2, 3, 4]])))
    rows = "C,Seat,county,45.10,45.02\nT,Town,township,45.12,45.03\nV,Vil,village,45.11,45.025\n"
    ft = load_facility_table(_write(tmp_path, "diag.csv", "id,name,tier,lon,lat\n" + rows))
    msg = _one_line_error(build_geography, ft, roads)
    assert msg.startswith("diag.osm: 3 facilities are more than 5 km from the nearest road node: ")
    assert msg.endswith("; lon and lat look swapped in diag.csv: read the other way round, they sit on its roads")


def test_facilities_beyond_max_snap_km_are_listed_worst_first(tmp_path: Path) -> None:
    roads = load_road_graph(_write(tmp_path, "county.osm", _osm(    # a road along lon 114.0, one far east
        {1: (114.0, 29.50), 2: (114.0, 29.52), 3: (114.0, 29.54), 4: (114.3, 29.70), 5: (114.3, 29.72)},
        [[1, 2, 3], [4, 5]])))
    far = "".join(f"V{k},Far {k},village,{114.0 + 0.06 + 0.01 * k},29.52\n" for k in range(7))
    ft = load_facility_table(_write(tmp_path, "f.csv", "id,name,tier,lon,lat\nC,Seat,county,114.0,29.5\n"
                                    "T,Town,township,114.0,29.54\nV,Near,village,114.01,29.52\n" + far))
    msg = _one_line_error(build_geography, ft, roads)
    km = [float(haversine_km(114.06 + 0.01 * k, 29.52, 114.0, 29.52)) for k in range(7)]
    assert km[0] > 5.0
    listed = ", ".join(f"Far {k} (V{k}, {km[k]:.1f} km)" for k in (6, 5, 4, 3, 2))
    assert msg == (f"county.osm: 7 facilities are more than 5 km from the nearest road node: {listed}, … "
                   f"and 2 more; check their coordinates in f.csv, or use a road extract with the village "
                   f"roads (geography.max_snap_km sets this limit)")
    geo = build_geography(ft, roads, max_snap_km=15.0)
    assert sorted(np.round(geo.snap_km[geo.snap_km > 1.0], 1).tolist()) == sorted(round(k, 1) for k in km)
    with pytest.raises(GeographyError, match=r"f.csv: max_snap_km: expected a positive number of km, got -1"):
        build_geography(ft, roads, max_snap_km=-1.0)


# --------------------------------------------------------------------------- a user's own county, end to end

FAR_ROADS = {1: (114.0, 29.50), 2: (114.0, 29.52), 3: (114.0, 29.54), 4: (114.3, 29.70), 5: (114.3, 29.72)}
OWN_TABLE = ("id,name,tier,lon,lat,population\nC,Seat,county,114.0,29.5,0\nT,Town,township,114.0,29.54,0\n"
             "V1,Near,village,114.001,29.521,800\nV2,Roadside,village,114.012,29.52,700\n"
             "V3,Hillside,village,114.09,29.52,600\n")


def _own_county(tmp_path: Path, extra: str = "") -> Path:
    _write(tmp_path, "roads.osm", _osm(FAR_ROADS, [[1, 2, 3], [4, 5]]))
    _write(tmp_path, "mine.csv", OWN_TABLE)
    return _write(tmp_path, "mine.toml", '[geography]\nsource = "file"\nfacilities = "mine.csv"\n'
                  f'roads = "roads.osm"\n{extra}')


def test_scenario_max_snap_km_stops_the_run_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    scenario = _own_county(tmp_path)
    assert main(["run", str(scenario), "--days", "1", "--out", str(tmp_path / "out"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("error: roads.osm: 1 facility is more than 5 km from the nearest road node: "
                          "Hillside (V3, 8.7 km); check their coordinates in mine.csv")
    assert not (tmp_path / "out").exists()
    geo = build_county(load_config(_own_county(tmp_path, "max_snap_km = 10.0\n")))
    assert geo.snap_km[geo.facility_id.tolist().index("V3")] == pytest.approx(8.7, abs=0.05)


def test_villages_csv_and_summary_report_snapping(tmp_path: Path) -> None:
    scenario = _own_county(tmp_path, "max_snap_km = 10.0\n")
    out = tmp_path / "run"
    assert main(["run", str(scenario), "--days", "2", "--out", str(out), "--no-progress"]) == 0
    villages = pd.read_csv(out / "villages.csv").set_index("village_id")
    expected = {"V1": haversine_km(114.001, 29.521, 114.0, 29.52), "V2": haversine_km(114.012, 29.52, 114.0, 29.52),
                "V3": haversine_km(114.09, 29.52, 114.0, 29.52)}
    for vid, km in expected.items():
        assert villages.loc[vid, "snap_km"] == pytest.approx(float(km), rel=1e-3)
    assert villages["township_id"].tolist() == ["T", "T", "T"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    # V2 (1.16 km) and V3 (8.7 km) are beyond 1 km; V1 (0.15 km) and the hub/township (0) are not
    assert summary["facilities_snapped_beyond_1km"] == 2
    assert f"beyond_{defaults.SNAP_REPORT_KM:g}km" in "facilities_snapped_beyond_1km"  # the key says the limit
    assert registry.kpi("facilities_snapped_beyond_1km").group == "run"
