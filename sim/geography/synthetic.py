"""A seeded synthetic county: hub at the centre, townships spread out, villages around them.

Deterministic for a seed (one ``np.random.default_rng(seed)``, no set iteration). Roads:

- "trunk": hub ↔ townships and township ↔ township, from the Delaunay triangulation of
  hub + townships pruned to its minimum spanning tree plus the shorter extra edges (an
  extra edge is kept when it shortens the path between its ends by more than
  ``defaults.TRUNK_SHORTCUT_RATIO``);
- "township": per township, a Prim–Dijkstra tree over the township and its villages
  (``defaults.VILLAGE_TREE_ALPHA``; edges that lead on to further villages), plus one link between
  the nearest villages of each pair of townships that a trunk road joins;
- "village": the last links of that tree (an edge to a village no other village hangs on).

Lengths are straight km × ``TERRAIN_CIRCUITY[terrain]``; speeds ``SPEED_KMH[class]`` ×
``TERRAIN_SPEED_FACTOR[terrain]``.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
from scipy.sparse.csgraph import minimum_spanning_tree
from scipy.spatial import Delaunay, QhullError

from sim.config import defaults
from sim.geography.facilities import TIER_COUNTY, TIER_TOWNSHIP, TIER_VILLAGE, GeographyError
from sim.geography.core import Geography, geography_from_graph

_WHERE = "synthetic county"
_MAX_TRIES = 200


def _check_args(seed: int, n_townships: int, villages_per_township: int, area_km2: float,
                terrain: str, population_per_village: int) -> None:
    def bad(name: str, expected: str, got: object) -> GeographyError:
        return GeographyError(f"{_WHERE}: {name}: expected {expected}, got {got!r}")

    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise bad("seed", "a non-negative integer", seed)
    if not isinstance(n_townships, (int, np.integer)) or n_townships < 1:
        raise bad("n_townships", "an integer ≥ 1", n_townships)
    if not isinstance(villages_per_township, (int, np.integer)) or villages_per_township < 0:
        raise bad("villages_per_township", "an integer ≥ 0", villages_per_township)
    if not (isinstance(area_km2, (int, float, np.number)) and math.isfinite(area_km2) and area_km2 > 0):
        raise bad("area_km2", "a positive number of km²", area_km2)
    if terrain not in defaults.TERRAINS:
        raise bad("terrain", f"one of {', '.join(defaults.TERRAINS)}", terrain)
    if not isinstance(population_per_village, (int, np.integer)) or population_per_village < 0:
        raise bad("population_per_village", "a non-negative integer", population_per_village)


def _place_townships(rng: np.random.Generator, n: int, radius_km: float) -> np.ndarray:
    """(n, 2) township km coordinates: uniform over an annulus around the hub, rejection
    sampled so every pair and the hub are at least MIN_TOWNSHIP_SPACING_KM apart."""
    spacing = defaults.MIN_TOWNSHIP_SPACING_KM
    r_max = defaults.TOWNSHIP_MAX_RADIUS_SHARE * radius_km
    r_min = min(spacing, 0.5 * r_max)
    placed = np.zeros((0, 2))
    pool = np.zeros((0, 2))
    tries = 0
    while len(placed) < n:
        if not len(pool):
            tries += 1
            if tries > _MAX_TRIES:
                raise GeographyError(
                    f"{_WHERE}: n_townships: cannot place {n} townships "
                    f"{spacing:g} km apart in {math.pi * radius_km ** 2:.0f} km²; expected fewer "
                    f"townships or a larger area_km2")
            r = np.sqrt(rng.uniform(r_min ** 2, r_max ** 2, size=64))
            a = rng.uniform(0.0, 2.0 * math.pi, size=64)
            pool = np.column_stack([r * np.cos(a), r * np.sin(a)])
        p, pool = pool[0], pool[1:]
        if len(placed) == 0 or np.min(np.hypot(*(placed - p).T)) >= spacing:
            placed = np.vstack([placed, p])
    return placed


def _place_villages(rng: np.random.Generator, centre: np.ndarray, n: int, radius_km: float,
                    circuity: float) -> np.ndarray:
    """(n, 2) village km coordinates around a township: road distance drawn log-normally
    around the median of VILLAGE_DISTANCE_KM, clipped to its range, divided by circuity to
    a straight-line radius; kept inside the county and defaults.MIN_VILLAGE_SPACING_KM apart."""
    lo, hi = defaults.VILLAGE_DISTANCE_KM
    median = math.sqrt(lo * hi) * 1.1  # 2–10 km → median ≈ 4.9 km
    out = np.zeros((0, 2))
    tries = 0
    while len(out) < n:
        tries += 1
        k = 4 * n
        road = np.clip(median * np.exp(rng.normal(0.0, defaults.VILLAGE_DISTANCE_LOG_SIGMA, size=k)), lo, hi)
        r = road / circuity
        a = rng.uniform(0.0, 2.0 * math.pi, size=k)
        cand = centre + np.column_stack([r * np.cos(a), r * np.sin(a)])
        for p in cand[np.hypot(cand[:, 0], cand[:, 1]) <= radius_km]:
            if len(out) == n:
                break
            if len(out) == 0 or np.min(np.hypot(*(out - p).T)) >= defaults.MIN_VILLAGE_SPACING_KM:
                out = np.vstack([out, p])
        if tries > _MAX_TRIES and len(out) < n:
            raise GeographyError(
                f"{_WHERE}: villages_per_township: cannot place {n} villages "
                f"{defaults.MIN_VILLAGE_SPACING_KM:g} km apart around a township; expected fewer")
    return out


def _mst_edges(pts: np.ndarray) -> list[tuple[int, int]]:
    n = len(pts)
    if n < 2:
        return []
    d = np.hypot(pts[:, None, 0] - pts[None, :, 0], pts[:, None, 1] - pts[None, :, 1])
    mst = minimum_spanning_tree(np.maximum(d, 1e-9) * (1 - np.eye(n))).tocoo()
    return sorted((min(a, b), max(a, b)) for a, b in zip(mst.row.tolist(), mst.col.tolist()))


def _prim_dijkstra_edges(pts: np.ndarray, alpha: float) -> list[tuple[int, int]]:
    """Tree over ``pts`` rooted at row 0 (Prim–Dijkstra trade-off, see defaults.VILLAGE_TREE_ALPHA).
    Returns (parent, child) index pairs in the order the children joined."""
    n = len(pts)
    d = np.hypot(pts[:, None, 0] - pts[None, :, 0], pts[:, None, 1] - pts[None, :, 1])
    in_tree = np.zeros(n, dtype=bool)
    in_tree[0] = True
    from_root = np.zeros(n)
    edges: list[tuple[int, int]] = []
    for _ in range(n - 1):
        cost = d + alpha * from_root[:, None]
        cost[~in_tree, :] = np.inf
        cost[:, in_tree] = np.inf
        parent, child = np.unravel_index(int(np.argmin(cost)), cost.shape)
        in_tree[child] = True
        from_root[child] = from_root[parent] + d[parent, child]
        edges.append((int(parent), int(child)))
    return edges


def _trunk_edges(pts: np.ndarray) -> list[tuple[int, int]]:
    """Hub+township links: Delaunay pruned to MST + shortcuts (see module docstring)."""
    n = len(pts)
    cand: list[tuple[int, int]] = []
    if n >= 4:
        try:
            s = Delaunay(pts).simplices
            cand = sorted({(min(int(a), int(b)), max(int(a), int(b)))
                           for tri in s for a, b in ((tri[0], tri[1]), (tri[1], tri[2]), (tri[0], tri[2]))})
        except QhullError:
            cand = []
    if not cand:
        cand = [(i, j) for i in range(n) for j in range(i + 1, n)]
    length = {e: float(np.hypot(*(pts[e[0]] - pts[e[1]]))) for e in cand}
    tree = _mst_edges(pts)
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_weighted_edges_from((a, b, length.get((a, b), float(np.hypot(*(pts[a] - pts[b])))))
                              for a, b in tree)
    kept = list(tree)
    for e in sorted((e for e in cand if e not in set(tree)), key=lambda e: (length[e], e)):
        path = nx.dijkstra_path_length(g, e[0], e[1])
        if path > defaults.TRUNK_SHORTCUT_RATIO * length[e]:
            g.add_edge(e[0], e[1], weight=length[e])
            kept.append(e)
    return sorted(kept)


def synthetic_county(*, seed: int, n_townships: int = defaults.N_TOWNSHIPS,
                     villages_per_township: int = defaults.VILLAGES_PER_TOWNSHIP,
                     area_km2: float = defaults.AREA_KM2, terrain: str = defaults.DEFAULT_TERRAIN,
                     population_per_village: int = defaults.POPULATION_PER_VILLAGE,
                     population_log_sigma: float = defaults.VILLAGE_POPULATION_LOG_SIGMA) -> Geography:
    """Generate a synthetic county (see module docstring); deterministic for ``seed``.

    Returns a :class:`Geography` with 1 + n_townships + n_townships × villages_per_township
    facilities, node keys "C0", "T01", "T01-V03", names "County seat", "Township 1",
    "Village 1-3", coordinates in km with the hub at (0, 0), ``synthetic_roads=True``.
    Raises :class:`GeographyError` for bad arguments.
    """
    _check_args(seed, n_townships, villages_per_township, area_km2, terrain, population_per_village)
    rng = np.random.default_rng(seed)
    radius = math.sqrt(area_km2 / math.pi)
    circuity = defaults.TERRAIN_CIRCUITY[terrain]
    speed_factor = defaults.TERRAIN_SPEED_FACTOR[terrain]
    town_xy = _place_townships(rng, n_townships, radius)
    # Villages are placed for plain-terrain circuity whatever the terrain, so a seed gives the
    # same map on every terrain and hilly/mountain roads are longer as well as slower.
    vill_xy = [_place_villages(rng, town_xy[t], villages_per_township, radius,
                               defaults.TERRAIN_CIRCUITY["plain"])
               for t in range(n_townships)]

    wt = len(str(n_townships))
    wv = len(str(villages_per_township))
    ids = ["C0"] + [f"T{t + 1:0{wt}d}" for t in range(n_townships)]
    names = ["County seat"] + [f"Township {t + 1}" for t in range(n_townships)]
    tiers = [TIER_COUNTY] + [TIER_TOWNSHIP] * n_townships
    xy = [np.zeros(2)] + list(town_xy)
    town_of: list[str] = ["", *([""] * n_townships)]
    for t in range(n_townships):
        for v in range(villages_per_township):
            ids.append(f"{ids[t + 1]}-V{v + 1:0{wv}d}")
            names.append(f"Village {t + 1}-{v + 1}")
            tiers.append(TIER_VILLAGE)
            xy.append(vill_xy[t][v])
            town_of.append(ids[t + 1])
    xy_arr = np.array(xy, dtype=np.float64)

    g = nx.Graph()
    for i, fid in enumerate(ids):
        g.add_node(fid, x_km=float(xy_arr[i, 0]), y_km=float(xy_arr[i, 1]))

    def road(a: str, b: str, pa: np.ndarray, pb: np.ndarray, cls: str) -> None:
        length = max(float(np.hypot(*(pa - pb))) * circuity, 1e-6)
        speed = defaults.SPEED_KMH[cls] * speed_factor
        g.add_edge(a, b, length_km=length, road_class=cls, speed_kmh=speed, time_h=length / speed)

    hub_towns = xy_arr[: n_townships + 1]
    trunk = _trunk_edges(hub_towns)
    for a, b in trunk:
        road(ids[a], ids[b], hub_towns[a], hub_towns[b], "trunk")
    base = n_townships + 1
    for t in range(n_townships):
        pts = np.vstack([town_xy[t], vill_xy[t]])
        local = [ids[t + 1]] + [ids[base + t * villages_per_township + v] for v in range(villages_per_township)]
        edges = _prim_dijkstra_edges(pts, defaults.VILLAGE_TREE_ALPHA)
        n_children = np.bincount([a for a, _ in edges], minlength=len(pts))
        for a, b in edges:
            # a leaf village (no further village hangs on it): last link, "village" road
            cls = "village" if n_children[b] == 0 else "township"
            road(local[a], local[b], pts[a], pts[b], cls)
    if villages_per_township:
        for a, b in trunk:
            if a == 0 or b == 0:
                continue
            va, vb = vill_xy[a - 1], vill_xy[b - 1]
            d = np.hypot(va[:, None, 0] - vb[None, :, 0], va[:, None, 1] - vb[None, :, 1])
            i, j = np.unravel_index(int(np.argmin(d)), d.shape)
            ia = base + (a - 1) * villages_per_township + int(i)
            ib = base + (b - 1) * villages_per_township + int(j)
            if not g.has_edge(ids[ia], ids[ib]):
                road(ids[ia], ids[ib], xy_arr[ia], xy_arr[ib], "township")

    tier_arr = np.array(tiers, dtype=np.int8)
    # Village sizes: log-normal with mean population_per_village (drawn last, so a seed's
    # map is the same whatever the spread).
    n_vill = n_townships * villages_per_township
    sigma = float(population_log_sigma)
    sizes = population_per_village * rng.lognormal(-sigma ** 2 / 2.0, sigma, size=n_vill)
    pop = np.zeros(len(tier_arr), dtype=np.int64)
    pop[tier_arr == TIER_VILLAGE] = np.rint(sizes).astype(np.int64)
    id_arr = np.array(ids, dtype=object)
    return geography_from_graph(
        facility_id=id_arr, name=np.array(names, dtype=object), tier=tier_arr,
        x_km=xy_arr[:, 0], y_km=xy_arr[:, 1], population=pop, node=id_arr.copy(),
        township_id=np.array(town_of, dtype=object), graph=g, terrain=terrain,
        synthetic_roads=True,
        source=f"synthetic county (seed {int(seed)}, {terrain}, {n_townships} townships × "
               f"{villages_per_township} villages, {float(area_km2):g} km²)",
        where=_WHERE)
