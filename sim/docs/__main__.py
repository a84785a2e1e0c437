"""``python -m sim.docs [--check]``: rewrite docs/KPIs.md and the generated parts of docs/ODD.md,
or (``--check``) say which differ from what the code gives and exit 1."""

from __future__ import annotations

import argparse
import sys

from sim.docs import DOCS, expected_files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sim.docs", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 when a file is out of date")
    args = parser.parse_args(argv)
    try:
        files = expected_files(DOCS)
    except FileNotFoundError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    stale = [p for p, text in files.items() if not p.is_file() or p.read_text(encoding="utf-8") != text]
    if args.check:
        for p in stale:
            print(f"{p}: out of date; run python -m sim.docs", file=sys.stderr)
        return 1 if stale else 0
    for p in stale:
        p.write_text(files[p], encoding="utf-8")
        print(f"wrote {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
