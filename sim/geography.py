"""The county's geography: facilities on a road graph, and travel matrices between them.

:func:`build_geography` turns a :class:`~sim.facility_table.FacilityTable` (and optionally a
road graph from :mod:`sim.road_files`) into a :class:`Geography`; :mod:`sim.county_generator`
builds a synthetic one. Every distance is road km along the fastest path, every time hours
at road speeds (no vehicle factor).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra, minimum_spanning_tree
from scipy.spatial import ConvexHull, Delaunay, cKDTree
from scipy.spatial import QhullError

from sim import defaults
from sim.facility_table import (  # re-exported: the model imports them from here
    TIER_COUNTY,
    TIER_NAMES,
    TIER_TOWNSHIP,
    TIER_VILLAGE,
    FacilityTable,
    GeographyError,
    project_km,
)
from sim.road_files import collapse_to_simple, normalize_osmnx_graph

__all__ = [
    "TIER_COUNTY", "TIER_TOWNSHIP", "TIER_VILLAGE", "TIER_NAMES", "GeographyError",
    "Geography", "build_geography", "geography_from_graph", "facility_road_graph",
    "travel_matrices", "snap_to_nodes",
]

# Smallest edge time/length kept (a zero would read as "no edge" in a sparse matrix).
_MIN_EDGE = 1e-9
# Cap on (sources × nodes) held at once by the batched Dijkstra (memory ≈ 30 B per cell).
_DIJKSTRA_CELLS = 4_000_000


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a)
    a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False)
class Geography:
    """Facilities (index 0 the county hub, then townships, then villages) on a road graph.

    ``graph`` is an undirected simple graph: node attrs ``x_km``/``y_km`` (and ``lon``/``lat``
    for real data); edge attrs ``length_km``, ``road_class``, ``speed_kmh``, ``time_h``. For a
    real road file it is the part of the network that links the facilities: the hub's
    connected component, without dead ends that host no facility, and with chains of
    degree-2 nodes merged into single edges (lengths and times summed).
    ``dist_km``/``time_h`` are (F, F) road km along the fastest path / fastest hours.
    ``snap_km`` is each facility's straight-line distance to its graph node (0 when the
    facility is a node itself).
    """

    graph: nx.Graph
    facility_id: np.ndarray
    name: np.ndarray
    tier: np.ndarray
    x_km: np.ndarray
    y_km: np.ndarray
    population: np.ndarray
    node: np.ndarray
    township: np.ndarray
    dist_km: np.ndarray
    time_h: np.ndarray
    terrain: str
    synthetic_roads: bool
    source: str
    warnings: tuple[str, ...] = ()
    snap_km: np.ndarray = field(default_factory=lambda: np.zeros(0))

    # ----------------------------------------------------------------- convenience
    @property
    def n_facilities(self) -> int:
        """Number of facilities F (hub + townships + villages)."""
        return int(self.facility_id.shape[0])

    @property
    def hub(self) -> int:
        """Facility index of the county hub (always 0)."""
        return 0

    @property
    def townships(self) -> np.ndarray:
        """Facility indices of the townships (int64, ascending)."""
        return np.flatnonzero(self.tier == TIER_TOWNSHIP)

    @property
    def villages(self) -> np.ndarray:
        """Facility indices of the villages (int64, ascending)."""
        return np.flatnonzero(self.tier == TIER_VILLAGE)

    def layout(self) -> dict[Any, tuple[float, float]]:
        """``{graph node: (x_km, y_km)}`` for every graph node, for
        ``mesa.discrete_space.Network(graph, layout=...)``."""
        return {n: (float(d["x_km"]), float(d["y_km"])) for n, d in self.graph.nodes(data=True)}

    def summary(self) -> dict[str, Any]:
        """Plain-Python dict of headline figures: counts, convex-hull area (km²), mean/median
        road km township→own village and hub→township, graph size, synthetic_roads, source."""
        t, v = self.townships, self.villages
        tv = self.dist_km[self.township[v], v] if v.size else np.zeros(0)
        ht = self.dist_km[0, t] if t.size else np.zeros(0)
        pts = np.column_stack([self.x_km, self.y_km])
        try:
            area = float(ConvexHull(pts).volume) if len(pts) >= 3 else 0.0
        except QhullError:
            area = 0.0

        def stat(a: np.ndarray, f) -> float:
            return float(f(a)) if a.size else float("nan")

        return {
            "n_facilities": self.n_facilities,
            "n_townships": int(t.size),
            "n_villages": int(v.size),
            "population": int(self.population.sum()),
            "hull_area_km2": area,
            "township_village_km_mean": stat(tv, np.mean),
            "township_village_km_median": stat(tv, np.median),
            "hub_township_km_mean": stat(ht, np.mean),
            "hub_township_km_median": stat(ht, np.median),
            "hub_township_km_max": stat(ht, np.max),
            "graph_nodes": self.graph.number_of_nodes(),
            "graph_edges": self.graph.number_of_edges(),
            "terrain": self.terrain,
            "synthetic_roads": self.synthetic_roads,
            "source": self.source,
            "n_warnings": len(self.warnings),
        }


# --------------------------------------------------------------------------- matrices

def _edge_arrays(graph: nx.Graph, index: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    m = graph.number_of_edges()
    u = np.empty(m, dtype=np.int64)
    v = np.empty(m, dtype=np.int64)
    t = np.empty(m, dtype=np.float64)
    km = np.empty(m, dtype=np.float64)
    for k, (a, b, d) in enumerate(graph.edges(data=True)):
        u[k] = index[a]
        v[k] = index[b]
        t[k] = d["time_h"]
        km[k] = d["length_km"]
    return u, v, np.maximum(t, _MIN_EDGE), np.maximum(km, 0.0)


def travel_matrices(graph: nx.Graph, nodes: np.ndarray | list) -> tuple[np.ndarray, np.ndarray]:
    """Fastest travel time (hours) and road km along that fastest path between graph nodes.

    ``graph`` is undirected with edge attrs ``time_h`` and ``length_km``; ``nodes`` the node
    keys (repeats allowed). Returns ``(time_h, dist_km)``, both (k, k) float64, ``inf`` where
    unreachable. One batched ``scipy.sparse.csgraph.dijkstra`` on times from the distinct
    nodes; km are summed along the predecessor tree by pointer jumping (O(log depth) numpy
    passes, no Python loop over nodes).
    """
    keys = list(graph.nodes)
    index = {n: i for i, n in enumerate(keys)}
    n_nodes = len(keys)
    try:
        targets = np.array([index[n] for n in nodes], dtype=np.int64)
    except KeyError as exc:
        raise GeographyError(f"road graph: node {exc.args[0]!r} is not in the graph") from None
    u, v, t, km = _edge_arrays(graph, index)
    rows = np.concatenate([u, v])
    cols = np.concatenate([v, u])
    csr = csr_matrix((np.concatenate([t, t]), (rows, cols)), shape=(n_nodes, n_nodes))
    # Length of edge (a, b) looked up by the key a * n + b.
    edge_key = rows * n_nodes + cols
    order = np.argsort(edge_key)
    edge_key = edge_key[order]
    edge_km = np.concatenate([km, km])[order]

    uniq, inverse = np.unique(targets, return_inverse=True)
    k = uniq.size
    time_u = np.empty((k, k), dtype=np.float64)
    dist_u = np.empty((k, k), dtype=np.float64)
    batch = max(1, min(k, _DIJKSTRA_CELLS // max(n_nodes, 1)))
    for s0 in range(0, k, batch):
        src = uniq[s0:s0 + batch]
        tt, pred = dijkstra(csr, directed=True, indices=src, return_predecessors=True)
        tt = np.atleast_2d(tt)
        pred = np.atleast_2d(pred).astype(np.int64, copy=False)
        b, n = pred.shape
        # Flat pointer jumping over the (b, n) predecessor forest: acc[c] = km from cell c
        # to its current pointer; roots (sources, unreachable) point to themselves.
        itype = np.int32 if b * n < 2**31 else np.int64
        flat_pred = pred.ravel()
        has = flat_pred >= 0
        cells = np.arange(b * n, dtype=itype)
        ptr = cells.copy()
        ptr[has] = (np.repeat(np.arange(b, dtype=itype) * n, n)[has] + flat_pred[has]).astype(itype)
        acc = np.zeros(b * n, dtype=np.float64)
        q = np.tile(np.arange(n, dtype=np.int64), b)[has] * n_nodes + flat_pred[has]
        acc[has] = edge_km[np.searchsorted(edge_key, q)]
        active = cells[ptr[ptr] != ptr]
        while active.size:
            p = ptr[active]
            newp = ptr[p]
            acc[active] += acc[p]
            ptr[active] = newp
            active = active[ptr[newp] != newp]
        acc = acc.reshape(b, n)
        time_u[s0:s0 + batch] = tt[:, uniq]
        dist_u[s0:s0 + batch] = np.where(np.isfinite(tt[:, uniq]), acc[:, uniq], np.inf)
    time_h = time_u[np.ix_(inverse, inverse)]
    dist_km = dist_u[np.ix_(inverse, inverse)]
    # Symmetrise round-off (ties may pick different paths each way: keep the min-time one).
    swap = time_h.T < time_h
    time_h = np.where(swap, time_h.T, time_h)
    dist_km = np.where(swap, dist_km.T, dist_km)
    np.fill_diagonal(time_h, 0.0)
    np.fill_diagonal(dist_km, 0.0)
    return time_h, dist_km


# --------------------------------------------------------------------------- snapping

def snap_to_nodes(x_km: np.ndarray, y_km: np.ndarray, node_keys: list,
                  node_xy_km: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nearest graph node for each point (cKDTree on projected km).

    Returns ``(nodes, snap_km)``: an object array of node keys and the straight-line km to it.
    """
    tree = cKDTree(node_xy_km)
    d, i = tree.query(np.column_stack([x_km, y_km]))
    nodes = np.empty(len(i), dtype=object)
    nodes[:] = [node_keys[j] for j in i]
    return nodes, np.asarray(d, dtype=np.float64)


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


