"""The app's own words in English and Chinese (map and clock words: :mod:`sim.i18n`; KPI
labels: the registry; lever labels: :mod:`sim.app.levers`)."""

from __future__ import annotations

from sim.i18n import lookup, text

# key: (English, Chinese)
APP_TEXT: dict[str, tuple[str, str]] = {
    "title": ("Rural e-commerce logistics: see the county", "农村电商物流：县域一览"),
    "scenario": ("Scenario", "场景"),
    "uploaded": ("uploaded: {name}", "已上传：{name}"),
    "upload": ("Or drop a scenario file (.toml) here", "或将场景文件（.toml）拖放到此处"),
    "levers": ("Levers", "政策与运营措施"),
    "seed": ("Random seed", "随机种子"),
    "step": ("Step", "单步"),
    "play": ("Play", "播放"),
    "pause": ("Pause", "暂停"),
    "reset": ("Reset", "重置"),
    "step_size": ("Each step", "每步"),
    "step_day": ("1 day", "1 天"),
    "step_2h": ("2 hours", "2 小时"),
    "color_by": ("Colour villages by", "村点颜色"),
    "color_door": ("door service", "上门服务"),
    "color_waiting": ("parcels on the way", "待送包裹"),
    "today": ("Today (last completed day)", "当日指标（最近完成的一天）"),
    "totals": ("So far", "累计"),
    "no_day_yet": ("No day completed yet", "尚未完成一天"),
    "run_over": ("The scenario's {days} days are done; press Reset to start again.",
                 "已完成场景设定的 {days} 天；按“重置”重新开始。"),
    "error": ("Cannot use this", "无法使用"),
    "county": ("County: {townships} townships, {villages} villages", "县域：{townships} 个乡镇，{villages} 个行政村"),
    "synthetic_roads": ("roads drawn straight between facilities", "道路为网点间直线连接"),
    "map": ("Map", "地图"),
    "charts": ("Main KPIs by day", "主要指标（按天）"),
    "waiting": ("parcels waiting", "滞留包裹"),
    "delivered": ("parcels delivered", "送达包裹"),
    "door": ("days with door service", "上门服务天数占比"),
    "grey": ("grey: no day yet", "灰色：尚无数据"),
    "size_map": ("size: parcels delivered", "点大小：送达包裹数"),
    "legend_door": ("Villages: days with door service", "村点：上门服务天数占比"),
    "legend_waiting": ("Villages: parcels on their way to them", "村点：待送往该村的包裹数"),
    "on_the_way": ("parcels on their way here", "待送往该村的包裹"),
    "mode_now": ("Running: {mode}", "当前：{mode}"),
    "on": ("on", "开"),
    "off": ("off", "关"),
}

LANGUAGE_BUTTONS = (("zh", "中文"), ("en", "English"))


def word(key: str, lang: str, **fmt: object) -> str:
    """The app's word ``key`` in ``lang``."""
    return lookup(APP_TEXT, key, lang, **fmt)


def map_words(lang: str) -> dict[str, str]:
    """Words the map component shows (legend, hover)."""
    keys = ("hub", "township", "village", "road_trunk", "road_township", "road_village", "road_other",
            "bus_line", "drone_link", "vehicle")
    out = {k: text(k, lang) for k in keys}
    out.update(waiting=word("waiting", lang), delivered=word("delivered", lang), door=word("door", lang),
               on_the_way=word("on_the_way", lang),
               grey=word("grey", lang), size=word("size_map", lang), color_door=word("legend_door", lang),
               color_waiting=word("legend_waiting", lang))
    return out
