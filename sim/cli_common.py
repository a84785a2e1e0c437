"""What the command line's commands share: exit codes, the errors that count as bad input,
overrides from --days/--seed, and the terminal KPI table."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.config import ScenarioError
from sim.geography import GeographyError
from sim.kpis import registry
from sim.outputs.folders import OutputError

EXIT_FAILED = 1            # a scenario failed for another reason than its input (a bug, a dead worker)
EXIT_BAD_INPUT = 2         # bad input: a scenario or data file, an --out that may not be used, a corrupt run folder
EXIT_INTERRUPTED = 130     # Ctrl-C
BAD_INPUT_ERRORS = (ScenarioError, GeographyError, FileNotFoundError, OutputError)
# The terminal table of run / compare: the registry's headline KPIs.
COMPARE_KEYS = tuple(k.key for k in registry.HEADLINE)


def overrides(args: argparse.Namespace) -> dict:
    found = {}
    if args.days is not None:
        if args.days < 1:
            raise ScenarioError(f"--days: expected a whole number ≥ 1, got {args.days}")
        found["scenario.days"] = args.days
    if args.seed is not None:
        if args.seed < 0:
            raise ScenarioError(f"--seed: expected a whole number ≥ 0, got {args.seed}")
        found["scenario.seed"] = args.seed
    return found


def add_pool_options(parser: argparse.ArgumentParser, scheduler_help: str | None = None) -> None:
    """``--workers N`` (local processes) and, with ``scheduler_help``, ``--scheduler tcp://HOST:PORT``."""
    parser.add_argument("--workers", type=int, help="local worker processes (default: number of CPUs)")
    if scheduler_help is not None:
        parser.add_argument("--scheduler", help=scheduler_help)


def check_pool_options(args: argparse.Namespace) -> None:
    """One line (ScenarioError) for a ``--workers`` below 1 or a ``--scheduler`` that is no address."""
    if args.workers is not None and args.workers < 1:
        raise ScenarioError(f"--workers: expected a whole number ≥ 1, got {args.workers}")
    scheduler = getattr(args, "scheduler", None)
    if scheduler is not None and "://" not in scheduler:
        raise ScenarioError(f"--scheduler: expected an address like tcp://127.0.0.1:8786, got {scheduler!r}")


def one_line(path: Path | str, err: BaseException) -> str:
    """``err`` as one line that names ``path`` (once)."""
    msg = " ".join(str(err).split()) or type(err).__name__
    return msg if str(path) in msg else f"{path}: {msg}"


def _fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(names: list[str], summaries: list[dict]) -> str:
    """The headline KPIs of several runs side by side, one column per run."""
    width = max(len(k) for k in COMPARE_KEYS)
    cols = [max(12, len(n)) for n in names]
    lines = [" " * width + "  " + "  ".join(n.rjust(c) for n, c in zip(names, cols))]
    for key in COMPARE_KEYS:
        cells = [_fmt(s.get(key)).rjust(c) for s, c in zip(summaries, cols)]
        lines.append(key.ljust(width) + "  " + "  ".join(cells))
    return "\n".join(lines)
