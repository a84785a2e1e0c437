"""The documented effects the model is held against, declared once: how each is computed from
run summaries, its reference band, the row of ``../shared/reference/figures.md`` it comes
from, its unit, and — written from what the runs show, not tuned away — the mechanism
that would explain a miss.

Bands are the sources' own ranges; where a source gives one figure ("≈ x") the band is
x ± 50 % (:func:`sim.validation.measures.Band.around`); "helps most where …" is a sign.
Variant keys are those of :mod:`sim.validation.variants`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.validation.measures import Band, Change, Contrast, Level, Measure

PCT = 100.0                 # shares as %
DAYS = 1.0 / 24.0           # hours as days
MINUTES = 60.0              # hours as minutes
COST = ("cost_per_parcel_down_yuan",)
LAST_LEG = ("last_leg_cost_per_parcel_yuan",)
BUS_COST = Change("joint", "bus", COST, scale=PCT)


def last_leg_parts(variant: str) -> tuple[Level, ...]:
    """The last leg's parts per parcel: station (handling, offices), village vehicles, keepers and fees."""
    return tuple(Level(variant, (k,)) for k in ("last_leg_station_yuan_per_parcel",
                                                 "last_leg_vehicles_yuan_per_parcel",
                                                 "last_leg_services_yuan_per_parcel"))


@dataclass(frozen=True)
class Effect:
    """One documented effect (see the module docstring)."""

    key: str
    label: str
    measure: Measure
    band: Band
    unit: str
    cite: str                   # short: figures.md section and study
    source: str                 # figures.md section and row, the study, its grade
    compares: str               # what in the model stands for the reported quantity
    mechanism: str              # why the model lands outside the band (shown for misses)
    parts: tuple[Level, ...] = ()     # components shown beside the value (same unit)