# --------------------------------------------------------------------------- assembly

def geography_from_graph(*, facility_id: np.ndarray, name: np.ndarray, tier: np.ndarray,
                         x_km: np.ndarray, y_km: np.ndarray, population: np.ndarray,
                         node: np.ndarray, township_id: np.ndarray | None, graph: nx.Graph,
                         terrain: str, synthetic_roads: bool, source: str, where: str,
                         warnings: tuple[str, ...] = (),
                         snap_km: np.ndarray | None = None) -> Geography:
    """Assemble a :class:`Geography` from facilities already in hub/townships/villages order
    and sitting on ``graph`` nodes ``node``: computes the travel matrices, checks every
    facility is reachable from the hub, assigns villages to townships (``township_id`` "" or
    ``None`` → nearest township by road time). ``where`` names the input in errors."""
    tier = np.asarray(tier, dtype=np.int8)
    if tier.size == 0 or tier[0] != TIER_COUNTY or np.count_nonzero(tier == TIER_COUNTY) != 1:
        raise GeographyError(f"{where}: tier: expected exactly one county hub, first in order")
    if np.any(np.diff(tier) < 0):
        raise GeographyError(f"{where}: tier: expected facilities ordered hub, townships, villages")
    time_h, dist_km = travel_matrices(graph, node)
    bad = np.flatnonzero(~np.isfinite(time_h[0]))
    if bad.size:
        f = bad[0]
        more = f" (and {bad.size - 1} more)" if bad.size > 1 else ""
        raise GeographyError(
            f"{where}: facility '{facility_id[f]}' ({TIER_NAMES[tier[f]]}) is not reachable by road "
            f"from the county hub '{facility_id[0]}'{more}")
    towns = np.flatnonzero(tier == TIER_TOWNSHIP)
    township = np.zeros(len(tier), dtype=np.int64)
    township[towns] = towns
    vill = np.flatnonzero(tier == TIER_VILLAGE)
    if vill.size and not towns.size:
        raise GeographyError(f"{where}: tier: expected at least one township to serve the villages, got none")
    pos = {fid: i for i, fid in enumerate(facility_id)}
    for v in vill:
        tid = "" if township_id is None else township_id[v]
        if tid:
            township[v] = pos[tid]
        else:
            township[v] = towns[int(np.argmin(time_h[towns, v]))]
    return Geography(
        graph=graph,
        facility_id=_frozen(np.asarray(facility_id, dtype=object)),
        name=_frozen(np.asarray(name, dtype=object)),
        tier=_frozen(tier),
        x_km=_frozen(np.asarray(x_km, dtype=np.float64)),
        y_km=_frozen(np.asarray(y_km, dtype=np.float64)),
        population=_frozen(np.asarray(population, dtype=np.int64)),
        node=_frozen(np.asarray(node, dtype=object)),
        township=_frozen(township),
        dist_km=_frozen(dist_km),
        time_h=_frozen(time_h),
        terrain=terrain,
        synthetic_roads=synthetic_roads,
        source=source,
        warnings=tuple(warnings),
        snap_km=_frozen(np.zeros(len(tier)) if snap_km is None else np.asarray(snap_km, dtype=np.float64)),
    )


