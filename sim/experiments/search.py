"""``python -m sim search FILE``: the cheapest lever mix that meets the service targets.

Optuna proposes candidates (TPE, random, or NSGA-II, each with Optuna's constraint
handling: a constraint value ≤ 0 is met), ``batch`` at a time through Optuna's ask-and-tell
interface; each candidate runs ``replications`` times on the same executors as a sweep (a
process pool or a Dask cluster), on replication seeds shared by every candidate (common
random numbers: candidates differ by their levers, not their dice), and the KPIs are
averaged. Same file, same seed → the same candidates and the same answer.

Writes (through a partial folder, like every output of the tool): ``trials.csv`` (every
candidate, its levers, mean KPIs, whether it met the targets), ``best.csv`` (the feasible
candidates, best first), ``front.csv`` (the trade-off front: candidates no other beats on
the objective and every constrained KPI at once), ``front.png`` and ``search.md``.
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.experiments.design import seeds
from sim.experiments.executors import open_pool, run_tasks
from sim.experiments.search_file import Lever, Search
from sim.experiments.task import plain, run_one
from sim.kpis import registry
from sim.outputs.folders import Staging

BEST_SHOWN = 10


@dataclass
class SearchOutcome:
    folder: Path
    trials: pd.DataFrame
    best: pd.DataFrame
    front: pd.DataFrame
    seconds: float


def _suggest(trial, lever: Lever):
    if lever.choices:
        return trial.suggest_categorical(lever.key, list(lever.choices))
    if lever.integer:
        return trial.suggest_int(lever.key, int(lever.low), int(lever.high), step=int(lever.step or 1), log=lever.log)
    return trial.suggest_float(lever.key, lever.low, lever.high, step=lever.step, log=lever.log)


def violations(means: dict, constraints: dict) -> dict[str, float]:
    """Optuna's constraint values, one per bound (named ``kpi>=low`` / ``kpi<=high``): ≤ 0 when met."""
    out = {}
    for kpi, (low, high) in constraints.items():
        v = means[kpi]
        if low is not None:
            out[f"{kpi}>={low}"] = low - v
        if high is not None:
            out[f"{kpi}<={high}"] = v - high
    return out


