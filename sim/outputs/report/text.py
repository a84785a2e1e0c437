"""The report's sentences and headings in English and Chinese (``--lang en|zh``).

KPI labels come from the registry, units and map words from :mod:`sim.i18n`. ``t(key,
lang, **fmt)`` gives a sentence; every key has both languages (a test checks).
"""

from __future__ import annotations

from sim.i18n import lookup

# key: (English, Chinese)
REPORT_TEXT: dict[str, tuple[str, str]] = {
    # -- page -------------------------------------------------------------------------------
    "title_few": ("Scenario comparison: {names}", "场景对比：{names}"),
    "title_many": ("Scenario comparison: {n} scenarios against {ref}", "场景对比：{n} 个场景与 {ref} 对比"),
    "vs": (" vs ", " 对比 "),
    "compared": ("{n} run{s} compared; reference: {ref}.", "共对比 {n} 次运行；参照：{ref}。"),
    "not_like_for_like": ("Not a like-for-like comparison.", "并非同条件对比。"),
    "warning_md": ("Warning: not a like-for-like comparison.", "注意：并非同条件对比。"),
    "mixes": ("Differences in the KPIs below mix the policy effect with these differences; rerun with the "
              "same seed, days and county to isolate the policy.",
              "下列指标的差异混合了政策效果与上述差异；请用相同的随机种子、天数和县域重新运行，以单独衡量政策效果。"),
    "at_a_glance": ("At a glance", "概览"),
    "what_compared": ("What was compared", "对比内容"),
    "kpis": ("Key performance indicators", "关键绩效指标"),
    "kpi": ("KPI", "指标"),
    "reference": ("(reference)", "（参照）"),
    "scenarios_part": ("Scenarios {a}–{b} of {n}, beside the reference:", "第 {a}–{b} 个场景（共 {n} 个），与参照并列："),
    "raw_table_html": ("The same table, with raw values, is in kpis.csv next to this file.",
                       "含原始数值的同一张表见本文件旁的 kpis.csv。"),
    "raw_table_md": ("The same table, with raw values: `kpis.csv`.", "含原始数值的同一张表：`kpis.csv`。"),
    "footer": ("Made by python -m sim compare … --out or python -m sim run-all from the run folders listed above. "
               "KPI definitions (unit, direction, what each leaves out): docs/KPIs.md in the tool's repository.",
               "由 python -m sim compare … --out 或 python -m sim run-all 根据上列运行文件夹生成。"
               "指标定义（单位、方向及不计入的内容）：本工具代码库中的 docs/KPIs.md。"),
    "note": ("Note", "注"),
    "how_to_read": ("The first scenario ({ref}) is the reference. Each other scenario's value is followed by its "
                    "change against the reference: in % of the reference value; in percentage points (pp) for KPIs "
                    "that are shares; as a difference in hours or yuan for the far-vs-near gaps. Green means "
                    "better, red worse, judged by the direction given under each KPI.",
                    "第一个场景（{ref}）为参照。其他场景的数值后附与参照相比的变化：一般为相对参照值的百分比；"
                    "比例类指标为百分点（pp）；远近村差距为小时或元的差值。绿色表示更好，红色表示更差，"
                    "判断方向见各指标下方说明。"),
    "lower": ("lower is better", "越低越好"),
    "higher": ("higher is better", "越高越好"),
    "zero": ("closer to 0 is better", "越接近 0 越好"),
    "pp": ("pp", "个百分点"),
    # -- what was compared ------------------------------------------------------------------
    "row_description": ("Description", "说明"),
    "row_mode": ("Operating mode", "运营模式"),
    "row_backhaul": ("Produce backhaul", "回程带货"),
    "row_days": ("Days simulated", "模拟天数"),
    "row_start": ("Start date", "开始日期"),
    "row_seed": ("Random seed", "随机种子"),
    "row_county": ("County", "县域"),
    "row_size": ("Townships / villages", "乡镇 / 行政村"),
    "row_folder": ("Run folder", "运行文件夹"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "not_recorded": ("not recorded", "未记录"),
    "differ": ("The runs differ in {what}: {parts}.", "各次运行的{what}不同：{parts}。"),
    "for": ("{v} for {labels}", "{labels} 为 {v}"),
    "what_seed": ("random seed", "随机种子"),
    "what_days": ("days simulated", "模拟天数"),
    "what_start": ("start date", "开始日期"),
    "what_county": ("county", "县域"),
    "what_villages": ("number of villages", "行政村数"),
    # -- chart sections ---------------------------------------------------------------------
    "kpi_bars": ("Main KPIs", "主要指标"),
    "kpi_bars_text": ("One panel per KPI; the bars are the scenarios, labelled with their values.",
                      "每个指标一幅图；柱为各场景，并标注数值。"),
    "lead_times": ("Lead-time distribution", "时效分布"),
    "lead_times_text": ("How long parcels take from arrival at the county hub until the villager has them (door "
                        "drop, or home after fetching it from an outlet). Left: share of parcels delivered within "
                        "so many hours; a curve further left and steeper is faster. Right: the same as a histogram.",
                        "包裹从到达县级中心到村民拿到（送货上门，或村民自取回家）所用时间。左：在若干小时内送达的包裹比例，"
                        "曲线越靠左越陡表示越快。右：同一分布的直方图。"),
    "daily": ("Day by day", "逐日变化"),
    "daily_text": ("Daily values of the main KPIs over the run, one panel per KPI.",
                   "运行期间主要指标的每日数值，每个指标一幅图。"),
    "equity": ("Far and near villages", "远近村对比"),
    "equity_text": ("Villages split into four equal groups by road distance from the county hub (Q1 nearest, Q4 "
                    "farthest); mean lead time of the parcels delivered there, and the share delivered to the "
                    "door. Similar bars across the groups mean remote villages are served as well as near ones.",
                    "按距县级中心的道路距离把行政村平均分为四组（Q1 最近，Q4 最远）；各组送达包裹的平均时效及送货上门比例。"
                    "各组柱高相近说明偏远村与近郊村服务相当。"),
    "county_map": ("The county", "县域地图"),
    "county_map_text": ("Roads by class, the county hub and township stations, and each village linked to its "
                        "township; facilities more than 1 km from a road are ringed in red. Check here that the "
                        "county was read as you expect.",
                        "按等级显示道路、县级物流中心和乡镇中转站，每个行政村连线到所属乡镇；距路网超过 1 公里的网点以红圈标出。"
                        "可在此核对县域数据是否读取正确。"),
    "service_map": ("Door service by village, per scenario", "各场景的村级上门服务"),
    "service_map_text": ("Each village coloured by the share of days it had door service (red never, green every "
                         "day), sized by parcels delivered; one map per scenario, side by side.",
                         "每个行政村按有上门服务的天数占比着色（红色为从未，绿色为每天），点大小表示送达包裹数；每个场景一幅图，并列显示。"),
    # -- chart texts ------------------------------------------------------------------------
    "cum_title": ("Parcels delivered within … hours (cumulative share)", "在若干小时内送达的包裹（累计比例）"),
    "pct_delivered": ("% of delivered parcels", "占送达包裹的百分比"),
    "hist_title": ("Parcels by lead time ({w:g}-hour bins)", "按时效分组的包裹（每组 {w:g} 小时）"),
    "hours_axis": ("hours from arrival at the county hub to the villager", "从到达县级中心到村民的小时数"),
    "nearest": ("nearest", "最近"),
    "farthest": ("farthest", "最远"),
    "equity_lead": ("Mean lead time by distance from the hub (h)", "按距县中心距离的平均时效（小时）"),
    "equity_door": ("Parcels delivered to the door, by distance (%)", "按距离的送货上门比例（%）"),
    "date": ("date", "日期"),
    "day": ("day", "天"),
    # -- notes ------------------------------------------------------------------------------
    "not_charted": ("Not in these runs' summaries, so not charted: {names}.", "以下指标不在这些运行的汇总中，未绘图：{names}。"),
    "bars_skipped": ("KPI bar charts skipped: no KPI values in the summaries.", "未绘制指标柱状图：汇总中没有指标数值。"),
    "left_out": ("{problem} (left out of the {chart})", "{problem}（未纳入{chart}）"),
    "chart_lead": ("lead-time chart", "时效图"),
    "chart_daily": ("daily charts", "逐日图"),
    "chart_equity": ("equity chart", "远近村图"),
    "chart_maps": ("maps", "地图"),
    "no_file": ("{label}: no {name} in {folder}", "{label}：{folder} 中没有 {name}"),
    "unreadable": ("{label}: {name} could not be read ({err})", "{label}：无法读取 {name}（{err}）"),
    "lacks": ("{label}: {name} lacks column(s) {cols}", "{label}：{name} 缺少列 {cols}"),
    "none_delivered": ("{label}: no parcel delivered", "{label}：没有送达的包裹"),
    "lead_skipped": ("Lead-time distribution skipped: no run has a usable lead_times.csv.",
                     "未绘制时效分布：没有可用的 lead_times.csv。"),
    "longer_drawn": ("Parcels taking longer than {a:g} h are drawn at {b:g} h.", "超过 {a:g} 小时的包裹画在 {b:g} 小时处。"),
    "charts_stop": ("The charts stop at {x:g} h, when every scenario has delivered 99.5 % of its parcels; the "
                    "cumulative curves reach 100 % further right.",
                    "图在 {x:g} 小时处截止，此时各场景均已送达 99.5% 的包裹；累计曲线在更右侧达到 100%。"),
    "daily_skipped": ("Daily time series skipped: no run has a daily KPI table.", "未绘制逐日曲线：没有每日指标表。"),
    "daily_missing": ("Daily '{key}' is in no run's table (chart left out).", "每日指标“{key}”不在任何运行的表中（未绘图）。"),
    "no_date": ("Some runs have no 'date' column; the daily charts use the day number.",
                "部分运行没有“date”列；逐日图使用天数。"),
    "no_daily": ("{label}: no daily_kpis.parquet in {folder}", "{label}：{folder} 中没有 daily_kpis.parquet"),
    "daily_unreadable": ("{label}: daily KPIs could not be read ({err})", "{label}：无法读取每日指标（{err}）"),
    "few_distances": ("{label}: fewer than 4 distinct village distances", "{label}：不同的村距离少于 4 个"),
    "equity_skipped": ("Equity chart skipped: no run has a usable villages.csv.", "未绘制远近村图：没有可用的 villages.csv。"),
    "other_counties": ("The runs are on different counties, so each run's quartiles have their own km ranges.",
                       "各次运行的县域不同，因此各自的四分组有各自的距离范围。"),
    "maps_skipped": ("Maps skipped: no run folder has facilities.csv and roads.csv (runs written before maps "
                     "were added).", "未绘制地图：运行文件夹中没有 facilities.csv 和 roads.csv（可能是加入地图功能之前的运行）。"),
    "map_of": ("The county map is {label}'s; the runs are not all on this county.", "县域地图取自 {label}；并非所有运行都在该县域。"),
}


def t(key: str, lang: str = "en", **fmt: object) -> str:
    """The report's sentence ``key`` in ``lang``, formatted with ``fmt``."""
    return lookup(REPORT_TEXT, key, lang, **fmt)
