"""Upstream flows (农产品进城): crops, their calendar and the produce's way out of the county.

Part of :mod:`sim.config.defaults`; cited rows are in ``../shared/reference/figures.md``."""

from __future__ import annotations

# Down:up about 4:1 to 10:1 for ordinary villages (figures.md §2.3, "modelling suggestion,
# not sourced"). Crops: (name, first month, last month, lots per village per day in
# season, kg per lot, shelf life in hours). ASSUMPTION, a generic central-China calendar:
# leafy vegetables are grown all year round (winter greens), fruit and tea are seasonal.
# Shelf life without cold chain: leafy greens ≈ 2 days, fruit ≈ 5 days (ASSUMPTION; cf.
# figures.md §5.1: 20–30 % loss of fruit and vegetables in circulation).
CROPS = (
    ("leafy_vegetables", 1, 12, 1.5, 15.0, 48.0),
    ("fruit", 7, 11, 2.0, 20.0, 120.0),
    ("tea", 4, 5, 1.0, 5.0, 720.0),
)
# Harvest months when villagers are busy (crowdsourced capacity drops): ASSUMPTION,
# the fruit and tea seasons.
HARVEST_MONTHS = (4, 5, 7, 8, 9, 10, 11)
# Produce leaves the county on the outbound linehaul at this hour (ASSUMPTION).
HUB_OUTBOUND_HOUR = 20.0
# Produce lots become ready for collection at this hour of their day (ASSUMPTION).
PRODUCE_READY_HOUR = 7.0
