"""The app's page: pick a scenario, change levers, step or play the model, watch the county.

    python -m sim app [--port N]

State lives in Solara reactive variables (one set per browser session). Changing the
scenario, a lever or the seed builds a new model at day 0, as Mesa's SolaraViz does on a
parameter change; the county's geography is built once per scenario and reused, so the
road layer the browser drew stays as it is. Each Step runs the model one day (or two
hours) and redraws only what changed: the map's facilities and vehicles, the charts and
the summary.
"""

from __future__ import annotations

import asyncio
import math

import solara

from sim.app import map_layer
from sim.app.components import CountyMap, KpiCharts, LeverControl, SummaryPanel, chart_series
from sim.app.levers import LEVERS, changed_overrides
from sim.app.scenarios import load_shipped, load_uploaded, shipped_scenarios
from sim.app.words import LANGUAGE_BUTTONS, map_words, word
from sim.cli_common import BAD_INPUT_ERRORS
from sim.config import ScenarioConfig
from sim.i18n import day_text, text

DEFAULT_SCENARIO = "joint_distribution"
STEP_HOURS = (24, 2)                 # the step sizes offered: a day, two hours
PLAY_PAUSE_S = 0.05                  # pause between steps while playing (the page redraws meanwhile)
UPLOAD_PREFIX = "⇪ "                 # marks the uploaded scenario in the list

lang = solara.reactive("en")
scenario_name = solara.reactive(DEFAULT_SCENARIO)
uploaded = solara.reactive(None)     # (label, ScenarioConfig) of the last uploaded file
lever_values = solara.reactive({})   # lever key → value the user set
seed = solara.reactive(None)         # None: the scenario's own seed
step_hours = solara.reactive(24)
color_by = solara.reactive("door")
playing = solara.reactive(False)
error = solara.reactive("")
model = solara.reactive(None)
tick = solara.reactive(0)            # bumped after each step: what the page redraws on
running = solara.reactive(True)      # the model has days left (the Step and Play buttons)
_geographies: dict = {}              # scenario label → Geography, reused across resets


def base_config() -> ScenarioConfig:
    """The chosen scenario, as loaded (shipped file or validated upload)."""
    name = scenario_name.value
    if uploaded.value is not None and name == UPLOAD_PREFIX + uploaded.value[0]:
        return uploaded.value[1]
    return load_shipped(name)


def build_model() -> bool:
    """A new model at day 0 from the scenario, levers and seed; a bad combination is one line
    in the page and the previous model stays (returns False)."""
    from sim.model.model import RuralLogisticsModel

    playing.value = False
    try:
        config = base_config()
        overrides = changed_overrides(config, {k: v for k, v in lever_values.value.items()})
        geo = _geographies.get(scenario_name.value)
        kwargs = {} if seed.value is None else {"rng": int(seed.value)}
        m = RuralLogisticsModel(config, overrides=overrides, geography=geo, **kwargs)
    except BAD_INPUT_ERRORS + (ValueError, TypeError) as err:
        error.value = " ".join(str(err).split())
        return False
    _geographies[scenario_name.value] = m.geography
    error.value = ""
    model.value = m
    running.value = True
    tick.value += 1
    return True


def step() -> None:
    """Advance the model one step (a day, or two hours) and ask the page to redraw."""
    m = model.value
    if m is None or not m.running:
        playing.value = False
        return
    if step_hours.value >= 24:
        m.run_days(1)
    else:
        m.run_until(m.time + step_hours.value / 24.0)
    if not m.running:
        playing.value = False
        running.value = False
    tick.value += 1


def choose_scenario(name: str) -> None:
    scenario_name.value = name
    lever_values.value = {}
    build_model()


def set_lever(key: str, value) -> None:
    """A lever changed: a new run with it; a value the scenario refuses is undone (the error stays)."""
    before = lever_values.value
    lever_values.value = {**before, key: value}
    if not build_model():
        lever_values.value = before


def set_seed(value) -> None:
    before = seed.value
    seed.value = value
    if not build_model():
        seed.value = before


def on_upload(file) -> None:
    """A dropped scenario file: validated like any scenario file (see :mod:`sim.app.scenarios`)."""
    try:
        config = load_uploaded(file["data"], file["name"])
    except BAD_INPUT_ERRORS as err:
        error.value = " ".join(str(err).split())
        return
    uploaded.value = (config.scenario.name, config)
    _geographies.pop(UPLOAD_PREFIX + config.scenario.name, None)
    choose_scenario(UPLOAD_PREFIX + config.scenario.name)


