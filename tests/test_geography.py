"""Geography: synthetic county, facility tables, road files, snapping, travel matrices."""

from __future__ import annotations

import gzip
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from conftest import shared_or_skip

from sim.config import defaults
from sim.geography.synthetic import synthetic_county
from sim.geography.facilities import (
    TIER_COUNTY,
    TIER_TOWNSHIP,
    TIER_VILLAGE,
    FacilityTable,
    load_adcode_csv,
    load_facility_table,
)
from sim.geography.geodesy import gcj02_to_wgs84, haversine_km, project_km, wgs84_to_gcj02
from sim.geography import Geography, GeographyError, build_geography
from sim.geography.core import travel_matrices
from sim.geography.roads import load_road_graph, parse_maxspeed_kmh, road_class_of



# --------------------------------------------------------------------------- helpers

def _edges(geo: Geography) -> list[tuple]:
    return sorted((min(u, v), max(u, v), round(d["length_km"], 12), d["road_class"])
                  for u, v, d in geo.graph.edges(data=True))


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


GOOD_CSV = """id,name,tier,lon,lat,population,township
C,Seat,county,114.00,29.50,,
T1,North,township,114.00,29.60,,
T2,South,township,114.00,29.40,,
V1,Near north,village,114.03,29.62,500,T1
V2,Near south,village,114.02,29.38,,
V3,East,village,114.10,29.50,700,
"""


@pytest.fixture(scope="module")
def geo42() -> Geography:
    return synthetic_county(seed=42)


# --------------------------------------------------------------------------- synthetic

def test_synthetic_is_deterministic_for_a_seed(geo42: Geography) -> None:
    again = synthetic_county(seed=42)
    for field in ("facility_id", "name", "tier", "x_km", "y_km", "population", "node",
                  "township", "dist_km", "time_h"):
        assert np.array_equal(getattr(geo42, field), getattr(again, field)), field
    assert _edges(geo42) == _edges(again)
    other = synthetic_county(seed=43)
    assert not np.allclose(geo42.x_km, other.x_km)
    assert _edges(geo42) != _edges(other)


def test_synthetic_counts_and_order(geo42: Geography) -> None:
    n_t, n_v = defaults.N_TOWNSHIPS, defaults.N_TOWNSHIPS * defaults.VILLAGES_PER_TOWNSHIP
    assert (n_t, n_v) == (12, 180)
    assert geo42.n_facilities == 1 + n_t + n_v
    assert geo42.tier[0] == TIER_COUNTY and geo42.hub == 0
    assert np.array_equal(geo42.townships, np.arange(1, 1 + n_t))
    assert np.array_equal(geo42.villages, np.arange(1 + n_t, 1 + n_t + n_v))
    assert np.all(geo42.tier[geo42.villages] == TIER_VILLAGE)
    assert len(set(geo42.facility_id.tolist())) == geo42.n_facilities
    assert geo42.tier.dtype == np.int8 and geo42.population.dtype == np.int64
    pop = geo42.population[geo42.villages]        # log-normal sizes around the mean
    assert pop.mean() == pytest.approx(defaults.POPULATION_PER_VILLAGE, rel=0.15)
    assert pop.min() > 0 and pop.max() > 2 * pop.min()
    # hub at the centre, everything inside the county disc
    assert abs(geo42.x_km[0]) < 1e-9 and abs(geo42.y_km[0]) < 1e-9
    radius = np.sqrt(defaults.AREA_KM2 / np.pi)
    assert np.all(np.hypot(geo42.x_km, geo42.y_km) <= radius + 1e-9)
    # each village is served by a township; townships serve themselves
    assert np.all(np.isin(geo42.township[geo42.villages], geo42.townships))
    assert np.array_equal(geo42.township[geo42.townships], geo42.townships)
    assert geo42.synthetic_roads and "seed 42" in geo42.source
    assert set(geo42.node.tolist()) <= set(geo42.graph.nodes)
    layout = geo42.layout()
    assert set(layout) == set(geo42.graph.nodes) and layout["C0"] == (0.0, 0.0)
    assert geo42.name[1] == "Township 1" and geo42.name[13] == "Village 1-1"


