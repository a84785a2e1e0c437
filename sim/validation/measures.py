"""How an effect is computed from run summaries, and the reference band it is held against.

A measure reads summary KPIs from the runs of one or two variants (scenarios) of a county,
paired run by run: the runs of every variant share their seeds (common random numbers), so
row ``r`` of each variant's table is the same parcels and the same dice under another
policy. Each measure gives one value per pair (per seed, or per design point of a
screening), in the effect's unit:

- :class:`Level` — a KPI of one variant (e.g. separate mode's lead time, in days);
- :class:`Change` — variant minus base, relative (``(v − b) / b``, e.g. −0.2 for −20 %)
  or absolute (e.g. hours), each times ``scale``;
- :class:`Contrast` — one change minus another (e.g. the bus's cost change at small
  orders minus at the default volume).

Where several KPIs are named they are added (e.g. produce lots + sellers' parcels).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

Tables = Mapping[str, pd.DataFrame]      # variant key -> one row per pair (same index in every table)


@dataclass(frozen=True)
class Band:
    """A reference band ``[low, high]`` in the effect's unit; ``None`` leaves an end open."""

    low: float | None
    high: float | None
    text: str                            # the band as the source puts it, e.g. "−20 % to −5 %"

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies in the band (ends included); False for a missing value."""
        if value is None or not math.isfinite(value):
            return False
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)

    @classmethod
    def around(cls, value: float, text: str) -> Band:
        """The band of a single reported figure ("≈ x"): x ± half of x (:data:`AROUND_SHARE`)."""
        a, b = value * (1 - AROUND_SHARE), value * (1 + AROUND_SHARE)
        return cls(min(a, b), max(a, b), text)


# One figure from one case (grades B/C, another county than ours) is read as a band of ± half
# of itself: wide enough that a model of another county can land in it, narrow enough that
# the sign and the order of magnitude must be right. Said in the report.
AROUND_SHARE = 0.5


def _sum(table: pd.DataFrame, kpis: tuple[str, ...]) -> pd.Series:
    """The KPIs of ``kpis`` added up, row by row (missing or not numeric: NaN)."""
    total = None
    for k in kpis:
        col = pd.to_numeric(table[k], errors="coerce") if k in table else pd.Series(np.nan, index=table.index)
        total = col if total is None else total + col
    return total.astype(float)


@dataclass(frozen=True)
class Level:
    """A KPI (or a sum of KPIs) of one variant, times ``scale``."""

    variant: str
    kpis: tuple[str, ...]
    scale: float = 1.0

    @property
    def variants(self) -> tuple[str, ...]:
        return (self.variant,)

    def values(self, tables: Tables) -> pd.Series:
        return _sum(tables[self.variant], self.kpis) * self.scale

    def describe(self, labels: Mapping[str, str]) -> str:
        return f"{_kpis(self.kpis)} of '{labels.get(self.variant, self.variant)}'{_scaled(self.scale)}"


@dataclass(frozen=True)
class Change:
    """Variant minus base per pair: relative (``(v − b) / b``) or absolute, times ``scale``."""

    base: str
    variant: str
    kpis: tuple[str, ...]
    relative: bool = True
    scale: float = 1.0

    @property
    def variants(self) -> tuple[str, ...]:
        return (self.base, self.variant)

    def values(self, tables: Tables) -> pd.Series:
        b = _sum(tables[self.base], self.kpis)
        v = _sum(tables[self.variant], self.kpis).reindex(b.index)
        diff = v - b
        if self.relative:
            diff = diff / b.where(b != 0)
        return diff * self.scale

    def describe(self, labels: Mapping[str, str]) -> str:
        how = "relative change" if self.relative else "difference"
        return (f"{how} of {_kpis(self.kpis)}, '{labels.get(self.variant, self.variant)}' against "
                f"'{labels.get(self.base, self.base)}', run by run on the same seeds{_scaled(self.scale)}")


@dataclass(frozen=True)
class Contrast:
    """``first`` minus ``second``, pair by pair (two changes measured on the same seeds)."""

    first: Change
    second: Change

    @property
    def variants(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.first.variants + self.second.variants))

    def values(self, tables: Tables) -> pd.Series:
        a = self.first.values(tables)
        return a - self.second.values(tables).reindex(a.index)

    def describe(self, labels: Mapping[str, str]) -> str:
        return f"[{self.first.describe(labels)}] minus [{self.second.describe(labels)}]"


Measure = Level | Change | Contrast


def _kpis(kpis: tuple[str, ...]) -> str:
    return " + ".join(f"`{k}`" for k in kpis)


_SCALES = {1.0: "", 100.0: " (× 100: in %)", 1.0 / 24.0: " (hours ÷ 24: in days)", 60.0: " (hours × 60: in minutes)"}


def _scaled(scale: float) -> str:
    return _SCALES.get(scale, f" (× {scale:g})")


@dataclass(frozen=True)
class Summary:
    """An effect's values over pairs: mean, 90 % interval (5th–95th percentile), count."""

    mean: float
    low: float
    high: float
    n: int


def summarise(values: pd.Series) -> Summary:
    """Mean and the 5th–95th percentile interval of the finite values (NaN when there are none)."""
    v = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    v = v[np.isfinite(v)]
    if not len(v):
        return Summary(float("nan"), float("nan"), float("nan"), 0)
    low, high = np.percentile(v, [5, 95])
    return Summary(float(v.mean()), float(low), float(high), int(len(v)))