def build_geography(facilities: FacilityTable, roads: nx.Graph | None = None, *,
                    terrain: str = defaults.DEFAULT_TERRAIN,
                    detour_factor: float = defaults.DETOUR_FACTOR,
                    source: str = "") -> Geography:
    """Geography of a facility table, on a road graph or (``roads=None``) on straight
    Delaunay links × ``detour_factor`` (``synthetic_roads=True``).

    Facilities are reordered hub, townships, villages (file order within a tier) and
    projected to km around their mean lon/lat. With ``roads`` (common schema from
    :func:`sim.road_files.load_road_graph`, or an OSMnx graph in memory): class-default
    speeds get the terrain factor, facilities snap to the nearest road node (over
    ``defaults.SNAP_WARN_KM`` → warning), the graph is reduced to what links the facilities (see
    :class:`Geography`). Raises :class:`GeographyError` (bad terrain, a facility not reachable
    from the hub, ...).
    """
    fname = facilities.path.rsplit("/", 1)[-1] if facilities.path else "facility table"
    _terrain_check(terrain, fname)
    if not (np.isfinite(detour_factor) and detour_factor >= 1.0):
        raise GeographyError(f"{fname}: detour_factor: expected a number ≥ 1, got {detour_factor!r}")
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
        keys = list(graph.nodes)
        if all("lon" in d for _, d in graph.nodes(data=True)):
            glon = np.array([graph.nodes[k]["lon"] for k in keys], dtype=np.float64)
            glat = np.array([graph.nodes[k]["lat"] for k in keys], dtype=np.float64)
            gx, gy = project_km(glon, glat, lon0, lat0)
        else:
            gx = np.array([graph.nodes[k]["x_km"] for k in keys], dtype=np.float64)
            gy = np.array([graph.nodes[k]["y_km"] for k in keys], dtype=np.float64)
        node, snap = snap_to_nodes(x_km, y_km, keys, np.column_stack([gx, gy]))
        far = np.flatnonzero(snap > defaults.SNAP_WARN_KM)
        if far.size:
            names = facilities.name[order]
            listed = ", ".join(f"{names[i]} ({fid[i]}, {snap[i]:.1f} km)" for i in far[:40])
            warnings.append(f"{rname}: {far.size} facilities are more than {defaults.SNAP_WARN_KM:g} km from "
                            f"the nearest road node: {listed}")
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
