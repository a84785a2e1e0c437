"""Scenario configuration: typed sections (:mod:`.schema`), reading files and overrides
(:mod:`.loading`), and every default figure with its source (:mod:`.defaults`)."""

from sim.config.loading import ScenarioError, apply_overrides, load_config, resolve_path, to_toml
from sim.config.schema import ScenarioConfig, VehicleSpec

__all__ = ["ScenarioConfig", "ScenarioError", "VehicleSpec", "apply_overrides", "load_config",
           "resolve_path", "to_toml"]
