"""KPIs and runs: coverage window, warm-up, default run length, seed and start date.

Part of :mod:`sim.config.defaults`; cited rows are in ``../shared/reference/figures.md``."""

from __future__ import annotations

# A village counts as covered when it is served at the door at least every N days.
COVERAGE_WINDOW_DAYS = 2
# Run KPIs leave out the first days, when the county starts empty (ASSUMPTION: a week;
# at most half the run).
WARMUP_DAYS = 7
# Default run length for the CLI and the default seed.
DAYS = 60
SEED = 42
START_DATE = "2025-01-01"
