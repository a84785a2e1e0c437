"""Upstream flows (农产品进城): crops, their calendar, produce quality and how farmers respond
to the service, local sellers' parcels, and the produce's way out of the county.

Part of :mod:`sim.config.defaults`; cited rows are in ``../shared/reference/figures.md``.
Figures marked "(found: …)" come from public texts outside that file; they are
ASSUMPTIONS informed by the text named, so every one of them is a scenario key.
"""

from __future__ import annotations

# Down:up about 4:1 to 10:1 for ordinary villages (figures.md §2.3, "modelling suggestion,
# not sourced"). Crops: (name, first month, last month, lots per village per day in
# season, kg per lot, shelf life in hours at 20 °C, share of the harvest graded out).
# Calendar ASSUMPTION, a generic central-China one: leafy vegetables all year round (winter
# greens), fruit and tea in season.
# Shelf life at 20 °C, from harvest until a lot can no longer be sold on (ASSUMPTIONS
# within found ranges): leafy greens 3 days (found: Chinese cabbage 2–4 days at 20 °C,
# Western Australia DPIRD, A; Asian leafy vegetables 1.5–7.5 days at 20 °C, O'Hare et al.
# 2001, Acta Hort. 553, B); fruit 4 days (found: peach 14–28 days at 0 °C and grapes 1–4
# weeks, USDA Handbook 66, B, which is 2–4 days at 20 °C by the table below; ripe peach 1–2
# days at room temperature, C; kiwifruit and citrus keep far longer); tea is made tea
# (dried), a month.
# Graded out at harvest (counted apart from losses in the logistics chain): fruit 17 %
# (found: 17.1 % of China's apple harvest lost, mainly to grading on looks, Waste Manag.
# Res. 2024, B); leafy greens 10 %, tea 0 (ASSUMPTIONS).
CROPS = (
    ("leafy_vegetables", 1, 12, 1.5, 15.0, 72.0, 0.10),
    ("fruit", 7, 11, 2.0, 20.0, 96.0, 0.17),
    ("tea", 4, 5, 1.0, 5.0, 720.0, 0.0),
)
# Quality. A lot's quality is the share of its shelf life left: 1 at harvest, lost at 0.
# It falls at a rate that grows with temperature: relative deterioration rate of a typical
# perishable at 0/10/20/30/40 °C = 1/3/7.5/15/22.5 (Saltveit after USDA Handbook 66, in
# Lamikanra & Imam, Produce Degradation, table 20.4, B; Q10 ≈ 3, 2.5, 2, 1.5 per band),
# linear in between. Shelf lives above are at SHELF_LIFE_REFERENCE_C.
RELATIVE_DECAY_BY_TEMP_C = ((0.0, 1.0), (10.0, 3.0), (20.0, 7.5), (30.0, 15.0), (40.0, 22.5))
SHELF_LIFE_REFERENCE_C = 20.0
# Air temperature, monthly means January–December, °C: Wuhan, mean of 2008 and 2009 (NBS
# China Statistical Yearbooks 2009 and 2010, tables of monthly mean temperature, A; two
# single years, not climate normals). Produce waits at the air temperature of the day
# (interpolated between mid-months) unless it is in a cold room or a refrigerated vehicle.
MONTHLY_MEAN_TEMP_C = (2.9, 7.0, 13.2, 18.4, 23.4, 27.2, 29.8, 28.8, 25.0, 20.1, 10.6, 6.5)
# Lots differ (ripeness, bruising, the variety): each lot's rate is the crop's times a
# log-normal factor of mean 1 (ASSUMPTION σ = 0.3 of the log: one lot in six keeps ≈ 25 %
# shorter than the crop's shelf life).
LOT_DECAY_LOG_SIGMA = 0.3
# Field heat: a cold room or a refrigerated vehicle holds a temperature but cools warm
# produce slowly; a lot put in cold without pre-cooling spends its first hours at the air
# temperature (ASSUMPTION 12 h; found: forced-air pre-coolers are designed to cool in ≤ 6 h,
# vacuum coolers lettuce 25 → 3 °C in ≈ 20 min, C; "each hour before cooling costs about a
# day of shelf life", UC Davis guidance via Farm Progress, C).
COLD_PULL_DOWN_H = 12.0

# Farmers ship more online when collection is quick and reliable (农产品上行 follows the
# service). Each village's supply factor (× the crop calendar's lots) moves every day a
# share SUPPLY_ADJUST_PER_DAY of the way towards
#     (kg shipped / kg resolved) × (SUPPLY_REFERENCE_LEAD_H / lead time to leave the county)^ε
# over the lots resolved that day, capped at SUPPLY_FACTOR_MAX. ASSUMPTIONS, every one: no
# elasticity of farmers' online sales to collection time or frequency was found (a search of
# rural-China studies found none; Couture et al. 2021, AER: Insights, B, find little income
# gain for producers from e-commerce access); ε = 0.3 is a low time elasticity, lost lots
# cut supply one for one (farmers earn nothing on them); the calendar's rates are what
# farmers ship at a next-day (24 h) service; they adjust over about a month; online
# sales can at most double (the rest of the harvest goes to local markets). The reference
# to check against, not to tune to: rural bus integration raised outbound parcels ≈ +30 %
# on Hunan's 630 routes (figures.md §3, B).
SUPPLY_LEAD_TIME_ELASTICITY = 0.3
SUPPLY_REFERENCE_LEAD_H = 24.0
SUPPLY_ADJUST_PER_DAY = 1.0 / 30.0
SUPPLY_FACTOR_MAX = 2.0

# Local sellers' outbound parcels (农村电商卖家: village shops and households selling
# processed food, crafts, dried goods online), handed in at the village service point or the
# township outlet like produce, all year round. ASSUMPTIONS: 2 parcels per village and 10 per
# township a day, of 1.5 kg (a consumer parcel). With produce this puts the default county's
# down:up ratio at ≈ 9:1 in winter and ≈ 5:1 in the fruit season, inside the 4:1–10:1 that
# figures.md §2.3 suggests for ordinary villages (a modelling suggestion, not a source).
# Sellers respond to the service as farmers do (same rule, their own factor).
SELLER_PARCELS_PER_VILLAGE_PER_DAY = 2.0
SELLER_PARCELS_PER_TOWNSHIP_PER_DAY = 10.0
SELLER_PARCEL_KG = 1.5

# Harvest months when villagers are busy (crowdsourced capacity drops): ASSUMPTION,
# the fruit and tea seasons.
HARVEST_MONTHS = (4, 5, 7, 8, 9, 10, 11)
# Produce leaves the county on the outbound linehaul at this hour (ASSUMPTION).
HUB_OUTBOUND_HOUR = 20.0
# Produce lots become ready for collection at this hour of their day (ASSUMPTION).
PRODUCE_READY_HOUR = 7.0
