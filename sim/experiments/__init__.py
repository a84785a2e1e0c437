"""Experiments: many runs of the model at once.

:mod:`.sweep_file` (validated sweep files), :mod:`.design` (the run list: factorial grids,
SALib samples, counties, per-run seeds), :mod:`.task` (one run, in a worker),
:mod:`.executors` (a process pool here, or a Dask cluster), :mod:`.store` (per-run result
files, resume, ``results.parquet``), :mod:`.sweep` (a sweep end to end),
:mod:`.analyse` / :mod:`.analysis_plots` (SALib indices, plots, a page), :mod:`.search_file` /
:mod:`.search` / :mod:`.search_report` (the cheapest lever mix under service targets, with
Optuna), :mod:`.ema` (the model as an EMA Workbench model; optional dependency).
"""
