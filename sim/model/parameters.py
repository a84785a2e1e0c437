"""The model's keyword parameters and seed: short names for scenario keys (what SolaraViz and
``mesa.batch_run`` set), and how Mesa's ``rng`` argument becomes the run's integer seed."""

from __future__ import annotations

import numpy as np

from sim.config import ScenarioConfig, apply_overrides, load_config

# Keyword arguments the model (and so SolaraViz and mesa.batch_run) can set by a short
# name, and the scenario key each one overrides. Any scenario key can also be given by
# its dotted name, e.g. RuralLogisticsModel(**{"policies.bus.enabled": True}).
MODEL_PARAMETERS = {
    "mode": "operations.mode",
    "backhaul": "operations.backhaul",
    "delivery_interval_days": "operations.delivery_interval_days",
    "door_threshold_parcels": "operations.door_threshold_parcels",
    "routing_solver": "operations.routing_solver",
    "parcels_per_resident_per_day": "demand.parcels_per_resident_per_day",
    "terrain": "geography.terrain",
    "n_townships": "geography.n_townships",
    "villages_per_township": "geography.villages_per_township",
    "days": "scenario.days",
}
# Seeds drawn for rng=None or a Generator lie below this (PyVRP takes 32-bit seeds).
_SEED_BOUND = 2**31


class _FromScenario:
    """Marker: no ``rng`` given, so the scenario's own seed is used."""

    def __repr__(self) -> str:
        return "the scenario's seed"


FROM_SCENARIO = _FromScenario()



def _resolve_config(config, overrides, parameters: dict, rng) -> ScenarioConfig:
    """The scenario the model runs: ``config`` (or a file, or the default) with the
    overrides, keyword parameters and seed applied."""
    if not isinstance(config, ScenarioConfig):
        config = load_config(config)
    changes = dict(overrides or {})
    for name, value in parameters.items():
        if "." not in name and name not in MODEL_PARAMETERS:
            raise TypeError(f"unknown model parameter {name!r}; expected one of {sorted(MODEL_PARAMETERS)} "
                            f"or a scenario key by dotted name such as 'operations.mode'")
        if value is not None:
            changes[MODEL_PARAMETERS.get(name, name)] = value
    seed = seed_from_rng(rng, config.scenario.seed)
    if seed != config.scenario.seed:
        changes["scenario.seed"] = seed
    return apply_overrides(config, changes) if changes else config


def seed_from_rng(rng: object, scenario_seed: int) -> int:
    """The run's integer seed for Mesa's ``rng`` argument (see :class:`RuralLogisticsModel`)."""
    if rng is FROM_SCENARIO:
        return scenario_seed
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        return int(rng)
    if rng is None:
        return int(np.random.default_rng().integers(_SEED_BOUND))
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(_SEED_BOUND))
    try:
        return int(np.random.default_rng(rng).integers(_SEED_BOUND))
    except (TypeError, ValueError):
        raise TypeError(f"rng: expected an int, a NumPy Generator or SeedSequence, or None; got {rng!r}") from None
