"""Road graphs a user brings: GraphML as OSMnx writes it, or OSM XML (.osm / .osm.gz).

Both are read offline into one schema, an undirected simple :class:`networkx.Graph`:

- nodes: ``lon``, ``lat`` (WGS-84 degrees);
- edges: ``length_km``, ``road_class`` ("trunk" | "township" | "village"), ``highway``
  (the OSM tag, str), ``speed_kmh``, ``time_h`` and ``speed_source`` ("maxspeed" when the
  speed came from an OSM ``maxspeed`` tag, "class" when it is the class default at plain-
  terrain speed; :func:`sim.geography.build_geography` applies the terrain factor to those).

Only drivable roads are kept (:data:`DRIVABLE_HIGHWAYS`; what was left out is counted in
the graph attribute ``notes``), and only nodes on them. Direction (``oneway``) is ignored:
rural vans are assumed to use roads both ways. Parallel edges collapse to the fastest one.
"""

from __future__ import annotations

import ast
import gzip
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import numpy as np

from sim.config import defaults
from sim.geography.geodesy import haversine_km, linestring_km
from sim.geography.inputs import GeographyError, LimitedReader, check_xml_head, checked_file

ROAD_CLASSES = ("trunk", "township", "village")
# OSM highway → road class (rank = index in ROAD_CLASSES). Anything not listed is "village".
HIGHWAY_CLASS = {
    "motorway": "trunk", "trunk": "trunk", "primary": "trunk", "secondary": "trunk",
    "tertiary": "township", "unclassified": "township",
}
# OSM highway values of roads a delivery van can drive on: the one allow-list both readers
# use. A way or edge is kept when one of its highway values is here (*_link counts as its
# road); everything else is left out: ways without a highway tag (rivers, power lines,
# boundaries an offline OSMnx reader may keep), paths and footways, steps, platforms,
# roads under construction or abandoned. "track" and "service" stay: in rural China the
# road to a village is often mapped as a track (farm/forest road) or a service road.
DRIVABLE_HIGHWAYS = frozenset({
    "motorway", "trunk", "primary", "secondary", "tertiary", "unclassified", "residential",
    "living_street", "service", "track", "road",
    "motorway_link", "trunk_link", "primary_link", "secondary_link", "tertiary_link",
})
_DRIVABLE_EXAMPLES = "'highway' values such as primary, tertiary, residential, service or track"
_MPH_TO_KMH = 1.609344
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def road_class_of(highway: object) -> str:
    """Road class ("trunk" | "township" | "village") of an OSM ``highway`` value.

    Accepts a tag string, a list, or OSMnx's list-like string ``"['primary', 'secondary']"``;
    for several values the highest class wins; ``*_link`` counts as its road.
    """
    best = len(ROAD_CLASSES) - 1
    for h in _as_list(highway):
        h = h.strip().lower().removesuffix("_link")
        best = min(best, ROAD_CLASSES.index(HIGHWAY_CLASS.get(h, "village")))
    return ROAD_CLASSES[best]


def is_drivable(highway: object) -> bool:
    """True when an OSM ``highway`` value (a tag string, a list, or OSMnx's list-like string)
    names a road a van drives on: any of its values in :data:`DRIVABLE_HIGHWAYS`."""
    return any(h.strip().lower() in DRIVABLE_HIGHWAYS for h in _as_list(highway))


def parse_maxspeed_kmh(value: object) -> float:
    """Speed in km/h from an OSM ``maxspeed`` value ("50", "30 mph", "['40', '60']").

    Several values → their mean. Returns NaN when missing or not a number ("CN:rural",
    "none", "signals").
    """
    speeds = []
    for v in _as_list(value):
        nums = _NUMBER.findall(v)
        if len(nums) != 1:
            continue
        s = float(nums[0]) * (_MPH_TO_KMH if "mph" in v.lower() else 1.0)
        if 0.0 < s <= 200.0:
            speeds.append(s)
    return float(np.mean(speeds)) if speeds else math.nan


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, float) and math.isnan(value):
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    text = str(value).strip()
    if text.startswith("[") and text.endswith("]"):
        try:
            parsed = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            parsed = None
        if isinstance(parsed, (list, tuple)):
            return [str(v) for v in parsed]
    return [text] if text else []


