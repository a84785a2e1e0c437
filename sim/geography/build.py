"""Building a :class:`~sim.geography.core.Geography` from what a scenario names.

:func:`build_geography` puts a facility table on a road graph (a user's road file, or
straight links between the facilities when there is none); :func:`build_county` builds the
county a scenario's ``[geography]`` table describes, synthetic or from its files.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path

import networkx as nx
import numpy as np
from scipy.sparse.csgraph import minimum_spanning_tree
from scipy.spatial import Delaunay, QhullError, cKDTree

from sim.config import ScenarioConfig, resolve_path
from sim.config import defaults
from sim.geography.core import Geography, geography_from_graph, snap_to_nodes
from sim.geography.facilities import (
    TIER_NAMES,
    TIER_VILLAGE,
    FacilityTable,
    GeographyError,
    load_adcode_csv,
    load_facility_table,
)
from sim.geography.geodesy import project_km
from sim.geography.roads import collapse_to_simple, load_road_graph, normalize_osmnx_graph
from sim.geography.snapping import check_in_road_area, check_snap_distances, swapped_snap_km
from sim.geography.synthetic import synthetic_county


# --------------------------------------------------------------------------- road graphs

def _terrain_check(terrain: str, where: str) -> None:
    if terrain not in defaults.TERRAINS:
        raise GeographyError(
            f"{where}: terrain: expected one of {', '.join(defaults.TERRAINS)}, got {terrain!r}")


def _road_class_between(ta: int, tb: int) -> str:
    return "village" if TIER_VILLAGE in (ta, tb) else "trunk"


def facility_road_graph(ids: np.ndarray, tier: np.ndarray, x_km: np.ndarray, y_km: np.ndarray,
                        *, detour_factor: float = defaults.DETOUR_FACTOR,
                        terrain: str = defaults.DEFAULT_TERRAIN) -> nx.Graph:
    """Roads straight between facilities, for a facility table without a road file.

    Links: the Delaunay triangulation of all facility points (complete graph under 4 points
    or when they are collinear) plus the Euclidean minimum spanning tree, so the graph is
    always connected. Nodes are the facility ids (attrs ``x_km``, ``y_km``); edge
    ``length_km`` = straight km × ``detour_factor``; ``road_class`` "trunk" between
    hub/townships, "village" when a village is involved; ``speed_kmh`` = class speed ×
    terrain factor; ``time_h`` = length / speed.
    """
    pts = np.column_stack([x_km, y_km]).astype(np.float64)
    n = len(pts)
    pairs: set[tuple[int, int]] = set()
    tri_ok = False
    if n >= 4:
        try:
            tri = Delaunay(pts)
            s = tri.simplices
            for a, b in ((0, 1), (1, 2), (0, 2)):
                lo = np.minimum(s[:, a], s[:, b])
                hi = np.maximum(s[:, a], s[:, b])
                pairs.update(zip(lo.tolist(), hi.tolist()))
            tri_ok = True
        except QhullError:
            tri_ok = False
    if not tri_ok:
        pairs.update((i, j) for i in range(n) for j in range(i + 1, n))
    if n >= 2:  # Euclidean MST: connects points Delaunay skipped (duplicates) and is cheap
        dmat = np.hypot(pts[:, None, 0] - pts[None, :, 0], pts[:, None, 1] - pts[None, :, 1])
        mst = minimum_spanning_tree(np.maximum(dmat, 1e-12) * (1 - np.eye(n))).tocoo()
        pairs.update((min(a, b), max(a, b)) for a, b in zip(mst.row.tolist(), mst.col.tolist()))
    factor = defaults.TERRAIN_SPEED_FACTOR[terrain]
    g = nx.Graph()
    for i in range(n):
        g.add_node(ids[i], x_km=float(pts[i, 0]), y_km=float(pts[i, 1]))
    for a, b in sorted(pairs):
        straight = float(np.hypot(*(pts[a] - pts[b])))
        length = max(straight * detour_factor, 1e-6)
        cls = _road_class_between(int(tier[a]), int(tier[b]))
        speed = defaults.SPEED_KMH[cls] * factor
        g.add_edge(ids[a], ids[b], length_km=length, road_class=cls, speed_kmh=speed,
                   time_h=length / speed)
    return g


def _edge_speed_kmh(d: dict, factor: float) -> float:
    """Speed of a common-schema edge on this terrain: class default × terrain factor unless
    the speed came from a ``maxspeed`` tag or the caller's own ``speed_kmh``."""
    if d.get("speed_source", "class" if "speed_kmh" not in d else "given") == "class":
        return defaults.SPEED_KMH.get(d.get("road_class"), defaults.UNKNOWN_ROAD_SPEED_KMH) * factor
    return float(d["speed_kmh"])


