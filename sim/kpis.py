"""KPI bookkeeping: a ledger of the day's operations, daily KPI rows and the run summary.

Definitions (units in the names):

- ``cost_per_parcel_yuan``: operators' cost (vehicle fixed cost per day used + cost per
  km + handling at hub and station) over parcels delivered (at the door or fetched).
  It includes the cost of produce trips, which ride the same fleet.
- ``societal_cost_per_parcel_yuan``: the same plus villagers' own pickup trips (km ×
  cost per km + outlet fee per trip).
- ``lead_time_*_h``: hub arrival → available in the village (door drop, or the
  villager home with it), over parcels delivered.
- ``village_coverage``: share of villages served at the door at least once in the last
  ``coverage_window_days`` days, per day; the run value is the mean over days.
  ``village_coverage_every_window`` is the strict run value: share of villages served in
  every such window of the run.
- ``load_factor_down`` / ``_up``: Σ load·km / Σ capacity·km over all vehicle km, with the
  downstream (parcels) and upstream (produce) load.
- ``empty_km_share``: vehicle km driven with nothing on board / all vehicle km.
- ``spoilage_share``: lots spoiled / lots resolved (spoiled + shipped out); ``_weight`` by kg.
"""

from __future__ import annotations

import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim import flows
from sim.config import CostsConfig, PoliciesConfig, VehicleSpec
from sim.flows import FlowTable

SUMMARY_KEYS = (
    "cost_per_parcel_yuan", "lead_time_mean_h", "lead_time_p95_h", "village_coverage",
    "load_factor_down", "load_factor_up", "empty_km_share", "spoilage_share",
    "co2_kg_per_parcel", "parcels_created", "parcels_delivered", "parcels_waiting", "seed", "days",
)


