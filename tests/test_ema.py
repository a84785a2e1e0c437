"""The EMA Workbench adapter (an optional dependency for users; ./dev test installs it)."""

from __future__ import annotations

import ema_workbench as ema
import numpy as np
import pytest

from sim.config import ScenarioError
from sim.experiments.ema import ModelFunction, ema_model

SMALL = {"geography.n_townships": 2, "geography.villages_per_township": 4}


def _scenario():
    from sim.config import load_config

    return load_config(None, SMALL)


def test_perform_experiments_runs_the_model_over_uncertainties_and_levers():
    model = ema_model(_scenario(), days=3, uncertainties={"demand.parcels_per_resident_per_day": (0.01, 0.05)},
                      levers={"operations.mode": ["separate", "joint"]}, kpis=["cost_per_parcel_down_yuan", "village_coverage"])
    experiments, outcomes = ema.perform_experiments(model, scenarios=2, policies=2)
    assert len(experiments) == 4
    assert set(experiments["operations__mode"]) == {"separate", "joint"}
    assert np.isfinite(outcomes["cost_per_parcel_down_yuan"]).all()
    joint = (experiments["operations__mode"] == "joint").to_numpy()
    assert outcomes["village_coverage"][joint].min() >= outcomes["village_coverage"][~joint].max()


def test_replications_average_runs_on_the_sweep_seeds():
    model = ema_model(_scenario(), days=3, replications=2, uncertainties={"operations.delivery_interval_days": (1, 2)},
                      kpis=["lead_time_mean_h"])
    assert isinstance(model.uncertainties["operations__delivery_interval_days"], ema.IntegerParameter)
    experiments, outcomes = ema.perform_experiments(model, scenarios=1)
    interval = int(experiments["operations__delivery_interval_days"].iloc[0])
    from sim.config import apply_overrides
    from sim.experiments.design import seeds

    fn = ModelFunction(apply_overrides(_scenario(), {"scenario.days": 3}), ["lead_time_mean_h"], 0)
    expected = np.mean([fn(**{"operations.delivery_interval_days": interval, "seed": s})["lead_time_mean_h"]
                        for s in seeds(0, 2)])
    assert outcomes["lead_time_mean_h"][0] == expected


def test_a_bad_key_or_kpi_is_one_line():
    with pytest.raises(ScenarioError, match="unknown parameter 'demand.volume'"):
        ema_model(_scenario(), uncertainties={"demand.volume": (0.01, 0.05)})
    with pytest.raises(ScenarioError, match="'cost' is not a summary KPI"):
        ema_model(_scenario(), kpis=["cost"])
