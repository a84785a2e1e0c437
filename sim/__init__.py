"""Agent-based simulation of county–township–village rural e-commerce logistics.

    from sim import RuralLogisticsModel
    model = RuralLogisticsModel(mode="joint", backhaul=True, seed=7)
    daily = model.run_days(60)   # pandas DataFrame of daily KPIs; model.summary() for the run
"""

from sim.config import ScenarioConfig, ScenarioError, load_config

__all__ = ["RuralLogisticsModel", "ScenarioConfig", "ScenarioError", "load_config"]


def __getattr__(name: str):
    # The model pulls in Mesa and the solvers; load it only when asked for.
    if name == "RuralLogisticsModel":
        from sim.model.model import RuralLogisticsModel

        return RuralLogisticsModel
    raise AttributeError(name)
