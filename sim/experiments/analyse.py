"""``python -m sim analyse DIR``: what a sweep's results say.

For a sweep sampled with Sobol' or Morris, SALib's indices for each KPI (Sobol': first and
total order with confidence intervals; Morris: mu*, its confidence interval, sigma), per
county and per combination of the factorial parameters, in ``sensitivity.csv`` and bar
charts. For every sweep, each KPI against each parameter with the spread over
replications. A page (``index.html`` and ``index.md``) ties them together. Written into
``DIR/analysis/`` (or ``--out``) through a partial folder, like every output of the tool.

Each sampler row's KPI is the mean over its replications. A group whose runs raised or
gave no number for a KPI gets no index for it (the page says so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from sim.experiments.analysis_plots import plot_indices, plot_kpi, write_page
from sim.experiments.store import read_header, read_results
from sim.kpis import registry
from sim.outputs.folders import Staging

SENSITIVITY = "sensitivity.csv"
INDEX_COLUMNS = {"sobol": ["S1", "S1_conf", "ST", "ST_conf"], "morris": ["mu_star", "mu_star_conf", "sigma", "mu"]}


@dataclass
class Analysis:
    """What ``analyse`` found: the indices, the KPIs it looked at, notes, the files written."""

    folder: Path
    method: str | None
    kpis: list[str]
    sensitivity: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def numeric_kpis(table: pd.DataFrame, kpis: list[str]) -> list[str]:
    """The KPIs of ``kpis`` that are numbers and vary between runs, settings such as the seed
    left out (the rest say nothing here)."""
    out = []
    for k in kpis:
        entry = registry.BY_KEY.get(k)
        if entry is not None and not entry.unit and not entry.better:     # a setting (seed, townships), no KPI
            continue
        if k not in table or table[k].dtype == object or table[k].dtype == bool:
            continue
        values = pd.to_numeric(table[k], errors="coerce")
        if values.notna().any() and values.nunique(dropna=True) > 1:
            out.append(k)
    return out


def group_columns(header: dict) -> list[str]:
    """Columns that split the table into separate designs: the county and the factorial parameters."""
    return (["county"] if header.get("counties") else []) + list(header.get("factorial", []))


def _groups(table: pd.DataFrame, columns: list[str]):
    if not columns:
        yield {}, table
        return
    for values, part in table.groupby(columns, sort=False, dropna=False):
        values = values if isinstance(values, tuple) else (values,)
        yield dict(zip(columns, values)), part


def sensitivity(table: pd.DataFrame, header: dict, kpis: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """SALib indices per group and KPI (empty without a Sobol' or Morris sampler); and notes."""
    sampler = header.get("sampler") or {}
    method = sampler.get("method")
    if method not in INDEX_COLUMNS:
        return pd.DataFrame(), []
    from SALib.analyze import morris, sobol

    problem = sampler["problem"]
    sample = np.asarray(sampler["sample"], dtype=float)
    rows, notes = [], []
    for group, part in _groups(table, group_columns(header)):
        label = ", ".join(f"{k}={v}" for k, v in group.items()) or "all runs"
        for kpi in kpis:
            y = pd.to_numeric(part[kpi], errors="coerce").groupby(part["sample"]).mean()
            y = y.reindex(range(len(sample)))
            if y.isna().any() or not np.isfinite(y.to_numpy()).all():
                notes.append(f"{kpi} ({label}): {int(y.isna().sum())} of {len(y)} sample points have no value "
                             f"(runs that raised, not finished, or without parcels); no index")
                continue
            if y.nunique() <= 1:
                continue
            if method == "sobol":
                res = sobol.analyze(problem, y.to_numpy(), calc_second_order=False, seed=header.get("seed"))
            else:
                res = morris.analyze(problem, sample, y.to_numpy(), num_levels=sampler.get("levels", 4),
                                     seed=header.get("seed"))
            for j, name in enumerate(problem["names"]):
                rows.append({**group, "kpi": kpi, "parameter": name, "method": method,
                             **{c: float(np.asarray(res[c])[j]) for c in INDEX_COLUMNS[method]}})
    return pd.DataFrame(rows), notes


def analyse(folder: str | Path, out: str | Path | None = None) -> Analysis:
    """Analyse the sweep results in ``folder``; write the analysis folder (default ``folder/analysis``).

    Raises :class:`sim.outputs.folders.OutputError` (one line) when ``folder`` holds no
    finished sweep or ``out`` may not be written.
    """
    folder = Path(folder)
    header = read_header(folder)
    table = read_results(folder)
    target = Path(out) if out is not None else folder / "analysis"
    with Staging(target, "analysis") as stage:
        kept = [k for k in header.get("kpis", []) if k in table.columns]
        kpis = numeric_kpis(table, kept)
        sens, notes = sensitivity(table, header, kpis)
        method = (header.get("sampler") or {}).get("method")
        result = Analysis(target, method, kpis, sens, notes)
        failed = int((table["error"].fillna("") != "").sum()) if "error" in table else 0
        if failed:
            notes.insert(0, f"{failed} of {len(table)} runs raised; their rows have no KPIs (column 'error')")
        stage.write(_write_all, table, header, result)
        stage.commit()
    return result


def _write_all(path: Path, table: pd.DataFrame, header: dict, result: Analysis) -> None:
    files = []
    if len(result.sensitivity):
        result.sensitivity.to_csv(path / SENSITIVITY, index=False)
        files.append(SENSITIVITY)
        for kpi in result.kpis:
            part = result.sensitivity[result.sensitivity["kpi"] == kpi]
            if len(part):
                files.append(plot_indices(part, kpi, group_columns(header), path))
    params = [p for p in header.get("parameters", []) if p in table.columns]
    if params:
        for kpi in result.kpis:
            files.append(plot_kpi(table, kpi, params, group_columns(header), path))
    result.files = files
    labels = {k: f"{registry.kpi(k).label_en} ({registry.kpi(k).unit})" if k in registry.BY_KEY else k
              for k in result.kpis}
    write_page(path, header, table, result.sensitivity, result.method, files, labels, result.notes)
