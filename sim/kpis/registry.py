"""Every KPI, declared once: key, labels in English and Chinese, unit, better direction, where it appears.

The model's ``DataCollector`` takes its reporters from the ``daily`` entries (in this
order: the columns of the daily table), the run summary has every ``summary`` key, the
terminal table of ``run`` / ``compare`` and the report's bar charts show the ``headline``
ones, and the run folder's plots and the report's day-by-day charts draw the ``plot``
ones. Nothing else in ``sim/`` lists KPIs.

Units: ``"%"`` marks a share between 0 and 1 (shown as a percentage); otherwise the unit
is printed as is. ``better`` is ``"lower"``, ``"higher"``, ``"zero"`` (closer to 0 is
better) or ``""`` (a count or a setting, neither).
"""

from __future__ import annotations

from sim.kpis.kpi import LANGUAGES, Kpi
from sim.kpis.upstream_kpis import UPSTREAM_KPIS, UPSTREAM_POLICY_KPIS

# Groups, in the order the report and the KPI docs show them.
GROUPS = {
    "run": ("The run", "运行设置"),
    "volume": ("Parcel volumes", "包裹量"),
    "cost": ("Costs", "成本"),
    "service": ("Service to villages", "村级服务"),
    "fleet": ("Vehicles and loads", "车辆与装载"),
    "environment": ("Emissions and villagers' travel", "排放与村民出行"),
    "produce": ("Produce going up (农产品进城)", "农产品进城"),
    "policy": ("Policy levers at work", "政策措施"),
    "equity": ("Far and near villages", "远近村公平"),
    "routing": ("Route planning", "线路规划"),
}

_D, _S, _DS = dict(daily=True), dict(summary=True), dict(daily=True, summary=True)

