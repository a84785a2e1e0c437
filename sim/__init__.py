"""Agent-based simulation of county–township–village rural e-commerce logistics.

    from sim import RuralLogisticsModel
    model = RuralLogisticsModel(mode="joint", backhaul=True, rng=7)
    daily = model.run_days(60)   # pandas DataFrame of daily KPIs; model.summary() for the run

Public API: :class:`RuralLogisticsModel`, :func:`load_config` (a scenario file with
overrides), :func:`run_scenario` (run one and write its results folder).
"""

from sim.config import ScenarioConfig, ScenarioError, load_config

__all__ = ["RuralLogisticsModel", "ScenarioConfig", "ScenarioError", "load_config", "run_scenario"]


def __getattr__(name: str):
    # The model pulls in Mesa and the solvers; load it only when asked for.
    if name == "RuralLogisticsModel":
        from sim.model.model import RuralLogisticsModel

        return RuralLogisticsModel
    if name == "run_scenario":
        from sim.runner import run_scenario

        return run_scenario
    raise AttributeError(name)
