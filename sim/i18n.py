"""Words a planner reads, in English and Chinese, in one place (the app, plots, maps, the report).

KPI labels are not here: they live with the KPIs (:meth:`sim.kpis.registry.Kpi.label`).
``text(key, lang)`` gives the word; a key missing from a language is a KeyError naming it,
so a new string cannot silently fall back to the other language (a test checks that every
key has both).
"""

from __future__ import annotations

from sim.kpis.registry import LANGUAGES

# key: (English, Chinese)
TEXT: dict[str, tuple[str, str]] = {
    # -- the clock -------------------------------------------------------------------------
    "day_n": ("Day {n}", "第 {n} 天"),
    "day_time": ("{date}, {hour:02d}:00", "{date} {hour:02d}:00"),
    # -- facilities and roads --------------------------------------------------------------
    "hub": ("County hub", "县级物流中心"),
    "township": ("Township station", "乡镇中转站"),
    "village": ("Village point", "村级服务点"),
    "road_trunk": ("Trunk road", "干线公路"),
    "road_township": ("Township road", "乡道"),
    "road_village": ("Village road", "村道"),
    "road_other": ("Other road", "其他道路"),
    "bus_line": ("Rural bus line", "农村客运班线"),
    "drone_link": ("Drone route", "无人机航线"),
    "vehicle": ("Vehicle (load in parcels)", "车辆（载货件数）"),
    "snapped_far": ("More than 1 km from a road", "距路网超过1公里"),
    "km_east": ("km east", "东向（公里）"),
    "km_north": ("km north", "北向（公里）"),
    "lon": ("longitude", "经度"),
    "lat": ("latitude", "纬度"),
    # -- map colouring ---------------------------------------------------------------------
    "color_door": ("Days with door service (share)", "上门服务天数占比"),
    "color_waiting": ("Parcels waiting", "滞留包裹数"),
    "color_lead": ("Mean lead time (h)", "平均时效（小时）"),
    "size_volume": ("Size: parcels delivered", "点大小：送达包裹数"),
    "size_population": ("Size: residents", "点大小：人口"),
    "no_delivery": ("no parcel delivered", "无送达包裹"),
    # -- maps in the outputs ---------------------------------------------------------------
    "map_title": ("{name}: facilities, roads and door service", "{name}：网点、道路与上门服务"),
    "map_county": ("County map", "县域地图"),
    "map_service": ("Door service and lead time", "上门服务与时效"),
    "map_township_assignment": ("Facilities and township assignment", "网点与所属乡镇"),
    "map_synthetic_roads": ("roads drawn straight between facilities (no road file)",
                            "无路网文件：道路为网点间直线连接"),
    # -- settings -------------------------------------------------------------------------
    "mode_joint": ("joint", "共同配送"),
    "mode_separate": ("separate", "分散配送"),
    # -- plots -----------------------------------------------------------------------------
    "daily_kpis": ("daily KPIs", "每日指标"),
    "date": ("date", "日期"),
    "day": ("day", "天"),
    "share": ("share", "比例"),
}


# KPI units (the registry's, in English) in Chinese; a unit not listed is shown as it is.
UNITS_ZH: dict[str, str] = {
    "day": "天", "days": "天", "flights": "架次", "h": "小时", "items": "件", "kg": "千克",
    "kg/parcel": "千克/件", "kg·km": "千克·公里", "km": "公里", "lots": "批", "parcels": "件", "plans": "次",
    "tours": "趟", "vehicles": "辆", "yuan": "元", "yuan/parcel": "元/件", "facilities": "个",
    "crates": "个", "trucks": "车次", "yuan/kg": "元/千克", "yuan/month": "元/月",
}


def unit(name: str, lang: str = "en") -> str:
    """A KPI unit in ``lang`` ("%" and unknown units unchanged)."""
    return UNITS_ZH.get(name, name) if lang == "zh" else name


def lookup(table: dict[str, tuple[str, str]], key: str, lang: str, **fmt: object) -> str:
    """``table[key]`` ((English, Chinese)) in ``lang`` ("en" or "zh"), formatted with ``fmt``.
    The app's and the report's word tables are read with it too."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang: expected one of {LANGUAGES}, got {lang!r}")
    en, zh = table[key]
    s = zh if lang == "zh" else en
    return s.format(**fmt) if fmt else s


def text(key: str, lang: str = "en", **fmt: object) -> str:
    """The string ``key`` of :data:`TEXT` in ``lang`` ("en" or "zh"), formatted with ``fmt``."""
    return lookup(TEXT, key, lang, **fmt)


def day_text(day: int, lang: str = "en") -> str:
    """"Day 3" / "第 3 天"."""
    return text("day_n", lang, n=day)