@solara.component
def Controls():
    L = lang.value
    m = model.value
    names = list(shipped_scenarios())
    if uploaded.value is not None:
        names.append(UPLOAD_PREFIX + uploaded.value[0])
    solara.Select(label=word("scenario", L), values=names, value=scenario_name.value, on_value=choose_scenario)
    solara.FileDrop(label=word("upload", L), on_file=on_upload, lazy=False)
    with solara.Row():
        solara.Button(word("step", L), on_click=step, color="primary", disabled=m is None or not running.value,
                      classes=["step-button"])
        solara.Button(word("pause" if playing.value else "play", L),
                      on_click=lambda: playing.set(not playing.value), disabled=m is None or not running.value,
                      classes=["play-button"])
        solara.Button(word("reset", L), on_click=build_model, classes=["reset-button"])
    solara.ToggleButtonsSingle(value=step_hours.value, on_value=step_hours.set,
                               children=[solara.Button(word("step_day" if h >= 24 else "step_2h", L), value=h)
                                         for h in STEP_HOURS])
    solara.v.Html(tag="h4", children=[word("levers", L)], style_="margin-top: 12px")
    config = m.config if m is not None else None
    for lever in LEVERS:
        value = lever_values.value.get(lever.key, lever.value_in(config) if config is not None else None)
        if value is None:
            continue
        LeverControl(lever, value, lambda v, key=lever.key: set_lever(key, v), L)
    solara.InputInt(label=word("seed", L), value=seed.value if seed.value is not None
                    else (config.scenario.seed if config is not None else 0), on_value=set_seed)


@solara.component
def CountyView(m, L: str, step_count: int):
    """Day and county line, the map, today's and the run's KPIs, and the charts of model ``m``
    (``step_count`` changes at each step)."""
    geo = m.geography
    roads = solara.use_memo(lambda: map_layer.road_layer(geo), dependencies=[id(geo)])
    service = solara.use_memo(lambda: map_layer.service_layer(m), dependencies=[id(m)])
    hour = int(round(m.now_h - 24 * math.floor(m.time))) % 24
    with solara.Row(style={"align-items": "baseline"}):
        solara.v.Html(tag="h2", children=[day_text(m.day, L)], class_="day-label")
        solara.v.Html(tag="span", children=[text("day_time", L, date=m.today.isoformat(), hour=hour)],
                      class_="grey--text")
        solara.v.Html(tag="span", children=[word("county", L, townships=len(geo.townships),
                                                 villages=len(geo.villages))
                                            + (f" · {word('synthetic_roads', L)}" if geo.synthetic_roads else "")],
                      class_="grey--text county-label", style_="margin-left: 16px")
    with solara.Column(gap="0px"):           # a fixed slot: the map and charts after it keep their place
        if not m.running:
            solara.Info(word("run_over", L, days=m.config.scenario.days))
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "flex-start"}):
        with solara.Card(word("map", L), style={"flex": "3", "min-width": "420px", "max-width": "900px"}):
            solara.ToggleButtonsSingle(value=color_by.value, on_value=color_by.set,
                                       children=[solara.Button(word("color_door", L), value="door"),
                                                 solara.Button(word("color_waiting", L), value="waiting")])
            CountyMap(roads_layer=roads, service_layer=service, state_layer=map_layer.state_layer(m),
                      color_by=color_by.value, words=map_words(L))
        with solara.Card(style={"flex": "2", "min-width": "340px"}):
            SummaryPanel(today=m.day_kpis, so_far=m.summary(), lang=L)
    with solara.Card(word("charts", L)):
        series, days = chart_series(m.datacollector.model_vars, L)
        KpiCharts(series=series, days=days, words={"day_fmt": text("day_n", L), "no_day_yet": word("no_day_yet", L)})


@solara.component
def Page():
    L = lang.value
    solara.Title(word("title", L))
    solara.use_effect(lambda: build_model() if model.value is None else None, [])

    async def play_loop():
        while playing.value:
            step()
            await asyncio.sleep(PLAY_PAUSE_S)

    solara.lab.use_task(play_loop, dependencies=[playing.value], prefer_threaded=False)

    m = model.value
    with solara.AppBar():
        solara.v.Spacer()
        for code, label in LANGUAGE_BUTTONS:
            solara.Button(label, on_click=lambda code=code: lang.set(code), text=True, outlined=(L == code),
                          classes=[f"lang-{code}"])
    with solara.Sidebar():
        Controls()
    if error.value:
        solara.Error(f"{word('error', L)}: {error.value}", classes=["app-error"])
    if m is None:
        return
    LiveView(m, L)


@solara.component
def LiveView(m, L: str):
    """What a step changes; only this part of the page re-renders after each step (it reads ``tick``)."""
    step_count = tick.value
    CountyView(m, L, step_count)
