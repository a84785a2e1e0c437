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

from dataclasses import dataclass

LANGUAGES = ("en", "zh")


@dataclass(frozen=True)
class Kpi:
    """One indicator of a run (or a setting that describes the run)."""

    key: str
    label_en: str
    label_zh: str
    unit: str
    better: str = ""
    decimals: int = 2
    daily: bool = False        # a column of the daily table (a DataCollector reporter)
    summary: bool = False      # a key of the run summary (summary.json)
    headline: bool = False     # shown in the terminal table and the report's bar charts
    plot: bool = False         # drawn over time (run folder plots, report day-by-day charts)
    group: str = ""
    definition: str = ""

    @property
    def is_share(self) -> bool:
        """True for a share between 0 and 1, shown as a percentage."""
        return self.unit == "%"

    def label(self, lang: str = "en") -> str:
        """The label in ``lang`` ("en" or "zh")."""
        if lang not in LANGUAGES:
            raise ValueError(f"lang: expected one of {LANGUAGES}, got {lang!r}")
        return self.label_zh if lang == "zh" else self.label_en


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
    Kpi("facilities_snapped_beyond_1km", "Facilities more than 1 km from a road", "距路网超1公里的网点数",
        "facilities", decimals=0, group="run", **_S,
        definition="Hub, townships and villages whose coordinates lie more than 1 km (straight line, "
                   "defaults.SNAP_REPORT_KM) from the nearest node of the road file they were placed on; "
                   "their road km start at that node (snap_km in villages.csv). 0 without a road file."),
    # -- parcel volumes ------------------------------------------------------------------
    Kpi("parcels_created", "Parcels ordered", "下单包裹数", "parcels", decimals=0, group="volume",
        headline=True, **_DS,
        definition="Parcels arriving at the county hub for the villages (that day; run: in total)."),
    Kpi("parcels_delivered", "Parcels delivered", "送达包裹数", "parcels", "higher", 0, group="volume",
        headline=True, **_DS,
        definition="Parcels handed over at the village door or brought home by a villager."),
    Kpi("parcels_delivered_door", "Parcels delivered to the door", "送货上门包裹数", "parcels", "higher", 0,
        group="volume", **_D, definition="Parcels dropped at the village service point (or by a courier)."),
    Kpi("parcels_fetched_by_villagers", "Parcels fetched by villagers", "村民自取包裹数", "parcels", "", 0,
        group="volume", **_D, definition="Parcels villagers fetched from a township outlet themselves."),
    Kpi("parcels_delivered_door_share", "Parcels delivered to the door", "送货上门比例", "%", "higher", 1,
        group="volume", **_S, definition="Door deliveries over parcels delivered."),
    Kpi("parcels_waiting", "Parcels waiting at facilities", "滞留包裹数", "parcels", "lower", 0,
        group="volume", headline=True, plot=True, **_DS,
        definition="Parcels waiting at the hub, stations and outlets (end of the day; run: end of the run)."),
    Kpi("parcels_in_vehicles", "Parcels on vehicles", "在途包裹数", "parcels", "", 0, group="volume", **_DS,
        definition="Parcels on board a vehicle (end of the day; run: end of the run)."),
    # -- costs ---------------------------------------------------------------------------
    Kpi("cost_per_parcel_yuan", "Operator cost per parcel", "单件运营成本", "yuan/parcel", "lower",
        group="cost", headline=True, plot=True, **_DS,
        definition="Operators' cost (vehicle fixed cost per day used, cost per km, handling at hub and "
                   "station, facilities, bus, drone and courier fees) less subsidies, over parcels delivered. "
                   "Includes produce trips, which ride the same fleet."),
    Kpi("cost_per_parcel_gross_yuan", "Operator cost per parcel before subsidies", "单件运营成本（补贴前）",
        "yuan/parcel", "lower", group="cost", **_S,
        definition="As cost_per_parcel_yuan, before subsidies."),
    Kpi("societal_cost_per_parcel_yuan", "Societal cost per parcel (operators + villagers' trips)",
        "单件社会总成本（运营商＋村民出行）", "yuan/parcel", "lower", group="cost", headline=True, **_DS,
        definition="Operators' cost less subsidies plus villagers' own pickup trips (km × cost per km + "
                   "outlet fee per trip), over parcels delivered."),
    Kpi("operator_cost_yuan", "Operator cost, total", "运营商成本合计", "yuan", "lower", 0, group="cost", **_DS,
        definition="What the operators bear: gross cost less subsidies."),
    Kpi("operator_cost_gross_yuan", "Operator cost before subsidies, total", "运营商成本合计（补贴前）", "yuan",
        "lower", 0, group="cost", **_DS, definition="Everything the operators pay, before subsidies."),
    Kpi("government_cost_yuan", "Government cost (subsidies), total", "政府补贴支出合计", "yuan", "lower", 0,
        group="cost", headline=True, **_DS,
        definition="Subsidies paid: per parcel delivered, per tour, per service point and day."),
    Kpi("subsidy_per_parcel_yuan", "Subsidy per parcel", "单件补贴", "yuan/parcel", "lower", group="cost",
        headline=True, **_S, definition="Government cost over parcels delivered."),
    Kpi("villager_cost_yuan", "Villagers' pickup cost, total", "村民取件成本合计", "yuan", "lower", 0,
        group="cost", **_DS,
        definition="Villagers' own trips to fetch parcels or take produce to the township: km × cost per km "
                   "plus the outlet fee per pickup trip."),
    # -- service -------------------------------------------------------------------------
    Kpi("lead_time_mean_h", "Lead time hub → village, mean", "平均时效（县中心→村）", "h", "lower", 1,
        group="service", headline=True, plot=True, **_DS,
        definition="Hours from arrival at the county hub until the parcel is at the village (door drop, or "
                   "the villager home with it), over parcels delivered."),
    Kpi("lead_time_p95_h", "Lead time hub → village, 95th percentile", "95%分位时效（县中心→村）", "h", "lower", 1,
        group="service", headline=True, **_DS, definition="95th percentile of the same lead time."),
    Kpi("hub_sort_wait_mean_h", "Wait for sorting at the county hub, mean", "县级中心平均分拣等待", "h", "lower", 2,
        group="service", **_D, definition="Hours from unloading at the hub until sorted, mean over the day."),
    Kpi("hub_sort_wait_peak_h", "Peak wait for sorting at the county hub", "县级中心分拣等待峰值", "h", "lower", 1,
        group="service", headline=True, **_S, definition="Largest daily mean sorting wait of the run."),
    Kpi("village_coverage", "Village door coverage (mean daily share)", "村级送货上门覆盖率（日均）", "%", "higher", 1,
        group="service", headline=True, plot=True, **_DS,
        definition="Share of villages served at the door at least once in the last coverage_window_days "
                   "days; the run value is the mean over days."),
    Kpi("village_coverage_every_window", "Villages served at the door in every window",
        "每个周期均有上门服务的村比例", "%", "higher", 1, group="service", **_S,
        definition="Share of villages served at the door in every window of coverage_window_days days."),
    # -- vehicles and loads --------------------------------------------------------------
    Kpi("load_factor_down", "Load factor downstream (parcels)", "下行装载率（包裹）", "%", "higher", 1,
        group="fleet", headline=True, plot=True, **_DS,
        definition="Σ parcel load·km / Σ capacity·km over all vehicle km."),
    Kpi("load_factor_up", "Load factor upstream (produce)", "上行装载率（农产品）", "%", "higher", 1,
        group="fleet", headline=True, plot=True, **_DS,
        definition="Σ produce load·km / Σ capacity·km over all vehicle km."),
    Kpi("vehicle_km", "Vehicle km", "车辆行驶里程", "km", "lower", 0, group="fleet", headline=True, **_DS,
        definition="Km driven by trucks and vans (buses and drones not included)."),
    Kpi("empty_km", "Empty-running km", "空驶里程", "km", "lower", 0, group="fleet", **_D,
        definition="Km driven with nothing on board."),
    Kpi("down_kg_km", "Parcel load × km", "下行货物周转量", "kg·km", "", 0, group="fleet", **_D,
        definition="Σ parcel kg on board × km driven."),
    Kpi("up_kg_km", "Produce load × km", "上行货物周转量", "kg·km", "", 0, group="fleet", **_D,
        definition="Σ produce kg on board × km driven."),
    Kpi("capacity_kg_km", "Capacity × km", "运力周转量", "kg·km", "", 0, group="fleet", **_D,
        definition="Σ vehicle capacity kg × km driven."),
    Kpi("empty_km_share", "Empty-running km share", "空驶里程占比", "%", "lower", 1, group="fleet",
        headline=True, plot=True, **_DS, definition="Empty km over vehicle km."),
    Kpi("tours", "Tours driven", "出车趟数", "tours", "", 0, group="fleet", **_D,
        definition="Trunk runs, village rounds and produce trips started."),
    Kpi("vehicles_used", "Vehicles used", "使用车辆数", "vehicles", "lower", 0, group="fleet", **_D,
        definition="Vehicles that drove at least one tour that day."),
    # -- emissions and villagers' travel -------------------------------------------------
    Kpi("co2_kg", "CO₂ emitted", "二氧化碳排放", "kg", "lower", 0, group="environment", **_D,
        definition="CO₂ of truck and van km and drone flights."),
    Kpi("co2_kg_per_parcel", "CO₂ per parcel", "单件二氧化碳排放", "kg/parcel", "lower", 3, group="environment",
        headline=True, **_DS, definition="CO₂ over parcels delivered."),
    Kpi("villager_pickup_km", "Villagers' pickup km", "村民取件出行里程", "km", "lower", 0, group="environment",
        headline=True, **_DS,
        definition="Km villagers travel to fetch parcels or take produce to the township (round trips)."),
    # -- produce -------------------------------------------------------------------------
    Kpi("produce_created_lots", "Produce lots for sale", "待售农产品批次", "lots", "", 0, group="produce", **_DS,
        definition="Lots harvested and ready for collection (that day; run: in total)."),
    Kpi("produce_shipped_lots", "Produce lots shipped out", "农产品外运批次", "lots", "higher", 0, group="produce",
        **_DS, definition="Lots that left the county on the outbound linehaul."),
    Kpi("produce_spoiled_lots", "Produce lots spoiled", "农产品损耗批次", "lots", "lower", 0, group="produce",
        **_DS, definition="Lots that spoiled before leaving the county."),
    Kpi("produce_waiting_lots", "Produce lots waiting or on the road", "待运农产品批次", "lots", "", 0,
        group="produce", **_D, definition="Lots at villages, stations, the hub or on vehicles (end of the day)."),
    Kpi("spoilage_share", "Produce spoiled (share of lots)", "农产品损耗率（批次）", "%", "lower", 1,
        group="produce", headline=True, plot=True, **_DS,
        definition="Lots spoiled over lots resolved (spoiled + shipped out)."),
    Kpi("spoilage_share_weight", "Produce spoiled (share of kg)", "农产品损耗率（重量）", "%", "lower", 1,
        group="produce", **_DS, definition="The same by kg."),
    # -- policy levers at work -----------------------------------------------------------
    Kpi("bus_parcels", "Parcels and lots carried by rural buses", "客运班车带货件数", "items", "", 0,
        group="policy", **_DS, definition="Parcels down and produce lots up carried by rural bus lines."),
    Kpi("bus_fees_yuan", "Fees paid to rural buses", "客运班车带货费用", "yuan", "", 0, group="policy", **_D,
        definition="Fee per item paid to the bus operator."),
    Kpi("drone_flights", "Drone flights", "无人机架次", "flights", "", 0, group="policy", **_DS,
        definition="Drone flights from township stations to remote villages."),
    Kpi("drone_cost_yuan", "Drone cost", "无人机成本", "yuan", "", 0, group="policy", **_D,
        definition="Cost per flight × flights."),
    Kpi("crowd_parcels", "Parcels carried by crowdsourced couriers", "众包配送件数", "parcels", "", 0,
        group="policy", **_DS, definition="Parcels villagers going home took to their village for a fee."),
    Kpi("crowd_fees_yuan", "Fees paid to crowdsourced couriers", "众包配送费用", "yuan", "", 0, group="policy",
        **_D, definition="Fee per parcel × parcels."),
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
