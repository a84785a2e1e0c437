"""Scenario files: shipped ones load; malformed ones stop with one clear line."""

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import shared_or_skip

from sim.config import ScenarioConfig, ScenarioError, load_config, to_toml

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((REPO / "scenarios").glob("*.toml"))

# (file body, words the message must contain: the key, and what was expected)
MALFORMED = {
    "unknown_key": ('[operations]\nmdoe = "joint"\n', ["operations.mdoe", "unknown key"]),
    "unknown_section": ("[opertions]\nmode = \"joint\"\n", ["opertions", "unknown key"]),
    "unknown_mode": ('[operations]\nmode = "shared"\n', ["operations.mode", "'separate'", "'joint'"]),
    "wrong_type": ('[demand]\nparcels_per_resident_per_day = "lots"\n',
                   ["demand.parcels_per_resident_per_day", "a number"]),
    "negative_rate": ("[demand]\nparcels_per_resident_per_day = -0.1\n",
                      ["demand.parcels_per_resident_per_day", "≥ 0"]),
    "negative_capacity": ("[vehicles.van]\ncapacity_kg = -600\ncost_per_km_yuan = 1\n"
                          "fixed_cost_per_day_yuan = 150\nco2_kg_per_km = 0.2\n",
                          ["vehicles.van.capacity_kg", "> 0"]),
    "zero_interval": ("[operations]\ndelivery_interval_days = 0\n", ["operations.delivery_interval_days", "≥ 1"]),
    "bool_as_string": ('[operations]\nbackhaul = "yes"\n', ["operations.backhaul", "true or false"]),
    "shares_not_one": ('[[carriers]]\nname = "a"\nmarket_share = 0.4\n[[carriers]]\nname = "b"\n'
                       "market_share = 0.4\n", ["carriers", "sum to 1"]),
    "unknown_vehicle": ('[operations]\nvillage_vehicle = "bicycle"\n', ["operations.village_vehicle", "van"]),
    "backhaul_separate": ('[operations]\nmode = "separate"\nbackhaul = true\n', ["backhaul", "joint"]),
    "hour_out_of_range": ("[produce]\nhub_outbound_hour = 25\n", ["produce.hub_outbound_hour", "< 24"]),
    "file_without_facilities": ('[geography]\nsource = "file"\n', ["facilities", "required"]),
    "unknown_terrain": ('[geography]\nterrain = "swamp"\n', ["geography.terrain", "'mountain'"]),
    "bad_toml": ("[operations\nmode = 1\n", ["not valid TOML"]),
    "short_weekday_list": ("[demand]\nweekday_factor = [1.0, 1.0]\n", ["demand.weekday_factor", "expected 7 entries"]),
    "unknown_policy": ("[policies.drone]\nenabled = true\n", ["policies.drone", "unknown key", "drones"]),
    "postal_express_in_joint": ("[policies.postal_express]\nenabled = true\n", ["policies.postal_express", "separate"]),
    "missing_facility_file": ('[geography]\nsource = "file"\nfacilities = "nowhere.csv"\n', ["nowhere.csv"]),
}


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_shipped_scenarios_load(path):
    if "shared/data" in path.read_text(encoding="utf-8"):
        shared_or_skip()
    scenario = load_config(path)
    assert scenario.scenario.name == path.stem


def test_shipped_scenarios_cover_the_three_cases():
    modes = {name: load_config(REPO / "scenarios" / f"{name}.toml").operations
             for name in ("baseline_separate", "joint_distribution", "joint_backhaul")}
    assert modes["baseline_separate"].mode == "separate"
    assert modes["joint_distribution"].mode == "joint" and not modes["joint_distribution"].backhaul
    assert modes["joint_backhaul"].mode == "joint" and modes["joint_backhaul"].backhaul


def test_builtin_default_is_joint():
    assert load_config(None).operations.mode == "joint"


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_scenario_is_rejected_by_name(tmp_path, name):
    body, words = MALFORMED[name]
    path = tmp_path / f"{name}.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_config(path)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message or path.name in message
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


