"""Command line: ``python -m sim run|compare|run-all|sweep|analyse|search|validate|app``.

    python -m sim run [SCENARIO.toml] [--days N] [--seed S] [--out DIR] [--lang en|zh]
    python -m sim compare RUN_DIR [RUN_DIR …] [--out REPORT_DIR] [--title TEXT] [--lang en|zh]
    python -m sim run-all [SCENARIO_DIR_OR_FILE …] [--out RESULTS_DIR] [--days N] [--seed S]
                          [--jobs J] [--report/--no-report] [--title TEXT] [--lang en|zh]
    python -m sim app [--port N]

``--lang`` chooses the language of the plots, maps and report (English or Chinese).
``app`` serves the interactive page at http://127.0.0.1:N/ (default 8765).

``compare --out`` also writes the comparison report (``report.html``, ``report.md``,
``kpis.csv``; see :mod:`sim.outputs.report`). ``run-all`` runs every ``*.toml`` of the
given folders (default ``scenarios/``) with the same days and seed, in parallel, each into
``RESULTS_DIR/<scenario name>/``, then writes the report into ``RESULTS_DIR/report/``.
``sweep`` runs a sweep file (:mod:`sim.cli_sweep`), ``analyse`` analyses its results
(:mod:`sim.cli_analyse`), ``search`` looks for the cheapest lever mix meeting service
targets (:mod:`sim.cli_search`), ``validate`` compares the model with documented effects
(:mod:`sim.cli_validate`).

Where results go: a scenario's name becomes a folder name only as a safe slug (see
:func:`sim.outputs.folders.slug`); ``--out`` may be a new path, an empty folder or an
earlier folder of this tool of the same kind (replaced atomically), never a file or a
folder the tool did not write (see :mod:`sim.outputs.folders`).

Bad input (a scenario or data file, an ``--out`` that may not be used, a corrupt run
folder, a usage error) prints one line naming the file, the key and what was expected,
and exits with code 2; ``run-all`` first finishes the other scenarios. Ctrl-C exits
with code 130 and removes the unfinished folders.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.cli_common import BAD_INPUT_ERRORS, EXIT_BAD_INPUT, EXIT_INTERRUPTED, overrides, table
from sim.config import ScenarioError, load_config
from sim.kpis.registry import LANGUAGES
from sim.outputs.folders import Staging
from sim.outputs.run_folder import read_summary, run_folder_name


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (``error: …``) and exit code 2."""

    def error(self, message: str):
        self.exit(EXIT_BAD_INPUT, f"error: {self.prog}: {' '.join(message.split())} (see '{self.prog} --help')\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m sim", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run one scenario and write a results folder")
    run.add_argument("scenario", nargs="?", help="scenario TOML file (default: built-in joint distribution)")
    run.add_argument("--days", type=int, help="days to simulate (overrides the scenario)")
    run.add_argument("--seed", type=int, help="random seed (overrides the scenario)")
    run.add_argument("--out", type=Path, help="results folder (default: results/<scenario>-seed<S>-<days>d); "
                     "new, empty, or an earlier run folder of this tool (replaced)")
    run.add_argument("--no-progress", action="store_true", help="no progress bar")
    _lang_option(run)
    cmp_ = sub.add_parser("compare", help="side-by-side summary of run folders (and a report with --out)")
    cmp_.add_argument("runs", nargs="+", type=Path, help="run folders written by 'run'; the first is the reference")
    cmp_.add_argument("--out", type=Path, help="also write the comparison report (HTML, Markdown, CSV) here; "
                      "new, empty, or an earlier report folder of this tool (replaced)")
    cmp_.add_argument("--title", help="report title (default: the scenario names)")
    _lang_option(cmp_)
    all_ = sub.add_parser("run-all", help="run every scenario of a folder with the same days and seed, then report")
    all_.add_argument("scenarios", nargs="*", type=Path,
                      help="scenario folders (every *.toml in them) or .toml files (default: scenarios/)")
    all_.add_argument("--out", type=Path, help="results folder (default: results/run-all-seed<S>-<days>d); "
                      "new, empty, or an earlier run-all folder of this tool")
    all_.add_argument("--days", type=int, help="days to simulate, for every scenario")
    all_.add_argument("--seed", type=int, help="random seed, for every scenario")
    all_.add_argument("--jobs", type=int, help="scenarios run in parallel (default: number of CPUs; 1 = in this process)")
    all_.add_argument("--report", action=argparse.BooleanOptionalAction, default=True,
                      help="write the comparison report into RESULTS_DIR/report/ (default: yes)")
    all_.add_argument("--title", help="report title")
    _lang_option(all_)
    from sim import cli_analyse, cli_search, cli_sweep, cli_validate

    cli_sweep.add_parser(sub)
    cli_analyse.add_parser(sub)
    cli_search.add_parser(sub)
    cli_validate.add_parser(sub)
    app = sub.add_parser("app", help="the interactive page: map, KPI charts, levers (http://127.0.0.1:PORT/)")
    app.add_argument("--port", type=int, default=DEFAULT_APP_PORT,
                     help=f"port on 127.0.0.1 (default {DEFAULT_APP_PORT})")
    return p


DEFAULT_APP_PORT = 8765


def _lang_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGUAGES, default="en",
                        help="language of plots, maps and report: en (English, default) or zh (中文)")


