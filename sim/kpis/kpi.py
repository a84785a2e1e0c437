"""One KPI's declaration: key, labels in English and Chinese, unit, better direction, where it
appears (see :mod:`sim.kpis.registry`, which lists them all)."""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("en", "zh")


@dataclass(frozen=True)
class Kpi:
    """One indicator of a run (or a setting that describes the run)."""

    key: str
    label_en: str
    label_zh: str
    unit: str
    better: str = ""
    decimals: int = 2
    daily: bool = False        # a column of the daily table (a DataCollector reporter)
    summary: bool = False      # a key of the run summary (summary.json)
    headline: bool = False     # shown in the terminal table and the report's bar charts
    plot: bool = False         # drawn over time (run folder plots, report day-by-day charts)
    group: str = ""
    definition: str = ""

    @property
    def is_share(self) -> bool:
        """True for a share between 0 and 1, shown as a percentage."""
        return self.unit == "%"

    def label(self, lang: str = "en") -> str:
        """The label in ``lang`` ("en" or "zh")."""
        if lang not in LANGUAGES:
            raise ValueError(f"lang: expected one of {LANGUAGES}, got {lang!r}")
        return self.label_zh if lang == "zh" else self.label_en