def test_synthetic_road_classes_and_attributes(geo42: Geography) -> None:
    classes = {d["road_class"] for *_, d in geo42.graph.edges(data=True)}
    assert classes == {"trunk", "township", "village"}
    for u, v, d in geo42.graph.edges(data=True):
        assert d["speed_kmh"] == pytest.approx(defaults.SPEED_KMH[d["road_class"]])
        assert d["time_h"] == pytest.approx(d["length_km"] / d["speed_kmh"])
        straight = np.hypot(geo42.graph.nodes[u]["x_km"] - geo42.graph.nodes[v]["x_km"],
                            geo42.graph.nodes[u]["y_km"] - geo42.graph.nodes[v]["y_km"])
        assert d["length_km"] == pytest.approx(straight * defaults.TERRAIN_CIRCUITY["plain"])
    trunk = nx.Graph([(u, v) for u, v, d in geo42.graph.edges(data=True) if d["road_class"] == "trunk"])
    n = 1 + defaults.N_TOWNSHIPS
    assert nx.is_connected(trunk) and trunk.number_of_nodes() == n
    assert n - 1 <= trunk.number_of_edges() < n * (n - 1) // 2  # more than a tree, not complete


@pytest.mark.parametrize("seed", [1, 2, 3, 42])
def test_synthetic_distance_bands(seed: int) -> None:
    geo = synthetic_county(seed=seed, area_km2=1200.0)
    v = geo.villages
    tv = geo.dist_km[geo.township[v], v]
    assert 3.0 <= np.median(tv) <= 8.0
    ht = geo.dist_km[0, geo.townships]
    assert 10.0 <= np.median(ht) <= 40.0
    assert np.min(ht) >= defaults.MIN_TOWNSHIP_SPACING_KM  # not on top of the hub
    s = geo.summary()
    assert s["township_village_km_median"] == pytest.approx(np.median(tv))
    assert s["n_townships"] == 12 and s["n_villages"] == 180
    assert 500.0 < s["hull_area_km2"] <= 1200.0


def test_terrain_makes_roads_longer_and_slower() -> None:
    """Same seed, same map: hilly/mountain roads wind more and are driven slower."""
    plain = synthetic_county(seed=7, terrain="plain")
    hilly = synthetic_county(seed=7, terrain="hilly")
    mountain = synthetic_county(seed=7, terrain="mountain")
    off = ~np.eye(plain.n_facilities, dtype=bool)
    assert np.all(mountain.time_h[off] > plain.time_h[off])
    assert np.all(hilly.time_h[off] > plain.time_h[off])
    assert np.array_equal(mountain.x_km, plain.x_km)
    assert np.all(mountain.dist_km[off] > plain.dist_km[off])
    sp = {d["road_class"]: d["speed_kmh"] for *_, d in mountain.graph.edges(data=True)}
    assert sp["trunk"] == pytest.approx(defaults.SPEED_KMH["trunk"] * defaults.TERRAIN_SPEED_FACTOR["mountain"])
    assert mountain.terrain == "mountain"


def test_synthetic_bad_arguments() -> None:
    with pytest.raises(GeographyError, match="synthetic county: terrain"):
        synthetic_county(seed=1, terrain="swamp")
    with pytest.raises(GeographyError, match="synthetic county: n_townships"):
        synthetic_county(seed=1, n_townships=0)
    with pytest.raises(GeographyError, match="synthetic county: n_townships: cannot place"):
        synthetic_county(seed=1, n_townships=40, area_km2=100.0)


# --------------------------------------------------------------------------- matrices

def test_matrices_symmetric_zero_diagonal_triangle(geo42: Geography) -> None:
    t, d = geo42.time_h, geo42.dist_km
    assert t.shape == d.shape == (geo42.n_facilities,) * 2
    assert np.allclose(t, t.T) and np.allclose(d, d.T)
    assert np.all(np.diag(t) == 0) and np.all(np.diag(d) == 0)
    off = ~np.eye(len(t), dtype=bool)
    assert np.all(t[off] > 0) and np.all(np.isfinite(t))
    rng = np.random.default_rng(0)
    i, j, k = rng.integers(0, len(t), size=(3, 5000))
    assert np.all(t[i, j] <= t[i, k] + t[k, j] + 1e-9)
    # the fastest path is never shorter than the straight line
    straight = np.hypot(geo42.x_km[:, None] - geo42.x_km[None, :], geo42.y_km[:, None] - geo42.y_km[None, :])
    assert np.all(d >= straight - 1e-9)


