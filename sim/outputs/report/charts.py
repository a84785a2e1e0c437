"""The report's charts (PNG): KPI bars, lead-time distributions, daily overlays, equity."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from sim.i18n import unit
from sim.kpis.registry import PLOTTED
from sim.outputs.fonts import pyplot
from sim.outputs.report.formatting import CHART_KPIS, better_text, fmt_value
from sim.outputs.report.runs import Run, number
from sim.outputs.report.text import t

FIG_DPI = 90


# -- charts ------------------------------------------------------------------------------

def _plt():
    return pyplot()


def _colors(n: int) -> list:
    """tab10 for up to 10 scenarios; beyond, tab20's lighter shades (20 distinct colours)."""
    plt = _plt()
    if n <= 10:
        cmap = plt.get_cmap("tab10")
        return [cmap(i) for i in range(n)]
    cmap = plt.get_cmap("tab20")
    order = [*range(0, 20, 2), *range(1, 20, 2)]
    return [cmap(order[i % 20]) for i in range(n)]


def _save(fig, path: Path) -> Path:
    plt = _plt()
    fig.savefig(path, dpi=FIG_DPI, metadata={"Software": None})
    plt.close(fig)
    return path


LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)))


def _styles(n: int) -> list:
    return [LINESTYLES[i % len(LINESTYLES)] for i in range(n)]


LEGEND_COLS = 4


def _legend_space(n: int) -> float:
    """Inches at the top of a figure for a legend of ``n`` scenarios."""
    return 0.2 + 0.22 * math.ceil(n / LEGEND_COLS)


