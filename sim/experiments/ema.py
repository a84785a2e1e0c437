"""Run the model from the EMA Workbench: its uncertainties and levers are scenario keys.

Optional: ``pip install 'rural-logistics-sim[ema]'`` (the EMA Workbench and what it needs).

    from ema_workbench import perform_experiments
    from sim.experiments.ema import ema_model

    model = ema_model("scenarios/joint_distribution.toml", days=28, replications=2,
                      uncertainties={"demand.parcels_per_resident_per_day": (0.01, 0.05),
                                     "geography.area_km2": (900.0, 3600.0)},
                      levers={"operations.mode": ["separate", "joint"],
                              "operations.delivery_interval_days": (1, 3)},
                      kpis=["cost_per_parcel_down_yuan", "village_coverage"])
    experiments, outcomes = perform_experiments(model, scenarios=20, policies=2)

Parameters are given by their dotted scenario keys and named in EMA (which wants Python
identifiers) with ``__`` for each dot: ``operations__mode`` in the experiments table, and
the model receives ``operations.mode``. ``(low, high)`` is a range (whole
numbers when both ends are), a list gives the choices. Each KPI becomes a ``ScalarOutcome``
(to minimise or maximise as the KPI registry says). With ``replications`` > 1 the model is
an EMA ``ReplicatorModel`` whose replications carry the seeds ``SeedSequence(seed).spawn``
gives (the same for every experiment) and each outcome is the replications' mean.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from sim.config import ScenarioConfig, ScenarioError, apply_overrides, load_config
from sim.experiments.design import seeds
from sim.experiments.task import run_one
from sim.kpis import registry

DEFAULT_KPIS = ("cost_per_parcel_down_yuan", "lead_time_mean_h", "village_coverage")


class ModelFunction:
    """The function EMA calls: ``f(**{dotted key: value, "seed": s})`` → ``{kpi: value}`` (picklable)."""

    def __init__(self, config: ScenarioConfig, kpis: Sequence[str], seed: int):
        self.config, self.kpis, self.seed = config, tuple(kpis), int(seed)

    def __call__(self, **params) -> dict:
        seed = int(params.pop("seed", self.seed))
        record = run_one(0, self.config, params, seed, self.kpis)
        if record["error"]:
            raise ScenarioError(record["error"])         # EMA records the experiment as failed
        return {k: _number(record["kpis"][k]) for k in self.kpis}


def _number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _parameter(ema, config: ScenarioConfig, key: str, spec):
    values = list(spec) if isinstance(spec, list) else [spec[0], spec[1]] if isinstance(spec, tuple) else None
    if values is None or not values:
        raise ScenarioError(f"{key}: expected (low, high) or a list of choices, got {spec!r}")
    for v in values:
        apply_overrides(config, {key: v}, where="ema_model")      # a bad key or value: one line naming it
    name = identifier(key)
    if isinstance(spec, list):
        return ema.CategoricalParameter(name, values, variable_name=key)
    low, high = values
    if not low < high:
        raise ScenarioError(f"ema_model: {key}: expected low < high, got {spec!r}")
    if all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in values):
        return ema.IntegerParameter(name, int(low), int(high), variable_name=key)
    return ema.RealParameter(name, float(low), float(high), variable_name=key)


def identifier(key: str) -> str:
    """The EMA name of a dotted scenario key (EMA 3 wants Python identifiers): dots become ``__``."""
    return key.replace(".", "__")


def ema_model(scenario: ScenarioConfig | str | Path | None = None, *,
              uncertainties: Mapping[str, tuple | list] | None = None, levers: Mapping[str, tuple | list] | None = None,
              kpis: Sequence[str] = DEFAULT_KPIS, days: int | None = None, seed: int = 0, replications: int = 1,
              name: str = "rural_logistics"):
    """An EMA Workbench model of ``scenario`` (see the module docstring).

    Raises :class:`~sim.config.ScenarioError` (one line) for an unknown key, a value the
    scenario refuses or a name that is not a summary KPI; ImportError when the EMA
    Workbench is not installed.
    """
    import ema_workbench as ema

    config = scenario if isinstance(scenario, ScenarioConfig) else load_config(scenario)
    if days is not None:
        config = apply_overrides(config, {"scenario.days": days}, where="ema_model")
    known = {k.key for k in registry.SUMMARY}
    for k in kpis:
        if k not in known:
            raise ScenarioError(f"ema_model: {k!r} is not a summary KPI; expected some of {sorted(known)}")
    if replications < 1:
        raise ScenarioError(f"ema_model: replications: expected a whole number ≥ 1, got {replications}")
    function = ModelFunction(config, kpis, seed)
    if replications > 1:
        model = ema.ReplicatorModel(name, function=function)
        model.replications = [{"seed": s} for s in seeds(seed, replications)]
    else:
        model = ema.Model(name, function=function)
    model.uncertainties = [_parameter(ema, config, k, v) for k, v in (uncertainties or {}).items()]
    model.levers = [_parameter(ema, config, k, v) for k, v in (levers or {}).items()]
    kinds = {"lower": ema.ScalarOutcome.MINIMIZE, "higher": ema.ScalarOutcome.MAXIMIZE}
    model.outcomes = [ema.ScalarOutcome(k, kind=kinds.get(registry.kpi(k).better, ema.ScalarOutcome.INFO),
                                        function=np.mean if replications > 1 else None) for k in kpis]
    return model