def test_dist_km_follows_networkx_fastest_path(geo42: Geography) -> None:
    for a, b in [(0, 5), (0, 150), (3, 190), (20, 21), (100, 7)]:
        path = nx.shortest_path(geo42.graph, geo42.node[a], geo42.node[b], weight="time_h")
        assert geo42.time_h[a, b] == pytest.approx(nx.path_weight(geo42.graph, path, "time_h"))
        assert geo42.dist_km[a, b] == pytest.approx(nx.path_weight(geo42.graph, path, "length_km"))


def test_travel_matrices_prefers_fast_road_over_short_one() -> None:
    g = nx.Graph()
    g.add_edge("a", "b", length_km=10.0, time_h=1.0)      # short, slow
    g.add_edge("a", "c", length_km=8.0, time_h=0.1)       # long, fast
    g.add_edge("c", "b", length_km=8.0, time_h=0.1)
    g.add_node("z")
    t, d = travel_matrices(g, ["a", "b", "a", "z"])
    assert t[0, 1] == pytest.approx(0.2) and d[0, 1] == pytest.approx(16.0)
    assert t[0, 2] == 0 and d[0, 2] == 0  # same node twice
    assert np.isinf(t[0, 3]) and np.isinf(d[3, 1])


# --------------------------------------------------------------------------- CSV tables

def test_load_facility_table_and_build(tmp_path: Path) -> None:
    p = _write(tmp_path, "facilities.csv", "\ufeff" + GOOD_CSV)
    ft = load_facility_table(p, default_population=333)
    assert len(ft) == 6 and ft.id.tolist() == ["C", "T1", "T2", "V1", "V2", "V3"]
    assert ft.population.tolist() == [0, 0, 0, 500, 333, 700]
    assert any("V2" in w and "333" in w for w in ft.warnings)
    geo = build_geography(ft, terrain="hilly")
    assert geo.synthetic_roads and geo.terrain == "hilly"
    assert geo.tier.tolist() == [0, 1, 1, 2, 2, 2]
    ix = {f: i for i, f in enumerate(geo.facility_id)}
    assert geo.township[ix["V1"]] == ix["T1"]                    # from the column
    assert geo.township[ix["V2"]] == ix["T2"]                    # nearest by road
    assert geo.township[ix["V3"]] in (ix["T1"], ix["T2"])
    # projection: 0.1° of latitude ≈ 11.1 km; hub→T1 is a straight trunk link × detour
    assert geo.y_km[ix["T1"]] - geo.y_km[ix["C"]] == pytest.approx(11.12, abs=0.02)
    assert geo.dist_km[0, ix["T1"]] == pytest.approx(11.12 * defaults.DETOUR_FACTOR, abs=0.05)
    assert geo.graph.edges["C", "T1"]["road_class"] == "trunk"
    assert geo.graph.edges["C", "T1"]["speed_kmh"] == pytest.approx(
        defaults.SPEED_KMH["trunk"] * defaults.TERRAIN_SPEED_FACTOR["hilly"])
    assert "lon" in geo.graph.nodes["V1"]


