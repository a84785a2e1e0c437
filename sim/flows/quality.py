"""Produce quality: a lot's share of shelf life left, falling with time, faster when warm.

A lot's ``quality`` is 1 at harvest and 0 when it can no longer be sold (it is lost). While a
lot keeps one temperature its quality falls linearly at ``decay_per_h`` = its rate at the
reference temperature (``decay_ref_per_h``: 1 / the crop's shelf life, times the lot's own
log-normal factor) × the relative deterioration rate at the temperature it is kept at
(:data:`sim.config.defaults.RELATIVE_DECAY_BY_TEMP_C`). ``expires_h`` is when it reaches 0
at that rate. Whenever a lot's conditions change (boarded, unloaded, a new day's air
temperature) the model calls :meth:`Quality.keep`, which books the quality lost so far and
sets the new rate.

Cold rooms and refrigerated vehicles hold ``cold_temp_c`` (never warmer than the air) but
cool warm produce slowly: a lot entering the cold chain for the first time without
pre-cooling keeps deteriorating at the air temperature's rate for its first
``cold_pull_down_h`` hours there (the field heat, ``warm_until_h``); a pre-cooled lot (a
forward warehouse's) does not.

Where a lot is lost is recorded as a stage: :data:`STAGES`.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from sim.config import defaults

# Where a lot was lost (the ``lost_stage`` column of the produce table).
STAGES = ("village", "township", "hub", "vehicle")
VILLAGE, TOWNSHIP, HUB, VEHICLE = range(len(STAGES))
NOT_LOST = -1

# Columns the produce table has beyond the common ones (see sim.flows.table).
PRODUCE_COLUMNS: dict[str, tuple[np.dtype, object]] = {
    "quality": (np.dtype(np.float64), 1.0),          # share of shelf life left at quality_h
    "quality_h": (np.dtype(np.float64), 0.0),        # when quality was last brought up to date
    "decay_ref_per_h": (np.dtype(np.float64), 0.0),  # quality lost per hour at the reference temperature
    "decay_per_h": (np.dtype(np.float64), 0.0),      # quality lost per hour where it is now
    "warm_decay_per_h": (np.dtype(np.float64), 0.0), # ... until warm_until_h (field heat in the cold)
    "warm_until_h": (np.dtype(np.float64), -np.inf),
    "cold": (np.dtype(np.bool_), False),             # now in a cold room or refrigerated vehicle
    "cooled": (np.dtype(np.bool_), False),           # field heat removed (pre-cooled, or cooled once)
    "quality_out": (np.dtype(np.float64), np.nan),   # quality when it left the county (shipped lots)
    "lost_stage": (np.dtype(np.int8), NOT_LOST),     # index into STAGES for lost lots
}

_DAYS_BEFORE_MONTH = np.cumsum([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30])
_MID_MONTH_DOY = _DAYS_BEFORE_MONTH + np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]) / 2.0


def relative_decay(temp_c: np.ndarray | float) -> np.ndarray:
    """Deterioration rate at ``temp_c`` relative to the reference temperature (1 at 20 °C).

    Linear between the table's points, flat beyond its ends (produce below 0 °C freezes,
    which the model does not represent)."""
    temps, rates = np.array(defaults.RELATIVE_DECAY_BY_TEMP_C).T
    return np.interp(temp_c, temps, rates) / np.interp(defaults.SHELF_LIFE_REFERENCE_C, temps, rates)


def air_temp_c(monthly_mean_c: tuple[float, ...], day: date) -> float:
    """The day's mean air temperature: the monthly means placed mid-month, linear in
    between (wrapping December → January)."""
    doy = (day - date(day.year, 1, 1)).days % 365 + 0.5
    x = np.concatenate([[_MID_MONTH_DOY[-1] - 365.0], _MID_MONTH_DOY, [_MID_MONTH_DOY[0] + 365.0]])
    y = np.concatenate([[monthly_mean_c[-1]], monthly_mean_c, [monthly_mean_c[0]]])
    return float(np.interp(doy, x, y))


class Quality:
    """The quality rules of one run: the day's air temperature, the cold chain's, the pull-down.

    ``monthly_mean_c`` are the twelve monthly air temperatures, ``cold_temp_c`` the cold
    chain's, ``pull_down_h`` the hours of field heat a lot keeps when put in cold unprecooled,
    ``day`` the first day.
    """

    def __init__(self, monthly_mean_c: tuple[float, ...], cold_temp_c: float, pull_down_h: float,
                 day: date) -> None:
        self.monthly_mean_c = monthly_mean_c
        self.cold_temp_c = cold_temp_c
        self.pull_down_h = pull_down_h
        self.air_c = self._air_rel = self._cold_rel = 0.0
        self.set_day(day)

    def set_day(self, day: date) -> None:
        """Take ``day``'s air temperature (lots already in the table keep their rates until
        :meth:`keep` is called for them)."""
        self.air_c = air_temp_c(self.monthly_mean_c, day)
        self._air_rel = float(relative_decay(self.air_c))
        self._cold_rel = float(relative_decay(min(self.cold_temp_c, self.air_c)))

    def keep(self, table, rows: np.ndarray, now_h: float, cold: bool | np.ndarray,
             precooled: bool = False, restate: bool = False) -> None:
        """From ``now_h`` on, ``rows`` are kept cold (``cold``: one flag or one per row) or at
        the air temperature: book their quality lost since their last update and set their
        new rates and expiry. A lot entering the cold chain for the first time starts its
        field-heat hours; ``precooled`` lots have none. Lots whose conditions do not change
        keep their rates (nothing to book) unless ``restate`` (new lots; a new day's air)."""
        if not len(rows):
            return
        if not precooled and not restate:
            changed = table.column("cold")[rows] != cold
            if not changed.any():
                return
            rows = rows[changed]
            if not isinstance(cold, (bool, np.bool_)):
                cold = np.asarray(cold)[changed]
        cold = np.broadcast_to(np.asarray(cold, dtype=bool), rows.shape)
        ref = table.decay_ref_per_h[rows]
        q = self.quality_at(table, rows, now_h)
        cooled = table.cooled[rows] | bool(precooled)
        warm_until = np.where(cold & ~cooled, now_h + self.pull_down_h,
                              np.where(cold, table.warm_until_h[rows], -np.inf))
        rate = ref * np.where(cold, self._cold_rel, self._air_rel)
        warm_rate = ref * self._air_rel
        # quality left when the field heat is gone, and the expiry on the two rates
        warm_h = np.maximum(warm_until - now_h, 0.0)
        q_cool = q - warm_rate * warm_h
        with np.errstate(divide="ignore", invalid="ignore"):
            expires = np.where(q_cool > 0,
                               now_h + warm_h + np.where(rate > 0, q_cool / rate, np.inf),
                               now_h + np.where(warm_rate > 0, np.maximum(q, 0.0) / warm_rate, np.inf))
        table.set(rows, quality=q, quality_h=now_h, decay_per_h=rate, warm_decay_per_h=warm_rate,
                  warm_until_h=warm_until, cold=cold, cooled=cooled | cold, expires_h=expires)

    @staticmethod
    def quality_at(table, rows: np.ndarray, now_h: float) -> np.ndarray:
        """Quality of ``rows`` at ``now_h`` at their current rates (field heat first)."""
        t0 = table.quality_h[rows]
        warm_end = np.minimum(np.maximum(table.warm_until_h[rows], t0), now_h)
        return (table.quality[rows] - table.warm_decay_per_h[rows] * (warm_end - t0)
                - table.decay_per_h[rows] * (now_h - warm_end))
