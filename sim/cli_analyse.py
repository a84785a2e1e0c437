"""``python -m sim analyse DIR``: sensitivity indices (SALib), plots and a page for a sweep's results.

    python -m sim analyse DIR [--out ANALYSIS_DIR]

Writes ``DIR/analysis/`` (or ``--out``): ``sensitivity.csv`` and bar charts for a Sobol' or
Morris sweep, each KPI against each parameter for every sweep, and ``index.html`` /
``index.md`` tying them together (see :mod:`sim.experiments.analyse`).
"""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(sub) -> None:
    p = sub.add_parser("analyse", aliases=["analyze"], help="sensitivity indices and plots of a sweep's results",
                       description=__doc__.split("\n\n")[0])
    p.add_argument("folder", type=Path, help="a sweep's results folder (its --out)")
    p.add_argument("--out", type=Path, help="analysis folder (default: FOLDER/analysis); new, empty, or an "
                   "earlier analysis folder of this tool (replaced)")


def cmd_analyse(args: argparse.Namespace) -> int:
    from sim.experiments.analyse import analyse

    result = analyse(args.folder, args.out)
    for note in result.notes:
        print(f"note: {note}")
    if len(result.sensitivity):
        cols = ["S1", "ST"] if result.method == "sobol" else ["mu_star", "sigma"]
        top = result.sensitivity.sort_values(cols[1], ascending=False).groupby("kpi", sort=False).head(1)
        print(f"most influential parameter per KPI ({result.method}, {cols[1]}):")
        for _, r in top.iterrows():
            print(f"  {r['kpi']}: {r['parameter']} ({cols[1]} {r[cols[1]]:.2f})")
    print(f"wrote {result.folder / 'index.html'} ({len(result.kpis)} KPIs, {len(result.files)} figures)")
    return 0