class Timers:
    """Wall-clock seconds spent in named parts of a run (routing, flows, collection)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    @contextmanager
    def time(self, name: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - start


@dataclass
class DayLedger:
    """What happened on one simulated day; the model closes it into a KPI row."""

    costs: CostsConfig
    policies: PoliciesConfig = field(default_factory=PoliciesConfig)
    service_points: int = 0
    vehicle_km: float = 0.0
    empty_km: float = 0.0
    down_kg_km: float = 0.0
    up_kg_km: float = 0.0
    capacity_kg_km: float = 0.0
    fixed_cost_yuan: float = 0.0
    km_cost_yuan: float = 0.0
    handling_cost_yuan: float = 0.0
    co2_kg: float = 0.0
    tours: int = 0
    vehicles_used: int = 0
    parcels_sorted: int = 0
    hub_sort_wait_h_sum: float = 0.0
    delivered_door: int = 0
    delivered_fetched: int = 0
    lead_times_h: list[np.ndarray] = field(default_factory=list)
    villager_trips: float = 0.0
    villager_km: float = 0.0
    produce_shipped_lots: int = 0
    produce_shipped_kg: float = 0.0
    produce_spoiled_lots: int = 0
    produce_spoiled_kg: float = 0.0
    facility_cost_yuan: float = 0.0      # cold rooms, automatic sorting line (per day)
    bus_parcels: int = 0
    bus_fees_yuan: float = 0.0
    drone_flights: int = 0
    drone_cost_yuan: float = 0.0
    crowd_parcels: int = 0
    crowd_fees_yuan: float = 0.0

    # -- recorders ---------------------------------------------------------------------
    def tour(self, spec: VehicleSpec, legs_km: np.ndarray, delivery_kg: np.ndarray,
             pickup_kg: np.ndarray, fixed_cost: bool) -> float:
        """Record a tour (``legs_km`` has one more entry than the stops: the return).

        Returns the tour's cost in yuan: per km (plus refrigeration with a cold chain) and
        the vehicle's fixed cost for the day when this is its first tour of the day.
        """
        down = np.concatenate([[delivery_kg.sum()], delivery_kg.sum() - np.cumsum(delivery_kg)])
        up = np.concatenate([[0.0], np.cumsum(pickup_kg)])
        km = float(legs_km.sum())
        self.vehicle_km += km
        self.empty_km += float(legs_km[(down <= 1e-9) & (up <= 1e-9)].sum())
        self.down_kg_km += float((down * legs_km).sum())
        self.up_kg_km += float((up * legs_km).sum())
        self.capacity_kg_km += spec.capacity_kg * km
        cold = self.policies.cold_chain
        per_km = spec.cost_per_km_yuan + (cold.extra_cost_per_km_yuan if cold.enabled else 0.0)
        cost = per_km * km
        self.km_cost_yuan += cost
        self.co2_kg += spec.co2_kg_per_km * km
        self.tours += 1
        if fixed_cost:
            self.fixed_cost_yuan += spec.fixed_cost_per_day_yuan
            self.vehicles_used += 1
            cost += spec.fixed_cost_per_day_yuan
        return cost

    def facility_cost(self, yuan: float) -> None:
        self.facility_cost_yuan += yuan

    def bus_carried(self, n: int, fee_yuan: float) -> None:
        self.bus_parcels += n
        self.bus_fees_yuan += n * fee_yuan

    def drone_flight(self, cost_yuan: float, co2_kg: float) -> None:
        self.drone_flights += 1
        self.drone_cost_yuan += cost_yuan
        self.co2_kg += co2_kg

    def crowd_delivered(self, rows: np.ndarray, parcels: FlowTable, fee_yuan: float) -> None:
        self.crowd_parcels += len(rows)
        self.crowd_fees_yuan += len(rows) * fee_yuan
        self.delivered_door += len(rows)
        self.lead_times_h.append(parcels.done_h[rows] - parcels.created_h[rows])

    def hub_sorted(self, n: int, mean_wait_h: float) -> None:
        self.parcels_sorted += n
        self.hub_sort_wait_h_sum += n * mean_wait_h

    def handling(self, yuan: float) -> None:
        self.handling_cost_yuan += yuan

    def parcels_delivered(self, rows: np.ndarray, parcels: FlowTable) -> None:
        self.delivered_door += len(rows)
        self.lead_times_h.append(parcels.done_h[rows] - parcels.created_h[rows])

    def villager_pickups(self, rows: np.ndarray, parcels: FlowTable, trips: float, km: float) -> None:
        self.delivered_fetched += len(rows)
        self.lead_times_h.append(parcels.done_h[rows] - parcels.created_h[rows])
        self.villager_trips += trips
        self.villager_km += km

    def villager_trips_made(self, trips: int, km: float) -> None:
        """Villagers' own trips other than fetching parcels (taking produce to the township)."""
        self.villager_trips += trips
        self.villager_km += km

    def produce_shipped(self, rows: np.ndarray, produce: FlowTable) -> None:
        self.produce_shipped_lots += len(rows)
        self.produce_shipped_kg += float(produce.weight_kg[rows].sum())

    def produce_spoiled(self, rows: np.ndarray, produce: FlowTable) -> None:
        self.produce_spoiled_lots += len(rows)
        self.produce_spoiled_kg += float(produce.weight_kg[rows].sum())

    # -- derived -------------------------------------------------------------------------
    @property
    def delivered(self) -> int:
        return self.delivered_door + self.delivered_fetched

    @property
    def operator_cost_gross_yuan(self) -> float:
        """Everything the operators pay, before subsidies."""
        return (self.fixed_cost_yuan + self.km_cost_yuan + self.handling_cost_yuan + self.facility_cost_yuan
                + self.bus_fees_yuan + self.drone_cost_yuan + self.crowd_fees_yuan)

    @property
    def government_cost_yuan(self) -> float:
        """Subsidies paid: per parcel delivered, per tour operated, per service point."""
        sub = self.policies.subsidy
        return (sub.per_parcel_yuan * self.delivered + sub.per_route_yuan * self.tours
                + sub.per_service_point_per_day_yuan * self.service_points)

    @property
    def operator_cost_yuan(self) -> float:
        """What the operators bear: gross cost less subsidies."""
        return self.operator_cost_gross_yuan - self.government_cost_yuan

    @property
    def villager_cost_yuan(self) -> float:
        c = self.costs
        return self.villager_km * c.villager_cost_per_km_yuan + self.villager_trips * c.villager_pickup_fee_yuan


def _ratio(num: float, den: float) -> float:
    return float(num / den) if den > 0 else float("nan")


