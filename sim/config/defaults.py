"""Every default figure of the model, with where it comes from.

Rows cited as "figures.md §x" are in ``../shared/reference/figures.md`` (grades A–D there).
Where the reference says "not found", the value is marked ASSUMPTION: a plausible figure
that a scenario file can override. Nothing else in ``sim/`` holds a bare number that a
planner might want to change.

Units are in the names: ``_km``, ``_kmh``, ``_h``, ``_kg``, ``_yuan``, ``_per_day``.
"""

from __future__ import annotations

# --------------------------------------------------------------------------- geography
# Typical eastern/central county 800–1,500 km² (figures.md §1.4, grade C).
AREA_KM2 = 1200.0
# Townships per county: median 12 (figures.md §1.2, grade A-derived from NBS codes 2022).
N_TOWNSHIPS = 12
# Administrative villages per township ≈ 15 (figures.md §1.3, Fujian 2019: 14,335 / 925, A).
VILLAGES_PER_TOWNSHIP = 15
# Residents per village ≈ 930–950 (figures.md §1.3: 464.8 M rural residents / ≈ 500 k villages).
POPULATION_PER_VILLAGE = 940
# Synthetic villages differ in size: residents are drawn log-normally around that mean
# (ASSUMPTION: village sizes are right-skewed — many small, hollowed-out villages and a few
# large ones; σ = 0.6 of the log gives a coefficient of variation ≈ 0.66, so the largest
# of 15 villages has ≈ 3× the residents of the smallest).
VILLAGE_POPULATION_LOG_SIGMA = 0.6
# Township → village road distance 2–10 km, median ≈ 5 (figures.md §1.4 synthesis).
VILLAGE_DISTANCE_KM = (2.0, 10.0)
# County seat → township 10–40 km, median ≈ 20 (figures.md §1.4 synthesis); the generator
# keeps townships at least this far apart from each other and from the seat.
MIN_TOWNSHIP_SPACING_KM = 6.0
TERRAINS = ("plain", "hilly", "mountain")
# Seed of the synthetic county's map ([geography] seed). It is the county's own, not the
# run's: replications with other run seeds vary demand and operations on the same map.
# 42 keeps the default county the one earlier versions drew with the default run seed.
GEOGRAPHY_SEED = 42
DEFAULT_TERRAIN = "plain"
# Road speeds by class. figures.md §5.2: "NOT found. Suggested defaults (unsourced):
# county→township trunk 40–60 km/h; township→village 25–40 km/h (van)". ASSUMPTION within
# those bands.
SPEED_KMH = {"trunk": 55.0, "township": 40.0, "village": 30.0}
# Terrain multipliers: figures.md §5.2 suggests "mountain roads ×0.6" (unsourced);
# hilly is ASSUMPTION halfway. Circuity (road km per straight-line km) is ASSUMPTION:
# ≈1.2–1.4 is the usual range for rural road networks; mountain roads wind more.
TERRAIN_SPEED_FACTOR = {"plain": 1.0, "hilly": 0.8, "mountain": 0.6}
TERRAIN_CIRCUITY = {"plain": 1.25, "hilly": 1.4, "mountain": 1.7}
# Facility table without a road file: roads are straight links times this detour factor
# (ASSUMPTION, same meaning as the plain-terrain circuity above).
DETOUR_FACTOR = 1.3
# Real data: a facility farther than MAX_SNAP_KM from any road of the road file stops the
# run (its coordinates or the road file are wrong: swapped lon/lat, another county, a
# road file without the village roads); one farther than SNAP_REPORT_KM is counted in the
# run summary and shown in villages.csv. ASSUMPTION: village points sit on or within a
# few hundred metres of a road in a complete OSM extract; 5 km means something is wrong.
MAX_SNAP_KM = 5.0
SNAP_REPORT_KM = 1.0
# China's rough bounding box, WGS-84 degrees (westernmost ≈ 73.5°E in the Pamirs,
# easternmost ≈ 135.1°E at Fuyuan, southernmost villages ≈ 18.2°N at Sanya, northernmost
# ≈ 53.6°N at Mohe): used only to say "lon and lat look swapped" when a row's swapped pair
# lies inside and its own does not. All facilities of a table within MIN_FACILITY_SPREAD_KM
# of each other are placeholder coordinates, not a county, which spans tens of km
# (ASSUMPTION).
CHINA_LON_RANGE = (73.0, 136.0)
CHINA_LAT_RANGE = (18.0, 54.0)
MIN_FACILITY_SPREAD_KM = 0.5
# Files a user brings are checked before they are read whole. A county has a few hundred
# administrative villages (figures.md §1.3: about 150–250; §1.1: > 500,000 建制村 in
# ≈ 2,840 county-level units); MAX_FACILITIES = 20,000 rows leaves room for natural villages
# (自然村) and refuses a province's or the country's table given by mistake (ASSUMPTION).
# A facility row is well under 1 kB, hence 20 MB (ASSUMPTION). A county's road file (OSM
# XML, GraphML) is typically tens of MB; 1,000 MB is a province's and would not fit in
# memory as a graph (ASSUMPTION; the limit also applies to a .osm.gz once decompressed).
MAX_FACILITIES = 20_000
MAX_FACILITY_FILE_MB = 20.0
MAX_ROAD_FILE_MB = 1000.0
# Synthetic county shape (ASSUMPTION, generator tuning, no source): townships lie within
# this share of the county radius so their villages fit inside; a non-tree trunk road is
# built where the tree path is this many times longer than the direct link; villages of a
# township keep this spacing; village roads form a Prim–Dijkstra tree (0 = minimum
# spanning tree with long detours, 1 = a star of direct roads), tuned so the median
# township→village road km ≈ 5 on plain terrain; log-spread of that distance.
TOWNSHIP_MAX_RADIUS_SHARE = 0.85
TRUNK_SHORTCUT_RATIO = 1.5
MIN_VILLAGE_SPACING_KM = 0.5
VILLAGE_TREE_ALPHA = 0.6
VILLAGE_DISTANCE_LOG_SIGMA = 0.45
# Speed on a road graph edge whose class is unknown (ASSUMPTION: village-road speed).
UNKNOWN_ROAD_SPEED_KMH = 30.0