def test_cli_rejects_bad_scenario_with_exit_2_and_no_traceback(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[operations]\nmode = "shared"\n', encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "sim", "run", str(path), "--out", str(out)],
                          capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "bad.toml" in lines[0] and "operations.mode" in lines[0]
    assert not out.exists()


def test_resolved_scenario_round_trips_through_toml():
    import tomllib

    scenario = load_config(REPO / "scenarios" / "joint_backhaul.toml")
    again = ScenarioConfig.model_validate(tomllib.loads(to_toml(scenario)))
    assert again.model_dump() == scenario.model_dump()


def test_overrides_are_validated():
    with pytest.raises(ScenarioError, match="operations.mode"):
        load_config(None, {"operations.mode": "both"})
    with pytest.raises(ScenarioError, match="nonsense"):
        load_config(None, {"nonsense": 1})


def test_any_scenario_key_can_be_set_by_its_dotted_name():

    config = load_config(None, {
        "policies.bus.enabled": True, "scenario.start_date": "2025-08-01",
        "vehicles.van.capacity_kg": 450.0, "produce.crops.fruit.shelf_life_h": 96.0,
        "demand.festivals.0.factor": 3.0, "carriers.zto.market_share": 0.25, "mode": "separate",
    })
    assert config.policies.bus.enabled and str(config.scenario.start_date) == "2025-08-01"
    assert config.vehicles["van"].capacity_kg == 450.0
    assert config.produce.crops[1].name == "fruit" and config.produce.crops[1].shelf_life_h == 96.0
    assert config.demand.festivals[0].factor == 3.0 and config.operations.mode == "separate"


def test_numpy_scalars_are_numbers_in_overrides_but_toml_stays_strict(tmp_path):
    """SALib and the EMA Workbench hand over NumPy scalars; a TOML file's "12" stays an error."""
    import numpy as np

    config = load_config(None, {"operations.delivery_interval_days": np.int64(2),
                                "demand.parcels_per_resident_per_day": np.float64(0.04),
                                "operations.backhaul": np.bool_(True)})
    assert config.operations.delivery_interval_days == 2 and type(config.operations.delivery_interval_days) is int
    assert config.demand.parcels_per_resident_per_day == 0.04 and config.operations.backhaul is True
    for body in ('[operations]\ndelivery_interval_days = "2"\n', '[operations]\nbackhaul = "yes"\n'):
        path = tmp_path / "strict.toml"
        path.write_text(body, encoding="utf-8")
        with pytest.raises(ScenarioError, match="operations"):
            load_config(path)


@pytest.mark.parametrize("key,words", [
    ("operations.mood", ["'mood' is not a key of operations", "mode"]),
    ("produce.crops.kiwi.shelf_life_h", ["no entry 'kiwi'", "fruit"]),
    ("vehicles.van.colour", ["'colour'", "capacity_kg"]),
    ("operations.mode.x", ["operations.mode is a value"]),
])
def test_unknown_dotted_keys_are_named_with_what_exists(key, words):
    with pytest.raises(ScenarioError) as info:
        load_config(None, {key: 1})
    message = str(info.value)
    assert "\n" not in message and key in message
    for word in words:
        assert word in message


def test_readme_lists_every_limit():
    """The README's limits table is the one sim/config/limits.py declares."""
    from sim.config.limits import markdown_table

    assert markdown_table() in (REPO / "README.md").read_text(encoding="utf-8")


def test_a_vehicle_table_changes_only_the_keys_it_gives(tmp_path):
    path = tmp_path / "van.toml"
    path.write_text("[vehicles.van]\ncapacity_kg = 450.0\n", encoding="utf-8")
    config = load_config(path)
    default = load_config(None)
    assert config.vehicles["van"].capacity_kg == 450.0
    assert config.vehicles["van"].cost_per_km_yuan == default.vehicles["van"].cost_per_km_yuan
    assert set(config.vehicles) == set(default.vehicles)
