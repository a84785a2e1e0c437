"""``python -m sim search FILE``: the cheapest lever mix meeting service targets (Optuna).

    python -m sim search FILE [--workers N] [--scheduler tcp://HOST:PORT] [--out DIR] [--no-progress]

Candidates run on a local process pool or a Dask cluster, like a sweep's runs. Writes
``DIR`` (default ``results/search-<name>``): ``trials.csv``, ``best.csv``, ``front.csv``,
``front.png``, ``search.md`` (see :mod:`sim.experiments.search`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.cli_common import add_pool_options, check_pool_options
from sim.outputs.folders import check_target, slug


def add_parser(sub) -> None:
    p = sub.add_parser("search", help="the cheapest lever mix that meets service targets (Optuna)",
                       description=__doc__.split("\n\n")[0])
    p.add_argument("file", type=Path, help="search TOML file (see the README's 'Policy search' section)")
    add_pool_options(p, "evaluate candidates on the Dask cluster at tcp://HOST:PORT")
    p.add_argument("--out", type=Path, help="search folder (default: results/search-<name>); new, empty, "
                   "or an earlier search folder of this tool (replaced)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


def cmd_search(args: argparse.Namespace) -> int:
    from sim.experiments.search import run_search
    from sim.experiments.search_file import load_search
    from sim.experiments.task import plain

    check_pool_options(args)
    search = load_search(args.file)
    out = args.out or Path("results") / f"search-{slug(search.name)}"
    check_target(out, "search")            # refused before any run
    print(f"search {search.name}: {search.trials} candidates × {search.replications} replication(s) "
          f"into {out}", flush=True)
    outcome = run_search(search, out, workers=args.workers, scheduler=args.scheduler,
                         progress=not args.no_progress)
    if len(outcome.best):
        top = outcome.best.iloc[0]
        print(f"best mix (trial {int(top['trial'])}): "
              + ", ".join(f"{lv.key} = {plain(top[lv.key])!r}" for lv in search.levers)
              + f"; {' + '.join(search.objective)} = {top['objective']:.3f}"
              + "".join(f"; {k} = {top[k]:.3f}" for k in search.constraints))
    print(f"{len(outcome.trials)} candidates in {outcome.seconds:.1f} s, {len(outcome.best)} meet every target, "
          f"{len(outcome.front)} on the trade-off front")
    print(f"wrote {out / 'search.md'}")
    return 0
