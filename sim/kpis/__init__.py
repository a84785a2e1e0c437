"""KPIs: one registry of every indicator (:mod:`.registry`, with its definition), the day's
ledger agents record into (:mod:`.ledger`), daily rows (:mod:`.daily`), the run summary
(:mod:`.summary`) and the per-village and lead-time tables (:mod:`.villages`)."""

from sim.kpis import registry
from sim.kpis.daily import day_row, model_reporters
from sim.kpis.ledger import Ledger
from sim.kpis.summary import equity_kpis, keeper_kpis, run_summary, warmup_days
from sim.kpis.villages import lead_time_histogram, village_table

__all__ = ["SUMMARY_KEYS", "day_row", "Ledger", "equity_kpis", "keeper_kpis", "lead_time_histogram",
           "model_reporters", "registry", "run_summary", "village_table", "warmup_days"]

# Keys every run summary has (see sim.kpis.registry).
SUMMARY_KEYS = tuple(k.key for k in registry.SUMMARY)
