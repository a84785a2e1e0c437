"""Policy levers (``[policies.*]``): every lever's figures; all are off by default.

Part of :mod:`sim.config.defaults`; cited rows are in ``../shared/reference/figures.md``."""

from __future__ import annotations

# Every lever is off in the defaults; the scenario files in scenarios/ switch them on.
# Passenger–freight–postal integration (客货邮融合): rural bus lines carry parcels from
# the township station to the villages on their line.
#   Yucheng: 45 buses on 28 routes carry ≈ 20,000 parcels/day ≈ 440 per bus per day
#   (figures.md §2.2, A) → ≈ 150 per trip; at ≈ 1.9 kg a parcel ≈ 250 kg spare per trip.
#   Taojiang: bus operators earn > 100,000 yuan/month on 110–150 k parcels/month
#   (figures.md §2.7, B/C) → ≈ 0.8 yuan per parcel paid to the bus operator.
#   Line length ≈ 27.6 km (Yongkang K303, figures.md §1.4, B). Lines per township, the
#   share of villages on a line and the timetable are ASSUMPTIONS.
BUS_LINES_PER_TOWNSHIP = 2
BUS_VILLAGE_SHARE = 0.6
BUS_DEPARTURE_HOURS = (8.5, 12.5, 16.5)
BUS_SPARE_CAPACITY_KG = 250.0
BUS_FEE_YUAN_PER_PARCEL = 0.8
BUS_SPEED_FACTOR = 0.8          # buses stop for passengers (ASSUMPTION)
# Postal–express cooperation (邮快合作): brands hand village parcels to the postal network
# at the township for a fee ≈ the township delivery fee 0.6–0.7 yuan (figures.md §2.7, C).
POSTAL_EXPRESS_FEE_YUAN_PER_PARCEL = 0.65
# Crowdsourced idle capacity (众包): a villager going home from the township takes the
# village's parcels for ≈ 1 yuan each (courier pay ≈ 1 yuan per parcel, figures.md §2.7, C).
# Availability and load are ASSUMPTIONS; fewer people are free in harvest months.
CROWD_AVAILABILITY = 0.6
CROWD_AVAILABILITY_HARVEST = 0.3
CROWD_CAPACITY_PARCELS = 20
CROWD_FEE_YUAN_PER_PARCEL = 1.0
# Cold chain: cold rooms at the hub and the township stations and refrigerated vehicles on
# the tours that carry produce keep lots at 4 °C (ASSUMPTION; found: 0–4 °C storage and
# transit for leafy brassicas, Western Australia DPIRD, A; 0–7 °C for chilled fruit and
# vegetables in Chinese practice, C). At 4 °C produce keeps ≈ 4× as long as at 20 °C (the
# deterioration table in upstream.py); figures.md §5.1 (C): "extending shelf life from 1 to
# 3 days cuts losses 30–50 %". Refrigeration adds ≈ 0.4 yuan per km (ASSUMPTION, about a
# third of a van's running cost) and cold rooms ≈ 150 yuan/day each (ASSUMPTION).
COLD_TEMP_C = 4.0
COLD_EXTRA_COST_PER_KM_YUAN = 0.4
COLD_STORAGE_COST_PER_DAY_YUAN = 150.0
# Automatic sorting at the county hub: ASSUMPTION 10,000 parcels/h (small cross-belt
# line) for ≈ 3 M yuan over 10 years plus upkeep ≈ 1,000 yuan/day.
AUTO_SORT_PARCELS_PER_H = 10000.0
AUTO_SORT_COST_PER_DAY_YUAN = 1000.0
# Drones for remote villages (Tonglu couriers use drones for mountain villages,
# figures.md §2.2, B). Payload, range, speed, cost and downtime are ASSUMPTIONS typical
# of light delivery drones.
DRONE_MIN_ROAD_KM = 8.0          # villages this far by road from their township
DRONE_PAYLOAD_KG = 5.0
DRONE_RANGE_KM = 20.0            # round trip, straight line
DRONE_SPEED_KMH = 60.0
DRONE_COST_PER_FLIGHT_YUAN = 15.0
DRONE_FIXED_COST_PER_DAY_YUAN = 50.0   # ASSUMPTION: a delivery drone ≈ 50,000 yuan over three years, upkeep
DRONE_CO2_KG_PER_FLIGHT = 0.05
DRONE_WEATHER_DOWNTIME = 0.15    # share of days grounded
DRONE_DEPARTURE_HOURS = (10.0, 13.0, 16.0)   # the first with the village rounds, once the trunk has come
# Subsidies, all off by default. A village station keeper earns 400–500 yuan/month
# (figures.md §2.7, A): a per-service-point subsidy of 15 yuan/day covers that.
SUBSIDY_PER_SERVICE_POINT_PER_DAY_YUAN = 15.0
# Demand growth: demonstration counties target 30 % a year (DESIGN.md §1).
DEMO_COUNTY_ANNUAL_GROWTH = 0.30
# Produce farm-gate prices for the income KPI (ASSUMPTION, yuan/kg): greens, fruit, tea.
PRODUCE_PRICE_YUAN_PER_KG = {"leafy_vegetables": 4.0, "fruit": 8.0, "tea": 200.0}
# Forward / origin warehouses (生鲜前置仓, 产地仓) at township stations or the hub: produce
# arriving there is pre-cooled (no field heat in the cold chain) and kept cold up to the
# store's capacity, then leaves the county on a refrigerated full truck of its own instead
# of going through the hub. ASSUMPTIONS informed by found figures:
#   capacity 100 t (a 500 m³ store for ≈ 100 t of fruit, ≈ 150,000 yuan, vendor quote, C;
#     the national programme 2020–23 built 75,000 stores of ≈ 240 t on average, A/C);
#   ≈ 150 yuan/day: that store over ten years (≈ 40/day) and one worker (≈ 100/day);
#   pre-cooling energy 55 kWh per tonne (California produce cooling: 977 GWh for 17.7 Mt,
#     Thompson & Singh 2008, B) at 0.6 yuan/kWh (ASSUMPTION, rural commercial tariff);
#   a truck leaves when 80 % of a trunk vehicle's load waits or the oldest lot has waited
#     48 h (the cold store lets it wait to fill), checked daily at 18:00 so the day's
#     collection can leave that evening.
WAREHOUSE_CAPACITY_KG = 100_000.0
WAREHOUSE_COST_PER_DAY_YUAN = 150.0
WAREHOUSE_PRECOOL_KWH_PER_T = 55.0
ELECTRICITY_YUAN_PER_KWH = 0.6
WAREHOUSE_FULL_TRUCK_SHARE = 0.8
WAREHOUSE_MAX_HOLD_H = 48.0
WAREHOUSE_OUTBOUND_HOUR = 18.0
# Carpooling (拼车 / 快快合作): in separate mode, named groups of brands share their county→
# township trucks and/or their township outlets and village rounds; the other brands run
# alone. Jiangsu had 1,908 such brand-to-brand cooperation points in 2021 (figures.md §3,
# A/B). Default group ASSUMPTION: the Tongda brands and J&T (中通, 圆通, 韵达, 申通, 极兔),
# whose township outlets often merge, with the postal network on its own.
CARPOOL_GROUPS = (("zto", "yto", "yunda", "jt", "sto"),)
# Parcel lockers and self-pickup (智能快件箱, E邮柜, 自助提货). At villages ("villages"): a
# locker bank at each village without a service point, so the vans deliver there (up to its
# compartments a day; the rest wait for the next round). At townships ("townships"): banks
# at each township station, from which villagers fetch in minutes without the counter's
# queue and its fee (lockers are free for the first 12–18 h, C). ASSUMPTIONS informed by
# found figures: 40 compartments emptied once a day (smart lockers come with 10–30
# compartments, C/D; Hive Box handled ≈ 40 parcels per unit a day in 2019, derived, B/C);
# ≈ 16 yuan per bank and day (15,000–30,000 yuan a unit, C/D: ≈ 25,000 over five years ≈ 14
# a day, plus power and network); two banks per township; 3 minutes to fetch a parcel.
LOCKER_COMPARTMENTS = 40
LOCKER_COST_PER_DAY_YUAN = 16.0
LOCKERS_PER_TOWNSHIP = 2
LOCKER_PICKUP_H = 3.0 / 60.0
# Public e-commerce warehouse (电商公共仓) at the county hub: a share of local sellers keep
# their stock there and their orders leave from it the same day, with no village → county
# leg; sellers restock it by their own trips. ASSUMPTIONS: half of the sellers' parcels,
# ≈ 300 yuan a day (space and two pickers), a restocking trip per village (or township) a
# week.
PUBLIC_WAREHOUSE_SELLER_SHARE = 0.5
PUBLIC_WAREHOUSE_COST_PER_DAY_YUAN = 300.0
PUBLIC_WAREHOUSE_RESTOCK_INTERVAL_DAYS = 7
# Packaging and returnable crates (标准化周转箱, 循环快递箱). Every run counts packaging; the
# lever puts a share of produce lots in returnable crates and a share of parcels in reusable
# boxes, which travel back empty and folded: crates down from the hub to the villages with
# the parcels, boxes up to the hub with the produce, on the tours that go there anyway.
# Single-use: ≈ 0.098 kg per parcel (10.8 Mt of paper and plastic waste over 110.58 bn parcels
# in 2022, derived: BioResources review, B; SPB 2022 communiqué, A) at ≈ 0.8 yuan a box
# (ASSUMPTION: corrugated express boxes cost ≈ 0.5–2 yuan); produce cartons and liners
# ≈ 0.05 kg per kg at ≈ 0.1 yuan per kg (ASSUMPTION: a 1 kg, 2 yuan carton per 20 kg lot);
# ≈ 1.5 kg CO₂ per kg of single-use packaging (ASSUMPTION: board ≈ 1, plastic film 2–3).
PARCEL_PACKAGING_KG = 0.098
PARCEL_PACKAGING_YUAN = 0.8
PRODUCE_PACKAGING_KG_PER_KG = 0.05
PRODUCE_PACKAGING_YUAN_PER_KG = 0.1
PACKAGING_CO2_KG_PER_KG = 1.5
# Reusable: a crate holds 20 kg of produce, weighs 2 kg and folds to 0.015 m³ (ASSUMPTIONS:
# 600×400×250 mm ≈ 0.06 m³, folding saves up to 75 %, C), costs 30 yuan and lasts 50 trips
# (ASSUMPTION: > 100 reuses are possible, B, Tua et al. 2019; fewer in an open rural loop)
# plus 0.3 yuan of washing and sorting a trip (ASSUMPTION). A reusable express box: 25 yuan
# (Suning, C), 100 uses (ASSUMPTION between SF's ≥ 50 and Suning's ≥ 1,000, C), 0.5 kg,
# 0.003 m³ folded, 0.1 yuan of handling a use (ASSUMPTIONS). Their plastic ≈ 2.5 kg CO₂ per
# kg (ASSUMPTION, polypropylene), spread over their trips, and is waste at the end of life.
# Shares in the lever: half the produce lots and a tenth of parcels (ASSUMPTIONS).
CRATE_CAPACITY_KG = 20.0
CRATE_KG = 2.0
CRATE_FOLDED_M3 = 0.015
CRATE_PRICE_YUAN = 30.0
CRATE_TRIPS = 50
CRATE_HANDLING_YUAN = 0.3
BOX_PRICE_YUAN = 25.0
BOX_USES = 100
BOX_KG = 0.5
BOX_FOLDED_M3 = 0.003
BOX_HANDLING_YUAN = 0.1
PLASTIC_CO2_KG_PER_KG = 2.5
CRATE_PRODUCE_SHARE = 0.5
BOX_PARCEL_SHARE = 0.1
