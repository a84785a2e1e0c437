"""The report in Markdown, its charts beside it as PNG files."""

from __future__ import annotations

from sim.outputs.report.formatting import chart_text, headlines, how_to_read, kpi_rows, unit_hint
from sim.outputs.report.runs import Run, compared_rows, like_for_like_problems
from sim.outputs.report.text import t

FILES_DIR = "report_files"


def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(_md_cell(h) for h in header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return lines


def render_markdown(runs: list[Run], title: str, charts, general_notes: list[str], lang: str = "en") -> str:
    ref = runs[0]
    compared = t("compared", lang, n=len(runs), s="s" if len(runs) != 1 else "", ref=f"**{ref.label}**")
    out = [f"# {title}", "", compared, ""]
    note = t("note", lang)
    problems = like_for_like_problems(runs, lang)
    if problems:
        out += [f"> **{t('warning_md', lang)}** " + " ".join(problems) + " " + t("mixes", lang), ""]
    lines = headlines(runs, lang)
    if lines:
        out += [f"## {t('at_a_glance', lang)}", "", *[f"- {line}" for line in lines], ""]
    header, rows = compared_rows(runs, lang)
    out += [f"## {t('what_compared', lang)}", "", *_md_table(header, rows), ""]
    out += [f"_{note}: {n}_" for n in general_notes] + ([""] if general_notes else [])
    out += [f"## {t('kpis', lang)}", "", how_to_read(ref.label, lang), ""]
    krows = []
    for k, cells in kpi_rows(runs, lang):
        krows.append([f"{k.label(lang)} ({unit_hint(k, lang)})", *[f"{v} ({ch})" if ch else v for v, ch, _ in cells]])
    out += _md_table([t("kpi", lang), *[r.label + (f" {t('reference', lang)}" if i == 0 else "")
                                        for i, r in enumerate(runs)]], krows)
    out += ["", t("raw_table_md", lang), ""]
    for key, path, notes in charts:
        heading, text = chart_text(key, lang)
        out += [f"## {heading}", ""]
        if path is not None:
            out += [text, "", f"![{heading}]({FILES_DIR}/{path.name})", ""]
        out += [f"_{note}: {n}_" for n in notes] + ([""] if notes else [])
    return "\n".join(out)