BAD_TABLES = [
    ("", "file is empty"),
    ("id,name,tier,lon\nC,Seat,county,114\n", "missing column 'lat'"),
    ("id,name,tier,lon,lat,popul\nC,Seat,county,114,29,1\n", "unknown column 'popul'"),
    ("id,name,tier,lon,lat\nC,Seat,county,114,29\nT,Town,city,114.1,29\n", "row 3 (id 'T'), column 'tier'"),
    ("id,name,tier,lon,lat\nT,Town,township,114.1,29\n", "column 'tier': expected exactly one 'county'"),
    ("id,name,tier,lon,lat\nC,Seat,county,114,29\nC2,Seat 2,county,114,29.1\n", "exactly one 'county'"),
    ("id,name,tier,lon,lat\nC,Seat,county,114,29\nT,Town,township,114.1,29\nT,Town,township,114.2,29\n",
     "row 4 (id 'T'), column 'id': expected unique"),
    ("id,name,tier,lon,lat\nC,Seat,county,114,29\nT,Town,township,abc,29\n", "row 3 (id 'T'), column 'lon'"),
    ("id,name,tier,lon,lat\nC,Seat,county,114,95\n", "row 2 (id 'C'), column 'lat': expected a number between -90 and 90"),
    ("id,name,tier,lon,lat,population\nC,Seat,county,114,29,\nT,Town,township,114.1,29,-5\n",
     "row 3 (id 'T'), column 'population': expected a non-negative"),
    ("id,name,tier,lon,lat,township\nC,Seat,county,114,29,\nT,Town,township,114.1,29,\nV,Vil,village,114.1,29.1,T9\n",
     "row 4 (id 'V'), column 'township': expected the id of a township row, got 'T9'"),
    ("id,name,tier,lon,lat\nC,Seat,county,114,29\nV,Vil,village,114.1,29.1\n", "at least one 'township'"),
    ("id,name,tier,lon,lat\nC,Seat,county,114,29\nT,Town,township,114.1\n", "row 3: expected 5 fields"),
    ("id,name,tier,lon,lat\n", "no facility rows"),
]


@pytest.mark.parametrize(("text", "expected"), BAD_TABLES)
def test_facility_table_errors_name_file_and_field(tmp_path: Path, text: str, expected: str) -> None:
    p = _write(tmp_path, "my_facilities.csv", text)
    with pytest.raises(GeographyError) as err:
        load_facility_table(p)
    msg = str(err.value)
    assert msg.startswith("my_facilities.csv: ") and "\n" not in msg
    assert expected in msg


def test_missing_file_is_a_geography_error(tmp_path: Path) -> None:
    with pytest.raises(GeographyError, match="nope.csv: file not found"):
        load_facility_table(tmp_path / "nope.csv")


def test_build_geography_bad_terrain(tmp_path: Path) -> None:
    ft = load_facility_table(_write(tmp_path, "f.csv", GOOD_CSV))
    with pytest.raises(GeographyError, match="f.csv: terrain: expected one of plain"):
        build_geography(ft, terrain="desert")


def test_800_facilities_build() -> None:
    rng = np.random.default_rng(5)
    n = 800
    tier = np.array([0] + [1] * 40 + [2] * (n - 41), dtype=np.int8)
    ft = FacilityTable(
        id=np.array([f"F{i}" for i in range(n)], dtype=object),
        name=np.array([f"Facility {i}" for i in range(n)], dtype=object), tier=tier,
        lon=114.0 + rng.uniform(-0.3, 0.3, n), lat=29.5 + rng.uniform(-0.25, 0.25, n),
        population=np.full(n, 900, dtype=np.int64), township_id=None, path="gen.csv")
    geo = build_geography(ft)
    assert np.isfinite(geo.time_h).all() and np.all(np.isin(geo.township[geo.villages], geo.townships))


# --------------------------------------------------------------------------- projection, GCJ-02

def test_projection_matches_haversine() -> None:
    lon = np.array([113.8, 114.0, 114.25])
    lat = np.array([29.3, 29.55, 29.6])
    x, y = project_km(lon, lat)
    assert np.mean(x) == pytest.approx(0.0, abs=1e-9) and np.mean(y) == pytest.approx(0.0, abs=1e-9)
    planar = np.hypot(x[0] - x[2], y[0] - y[2])
    assert planar == pytest.approx(float(haversine_km(lon[0], lat[0], lon[2], lat[2])), rel=2e-3)


def test_gcj02_round_trip_and_offset() -> None:
    lon = np.array([114.039523, 116.397, 121.47])
    lat = np.array([29.556688, 39.909, 31.23])
    w_lon, w_lat = gcj02_to_wgs84(lon, lat)
    back_lon, back_lat = wgs84_to_gcj02(w_lon, w_lat)
    assert np.allclose(back_lon, lon, atol=1e-8) and np.allclose(back_lat, lat, atol=1e-8)
    shift_km = haversine_km(lon, lat, w_lon, w_lat)
    assert np.all((shift_km > 0.1) & (shift_km < 1.0))  # "a few hundred metres"
    out_lon, out_lat = gcj02_to_wgs84(np.array([2.35]), np.array([48.85]))  # Paris: no offset
    assert out_lon[0] == 2.35 and out_lat[0] == 48.85


