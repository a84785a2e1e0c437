"""Operations: carriers and the separate brands' delivery rule, vehicles, shifts, the hub, rounds, handling, villagers' trips, costs and routing.

Part of :mod:`sim.config.defaults`; cited rows are in ``../shared/reference/figures.md``."""

from __future__ import annotations

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
# Which of those drives the trunk (hub → townships) and the joint company's village rounds.
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
# The built-in default runs joint distribution (统仓共配), the arrangement the plans promote;
# the separate brands are the baseline it is compared with (scenarios/baseline_separate.toml).
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
# Produce backhaul on the parcel rounds and trucks (joint mode only): a lever, off by default.
BACKHAUL = False
# Without backhaul produce needs its own trips: one leaves when this much produce waits for
# it, when the oldest lot has waited this long, or when a waiting lot would be lost before
# the next day's trip (ASSUMPTION: a collector comes at least the day after harvest, and
# sooner for produce about to go off). Trips from the township stations to the villages
# leave with the village rounds; trips from the hub to the townships leave at
# PRODUCE_COLLECTION_HOURS (ASSUMPTION: after the morning's village collection and before
# the evening's outbound linehaul, so the day's harvest can leave the county the same day).
PRODUCE_TRIP_MIN_LOAD_SHARE = 0.5
PRODUCE_TRIP_MAX_WAIT_H = 24.0
PRODUCE_COLLECTION_HOURS = (14.0,)
# Same-day produce (当日采当日发): operators add vehicles so that each produce trip is back in
# time for the next leg of the day. Off by default (ASSUMPTION): an operator fills a vehicle's
# shift before adding one, so a produce trip may wait for a van back from its round and
# its lots for the next day's collection.
PRODUCE_SAME_DAY = False
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