# --------------------------------------------------------------------------- demand (down)
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
CONSUMER_PARCEL_KG = 1.5
FARM_INPUT_PARCEL_KG = 10.0
FARM_INPUT_SHARE = 0.05
FARM_INPUT_SHARE_SPRING = 0.15
SPRING_MONTHS = (3, 4, 5)
# Linehaul arrivals at the county hub: (hour of day, share of the day's parcels).
# ASSUMPTION: an overnight trunk from the provincial hub and an afternoon one.
HUB_ARRIVALS = ((4.0, 0.7), (14.0, 0.3))

# --------------------------------------------------------------------------- produce (up)
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

# --------------------------------------------------------------------------- carriers
# 6–8 brands at county level (figures.md §2.5). Market shares ASSUMPTION, roughly the
# national order of the big networks; postal (EMS/China Post) last-mile role in villages.
CARRIERS = (
    ("zto", 0.25),
    ("yto", 0.18),
    ("yunda", 0.17),
    ("jt", 0.15),
    ("sto", 0.12),
    ("postal", 0.13),
)
# Separate mode: each brand's township outlet decides which villages its van visits
# (figures.md §2.5, §3: brands cannot sustain village service on scattered volume). Rules:
#   "revenue"    — a village whose waiting parcels' delivery fees (SEPARATE_FEE_YUAN_PER_PARCEL
#                  each) cover the out-and-back trip from the township: its km cost and its
#                  hours (travel and the stop) at the vehicle's day rate per shift hour (an
#                  upper bound of the stop's marginal cost: villages on one round share km);
#   "threshold"  — a village where at least DOOR_THRESHOLD_PARCELS of its parcels wait
#                  (ASSUMPTION 8);
#   "fixed_days" — every village, on SEPARATE_DELIVERY_WEEKDAYS (ASSUMPTION Monday and Thursday).
# The fee: a township agent was paid ≈ 1 yuan per parcel before consolidation (§2.7, C).
SEPARATE_DELIVERY_RULE = "revenue"
SEPARATE_FEE_YUAN_PER_PARCEL = 1.0
DOOR_THRESHOLD_PARCELS = 8
SEPARATE_DELIVERY_WEEKDAYS = (0, 3)

