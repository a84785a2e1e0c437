"""The app: levers declared once, scenario choice (shipped or uploaded, validated), the map's
layers, offline assets, the command line, and the page end to end in headless Chromium."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from app_browser import (app_server, browser_page, failed_requests, free_port, outside_requests, timed_step,
                         wait_for_day)
from sim import flows
from sim.app import map_layer
from sim.app.levers import LEVERS, changed_overrides
from sim.app.scenarios import SCENARIOS_DIR, load_shipped, load_uploaded, shipped_scenarios
from sim.app.server import missing_template_assets
from sim.config import ScenarioError, apply_overrides, load_config
from sim.model.model import RuralLogisticsModel

REPO = Path(__file__).resolve().parents[1]


# -- levers ----------------------------------------------------------------------------------

def _values_to_try(lever):
    if lever.kind == "choice":
        return [v for v, _, _ in lever.choices]
    if lever.kind == "flag":
        return [True, False]
    if lever.kind == "int":
        return [int(lever.low), int(lever.high)]
    return [lever.low, lever.high]


@pytest.mark.parametrize("lever", LEVERS, ids=[lever.key for lever in LEVERS])
def test_every_lever_is_a_scenario_key_its_control_can_set(lever):
    """Each declared lever reads its value from a scenario and every value its control offers
    is a valid override of that key (the model validates it like a scenario file would), in
    the mode the lever belongs to (carpooling is a separate-mode lever)."""
    config = load_config(None, {"operations.mode": "separate"} if "carpooling" in lever.key else None)
    assert lever.value_in(config) is not None
    for value in _values_to_try(lever):
        changed = apply_overrides(config, {lever.key: value})
        assert lever.value_in(changed) == value
    assert lever.label("en") and lever.label("zh") and lever.label("en") != lever.label("zh")


def test_changed_overrides_keeps_only_what_differs_from_the_scenario():
    config = load_config(None)
    values = {lever.key: lever.value_in(config) for lever in LEVERS}
    assert changed_overrides(config, values) == {}
    values["policies.bus.enabled"] = True
    values["demand.annual_growth"] = 0.30000000001     # a slider's float noise
    assert changed_overrides(config, values) == {"policies.bus.enabled": True, "demand.annual_growth": 0.3}


# -- scenarios ------------------------------------------------------------------------------

def test_shipped_scenarios_are_the_scenarios_folder():
    found = shipped_scenarios()
    assert set(found) == {p.stem for p in SCENARIOS_DIR.glob("*.toml")}
    assert load_shipped("lever_drones").policies.drones.enabled
    with pytest.raises(ScenarioError, match="no shipped scenario named 'nope'"):
        load_shipped("nope")


def test_uploaded_scenario_is_validated_like_a_file_and_named_after_it():
    config = load_uploaded(b'[operations]\nmode = "separate"\n[scenario]\ndays = 7\n', "my county plan.toml")
    assert config.operations.mode == "separate" and config.scenario.days == 7
    assert config.scenario.name == "my county plan"
    with pytest.raises(ScenarioError) as err:
        load_uploaded(b'[operations]\nmode = "bogus"\n', "plan.toml")
    message = str(err.value)
    assert "plan.toml" in message and "operations.mode" in message and "\n" not in message
    assert "rural-sim-upload" not in message          # the private temporary copy is not shown


@pytest.mark.parametrize("data, expected", [
    (b'[geography]\nsource = "file"\nfacilities = "/etc/hostname"\n', "cannot use data files"),
    (b'[geography]\nroads = "../../roads.osm"\n', "geography.roads"),
    (b"not = [valid toml", "not valid TOML"),
    (b"mode = \"\xff\xfe\"", "not UTF-8"),
    (b"#" * 1_000_001, "too large"),
])
def test_uploaded_scenario_that_names_files_or_is_no_scenario_is_refused(data, expected, monkeypatch):
    """No path written in an uploaded file is opened: the refusal comes before any reading."""
    opened = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(str(self)) or real_open(self, *a, **k))
    with pytest.raises(ScenarioError, match=expected):
        load_uploaded(data, "upload.toml")
    assert not any("hostname" in p or "roads.osm" in p for p in opened)


def test_page_actions_upload_step_and_levers(tmp_path):
    """What the page's controls do, without a browser: an upload that names files is refused
    in one line and the model stays; a good one runs; steps stop at the scenario's end; a lever
    value the scenario refuses is said and undone."""
    from sim.app import page

    page.on_upload({"name": "evil.toml", "data": b'[geography]\nfacilities = "/etc/passwd"\n'})
    assert "cannot use data files" in page.error.value and "\n" not in page.error.value
    page.on_upload({"name": "my_plan.toml", "data": b'[scenario]\ndays = 3\n[operations]\nmode = "separate"\n'})
    m = page.model.value
    assert page.error.value == "" and page.scenario_name.value == "⇪ my_plan"
    assert m.config.operations.mode == "separate" and m.day == 0
    for _ in range(4):
        page.step()
    assert m.day == 3 and not page.running.value
    page.set_lever("operations.backhaul", True)          # refused in separate mode
    assert "backhaul" in page.error.value and "operations.backhaul" not in page.lever_values.value
    assert page.model.value is m
    page.set_lever("operations.mode", "joint")
    assert page.error.value == "" and page.model.value.config.operations.mode == "joint" and page.running.value
    page.choose_scenario("lever_drones")
    assert page.model.value.config.policies.drones.enabled and page.lever_values.value == {}


# -- the map's layers -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def busy_model():
    """The default county at 10:00 of day 2, bus lines and drones on: vehicles are out."""
    m = RuralLogisticsModel(overrides={"policies.bus.enabled": True, "policies.drones.enabled": True,
                                       "geography.terrain": "mountain"})
    m.run_days(1)
    m.run_until(m.time + 10 / 24)
    return m


def test_road_layer_has_every_road_once_and_every_facility(busy_model):
    geo = busy_model.geography
    layer = map_layer.road_layer(geo)
    assert sum(len(r["xy"]) for r in layer["roads"]) == 4 * geo.graph.number_of_edges()
    assert {r["cls"] for r in layer["roads"]} == {d["road_class"] for *_, d in geo.graph.edges(data=True)}
    x0, y0, x1, y1 = layer["bounds"]
    assert x0 <= min(layer["x"]) and max(layer["x"]) <= x1 and y0 <= min(layer["y"]) and max(layer["y"]) <= y1
    assert layer["tier"] == [int(t) for t in geo.tier] and len(layer["name"]) == geo.n_facilities


def test_service_layer_draws_bus_lines_and_drone_routes_when_on(busy_model):
    layer = map_layer.service_layer(busy_model)
    assert len(layer["bus"]) == len(busy_model.network.bus_lines) > 0
    assert len(layer["drone"]) == 4 * int(busy_model.network.drone_served.sum()) > 0
    plain = map_layer.service_layer(RuralLogisticsModel())
    assert plain["bus"] == [] and plain["drone"] == []


def test_state_layer_places_loaded_vehicles_on_their_way_and_counts_parcels(busy_model):
    m = busy_model
    state = map_layer.state_layer(m)
    vehicles = np.array(state["vehicles"], dtype=float).reshape(-1, 7)
    # vans hand their village parcels over when they leave, each at its stop's time: the map
    # counts a parcel on board until that time, delivered from then on
    parcels = m.parcels
    arrived = (parcels.status == flows.DONE) & (parcels.done_h <= m.now_h)
    on_the_road = (parcels.status == flows.DONE) & (parcels.done_h > m.now_h)
    assert len(vehicles) > 0 and vehicles[:, 2].sum() >= on_the_road.sum() > 0
    geo = m.geography
    assert (vehicles[:, 0] >= geo.x_km.min() - 1e-6).all() and (vehicles[:, 0] <= geo.x_km.max() + 1e-6).all()
    assert state["waiting"] == [f.parcels_waiting for f in m.facility_agents]
    counts = m.conservation()
    assert sum(state["delivered"]) == int(arrived.sum()) < counts["parcels_delivered"]
    assert sum(state["on_the_way"]) == counts["parcels_created"] - int(arrived.sum()) > 0
    door = np.array(state["door"])
    assert ((door[geo.villages] >= 0) & (door[geo.villages] <= 1)).all() and (door[geo.townships] == -1).all()
    assert state["day"] == m.day == 1


# -- offline assets, command line ---------------------------------------------------------------

def test_offline_assets_cover_every_file_the_installed_solara_page_asks_for():
    """solara-assets and solara are released separately: every CDN file named by the installed
    solara's page template (for the Vue version in use) must be in the offline folder."""
    assert missing_template_assets() == []


