"""Property: any valid scenario (small county, random levers and settings) runs to its end
with every parcel and lot accounted for."""

import pytest
from conftest import assert_balanced
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.model.model import RuralLogisticsModel


@st.composite
def scenarios(draw) -> dict:
    mode = draw(st.sampled_from(["separate", "joint"]))
    share = st.floats(0.0, 1.0, allow_nan=False)
    overrides = {
        "geography.n_townships": draw(st.integers(1, 3)),
        "geography.villages_per_township": draw(st.integers(1, 6)),
        "geography.terrain": draw(st.sampled_from(["plain", "hilly", "mountain"])),
        "geography.seed": draw(st.integers(0, 2**32 - 1)),
        "geography.population_per_village": draw(st.integers(0, 3000)),
        "scenario.start_date": f"2025-{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d}",
        "demand.parcels_per_resident_per_day": draw(st.floats(0.0, 0.1, allow_nan=False)),
        "demand.annual_growth": draw(st.floats(-0.5, 1.0, allow_nan=False)),
        "operations.mode": mode,
        "operations.backhaul": mode == "joint" and draw(st.booleans()),
        "operations.delivery_interval_days": draw(st.integers(1, 3)),
        "operations.service_point_share": draw(share),
        "operations.door_threshold_parcels": draw(st.integers(0, 20)),
        "operations.route_plan_headroom": draw(st.floats(0.0, 1.0, allow_nan=False)),
        "operations.routing_solver": draw(st.sampled_from(["nearest", "savings"])),
        "policies.bus.enabled": draw(st.booleans()),
        "policies.crowdsourcing.enabled": draw(st.booleans()),
        "policies.cold_chain.enabled": draw(st.booleans()),
        "policies.auto_sorting.enabled": draw(st.booleans()),
        "policies.drones.enabled": draw(st.booleans()),
        "policies.drones.weather_downtime": draw(share),
        "policies.subsidy.per_parcel_yuan": draw(st.floats(0.0, 2.0, allow_nan=False)),
        "policies.postal_express.enabled": mode == "separate" and draw(st.booleans()),
    }
    return overrides


@pytest.mark.slow
@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(overrides=scenarios(), days=st.integers(1, 4), seed=st.integers(0, 2**31 - 1))
def test_any_valid_scenario_runs_to_its_end_and_balances(overrides, days, seed):
    model = RuralLogisticsModel(overrides={**overrides, "scenario.days": days}, rng=seed)
    model.run_for(0.6)                  # mid-morning of the first day: vehicles on the road
    assert_balanced(model)
    model.run_model()
    assert not model.running and model.days_done == days
    counts = assert_balanced(model)
    assert counts["parcels_created"] == model.daily_kpis()["parcels_created"].sum()
