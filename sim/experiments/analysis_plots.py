"""The figures and the page of a sweep's analysis (PNG, Markdown, self-contained HTML)."""

from __future__ import annotations

import base64
import html
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from sim.kpis import registry


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig, folder: Path, prefix: str, kpi: str) -> str:
    """Save ``fig`` into ``folder`` as the chart of ``kpi`` named by ``prefix``, close it; returns the file name."""
    fig.tight_layout()
    name = _file_name(prefix, kpi)
    fig.savefig(folder / name, dpi=110)
    _plt().close(fig)
    return name


def _file_name(prefix: str, kpi: str) -> str:
    return f"{prefix}_{re.sub(r'[^A-Za-z0-9_.-]', '_', kpi)}.png"


def _label(kpi: str) -> str:
    k = registry.BY_KEY.get(kpi)
    return f"{k.label_en} ({'share' if k.is_share else k.unit})" if k and k.unit else (k.label_en if k else kpi)


def plot_indices(part: pd.DataFrame, kpi: str, groups: list[str], folder: Path) -> str:
    """Bar chart of one KPI's sensitivity indices per parameter (one panel per group)."""
    plt = _plt()
    method = part["method"].iloc[0]
    keys = [("S1", "S1_conf", "first order"), ("ST", "ST_conf", "total order")] if method == "sobol" else \
        [("mu_star", "mu_star_conf", "mu* (mean |elementary effect|)"), ("sigma", None, "sigma")]
    panels = list(part.groupby(groups, sort=False)) if groups else [((), part)]
    fig, axes = plt.subplots(1, len(panels), figsize=(max(5, 4.5 * len(panels)), 3.8), squeeze=False, sharey=True)
    for ax, (values, p) in zip(axes[0], panels):
        x = np.arange(len(p))
        width = 0.38
        for k, (col, conf, label) in enumerate(keys):
            yerr = p[conf].to_numpy() if conf else None
            ax.bar(x + (k - 0.5) * width, p[col].to_numpy(), width, yerr=yerr, capsize=3, label=label)
        ax.set_xticks(x, [n.split(".")[-1] for n in p["parameter"]], rotation=20, ha="right", fontsize=8)
        values = values if isinstance(values, tuple) else (values,)
        ax.set_title(", ".join(f"{g.split('.')[-1]}={v}" for g, v in zip(groups, values)) or "all runs", fontsize=9)
        ax.grid(axis="y", alpha=0.3)
        ax.axhline(0, color="black", lw=0.6)
    axes[0][0].set_ylabel("Sobol' index" if method == "sobol" else "Morris")
    axes[0][0].legend(fontsize=8)
    fig.suptitle(f"Sensitivity of {_label(kpi)}", fontsize=10)
    return _save(fig, folder, "sensitivity", kpi)


