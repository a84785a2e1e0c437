"""The model's economics (issue 11): owned fleets, capacity, the separate baseline's rules,
villagers' market days, levers charged as they are paid, KPIs that mean what they say.
Each test compares runs that differ in one thing, on the same county and seed."""

import numpy as np
import pytest
from conftest import assert_balanced

from sim.model.model import RuralLogisticsModel

SMALL = {"geography.n_townships": 3, "geography.villages_per_township": 8, "kpi.warmup_days": 2}


def run(days: int, start: str = "2025-09-01", seed: int = 5, **overrides) -> RuralLogisticsModel:
    model = RuralLogisticsModel(overrides={**SMALL, "scenario.start_date": start, "scenario.days": days,
                                           **overrides}, rng=seed)
    model.run_model()
    assert_balanced(model)
    return model


def test_the_summary_has_the_economics_keys_through_the_public_api(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text("[operations]\nmode = \"separate\"\n", encoding="utf-8")
    model = RuralLogisticsModel(str(path), rng=3, overrides={**SMALL, "scenario.days": 6})
    model.run_model()
    s = model.summary()
    for key in ("cost_per_parcel_down_yuan", "cost_per_kg_up_yuan", "government_cost_yuan",
                "societal_cost_per_parcel_yuan", "co2_kg_per_parcel", "door_delivery_share", "village_coverage",
                "load_factor_trunk_down", "load_factor_trunk_up", "load_factor_village_down",
                "load_factor_village_up", "empty_km_share_trunk", "empty_km_share_village", "vehicles_owned",
                "van_km_per_vehicle_day", "backlog_parcels_max", "lead_time_mean_h", "lead_time_order_mean_h",
                "parcels_undelivered_share", "warmup_days", "keeper_income_yuan_per_month",
                "service_points_viable_share"):
        assert key in s and s[key] == s[key], key        # present and not NaN
    assert s["warmup_days"] == 2 and s["lead_time_order_mean_h"] > s["lead_time_mean_h"]
    assert 0 < s["door_delivery_share"] < 1                # separate: villagers fetch some


def test_owned_vans_are_paid_every_day_even_when_rounds_skip_it():
    """Fixed cost is booked for every owned vehicle every day: rounds every second day no
    longer look cheaper by the fixed cost of the days they do not drive."""
    every2 = run(10, **{"operations.delivery_interval_days": 2})
    daily = every2.daily_kpis()
    van_fixed = every2.config.vehicles["van"].fixed_cost_per_day_yuan
    quiet = daily[(daily["day"] % 2 == 1) & (daily["day"] >= 2)]
    assert (quiet["vans_owned"] > 0).all()
    assert (quiet["fleet_fixed_cost_yuan"] >= quiet["vans_owned"] * van_fixed).all()
    every1 = run(10)
    assert every2.summary()["vans_owned"] >= every1.summary()["vans_owned"]


def test_vans_run_several_rounds_a_day():
    daily = run(8).daily_kpis()
    assert (daily["tours"] > daily["vehicles_used"]).all()      # more tours than vehicles out


def test_a_tenfold_singles_day_peak_saturates_the_stations():
    base = run(6, start="2025-11-08").summary()
    peak = run(6, start="2025-11-08", **{"demand.parcels_per_resident_per_day": 0.32}).summary()
    assert base["backlog_parcels_max"] == 0
    assert peak["backlog_parcels_max"] > 0


def test_a_fleet_cap_holds_tours_back():
    capped = run(6, **{"operations.max_vans_per_station": 1, "operations.shift_h": 3.0}).summary()
    assert capped["backlog_parcels_max"] > 0 and capped["vans_owned"] <= 3


def test_light_bulky_parcels_fill_vans_by_volume():
    """The same parcels at a tenth of the density need more van rounds: space binds, not weight."""
    dense = run(6, **{"demand.consumer_parcel_kg_per_m3": 600.0})
    bulky = run(6, **{"demand.consumer_parcel_kg_per_m3": 40.0})
    assert bulky.daily_kpis()["tours"].sum() > 2 * dense.daily_kpis()["tours"].sum()
    assert bulky.summary()["vehicle_km"] > dense.summary()["vehicle_km"]


@pytest.mark.parametrize("rule,knob,low,high", [
    ("revenue", "operations.separate_fee_yuan_per_parcel", 0.5, 3.0),
    ("threshold", "operations.door_threshold_parcels", 20, 2),
])
def test_the_separate_delivery_rule_moves_the_door_share(rule, knob, low, high):
    """A brand serves more villages when its fee covers more of the trip, or its threshold is lower."""
    common = {"operations.mode": "separate", "operations.separate_delivery_rule": rule}
    few = run(8, **common, **{knob: low}).summary()
    many = run(8, **common, **{knob: high}).summary()
    assert many["door_delivery_share"] > few["door_delivery_share"]
    assert many["villager_km"] < few["villager_km"]


def test_fixed_delivery_days_serve_villages_on_those_weekdays_only():
    model = run(14, **{"operations.mode": "separate", "operations.separate_delivery_rule": "fixed_days",
                       "operations.separate_delivery_weekdays": [2]})
    daily = model.daily_kpis()
    weekday = np.array([np.datetime64(d, "D").astype(object).weekday() for d in daily["date"]])
    door_by_van = daily["parcels_delivered_door"].to_numpy()
    assert (door_by_van[weekday != 2] == 0).all() and (door_by_van[weekday == 2] > 0).all()


def test_market_days_spare_villagers_trips():
    markets = run(12, **{"operations.mode": "separate"}).summary()
    no_markets = run(12, **{"operations.mode": "separate", "costs.market_interval_days": 0,
                            "costs.villager_pickup_prob_other_day": 0.43}).summary()
    assert markets["villager_km"] < no_markets["villager_km"]


def test_drone_villages_leave_the_vans_rounds():
    common = {"geography.terrain": "mountain", "policies.drones.range_km": 40.0}
    vans = run(8, **common).summary()
    drones = run(8, **common, **{"policies.drones.enabled": True}).summary()
    assert drones["drone_flights"] > 0
    assert drones["vehicle_km"] < vans["vehicle_km"]


def test_cold_chain_charges_refrigeration_only_on_tours_that_carry_produce():
    model = run(6, start="2025-08-05", **{"policies.cold_chain.enabled": True, "operations.backhaul": False})
    s = model.summary()
    base = run(6, start="2025-08-05", **{"operations.backhaul": False}).summary()
    assert s["operator_cost_up_yuan"] > base["operator_cost_up_yuan"]
    assert s["operator_cost_down_yuan"] == pytest.approx(base["operator_cost_down_yuan"], rel=0.02)


def test_keepers_are_paid_by_commission_and_the_subsidy():
    plain = run(8).summary()
    subsidised = run(8, **{"policies.subsidy.per_service_point_per_day_yuan": 15.0}).summary()
    assert plain["keeper_income_yuan_per_month"] > 0
    assert subsidised["keeper_income_yuan_per_month"] == pytest.approx(plain["keeper_income_yuan_per_month"] + 450.0)
    assert subsidised["service_points_viable_share"] >= plain["service_points_viable_share"]