def edge_attributes(length_km: float, highway: object, maxspeed: object = None) -> dict:
    """Edge attribute dict of the common schema (speed at plain-terrain class default
    unless ``maxspeed`` parses). Lengths are km, speeds km/h, times hours."""
    road_class = road_class_of(highway)
    vmax = parse_maxspeed_kmh(maxspeed)
    if math.isfinite(vmax):
        speed, src = vmax, "maxspeed"
    else:
        speed, src = defaults.SPEED_KMH[road_class], "class"
    length_km = max(float(length_km), 1e-6)
    hw = _as_list(highway)
    return dict(length_km=length_km, road_class=road_class, highway=",".join(hw) or "unknown",
                speed_kmh=float(speed), time_h=length_km / float(speed), speed_source=src)


def _keep_fastest(g: nx.Graph, u: object, v: object, attrs: dict) -> None:
    if u == v:
        return
    old = g.get_edge_data(u, v)
    if old is None or attrs["time_h"] < old["time_h"]:
        g.add_edge(u, v, **attrs)


def collapse_to_simple(graph: nx.Graph) -> nx.Graph:
    """Undirected simple graph from any (Multi)(Di)Graph in the common schema: self-loops
    dropped, parallel/antiparallel edges collapsed to the one with the smallest ``time_h``.
    Returns a new graph (node attributes copied); the input is not changed."""
    if not graph.is_multigraph() and not graph.is_directed():
        out = nx.Graph(graph)
        out.remove_edges_from(list(nx.selfloop_edges(out)))
        return out
    out = nx.Graph()
    out.add_nodes_from(graph.nodes(data=True))
    for u, v, d in graph.edges(data=True):
        _keep_fastest(out, u, v, dict(d))
    out.graph.update(graph.graph)
    return out


def _maybe_int(keys: list) -> dict:
    """Map node keys to int when every key is a decimal string (OSM ids), else identity."""
    if keys and all(isinstance(k, str) and k.lstrip("-").isdigit() for k in keys):
        return {k: int(k) for k in keys}
    return {k: k for k in keys}


def _length_from_geometry(d: dict, u: object, v: object, name: str) -> float:
    """Road km of an edge without ``length``, measured along its ``geometry``. A straight line
    between the end nodes would shorten winding roads (by a third in mountains), so an edge
    with neither is refused."""
    if "geometry" not in d:
        raise GeographyError(
            f"{name}: edge ({u!r}, {v!r}) has no 'length' and no 'geometry': expected the road "
            f"length in metres, or its shape as a WKT LINESTRING (as OSMnx writes them)")
    km = linestring_km(d["geometry"])
    if not math.isfinite(km):
        raise GeographyError(
            f"{name}: edge ({u!r}, {v!r}), attribute 'geometry': expected a WKT LINESTRING of "
            f"'lon lat' pairs in degrees (the edge has no 'length')")
    return km


def normalize_osmnx_graph(graph: nx.Graph, name: str) -> nx.Graph:
    """Convert an OSMnx-style graph (node ``x``=lon, ``y``=lat; edge ``length`` in metres, or
    else its ``geometry`` LINESTRING is measured; ``highway``, optional ``maxspeed``) to the
    common schema (see module docstring).

    ``name`` is used in error messages (the file name). Returns a new undirected simple
    graph. Raises :class:`GeographyError` for missing/bad coordinates, an edge with neither
    ``length`` nor ``geometry``, or no drivable road.
    """
    if graph.number_of_nodes() == 0:
        raise GeographyError(f"{name}: the graph has no nodes: expected a road network")
    keymap = _maybe_int(list(graph.nodes))
    out = nx.Graph()
    for n, d in graph.nodes(data=True):
        xy = []
        for attr, what, lim in (("x", "longitude", 180.0), ("y", "latitude", 90.0)):
            if attr not in d:
                raise GeographyError(
                    f"{name}: node {n!r} has no '{attr}' attribute: expected the {what} in degrees "
                    f"(an unprojected OSMnx graph)")
            try:
                val = float(d[attr])
            except (TypeError, ValueError):
                val = math.nan
            if not math.isfinite(val) or abs(val) > lim:
                raise GeographyError(
                    f"{name}: node {n!r}, attribute '{attr}': expected the {what} in degrees "
                    f"(-{lim:g}..{lim:g}; projected graphs are not supported), got {d[attr]!r}")
            xy.append(val)
        out.add_node(keymap[n], lon=xy[0], lat=xy[1])
    dropped = 0
    for u, v, d in graph.edges(data=True):
        if not is_drivable(d.get("highway")):
            dropped += 1
            continue
        length_m = d.get("length")
        try:
            length_km = float(length_m) / 1000.0
        except (TypeError, ValueError):
            length_km = math.nan
        if not math.isfinite(length_km) or length_km < 0:
            if length_m is not None:
                raise GeographyError(
                    f"{name}: edge ({keymap[u]!r}, {keymap[v]!r}), attribute 'length': expected "
                    f"metres (a non-negative number), got {length_m!r}")
            length_km = _length_from_geometry(d, keymap[u], keymap[v], name)
        _keep_fastest(out, keymap[u], keymap[v],
                      edge_attributes(length_km, d.get("highway"), d.get("maxspeed")))
    if out.number_of_edges() == 0:
        if dropped:
            raise GeographyError(
                f"{name}: none of the {dropped} edges is a drivable road: expected a road network "
                f"({_DRIVABLE_EXAMPLES})")
        raise GeographyError(f"{name}: the graph has no edges: expected a road network")
    # Nodes left only on non-roads (a river, a footpath) or on nothing would catch facilities.
    out.remove_nodes_from([n for n, deg in out.degree if deg == 0])
    out.graph["crs"] = "WGS-84"
    if dropped:
        out.graph["notes"] = (f"{name}: left out {dropped} edges that are not drivable roads "
                              f"(no 'highway' value, or one such as footway, path or steps)",)
    return out


