"""``python -m sim sweep FILE``: many runs over parameters and replications, resumable.

    python -m sim sweep FILE [--workers N] [--scheduler tcp://HOST:PORT] [--out DIR]
                             [--retry-failed] [--no-progress]

Runs on a local process pool (every core by default) or on the workers of a Dask scheduler;
writes ``DIR/results.parquet`` (one row per run) from one file per finished run. The same
command after Ctrl-C or a killed driver skips the finished runs and completes the rest.
Exit code 0 when every run finished without error, 1 when some raised (their errors are in
the table's ``error`` column), 2 on bad input, 130 on Ctrl-C.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.cli_common import EXIT_FAILED, add_pool_options, check_pool_options
from sim.outputs.folders import slug


def add_parser(sub) -> None:
    p = sub.add_parser("sweep", help="run a sweep file: parameters × replications on a process pool or Dask",
                       description=__doc__.split("\n\n")[0])
    p.add_argument("file", type=Path, help="sweep TOML file (see the README's 'Sweeps' section)")
    add_pool_options(p, "run on the Dask cluster whose scheduler is at tcp://HOST:PORT")
    p.add_argument("--out", type=Path, help="results folder (default: results/sweep-<name>); new, empty, "
                   "or this sweep's earlier folder (resumed)")
    p.add_argument("--retry-failed", action="store_true", help="run again the runs that raised last time")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


def cmd_sweep(args: argparse.Namespace) -> int:
    from sim.experiments.sweep import run_sweep
    from sim.experiments.sweep_file import load_sweep

    check_pool_options(args)
    sweep = load_sweep(args.file)
    out = args.out or Path("results") / f"sweep-{slug(sweep.name)}"
    where = f"the Dask cluster at {args.scheduler}" if args.scheduler else \
        f"{args.workers or 'all'} local worker{'s' if args.workers != 1 else ''}"
    print(f"sweep {sweep.name}: results in {out}, on {where}", flush=True)
    try:
        outcome = run_sweep(sweep, out, workers=args.workers, scheduler=args.scheduler,
                            retry_failed=args.retry_failed, progress=not args.no_progress)
    except KeyboardInterrupt:
        print(f"note: finished runs are kept in {out}; run the same command to complete the sweep",
              file=sys.stderr, flush=True)
        raise
    print(f"{outcome.ran} run{'s' if outcome.ran != 1 else ''} in {outcome.seconds:.1f} s"
          f" ({outcome.skipped} of {outcome.total} already finished); "
          f"{outcome.failed} with an error" + (" (column 'error'; --retry-failed runs them again)"
                                               if outcome.failed else ""), flush=True)
    print(f"wrote {out / 'results.parquet'}")
    return EXIT_FAILED if outcome.failed else 0
