"""Geography: the county's size, townships, villages, roads and the checks on files a user brings.

Part of :mod:`sim.config.defaults`; cited rows are in ``../shared/reference/figures.md``."""

from __future__ import annotations

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
# The terrains a county can have ([geography] terrain): speeds and circuity below.
TERRAINS = ("plain", "hilly", "mountain")
# Seed of the synthetic county's map ([geography] seed). It is the county's own, not the
# run's: replications with other run seeds vary demand and operations on the same map.
# 42 keeps the default county the one earlier versions drew with the default run seed.
GEOGRAPHY_SEED = 42
# The default county is a plain; hilly and mountain terrain change speeds and circuity (below).
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