def _as_road_schema(roads: nx.Graph, name: str) -> nx.Graph:
    """The user's road graph in the common schema, undirected and simple (the input itself
    when it already is; it is only read, never changed)."""
    sample = next(iter(roads.edges(data=True)), None)
    if sample is None:
        raise GeographyError(f"{name}: the road graph has no edges: expected a road network")
    if "length_km" in sample[2] and "road_class" in sample[2]:
        g = roads if not (roads.is_multigraph() or roads.is_directed()) else collapse_to_simple(roads)
    else:  # an OSMnx graph handed over in memory
        g = normalize_osmnx_graph(roads, name)
    for n, d in g.nodes(data=True):
        if not (("lon" in d and "lat" in d) or ("x_km" in d and "y_km" in d)):
            raise GeographyError(f"{name}: node {n!r} has no 'lon'/'lat' (or 'x_km'/'y_km') attributes")
    for u, v, d in g.edges(data=True):
        for a in ("length_km", "road_class"):
            if a not in d:
                raise GeographyError(f"{name}: edge ({u!r}, {v!r}) has no '{a}' attribute")
    return g


def _reduce(graph: nx.Graph, component: set, keep: set, speed_factor: float,
            xy_km: dict) -> nx.Graph:
    """The part of ``graph`` that links the facilities, as a new graph.

    Within ``component`` (the hub's connected component): dead ends without a ``keep`` node
    are dropped, then chains of degree-2 nodes not in ``keep`` merge into single edges
    (length and time summed; class of the longest piece). Edge speeds/times get the terrain
    factor (:func:`_edge_speed_kmh`); nodes get ``x_km``/``y_km`` from ``xy_km``. Fastest
    paths between ``keep`` nodes are unchanged."""
    adj = {n: dict(graph.adj[n]) for n in component}
    leaves = deque(n for n, nb in adj.items() if len(nb) <= 1 and n not in keep)
    while leaves:
        n = leaves.popleft()
        if n not in adj or n in keep or len(adj[n]) > 1:
            continue
        for m in adj.pop(n):
            del adj[m][n]
            if len(adj[m]) <= 1 and m not in keep:
                leaves.append(m)
    out = nx.Graph()
    anchors = [n for n in graph.nodes if n in adj and (n in keep or len(adj[n]) != 2)]
    for n in anchors:
        out.add_node(n, **graph.nodes[n])
        out.nodes[n]["x_km"], out.nodes[n]["y_km"] = xy_km[n]
    for a in anchors:
        for first in adj[a]:
            prev, cur = a, first
            length = time = 0.0
            best = adj[a][first]
            while True:
                d = adj[prev][cur]
                piece_km = max(float(d["length_km"]), 1e-6)
                length += piece_km
                time += piece_km / _edge_speed_kmh(d, speed_factor)
                if d["length_km"] > best["length_km"]:
                    best = d
                if cur in out:
                    break
                nxt = [m for m in adj[cur] if m != prev]
                if len(nxt) != 1:  # cannot happen once dead ends are gone; be safe
                    break
                prev, cur = cur, nxt[0]
            if cur == a or cur not in out:
                continue
            old = out.get_edge_data(a, cur)
            if old is None or time < old["time_h"]:
                attrs = dict(best)
                attrs.update(length_km=length, time_h=time, speed_kmh=length / time)
                out.add_edge(a, cur, **attrs)
    return out


