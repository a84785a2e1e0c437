"""Benchmark the VRPSPD solvers of ``sim.routing`` on LKH-3 ``.vrpspd`` instances.

Usage::

    python experiments/routing_benchmark.py [FOLDER] [--solvers savings,pyvrp]
                                            [--time-limit 1.0] [--seed 0]

FOLDER (default ``../shared/data/vrpspd-dethloff`` next to the repo) holds ``*.vrpspd``
files and ``best_known.csv``. Prints one row per instance and solver — best known
distance, distance found (file units), gap in %, wall seconds — then the mean and worst
gap per solver. Gap = (found − best known) / best known × 100.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO_ROOT))

from sim.routing import RoutingError, solve  # noqa: E402
from sim.routing.vrpspd import read_best_known, read_vrpspd, to_problem  # noqa: E402

DEFAULT_FOLDER = REPO_ROOT.parent / "shared" / "data" / "vrpspd-dethloff"
BEST_KNOWN_FILE = "best_known.csv"
PERCENT = 100.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Return the parsed command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER, help="folder with *.vrpspd and best_known.csv")
    parser.add_argument("--solvers", default="savings,pyvrp", help="comma-separated: nearest, savings, pyvrp")
    parser.add_argument("--time-limit", type=float, default=1.0, help="PyVRP seconds per instance")
    parser.add_argument("--seed", type=int, default=0, help="PyVRP seed")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table; return the process exit code."""
    args = parse_args(argv)
    folder: Path = args.folder
    files = sorted(folder.glob("*.vrpspd"))
    if not files:
        print(f"error: no .vrpspd files in {folder}", file=sys.stderr)
        return 2
    best_known = read_best_known(folder / BEST_KNOWN_FILE)
    solvers = [s.strip() for s in args.solvers.split(",") if s.strip()]
    gaps: dict[str, list[float]] = {s: [] for s in solvers}
    unreadable: list[str] = []
    print(f"{'instance':<10} {'solver':<8} {'best known':>11} {'found':>11} {'gap %':>7} {'seconds':>8}")
    for path in files:
        try:
            instance = read_vrpspd(path)
        except RoutingError as exc:  # report a broken file, keep benchmarking the rest
            print(f"{path.stem:<10} {'-':<8} unreadable: {exc}")
            unreadable.append(path.stem)
            continue
        problem = to_problem(instance)
        best = best_known.get(instance.name)
        for solver in solvers:
            try:
                solution = solve(problem, solver=solver, time_limit_s=args.time_limit, seed=args.seed)  # type: ignore[arg-type]
            except RoutingError as exc:
                print(f"{instance.name:<10} {solver:<8} failed: {exc}")
                gaps[solver].append(float("nan"))
                continue
            found = solution.distance_km
            gap = (found - best) / best * PERCENT if best else float("nan")
            gaps[solver].append(gap)
            best_txt = f"{best:>11d}" if best else f"{'?':>11}"
            print(f"{instance.name:<10} {solver:<8} {best_txt} {found:>11.0f} {gap:>7.2f} {solution.runtime_s:>8.3f}")
    print()
    for solver, values in gaps.items():
        ok = [g for g in values if g == g]
        failed = len(values) - len(ok)
        if ok:
            print(f"{solver:<8} mean gap {sum(ok) / len(ok):6.2f} %   worst gap {max(ok):6.2f} %   ({len(ok)} instances, {failed} failed)")
        else:
            print(f"{solver:<8} no instance solved ({failed} failed)")
    if unreadable:
        print(f"skipped {len(unreadable)} unreadable file(s): {', '.join(unreadable)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