def load_graphml(path: str | Path) -> nx.Graph:
    """Read a GraphML road graph as OSMnx's ``save_graphml`` writes it (unprojected).

    Returns the common-schema graph (see module docstring). Raises :class:`GeographyError`.
    """
    what = "a GraphML road graph"
    p = checked_file(path, what, defaults.MAX_ROAD_FILE_MB)
    check_xml_head(p, what)
    try:
        raw = nx.read_graphml(p)
    except OSError as exc:
        raise GeographyError(f"{p.name}: cannot read the file ({exc.strerror}): expected {what}") from None
    except ET.ParseError as exc:
        raise GeographyError(f"{p.name}: not well-formed XML ({exc}): expected GraphML") from None
    except (nx.NetworkXError, KeyError, ValueError, TypeError) as exc:
        msg = str(exc).replace("\n", " ")
        raise GeographyError(f"{p.name}: not a readable GraphML file ({msg})") from None
    crs = str(raw.graph.get("crs", "")).lower()
    if crs and not any(s in crs for s in ("4326", "wgs84", "wgs 84", "crs84")):
        raise GeographyError(
            f"{p.name}: graph attribute 'crs': expected an unprojected graph (epsg:4326, lon/lat), "
            f"got {raw.graph['crs']!r}")
    g = normalize_osmnx_graph(raw, p.name)
    g.graph["source"] = str(p)
    return g


