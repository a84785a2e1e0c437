"""Morris screening of the validated effects against the assumed parameters that have no source.

Each factor is a scenario key whose default is an assumption (figures.md: "not found"), with
the range a planner could defend: the suggested ranges of figures.md where it gives them
(road speeds, §5.2), else the default ± 30 %. The screening runs every variant on the
default synthetic county at each point of a Morris design (SALib, 4 levels, the sweep
engine's sampler), all points on one seed, and computes each effect per design point;
SALib's Morris analysis (:func:`sim.experiments.analyse.sensitivity`) then gives, per
effect and factor, mu* (the mean absolute elementary effect: the effect's change per move of
the factor across its whole range, measured on steps of two thirds of it) and sigma (how much
that change depends on the other factors).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.experiments.sweep_file import Range
from sim.validation.effects import EFFECTS, Effect

MORRIS_LEVELS = 4
SPREAD = 0.3                 # default ± 30 % where no range is suggested


@dataclass(frozen=True)
class Factor:
    """An assumed parameter: its key, default, screened range and why it has no source."""

    key: str
    default: float
    low: float
    high: float
    why: str

    @property
    def range(self) -> Range:
        return Range(self.key, float(self.low), float(self.high), integer=False)


def _spread(key: str, default: float, why: str) -> Factor:
    return Factor(key, default, round(default * (1 - SPREAD), 4), round(default * (1 + SPREAD), 4),
                  f"{why}; range: default ± {SPREAD:.0%}")


def _speed(vehicle: str, default: float, road_kmh: float, low_kmh: float, high_kmh: float, what: str) -> Factor:
    return Factor(f"vehicles.{vehicle}.speed_factor", default, round(low_kmh / road_kmh, 3),
                  round(high_kmh / road_kmh, 3),
                  f"rural road speeds not found (figures.md §5.2); {what} {low_kmh:g}–{high_kmh:g} km/h suggested "
                  f"there, on {road_kmh:g} km/h roads")


FACTORS: tuple[Factor, ...] = (
    Factor("produce.seller_parcels_per_village_per_day", 2.0, 1.0, 4.0,
           "up/down ratio: no national split found (figures.md §2.3 suggests 4:1–10:1, unsourced); local "
           "sellers' parcels per village are an assumption; range: half to twice"),
    Factor("produce.crops.fruit.lots_per_village_per_day", 2.0, 1.0, 4.0,
           "up/down ratio in the fruit season: fruit lots per village an assumption; range: half to twice"),
    _speed("truck", 0.9, 55.0, 40.0, 60.0, "county → township trunk"),
    _speed("van", 1.0, 30.0, 25.0, 40.0, "township → village van"),
    _speed("tricycle", 0.8, 30.0, 15.0, 30.0, "e-tricycle"),
    _spread("vehicles.truck.cost_per_km_yuan", 2.5, "truck running cost an assumption (figures.md §5.2: "
            "4.2 m truck specs not found)"),
    _spread("vehicles.truck.fixed_cost_per_day_yuan", 300.0, "truck driver and depreciation an assumption"),
    Factor("vehicles.van.cost_per_km_yuan", 1.0, 0.8, 1.3,
           "van fuel ≈ 0.8 yuan/km (figures.md §2.7, C), wear an assumption; range: fuel alone to +30 %"),
    _spread("vehicles.van.fixed_cost_per_day_yuan", 150.0, "van driver share and depreciation an assumption"),
    _spread("vehicles.tricycle.fixed_cost_per_day_yuan", 105.0, "e-tricycle courier's pay an assumption"),
    Factor("operations.separate_fee_yuan_per_parcel", 1.0, 0.6, 1.4,
           "separate brands' delivery rule: the fee that must cover a village trip (≈ 1 yuan before "
           "consolidation, 0.6–0.7 after, figures.md §2.7, C); range: 0.6 to 1.4"),
    _spread("costs.township_office_cost_per_day_yuan", 120.0, "separate brands' outlet (and the joint "
            "station) per township: one person and rent, an assumption (an outlet's transfer price spread over "
            "five years gives ≈ 110 yuan/day, §2.7, C)"),
)


def problem(factors: tuple[Factor, ...] = FACTORS) -> dict:
    """The SALib problem of the factors."""
    return {"num_vars": len(factors), "names": [f.key for f in factors],
            "bounds": [[f.low, f.high] for f in factors]}


def design_effects(tables: dict[str, pd.DataFrame], effects: tuple[Effect, ...] = EFFECTS) -> pd.DataFrame:
    """Each effect at each design point: one row per sampler row (``sample``), a column per effect.

    ``tables``: variant → its screening runs, one per sampler row (column ``sample``)."""
    by_point = {v: t.set_index("sample").sort_index() for v, t in tables.items()}
    index = next(iter(by_point.values())).index
    out = pd.DataFrame(index=index)
    for e in effects:
        if all(v in by_point for v in e.measure.variants):
            out[e.key] = e.measure.values(by_point).reindex(index)
    out.index.name = "sample"
    return out.reset_index()


def analyse(values: pd.DataFrame, sample: np.ndarray, seed: int,
            factors: tuple[Factor, ...] = FACTORS) -> tuple[pd.DataFrame, list[str]]:
    """Morris indices per effect and factor (mu*, its 95 % interval, sigma, mu) and notes."""
    from sim.experiments.analyse import sensitivity

    header = {"seed": seed, "sampler": {"method": "morris", "problem": problem(factors),
                                        "sample": np.asarray(sample).tolist(), "levels": MORRIS_LEVELS}}
    effects = [c for c in values.columns if c != "sample"]
    indices, notes = sensitivity(values, header, effects)
    if len(indices):
        indices = indices.rename(columns={"kpi": "effect", "parameter": "factor"}).drop(columns="method")
    return indices, notes


def design_range(values: pd.DataFrame, effects: tuple[Effect, ...] = EFFECTS) -> pd.DataFrame:
    """Per effect: its lowest and highest value over the design, and whether any point lands in its band."""
    rows = []
    for e in effects:
        if e.key not in values:
            continue
        v = pd.to_numeric(values[e.key], errors="coerce").to_numpy(dtype=float)
        v = v[np.isfinite(v)]
        rows.append({"effect": e.key, "design_low": float(v.min()) if len(v) else float("nan"),
                     "design_high": float(v.max()) if len(v) else float("nan"),
                     "points_in_band": int(sum(e.band.contains(float(x)) for x in v)), "points": int(len(v))})
    return pd.DataFrame(rows)