def day_row(day: int, ledger: DayLedger, coverage: float, parcels: FlowTable, produce: FlowTable,
            created_today: int) -> dict[str, float]:
    """One row of the daily KPI table (all values floats or ints, units in the names)."""
    lead = np.concatenate(ledger.lead_times_h) if ledger.lead_times_h else np.empty(0)
    pc = parcels.counts()
    qc = produce.counts()
    resolved_lots = ledger.produce_shipped_lots + ledger.produce_spoiled_lots
    resolved_kg = ledger.produce_shipped_kg + ledger.produce_spoiled_kg
    return {
        "day": day,
        "parcels_created": created_today,
        "parcels_delivered": ledger.delivered,
        "parcels_delivered_door": ledger.delivered_door,
        "parcels_fetched_by_villagers": ledger.delivered_fetched,
        "parcels_waiting": int(pc[flows.WAITING]),
        "parcels_in_vehicles": int(pc[flows.IN_VEHICLE]),
        "operator_cost_yuan": ledger.operator_cost_yuan,
        "operator_cost_gross_yuan": ledger.operator_cost_gross_yuan,
        "government_cost_yuan": ledger.government_cost_yuan,
        "cost_per_parcel_yuan": _ratio(ledger.operator_cost_yuan, ledger.delivered),
        "bus_parcels": ledger.bus_parcels,
        "bus_fees_yuan": ledger.bus_fees_yuan,
        "drone_flights": ledger.drone_flights,
        "drone_cost_yuan": ledger.drone_cost_yuan,
        "crowd_parcels": ledger.crowd_parcels,
        "crowd_fees_yuan": ledger.crowd_fees_yuan,
        "villager_cost_yuan": ledger.villager_cost_yuan,
        "societal_cost_per_parcel_yuan": _ratio(ledger.operator_cost_yuan + ledger.villager_cost_yuan,
                                                ledger.delivered),
        "lead_time_mean_h": float(lead.mean()) if len(lead) else float("nan"),
        "lead_time_p95_h": float(np.percentile(lead, 95)) if len(lead) else float("nan"),
        "hub_sort_wait_mean_h": _ratio(ledger.hub_sort_wait_h_sum, ledger.parcels_sorted),
        "village_coverage": coverage,
        "load_factor_down": _ratio(ledger.down_kg_km, ledger.capacity_kg_km),
        "load_factor_up": _ratio(ledger.up_kg_km, ledger.capacity_kg_km),
        "vehicle_km": ledger.vehicle_km,
        "empty_km": ledger.empty_km,
        "down_kg_km": ledger.down_kg_km,
        "up_kg_km": ledger.up_kg_km,
        "capacity_kg_km": ledger.capacity_kg_km,
        "empty_km_share": _ratio(ledger.empty_km, ledger.vehicle_km),
        "tours": ledger.tours,
        "vehicles_used": ledger.vehicles_used,
        "co2_kg": ledger.co2_kg,
        "co2_kg_per_parcel": _ratio(ledger.co2_kg, ledger.delivered),
        "villager_pickup_km": ledger.villager_km,
        "produce_created_lots": int(qc.sum()),
        "produce_shipped_lots": ledger.produce_shipped_lots,
        "produce_spoiled_lots": ledger.produce_spoiled_lots,
        "produce_waiting_lots": int(qc[flows.WAITING] + qc[flows.IN_VEHICLE]),
        "spoilage_share": _ratio(ledger.produce_spoiled_lots, resolved_lots),
        "spoilage_share_weight": _ratio(ledger.produce_spoiled_kg, resolved_kg),
    }


def coverage_share(door_days: np.ndarray, window_days: int) -> float:
    """Share of villages with a door visit in every window of ``window_days`` days.

    ``door_days`` is a (days, villages) boolean matrix of door visits. With fewer days
    than the window, a village counts as covered if it was visited at all.
    """
    days = door_days.shape[0]
    if days == 0:
        return float("nan")
    w = min(window_days, days)
    csum = np.vstack([np.zeros((1, door_days.shape[1]), np.int64), np.cumsum(door_days, axis=0)])
    visits_per_window = csum[w:] - csum[:-w]          # (days - w + 1, villages)
    return float(np.mean((visits_per_window > 0).all(axis=0)))