def load_osm_xml(path: str | Path) -> nx.Graph:
    """Read OSM XML (``.osm`` or gzip ``.osm.gz``) offline with ``iterparse``.

    Every ``<way>`` with a drivable ``highway`` tag (:data:`DRIVABLE_HIGHWAYS`) becomes a
    chain of edges between its consecutive ``<nd>`` nodes; length is the haversine distance.
    Node keys are the OSM ids (int). Returns the common-schema graph. Raises
    :class:`GeographyError` for a malformed file, no nodes, no roads, or a way referencing a
    node that is not in the file.
    """
    gzipped = Path(path).name.lower().endswith(".gz")
    what = "gzip-compressed OSM XML (.osm.gz)" if gzipped else "OSM XML"
    p = checked_file(path, what, defaults.MAX_ROAD_FILE_MB)
    check_xml_head(p, what, gzipped=gzipped)
    fname = p.name
    opener = gzip.open if gzipped else open
    node_lon: dict[int, float] = {}
    node_lat: dict[int, float] = {}
    ways: list[tuple[int, list[int], str, str | None]] = []
    skipped = 0  # ways with a highway tag that is not a drivable road
    try:
        with opener(p, "rb") as raw:
            fh = LimitedReader(raw, fname, what, defaults.MAX_ROAD_FILE_MB)
            root_checked = False
            for event, elem in ET.iterparse(fh, events=("start", "end")):
                if event == "start":
                    if not root_checked:
                        root_checked = True
                        if elem.tag != "osm":
                            raise GeographyError(
                                f"{fname}: root element <{elem.tag}>: expected <osm> (OSM XML)")
                    continue
                if elem.tag == "node":
                    nid = elem.get("id")
                    try:
                        key = int(nid)  # type: ignore[arg-type]
                        lat = float(elem.get("lat"))  # type: ignore[arg-type]
                        lon = float(elem.get("lon"))  # type: ignore[arg-type]
                    except (TypeError, ValueError):
                        raise GeographyError(
                            f"{fname}: <node id={nid!r}>: expected an integer id and numeric "
                            f"'lat'/'lon' attributes, got lat={elem.get('lat')!r} "
                            f"lon={elem.get('lon')!r}") from None
                    if not (abs(lat) <= 90.0 and abs(lon) <= 180.0):
                        raise GeographyError(
                            f"{fname}: <node id={nid!r}>: expected lat in -90..90 and lon in "
                            f"-180..180, got lat={lat} lon={lon}")
                    node_lon[key] = lon
                    node_lat[key] = lat
                    elem.clear()
                elif elem.tag == "way":
                    tags = {t.get("k"): t.get("v") for t in elem.iter("tag")}
                    hw = tags.get("highway")
                    if hw is not None and not is_drivable(hw):
                        skipped += 1
                    elif hw is not None:
                        wid = elem.get("id")
                        try:
                            refs = [int(nd.get("ref")) for nd in elem.iter("nd")]  # type: ignore[arg-type]
                        except (TypeError, ValueError):
                            raise GeographyError(
                                f"{fname}: <way id={wid!r}>: expected integer 'ref' attributes on "
                                f"its <nd> elements") from None
                        ways.append((int(wid) if wid and wid.lstrip('-').isdigit() else -1,
                                     refs, hw, tags.get("maxspeed")))
                    elem.clear()
                elif elem.tag == "relation":
                    elem.clear()
    except ET.ParseError as exc:
        raise GeographyError(f"{fname}: not well-formed XML ({exc}): expected {what}") from None
    except OSError as exc:
        raise GeographyError(f"{fname}: cannot read the file ({exc.strerror}): expected {what}") from None
    if not node_lon:
        raise GeographyError(f"{fname}: no <node> elements: expected OSM XML with nodes and ways")
    if not ways:
        others = f"; {skipped} ways are footways, paths or other non-roads" if skipped else ""
        raise GeographyError(
            f"{fname}: no <way> with a drivable 'highway' tag{others}: expected a road network "
            f"({_DRIVABLE_EXAMPLES})")

    g = nx.Graph()
    for wid, refs, hw, maxspeed in ways:
        for r in refs:
            if r not in node_lon:
                raise GeographyError(
                    f"{fname}: <way id='{wid}'> references node {r}, which is not in the file "
                    f"(expected a complete extract, e.g. osmium extract --strategy complete_ways)")
        if len(refs) < 2:
            continue
        lon = np.array([node_lon[r] for r in refs])
        lat = np.array([node_lat[r] for r in refs])
        seg_km = haversine_km(lon[:-1], lat[:-1], lon[1:], lat[1:])
        base = edge_attributes(1.0, hw, maxspeed)
        for a, b, km, x1, y1, x2, y2 in zip(refs[:-1], refs[1:], seg_km.tolist(),
                                             lon[:-1].tolist(), lat[:-1].tolist(),
                                             lon[1:].tolist(), lat[1:].tolist()):
            if a == b:
                continue
            attrs = dict(base)
            attrs["length_km"] = max(km, 1e-6)
            attrs["time_h"] = attrs["length_km"] / attrs["speed_kmh"]
            if a not in g:
                g.add_node(a, lon=x1, lat=y1)
            if b not in g:
                g.add_node(b, lon=x2, lat=y2)
            _keep_fastest(g, a, b, attrs)
    if g.number_of_edges() == 0:
        raise GeographyError(f"{fname}: the highway ways have no segments: expected a road network")
    g.graph["crs"] = "WGS-84"
    g.graph["source"] = str(p)
    if skipped:
        g.graph["notes"] = (f"{fname}: left out {skipped} ways whose 'highway' is not a drivable "
                            f"road (such as footway, path or steps)",)
    return g


def load_road_graph(path: str | Path) -> nx.Graph:
    """Read a road graph file by its suffix: ``.graphml`` (OSMnx) or ``.osm`` / ``.osm.gz`` /
    ``.xml`` (OSM XML). Returns the common-schema undirected simple graph (lon/lat nodes,
    km/h/hours edges). Raises :class:`GeographyError`, also for what cannot be a road file
    (a directory, a device, an image, a file over ``defaults.MAX_ROAD_FILE_MB``)."""
    p = checked_file(path, "a road file (.graphml, .osm or .osm.gz)", defaults.MAX_ROAD_FILE_MB)
    low = p.name.lower()
    if low.endswith(".graphml"):
        return load_graphml(p)
    if low.endswith((".osm", ".osm.gz", ".xml", ".osm.xml")):
        return load_osm_xml(p)
    raise GeographyError(
        f"{p.name}: unknown road file type: expected .graphml (OSMnx) or .osm / .osm.gz (OSM XML)")