def cmd_app(args: argparse.Namespace) -> int:
    import socket

    if not 1 <= args.port <= 65535:
        raise ScenarioError(f"--port: expected a port number from 1 to 65535, got {args.port}")
    with socket.socket() as probe:          # a taken port is one line, not uvicorn's traceback
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", args.port))
        except OSError as err:
            raise ScenarioError(f"--port: cannot listen on 127.0.0.1:{args.port} "
                                f"({err.strerror or err}); choose another port") from None
    from sim.app.server import serve

    serve(args.port)
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from sim.runner import run_scenario   # imports the model (Mesa, solvers): only when running

    scenario = load_config(args.scenario, overrides(args))
    out = args.out or Path("results") / run_folder_name(scenario)
    summary = run_scenario(scenario, out, progress=not args.no_progress, lang=args.lang)
    print(f"wrote {out}")
    print(table([out.name], [summary]))
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    summaries = [read_summary(d) for d in args.runs]
    if args.out is None:
        print(table([d.name for d in args.runs], summaries))
        return 0
    from sim.outputs.report import build_report

    with Staging(args.out, "report") as stage:       # refuses a file or a folder not ours before writing
        print(table([d.name for d in args.runs], summaries))
        stage.write(lambda folder: build_report(args.runs, folder, title=args.title, lang=args.lang))
        stage.commit()
    print(f"wrote report {args.out / 'report.html'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "run":
            return cmd_run(args)
        if args.command == "run-all":
            from sim.cli_run_all import cmd_run_all

            return cmd_run_all(args)
        if args.command == "sweep":
            from sim.cli_sweep import cmd_sweep

            return cmd_sweep(args)
        if args.command in ("analyse", "analyze"):
            from sim.cli_analyse import cmd_analyse

            return cmd_analyse(args)
        if args.command == "search":
            from sim.cli_search import cmd_search

            return cmd_search(args)
        if args.command == "validate":
            from sim.cli_validate import cmd_validate

            return cmd_validate(args)
        if args.command == "app":
            return cmd_app(args)
        return cmd_compare(args)
    except BAD_INPUT_ERRORS as err:
        print(f"error: {' '.join(str(err).split())}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("error: interrupted (Ctrl-C); unfinished results folders were removed", file=sys.stderr)
        return EXIT_INTERRUPTED
    except MemoryError:     # the preflight estimate was short (other programs took memory meanwhile)
        print("error: the run ran out of memory; expected fewer days (scenario.days), less demand or fewer "
              "villages, or more free memory", file=sys.stderr)
        return EXIT_BAD_INPUT