def _layout_with_legend(fig, runs: list[Run], colors, styles=None) -> None:
    """Tight layout leaving room at the top for one legend of all scenarios (patches, or lines with styles)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    fig.tight_layout(rect=(0, 0, 1, 1 - _legend_space(len(runs)) / fig.get_figheight()))
    if styles is None:
        handles = [Patch(color=c, label=r.label) for r, c in zip(runs, colors)]
    else:
        handles = [Line2D([], [], color=c, ls=ls, lw=1.8, label=r.label) for r, c, ls in zip(runs, colors, styles)]
    fig.legend(handles=handles, loc="upper center", ncol=min(len(runs), LEGEND_COLS), frameon=False,
               bbox_to_anchor=(0.5, 1.0), fontsize=9 if len(runs) > 4 else 10)




def chart_kpi_bars(runs: list[Run], folder: Path, lang: str = "en") -> tuple[Path | None, list[str]]:
    plt = _plt()
    notes = []
    kpis = [k for k in CHART_KPIS if any(number(r.summary.get(k.key)) is not None for r in runs)]
    absent = [k for k in CHART_KPIS if k not in kpis]
    if absent:
        notes.append(t("not_charted", lang, names=", ".join(k.label(lang) for k in absent)))
    if not kpis:
        return None, notes + [t("bars_skipped", lang)]
    colors = _colors(len(runs))
    ncols = 4 if len(runs) <= 6 else 3 if len(runs) <= 10 else 2
    nrows = math.ceil(len(kpis) / ncols)
    many = len(runs) > 5
    fig, axes = plt.subplots(nrows, ncols, figsize=(12, 2.5 * nrows + _legend_space(len(runs))), squeeze=False)
    x = np.arange(len(runs))
    for ax, k in zip(axes.ravel(), kpis):
        scale = 100.0 if k.is_share else 1.0
        vals = [number(r.summary.get(k.key)) for r in runs]
        heights = [v * scale if v is not None else 0.0 for v in vals]
        bars = ax.bar(x, heights, color=colors, width=0.7)
        for b, v in zip(bars, vals):
            if len(runs) > 20:
                break
            text = fmt_value(k, v).replace(" %", "%") if v is not None else "n/a"
            down = v is not None and v < 0
            ax.annotate(text, (b.get_x() + b.get_width() / 2, b.get_height()), xytext=(0, -2 if down else 2),
                        textcoords="offset points", ha="center", va="top" if down else "bottom",
                        fontsize=7 if many else 8, rotation=90 if many else 0)
        shown = "%" if k.is_share else unit(k.unit, lang)
        ax.set_title(f"{k.label(lang)}\n({shown}, {better_text(k, lang)})" if k.better
                     else f"{k.label(lang)}\n({shown})", fontsize=8.5)
        ax.set_xticks([])
        ax.margins(y=0.35 if many else 0.18)
        lo = min(heights + [0.0])
        if lo >= 0:
            ax.set_ylim(bottom=0)
        ax.axhline(0, color="0.5", lw=0.6)
        ax.grid(axis="y", alpha=0.3)
        ax.tick_params(labelsize=8)
    for ax in axes.ravel()[len(kpis):]:
        ax.set_visible(False)
    _layout_with_legend(fig, runs, colors)
    return _save(fig, folder / "kpi_bars.png"), notes


def read_csv(run: Run, name: str, columns: Sequence[str], lang: str = "en",
             dtype: dict | None = None) -> tuple[pd.DataFrame | None, str | None]:
    path = run.folder / name
    if not path.is_file():
        return None, t("no_file", lang, label=run.label, name=name, folder=run.folder)
    try:
        df = pd.read_csv(path, dtype=dtype)
    except (OSError, ValueError, pd.errors.ParserError) as err:
        return None, t("unreadable", lang, label=run.label, name=name, err=err)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        return None, t("lacks", lang, label=run.label, name=name, cols=", ".join(missing))
    return df, None


def chart_lead_times(runs: list[Run], folder: Path, lang: str = "en") -> tuple[Path | None, list[str]]:
    plt = _plt()
    cols = ("lead_time_from_h", "lead_time_to_h", "parcels_door", "parcels_fetched")
    notes, data = [], []
    colors = _colors(len(runs))
    chart = t("chart_lead", lang)
    for r, c, ls in zip(runs, colors, _styles(len(runs))):
        df, problem = read_csv(r, "lead_times.csv", cols, lang)
        if problem:
            notes.append(t("left_out", lang, problem=problem, chart=chart))
            continue
        n = (df["parcels_door"] + df["parcels_fetched"]).to_numpy(float)
        if n.sum() <= 0:
            notes.append(t("left_out", lang, problem=t("none_delivered", lang, label=r.label), chart=chart))
            continue
        data.append((r, c, ls, df["lead_time_from_h"].to_numpy(float), df["lead_time_to_h"].to_numpy(float), n))
    if not data:
        return None, notes + [t("lead_skipped", lang)]
    finite_max = max(float(np.nanmax(np.where(np.isfinite(hi), hi, np.nan))) for *_, hi, _ in data)
    width = max(float(np.nanmedian(hi - lo)) for *_, lo, hi, _ in data if np.isfinite(hi - lo).any())
    open_x = finite_max + width          # where the open-ended last bin ("longer") is drawn
    last = 0.0                           # where every run has delivered 99.5 % of its parcels
    for *_, lo, hi, n in data:
        i = int(np.searchsorted(np.cumsum(n) / n.sum(), 0.995))
        last = max(last, open_x if not np.isfinite(hi[i]) else hi[i])
    xmax = min(open_x, last + 2 * width)
    shown = [d[0] for d in data]
    fig, (ax_c, ax_h) = plt.subplots(1, 2, figsize=(12, 4.0 + _legend_space(len(shown))))
    for r, c, ls, lo, hi, n in data:
        hi_plot = np.where(np.isfinite(hi), hi, open_x)
        share = n / n.sum()
        ax_c.step(np.concatenate([[0.0], hi_plot]), np.concatenate([[0.0], np.cumsum(share)]) * 100,
                  where="post", color=c, lw=1.8, ls=ls, label=r.label)
        ax_h.stairs(share * 100, np.concatenate([lo, [hi_plot[-1]]]), color=c, lw=1.5, ls=ls, fill=False,
                    label=r.label)
        ax_h.stairs(share * 100, np.concatenate([lo, [hi_plot[-1]]]), color=c, alpha=0.12, fill=True)
    ax_c.axhline(95, color="0.4", lw=0.8, ls="--")
    ax_c.text(xmax, 95, "95 % ", ha="right", va="bottom", fontsize=8, color="0.3")
    ax_c.set_title(t("cum_title", lang), fontsize=10)
    ax_c.set_ylabel(t("pct_delivered", lang))
    ax_c.set_ylim(0, 102)
    ax_h.set_title(t("hist_title", lang, w=width), fontsize=10)
    ax_h.set_ylabel(t("pct_delivered", lang))
    for ax in (ax_c, ax_h):
        ax.set_xlim(0, xmax)
        ax.set_xlabel(t("hours_axis", lang))
        ax.grid(alpha=0.3)
    if xmax >= open_x - 1e-9:
        notes.append(t("longer_drawn", lang, a=finite_max, b=open_x))
    else:
        notes.append(t("charts_stop", lang, x=xmax))
    _layout_with_legend(fig, shown, [d[1] for d in data], [d[2] for d in data])
    return _save(fig, folder / "lead_times.png"), notes


def _read_daily(run: Run, lang: str = "en") -> tuple[pd.DataFrame | None, str | None]:
    pq, csv = run.folder / "daily_kpis.parquet", run.folder / "daily_kpis.csv"
    try:
        if pq.is_file():
            return pd.read_parquet(pq), None
        if csv.is_file():
            return pd.read_csv(csv), None
    except (OSError, ValueError, ImportError) as err:
        return None, t("daily_unreadable", lang, label=run.label, err=err)
    return None, t("no_daily", lang, label=run.label, folder=run.folder)


def chart_daily(runs: list[Run], folder: Path, lang: str = "en") -> tuple[Path | None, list[str]]:
    plt = _plt()
    notes, data = [], []
    colors = _colors(len(runs))
    for r, c, ls in zip(runs, colors, _styles(len(runs))):
        df, problem = _read_daily(r, lang)
        if problem:
            notes.append(t("left_out", lang, problem=problem, chart=t("chart_daily", lang)))
            continue
        data.append((r, (c, ls), df))
    if not data:
        return None, notes + [t("daily_skipped", lang)]
    series = [k for k in PLOTTED if any(k.key in df for _, _, df in data)]
    for k in PLOTTED:
        if k not in series:
            notes.append(t("daily_missing", lang, key=k.key))
    if not series:
        return None, notes
    use_dates = all("date" in df for _, _, df in data)
    ncols = 2 if len(series) > 3 else 1
    nrows = math.ceil(len(series) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(12, 2.6 * nrows + 0.3 + _legend_space(len(data))),
                             sharex=True, squeeze=False)
    for ax, k in zip(axes.ravel(), series):
        for r, c, df in data:
            if k.key not in df:
                continue
            x = pd.to_datetime(df["date"]) if use_dates else df["day"]
            y = df[k.key] * (100 if k.is_share else 1)
            ax.plot(x, y, color=c[0], ls=c[1], lw=1.5, label=r.label, marker="." if len(df) <= 31 else None)
        ax.set_title(f"{k.label(lang)} ({'%' if k.is_share else unit(k.unit, lang)})", fontsize=10)
        ax.grid(alpha=0.3)
    for ax in axes.ravel()[len(series):]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel(t("date" if use_dates else "day", lang))
        ax.tick_params(axis="x", labelrotation=30)
    if not use_dates:
        notes.append(t("no_date", lang))
    _layout_with_legend(fig, [d[0] for d in data], [d[1][0] for d in data], [d[1][1] for d in data])
    return _save(fig, folder / "daily.png"), notes


def _weighted(values: pd.Series, weights: pd.Series) -> float:
    ok = values.notna() & (weights > 0)
    return float((values[ok] * weights[ok]).sum() / weights[ok].sum()) if ok.any() else float("nan")


def equity_table(runs: list[Run], lang: str = "en") -> tuple[pd.DataFrame | None, list[str]]:
    """Parcel-weighted mean lead time (and door share) by quartile of road km from the hub, per run."""
    notes, rows = [], []
    chart = t("chart_equity", lang)
    for r in runs:
        df, problem = read_csv(r, "villages.csv", ("hub_road_km", "lead_time_mean_h", "parcels_delivered"), lang)
        if problem:
            notes.append(t("left_out", lang, problem=problem, chart=chart))
            continue
        df = df[df["hub_road_km"].notna()]
        if df["hub_road_km"].nunique() < 4:
            notes.append(t("left_out", lang, problem=t("few_distances", lang, label=r.label), chart=chart))
            continue
        q = pd.qcut(df["hub_road_km"], 4, labels=False, duplicates="drop")
        for quart, part in df.groupby(q):
            w = part["parcels_delivered"].astype(float)
            rows.append({
                "scenario": r.label, "quartile": int(quart) + 1,
                "km_from": float(part["hub_road_km"].min()), "km_to": float(part["hub_road_km"].max()),
                "villages": len(part),
                "lead_time_mean_h": _weighted(part["lead_time_mean_h"], w),
                "door_share": _weighted(part["door_share"], w) if "door_share" in part else float("nan"),
            })
    if not rows:
        return None, notes
    return pd.DataFrame(rows), notes


def chart_equity(runs: list[Run], folder: Path, lang: str = "en") -> tuple[Path | None, list[str]]:
    plt = _plt()
    table, notes = equity_table(runs, lang)
    if table is None:
        return None, notes + [t("equity_skipped", lang)]
    colors = dict(zip([r.label for r in runs], _colors(len(runs))))
    present = [r.label for r in runs if r.label in set(table["scenario"])]
    has_door = table["door_share"].notna().any()
    fig, axes = plt.subplots(1, 2 if has_door else 1, figsize=(12 if has_door else 7, 4.0 + _legend_space(len(present))),
                             squeeze=False)
    ref = table[table["scenario"] == present[0]].set_index("quartile")
    same_county = len({json.dumps(r.info("geography"), default=str) for r in runs}) == 1
    names = {1: t("nearest", lang), 4: t("farthest", lang)}
    ticks = []
    for q in range(1, 5):
        tick = f"Q{q}" + (f" {names[q]}" if q in names else "")
        if same_county and q in ref.index:
            tick += f"\n{ref.loc[q, 'km_from']:.0f}–{ref.loc[q, 'km_to']:.0f} km"
        ticks.append(tick)
    n = len(present)
    width = 0.8 / n
    panels = [("lead_time_mean_h", t("equity_lead", lang), 1.0, "{:.1f}")]
    if has_door:
        panels.append(("door_share", t("equity_door", lang), 100.0, "{:.0f}"))
    for ax, (col, title, scale, fmt) in zip(axes[0], panels):
        for i, label in enumerate(present):
            part = table[table["scenario"] == label].set_index("quartile").reindex(range(1, 5))
            xs = np.arange(4) + (i - (n - 1) / 2) * width
            vals = part[col].to_numpy(float) * scale
            bars = ax.bar(xs, np.nan_to_num(vals), width=width * 0.95, color=colors[label], label=label)
            if n <= 4:
                for b, v in zip(bars, vals):
                    if np.isfinite(v):
                        ax.annotate(fmt.format(v), (b.get_x() + b.get_width() / 2, b.get_height()), xytext=(0, 1),
                                    textcoords="offset points", ha="center", va="bottom", fontsize=7)
        ax.set_xticks(np.arange(4), ticks, fontsize=8)
        ax.set_title(title, fontsize=10)
        ax.margins(y=0.15)
        ax.grid(axis="y", alpha=0.3)
    if not same_county:
        notes.append(t("other_counties", lang))
    _layout_with_legend(fig, [r for r in runs if r.label in present], [colors[p] for p in present])
    return _save(fig, folder / "equity.png"), notes