KPIS: tuple[Kpi, ...] = (
    # -- the run -------------------------------------------------------------------------
    Kpi("day", "Day", "天数", "day", decimals=0, group="run", **_D,
        definition="Day of the run, 0 for the first simulated day."),
    Kpi("date", "Date", "日期", "", group="run", **_D, definition="Calendar date of the simulated day."),
    Kpi("scenario", "Scenario", "场景", "", group="run", **_S, definition="Name of the scenario that ran."),
    Kpi("mode", "Operating mode", "运营模式", "", group="run", headline=True, **_S,
        definition="separate (each express brand runs its own vehicles) or joint (统仓共配)."),
    Kpi("backhaul", "Produce backhaul", "回程带货", "", group="run", headline=True, **_S,
        definition="Whether village rounds and trucks bring produce back on their return legs."),
    Kpi("days", "Days simulated", "模拟天数", "days", decimals=0, group="run", headline=True, **_S,
        definition="Number of simulated days."),
    Kpi("warmup_days", "Warm-up days left out", "预热天数（不计入）", "days", decimals=0, group="run", **_S,
        definition="First days of the run left out of the run KPIs (kpi.warmup_days, at most half the run): "
                   "the county starts empty."),
    Kpi("seed", "Random seed", "随机种子", "", decimals=0, group="run", headline=True, **_S,
        definition="Seed of demand and operations (the county has its own, [geography] seed)."),
    Kpi("geography", "County", "县域", "", group="run", **_S,
        definition="Where the county came from: synthetic generator settings, or the facility and road files."),
    Kpi("synthetic_roads", "Synthetic roads", "合成路网", "", group="run", **_S,
        definition="True when roads are generated (a synthetic county, or straight links between facilities)."),
    Kpi("n_townships", "Townships", "乡镇数", "", decimals=0, group="run", **_S,
        definition="Township stations in the county."),
    Kpi("n_villages", "Villages", "行政村数", "", decimals=0, group="run", **_S,
        definition="Villages (administrative villages) in the county."),
    Kpi("facilities_snapped_beyond_1km", "Facilities more than 1 km from a road", "距道路超过1公里的设施数",
        "facilities", "lower", 0, group="run", **_S,
        definition="Facilities whose coordinates lie more than 1 km from the road node they were placed on "
                   "(snap_km in villages.csv); 0 on synthetic roads."),
    # -- parcel volumes ------------------------------------------------------------------
    Kpi("parcels_created", "Parcels ordered", "下单包裹数", "parcels", decimals=0, group="volume",
        headline=True, **_DS,
        definition="Parcels arriving at the county hub for the villages (that day; run: in total)."),
    Kpi("parcels_delivered", "Parcels delivered", "送达包裹数", "parcels", "higher", 0, group="volume",
        headline=True, **_DS,
        definition="Parcels handed over at the village door or brought home by a villager."),
    Kpi("parcels_delivered_door", "Parcels delivered to the door", "送货上门包裹数", "parcels", "higher", 0,
        group="volume", **_D, definition="Parcels handed over at the village (service point, courier, bus, drone)."),
    Kpi("parcels_fetched_by_villagers", "Parcels fetched by villagers", "村民自取包裹数", "parcels", "", 0,
        group="volume", **_D, definition="Parcels villagers fetched from a township outlet themselves."),
    Kpi("parcels_waiting", "Parcels waiting at facilities", "滞留包裹数", "parcels", "lower", 0,
        group="volume", headline=True, plot=True, **_DS,
        definition="Parcels waiting at the hub, stations and outlets (end of the day; run: end of the run)."),
    Kpi("parcels_in_vehicles", "Parcels on vehicles", "在途包裹数", "parcels", "", 0, group="volume", **_DS,
        definition="Parcels on board or assigned to a vehicle (end of the day; run: end of the run)."),
    Kpi("parcels_undelivered_share", "Parcels not delivered by the end", "期末未送达比例", "%", "lower", 1,
        group="volume", **_S,
        definition="Parcels created after the warm-up and not delivered when the run ended, over those created."),
    Kpi("backlog_parcels", "Parcels held back by a capacity limit", "积压包裹数", "parcels", "lower", 0,
        group="volume", plot=True, **_D,
        definition="Parcels a station's daily throughput, the fleet or the hub's sorting line could not move "
                   "that day (爆仓)."),
    Kpi("backlog_parcels_max", "Largest daily backlog", "最大日积压", "parcels", "lower", 0, group="volume",
        headline=True, **_S, definition="Largest backlog_parcels of a day after the warm-up."),
    # -- costs ---------------------------------------------------------------------------
    Kpi("cost_per_parcel_down_yuan", "Operator cost per parcel delivered", "单件下行运营成本", "yuan/parcel",
        "lower", group="cost", headline=True, plot=True, **_DS,
        definition="Operators' cost of moving parcels to the villages, gross of subsidies, over parcels delivered: "
                   "vehicle km on parcel tours, the owned fleet's daily fixed cost (its share by km), handling at "
                   "hub and station, township offices and outlets, the sorting line, and services bought (rural "
                   "buses, couriers, drones, the postal partner's hand-over, keepers' commission). Trips that carry "
                   "only produce are left out."),
    Kpi("cost_per_kg_up_yuan", "Operator cost per kg shipped up", "每公斤上行运营成本", "yuan/kg", "lower",
        group="cost", headline=True, **_DS,
        definition="Operators' cost of bringing produce and local sellers' parcels out, over their kg shipped out: "
                   "trips that carry nothing else, their share of the fleet's fixed cost, refrigeration, cold "
                   "rooms, bus fees for lots, forward and public warehouses."),
    Kpi("operator_cost_yuan", "Operator cost, total", "运营商成本合计", "yuan", "lower", 0, group="cost", **_DS,
        definition="Everything the operators spend, down and up, gross of subsidies."),
    Kpi("operator_cost_down_yuan", "Operator cost of parcels, total", "下行运营成本合计", "yuan", "lower", 0,
        group="cost", **_DS, definition="The downstream part of operator_cost_yuan."),
    Kpi("operator_cost_up_yuan", "Operator cost of produce, total", "上行运营成本合计", "yuan", "lower", 0,
        group="cost", **_DS, definition="The upstream part of operator_cost_yuan."),
    Kpi("fleet_fixed_cost_yuan", "Fixed cost of the owned fleet", "自有车队固定成本", "yuan", "lower", 0,
        group="cost", **_D,
        definition="Every owned truck and van's fixed cost for the day (driver, depreciation), driven or not."),
    Kpi("operator_cost_net_yuan", "Operator cost after subsidies, total", "运营商净成本（扣除补贴）", "yuan",
        "lower", 0, group="cost", **_S, definition="operator_cost_yuan less government_cost_yuan: what the "
                                                   "operators bear."),
    Kpi("government_cost_yuan", "Government cost (subsidies), total", "政府补贴支出合计", "yuan", "lower", 0,
        group="cost", headline=True, **_DS,
        definition="Subsidies paid (a transfer to the operators): per parcel delivered, per tour, per service point "
                   "and day."),
    Kpi("subsidy_per_parcel_yuan", "Subsidy per parcel", "单件补贴", "yuan/parcel", "lower", group="cost",
        **_S, definition="Government cost over parcels delivered."),
    Kpi("societal_cost_yuan", "Societal cost, total", "社会总成本合计", "yuan", "lower", 0, group="cost", **_DS,
        definition="Operators' costs, villagers' own trips (vehicle km and time) and CO₂ at the carbon price; "
                   "transfers (subsidies, pickup fees) left out."),
    Kpi("societal_cost_down_yuan", "Societal cost of parcels, total", "下行社会成本合计", "yuan", "lower", 0,
        group="cost", **_D, definition="The downstream part of societal_cost_yuan."),
    Kpi("societal_cost_per_parcel_yuan", "Societal cost per parcel", "单件社会总成本", "yuan/parcel", "lower",
        group="cost", headline=True, **_DS,
        definition="Operators' downstream cost plus villagers' trips to fetch parcels (vehicle km and time at "
                   "costs.villager_time_value_yuan_per_h) plus the CO₂ of both at costs.carbon_price_yuan_per_t, "
                   "over parcels delivered; subsidies and pickup fees are transfers and left out."),
    Kpi("villager_cost_yuan", "Villagers' own trips, total", "村民出行成本合计", "yuan", "lower", 0,
        group="cost", **_DS,
        definition="Villagers' trips to fetch parcels or take produce to the township: vehicle km and time."),
    Kpi("villager_fees_yuan", "Pickup fees villagers paid, total", "村民取件费合计", "yuan", "lower", 0,
        group="cost", **_DS, definition="Fees paid at township outlets per parcel fetched (a transfer)."),
    # -- service -------------------------------------------------------------------------
    Kpi("lead_time_mean_h", "Lead time hub → village, mean", "平均时效（县中心→村）", "h", "lower", 1,
        group="service", headline=True, plot=True, **_DS,
        definition="Hours from arrival at the county hub until the parcel is at the village (door drop, or "
                   "the villager home with it), over parcels delivered."),
    Kpi("lead_time_p95_h", "Lead time hub → village, 95th percentile", "95%分位时效（县中心→村）", "h", "lower", 1,
        group="service", headline=True, **_DS, definition="95th percentile of the same lead time."),
    Kpi("lead_time_order_mean_h", "Lead time order → village, mean", "平均时效（下单→村）", "h", "lower", 1,
        group="service", headline=True, **_DS,
        definition="Hours from the online order until the parcel is at the village: demand.order_to_hub_h plus "
                   "the hub → village lead time."),
    Kpi("lead_time_order_p95_h", "Lead time order → village, 95th percentile", "95%分位时效（下单→村）", "h",
        "lower", 1, group="service", **_S, definition="95th percentile of the order → village lead time."),
    Kpi("hub_sort_wait_mean_h", "Wait for sorting at the county hub, mean", "县级中心平均分拣等待", "h", "lower", 2,
        group="service", **_D, definition="Hours from unloading at the hub until sorted, mean over the day."),
    Kpi("hub_sort_wait_peak_h", "Peak wait for sorting at the county hub", "县级中心分拣等待峰值", "h", "lower", 1,
        group="service", **_S, definition="Largest daily mean sorting wait of the run."),
    Kpi("village_coverage", "Villages with door service as scheduled", "按计划上门服务的村比例", "%", "higher", 1,
        group="service", headline=True, plot=True, **_DS,
        definition="Run: share of villages served at the door on every scheduled round day (one in "
                   "operations.delivery_interval_days, after the warm-up) on which parcels for them waited at "
                   "their township when the rounds left; villages without a service point, drone or bus never "
                   "are. Day: the same over the last kpi.coverage_window_days days."),
    Kpi("door_delivery_share", "Parcels delivered to the door", "送货上门比例", "%", "higher", 1,
        group="service", headline=True, **_DS,
        definition="Parcels handed over at the village over parcels delivered (the rest villagers fetched)."),
    # -- vehicles and loads --------------------------------------------------------------
    Kpi("load_factor_trunk_down", "Load factor, trucks, parcels", "干线装载率（下行）", "%", "higher", 1,
        group="fleet", headline=True, plot=True, **_DS,
        definition="Trucks (hub ↔ townships): Σ parcel load·km / Σ capacity·km; a load counts by weight or "
                   "by volume, whichever fills the vehicle first."),
    Kpi("load_factor_trunk_up", "Load factor, trucks, produce", "干线装载率（上行）", "%", "higher", 1,
        group="fleet", **_DS, definition="Trucks: Σ produce load·km / Σ capacity·km."),
    Kpi("load_factor_village_down", "Load factor, village vans, parcels", "村级车辆装载率（下行）", "%", "higher", 1,
        group="fleet", headline=True, plot=True, **_DS,
        definition="Village-leg vehicles (township ↔ villages): Σ parcel load·km / Σ capacity·km."),
    Kpi("load_factor_village_up", "Load factor, village vans, produce", "村级车辆装载率（上行）", "%", "higher", 1,
        group="fleet", headline=True, **_DS, definition="Village-leg vehicles: Σ produce load·km / Σ capacity·km."),
    Kpi("empty_km_share_trunk", "Empty running, trucks", "干线空驶率", "%", "lower", 1, group="fleet",
        **_DS, definition="Truck km weighted by how empty they ran: 1 − Σ (parcel + produce load)·km / Σ "
                          "capacity·km (a full leg counts 0, an empty one 1)."),
    Kpi("empty_km_share_village", "Empty running, village vans", "村级车辆空驶率", "%", "lower", 1,
        group="fleet", plot=True, **_DS, definition="The same for the village leg."),
    Kpi("vehicle_km", "Vehicle km", "车辆行驶里程", "km", "lower", 0, group="fleet", headline=True, **_DS,
        definition="Km driven by trucks and vans (buses and drones not included)."),
    Kpi("trunk_km", "Truck km", "干线里程", "km", "", 0, group="fleet", **_D, definition="Km driven on the trunk leg."),
    Kpi("village_km", "Village-leg km", "村级里程", "km", "", 0, group="fleet", **_D,
        definition="Km driven on the village leg."),
    Kpi("trunk_down_kg_km", "Truck parcel load × km", "干线下行周转量", "kg·km", "", 0, group="fleet", **_D,
        definition="Σ parcel kg on board × km, trucks."),
    Kpi("trunk_up_kg_km", "Truck produce load × km", "干线上行周转量", "kg·km", "", 0, group="fleet", **_D,
        definition="Σ produce kg on board × km, trucks."),
    Kpi("trunk_capacity_kg_km", "Truck capacity × km", "干线运力周转量", "kg·km", "", 0, group="fleet", **_D,
        definition="Σ capacity kg × km, trucks."),
    Kpi("village_down_kg_km", "Village-leg parcel load × km", "村级下行周转量", "kg·km", "", 0, group="fleet",
        **_D, definition="Σ parcel kg on board × km, village leg."),
    Kpi("village_up_kg_km", "Village-leg produce load × km", "村级上行周转量", "kg·km", "", 0, group="fleet",
        **_D, definition="Σ produce kg on board × km, village leg."),
    Kpi("village_capacity_kg_km", "Village-leg capacity × km", "村级运力周转量", "kg·km", "", 0, group="fleet",
        **_D, definition="Σ capacity kg × km, village leg."),
    Kpi("tours", "Tours driven", "出车趟数", "tours", "", 0, group="fleet", **_D,
        definition="Trunk runs, village rounds and produce trips started."),
    Kpi("vehicles_used", "Vehicles that drove", "出车车辆数", "vehicles", "", 0, group="fleet", **_D,
        definition="Owned vehicles that drove at least one tour that day."),
    Kpi("vehicles_owned", "Vehicles owned", "自有车辆数", "vehicles", "lower", 0, group="fleet", headline=True, **_DS,
        definition="Trucks and vans the operators own, each paying its fixed cost every day (day: at its end; "
                   "run: the mean after the warm-up)."),
    Kpi("vans_owned", "Village vans owned", "村级车辆数", "vehicles", "lower", 0, group="fleet", **_DS,
        definition="Village-leg vehicles owned (day: at its end; run: the mean after the warm-up)."),
    Kpi("van_km_per_vehicle_day", "Km per village van and day", "村级车辆日均里程", "km", "higher", 0,
        group="fleet", headline=True, **_DS,
        definition="Village-leg km over village-leg vehicle-days owned (rural delivery vans drive ≈ 100 km a day)."),
    # -- emissions and villagers' travel -------------------------------------------------
    Kpi("co2_kg", "CO₂ emitted", "二氧化碳排放", "kg", "lower", 0, group="environment", **_DS,
        definition="CO₂ of truck and van km, drone flights and villagers' trips."),
    Kpi("co2_down_kg", "CO₂ of parcels", "下行二氧化碳排放", "kg", "lower", 0, group="environment", **_D,
        definition="CO₂ of parcel tours and of villagers fetching parcels."),
    Kpi("co2_kg_per_parcel", "CO₂ per parcel", "单件二氧化碳排放", "kg/parcel", "lower", 3, group="environment",
        headline=True, **_DS,
        definition="CO₂ of parcel tours, drones and villagers' trips to fetch parcels, over parcels delivered."),
    Kpi("villager_km", "Villagers' km", "村民出行里程", "km", "lower", 0, group="environment",
        headline=True, **_DS,
        definition="Km villagers travel to fetch parcels or take produce to the township (round trips; trips "
                   "on market days ride the market trip and add none)."),
    Kpi("packaging_waste_kg", "Packaging waste", "包装废弃物", "kg", "lower", 0, group="environment",
        headline=True, **_DS,
        definition="Single-use packaging of parcels arriving and produce harvested, plus returnable crates' and "
                   "boxes' plastic spread over their trips ([packaging], policies.returnable_crates)."),
    Kpi("packaging_co2_kg", "Packaging CO₂", "包装碳排放", "kg", "lower", 0, group="environment", **_DS,
        definition="CO₂ of making that packaging (not in co2_kg, which is transport)."),
    Kpi("packaging_cost_yuan", "Packaging cost", "包装成本", "yuan", "lower", 0, group="environment", **_DS,
        definition="What the packaging costs whoever pays for it (senders, farmers, the crate pool): single-use "
                   "boxes and cartons, or crates' and boxes' price over their trips plus handling. Not in the "
                   "operators' cost."),
    *UPSTREAM_KPIS,
    # -- policy levers at work -----------------------------------------------------------
    Kpi("bus_parcels", "Parcels carried by rural buses", "客运班车带货件数（下行）", "parcels", "", 0,
        group="policy", **_DS, definition="Parcels rural bus lines carried to villages."),
    Kpi("bus_lots", "Produce lots carried by rural buses", "客运班车带货批次（上行）", "lots", "", 0,
        group="policy", **_DS, definition="Produce lots rural bus lines brought to the township."),
    Kpi("bus_fees_yuan", "Fees paid to rural buses", "客运班车带货费用", "yuan", "", 0, group="policy", **_D,
        definition="Fee per item paid to the bus operator."),
    Kpi("drone_flights", "Drone flights", "无人机架次", "flights", "", 0, group="policy", **_DS,
        definition="Drone flights from township stations to remote villages."),
    Kpi("drone_cost_yuan", "Drone cost", "无人机成本", "yuan", "", 0, group="policy", **_D,
        definition="Drone flights and the drones' fixed cost per day."),
    Kpi("crowd_parcels", "Parcels carried by crowdsourced couriers", "众包配送件数", "parcels", "", 0,
        group="policy", **_DS, definition="Parcels villagers going home took to their village for a fee."),
    Kpi("crowd_fees_yuan", "Fees paid to crowdsourced couriers", "众包配送费用", "yuan", "", 0, group="policy",
        **_D, definition="Fee per parcel × parcels."),
    Kpi("postal_parcels", "Parcels handed to the postal partner", "邮快合作交接件数", "parcels", "", 0,
        group="policy", **_DS, definition="Brands' village parcels handed to the postal partner at townships."),
    Kpi("postal_fees_yuan", "Hand-over fees paid to the postal partner", "邮快合作交接费", "yuan", "", 0,
        group="policy", **_D, definition="policies.postal_express.fee_yuan_per_parcel × parcels handed over."),
    Kpi("keeper_parcels", "Parcels handed over at service points", "服务站交付件数", "parcels", "", 0,
        group="policy", **_D, definition="Door deliveries at village service points (the keepers' commission base)."),
    Kpi("keeper_commission_yuan", "Commission paid to service-point keepers", "服务站代办佣金", "yuan", "", 0,
        group="policy", **_D, definition="costs.keeper_commission_yuan_per_parcel × parcels handed over at points."),
    Kpi("keeper_income_yuan_per_month", "Keeper's income per service point and month", "服务站站长月收入",
        "yuan/month", "higher", 0, group="policy", headline=True, **_S,
        definition="Commission plus the per-point subsidy, per service point and 30 days, mean over points."),
    Kpi("service_points_viable_share", "Service points that pay their keeper", "可持续服务站比例", "%", "higher", 1,
        group="policy", headline=True, **_S,
        definition="Share of service points whose commission and subsidy reach costs.keeper_target_income_"
                   "yuan_per_month (400–500 yuan a month is what keepers earn)."),
    Kpi("locker_parcels", "Parcels through lockers", "智能快件箱件数", "parcels", "", 0, group="policy", **_DS,
        definition="Parcels left in village lockers or fetched from township lockers (policies.lockers)."),
    Kpi("locker_cost_yuan", "Lockers' cost", "智能快件箱成本", "yuan", "", 0, group="policy", **_D,
        definition="policies.lockers.cost_per_day_yuan × locker banks."),
    Kpi("empties_carried", "Empty crates and boxes carried back", "周转箱回程件数", "crates", "", 0,
        group="policy", **_DS, definition="Returnable crates and boxes that rode a tour back, folded."),
    *UPSTREAM_POLICY_KPIS,
    # -- far and near villages -----------------------------------------------------------
    Kpi("lead_time_gap_far_near_h", "Lead-time gap, far vs near villages", "远近村时效差", "h", "zero", 1,
        group="equity", headline=True, **_S,
        definition="Mean lead time of the farthest quarter of villages (road km from the hub) minus the "
                   "nearest quarter's."),
    Kpi("cost_gap_far_near_yuan", "Cost gap, far vs near villages", "远近村单件成本差", "yuan", "zero",
        group="equity", headline=True, **_S,
        definition="Last-leg cost per parcel of the farthest quarter of villages minus the nearest quarter's."),
    Kpi("produce_sold_yuan_per_village", "Produce sold per village", "村均农产品销售额", "yuan", "higher", 0,
        group="equity", **_S, definition="Produce shipped out valued at farm-gate prices, mean per village."),
    Kpi("subsidy_per_served_villager_yuan", "Subsidy per served villager", "受益村民人均补贴", "yuan", "lower",
        group="equity", **_S,
        definition="Government cost over residents of villages that had door service at least once."),
    # -- route planning ------------------------------------------------------------------
    Kpi("routing_solves", "Route plans solved", "线路规划求解次数", "plans", "", 0, group="routing", **_S,
        definition="Village rounds and trunk runs planned from scratch."),
    Kpi("routing_repairs", "Route plans repaired", "线路修补次数", "plans", "", 0, group="routing", **_S,
        definition="Kept plans whose overloaded routes were re-planned."),
    Kpi("routing_cache_hits", "Route plans reused", "线路复用次数", "plans", "", 0, group="routing", **_S,
        definition="Days a kept route plan still fitted the loads and was reused."),
)

BY_KEY: dict[str, Kpi] = {k.key: k for k in KPIS}
DAILY: tuple[Kpi, ...] = tuple(k for k in KPIS if k.daily)
SUMMARY: tuple[Kpi, ...] = tuple(k for k in KPIS if k.summary)
HEADLINE: tuple[Kpi, ...] = tuple(k for k in KPIS if k.headline)
PLOTTED: tuple[Kpi, ...] = tuple(k for k in KPIS if k.plot and k.daily)


def kpi(key: str) -> Kpi:
    """The registry entry for ``key``; KeyError names the key."""
    try:
        return BY_KEY[key]
    except KeyError:
        raise KeyError(f"{key!r} is not a KPI of sim.kpis.registry") from None

__all__ = ["GROUPS", "KPIS", "BY_KEY", "DAILY", "SUMMARY", "HEADLINE", "PLOTTED", "LANGUAGES", "Kpi", "kpi"]