# --------------------------------------------------------------------------- vehicles
# name: capacity_kg, speed_factor (× road speed), cost_per_km_yuan, fixed_cost_per_day_yuan,
# co2_kg_per_km, refrigerated.
# Truck county→township: "4.2 m box truck, 2–3 t" (figures.md §5.2, not found; industry
# convention). Running cost ASSUMPTION 2.5 yuan/km diesel + wear; fixed 300 yuan/day
# (driver + depreciation). CO2 ASSUMPTION 0.30 kg/km (≈ 11 L/100 km diesel × 2.6 kg/L).
# Van township→village: "about 100 km/day, 10 L/100 km, about 80 yuan/day fuel"
# (figures.md §2.7, grade C) → 0.8 yuan/km fuel, 1.0 with wear; payload ASSUMPTION 600 kg;
# fixed 150 yuan/day (driver share + depreciation, ASSUMPTION); CO2 10 L/100 km petrol ×
# 2.3 kg/L = 0.23 kg/km.
# E-tricycle: 180 kg payload (figures.md §5.2, SPB draft standard, A/B), ≈ 30 km/h in
# practice (C), running cost ≈ 90 % below a van (§2.7, C) → 0.1 yuan/km; fixed 105 yuan/day:
# its courier (ASSUMPTION ≈ 3,000 yuan/month, as a township office's staff) and the
# tricycle (≈ 3,500 yuan to buy, §2.7, C, over two years); CO2 from grid electricity
# ASSUMPTION 0.03 kg/km.
# Cargo volume: truck 16 m³ ("4.2 m box truck, 15–17 m³", §5.2, industry convention, not
# found); van 3.5 m³ (ASSUMPTION: a 600 kg minivan); e-tricycle 1.5 m³ (ASSUMPTION, within the
# SPB draft's 1.0 × 3.0 × 1.4 m envelope, §5.2).
VEHICLES = {
    "truck": dict(capacity_kg=2500.0, volume_m3=16.0, speed_factor=0.9, cost_per_km_yuan=2.5,
                  fixed_cost_per_day_yuan=300.0, co2_kg_per_km=0.30, refrigerated=False),
    "van": dict(capacity_kg=600.0, volume_m3=3.5, speed_factor=1.0, cost_per_km_yuan=1.0,
                fixed_cost_per_day_yuan=150.0, co2_kg_per_km=0.23, refrigerated=False),
    "tricycle": dict(capacity_kg=180.0, volume_m3=1.5, speed_factor=0.8, cost_per_km_yuan=0.1,
                     fixed_cost_per_day_yuan=105.0, co2_kg_per_km=0.03, refrigerated=False),
}
TRUNK_VEHICLE = "truck"
VILLAGE_VEHICLE = "van"
# Brands' township outlets in separate mode deliver by e-tricycle: more than 90 % of
# last-kilometre express is done by e-tricycle (figures.md §5.2, C); the joint company
# runs vans on its consolidated rounds.
SEPARATE_VILLAGE_VEHICLE = "tricycle"
# A vehicle works one shift a day (ASSUMPTION 8 h) and may drive several rounds in it; a
# round that does not fit the shift needs another vehicle.
SHIFT_H = 8.0
# Operators own their fleet and pay each vehicle's fixed cost every day, driven or not. The
# fleet is sized by need: a vehicle is bought (or leased) when no owned one can take a tour,
# and given up when it has not driven for FLEET_REVIEW_DAYS (ASSUMPTION: four weeks, so the
# weekly peak keeps its vans). 0 caps below mean "no cap"; with a cap, tours that find no
# vehicle wait (backlog).
FLEET_REVIEW_DAYS = 28
MAX_VANS_PER_STATION = 0
MAX_TRUCKS_PER_OPERATOR = 0
# Time at each stop: (fixed minutes) ASSUMPTION 10 min to park and hand over.
STOP_SERVICE_H = 10.0 / 60.0

