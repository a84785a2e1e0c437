"""What the app's map draws, as plain JSON-able data for the canvas component (``county_map.vue``).

Three layers, each computed as rarely as it changes:

- :func:`road_layer` — roads by class and the facilities' places: once per county (the
  page keeps it while the geography is the same; the browser draws it on a canvas of its
  own and never again until the county changes).
- :func:`service_layer` — rural bus lines and drone routes: once per model (levers change
  them; a reset builds a new model).
- :func:`state_layer` — per step: each facility's parcels waiting and door service,
  villages' parcels delivered, and the vehicles out on a tour with their load.

Coordinates are km east / north, as in :class:`~sim.geography.Geography`.
"""

from __future__ import annotations

import numpy as np

from sim import flows
from sim.geography.facilities import TIER_COUNTY, TIER_TOWNSHIP
from sim.outputs.maps import OTHER_ROAD_STYLE, ROAD_STYLE

# Decimals kept in coordinates sent to the browser (0.1 m is plenty for a county map).
_DECIMALS = 4
# Vehicle kinds by how the map colours them (index sent to the browser).
VEHICLE_KINDS = ("truck", "van", "bus", "drone", "other")


def _flat(a: np.ndarray) -> list[float]:
    return np.round(np.asarray(a, dtype=float), _DECIMALS).ravel().tolist()


def road_layer(geo) -> dict:
    """Roads by class (flat ``[x1, y1, x2, y2, …]`` per class, drawn from the smallest class up),
    the county's bounds, and each facility's place, tier and name."""
    g = geo.graph
    nodes = list(g.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    xy = np.array([(g.nodes[n]["x_km"], g.nodes[n]["y_km"]) for n in nodes], dtype=float).reshape(-1, 2)
    by_class: dict[str, list[tuple[int, int]]] = {}
    for a, b, d in g.edges(data=True):
        by_class.setdefault(str(d.get("road_class", "other")), []).append((index[a], index[b]))
    classes = [c for c in ROAD_STYLE if c in by_class] + sorted(set(by_class) - set(ROAD_STYLE))
    roads = []
    for cls in classes:
        pairs = np.array(by_class[cls], dtype=np.int64)
        color, width = ROAD_STYLE.get(cls, OTHER_ROAD_STYLE)
        roads.append({"cls": cls, "color": color, "width": width,
                      "xy": _flat(np.stack([xy[pairs[:, 0]], xy[pairs[:, 1]]], axis=1))})
    fx, fy = geo.x_km.astype(float), geo.y_km.astype(float)
    all_x = np.concatenate([xy[:, 0], fx]) if len(xy) else fx
    all_y = np.concatenate([xy[:, 1], fy]) if len(xy) else fy
    return {
        "roads": roads,
        "bounds": [float(all_x.min()), float(all_y.min()), float(all_x.max()), float(all_y.max())],
        "x": _flat(fx), "y": _flat(fy),
        "tier": [int(t) for t in geo.tier],
        "name": [str(n) for n in geo.name],
    }


def service_layer(model) -> dict:
    """Rural bus lines (each a flat polyline township → stops → township) and drone routes
    (flat township–village segments), when those levers are on."""
    geo = model.geography
    x, y = geo.x_km.astype(float), geo.y_km.astype(float)
    bus = []
    for line in model.network.bus_lines:
        path = np.concatenate([[line.township], line.stops, [line.township]]).astype(np.int64)
        bus.append(_flat(np.column_stack([x[path], y[path]])))
    drone_villages = np.flatnonzero(model.network.drone_served)
    towns = geo.township[drone_villages]
    drones = _flat(np.column_stack([x[towns], y[towns], x[drone_villages], y[drone_villages]]))
    return {"bus": bus, "drone": drones, "service_point": model.network.has_service_point.astype(int).tolist()}


def _vehicle_kind(name: str) -> int:
    return VEHICLE_KINDS.index(name) if name in VEHICLE_KINDS else len(VEHICLE_KINDS) - 1


def vehicles_on_tour(model) -> list[float]:
    """Vehicles out on a tour as flat ``[x, y, parcels, lots, kind, next_x, next_y, …]``.

    A vehicle is placed from its tour's timetable (:meth:`~sim.model.vehicles.Vehicle.where`):
    on the straight line from the stop it reached last to the next one, by the share of the
    leg's driving time already gone (the route follows the roads; the map shows the chord).
    """
    from sim.model.vehicles import Vehicle

    geo = model.geography
    now_h = model.now_h
    out: list[float] = []
    for v in model.agents_by_type.get(Vehicle, ()):
        if v.free_at_h <= now_h:           # back at base: drawn as part of its facility
            continue
        here, nxt, arrive_h, on_board = v.where(now_h)
        leg_h = float(geo.time_h[here, nxt]) / max(v.spec.speed_factor, 1e-9)
        done = 1.0 - (arrive_h - now_h) / leg_h if leg_h > 0 else 1.0
        done = min(max(done, 0.0), 1.0)
        px = geo.x_km[here] + done * (geo.x_km[nxt] - geo.x_km[here])
        py = geo.y_km[here] + done * (geo.y_km[nxt] - geo.y_km[here])
        out += [round(float(px), _DECIMALS), round(float(py), _DECIMALS), on_board,
                int(v.cargo_produce), _vehicle_kind(v.vehicle_name),
                round(float(geo.x_km[nxt]), _DECIMALS), round(float(geo.y_km[nxt]), _DECIMALS)]
    return out


def state_layer(model) -> dict:
    """Per facility: parcels waiting there now; for villages, parcels on their way to it (waiting
    at the hub or a station, or on a vehicle), the share of completed days with door service
    (-1 before the first day closes, and for the hub and townships) and parcels delivered so
    far; and the vehicles on tour (see :func:`vehicles_on_tour`)."""
    geo = model.geography
    n = geo.n_facilities
    waiting = [int(f.parcels_waiting) for f in model.facility_agents]
    door = np.full(n, -1.0)
    days = model.days_done
    if days:
        door[geo.villages] = model.ledger.door_days(days).mean(axis=0)
    parcels = model.parcels
    done = (parcels.status == flows.DONE) & (parcels.done_h <= model.now_h)   # vans hand over ahead of time
    delivered = np.bincount(parcels.dest[done], minlength=n)
    on_the_way = np.bincount(parcels.dest[~done], minlength=n)
    for counts in (delivered, on_the_way):
        counts[geo.tier == TIER_COUNTY] = 0
        counts[geo.tier == TIER_TOWNSHIP] = 0
    return {"waiting": waiting, "door": np.round(door, 3).tolist(), "delivered": delivered.astype(int).tolist(),
            "on_the_way": on_the_way.astype(int).tolist(),
            "vehicles": vehicles_on_tour(model), "day": int(model.day), "time_h": round(float(model.now_h), 3)}