# --------------------------------------------------------------------------- road files

OSM_XML = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <node id="1" lat="29.500" lon="114.000"/>
  <node id="2" lat="29.510" lon="114.000"/>
  <node id="3" lat="29.520" lon="114.000"/>
  <node id="4" lat="29.520" lon="114.010"/>
  <node id="5" lat="29.500" lon="114.010"/>
  <node id="6" lat="29.530" lon="114.030"><tag k="amenity" v="post_office"/></node>
  <node id="7" lat="29.700" lon="114.300"/>
  <node id="8" lat="29.701" lon="114.300"/>
  <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/>
    <tag k="highway" v="secondary"/><tag k="maxspeed" v="60"/><tag k="oneway" v="yes"/></way>
  <way id="11"><nd ref="3"/><nd ref="4"/><tag k="highway" v="residential"/></way>
  <way id="12"><nd ref="1"/><nd ref="5"/><nd ref="4"/><tag k="highway" v="unclassified"/></way>
  <way id="13"><nd ref="4"/><nd ref="6"/><tag k="highway" v="track"/></way>
  <way id="14"><nd ref="7"/><nd ref="8"/><tag k="highway" v="service"/></way>
  <way id="15"><nd ref="2"/><nd ref="5"/><tag k="highway" v="construction"/></way>
  <way id="16"><nd ref="2"/><nd ref="4"/><tag k="building" v="yes"/></way>
