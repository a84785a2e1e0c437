"""The run list of a sweep: counties × factorial value combinations × sampler points × replications.

Sampler points come from SALib (Sobol', Morris, Latin hypercube) or an evenly spaced grid,
drawn with the sweep's master seed, so the same file always gives the same list. Each run's
seed depends only on the master seed and the run's index: ``SeedSequence(seed).spawn(n)``,
one child per run, turned into an int below 2**31 (or, with ``common_seeds = true``, one
child per replication, shared by every point: common random numbers across the design).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from sim.experiments.sweep_file import Sweep, count_runs

SEED_BOUND = 2**31          # the model's seeds are 31-bit (PyVRP takes 32-bit seeds)


@dataclass(frozen=True)
class Run:
    """One run of a sweep: its index, where it sits in the design, what it sets, its seed."""

    index: int
    county: str | None
    point: int                 # design point (county × combination × sample row), shared by its replications
    sample: int | None         # row of the sampler's matrix, or None without a sampler
    params: dict               # dotted scenario key -> value (factorial and sampled)
    replication: int
    seed: int

    def overrides(self, counties: dict[str, dict]) -> dict:
        """Scenario overrides of this run: the county's geography keys and the parameters."""
        return {**(counties.get(self.county, {}) if self.county else {}), **self.params}


def problem(sweep: Sweep) -> dict:
    """The SALib problem of the sweep's ranges."""
    return {"num_vars": len(sweep.ranges), "names": [r.key for r in sweep.ranges],
            "bounds": [[r.low, r.high] for r in sweep.ranges]}


def sample_matrix(sweep: Sweep) -> np.ndarray | None:
    """The sampler's raw design (rows × ranges), before integer ranges are rounded; None without a sampler."""
    if sweep.method is None:
        return None
    prob = problem(sweep)
    if sweep.method == "grid":
        axes = [np.linspace(r.low, r.high, sweep.n) for r in sweep.ranges]
        return np.array(list(itertools.product(*axes)), dtype=float)
    if sweep.method == "lhs":
        from SALib.sample import latin

        return latin.sample(prob, sweep.n, seed=sweep.seed)
    if sweep.method == "sobol":
        from SALib.sample import sobol

        return sobol.sample(prob, sweep.n, calc_second_order=False, seed=sweep.seed)
    from SALib.sample import morris

    return morris.sample(prob, sweep.n, num_levels=sweep.levels, seed=sweep.seed)


def _value(raw: float, integer: bool):
    return int(round(raw)) if integer else float(raw)


def seeds(master: int, n_runs: int) -> list[int]:
    """One seed per run index: ``SeedSequence(master).spawn(n_runs)``, each an int < 2**31."""
    children = np.random.SeedSequence(master).spawn(n_runs)
    return [int(c.generate_state(1, dtype=np.uint32)[0]) % SEED_BOUND for c in children]


def build_runs(sweep: Sweep, sample: np.ndarray | None = None) -> list[Run]:
    """Every run of the sweep, in index order (county, combination, sample row, replication)."""
    if sample is None:
        sample = sample_matrix(sweep)
    counties: list[str | None] = list(sweep.counties) or [None]
    keys = list(sweep.parameters)
    combos = list(itertools.product(*(sweep.parameters[k] for k in keys)))
    rows: list[int | None] = list(range(len(sample))) if sample is not None else [None]
    total = count_runs(sweep)
    per_run = seeds(sweep.seed, total) if not sweep.common_seeds else None
    per_rep = seeds(sweep.seed, sweep.replications) if sweep.common_seeds else None
    runs: list[Run] = []
    point = 0
    for county in counties:
        for combo in combos:
            fixed = dict(zip(keys, combo))
            for row in rows:
                params = dict(fixed)
                if row is not None:
                    params.update({r.key: _value(sample[row, j], r.integer) for j, r in enumerate(sweep.ranges)})
                for rep in range(sweep.replications):
                    i = len(runs)
                    seed = per_rep[rep] if per_rep is not None else per_run[i]
                    runs.append(Run(i, county, point, row, params, rep, seed))
                point += 1
    assert len(runs) == total
    return runs


def parameter_columns(sweep: Sweep) -> list[str]:
    """The swept parameters' dotted names, in the order of the results' columns."""
    return list(sweep.parameters) + [r.key for r in sweep.ranges]