# --------------------------------------------------------------------------- operations
OPERATING_MODES = ("separate", "joint")
DEFAULT_MODE = "joint"
# Joint county hub sorting throughput. ASSUMPTION: a manual sorting line ≈ 2,000
# parcels/hour (automatic sorting is a policy lever of its own).
HUB_SORT_PARCELS_PER_H = 2000.0
# Separate mode: each brand sorts at its own county depot, by hand (ASSUMPTION 600/h).
CARRIER_SORT_PARCELS_PER_H = 600.0
# Trunk departures from the hub (hours of day) and village round departures from
# township stations (ASSUMPTION: one morning wave each).
TRUNK_DEPARTURE_HOURS = (7.0,)
VILLAGE_DEPARTURE_HOUR = 10.0
# Joint village service every N days (1 = daily).
DELIVERY_INTERVAL_DAYS = 1
BACKHAUL = False
# Without backhaul produce needs its own trips: one leaves a township when this much
# produce waits for it or when the oldest lot has waited this long (ASSUMPTION: a
# collector comes at least the day after harvest; with 48 h every leafy lot of a quiet
# township would wait out its whole shelf life).
PRODUCE_TRIP_MIN_LOAD_SHARE = 0.5
PRODUCE_TRIP_MAX_WAIT_H = 24.0
# Handling cost per parcel per sort or hand-over. figures.md §2.7: township delivery fee
# (派费) ≈ 0.6–0.7 yuan per parcel after consolidation, ≈ 1 before (grade C). We charge
# the hub sort and the station hand-over separately (ASSUMPTION split of that fee).
HUB_HANDLING_YUAN_PER_PARCEL = 0.25
STATION_HANDLING_YUAN_PER_PARCEL = 0.35
# Villagers fetching parcels from the township outlet: each day a waiting parcel is
# fetched with this probability (ASSUMPTION); a trip brings this many parcels on average
# (ASSUMPTION), by motorbike at this speed (ASSUMPTION), valued at this cost per km
# (ASSUMPTION, fuel + time) for the societal cost. figures.md §2.7: outlets charge 1–2
# yuan per pickup (C/D), which we add to the villagers' cost.
# Villagers go to the township on periodic market days (赶集, every MARKET_INTERVAL_DAYS,
# ASSUMPTION 3: 逢三六九-style cycles of 3–5 days are common) and fetch parcels then: a
# waiting parcel is fetched with probability VILLAGER_PICKUP_PROB_MARKET_DAY on a market day
# (the trip is made anyway: no extra km, only the time at the outlet) and
# VILLAGER_PICKUP_PROB_OTHER_DAY on other days (a trip of its own). ASSUMPTIONS 0.8 / 0.25;
# 0 market interval means no markets (VILLAGER_PICKUP_PROB_OTHER_DAY every day).
MARKET_INTERVAL_DAYS = 3
VILLAGER_PICKUP_PROB_MARKET_DAY = 0.8
VILLAGER_PICKUP_PROB_OTHER_DAY = 0.25
VILLAGER_PARCELS_PER_TRIP = 1.5
VILLAGER_PICKUP_HOUR = 17.0
VILLAGER_SPEED_KMH = 30.0
VILLAGER_OUTLET_H = 0.25            # ASSUMPTION: queueing and finding the parcel at the outlet
# Villagers' travel: motorbike or e-tricycle running cost ASSUMPTION 0.3 yuan/km (fuel or
# power and wear; a van's is 1.0); CO₂ ASSUMPTION 0.05 kg/km (a small motorbike ≈ 2 L/100 km
# × 2.3 kg/L; an e-tricycle ≈ 0.03). Time: rural per-capita disposable income 23,119 yuan
# (2024, NBS, figures.md, A) over ≈ 2,000 working hours ≈ 11.6 yuan/h; non-work travel time
# valued at 40 % of that (transport-appraisal practice values it at 30–50 %, D, ASSUMPTION).
VILLAGER_VEHICLE_COST_PER_KM_YUAN = 0.3
VILLAGER_CO2_KG_PER_KM = 0.05
VILLAGER_TIME_VALUE_YUAN_PER_H = 23119.0 / 2000.0 * 0.4
# Outlets charge villagers 1–2 yuan per parcel fetched (figures.md §2.7, C/D): a transfer.
VILLAGER_PICKUP_FEE_YUAN_PER_PARCEL = 1.5
# CO₂ at the national ETS allowance price, 80–100 yuan/t over 2023–2024 (figures.md, B).
CARBON_PRICE_YUAN_PER_T = 90.0
# Township offices: the joint station, or each brand's outlet in separate mode: one person
# (≈ 3,000 yuan/month) and rent (≈ 600 yuan/month), ASSUMPTION ≈ 120 yuan/day; an outlet's
# transfer price of 200,000 yuan for ≈ 400 parcels/day (§2.7, C) spread over five years is
# of the same order (≈ 110 yuan/day).
TOWNSHIP_OFFICE_COST_PER_DAY_YUAN = 120.0
# A township station hands out at most this many parcels a day (to vans, buses, drones,
# couriers and villagers); more wait as backlog. ASSUMPTION: a township outlet handles ≈ 400
# parcels/day (§2.2, C); a joint station with a few staff ≈ 2,000.
STATION_CAPACITY_PARCELS_PER_DAY = 2000
# Village service-point keepers earn 400–500 yuan a month on the side (figures.md §2.7, A):
# a point is viable when commission and the per-point subsidy reach KEEPER_TARGET. The
# commission per parcel handed over is an ASSUMPTION (0.3 yuan: part of the 0.6–1 yuan
# township delivery fee, §2.7, C).
KEEPER_COMMISSION_YUAN_PER_PARCEL = 0.3
KEEPER_TARGET_INCOME_YUAN_PER_MONTH = 450.0

