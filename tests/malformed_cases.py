"""Malformed inputs a user can hand the tool, by group: each is a set of files and a command line.

Used by ``tests/test_malformed_inputs.py`` (in-process, each must end in one clean line and
exit code 2, or run) and by ``experiments/robustness/probe_inputs.py`` (the same cases as
real processes with a time limit, for the table of outcomes). Paths in ``argv`` and file
contents may use ``{tmp}``, the case's own folder.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field

SMALL = "[geography]\nn_townships = 3\nvillages_per_township = 5\n"
RUN = ("run", "{tmp}/s.toml", "--out", "{tmp}/out", "--no-progress")
RUN_2_DAYS = (*RUN, "--days", "2")


@dataclass(frozen=True)
class Case:
    group: str
    name: str
    files: dict = field(default_factory=dict)   # relative path → str or bytes
    argv: tuple = RUN
    expect: str = "error"                        # "error": exit 2 and one line; "ran": exit 0
    words: tuple = ()                            # each must be in the error line


def _scenario(name: str, body: str, words: tuple, expect: str = "error", small: bool = True) -> Case:
    """A scenario file run as it is (its own days); the cases that should run, for 2 days."""
    return Case("scenario file", name, {"s.toml": (SMALL if small else "") + body},
                RUN_2_DAYS if expect == "ran" else RUN, expect, ("s.toml", *words))


# A county near Chongyang (Hubei): hub, two townships, six villages on a road grid.
FACILITIES = """id,name,tier,lon,lat,population
C,Seat,county,114.000,29.500,
T1,North,township,114.000,29.560,
T2,South,township,114.000,29.440,
V1,V one,village,114.020,29.580,800
V2,V two,village,113.980,29.580,800
V3,V three,village,114.020,29.540,800
V4,V four,village,114.020,29.420,800
V5,V five,village,113.980,29.420,800
V6,V six,village,113.980,29.460,800
"""


def _swapped(table: str) -> str:
    lines = table.strip().split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        f = line.split(",")
        f[3], f[4] = f[4], f[3]
        out.append(",".join(f))
    return "\n".join(out) + "\n"


def _moved(table: str, lon: float, lat: float) -> str:
    """The facility table moved so that its hub is at (lon, lat)."""
    lines = table.strip().split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        f = line.split(",")
        f[3], f[4] = f"{float(f[3]) - 114.0 + lon:.3f}", f"{float(f[4]) - 29.5 + lat:.3f}"
        out.append(",".join(f))
    return "\n".join(out) + "\n"


def osm_grid(lon0: float = 113.96, lat0: float = 29.40, n: int = 11, step: float = 0.02,
             highway: str = "residential", offset: float = 0.0, first_id: int = 1, whole: bool = True) -> str:
    """OSM XML of an n × n grid of roads every ``step`` degrees from (lon0, lat0); with
    ``whole=False`` only the nodes and ways (to put beside another grid in one file)."""
    nodes, ways = [], []
    nid = lambda i, j: first_id + i * n + j  # noqa: E731
    for i in range(n):
        for j in range(n):
            nodes.append(f'<node id="{nid(i, j)}" lat="{lat0 + offset + i * step:.5f}" '
                         f'lon="{lon0 + offset + j * step:.5f}"/>')
    wid = first_id + 100_000
    for i in range(n):
        for refs in ([nid(i, j) for j in range(n)], [nid(j, i) for j in range(n)]):
            nds = "".join(f'<nd ref="{r}"/>' for r in refs)
            ways.append(f'<way id="{wid}">{nds}<tag k="highway" v="{highway}"/></way>')
            wid += 1
    body = "".join(nodes + ways)
    return '<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6">' + body + "</osm>\n" if whole else body


FILE_SCENARIO = '[scenario]\ndays = 2\n[geography]\nsource = "file"\nfacilities = "f.csv"\n'
ROADS_SCENARIO = FILE_SCENARIO + 'roads = "{roads}"\n'


def _table(name: str, table: str | bytes, words: tuple, expect: str = "error", roads: bool = False,
           fname: str = "f.csv") -> Case:
    files = {"f.csv": table, "s.toml": ROADS_SCENARIO.format(roads="r.osm") if roads else FILE_SCENARIO}
    if roads:
        files["r.osm"] = osm_grid()
    if fname != "f.csv":
        files["s.toml"] = files["s.toml"].replace('"f.csv"', f'"{fname}"')
        files[fname] = files.pop("f.csv")
    return Case("facility table", name, files, RUN, expect, words)


def _roads(name: str, fname: str, content: str | bytes, words: tuple, expect: str = "error") -> Case:
    return Case("road file", name, {"f.csv": FACILITIES, fname: content,
                                    "s.toml": ROADS_SCENARIO.format(roads=fname)}, RUN, expect, words)


_POINTS = {line.split(",")[0]: (float(line.split(",")[3]), float(line.split(",")[4]))
           for line in FACILITIES.strip().split("\n")[1:]}
_LINKS = (("C", "T1"), ("C", "T2"), ("T1", "V1"), ("T1", "V2"), ("T1", "V3"), ("T2", "V4"), ("T2", "V5"),
          ("T2", "V6"))


def _graphml(highway: str = "residential", lengths: str = "all", node_attrs: bool = True) -> str:
    """GraphML as OSMnx writes it, a road from the hub to each township and from each
    township to its villages. ``lengths``: "all", "none", or "geometry" (the first edge
    has a WKT geometry instead of a length)."""
    keys = ('<key id="d0" for="node" attr.name="y" attr.type="string"/>'
            '<key id="d1" for="node" attr.name="x" attr.type="string"/>'
            '<key id="d2" for="edge" attr.name="highway" attr.type="string"/>'
            '<key id="d3" for="edge" attr.name="length" attr.type="string"/>'
            '<key id="d4" for="edge" attr.name="geometry" attr.type="string"/>'
            '<key id="d5" for="graph" attr.name="crs" attr.type="string"/>')
    nodes = "".join(f'<node id="{k}"><data key="d0">{y}</data><data key="d1">{x}</data></node>' if node_attrs
                    else f'<node id="{k}"/>' for k, (x, y) in _POINTS.items())
    edges = []
    for i, (u, v) in enumerate(_LINKS):
        (x1, y1), (x2, y2) = _POINTS[u], _POINTS[v]
        data = f'<data key="d2">{highway}</data>'
        if lengths == "all" or (lengths == "geometry" and i > 0):
            data += '<data key="d3">8000</data>'
        elif lengths == "geometry":
            data += f'<data key="d4">LINESTRING ({x1} {y1}, {x1 + 0.01} {(y1 + y2) / 2}, {x2} {y2})</data>'
        edges.append(f'<edge source="{u}" target="{v}">{data}</edge>')
    return ('<?xml version="1.0" encoding="utf-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
            + keys + '<graph edgedefault="directed"><data key="d5">epsg:4326</data>' + nodes + "".join(edges)
            + "</graph></graphml>\n")


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
DEEP = "[scenario]\nx = " + "[" * 5000 + "]" * 5000 + "\n"

CASES: list[Case] = [
    # -- scenario files ---------------------------------------------------------------------
    _scenario("days zero", "[scenario]\ndays = 0\n", ("scenario.days",)),
    _scenario("days 10**9", "[scenario]\ndays = 1000000000\n", ("scenario.days", "at most")),
    _scenario("days negative", "[scenario]\ndays = -5\n", ("scenario.days",)),
    _scenario("days quoted", '[scenario]\ndays = "60"\n', ("scenario.days", "integer")),
    _scenario("days fractional", "[scenario]\ndays = 3.5\n", ("scenario.days",)),
    _scenario("seed negative", "[scenario]\nseed = -1\n", ("scenario.seed",)),
    _scenario("seed over 32 bits", "[scenario]\nseed = 1099511627776\n", ("scenario.seed", "at most")),
    _scenario("start date 9999-12-31", "[scenario]\nstart_date = 9999-12-31\n", ("scenario.start_date",)),
    _scenario("start date 1500", "[scenario]\nstart_date = 1500-01-01\n", ("scenario.start_date",)),
    _scenario("start date month 13", '[scenario]\nstart_date = "2025-13-01"\n', ("scenario.start_date",)),
    _scenario("name with a control character", '[scenario]\nname = "a\\u0007b"\n', ("scenario.name",)),
    _scenario("name with a newline", '[scenario]\nname = "a\\nb"\n', ("scenario.name",)),
    _scenario("name empty", '[scenario]\nname = ""\n', ("scenario.name",)),
    _scenario("name of 300 characters", f'[scenario]\nname = "{"x" * 300}"\n', ("scenario.name", "80")),
    _scenario("name not text", "[scenario]\nname = 5\n", ("scenario.name",)),
    _scenario("population 10**9", "population_per_village = 1000000000\n", ("population_per_village",)),
    _scenario("1000 parcels per resident", "[demand]\nparcels_per_resident_per_day = 1000.0\n",
              ("parcels_per_resident_per_day",)),
    _scenario("10**7 villages per township", "[geography]\nvillages_per_township = 10000000\n",
              ("villages_per_township",), small=False),
    _scenario("100,000 townships", "[geography]\nn_townships = 100000\n", ("n_townships",), small=False),
    _scenario("area inf", "area_km2 = inf\n", ("area_km2", "finite")),
    _scenario("area nan", "area_km2 = nan\n", ("area_km2", "finite")),
    _scenario("area zero", "area_km2 = 0.0\n", ("area_km2",)),
    _scenario("sorting throughput inf", "[operations]\nhub_sort_parcels_per_h = inf\n",
              ("hub_sort_parcels_per_h", "finite")),
    _scenario("drone range inf", "[policies.drones]\nrange_km = inf\n", ("range_km", "finite")),
    _scenario("van capacity 1e-300", "[vehicles.van]\ncapacity_kg = 1e-300\n", ("vehicles.van.capacity_kg",)),
    _scenario("van capacity negative", "[vehicles.van]\ncapacity_kg = -1.0\n", ("capacity_kg",)),
    _scenario("van speed factor 1e-9", "[vehicles.van]\nspeed_factor = 1e-9\n", ("vehicles.van.speed_factor",)),
    _scenario("shift 1e-9 h", "[operations]\nshift_h = 1e-9\n", ("operations.shift_h",)),
    _scenario("stop service 7.9 h", "[operations]\nstop_service_h = 7.9\n", ("stop_service_h",)),
    _scenario("PyVRP 10**9 iterations", "[operations]\nrouting_max_iterations = 1000000000\n",
              ("routing_max_iterations",)),
    _scenario("PyVRP time limit 1e9 s", "[operations]\nrouting_time_limit_s = 1e9\n", ("routing_time_limit_s",)),
    _scenario("festival on 31 February", "[[demand.festivals]]\nmonth = 2\nday = 31\nfactor = 2.0\n"
              "half_width_days = 3\n", ("demand.festivals", "day")),
    _scenario("nesting 5000 deep", DEEP, ("nested",), small=False),
    _scenario("unknown table", "[foo]\nbar = 1\n", ("foo",)),
    _scenario("unknown key", "[operations]\ncolour = 1\n", ("colour",)),
    _scenario("market shares sum 0.9", '[[carriers]]\nname = "a"\nmarket_share = 0.9\n', ("market_share",)),
    _scenario("unknown mode", '[operations]\nmode = "both"\n', ("operations.mode",)),
    _scenario("backhaul yes", '[operations]\nbackhaul = "yes"\n', ("operations.backhaul",)),
    _scenario("delivery every 0 days", "[operations]\ndelivery_interval_days = 0\n", ("delivery_interval_days",)),
    _scenario("arrival shares sum 0.5", "[demand]\nhub_arrival_shares = [0.3, 0.2]\n", ("hub_arrival_shares",)),
    _scenario("departure at hour 25", "[operations]\ntrunk_departure_hours = [25.0]\n", ("trunk_departure_hours",)),
    _scenario("weekday factors of 3 days", "[demand]\nweekday_factor = [1.0, 1.0, 1.0]\n", ("weekday_factor",)),
    _scenario("crop in month 13", '[[produce.crops]]\nname = "x"\nfirst_month = 13\nlast_month = 2\n'
              "lots_per_village_per_day = 1.0\nkg_per_lot = 5.0\nshelf_life_h = 24.0\n", ("first_month",)),
    _scenario("unknown village vehicle", '[operations]\nvillage_vehicle = "bike"\n', ("village_vehicle",)),
    _scenario("growth 100 a year", "[demand]\nannual_growth = 100.0\n", ("annual_growth",)),
    _scenario("coverage window 0", "[kpi]\ncoverage_window_days = 0\n", ("coverage_window_days",)),
    _scenario("refrigerated no", '[vehicles.van]\nrefrigerated = "no"\n', ("refrigerated",)),
    _scenario("ten years at a parcel a day each", "[scenario]\ndays = 3660\n[demand]\n"
              "parcels_per_resident_per_day = 1.0\n", ("memory", "scenario.days"), small=False),
    _scenario("growth ×11 a year for ten years", "[scenario]\ndays = 3660\n[demand]\nannual_growth = 10.0\n",
              ("memory",), small=False),
    _scenario("40 townships in 100 km²", "[geography]\nn_townships = 40\narea_km2 = 100.0\n", ("n_townships",),
              small=False),
    _scenario("a van of 450 kg (one key of a vehicle)", "[vehicles.van]\ncapacity_kg = 450.0\n", (), "ran"),
    _scenario("empty file", "", (), "ran", small=False),
    _scenario("name that is a path", '[scenario]\nname = "/some/dir"\n', (), "ran"),
    _scenario("name that climbs out", '[scenario]\nname = "../../x"\n', (), "ran"),
    Case("scenario file", "not TOML (binary)", {"s.toml": PNG}, RUN, "error", ("s.toml",)),
    Case("scenario file", "UTF-16 text", {"s.toml": SMALL.encode("utf-16")}, RUN, "error", ("s.toml", "UTF-8")),
    Case("scenario file", "2 MB file", {"s.toml": SMALL + "#" + "x" * 2_000_000 + "\n"}, RUN, "error",
         ("s.toml", "too large")),
    Case("scenario file", "facilities missing for source = file", {"s.toml": '[geography]\nsource = "file"\n'},
         RUN, "error", ("s.toml", "facilities")),
    Case("scenario file", "facility file not there", {"s.toml": FILE_SCENARIO}, RUN, "error",
         ("s.toml", "geography.facilities")),
    Case("scenario file", "road file not there", {"s.toml": ROADS_SCENARIO.format(roads="nowhere.osm"),
                                                 "f.csv": FACILITIES}, RUN, "error", ("s.toml", "geography.roads")),
    # -- facility tables --------------------------------------------------------------------
    _table("PNG bytes", PNG, ("f.csv", "not a facility table")),
    _table("empty file", "", ("f.csv", "empty")),
    _table("header only", "id,name,tier,lon,lat\n", ("f.csv",)),
    _table("no lat column", "id,name,tier,lon\nC,Seat,county,114.0\n", ("f.csv", "lat")),
    _table("lat not a number", FACILITIES.replace("29.580,800", "abc,800", 1), ("f.csv", "lat")),
    _table("lat 200", FACILITIES.replace("29.580,800", "200,800", 1), ("f.csv", "lat")),
    _table("lon/lat swapped, no roads", _swapped(FACILITIES), ("f.csv", "swapped")),
    Case("facility table", "lon/lat swapped, with roads",
         {"f.csv": _swapped(_moved(FACILITIES, 29.5, 34.0)), "r.osm": osm_grid(lon0=29.40, lat0=33.88),
          "s.toml": ROADS_SCENARIO.format(roads="r.osm")}, RUN, "error", ("swapped",)),
    _table("duplicate id", FACILITIES.replace("V2,", "V1,", 1), ("f.csv", "id")),
    _table("two hubs", FACILITIES.replace("T2,South,township", "T2,South,county"), ("f.csv", "county")),
    _table("no hub", FACILITIES.replace("C,Seat,county", "C,Seat,township"), ("f.csv", "county")),
    _table("only a hub", "id,name,tier,lon,lat\nC,Seat,county,114.0,29.5\n", ("f.csv",)),
    _table("all at one point", "\n".join(
        [FACILITIES.split("\n")[0]] + [",".join(line.split(",")[:3] + ["114.0", "29.5"] + line.split(",")[5:])
                                       for line in FACILITIES.strip().split("\n")[1:]]) + "\n", ("f.csv",)),
    _table("unknown township", "id,name,tier,lon,lat,township\nC,Seat,county,114.0,29.5,\n"
           "T1,N,township,114.0,29.56,\nV1,V,village,114.02,29.58,T9\n", ("f.csv", "township")),
    _table("population negative", FACILITIES.replace("29.580,800", "29.580,-3", 1), ("f.csv", "population")),
    _table("population 10**12", FACILITIES.replace("29.580,800", "29.580,1000000000000", 1),
           ("f.csv", "population")),
    _table("25,000 facilities", FACILITIES + "".join(f"X{i},x,village,114.0{i % 9},29.5{i % 7},9\n"
                                                     for i in range(25_000)), ("f.csv",)),
    _table("tier city", FACILITIES.replace("V6,V six,village", "V6,V six,city"), ("f.csv", "tier")),
    _table("GB18030 text", FACILITIES.replace("V one", "一村").encode("gb18030"), (), "ran"),
    _table("a village in America, no roads", FACILITIES.replace("114.020,29.580", "-74.000,40.700"),
           ("V1",)),
    _table("lon NaN", FACILITIES.replace("114.020,29.580", "nan,29.580", 1), ("f.csv", "lon")),
    _table("lat inf", FACILITIES.replace("114.020,29.580", "114.020,inf", 1), ("f.csv", "lat")),
    Case("facility table", "adcode layout expected, own table given",
         {"f.csv": FACILITIES, "s.toml": FILE_SCENARIO + 'facilities_format = "adcode"\n'}, RUN, "error", ("f.csv",)),
    Case("facility table", "a folder", {"f.csv/x": "", "s.toml": FILE_SCENARIO}, RUN, "error", ("f.csv",)),
    Case("facility table", "/dev/zero", {"s.toml": FILE_SCENARIO.replace('"f.csv"', '"/dev/zero"')}, RUN,
         "error", ("zero",)),
    # -- road files -------------------------------------------------------------------------
    _roads("GraphML not XML", "r.graphml", PNG, ("r.graphml",)),
    _roads("GraphML without a graph", "r.graphml", '<?xml version="1.0"?><graphml></graphml>', ("r.graphml",)),
    _roads("GraphML edges without length or geometry", "r.graphml", _graphml(lengths="none"),
           ("r.graphml", "length")),
    _roads("GraphML length from geometry", "r.graphml", _graphml(lengths="geometry"), (), "ran"),
    _roads("GraphML node without coordinates", "r.graphml", _graphml(node_attrs=False), ("r.graphml",)),
    _roads("GraphML of footways only", "r.graphml", _graphml(highway="footway"), ("r.graphml",)),
    _roads("OSM XML of waterways only", "r.osm", osm_grid().replace('k="highway" v="residential"',
                                                                     'k="waterway" v="river"'), ("r.osm",)),
    _roads("OSM XML of footways only", "r.osm", osm_grid(highway="footway"), ("r.osm",)),
    _roads("roads of another county", "r.osm", osm_grid(offset=3.0), ("r.osm",)),
    _roads("corrupt .osm.gz", "r.osm.gz", gzip.compress(osm_grid().encode())[:300], ("r.osm.gz",)),
    _roads("unknown road file type", "r.shp", "x", ("r.shp",)),
    Case("road file", "road file is a folder", {"f.csv": FACILITIES, "r.osm/x": "",
                                                "s.toml": ROADS_SCENARIO.format(roads="r.osm")}, RUN, "error",
         ("r.osm",)),
    _roads("two road pieces, a village cut off", "r.osm",
           osm_grid(lon0=113.97, lat0=29.41).replace("</osm>", "")      # no node at V1 (114.02, 29.58) ...
           + osm_grid(lon0=114.0195, lat0=29.5795, n=2, step=0.001,  # ... but an island of road there
                      first_id=50_000, whole=False) + "</osm>", ("V1",)),
    # -- the command line -------------------------------------------------------------------
    Case("command line", "scenario not there", {}, ("run", "{tmp}/nowhere.toml", "--out", "{tmp}/out"),
         "error", ("nowhere.toml",)),
    Case("command line", "scenario is a folder", {"d/x": ""}, ("run", "{tmp}/d", "--out", "{tmp}/out"),
         "error", ("folder",)),
    Case("command line", "scenario is /dev/zero", {}, ("run", "/dev/zero", "--out", "{tmp}/out"), "error",
         ("/dev/zero",)),
    Case("command line", "--days 0", {"s.toml": SMALL}, ("run", "{tmp}/s.toml", "--days", "0", "--out", "{tmp}/o"),
         "error", ("--days",)),
    Case("command line", "--days -1", {"s.toml": SMALL}, ("run", "{tmp}/s.toml", "--days", "-1", "--out",
                                                         "{tmp}/o"), "error", ("--days",)),
    Case("command line", "--days abc", {"s.toml": SMALL}, ("run", "{tmp}/s.toml", "--days", "abc"), "error",
         ("--days",)),
    Case("command line", "--seed -3", {"s.toml": SMALL}, ("run", "{tmp}/s.toml", "--seed", "-3", "--out",
                                                         "{tmp}/o"), "error", ("--seed",)),
    Case("command line", "--seed over 32 bits", {"s.toml": SMALL}, ("run", "{tmp}/s.toml", "--seed",
                                                                   "99999999999", "--out", "{tmp}/o"), "error",
         ("seed",)),
    Case("command line", "unknown command", {}, ("simulate",), "error", ("simulate",)),
    Case("command line", "--out is a user's folder", {"s.toml": SMALL, "mine/notes.txt": "keep me"},
         ("run", "{tmp}/s.toml", "--days", "1", "--out", "{tmp}/mine", "--no-progress"), "error", ("mine",)),
    Case("command line", "--out is a file", {"s.toml": SMALL, "notes.txt": "keep me"},
         ("run", "{tmp}/s.toml", "--days", "1", "--out", "{tmp}/notes.txt", "--no-progress"), "error",
         ("notes.txt",)),
    Case("command line", "--out under a file", {"s.toml": SMALL, "notes.txt": "keep me"},
         ("run", "{tmp}/s.toml", "--days", "1", "--out", "{tmp}/notes.txt/run", "--no-progress"), "error",
         ("notes.txt",)),
    Case("command line", "compare: summary.json not JSON", {"r/summary.json": "{not json"},
         ("compare", "{tmp}/r"), "error", ("summary.json",)),
    Case("command line", "compare: summary.json a list", {"r/summary.json": "[1, 2]"}, ("compare", "{tmp}/r"),
         "error", ("summary.json",)),
    Case("command line", "compare: folder not there", {}, ("compare", "{tmp}/nowhere"), "error", ("nowhere",)),
    Case("command line", "compare --out is a user's folder",
         {"r/summary.json": '{"scenario": "a", "mode": "joint"}', "mine/notes.txt": "keep me"},
         ("compare", "{tmp}/r", "--out", "{tmp}/mine"), "error", ("mine",)),
    Case("command line", "run-all --jobs 0", {"sc/a.toml": SMALL}, ("run-all", "{tmp}/sc", "--jobs", "0",
                                                                   "--out", "{tmp}/o"), "error", ("--jobs",)),
    Case("command line", "run-all --out is a user's folder", {"sc/a.toml": SMALL, "mine/notes.txt": "keep me"},
         ("run-all", "{tmp}/sc", "--days", "1", "--jobs", "1", "--out", "{tmp}/mine"), "error", ("mine",)),
    Case("command line", "run-all on a folder without scenarios", {"sc/readme.txt": ""},
         ("run-all", "{tmp}/sc", "--out", "{tmp}/o"), "error", ("sc",)),
]


def materialise(case: Case, folder) -> list[str]:
    """Write the case's files under ``folder`` (a Path); returns its command line."""
    for rel, content in case.files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content.replace("{tmp}", str(folder)), encoding="utf-8")
    return [a.replace("{tmp}", str(folder)) for a in case.argv]
