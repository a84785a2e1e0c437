"""The report as one self-contained HTML page (inline CSS, charts embedded as data URIs)."""

from __future__ import annotations

import base64
import html

from sim.outputs.report.formatting import chart_text, headlines, how_to_read, kpi_rows, unit_hint
from sim.outputs.report.runs import Run, compared_rows, like_for_like_problems
from sim.outputs.report.text import t

# -- report ------------------------------------------------------------------------------

CSS = """
body{font-family:"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
main{max-width:1180px;margin:0 auto;padding:24px 28px 48px;background:#fff}
h1{font-size:26px;margin:0 0 4px} h2{font-size:19px;margin:32px 0 8px;border-bottom:2px solid #e3e6ea;padding-bottom:4px}
.sub{color:#5b6472;margin:0 0 16px}
table{border-collapse:collapse;width:100%;font-size:13.5px;margin:8px 0}
th,td{border:1px solid #dfe3e8;padding:5px 8px;vertical-align:top}
thead th{background:#eef1f5;text-align:left}
tbody th{text-align:left;background:#f6f7f9;font-weight:600;white-space:nowrap}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.k{white-space:normal;min-width:210px} td.k small{color:#6b7380}
table.kpi td.num{width:1%}
tr:nth-child(even) td{background:#fafbfc}
.better{color:#17803d;font-weight:600} .worse{color:#b42318;font-weight:600} .same{color:#6b7380}
.ref{font-weight:600;color:#5b6472;font-size:12px}
.warn{border:1px solid #e5a50a;background:#fff7e0;padding:10px 14px;border-radius:6px;margin:12px 0}
.warn strong{color:#8a5a00}
.note{color:#5b6472;font-size:13px;background:#f6f7f9;border-left:3px solid #c3c9d1;padding:6px 10px;margin:6px 0}
img{max-width:100%;height:auto;display:block;margin:8px 0}
ul{margin:6px 0 6px 20px;padding:0} li{margin:3px 0}
footer{color:#6b7380;font-size:12.5px;margin-top:30px}
"""

HTML_MAX_COLUMNS = 5     # scenarios per HTML table; more are split into several tables


def _chunks(n: int, with_reference: bool = True) -> list[list[int]]:
    """Run indices per HTML table: all when they fit, else groups (each led by the reference, index 0)."""
    if n <= HTML_MAX_COLUMNS + 1:
        return [list(range(n))]
    if not with_reference:
        return [list(range(i, min(i + HTML_MAX_COLUMNS, n))) for i in range(0, n, HTML_MAX_COLUMNS)]
    step = HTML_MAX_COLUMNS - 1
    return [[0, *range(i, min(i + step, n))] for i in range(1, n, step)]



def render_html(runs: list[Run], title: str, charts, general_notes: list[str], lang: str = "en") -> str:
    e = html.escape
    ref = runs[0]
    html_lang = "zh-CN" if lang == "zh" else "en"
    compared = t("compared", lang, n=len(runs), s="s" if len(runs) != 1 else "", ref="\0")
    compared = e(compared).replace("\0", f"<strong>{e(ref.label)}</strong>")
    out = ["<!DOCTYPE html>", f'<html lang="{html_lang}"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{e(title)}</title><style>{CSS}</style></head><body><main>",
           f"<h1>{e(title)}</h1>",
           f'<p class="sub">{compared}</p>']
    problems = like_for_like_problems(runs, lang)
    if problems:
        out.append(f'<div class="warn"><strong>{e(t("not_like_for_like", lang))}</strong> '
                   + " ".join(e(p) for p in problems) + " " + e(t("mixes", lang)) + "</div>")
    lines = headlines(runs, lang)
    if lines:
        out.append(f"<h2>{e(t('at_a_glance', lang))}</h2><ul>" + "".join(f"<li>{e(x)}</li>" for x in lines)
                   + "</ul>")
    header, rows = compared_rows(runs, lang)
    out.append(f"<h2>{e(t('what_compared', lang))}</h2>")
    for part in _chunks(len(runs), with_reference=False):
        out.append("<table><thead><tr><th></th>"
                   + "".join(f"<th>{e(header[i + 1])}</th>" for i in part) + "</tr></thead><tbody>")
        for row in rows:
            out.append("<tr>" + f"<th>{e(row[0])}</th>" + "".join(f"<td>{e(row[i + 1])}</td>" for i in part)
                       + "</tr>")
        out.append("</tbody></table>")
    for n in general_notes:
        out.append(f'<p class="note">{e(n)}</p>')

    out.append(f"<h2>{e(t('kpis', lang))}</h2>")
    out.append(f"<p>{e(how_to_read(ref.label, lang))}</p>")
    rows = list(kpi_rows(runs, lang))
    chunks = _chunks(len(runs))
    ref_tag = f" <span class=ref>{e(t('reference', lang))}</span>"
    for part in chunks:
        if len(chunks) > 1:
            out.append(f'<p class="sub">{e(t("scenarios_part", lang, a=part[1] + 1, b=part[-1] + 1, n=len(runs)))}'
                       "</p>")
        out.append(f'<table class="kpi"><thead><tr><th>{e(t("kpi", lang))}</th>'
                   + "".join(f"<th>{e(runs[i].label)}{ref_tag if i == 0 else ''}</th>" for i in part)
                   + "</tr></thead><tbody>")
        for k, cells in rows:
            hint = unit_hint(k, lang)
            tds = []
            for value, ch, verdict_ in (cells[i] for i in part):
                cls = verdict_ or ("same" if ch else "")
                tds.append(f'<td class="num">{e(value)}' + (f' <span class="{cls}">({e(ch)})</span>' if ch else "")
                           + "</td>")
            out.append(f'<tr><td class="k">{e(k.label(lang))}<br><small>{e(hint)}</small></td>{"".join(tds)}</tr>')
        out.append("</tbody></table>")
    out.append(f'<p class="note">{e(t("raw_table_html", lang))}</p>')

    for key, path, notes in charts:
        heading, text = chart_text(key, lang)
        out.append(f"<h2>{e(heading)}</h2>")
        if path is not None:
            out.append(f"<p>{e(text)}</p>")
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            out.append(f'<img alt="{e(heading)}" src="data:image/png;base64,{data}">')
        for n in notes:
            out.append(f'<p class="note">{e(n)}</p>')
    out.append(f"<footer>{e(t('footer', lang))}</footer>")
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"
