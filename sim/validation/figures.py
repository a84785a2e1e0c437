"""The validation report's figures: per effect, the model's value per seed against the
reference band (one row per county); per effect, the Morris screening's mu* per factor."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from sim.outputs.fonts import pyplot
from sim.validation.effects import Effect

BAND_COLOR = "#8fd19e"
SEED_COLOR = "#4a6fa5"
MEAN_COLOR = "#1d2330"
DPI = 110


def effect_file(key: str) -> str:
    return f"effect_{key}.png"


def screening_file(key: str) -> str:
    return f"screening_{key}.png"


def _limits(values: np.ndarray, low: float | None, high: float | None) -> tuple[float, float]:
    """x limits holding every value and the band's finite ends, with a margin."""
    points = [v for v in values if math.isfinite(v)] + [b for b in (low, high) if b is not None]
    lo, hi = (min(points), max(points)) if points else (0.0, 1.0)
    if lo == hi:
        lo, hi = lo - 1.0, hi + 1.0
    pad = 0.08 * (hi - lo)
    return lo - pad, hi + pad


def plot_effect(effect: Effect, values: pd.DataFrame, counties: dict[str, str], folder: Path) -> str:
    """One effect: per county (rows), each seed's value (dots), the mean (diamond) with its 90 %
    interval (line), and the reference band (green; an open end runs to the edge)."""
    plt = pyplot()
    keys = [c for c in counties if len(values[values["county"] == c])]
    fig, ax = plt.subplots(figsize=(7.2, 1.2 + 0.75 * max(len(keys), 1)))
    all_values = values["value"].to_numpy(dtype=float)
    x0, x1 = _limits(all_values, effect.band.low, effect.band.high)
    band_lo = x0 if effect.band.low is None else effect.band.low
    band_hi = x1 if effect.band.high is None else effect.band.high
    ax.axvspan(band_lo, band_hi, color=BAND_COLOR, alpha=0.45, lw=0, label=f"reference: {effect.band.text}")
    for y, county in enumerate(keys):
        v = values.loc[values["county"] == county, "value"].to_numpy(dtype=float)
        v = v[np.isfinite(v)]
        if not len(v):
            continue
        jitter = np.linspace(-0.12, 0.12, len(v)) if len(v) > 1 else np.zeros(1)
        ax.scatter(v, y + jitter, s=16, color=SEED_COLOR, alpha=0.75, zorder=3,
                   label="one seed" if y == 0 else None)
        lo, hi = np.percentile(v, [5, 95])
        ax.plot([lo, hi], [y, y], color=MEAN_COLOR, lw=1.4, zorder=4, label="90 % interval" if y == 0 else None)
        ax.scatter([v.mean()], [y], marker="D", s=46, color=MEAN_COLOR, zorder=5, label="mean" if y == 0 else None)
    ax.set_xlim(x0, x1)
    ax.set_ylim(-0.6, len(keys) - 0.4)
    ax.set_yticks(range(len(keys)), [counties[c] for c in keys], fontsize=9)
    ax.set_xlabel(effect.unit)
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(effect.label, fontsize=10)
    ax.legend(fontsize=7.5, loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=4, frameon=False)
    fig.tight_layout()
    name = effect_file(effect.key)
    fig.savefig(folder / name, dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    return name


def plot_screening(effect: Effect, indices: pd.DataFrame, folder: Path) -> str | None:
    """One effect's Morris screening: mu* per factor (bars, with SALib's 95 % interval) and sigma."""
    part = indices[indices["effect"] == effect.key]
    if not len(part):
        return None
    plt = pyplot()
    part = part.sort_values("mu_star")
    names = [f.replace("vehicles.", "").replace("produce.", "").replace("operations.", "").replace("costs.", "")
             for f in part["factor"]]
    y = np.arange(len(part))
    fig, ax = plt.subplots(figsize=(7.2, 0.9 + 0.28 * len(part)))
    ax.barh(y - 0.18, part["mu_star"], 0.36, xerr=part["mu_star_conf"], capsize=2, color=SEED_COLOR,
            label="mu* (mean |elementary effect|)")
    ax.barh(y + 0.18, part["sigma"], 0.36, color="#c9ccd3", label="sigma (interactions, non-linearity)")
    ax.set_yticks(y, names, fontsize=7.5)
    ax.set_xlabel(f"{effect.unit}: change of the effect across the factor's whole range")
    ax.set_title(f"Screening: {effect.label}", fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize=7.5, loc="lower right")
    fig.tight_layout()
    name = screening_file(effect.key)
    fig.savefig(folder / name, dpi=DPI)
    plt.close(fig)
    return name
