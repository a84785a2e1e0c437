"""Run folders as the report reads them: summary, resolved scenario, and whether they compare."""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sim.i18n import TEXT, text
from sim.outputs.report.text import t
from sim.outputs.run_folder import read_summary

# Runs must agree on these to be like-for-like: (summary key, what it means: a text key).
LIKE_FOR_LIKE = (
    ("seed", "what_seed"),
    ("days", "what_days"),
    ("start_date", "what_start"),
    ("geography", "what_county"),
    ("n_villages", "what_villages"),
)



@dataclass
class Run:
    folder: Path
    summary: dict
    scenario: dict                 # the resolved scenario.toml ({} if absent)
    label: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.summary.get("scenario") or self.scenario.get("scenario", {}).get("name")
                   or self.folder.name)

    @property
    def description(self) -> str:
        return str(self.scenario.get("scenario", {}).get("description", "") or "")

    def info(self, key: str):
        if key == "start_date":
            value = self.scenario.get("scenario", {}).get("start_date")
            return str(value) if value is not None else None
        return self.summary.get(key)


# -- loading -----------------------------------------------------------------------------

def load_runs(run_dirs: Sequence[Path]) -> list[Run]:
    """Read each run folder's summary and scenario; FileNotFoundError names a folder without summary.json."""
    runs = []
    for d in run_dirs:
        d = Path(d)
        summary = read_summary(d)
        scenario: dict = {}
        toml_path = d / "scenario.toml"
        run = Run(d, summary, scenario)
        if toml_path.is_file():
            try:
                run.scenario = tomllib.loads(toml_path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                run.notes.append(f"{d.name}: scenario.toml could not be read; description not shown")
        runs.append(run)
    labels = [r.name for r in runs]
    for r in runs:
        # Two runs of the same scenario (other seed, other days…): tell them apart by folder.
        r.label = r.name if labels.count(r.name) == 1 else r.folder.name
    labels = [r.label for r in runs]
    for i, r in enumerate(runs):
        if labels.count(r.label) > 1:
            r.label = f"{r.label} ({i + 1})"
    return runs


def number(value) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    return None


def like_for_like_problems(runs: list[Run], lang: str = "en") -> list[str]:
    """One sentence per setting on which the runs differ."""
    problems = []
    for key, what in LIKE_FOR_LIKE:
        values = [r.info(key) for r in runs]
        groups: dict[str, list[str]] = {}
        for r, v in zip(runs, values):
            groups.setdefault(_plain(v, lang), []).append(r.label)
        if len(groups) > 1:
            sep = "；" if lang == "zh" else "; "
            parts = sep.join(t("for", lang, v=v, labels=", ".join(labels)) for v, labels in groups.items())
            problems.append(t("differ", lang, what=t(what, lang), parts=parts))
    return problems


def _mode(value, lang: str) -> str:
    """The operating mode in ``lang`` (as recorded when not a known mode)."""
    return text(f"mode_{value}", lang) if f"mode_{value}" in TEXT else _plain(value, lang)


def _plain(value, lang: str = "en") -> str:
    if value is None:
        return t("not_recorded", lang)
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    if isinstance(value, str) and (os.sep in value) and ".." in value:
        return os.path.normpath(value)
    return str(value)


def compared_rows(runs: list[Run], lang: str = "en") -> tuple[list[str], list[list[str]]]:
    header = ["", *[r.label for r in runs]]
    p = lambda v: _plain(v, lang)      # noqa: E731
    rows = [
        [t("row_description", lang), *[r.description or "–" for r in runs]],
        [t("row_mode", lang), *[_mode(r.summary.get("mode"), lang) for r in runs]],
        [t("row_backhaul", lang), *[p(r.summary.get("backhaul")) for r in runs]],
        [t("row_days", lang), *[p(r.summary.get("days")) for r in runs]],
        [t("row_start", lang), *[p(r.info("start_date")) for r in runs]],
        [t("row_seed", lang), *[p(r.summary.get("seed")) for r in runs]],
        [t("row_county", lang), *[p(r.summary.get("geography")) for r in runs]],
        [t("row_size", lang), *[f"{p(r.summary.get('n_townships'))} / {p(r.summary.get('n_villages'))}"
                                for r in runs]],
        [t("row_folder", lang), *[str(r.folder) for r in runs]],
    ]
    return header, rows
