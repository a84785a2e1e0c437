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

from sim.kpis.daily import day_row
from sim.kpis.ledger import DayLedger
from sim.kpis.summary import coverage_share, equity_kpis, run_summary
from sim.kpis.villages import lead_time_histogram, village_table

__all__ = ["DayLedger", "SUMMARY_KEYS", "coverage_share", "day_row", "equity_kpis", "lead_time_histogram",
           "run_summary", "village_table"]

SUMMARY_KEYS = (
    "cost_per_parcel_yuan", "lead_time_mean_h", "lead_time_p95_h", "village_coverage",
    "load_factor_down", "load_factor_up", "empty_km_share", "spoilage_share",
    "co2_kg_per_parcel", "parcels_created", "parcels_delivered", "parcels_waiting", "seed", "days",
)
