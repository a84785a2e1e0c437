"""The page's pieces: the canvas map and KPI charts (Vue templates beside this file), the
summary panel, and one control per lever of :data:`sim.app.levers.LEVERS`."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import solara

from sim.app.levers import Lever
from sim.app.words import word
from sim.i18n import unit
from sim.kpis import registry
from sim.kpis.registry import Kpi
from sim.outputs.report.formatting import fmt_value

HERE = Path(__file__).parent

# The KPIs the app charts day by day: the registry's plotted ones (the run folder's plots).
CHARTED: tuple[Kpi, ...] = registry.PLOTTED
# The summary panel: today's row (daily headline KPIs) and the run so far (summary ones).
TODAY: tuple[Kpi, ...] = tuple(k for k in registry.HEADLINE if k.daily)
SO_FAR: tuple[Kpi, ...] = tuple(k for k in registry.HEADLINE if k.summary and k.group != "run")


@solara.component_vue(str(HERE / "county_map.vue"))
def CountyMap(roads_layer: dict, service_layer: dict, state_layer: dict, color_by: str, words: dict):
    """The county on two canvases: roads (drawn when the county changes) under facilities and vehicles."""


@solara.component_vue(str(HERE / "kpi_charts.vue"))
def KpiCharts(series: list, days: list, words: dict):
    """One small line chart per KPI of ``series`` ({key, label, unit, share, values})."""


def _json_number(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def chart_series(model_vars: dict, lang: str) -> tuple[list[dict], list[int]]:
    """The charted KPIs' daily values from the DataCollector's ``model_vars``, labelled in ``lang``."""
    days = [int(d) for d in model_vars.get("day", [])]
    series = [{"key": k.key, "label": k.label(lang), "unit": unit(k.unit, lang), "share": k.is_share,
               "values": [_json_number(v) for v in model_vars.get(k.key, [])]} for k in CHARTED]
    return series, days


def _kpi_table(kpis: tuple[Kpi, ...], values: dict, lang: str, css: str):
    """A KPI per row: label (registry), value with its unit; "–" for a value not there."""
    with solara.v.SimpleTable(dense=True, class_=css):
        with solara.v.Html(tag="tbody"):
            for k in kpis:
                shown = "" if k.is_share or not k.unit else f" {unit(k.unit, lang)}"
                with solara.v.Html(tag="tr", attributes={"data-kpi": k.key}):
                    solara.v.Html(tag="td", children=[k.label(lang)])
                    solara.v.Html(tag="td", children=[fmt_value(k, values.get(k.key)) + shown],
                                  class_="text-right kpi-value")


@solara.component
def SummaryPanel(today: dict, so_far: dict, lang: str):
    """Today's KPIs (the last completed day) and the run so far, labels from the registry."""
    solara.v.Html(tag="h4", children=[word("totals", lang)])
    _kpi_table(SO_FAR, so_far, lang, "kpi-so-far")
    solara.v.Html(tag="h4", children=[word("today", lang) if today else word("no_day_yet", lang)],
                  style_="margin-top: 12px")
    _kpi_table(TODAY, today, lang, "kpi-today")      # "–" before the first day: the same rows, cheap to update


@solara.component
def LeverControl(lever: Lever, value: Any, on_value: Callable[[Any], None], lang: str):
    """The control for one lever, by its kind."""
    label = lever.label(lang)
    if lever.kind == "choice":
        labels = [lever.choice_label(v, lang) for v, _, _ in lever.choices]
        by_label = {lever.choice_label(v, lang): v for v, _, _ in lever.choices}
        solara.Select(label=label, values=labels, value=lever.choice_label(value, lang),
                      on_value=lambda text: on_value(by_label[text]))
    elif lever.kind == "flag":
        solara.Switch(label=label, value=bool(value), on_value=on_value)
    elif lever.kind == "int":
        solara.SliderInt(label=f"{label}: {int(value)}", value=int(value), min=int(lever.low),
                         max=int(lever.high), step=int(lever.step), on_value=on_value, thumb_label=False)
    else:
        solara.SliderFloat(label=f"{label}: {float(value):g}", value=float(value), min=lever.low, max=lever.high,
                           step=lever.step, on_value=on_value, thumb_label=False)