</osm>
"""


def test_osm_xml_loader(tmp_path: Path) -> None:
    g = load_road_graph(_write(tmp_path, "tiny.osm", OSM_XML))
    assert set(g.nodes) == {1, 2, 3, 4, 5, 6, 7, 8}
    assert not g.has_edge(2, 5) and not g.has_edge(2, 4)  # construction / not a highway
    assert g.has_edge(2, 1)  # oneway ignored: undirected
    e = g.edges[1, 2]
    assert e["road_class"] == "trunk" and e["speed_kmh"] == 60.0 and e["speed_source"] == "maxspeed"
    assert e["length_km"] == pytest.approx(1.112, abs=0.002)
    assert e["time_h"] == pytest.approx(e["length_km"] / 60.0)
    assert g.edges[3, 4]["road_class"] == "village" and g.edges[1, 5]["road_class"] == "township"
    assert g.edges[3, 4]["speed_kmh"] == defaults.SPEED_KMH["village"]
    assert g.nodes[6]["lon"] == pytest.approx(114.03)
    # gzip works the same
    gz = tmp_path / "tiny.osm.gz"
    gz.write_bytes(gzip.compress(OSM_XML.encode()))
    g_gz = load_road_graph(gz)
    assert list(g_gz.nodes(data=True)) == list(g.nodes(data=True))
    assert list(g_gz.edges(data=True)) == list(g.edges(data=True))


def _tiny_facilities(tmp_path: Path, village_lon: float, village_lat: float) -> FacilityTable:
    text = ("id,name,tier,lon,lat\nC,Seat,county,114.0001,29.5001\nT,Town,township,114.0,29.52\n"
            f"V,Vil,village,{village_lon},{village_lat}\nW,Wil,village,114.0105,29.4999\n")
    return load_facility_table(_write(tmp_path, "tiny.csv", text))


def test_snapping_and_build_on_osm(tmp_path: Path) -> None:
    roads = load_road_graph(_write(tmp_path, "tiny.osm", OSM_XML))
    ft = _tiny_facilities(tmp_path, 114.031, 29.531)
    geo = build_geography(ft, roads, terrain="mountain")
    ix = {f: i for i, f in enumerate(geo.facility_id)}
    assert geo.node.tolist() == [1, 3, 6, 5]
    assert geo.snap_km[ix["V"]] == pytest.approx(
        float(haversine_km(114.031, 29.531, 114.03, 29.53)), rel=0.01)
    assert not geo.synthetic_roads and "tiny.osm" in geo.source
    assert 7 not in geo.graph and 2 not in geo.graph  # other component dropped; chain merged
    merged = geo.graph.edges[1, 3]
    assert merged["length_km"] == pytest.approx(2.224, abs=0.004)
    assert merged["speed_kmh"] == pytest.approx(60.0)  # maxspeed: no terrain factor
    slow = geo.graph.edges[4, 6]
    assert slow["speed_kmh"] == pytest.approx(defaults.SPEED_KMH["village"] * 0.6)
    # hub→V: 1→5→4 (township road) then 4→6 (track) vs 1→2→3→4 (60 km/h + residential)
    t_a = (geo.graph.edges[1, 5]["time_h"] + geo.graph.edges[5, 4]["time_h"])
    t_b = geo.graph.edges[1, 3]["time_h"] + geo.graph.edges[3, 4]["time_h"]
    assert geo.time_h[0, ix["V"]] == pytest.approx(min(t_a, t_b) + slow["time_h"])
    assert geo.township[ix["V"]] == ix["T"]
    assert not any("nearest road node" in w for w in geo.warnings)


def test_far_facility_stops_the_build_unless_max_snap_km_allows_it(tmp_path: Path) -> None:
    roads = load_road_graph(_write(tmp_path, "tiny.osm", OSM_XML))
    ft = _tiny_facilities(tmp_path, 114.12, 29.53)  # ≈ 8.7 km east of node 6
    with pytest.raises(GeographyError) as err:
        build_geography(ft, roads)
    assert str(err.value).startswith(
        "tiny.osm: 1 facility is more than 5 km from the nearest road node: Vil (V, 8.7 km); "
        "check their coordinates in tiny.csv")
    geo = build_geography(ft, roads, max_snap_km=10.0)
    assert geo.n_facilities == 4 and geo.snap_km[geo.villages[0]] == pytest.approx(8.7, abs=0.05)
    assert any(w.startswith("tiny.osm: 1 facility is more than 1 km from the nearest road node") and
               w.endswith("Vil (V, 8.7 km)") for w in geo.warnings)


def test_unreachable_village_is_an_error(tmp_path: Path) -> None:
    roads = load_road_graph(_write(tmp_path, "tiny.osm", OSM_XML))
    ft = _tiny_facilities(tmp_path, 114.3001, 29.7005)  # on the separate service road
    with pytest.raises(GeographyError) as err:
        build_geography(ft, roads)
    msg = str(err.value)
    assert msg.startswith("tiny.osm: facility 'V' (village) is not reachable by road from the county hub 'C'")
    assert "\n" not in msg


@pytest.mark.parametrize(("text", "expected"), [
    ("this is not xml <", "not OSM XML: it is not XML"),
    ('<osm version="0.6"><node id="1" lat="29" lon="114">', "not well-formed XML"),
    ('<?xml version="1.0"?><osm version="0.6"></osm>', "no <node> elements"),
    ('<osm><node id="1" lat="29" lon="114"/></osm>', "no <way> with a drivable 'highway' tag"),
    ('<osm><node id="1" lat="29" lon="114"/><way id="5"><nd ref="1"/><nd ref="2"/>'
     '<tag k="highway" v="track"/></way></osm>', "<way id='5'> references node 2"),
    ('<osm><node id="1" lat="north" lon="114"/></osm>', "<node id='1'>"),
    ('<graphml></graphml>', "expected <osm>"),
])
def test_bad_osm_files(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(GeographyError) as err:
        load_road_graph(_write(tmp_path, "bad.osm", text))
    assert str(err.value).startswith("bad.osm: ") and expected in str(err.value)


def _osmnx_like_graph() -> nx.MultiDiGraph:
    """A graph with the attributes OSMnx's save_graphml writes (strings, list-likes)."""
    g = nx.MultiDiGraph(crs="epsg:4326", created_with="🌐 OSMnx 1.9")
    for n, (x, y) in {101: (114.0, 29.5), 102: (114.0, 29.51), 103: (114.01, 29.51),
                      104: (114.02, 29.52)}.items():
        g.add_node(n, x=x, y=y, street_count=2)
    g.add_edge(101, 102, 0, osmid="9", highway="['primary', 'residential']", maxspeed="['40', '60']",
               length=1112.0, oneway=True)
    g.add_edge(102, 101, 0, osmid="9", highway="primary", length=1112.0, oneway=True)
    g.add_edge(102, 103, 0, osmid="8", highway="tertiary", length=967.0)
    g.add_edge(102, 103, 1, osmid="7", highway="track", length=800.0, maxspeed="CN:rural")
    g.add_edge(103, 104, 0, osmid="6", highway="service", length=1450.0, maxspeed="20 mph")
    return g


