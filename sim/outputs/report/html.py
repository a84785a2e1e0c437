"""The report as one self-contained HTML page (inline CSS, charts embedded as data URIs)."""

from __future__ import annotations

import base64
import html

from sim.outputs.report.formatting import BETTER_TEXT, CHART_TEXT, HOW_TO_READ, headlines, kpi_rows
from sim.outputs.report.runs import Run, compared_rows, like_for_like_problems

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



def render_html(runs: list[Run], title: str, charts, general_notes: list[str]) -> str:
    e = html.escape
    ref = runs[0]
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{e(title)}</title><style>{CSS}</style></head><body><main>",
           f"<h1>{e(title)}</h1>",
           (f'<p class="sub">{len(runs)} run{"s" if len(runs) != 1 else ""} compared; reference: '
            f"<strong>{e(ref.label)}</strong>.</p>")]
    problems = like_for_like_problems(runs)
    if problems:
        out.append('<div class="warn"><strong>Not a like-for-like comparison.</strong> '
                   + " ".join(e(p) for p in problems)
                   + " Differences in the KPIs below mix the policy effect with these differences; "
                     "rerun with the same seed, days and county to isolate the policy.</div>")
    lines = headlines(runs)
    if lines:
        out.append("<h2>At a glance</h2><ul>" + "".join(f"<li>{e(t)}</li>" for t in lines) + "</ul>")
    header, rows = compared_rows(runs)
    out.append("<h2>What was compared</h2>")
    for part in _chunks(len(runs), with_reference=False):
        out.append("<table><thead><tr><th></th>"
                   + "".join(f"<th>{e(header[i + 1])}</th>" for i in part) + "</tr></thead><tbody>")
        for row in rows:
            out.append("<tr>" + f"<th>{e(row[0])}</th>" + "".join(f"<td>{e(row[i + 1])}</td>" for i in part)
                       + "</tr>")
        out.append("</tbody></table>")
    for n in general_notes:
        out.append(f'<p class="note">{e(n)}</p>')

    out.append("<h2>Key performance indicators</h2>")
    out.append(f"<p>{e(HOW_TO_READ.format(ref=ref.label))}</p>")
    rows = list(kpi_rows(runs))
    chunks = _chunks(len(runs))
    for part in chunks:
        if len(chunks) > 1:
            out.append(f'<p class="sub">Scenarios {part[1] + 1}–{part[-1] + 1} of {len(runs)}, '
                       f"beside the reference:</p>")
        out.append('<table class="kpi"><thead><tr><th>KPI</th>'
                   + "".join(f"<th>{e(runs[i].label)}{' <span class=ref>(reference)</span>' if i == 0 else ''}</th>"
                             for i in part)
                   + "</tr></thead><tbody>")
        for k, cells in rows:
            unit = "%" if k.is_share else k.unit
            hint = f"{unit}{'; ' + BETTER_TEXT[k.better] if k.better else ''}"
            tds = []
            for value, ch, verdict_ in (cells[i] for i in part):
                cls = verdict_ or ("same" if ch else "")
                tds.append(f'<td class="num">{e(value)}' + (f' <span class="{cls}">({e(ch)})</span>' if ch else "")
                           + "</td>")
            out.append(f'<tr><td class="k">{e(k.label_en)}<br><small>{e(hint)}</small></td>{"".join(tds)}</tr>')
        out.append("</tbody></table>")
    out.append("<p class=\"note\">The same table, with raw values, is in <code>kpis.csv</code> next to this file.</p>")

    for key, path, notes in charts:
        heading, text = CHART_TEXT[key]
        out.append(f"<h2>{e(heading)}</h2>")
        if path is not None:
            out.append(f"<p>{e(text)}</p>")
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            out.append(f'<img alt="{e(heading)}" src="data:image/png;base64,{data}">')
        for n in notes:
            out.append(f'<p class="note">{e(n)}</p>')
    out.append("<footer>Made by <code>python -m sim compare … --out</code> or <code>python -m sim run-all</code> "
               "from the run folders listed above. "
               "KPI definitions: <code>sim/kpis.py</code>.</footer>")
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"