def _sampler(search: Search, optuna):
    """The Optuna sampler; constraints reach it through ``trial.set_constraint`` (Optuna ≥ 5)."""
    if search.sampler == "random":
        return optuna.samplers.RandomSampler(seed=search.seed)
    if search.sampler == "nsga2":
        return optuna.samplers.NSGAIISampler(seed=search.seed, population_size=max(2, search.batch))
    return optuna.samplers.TPESampler(seed=search.seed,
                                      n_startup_trials=max(search.batch, min(10, search.trials // 3)))


def run_search(search: Search, out: str | Path, workers: int | None = None, scheduler: str | None = None,
               progress: bool = False, note=print) -> SearchOutcome:
    """Run the search and write its folder ``out``; returns the tables (see the module docstring)."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    started = time.perf_counter()
    kpis = tuple(dict.fromkeys(list(search.objective) + list(search.constraints) +
                               [k.key for k in registry.HEADLINE if k.summary and k.better]))
    rep_seeds = seeds(search.seed, search.replications)
    with Staging(Path(out), "search") as stage, warnings.catch_warnings():
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        study = optuna.create_study(direction=search.direction, sampler=_sampler(search, optuna))
        rows: list[dict] = []
        seen: dict[tuple, list[dict]] = {}          # lever mix -> its replications' records (same seeds, same result)
        bar = _bar(search.trials, progress)
        with open_pool(workers, scheduler) as pool:
            while len(rows) < search.trials:
                batch = [study.ask() for _ in range(min(search.batch, search.trials - len(rows)))]
                levers = {t.number: {lv.key: plain(_suggest(t, lv)) for lv in search.levers} for t in batch}
                mix = {t.number: tuple(sorted(levers[t.number].items(), key=str)) for t in batch}
                todo = {m: [] for m in mix.values() if m not in seen}     # a mix seen before is not run again
                tasks = [(i * search.replications + r, (i, search.base, dict(m), rep_seeds[r], kpis))
                         for i, m in enumerate(todo) for r in range(search.replications)]
                keys = list(todo)

                def finished(key: int, record: dict | None, error: str) -> None:
                    todo[keys[key // search.replications]].append(record or {"error": error, "kpis": {}})

                run_tasks(pool, run_one, tasks, finished)
                seen.update(todo)
                for t in batch:
                    rows.append(_tell(study, t, levers[t.number], seen[mix[t.number]], search, kpis, optuna))
                    if bar is not None:
                        bar.update(1)
        if bar is not None:
            bar.close()
        trials = pd.DataFrame(rows)
        best = trials[trials["feasible"]].sort_values("objective", ascending=search.direction == "minimize",
                                                      kind="stable")
        front = trade_off_front(trials, search)
        stage.write(_write, search, trials, best, front)
        stage.commit()
    if not len(best):
        note(f"note: no candidate met every target in {search.trials} trials; front.csv shows how close they came")
    return SearchOutcome(Path(out), trials, best, front, time.perf_counter() - started)


def _bar(total: int, show: bool):
    if not show:
        return None
    import sys

    from tqdm import tqdm

    return tqdm(total=total, unit="candidate", desc="search", file=sys.stderr, dynamic_ncols=True)


def _tell(study, trial, levers: dict, records: list[dict], search: Search, kpis: tuple, optuna) -> dict:
    errors = [r["error"] for r in records if r.get("error")]
    row = {"trial": trial.number, **levers}
    means = {}
    if not errors:
        for k in kpis:
            values = [r["kpis"].get(k) for r in records]
            means[k] = float(np.mean(values)) if all(isinstance(v, (int, float)) for v in values) else math.nan
    objective = sum(means.get(k, math.nan) for k in search.objective) if not errors else math.nan
    if errors or not math.isfinite(objective) or any(not math.isfinite(means[k]) for k in search.constraints):
        trial.set_user_attr("error", errors[0] if errors else "a KPI has no value (no parcel delivered?)")
        study.tell(trial, state=optuna.trial.TrialState.FAIL)
        return {**row, "objective": math.nan, **means, "feasible": False, "violation": math.nan,
                "error": trial.user_attrs["error"]}
    cons = violations(means, search.constraints)
    for name, value in cons.items():
        trial.set_constraint(name, value)
    study.tell(trial, objective)
    return {**row, "objective": objective, **means, "feasible": all(c <= 0 for c in cons.values()),
            "violation": float(sum(max(c, 0.0) for c in cons.values())), "error": ""}


def trade_off_front(trials: pd.DataFrame, search: Search) -> pd.DataFrame:
    """Candidates no other candidate beats on the objective and every constrained KPI at once."""
    ok = trials[trials["error"] == ""]
    if not len(ok):
        return ok
    sign = 1.0 if search.direction == "minimize" else -1.0
    cols = [ok["objective"].to_numpy() * sign]
    for kpi, (low, high) in search.constraints.items():
        better = registry.kpi(kpi).better
        lower_is_better = better == "lower" or (better not in ("higher",) and high is not None and low is None)
        cols.append(ok[kpi].to_numpy() * (1.0 if lower_is_better else -1.0))
    m = np.column_stack(cols)
    keep = [i for i in range(len(m)) if not any(np.all(m[j] <= m[i]) and np.any(m[j] < m[i])
                                                 for j in range(len(m)))]
    return ok.iloc[keep].sort_values("objective", ascending=sign > 0, kind="stable")


def _write(folder: Path, search: Search, trials: pd.DataFrame, best: pd.DataFrame, front: pd.DataFrame) -> None:
    trials.to_csv(folder / "trials.csv", index=False)
    best.to_csv(folder / "best.csv", index=False)
    front.to_csv(folder / "front.csv", index=False)
    from sim.experiments.search_report import plot_front, summary_markdown

    plot_front(folder / "front.png", search, trials, front, best)
    (folder / "search.md").write_text(summary_markdown(search, trials, best.head(BEST_SHOWN), front),
                                      encoding="utf-8")
