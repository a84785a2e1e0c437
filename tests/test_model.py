"""Model invariants: every parcel and lot accounted for, runs reproducible."""

import numpy as np
import pandas as pd
import pytest
from conftest import assert_balanced

from sim.model.model import RuralLogisticsModel

SMALL = dict(n_townships=4, villages_per_township=8)


@pytest.mark.parametrize("mode,backhaul", [("separate", False), ("joint", False), ("joint", True)])
def test_conservation_at_every_step(mode, backhaul):
    """Three weeks checked every simulated hour, so vehicles are caught mid-tour."""
    model = RuralLogisticsModel(mode=mode, backhaul=backhaul, rng=3, **SMALL)
    seen_in_vehicle = seen_done = 0
    for _ in range(21 * 24):
        model.run_for(1 / 24)
        c = assert_balanced(model)
        seen_in_vehicle += c["parcels_in_vehicles"] + c["produce_in_vehicles"]
        seen_done += c["parcels_delivered"]
    assert model.parcels.n > 0 and model.produce.n > 0
    assert seen_in_vehicle > 0, "the check never saw anything on the road"
    assert seen_done > 0
    # Every delivered parcel ended at its own village.
    done = model.parcels.status == 2
    assert np.array_equal(model.parcels.location[done], model.parcels.dest[done])


def test_same_seed_same_tables_different_seed_differs():
    a = RuralLogisticsModel(rng=11, **SMALL).run_days(10)
    b = RuralLogisticsModel(rng=11, **SMALL).run_days(10)
    c = RuralLogisticsModel(rng=12, **SMALL).run_days(10)
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert not a.drop(columns=["day", "date"]).equals(c.drop(columns=["day", "date"]))


def test_lead_time_and_delivery_times_are_consistent():
    model = RuralLogisticsModel(mode="joint", rng=5, **SMALL)
    model.run_days(7)
    p = model.parcels
    done = p.status == 2
    assert (p.done_h[done] >= p.created_h[done]).all()
    # Joint mode delivers at the door only.
    assert p.door[done].all()


def test_separate_mode_villagers_fetch_and_pay():
    model = RuralLogisticsModel(mode="separate", rng=5, **SMALL)
    daily = model.run_days(7)
    assert daily["parcels_fetched_by_villagers"].sum() > 0
    assert daily["villager_km"].sum() > 0
    s = model.summary()
    assert s["societal_cost_per_parcel_yuan"] > s["cost_per_parcel_down_yuan"]


def test_delivery_interval_thins_coverage_but_keeps_every_parcel():
    daily1 = RuralLogisticsModel(mode="joint", delivery_interval_days=1, rng=2, **SMALL).run_days(12)
    model3 = RuralLogisticsModel(mode="joint", delivery_interval_days=3, rng=2, **SMALL)
    daily3 = model3.run_days(12)
    assert_balanced(model3)
    # Rounds every third day: two days in three see no door delivery at all.
    assert (daily3["parcels_delivered_door"] == 0).sum() >= 7
    assert (daily1["parcels_delivered_door"] > 0).all()
    assert daily3["lead_time_mean_h"].mean() > daily1["lead_time_mean_h"].mean()


def test_unknown_model_parameter_is_a_clear_error():
    with pytest.raises(TypeError, match="colour"):
        RuralLogisticsModel(colour="red")


def test_festival_peak_raises_volume():
    """Singles' Day (11 Nov) is about twice a normal day (figures.md §2.2)."""
    from datetime import date

    from sim.config.schema import DemandConfig
    from sim.flows.demand import demand_factor

    cfg = DemandConfig()
    peak = demand_factor(date(2025, 11, 11), cfg) / cfg.weekday_factor[date(2025, 11, 11).weekday()]
    normal = demand_factor(date(2025, 10, 1), cfg) / cfg.weekday_factor[date(2025, 10, 1).weekday()]
    assert peak == pytest.approx(2.0)
    assert normal == pytest.approx(1.0)


def test_pyvrp_routing_in_the_model_is_repeatable():
    """PyVRP stops on its iteration cap, so two runs give identical tables."""
    params = dict(routing_solver="pyvrp", rng=4, n_townships=2, villages_per_township=6,
                  **{"operations.routing_time_limit_s": 30.0})   # the iteration cap binds, not the clock
    a = RuralLogisticsModel(**params).run_days(3)
    b = RuralLogisticsModel(**params).run_days(3)
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert a["tours"].sum() > 0


def test_incremental_status_counts_match_a_full_count():
    model = RuralLogisticsModel(rng=8, **SMALL)
    for _ in range(6):
        model.run_days(1)
        for table in (model.parcels, model.produce):
            full = np.bincount(table.status, minlength=4)
            assert np.array_equal(table.counts(), full)
    assert model.parcels.counts()[2] > 0
