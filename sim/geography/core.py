"""The county's geography: facilities on a road graph, and travel matrices between them.

:class:`Geography` is what the model runs on: facilities (the hub, townships, villages) in
that order, each sitting on a node of an undirected road graph, with road km and hours
between every pair. :mod:`.build` makes one from a facility table and a road file,
:mod:`.synthetic` a seeded synthetic county. Every distance is road km along the fastest
path, every time hours at road speeds (no vehicle factor).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import ConvexHull, QhullError, cKDTree

from sim.geography.facilities import TIER_COUNTY, TIER_NAMES, TIER_TOWNSHIP, TIER_VILLAGE, GeographyError

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
