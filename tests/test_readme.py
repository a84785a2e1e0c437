"""The README is a manual that stays true: its Python example runs, every CLI command has a row
with an example, and the docs it links exist."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from sim.cli import _parser

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The README's text under the heading ``## title`` (up to the next ``## ``)."""
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_use_from_python_example_runs():
    block = re.search(r"```python\n(.*?)```", section("Use from Python"), re.DOTALL).group(1)
    namespace: dict = {}
    exec(compile(block, "README.md: Use from Python", "exec"), namespace)
    assert len(namespace["daily"]) == 30 and namespace["daily"]["day"].tolist() == list(range(30))
    summary = namespace["summary"]
    assert summary["days"] == 30 and summary["mode"] == "joint" and summary["backhaul"] is True
    assert summary["cost_per_parcel_down_yuan"] > 0
    assert namespace["bus"].summary()["bus_parcels"] > 0           # the lever really ran
    assert len(namespace["villages"]) == len(namespace["model"].geography.villages)


def test_every_cli_command_has_a_row_with_an_example():
    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    commands = list({id(parser): name for name, parser in reversed(sub.choices.items())}.values())[::-1]
    assert "analyze" not in commands and "run-all" in commands       # one name per command, not its aliases
    assert "validate" in commands
    rows = section("Commands")
    for command in commands:
        assert re.search(rf"^\| `{re.escape(command)}` \| [^|]+ \| `[^`]*python -m sim {re.escape(command)}\b",
                         rows, re.MULTILINE), command


def test_the_manual_has_its_sections_and_its_links_exist():
    titles = re.findall(r"^## (.+)$", README, re.MULTILINE)
    assert titles[0] == "Set up and run" and "./dev run" in section(titles[0]) and "./dev test" in section(titles[0])
    for title in ("What the model is for, and what it leaves out", "Commands", "Bringing your own county",
                  "Use from Python", "Sweeps, sensitivity analysis and policy search", "Validation"):
        assert title in titles, title
    assert "### On a Dask cluster" in README
    for link in re.findall(r"\]\(((?:docs|experiments)/[^)#]+)", README):
        assert (REPO / link).exists(), link
    assert "docs/ODD.md" in README and "docs/KPIs.md" in README