# Routing: the savings heuristic is within ≈ 2–3 % of best-known VRPSPD tours at a few
# milliseconds (experiments/routing_benchmark.py); PyVRP is near-optimal but ≈ 50 ms per
# township round. PyVRP stops at whichever comes first: the iteration cap (repeatable bit
# for bit) or the time cap (a guard; if it binds, results depend on machine load).
ROUTING_SOLVER = "savings"
# Rounds are fixed routes (固定线路), planned with this much room over the day's loads and
# kept while the loads fit; a re-plan happens only when they no longer do (ASSUMPTION:
# dispatchers leave ≈ 20 % spare so a route survives the weekly swing of ≈ ±15 % in
# WEEKDAY_FACTOR; 0 plans each route for exactly the day's loads).
ROUTE_PLAN_HEADROOM = 0.2
ROUTING_TIME_LIMIT_S = 1.0
ROUTING_MAX_ITERATIONS = 1000

# --------------------------------------------------------------------------- policy levers
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
# Cold chain: shelf life × 3 while cold ("extending shelf life from 1 to 3 days cuts losses
# 30–50 %", figures.md §5.1, C); refrigeration adds ≈ 0.4 yuan per km (ASSUMPTION, about a
# third of a van's running cost) and cold rooms ≈ 150 yuan/day each at hub and stations
# (ASSUMPTION).
COLD_SHELF_LIFE_FACTOR = 3.0
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
DRONE_DEPARTURE_HOURS = (9.0, 13.0, 16.0)
# Subsidies, all off by default. A village station keeper earns 400–500 yuan/month
# (figures.md §2.7, A): a per-service-point subsidy of 15 yuan/day covers that.
SUBSIDY_PER_SERVICE_POINT_PER_DAY_YUAN = 15.0
# Demand growth: demonstration counties target 30 % a year (DESIGN.md §1).
DEMO_COUNTY_ANNUAL_GROWTH = 0.30
# Produce farm-gate prices for the income KPI (ASSUMPTION, yuan/kg): greens, fruit, tea.
PRODUCE_PRICE_YUAN_PER_KG = {"leafy_vegetables": 4.0, "fruit": 8.0, "tea": 200.0}

# --------------------------------------------------------------------------- KPIs
# A village counts as covered when it is served at the door at least every N days.
COVERAGE_WINDOW_DAYS = 2
# Run KPIs leave out the first days, when the county starts empty (ASSUMPTION: a week;
# at most half the run).
WARMUP_DAYS = 7
# Default run length for the CLI and the default seed.
DAYS = 60
SEED = 42
START_DATE = "2025-01-01"
