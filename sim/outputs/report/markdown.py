"""The report in Markdown, its charts beside it as PNG files."""

from __future__ import annotations

from sim.outputs.report.formatting import BETTER_TEXT, CHART_TEXT, HOW_TO_READ, headlines, kpi_rows
from sim.outputs.report.runs import Run, compared_rows, like_for_like_problems

FILES_DIR = "report_files"


def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(_md_cell(h) for h in header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return lines


def render_markdown(runs: list[Run], title: str, charts, general_notes: list[str]) -> str:
    ref = runs[0]
    out = [f"# {title}", "", f"{len(runs)} run{'s' if len(runs) != 1 else ''} compared; reference: **{ref.label}**.", ""]
    problems = like_for_like_problems(runs)
    if problems:
        out += ["> **Warning: not a like-for-like comparison.** " + " ".join(problems)
                + " Differences in the KPIs below mix the policy effect with these differences; "
                  "rerun with the same seed, days and county to isolate the policy.", ""]
    lines = headlines(runs)
    if lines:
        out += ["## At a glance", "", *[f"- {t}" for t in lines], ""]
    header, rows = compared_rows(runs)
    out += ["## What was compared", "", *_md_table(header, rows), ""]
    out += [f"_Note: {n}_" for n in general_notes] + ([""] if general_notes else [])
    out += ["## Key performance indicators", "", HOW_TO_READ.format(ref=ref.label), ""]
    krows = []
    for k, cells in kpi_rows(runs):
        unit = "%" if k.is_share else k.unit
        hint = f"{unit}{'; ' + BETTER_TEXT[k.better] if k.better else ''}"
        krows.append([f"{k.label_en} ({hint})", *[f"{v} ({ch})" if ch else v for v, ch, _ in cells]])
    out += _md_table(["KPI", *[r.label + (" (reference)" if i == 0 else "") for i, r in enumerate(runs)]], krows)
    out += ["", "The same table, with raw values: `kpis.csv`.", ""]
    for key, path, notes in charts:
        heading, text = CHART_TEXT[key]
        out += [f"## {heading}", ""]
        if path is not None:
            out += [text, "", f"![{heading}]({FILES_DIR}/{path.name})", ""]
        out += [f"_Note: {n}_" for n in notes] + ([""] if notes else [])
    return "\n".join(out)
