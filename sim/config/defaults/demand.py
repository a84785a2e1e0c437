"""Downstream demand (工业品下乡): parcels per resident, the calendar, the parcel mix.

Part of :mod:`sim.config.defaults`; cited rows are in ``../shared/reference/figures.md``."""

from __future__ import annotations

# Downstream parcels per village per day 15–50 (figures.md §2.2 synthesis; Taojiang 16–22,
# Inner Mongolia ≈ 43). 30 per village of 940 residents gives the rate per resident.
PARCELS_PER_RESIDENT_PER_DAY = 30.0 / 940.0
# Weekly pattern, Monday first. ASSUMPTION (no rural figure found): weekend orders arrive
# at the hub after the weekend, so Monday–Tuesday run higher. Mean is 1.
WEEKDAY_FACTOR = (1.15, 1.10, 1.00, 0.95, 0.95, 0.90, 0.95)
# Shopping festivals: (month, day, peak factor, half-width in days). Singles' Day ≈ 2× a
# normal day (figures.md §2.2, Pingba village ZTO 500 → 1,000, grade A). 618 is
# ASSUMPTION (×1.5). The peak decays linearly to 1 over the half-width.
FESTIVALS = ((11, 11, 2.0, 4), (6, 18, 1.5, 3))
# Spring Festival dip: couriers stop for about a week (ASSUMPTION ×0.5, late Jan–Feb).
SPRING_FESTIVAL = (2, 1, 0.5, 7)
# Parcel mix. Consumer goods: mean weight ASSUMPTION 1.5 kg (typical e-commerce parcel).
# Farm inputs (农资: seed, fertiliser, pesticide): ASSUMPTION 5 % of parcels outside the
# spring planting season, 15 % in March–May, mean 10 kg.
CONSUMER_PARCEL_KG = 1.5
FARM_INPUT_PARCEL_KG = 10.0
FARM_INPUT_SHARE = 0.05
FARM_INPUT_SHARE_SPRING = 0.15
SPRING_MONTHS = (3, 4, 5)
# Weights are gamma-distributed around those means; the shape sets the spread
# (ASSUMPTION: coefficient of variation 1/√shape ≈ 0.71 for parcels, 0.5 for produce lots).
PARCEL_WEIGHT_GAMMA_SHAPE = 2.0
LOT_WEIGHT_GAMMA_SHAPE = 4.0
# Volume: consumer goods ≈ 150 kg/m³ (ASSUMPTION: express volumetric weight counts 6,000 cm³
# per kg, i.e. 167 kg/m³, and e-commerce parcels are often lighter); farm inputs ≈ 500 kg/m³
# (ASSUMPTION: bagged fertiliser and seed); produce lots ≈ 350 kg/m³ (ASSUMPTION: fruit and
# vegetables in crates).
CONSUMER_PARCEL_KG_PER_M3 = 150.0
FARM_INPUT_PARCEL_KG_PER_M3 = 500.0
PRODUCE_KG_PER_M3 = 350.0
# Order → county hub: ASSUMPTION 36 h. Before integration an order reaches a village in
# 2–3 days (figures.md §2.6, A) and 84 % of parcels in key regions arrive within 72 h
# (§2.6, C), which leaves ≈ 1–2 days for the trip to the county hub.
ORDER_TO_HUB_H = 36.0
# Linehaul arrivals at the county hub: (hour of day, share of the day's parcels).
# ASSUMPTION: an overnight trunk from the provincial hub and an afternoon one.
HUB_ARRIVALS = ((4.0, 0.7), (14.0, 0.3))