def run_summary(daily, parcels: FlowTable, produce: FlowTable, door_days: np.ndarray,
                window_days: int, seed: int, days: int) -> dict[str, float | int]:
    """Whole-run KPIs from totals (ratios of sums, not means of daily ratios)."""
    tot = daily.sum(numeric_only=True)
    done = parcels.status == flows.DONE
    lead = parcels.done_h[done] - parcels.created_h[done]
    pc = parcels.counts()
    resolved = tot["produce_shipped_lots"] + tot["produce_spoiled_lots"]
    pstat = produce.status
    shipped_kg = float(produce.weight_kg[pstat == flows.DONE].sum())
    spoiled_kg = float(produce.weight_kg[pstat == flows.SPOILED].sum())
    delivered = int(tot["parcels_delivered"])
    return {
        "cost_per_parcel_yuan": _ratio(tot["operator_cost_yuan"], delivered),
        "societal_cost_per_parcel_yuan": _ratio(tot["operator_cost_yuan"] + tot["villager_cost_yuan"], delivered),
        "operator_cost_yuan": float(tot["operator_cost_yuan"]),
        "operator_cost_gross_yuan": float(tot["operator_cost_gross_yuan"]),
        "cost_per_parcel_gross_yuan": _ratio(tot["operator_cost_gross_yuan"], delivered),
        "government_cost_yuan": float(tot["government_cost_yuan"]),
        "subsidy_per_parcel_yuan": _ratio(tot["government_cost_yuan"], delivered),
        "hub_sort_wait_peak_h": float(daily["hub_sort_wait_mean_h"].max()),
        "bus_parcels": int(tot["bus_parcels"]),
        "drone_flights": int(tot["drone_flights"]),
        "crowd_parcels": int(tot["crowd_parcels"]),
        "villager_cost_yuan": float(tot["villager_cost_yuan"]),
        "lead_time_mean_h": float(lead.mean()) if len(lead) else float("nan"),
        "lead_time_p95_h": float(np.percentile(lead, 95)) if len(lead) else float("nan"),
        "village_coverage": float(daily["village_coverage"].mean()),
        "village_coverage_every_window": coverage_share(door_days, window_days),
        "load_factor_down": _ratio(tot["down_kg_km"], tot["capacity_kg_km"]),
        "load_factor_up": _ratio(tot["up_kg_km"], tot["capacity_kg_km"]),
        "empty_km_share": _ratio(tot["empty_km"], tot["vehicle_km"]),
        "spoilage_share": _ratio(tot["produce_spoiled_lots"], resolved),
        "spoilage_share_weight": _ratio(spoiled_kg, shipped_kg + spoiled_kg),
        "co2_kg_per_parcel": _ratio(tot["co2_kg"], delivered),
        "vehicle_km": float(tot["vehicle_km"]),
        "villager_pickup_km": float(tot["villager_pickup_km"]),
        "parcels_created": int(parcels.n),
        "parcels_delivered": delivered,
        "parcels_delivered_door_share": _ratio(tot["parcels_delivered_door"], delivered),
        "parcels_waiting": int(pc[flows.WAITING]),
        "parcels_in_vehicles": int(pc[flows.IN_VEHICLE]),
        "produce_lots_created": int(produce.n),
        "produce_shipped_lots": int(tot["produce_shipped_lots"]),
        "produce_spoiled_lots": int(tot["produce_spoiled_lots"]),
        "seed": seed,
        "days": days,
    }


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
    shipped = produce.status == flows.DONE
    spoiled = produce.status == flows.SPOILED
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.DataFrame({
            "village_id": geo.facility_id[villages],
            "name": geo.name[villages],
            "township_id": geo.facility_id[geo.township[villages]],
            "hub_road_km": geo.dist_km[0, villages],
            "township_road_km": geo.dist_km[geo.township[villages], villages],
            "population": geo.population[villages],
            "parcels_delivered": delivered,
            "lead_time_mean_h": lead_sum / delivered,
            "door_share": door / delivered,
            "door_service_days_share": door_days.mean(axis=0) if door_days.shape[0] else np.nan,
            "produce_shipped_kg": np.bincount(q_origin[shipped], weights=produce.weight_kg[shipped], minlength=nv),
            "produce_spoiled_kg": np.bincount(q_origin[spoiled], weights=produce.weight_kg[spoiled], minlength=nv),
            "produce_sold_yuan": np.bincount(q_origin[shipped], weights=produce.weight_kg[shipped]
                                             * crop_prices[produce.kind[shipped]], minlength=nv),
            "village_leg_cost_yuan": village_cost_yuan[villages],
            "village_leg_cost_per_parcel_yuan": village_cost_yuan[villages] / delivered,
        })


def equity_kpis(villages: pd.DataFrame, government_cost_yuan: float) -> dict[str, float]:
    """Gaps between the farthest and the nearest quarter of villages (by road km from the
    hub), produce income per village, and subsidy per resident of door-served villages."""
    far_cut, near_cut = villages["hub_road_km"].quantile([0.75, 0.25])
    far = villages[villages["hub_road_km"] >= far_cut]
    near = villages[villages["hub_road_km"] <= near_cut]

    def per_parcel(df) -> float:
        return _ratio(df["village_leg_cost_yuan"].sum(), df["parcels_delivered"].sum())

    def lead(df) -> float:
        return _ratio((df["lead_time_mean_h"] * df["parcels_delivered"]).sum(), df["parcels_delivered"].sum())

    served_pop = villages.loc[villages["door_service_days_share"] > 0, "population"].sum()
    return {
        "lead_time_gap_far_near_h": lead(far) - lead(near),
        "cost_gap_far_near_yuan": per_parcel(far) - per_parcel(near),
        "produce_sold_yuan_per_village": float(villages["produce_sold_yuan"].mean()),
        "subsidy_per_served_villager_yuan": _ratio(government_cost_yuan, float(served_pop)),
    }
