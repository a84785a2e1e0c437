"""``docs/KPIs.md``: every KPI of :mod:`sim.kpis.registry`, written from the registry.

Each KPI's key, labels in English and Chinese, unit, better direction, where it appears
(daily table, run summary, headline, plots) and definition; the parts of a definition that
say what the KPI leaves out are repeated in a column of their own.
"""

from __future__ import annotations

import re

from sim.kpis.kpi import Kpi
from sim.kpis.registry import GROUPS, KPIS

# Phrases of a definition that say what a KPI leaves out (or does not net out).
_LEAVES_OUT = re.compile(r"left out|not included|\bnot in\b|\bgross of\b", re.IGNORECASE)
_BETTER = {"lower": "lower", "higher": "higher", "zero": "closer to 0", "": "—"}


def cell(text: str) -> str:
    """Text safe in a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def leaves_out(kpi: Kpi) -> list[str]:
    """The clauses of ``kpi``'s definition that say what it does not include (the run's own
    settings are not measures and have none)."""
    if kpi.group == "run":
        return []
    out = []
    outside = kpi.definition
    for inner in re.findall(r"\(([^()]*)\)", kpi.definition):
        if _LEAVES_OUT.search(inner):
            out.append(inner)
            outside = outside.replace(f"({inner})", "")
    for clause in re.split(r"(?<=[.;:])\s+|,\s+(?=gross of)", outside):
        clause = clause.strip().rstrip(".;:,")
        if _LEAVES_OUT.search(clause):
            m = re.search(r"\bgross of [^,.;:]+", clause)
            out.append(m.group(0) if m else clause)
    return out


def appears_in(kpi: Kpi) -> str:
    """Where a KPI appears: daily table, run summary, headline (terminal and report), plots."""
    where = [w for w, on in (("daily", kpi.daily), ("summary", kpi.summary), ("headline", kpi.headline),
                             ("plot", kpi.plot)) if on]
    return ", ".join(where)


def kpi_page() -> str:
    """The whole of ``docs/KPIs.md``."""
    lines = [
        "# KPIs",
        "",
        "<!-- Written by `python -m sim.docs` from sim/kpis/registry.py (and upstream_kpis.py); edit the",
        "     registry, not this file. tests/test_docs.py fails when they differ. -->",
        "",
        f"Every indicator the model reports ({len(KPIS)} entries), grouped as the report shows them. "
        "The same keys are the columns of `daily_kpis.parquet` / `daily_kpis.csv` (those marked *daily*, "
        "one row per simulated day) and the keys of `summary.json` (those marked *summary*: the whole run "
        "after the warm-up of `kpi.warmup_days`, at most half the run; totals are sums over those days, "
        "rates are ratios of those sums, not means of daily ratios, and lead times and the door share are "
        "over the parcels created after the warm-up). *headline* KPIs are in the terminal table of "
        "`python -m sim run` / `compare` and in the report's bar charts; *plot* KPIs are drawn day by day.",
        "",
        "Units: `%` marks a share between 0 and 1 (shown as a percentage); `yuan` is RMB. "
        "*Better*: which direction is an improvement (— for counts and settings). "
        "*Leaves out* repeats what the definition says the KPI does not include.",
        "",
        "From Python: `sim.kpis.registry.kpi(key)` gives an entry (`.label('zh')`, `.unit`, `.definition`).",
        "",
        "## Contents",
        "",
    ]
    lines += [f"- [{en} · {zh}](#{_anchor(group)})" for group, (en, zh) in GROUPS.items()]
    for group, (en, zh) in GROUPS.items():
        kpis = [k for k in KPIS if k.group == group]
        lines += ["", f'<a id="{_anchor(group)}"></a>', "", f"## {en} · {zh}", "",
                  "| key | label | 标签 | unit | better | in | definition | leaves out |",
                  "|---|---|---|---|---|---|---|---|"]
        for k in kpis:
            out = "; ".join(leaves_out(k)) or "—"
            lines.append(f"| `{k.key}` | {cell(k.label_en)} | {cell(k.label_zh)} | {cell(k.unit) or '—'} | "
                         f"{_BETTER[k.better]} | {appears_in(k)} | {cell(k.definition)} | {cell(out)} |")
    return "\n".join(lines) + "\n"


def _anchor(group: str) -> str:
    return f"group-{group}"
