"""``python -m sim validate``: the model against the documented effects, with a report.

    python -m sim validate [--quick] [--out DIR] [--workers N]

Runs the default synthetic county and Chongyang under the relevant shipped scenarios over
several seeds (the sweep engine), compares each effect with its reference band
(``../shared/reference/figures.md``), screens the unsourced parameters (Morris), and writes
``validation.csv`` and ``report.html`` / ``report.md`` into DIR (default
``results/validation``; see :mod:`sim.validation.validate`). ``--quick``: fewer seeds, days
and screening points (for CI, a couple of minutes on two cores); the full run is what a
review quotes. Exit code 0, 1 when some run raised, 2 on bad input, 130 on Ctrl-C.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.cli_common import EXIT_FAILED, add_pool_options, check_pool_options

DEFAULT_OUT = Path("results") / "validation"


def add_parser(sub) -> None:
    p = sub.add_parser("validate", help="compare the model's effects with the documented bands; write a report",
                       description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="fewer seeds, days and screening points (CI)")
    p.add_argument("--out", type=Path, help=f"output folder (default: {DEFAULT_OUT}); new, empty, or an earlier "
                   "validation folder of this tool (replaced)")
    add_pool_options(p)


def cmd_validate(args: argparse.Namespace) -> int:
    from sim.validation.effects import BY_KEY
    from sim.validation.measures import Level
    from sim.validation.table import fmt
    from sim.validation.validate import validate

    check_pool_options(args)
    out = args.out or DEFAULT_OUT
    print(f"validation ({'quick' if args.quick else 'full'}): results in {out}", flush=True)
    result = validate(out, quick=args.quick, workers=args.workers, log=lambda s: print(s, flush=True))
    t = result.table
    width = max(len(x) for x in t["label"]) if len(t) else 10
    for _, r in t.iterrows():
        signed = not isinstance(BY_KEY[r["effect"]].measure, Level)
        print(f"  {r['label']:<{width}}  {r['county']:<24}  {fmt(r['model_mean'], signed):>9} {r['unit']:<12} "
              f"band {r['reference_band']:<34} {'in band' if r['in_band'] == 'yes' else 'MISS'}")
    inside = int((t["in_band"] == "yes").sum())
    print(f"{inside} of {len(t)} comparisons inside the band; wrote {out / 'validation.csv'} and "
          f"{out / 'report.html'}")
    return EXIT_FAILED if result.failed else 0