def _app(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sim", "app", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("port", ["0", "70000"])
def test_app_refuses_a_port_out_of_range_in_one_line(port):
    proc = _app("--port", port)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "--port" in proc.stderr


def test_app_refuses_a_port_in_use_in_one_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        proc = _app("--port", str(taken.getsockname()[1]))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "cannot listen" in proc.stderr


# -- the page, end to end ------------------------------------------------------------------------

def _so_far(page, key: str) -> float:
    """A KPI of the page's 'so far' table, as a number ("14,152 parcels" → 14152)."""
    shown = page.locator(f".kpi-so-far tr[data-kpi='{key}'] .kpi-value").inner_text()
    return float(shown.split()[0].replace(",", "").replace("\u2212", "-"))


@pytest.mark.slow
def test_page_end_to_end_in_headless_chromium(tmp_path):
    """Start the app, see the map and Day 0, turn on rural buses, step three times, see Day 3
    and the KPIs move, switch to Chinese and see 第 3 天; nothing requested outside this machine
    and nothing missing. Prints the step + redraw times; saves screenshots in tmp_path."""
    port = free_port()
    with app_server(port) as url, browser_page(tmp_path / "profile") as (page, requests):
        page.goto(url)
        wait_for_day(page, 0)
        assert page.locator("canvas.county-map-top").get_attribute("data-day") == "0"
        assert page.get_by_text("Rural bus line").count() == 0
        delivered_day0 = _so_far(page, "parcels_delivered")

        page.get_by_text("Rural buses carry parcels (客货邮融合)").click()      # a lever: rebuilds the model
        page.get_by_text("Rural bus line").wait_for(timeout=60_000)           # its bus lines are on the map
        wait_for_day(page, 0)
        times_ms = [timed_step(page, day) for day in (1, 2, 3)]
        assert page.locator(".day-label").inner_text().strip() == "Day 3"
        delivered_day3 = _so_far(page, "parcels_delivered")
        assert delivered_day0 == 0 and delivered_day3 > 0
        page.screenshot(path=str(tmp_path / "app_day3_en.png"), full_page=True)

        page.locator(".lang-zh").click()
        page.get_by_text("第 3 天").wait_for(timeout=30_000)
        assert page.locator(".kpi-so-far tr[data-kpi='parcels_delivered'] td").first.inner_text() == "送达包裹数"
        page.screenshot(path=str(tmp_path / "app_day3_zh.png"), full_page=True)
    print(f"\nstep + redraw (ms, browser clock, default county): {', '.join(f'{t:.0f}' for t in times_ms)}; "
          f"screenshots in {tmp_path}")
    assert outside_requests(requests) == []
    assert failed_requests(requests) == []
    assert any("/_solara/cdn/" in u for u, _ in requests)          # the front end came from this server
