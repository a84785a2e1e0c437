"""Per-village and per-lead-time tables of a run (``villages.csv``, ``lead_times.csv``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim import flows
from sim.flows import FlowTable


# Lead-time histogram bins: 2-hour bins up to a week; the last bin holds everything longer.
LEAD_TIME_BIN_H = 2.0
LEAD_TIME_MAX_H = 168.0


def lead_time_histogram(parcels: FlowTable) -> pd.DataFrame:
    """Delivered parcels per lead-time bin (hours), split into door drops and villager fetches."""

    done = parcels.status == flows.DONE
    lead = parcels.done_h[done] - parcels.created_h[done]
    door = parcels.door[done]
    edges = np.append(np.arange(0.0, LEAD_TIME_MAX_H + LEAD_TIME_BIN_H, LEAD_TIME_BIN_H), np.inf)
    door_n, _ = np.histogram(lead[door], bins=edges)
    fetched_n, _ = np.histogram(lead[~door], bins=edges)
    return pd.DataFrame({"lead_time_from_h": edges[:-1], "lead_time_to_h": edges[1:],
                         "parcels_door": door_n, "parcels_fetched": fetched_n})


def village_table(geo, parcels: FlowTable, produce: FlowTable, door_days: np.ndarray,
                  village_cost_yuan: np.ndarray, crop_prices: np.ndarray) -> pd.DataFrame:
    """One row per village: distance from the hub, volumes, lead time, door service, produce.

    ``snap_km`` is the straight-line km from the village's coordinates to the road node it
    was placed on (0 on synthetic roads); road km are counted from that node.

    Lead times are over parcels delivered to that village; ``door_service_days_share`` is
    the share of simulated days with a door delivery there; ``village_leg_cost_yuan`` is
    the village's share of the last leg (van rounds by weight handled, bus fees, drone
    flights, crowd fees); ``produce_sold_yuan`` values the produce shipped out at the
    crops' farm-gate prices.
    """
    villages = geo.villages
    nv = len(villages)
    pos = np.full(geo.n_facilities, -1, np.int64)
    pos[villages] = np.arange(nv)
    done = parcels.status == flows.DONE
    dest = pos[parcels.dest[done]]
    lead = parcels.done_h[done] - parcels.created_h[done]
    delivered = np.bincount(dest, minlength=nv)
    lead_sum = np.bincount(dest, weights=lead, minlength=nv)
    door = np.bincount(dest, weights=parcels.door[done].astype(float), minlength=nv)
    q_origin = pos[produce.origin]
    crop = produce.product < len(crop_prices)                  # not local sellers' parcels
    shipped = crop & (produce.status == flows.DONE) & (q_origin >= 0)
    spoiled = crop & (produce.status == flows.SPOILED) & (q_origin >= 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.DataFrame({
            "village_id": geo.facility_id[villages],
            "name": geo.name[villages],
            "township_id": geo.facility_id[geo.township[villages]],
            "hub_road_km": geo.dist_km[0, villages],
            "township_road_km": geo.dist_km[geo.township[villages], villages],
            "snap_km": geo.snap_km[villages],
            "population": geo.population[villages],
            "parcels_delivered": delivered,
            "lead_time_mean_h": lead_sum / delivered,
            "door_share": door / delivered,
            "door_service_days_share": door_days.mean(axis=0) if door_days.shape[0] else np.nan,
            "produce_shipped_kg": np.bincount(q_origin[shipped], weights=produce.weight_kg[shipped], minlength=nv),
            "produce_lost_kg": np.bincount(q_origin[spoiled], weights=produce.weight_kg[spoiled], minlength=nv),
            "produce_sold_yuan": np.bincount(q_origin[shipped], weights=produce.weight_kg[shipped]
                                             * crop_prices[produce.product[shipped]], minlength=nv),
            "village_leg_cost_yuan": village_cost_yuan[villages],
            "village_leg_cost_per_parcel_yuan": village_cost_yuan[villages] / delivered,
        })