def build_geography(facilities: FacilityTable, roads: nx.Graph | None = None, *,
                    terrain: str = defaults.DEFAULT_TERRAIN,
                    detour_factor: float = defaults.DETOUR_FACTOR,
                    max_snap_km: float = defaults.MAX_SNAP_KM,
                    source: str = "") -> Geography:
    """Geography of a facility table, on a road graph or (``roads=None``) on straight
    Delaunay links × ``detour_factor`` (``synthetic_roads=True``).

    Facilities are reordered hub, townships, villages (file order within a tier) and
    projected to km around their mean lon/lat. With ``roads`` (common schema from
    :func:`sim.road_files.load_road_graph`, or an OSMnx graph in memory): class-default
    speeds get the terrain factor, facilities snap to the nearest road node (KD-tree), the
    graph is reduced to what links the facilities (see :class:`Geography`). A facility more
    than ``max_snap_km`` outside the road nodes' bounding box or from its nearest road node
    stops the build (:mod:`.snapping`; the message says when lon and lat look swapped); one
    more than ``defaults.SNAP_REPORT_KM`` away is named in a warning. Raises
    :class:`GeographyError` (bad terrain, a facility off the roads or not reachable from the
    hub, ...).
    """
    fname = facilities.path.rsplit("/", 1)[-1] if facilities.path else "facility table"
    _terrain_check(terrain, fname)
    if not (np.isfinite(detour_factor) and detour_factor >= 1.0):
        raise GeographyError(f"{fname}: detour_factor: expected a number ≥ 1, got {detour_factor!r}")
    if not max_snap_km > 0:  # also refuses NaN; inf switches the check off
        raise GeographyError(f"{fname}: max_snap_km: expected a positive number of km, got {max_snap_km!r}")
    order = np.argsort(facilities.tier, kind="stable")
    fid = facilities.id[order]
    tier = facilities.tier[order]
    lon = facilities.lon[order]
    lat = facilities.lat[order]
    lon0, lat0 = float(np.mean(lon)), float(np.mean(lat))
    x_km, y_km = project_km(lon, lat, lon0, lat0)
    town_ids = None if facilities.township_id is None else facilities.township_id[order]
    warnings = list(facilities.warnings)

    if roads is None:
        graph = facility_road_graph(fid, tier, x_km, y_km, detour_factor=detour_factor, terrain=terrain)
        for i, n in enumerate(fid):
            graph.nodes[n].update(lon=float(lon[i]), lat=float(lat[i]))
        node = fid.copy()
        snap = np.zeros(len(fid))
        synthetic = True
        where = fname
        src = source or f"{facilities.path} (roads: straight links × {detour_factor:g})"
    else:
        rname = str(roads.graph.get("source", "road graph")).rsplit("/", 1)[-1]
        where = rname
        graph = _as_road_schema(roads, rname)
        warnings.extend(graph.graph.get("notes", ()))
        keys = list(graph.nodes)
        names = facilities.name[order]
        has_lonlat = all("lon" in d for _, d in graph.nodes(data=True))
        if has_lonlat:
            glon = np.array([graph.nodes[k]["lon"] for k in keys], dtype=np.float64)
            glat = np.array([graph.nodes[k]["lat"] for k in keys], dtype=np.float64)
            check_in_road_area(names=names, ids=fid, lon=lon, lat=lat, glon=glon, glat=glat,
                               margin_km=max_snap_km, rname=rname, fname=fname)
            gx, gy = project_km(glon, glat, lon0, lat0)
        else:
            gx = np.array([graph.nodes[k]["x_km"] for k in keys], dtype=np.float64)
            gy = np.array([graph.nodes[k]["y_km"] for k in keys], dtype=np.float64)
        node_xy = np.column_stack([gx, gy])
        node, snap = snap_to_nodes(x_km, y_km, keys, node_xy)
        swapped = (swapped_snap_km(lon, lat, lon0, lat0, cKDTree(node_xy))
                   if has_lonlat and np.any(snap > max_snap_km) else None)
        warnings += check_snap_distances(names=names, ids=fid, snap_km=snap, max_snap_km=max_snap_km,
                                         rname=rname, fname=fname, swapped_snap_km=swapped)
        hub_comp = nx.node_connected_component(graph, node[0])
        off = [i for i in range(len(fid)) if node[i] not in hub_comp]
        if off:
            i = off[0]
            more = f" (and {len(off) - 1} more)" if len(off) > 1 else ""
            raise GeographyError(
                f"{rname}: facility '{fid[i]}' ({TIER_NAMES[tier[i]]}) is not reachable by road from "
                f"the county hub '{fid[0]}': its nearest road node {node[i]!r} ({snap[i]:.2f} km "
                f"away) is on a road piece not connected to the hub's{more}")
        xy = dict(zip(keys, zip(gx.tolist(), gy.tolist())))
        graph = _reduce(graph, hub_comp, set(node.tolist()),
                        defaults.TERRAIN_SPEED_FACTOR[terrain], xy)
        synthetic = False
        src = source or f"{facilities.path} + {roads.graph.get('source', 'road graph')}"
    pop = facilities.population[order]
    return geography_from_graph(
        facility_id=fid, name=facilities.name[order], tier=tier, x_km=x_km, y_km=y_km,
        population=pop, node=node, township_id=town_ids, graph=graph, terrain=terrain,
        synthetic_roads=synthetic, source=src, where=where, warnings=tuple(warnings), snap_km=snap)


def build_county(config: ScenarioConfig) -> Geography:
    """Build the county ``config`` describes: synthetic from its ``[geography] seed``, or from its files."""
    g = config.geography
    if g.source == "synthetic":
        try:
            return synthetic_county(seed=g.seed, n_townships=g.n_townships,
                                    villages_per_township=g.villages_per_township, area_km2=g.area_km2,
                                    terrain=g.terrain, population_per_village=g.population_per_village,
                                    population_log_sigma=g.village_population_log_sigma)
        except GeographyError as err:      # name the scenario file and the key, as for every input
            raise GeographyError(f"{config.where}: geography.{str(err).removeprefix('synthetic county: ')}") from None
    facilities_path = resolve_path(config, g.facilities)
    if g.facilities_format == "adcode":
        table = load_adcode_csv(facilities_path)
    else:
        table = load_facility_table(facilities_path, default_population=g.population_per_village)
    roads = load_road_graph(resolve_path(config, g.roads)) if g.roads else None
    # The source names the files, not where they sit on this machine, so runs on two
    # machines compare as the same county.
    return build_geography(table, roads, terrain=g.terrain, detour_factor=g.detour_factor,
                           max_snap_km=g.max_snap_km, source=facilities_path.name + (f" + {Path(g.roads).name}" if g.roads else ""))
