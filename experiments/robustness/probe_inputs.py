"""Feed the tool every malformed input of ``tests/malformed_cases.py`` as a user would — one
real ``python -m sim`` process each, with a time limit — and count what happened.

    ./dev python experiments/robustness/probe_inputs.py [--tree DIR] [--timeout 60] [--verbose]

Outcomes: ``clean error`` (exit code 2 and exactly one ``error:`` line, no traceback),
``ran`` (exit code 0; the case expects a run), ``accepted`` (exit code 0 where the case
expects an error), ``unclean error`` (exit 2 but several lines), ``traceback``
(a traceback or another exit code), ``hang`` (no answer within the time limit). Each case may use at most ``--memory-gib`` of
address space (a runaway allocation then fails, and counts as a traceback). ``--tree``
runs another checkout of the code (its ``sim`` package first on the path), to compare.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "tests"))

from malformed_cases import CASES, Case, materialise  # noqa: E402

OUTCOMES = ("clean error", "ran", "accepted", "unclean error", "traceback", "hang")


def outcome(case: Case, rc: int | None, stderr: str) -> str:
    if rc is None:
        return "hang"
    if "Traceback" in stderr or rc not in (0, 2):
        return "traceback"
    if rc == 0:
        return "ran" if case.expect == "ran" else "accepted"
    lines = [line for line in stderr.splitlines() if line.strip() and not line.startswith("note:")]
    return "clean error" if len(lines) == 1 and lines[0].startswith("error:") else "unclean error"


def _limit_memory(gib: float):
    def apply() -> None:     # in the child: an allocation beyond this fails instead of starving the machine
        limit = int(gib * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return apply


def probe(case: Case, tree: Path, timeout_s: float, memory_gib: float) -> tuple[str, float, str]:
    with tempfile.TemporaryDirectory() as tmp:
        argv = materialise(case, Path(tmp))
        env = dict(os.environ, PYTHONPATH=str(tree))
        started = time.perf_counter()
        try:
            proc = subprocess.run([sys.executable, "-m", "sim", *argv], capture_output=True, text=True,
                                  timeout=timeout_s, cwd=tmp, env=env, preexec_fn=_limit_memory(memory_gib))
            rc, err = proc.returncode, proc.stderr
        except subprocess.TimeoutExpired:
            rc, err = None, ""
        return outcome(case, rc, err), time.perf_counter() - started, err.strip().splitlines()[-1:] and \
            err.strip().splitlines()[-1] or ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=Path, default=REPO, help="checkout whose sim package to run")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a case counts as a hang")
    parser.add_argument("--memory-gib", type=float, default=8.0,
                        help="address-space limit per case, so a runaway allocation fails (counted as traceback)")
    parser.add_argument("--verbose", action="store_true", help="print every case's last stderr line")
    args = parser.parse_args()
    table: dict[str, Counter] = {}
    slowest = 0.0
    for case in CASES:
        result, seconds, last = probe(case, args.tree.resolve(), args.timeout, args.memory_gib)
        slowest = max(slowest, seconds)
        table.setdefault(case.group, Counter())[result] += 1
        if args.verbose or result not in ("clean error", "ran"):
            print(f"{result:>13}  {seconds:5.1f} s  {case.group}: {case.name}  | {last[:160]}", flush=True)
    total = Counter()
    print(f"\n| group | inputs | {' | '.join(OUTCOMES)} |")
    print("|---|---|" + "---|" * len(OUTCOMES))
    for group, counts in table.items():
        total.update(counts)
        print(f"| {group} | {sum(counts.values())} | " + " | ".join(str(counts[o]) for o in OUTCOMES) + " |")
    print(f"| **total** | {sum(total.values())} | " + " | ".join(str(total[o]) for o in OUTCOMES) + " |")
    print(f"\nslowest case: {slowest:.1f} s")


if __name__ == "__main__":
    main()