def _positions(values: pd.Series) -> tuple[np.ndarray, list, list]:
    """x positions of a parameter's values: the numbers themselves, or 0, 1, 2 … for text."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return values.to_numpy(dtype=float), [], []
    levels = list(dict.fromkeys(values.astype(str)))
    return values.astype(str).map({v: i for i, v in enumerate(levels)}).to_numpy(dtype=float), \
        list(range(len(levels))), levels


def plot_kpi(table: pd.DataFrame, kpi: str, params: list[str], groups: list[str], folder: Path) -> str:
    """One KPI against each parameter: each design point's mean over replications, with
    min–max bars over them; colour by the first text parameter (e.g. the mode) or the county."""
    plt = _plt()
    ok = table[pd.to_numeric(table[kpi], errors="coerce").notna()].copy()
    ok[kpi] = pd.to_numeric(ok[kpi])
    point_cols = ["point"] if "point" in ok else params
    points = ok.groupby(point_cols, sort=False).agg(
        **{p: (p, "first") for p in params + (["county"] if "county" in ok else [])},
        mean=(kpi, "mean"), low=(kpi, "min"), high=(kpi, "max")).reset_index(drop=True)
    colour_by = next((g for g in (["county"] if "county" in points else []) + groups
                      if g in points and not pd.api.types.is_numeric_dtype(points[g])), None)
    ncols = min(3, len(params))
    nrows = math.ceil(len(params) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.6 * ncols, 3.4 * nrows), squeeze=False)
    cmap = plt.get_cmap("tab10")
    for ax, param in zip(axes.ravel(), params):
        x, ticks, labels = _positions(points[param])
        spread = np.ptp(x) if len(x) else 0.0
        shades = list(dict.fromkeys(points[colour_by])) if colour_by and colour_by != param else [None]
        for c, shade in enumerate(shades):
            sel = (points[colour_by] == shade).to_numpy() if shade is not None else np.ones(len(points), bool)
            jitter = (c - (len(shades) - 1) / 2) * 0.015 * (spread or 1.0) if len(shades) > 1 else 0.0
            y = points["mean"].to_numpy()[sel]
            err = np.vstack([y - points["low"].to_numpy()[sel], points["high"].to_numpy()[sel] - y])
            ax.errorbar(x[sel] + jitter, y, yerr=err, fmt="o", ms=3.5, capsize=2, alpha=0.8, color=cmap(c % 10),
                        label=str(shade) if shade is not None else None)
            if len(np.unique(x[sel])) <= 12:          # a line through the means at each value
                means = pd.Series(y).groupby(x[sel]).mean()
                ax.plot(means.index + jitter, means.to_numpy(), lw=1, color=cmap(c % 10), alpha=0.7)
        if ticks:
            ax.set_xticks(ticks, labels)
        ax.set_xlabel(param, fontsize=8)
        ax.grid(alpha=0.3)
        if shades != [None]:
            ax.legend(fontsize=7, title=colour_by.split(".")[-1], title_fontsize=7)
    for ax in axes.ravel()[len(params):]:
        ax.set_visible(False)
    fig.suptitle(f"{_label(kpi)}: mean of the replications, bars from the lowest to the highest", fontsize=10)
    return _save(fig, folder, "kpi", kpi)


def _markdown(header: dict, table: pd.DataFrame, sens: pd.DataFrame, method: str | None, files: list[str],
              labels: dict, notes: list[str]) -> str:
    lines = [f"# Sweep analysis: {header.get('name', '')}", "",
             f"{len(table)} runs of `{header.get('file', '')}`: parameters "
             f"{', '.join(f'`{p}`' for p in header.get('parameters', [])) or '(none)'}; "
             f"{header.get('replications', 1)} replication(s) each; master seed {header.get('seed')}.", ""]
    lines += [f"- note: {n}" for n in notes] + ([""] if notes else [])
    if len(sens):
        cols = ["S1", "ST"] if method == "sobol" else ["mu_star", "sigma"]
        lines += [f"## Sensitivity ({'Sobol’ first and total order' if method == 'sobol' else 'Morris'})", "",
                  "The parameters that move each KPI most (`sensitivity.csv` has every index with its "
                  "confidence interval).", "", "| KPI | group | parameter | " + " | ".join(cols) + " |",
                  "|---|---|---|" + "---|" * len(cols)]
        groups = [c for c in sens.columns if c not in ("kpi", "parameter", "method", *INDEXES)]
        for _, r in sens.sort_values(["kpi", cols[1]], ascending=[True, False]).iterrows():
            group = ", ".join(f"{g}={r[g]}" for g in groups) or "all"
            lines.append(f"| {labels.get(r['kpi'], r['kpi'])} | {group} | `{r['parameter']}` | "
                         + " | ".join(f"{r[c]:.3f}" for c in cols) + " |")
        lines += [""] + [f"![{f}]({f})" for f in files if f.startswith("sensitivity_")] + [""]
    lines += ["## Each KPI against each parameter", ""]
    lines += [f"![{f}]({f})" for f in files if f.startswith("kpi_")]
    return "\n".join(lines) + "\n"


INDEXES = ("S1", "S1_conf", "ST", "ST_conf", "mu_star", "mu_star_conf", "sigma", "mu")


def write_page(folder: Path, header: dict, table: pd.DataFrame, sens: pd.DataFrame, method: str | None,
               files: list[str], labels: dict, notes: list[str]) -> None:
    """``index.md`` (images beside it) and ``index.html`` (images embedded: one file to send)."""
    md = _markdown(header, table, sens, method, files, labels, notes)
    (folder / "index.md").write_text(md, encoding="utf-8")
    body = []
    in_table = False
    for line in md.splitlines():
        if line.startswith("|"):
            cells = [html.escape(c.strip().strip("`")) for c in line.strip("|").split("|")]
            if set("".join(cells)) <= set("-"):
                continue
            if not in_table:
                body.append("<table>")
                in_table = True
            body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
            continue
        if in_table:
            body.append("</table>")
            in_table = False
        image = re.match(r"!\[(.*)\]\((.*)\)", line)
        if image:
            data = base64.b64encode((folder / image[2]).read_bytes()).decode()
            body.append(f'<p><img alt="{html.escape(image[1])}" src="data:image/png;base64,{data}"></p>')
        elif line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            body.append(f"<h{level}>{html.escape(line.lstrip('# '))}</h{level}>")
        elif line.startswith("- "):
            body.append(f"<p>{html.escape(line[2:])}</p>")
        elif line:
            body.append(f"<p>{html.escape(line)}</p>")
    if in_table:
        body.append("</table>")
    style = ("body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
             "td{border:1px solid #ccc;padding:2px 6px;font-size:0.85em}table{border-collapse:collapse}"
             "img{max-width:100%}")
    (folder / "index.html").write_text(
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(header.get('name', 'sweep'))}"
        f"</title><style>{style}</style></head><body>{''.join(body)}</body></html>\n", encoding="utf-8")