EFFECTS: tuple[Effect, ...] = (
    Effect(
        "joint_cost_change", "Joint vs separate: operator cost per parcel down",
        Change("separate", "joint", COST, scale=PCT), Band(-20.0, -5.0, "−20 % to −5 %"), "%",
        "figures.md §3 (papers and pilots)",
        "figures.md §3 headline (joint/integrated delivery cuts downstream cost by about 5–20 %; several papers "
        "and pilots, B/C)",
        "operators' cost of getting parcels to the villages (hub, trucks, stations, rounds, fees; fixed costs of "
        "owned vehicles included) per parcel delivered",
        "The separate baseline pays for what the reference's status quo already shares. Each of 6 brands keeps "
        "a full outlet (120 yuan/day) in every township and a full-time e-tricycle courier (105 yuan/day) "
        "for its thin share of each village's parcels; real outlets carry several brands (快快合作) or run "
        "another business, couriers are paid per piece and work other jobs, so their cost scales with volume "
        "(halving the outlet cost alone moves the default county's gap from −61 % to −53 %: "
        "experiments/economics/joint_vs_separate.py). The joint company has no coordination or "
        "revenue-sharing cost."),
    Effect(
        "joint_lead_time_change", "Joint vs separate: lead time order → village",
        Change("separate", "joint", ("lead_time_order_mean_h",), relative=False, scale=DAYS),
        Band(-1.0, -0.5, "−1 to −0.5 day"), "days",
        "figures.md §3 (papers and pilots)",
        "figures.md §3 headline (joint delivery cuts lead time by about 0.5–1 day; Taojiang bus pilot "
        "'more than 1 day', B/C)",
        "mean hours from the order to the parcel reaching the villager (door or outlet), after the warm-up",
        "The separate brands' rule already brings most parcels to the door the day they reach the township "
        "(the revenue rule serves a village once its parcels' fees cover the trip); only the rest wait for "
        "villagers' market-day trips. Where villages are close and volumes fair (the plain synthetic county) "
        "the gap is under half a day; in the reference's counties brands visited villages less often."),
    Effect(
        "baseline_lead_time", "Before integration: lead time order → village",
        Level("separate", ("lead_time_order_mean_h",), scale=DAYS), Band(2.0, 3.0, "2–3 days"), "days",
        "figures.md §2.6 (Tonglu 2021)",
        "figures.md §2.6 (order to receipt in a village, Tonglu 2021: 2–3 days, A)",
        "separate mode's mean hours from the order to the villager (36 h order → county hub, an assumption, "
        "plus the county's legs)",
        "The order → hub leg is a fixed 36 h assumption; a miss here is mostly that figure."),
    Effect(
        "bus_upstream_change", "Rural buses: outbound (upstream) items",
        Change("joint", "bus", ("produce_shipped_lots", "seller_parcels_shipped"), scale=PCT),
        Band.around(30.0, "≈ +30 %"), "%",
        "figures.md §3 (Hunan 630 routes)",
        "figures.md §3, Hunan 630 IPFT (客货邮) routes: rural upward parcel volume ≈ +30 % (MDPI Systems 2025, "
        "citing Hunan data, B)",
        "produce lots and local sellers' parcels that left the county, with the bus lever "
        "(lever_bus_integration.toml) against daily joint rounds",
        "The default county already collects produce every day, so buses add frequency, not access; a bus's "
        "250 kg of spare room goes to parcels first; and supply responds to service through an assumed "
        "elasticity (0.3). The Hunan figure comes from villages with little or no collection before: in the "
        "model the bus lifts outbound produce by +97 % where collection was every third day (issue 12)."),
    Effect(
        "bus_cost_change", "Rural buses: delivery cost per parcel (Hunan)",
        BUS_COST, Band.around(-20.0, "≈ −20 %"), "%",
        "figures.md §3 (Hunan 630 routes)",
        "figures.md §3, Hunan 630 IPFT routes: downward delivery cost ≈ −20 % (MDPI Systems 2025, B)",
        "operators' cost per parcel down with the bus lever (buses to 60 % of villages, vans every 2 days) "
        "against daily joint rounds",
        "At the default volume the bus fee (0.8 yuan per parcel, the Taojiang revenue figure) costs more than "
        "the van km it saves. A bus operator selling spare seats would take less than its average revenue; "
        "and the reference compares with the sparse service before the buses, not with daily vans. At small "
        "orders per village the bus lowers cost (see the small-orders row)."),
    Effect(
        "bus_cost_qingchuan", "Rural buses: delivery cost per parcel (Qingchuan)",
        BUS_COST, Band(None, -5.0, "more than 5 % saving"), "%",
        "figures.md §3 (Zhang et al. 2025)",
        "figures.md §3, Zhang et al. (2025), 3E-LRP with trucks + fixed-route buses, Qingchuan County: cost "
        "−> 5 % vs trucks only (B)",
        "as the row above (the same runs)",
        "As the Hunan row: at the default volume the per-parcel bus fee exceeds the van km saved; Qingchuan is "
        "a mountain county with thin, scattered orders, where the model too shows a saving."),
    Effect(
        "bus_small_orders", "Rural buses help most where orders per node are small",
        Contrast(Change("joint_small", "bus_small", COST, scale=PCT), BUS_COST),
        Band(None, 0.0, "< 0 (more saving at small orders)"), "points of %",
        "figures.md §3 (Kou et al. 2022)",
        "figures.md §3, Kou et al. (2022): public transport's marginal contribution is highest only when "
        "orders per node are very small (B)",
        "the bus lever's cost change at a quarter of the default volume minus its change at the default volume",
        "The bus is paid per parcel and vans by the day, so the bus's advantage should grow as orders per "
        "village fall; a miss would mean the vans' fixed cost does not fall with their rounds."),
    Effect(
        "bus_freight_time", "Rural buses (daily vans kept): freight time hub → village",
        Change("joint", "bus_daily", ("lead_time_mean_h",), relative=False, scale=MINUTES),
        Band.around(-30.0, "≈ −30 min"), "minutes",
        "figures.md §3 (He & Guan 2023)",
        "figures.md §3, He & Guan (2023), TR-A 175: logistics transport time −30 min with rural bus "
        "integrated passenger–freight service (B)",
        "mean hours from the county hub to the village: buses three times a day to 60 % of villages, vans "
        "still daily (the shipped bus lever with daily vans), against daily joint rounds",
        "Buses leave three times a day, so a bus village's parcel no longer waits for the 10:00 round; how "
        "much that saves depends on when parcels reach the township (the trunk's 7:00 wave) and on how many "
        "villages are on bus lines. He & Guan's −30 min is one case; the model's county decides the rest."),
    Effect(
        "bus_fleet_km", "Rural buses (daily vans kept): fleet mileage",
        Change("joint", "bus_daily", ("vehicle_km",), scale=PCT), Band.around(-9.4, "≈ −9.4 %"), "%",
        "figures.md §3 (He & Guan 2023)",
        "figures.md §3, He & Guan (2023): fleet mileage −9.4 % (62,000 km/yr) (B)",
        "km driven by the operators' trucks and vans (the buses run anyway; their km are not the operators'), "
        "buses with daily vans against daily joint rounds",
        "Bus villages leave the van rounds altogether, so the vans' km fall with the share of villages on bus "
        "lines (60 % in the shipped lever); in He & Guan's network buses took part of the freight on shared "
        "routes. Where villages are near the township (the plain synthetic county) the rounds shrink more."),
    Effect(
        "cold_loss_without", "Fruit and vegetable loss without a cold chain",
        Level("fruit", ("produce_loss_share",), scale=PCT), Band(20.0, 30.0, "20–30 %"), "%",
        "figures.md §5.1",
        "figures.md §5.1 (F&V loss field to table 25–30 %, NDRC 20 % in delivery; A/B)",
        "kg of produce lost in the county (village, township, hub, vehicles) over kg lost or shipped out, in "
        "the fruit season from 1 August; grading at harvest not counted",
        "The reference is China's whole chain from field to table; the model covers only the county's first "
        "mile, a day or two. Its losses come from lots that wait a night at a township or the hub. Missing "
        "here: the onward journey to city markets and retail, mechanical damage in handling and on rough "
        "roads, day-time heat in closed vans (no diurnal cycle)."),
    Effect(
        "cold_loss_with", "Fruit and vegetable loss with a cold chain",
        Level("cold_chain", ("produce_loss_share",), scale=PCT), Band(0.0, 5.0, "< 5 %"), "%",
        "figures.md §5.1",
        "figures.md §5.1 (< 5 % with a full cold chain, developed countries; A/B)",
        "as the row above, with cold rooms and refrigerated collection (lever_cold_chain.toml)",
        "Lots put in cold without pre-cooling keep their field heat for 12 h (an assumption)."),
    Effect(
        "fee_after", "Township delivery fee after consolidation",
        Level("joint", LAST_LEG), Band(0.6, 0.7, "0.6–0.7 yuan"), "yuan/parcel",
        "figures.md §2.7",
        "figures.md §2.7 (派费 paid to a township agent: formerly ≈ 1 yuan, now 0.6–0.7 yuan; C)",
        "the joint company's last-leg cost per parcel delivered: township station handling and office, the "
        "village vans' parcel km and their fixed cost's parcel share, keepers' commission (the probe in "
        "sim/validation/probe.py; hub and trucks left out)",
        "The station part alone (handling 0.35 yuan, an assumption split from this very fee, plus the office) "
        "is ≈ 0.65 yuan, inside the band (see its parts); the model then adds what the fee does not pay for: "
        "daily door rounds to every village with vans and drivers of their own and the keeper's commission "
        "(0.3). A township agent paid 0.6–0.7 yuan mostly hands parcels out at the outlet or leaves them "
        "with village shops that earn elsewhere.",
        parts=last_leg_parts("joint")),
    Effect(
        "fee_before", "Township delivery fee before consolidation",
        Level("separate", LAST_LEG), Band.around(1.0, "≈ 1 yuan"), "yuan/parcel",
        "figures.md §2.7",
        "figures.md §2.7 (派费 formerly ≈ 1 yuan per parcel; C)",
        "separate brands' last-leg cost per parcel delivered: outlets, handling, e-tricycle couriers, "
        "keepers' commission (as the row above)",
        "Each brand's outlet and courier are full-time and serve only that brand (the mechanisms of the "
        "joint-vs-separate row); the real agent paid ≈ 1 yuan shares outlet and courier across brands and "
        "another business.",
        parts=last_leg_parts("separate")),
    Effect(
        "fee_change", "Township delivery fee: change with consolidation",
        Change("separate", "joint", LAST_LEG, scale=PCT), Band(-40.0, -30.0, "1 → 0.6–0.7 yuan: −40 % to −30 %"),
        "%", "figures.md §2.7",
        "figures.md §2.7 (≈ 1 → 0.6–0.7 yuan; C)",
        "the relative change of the last-leg cost per parcel (rows above), run by run",
        "The separate outlets' fixed costs (see the joint-vs-separate row) make the before figure too high."),
    Effect(
        "village_coverage", "Villages with express service",
        Level("joint", ("village_coverage",), scale=PCT), Band(95.0, 100.0, "95 % of administrative villages"),
        "%", "figures.md §2.4 (end of 2022)",
        "figures.md §2.4 (end of 2022: 95 % of administrative villages; A)",
        "villages with a door delivery on every scheduled day after the warm-up, under joint distribution "
        "(every village has a service point and a daily round)",
        "A village misses a day when its round does not fit the shift or the trunk arrives late; the "
        "national figure counts any express service, including weekly ones."),
    Effect(
        "keeper_income", "Village service-point keeper's income",
        Level("joint", ("keeper_income_yuan_per_month",)), Band(400.0, 500.0, "400–500 yuan/month"),
        "yuan/month", "figures.md §2.7 (Tonglu)",
        "figures.md §2.7 (Luci village, Tonglu: part-time keeper earns 400–500 yuan a month extra; A)",
        "commission (0.3 yuan per parcel handed over, an assumption) plus any per-point subsidy, per service "
        "point and month, under joint distribution",
        "Keepers earn in the model only on parcels handed over (≈ 25 a day per village). Real keepers also "
        "take a fee on parcels and produce sent out, on returns, bill payments and shop sales; Tonglu "
        "(Zhejiang) has more parcels per village than the default county."),
)

BY_KEY = {e.key: e for e in EFFECTS}


def variants_needed(effects: tuple[Effect, ...] = EFFECTS) -> tuple[str, ...]:
    """The variants the effects read, in first-use order."""
    return tuple(dict.fromkeys(v for e in effects for v in e.measure.variants))
