"""The validation report's Markdown as one self-contained HTML page (inline CSS, figures as
data URIs), for the few constructs the report uses: headings, paragraphs, bullet lists,
pipe tables, images on a line of their own, ``code`` and **bold**."""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from sim.outputs.report.html import CSS

EXTRA_CSS = """
td.yes{color:#17803d;font-weight:600} td.no{color:#b42318;font-weight:600}
code{background:#f1f3f5;padding:0 3px;border-radius:3px;font-size:12.5px}
.figs{display:flex;flex-wrap:wrap;gap:12px} .figs img{max-width:560px;flex:1 1 460px}
"""
_IMAGE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<src>[^)]+)\)$")


def inline(text: str) -> str:
    """Escape ``text`` and render ``code`` and **bold**."""
    out = html.escape(text)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    return re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", out)


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _table(lines: list[str]) -> str:
    head, rows = _cells(lines[0]), [_cells(x) for x in lines[2:]]
    out = ["<table><thead><tr>" + "".join(f"<th>{inline(c)}</th>" for c in head) + "</tr></thead><tbody>"]
    for row in rows:
        tds = []
        for c in row:
            cls = ' class="yes"' if c == "yes" else ' class="no"' if c == "no" else ""
            tds.append(f"<td{cls}>{inline(c)}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    return "\n".join(out) + "</tbody></table>"


def _image(folder: Path, alt: str, src: str) -> str:
    data = base64.b64encode((folder / src).read_bytes()).decode()
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def to_html(markdown: str, folder: Path, title: str) -> str:
    """The page for ``markdown``, whose images are files relative to ``folder``."""
    body: list[str] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("|"):
            block = []
            while i < len(lines) and lines[i].startswith("|"):
                block.append(lines[i])
                i += 1
            body.append(_table(block))
            continue
        if _IMAGE.match(line):
            figs = []
            while i < len(lines) and _IMAGE.match(lines[i]):
                m = _IMAGE.match(lines[i])
                figs.append(_image(folder, m["alt"], m["src"]))
                i += 1
            body.append('<div class="figs">' + "".join(figs) + "</div>")
            continue
        if line.startswith("- "):
            items = []
            while i < len(lines) and lines[i].startswith("- "):
                items.append(f"<li>{inline(lines[i][2:])}</li>")
                i += 1
            body.append("<ul>" + "".join(items) + "</ul>")
            continue
        if line.startswith("#"):
            level = min(len(line) - len(line.lstrip("#")), 4)
            body.append(f"<h{level}>{inline(line.lstrip('#').strip())}</h{level}>")
        elif line.strip():
            body.append(f"<p>{inline(line)}</p>")
        i += 1
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{CSS}{EXTRA_CSS}</style></head><body><main>\n"
            + "\n".join(body) + "\n</main></body></html>\n")
