"""The model behaves as Mesa users expect: DataCollector, rng=, running, batch_run, scenario=."""

import mesa
import numpy as np
import pandas as pd
import pytest

from sim.kpis import registry
from sim.model.model import RuralLogisticsModel

TINY = {"geography.n_townships": 2, "geography.villages_per_township": 4, "scenario.days": 4}


def test_datacollector_has_one_row_per_day():
    model = RuralLogisticsModel(overrides=TINY, rng=1)
    model.run_days(3)
    daily = model.datacollector.get_model_vars_dataframe()
    assert len(daily) == 3 and list(daily["day"]) == [0, 1, 2]
    assert list(daily.columns) == [k.key for k in registry.DAILY]


def test_run_model_stops_after_the_scenarios_days():
    model = RuralLogisticsModel(overrides=TINY, rng=1)
    assert model.running
    model.run_model()
    assert not model.running and model.steps == 4
    assert len(model.daily_kpis()) == 4


def test_same_rng_reproduces_and_other_rng_differs():
    a = RuralLogisticsModel(overrides=TINY, rng=5)
    b = RuralLogisticsModel(overrides=TINY, rng=5)
    c = RuralLogisticsModel(overrides=TINY, rng=6)
    for m in (a, b, c):
        m.run_model()
    pd.testing.assert_frame_equal(a.daily_kpis(), b.daily_kpis(), check_exact=True)
    assert a.summary()["parcels_created"] != c.summary()["parcels_created"]
    assert a.summary()["seed"] == 5 and c.summary()["seed"] == 6


def test_rng_none_is_fresh_randomness_and_the_drawn_seed_is_recorded():
    runs = [RuralLogisticsModel(overrides=TINY, rng=None) for _ in range(3)]
    seeds = {m.config.scenario.seed for m in runs}
    assert len(seeds) == 3
    again = RuralLogisticsModel(overrides=TINY, rng=runs[0].config.scenario.seed)
    runs[0].run_days(2)
    again.run_days(2)
    pd.testing.assert_frame_equal(runs[0].daily_kpis(), again.daily_kpis(), check_exact=True)


def test_rng_from_a_generator_is_repeatable():
    a = RuralLogisticsModel(overrides=TINY, rng=np.random.default_rng(3))
    b = RuralLogisticsModel(overrides=TINY, rng=np.random.default_rng(3))
    assert a.config.scenario.seed == b.config.scenario.seed


def test_without_rng_the_scenario_seed_is_used():
    model = RuralLogisticsModel(overrides={**TINY, "scenario.seed": 17})
    assert model.config.scenario.seed == 17


def test_replications_share_the_county():
    """Seeds vary demand and operations, never the map."""
    a, b = RuralLogisticsModel(rng=1), RuralLogisticsModel(rng=2)
    assert np.array_equal(a.geography.x_km, b.geography.x_km)
    assert np.array_equal(a.geography.dist_km, b.geography.dist_km)


def test_batch_run_over_two_modes_and_two_seeds():
    rows = mesa.batch_run(RuralLogisticsModel, parameters={"mode": ["separate", "joint"], **TINY},
                          rng=[1, 2], max_steps=10, display_progress=False)
    assert len(rows) == 4
    table = pd.DataFrame(rows)
    assert sorted(zip(table["mode"], table["rng"])) == [("joint", 1), ("joint", 2), ("separate", 1), ("separate", 2)]
    for key in ("cost_per_parcel_down_yuan", "lead_time_mean_h", "village_coverage"):
        assert table[key].notna().all(), key
    assert (table["day"] == 3).all(), "each run stopped after the scenario's 4 days"
    # The same rng value reproduces a run exactly; another one differs.
    sep = table[table["mode"] == "separate"].set_index("rng")
    again = mesa.batch_run(RuralLogisticsModel, parameters={"mode": "separate", **TINY}, rng=[1],
                           max_steps=10, display_progress=False)[0]
    assert again["cost_per_parcel_down_yuan"] == sep.loc[1, "cost_per_parcel_down_yuan"]
    assert sep.loc[1, "parcels_created"] != sep.loc[2, "parcels_created"]


def test_mesa_scenario_keyword_is_accepted_and_ours_is_config():
    """SolaraViz passes Mesa's own Scenario on reset; our scenario lives in model.config."""
    from mesa.experimental.scenarios import Scenario

    model = RuralLogisticsModel(overrides=TINY, rng=1, scenario=Scenario(rng=1))
    assert isinstance(model.scenario, Scenario)
    assert model.config.scenario.name == "joint_distribution"


def test_unknown_keyword_is_a_type_error_naming_it():
    with pytest.raises(TypeError, match="colour"):
        RuralLogisticsModel(colour="red")
    with pytest.raises(TypeError, match="rng"):
        RuralLogisticsModel(rng="not a seed")
