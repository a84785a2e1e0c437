"""Comparison report of run folders, readable without Python.

    build_report([run_a, run_b, …], out_dir, title=None) -> out_dir / "report.html"

writes into ``out_dir``:

    report.html     self-contained page (inline CSS, PNG charts and maps embedded as data URIs, no links, no JS)
    report.md       the same content in Markdown; its charts are the PNGs in report_files/
    report_files/   the charts as PNG files (CHART_FILES; no other file there is touched)
    kpis.csv        the KPI table: one row per scenario, one column per KPI (raw values)

``lang`` ("en" or "zh") is the language of every heading, sentence, chart and map.

The report has a map of the county (from the first run folder that has ``facilities.csv`` and
``roads.csv``) and one map per scenario of the villages' door service, side by side.

The first run folder is the reference: every other scenario's KPI also shows its change
against it (in %, or in percentage points for KPIs that are shares). The report warns
when the runs differ in seed, days, start date or county, since the comparison is then
not like-for-like. A chart whose input is missing (an optional summary key, or
``lead_times.csv``, ``villages.csv``, ``daily_kpis.parquet`` in a run folder) is left
out, and the report says so where it would have been.
"""


from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sim.outputs.report.charts import chart_daily, chart_equity, chart_kpi_bars, chart_lead_times
from sim.outputs.report.formatting import kpi_frame
from sim.outputs.report.html import render_html
from sim.outputs.report.maps import chart_county_map, chart_service_maps
from sim.outputs.report.markdown import FILES_DIR, render_markdown
from sim.outputs.report.runs import load_runs
from sim.outputs.report.text import t

# The chart files the report writes into report_files/ (and removes from an earlier report).
CHART_FILES = ("kpi_bars.png", "county_map.png", "village_service.png", "lead_times.png", "daily.png",
               "equity.png")
# The report's chart sections, in order: (key of its heading in report/text.py, chart function).
SECTIONS = (("kpi_bars", chart_kpi_bars), ("county_map", chart_county_map), ("service_map", chart_service_maps),
            ("lead_times", chart_lead_times), ("daily", chart_daily), ("equity", chart_equity))


def build_report(run_dirs: Sequence[Path], out_dir: Path, title: str | None = None, lang: str = "en") -> Path:
    """Write report.html, report.md (+ report_files/*.png) and kpis.csv into ``out_dir``; returns report.html.

    The first run folder is the reference. Raises FileNotFoundError naming a folder
    without summary.json, OutputError naming an unreadable one, ValueError when no folder
    is given. Writes in place: the command line writes into a partial folder and renames
    it into place (see :mod:`sim.outputs.folders`).
    """
    if not run_dirs:
        raise ValueError("no run folder to report on")
    runs = load_runs(run_dirs)
    out_dir = Path(out_dir)
    files = out_dir / FILES_DIR
    files.mkdir(parents=True, exist_ok=True)
    for name in CHART_FILES:              # an earlier report's charts (only the names this writes)
        (files / name).unlink(missing_ok=True)
    if not title:
        title = (t("title_few", lang, names=t("vs", lang).join(r.label for r in runs)) if len(runs) <= 4 else
                 t("title_many", lang, n=len(runs), ref=runs[0].label))

    kpi_frame(runs).to_csv(out_dir / "kpis.csv", index=False)
    charts = []
    for key, fn in SECTIONS:
        path, notes = fn(runs, files, lang)
        charts.append((key, path, notes))
    general_notes = [n for r in runs for n in r.notes]

    (out_dir / "report.md").write_text(render_markdown(runs, title, charts, general_notes, lang), encoding="utf-8")
    html_path = out_dir / "report.html"
    html_path.write_text(render_html(runs, title, charts, general_notes, lang), encoding="utf-8")
    return html_path