def test_graphml_loader(tmp_path: Path) -> None:
    p = tmp_path / "roads.graphml"
    nx.write_graphml(_osmnx_like_graph(), p)
    g = load_road_graph(p)
    assert type(g) is nx.Graph and set(g.nodes) == {101, 102, 103, 104}
    e = g.edges[101, 102]
    assert e["road_class"] == "trunk" and e["length_km"] == pytest.approx(1.112)
    # 101→102 has maxspeed ['40', '60'] (mean 50 km/h); the reverse edge 102→101 has none and
    # runs at the trunk default, faster: the undirected graph keeps the faster one.
    assert defaults.SPEED_KMH["trunk"] > 50.0
    assert e["speed_kmh"] == pytest.approx(defaults.SPEED_KMH["trunk"])
    assert e["speed_source"] == "class"
    # parallel edges collapse to the fastest: tertiary 0.967 km at 40 km/h beats track 0.8 km at 30
    assert 0.967 / defaults.SPEED_KMH["township"] < 0.8 / defaults.SPEED_KMH["village"]
    assert g.edges[102, 103]["road_class"] == "township"
    assert g.edges[102, 103]["length_km"] == pytest.approx(0.967)
    assert g.edges[103, 104]["speed_kmh"] == pytest.approx(20 * 1.609344)
    assert g.nodes[104]["lon"] == 114.02 and g.nodes[104]["lat"] == 29.52
    text = ("id,name,tier,lon,lat\nC,Seat,county,114.0,29.5\nT,Town,township,114.0,29.511\n"
            "V,Vil,village,114.021,29.52\n")
    geo = build_geography(load_facility_table(_write(tmp_path, "f.csv", text)), g)
    assert geo.node.tolist() == [101, 102, 104]
    assert geo.dist_km[0, 2] == pytest.approx(1.112 + 0.967 + 1.45)
    path = nx.shortest_path(geo.graph, 101, 104, weight="time_h")
    assert geo.dist_km[0, 2] == pytest.approx(nx.path_weight(geo.graph, path, "length_km"))


@pytest.mark.parametrize(("mutate", "expected"), [
    (lambda g: [g.nodes[101].pop("x")], "node '101' has no 'x' attribute"),
    (lambda g: g.nodes[102].update(y="north"), "node '102', attribute 'y'"),
    (lambda g: g.graph.update(crs="epsg:32650"), "graph attribute 'crs'"),
])
def test_bad_graphml(tmp_path: Path, mutate, expected: str) -> None:
    g = _osmnx_like_graph()
    mutate(g)
    p = tmp_path / "roads.graphml"
    nx.write_graphml(g, p)
    with pytest.raises(GeographyError) as err:
        load_road_graph(p)
    assert str(err.value).startswith("roads.graphml: ") and expected in str(err.value)


def test_graphml_not_xml_and_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(GeographyError, match=r"roads.graphml: not a GraphML road graph: it is not XML"):
        load_road_graph(_write(tmp_path, "roads.graphml", "x,y\n1,2\n"))
    with pytest.raises(GeographyError, match=r"roads.shp: unknown road file type"):
        load_road_graph(_write(tmp_path, "roads.shp", ""))


def test_osm_value_parsing() -> None:
    assert road_class_of("['tertiary', 'motorway_link']") == "trunk"
    assert road_class_of("unclassified") == "township"
    assert road_class_of(["track", "path"]) == "village"
    assert np.isnan(parse_maxspeed_kmh("CN:rural")) and np.isnan(parse_maxspeed_kmh(None))
    assert parse_maxspeed_kmh("30 mph") == pytest.approx(48.28, abs=0.01)


# --------------------------------------------------------------------------- Chongyang

@pytest.fixture(scope="module")
def chongyang():
    return load_adcode_csv(shared_or_skip("chongyang", "chongyang_421223_adcode.csv"))


