"""The validation's runs on the sweep engine: a sweep per county and variant (replications on
common seeds) and, for the screening, a Morris sweep per variant on the default county —
all on one pool of workers, each run observed by the last-leg probe."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from sim.experiments.design import sample_matrix
from sim.experiments.executors import open_pool
from sim.experiments.sweep import run_sweep
from sim.experiments.sweep_file import Sweep
from sim.kpis import registry
from sim.validation.probe import LAST_LEG_KEYS, last_leg_probe
from sim.validation.screening import FACTORS, MORRIS_LEVELS
from sim.validation.variants import COUNTIES, VARIANTS, County, Variant, variant_config

MASTER_SEED = 14                # the validation's seeds: SeedSequence(14).spawn(...) (issue 14)
KEPT = tuple(k.key for k in registry.SUMMARY) + LAST_LEG_KEYS
# Columns of the runs table; wall and CPU seconds and worker names are left out (they differ
# from run to run, and the validation's files are the same bit for bit for the same settings).
RUN_COLUMNS = list(dict.fromkeys(["county", "variant", "replication", "seed", "error", *KEPT]))


@dataclass(frozen=True)
class Settings:
    """How much to run: days and seeds per variant, and the screening's size."""

    label: str
    days: int
    seeds: int
    screening_days: int
    trajectories: int
    seed: int = MASTER_SEED


FULL = Settings("full", days=60, seeds=10, screening_days=28, trajectories=4)
QUICK = Settings("quick", days=14, seeds=2, screening_days=10, trajectories=2)


@dataclass
class Measured:
    """What the runs gave: every run's KPIs, the screening's runs by variant and its design."""

    runs: pd.DataFrame
    screening: dict[str, pd.DataFrame]
    sample: np.ndarray
    counties: list[County]
    failed: int = 0
    notes: list[str] = field(default_factory=list)


def validation_sweep(county: County, variant: Variant, settings: Settings) -> Sweep:
    """The sweep of one county and variant: ``settings.seeds`` replications on common seeds."""
    return Sweep(path=Path(f"<validation {county.key}/{variant.key}>"), name=f"validation-{county.key}-{variant.key}",
                 base=variant_config(county, variant, settings.days), replications=settings.seeds,
                 seed=settings.seed, kpis=KEPT, daily=False, common_seeds=True, probe=last_leg_probe)


def screening_sweep(variant: Variant, settings: Settings) -> Sweep:
    """The Morris sweep of one variant on the default county: every design point on one seed."""
    return Sweep(path=Path(f"<screening {variant.key}>"), name=f"screening-{variant.key}",
                 base=variant_config(COUNTIES[0], variant, settings.screening_days), replications=1,
                 seed=settings.seed, kpis=KEPT, daily=False, common_seeds=True, method="morris",
                 n=settings.trajectories, levels=MORRIS_LEVELS, ranges=tuple(f.range for f in FACTORS),
                 probe=last_leg_probe)


def _rows(table: pd.DataFrame, **labels) -> pd.DataFrame:
    out = table.copy()
    for k, v in labels.items():
        out[k] = v
    if "error" in out:
        out["error"] = out["error"].fillna("")
    return out


def measure(folder: Path, settings: Settings, counties: list[County], workers: int | None = None,
            log: Callable[[str], None] = print) -> Measured:
    """Run every sweep into ``folder`` (one sub-folder each) on one pool; gather the tables."""
    tables, screening, samples, failed = [], {}, [], 0
    with open_pool(workers) as pool:
        for county in counties:
            for variant in VARIANTS:
                sweep = validation_sweep(county, variant, settings)
                out = run_sweep(sweep, folder / f"{county.key}-{variant.key}", pool=pool)
                failed += out.failed
                tables.append(_rows(out.table, county=county.key, variant=variant.key))
                log(f"{county.label}: {variant.label}: {out.total} runs in {out.seconds:.1f} s"
                    + (f", {out.failed} raised" if out.failed else ""))
        for variant in VARIANTS:
            sweep = screening_sweep(variant, settings)
            out = run_sweep(sweep, folder / f"screening-{variant.key}", pool=pool)
            failed += out.failed
            screening[variant.key] = _rows(out.table, variant=variant.key)
            samples.append(sample_matrix(sweep))
            log(f"screening: {variant.label}: {out.total} runs in {out.seconds:.1f} s"
                + (f", {out.failed} raised" if out.failed else ""))
    assert all(np.array_equal(samples[0], s) for s in samples), "every variant screens the same design"
    runs = pd.concat(tables, ignore_index=True)
    runs = runs.loc[:, ~runs.columns.duplicated()]
    runs = runs[[c for c in RUN_COLUMNS if c in runs.columns]]
    return Measured(runs=runs, screening=screening, sample=samples[0], counties=counties, failed=failed)