def test_chongyang_adcode_table(chongyang: FacilityTable) -> None:
    tier = chongyang.tier
    assert np.count_nonzero(tier == TIER_COUNTY) == 1
    assert np.count_nonzero(tier == TIER_TOWNSHIP) == 12
    assert np.count_nonzero(tier == TIER_VILLAGE) == 178
    missing = [w for w in chongyang.warnings if "villages have no coordinates" in w]
    assert len(missing) == 1 and missing[0].split(": ")[1].startswith("25 villages")
    assert "老胡洞村" in missing[0] and "七星社区居委会" in missing[0]
    assert any("崇阳县工业园区" in w for w in chongyang.warnings)
    assert "GCJ-02" in chongyang.datum
    assert np.all(np.abs(chongyang.lon - 114.0) < 0.5) and np.all(np.abs(chongyang.lat - 29.5) < 0.5)
    assert np.all(chongyang.population[tier == TIER_VILLAGE] == defaults.POPULATION_PER_VILLAGE)
    hub = np.flatnonzero(tier == TIER_COUNTY)[0]
    assert chongyang.name[hub] == "崇阳县"
    # converted to WGS-84: the seat moved a few hundred metres from its GCJ-02 coordinates
    shift = float(haversine_km(chongyang.lon[hub], chongyang.lat[hub], 114.039523, 29.556688))
    assert 0.1 < shift < 1.0


def test_chongyang_geography_without_roads(chongyang: FacilityTable) -> None:
    geo = build_geography(chongyang)
    assert geo.n_facilities == 191 and geo.synthetic_roads
    assert geo.tier[0] == TIER_COUNTY and len(geo.townships) == 12 and len(geo.villages) == 178
    assert np.all(np.isin(geo.township[geo.villages], geo.townships))
    # the parent code decides the township
    ix = {f: i for i, f in enumerate(geo.facility_id)}
    parent = {f: t for f, t in zip(chongyang.id, chongyang.township_id)}
    for v in geo.villages:
        assert geo.facility_id[geo.township[v]] == parent[geo.facility_id[v]]
    assert geo.name[geo.township[ix["421223100003"]]] == "天城镇"  # 白泉社区居委会
    s = geo.summary()
    assert 1500.0 < s["hull_area_km2"] < 2500.0  # official area ≈ 1,968 km²
    assert 2.0 < s["township_village_km_median"] < 12.0
    assert len(geo.warnings) == len(chongyang.warnings)


def test_adcode_orphan_village_goes_to_nearest_township(tmp_path: Path) -> None:
    rows = [
        "421223000000,421200000000,崇阳县,county,3,421223,,0715,,f,f,f,114.03,29.55,,湖北省,咸宁市,崇阳县,,",
        "421223100000,421223000000,天城镇,town,4,421223,,0715,,f,f,f,114.04,29.55,,湖北省,咸宁市,崇阳县,天城镇,",
        "421223101000,421223000000,沙坪镇,town,4,421223,,0715,,f,f,f,113.87,29.37,,湖北省,咸宁市,崇阳县,沙坪镇,",
        "421223570000,421223000000,工业园区,town,4,421223,,0715,,f,f,f,,,,湖北省,咸宁市,崇阳县,工业园区,",
        "421223570001,421223570000,园区村,village,5,421223,,0715,,f,f,f,113.88,29.38,,湖北省,咸宁市,崇阳县,工业园区,园区村",
        "421223100001,421223100000,无坐标村,village,5,421223,,0715,,f,f,f,,,,湖北省,咸宁市,崇阳县,天城镇,无坐标村",
    ]
    p = _write(tmp_path, "mini_adcode.csv", "\n".join(rows) + "\n")
    ft = load_adcode_csv(p)
    assert len(ft) == 4
    assert any("园区村" in w and "nearest township" in w for w in ft.warnings)
    assert any("1 villages have no coordinates" in w and "无坐标村" in w for w in ft.warnings)
    geo = build_geography(ft)
    v = geo.villages[0]
    assert geo.name[geo.township[v]] == "沙坪镇"
    bad = _write(tmp_path, "bad_adcode.csv", rows[0] + "\n" + rows[1].replace(",town,", ",city,") + "\n")
    with pytest.raises(GeographyError, match=r"bad_adcode.csv: row 2 \(code '421223100000'\), column 'level'"):
        load_adcode_csv(bad)
