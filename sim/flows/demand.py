"""Daily demand: downstream parcels (工业品下乡) and upstream produce lots (农产品进城).

Pure functions of the scenario, the calendar date and a NumPy Generator; the model turns
their arrays into rows of :class:`sim.flows.FlowTable`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np

from sim.config import defaults
from sim.config.schema import Crop, DemandConfig, Festival, ProduceConfig

CONSUMER, FARM_INPUT = 0, 1


def _festival_factor(day: date, fest: Festival) -> float:
    """Multiplier of one festival on ``day``: ``factor`` on the day, linear back to 1."""
    peak = date(day.year, fest.month, min(fest.day, 28 if fest.month == 2 else fest.day))
    gap = abs((day - peak).days)
    if gap > fest.half_width_days:
        return 1.0
    weight = 1.0 - gap / (fest.half_width_days + 1)
    return 1.0 + (fest.factor - 1.0) * weight


def demand_factor(day: date, cfg: DemandConfig) -> float:
    """Downstream volume multiplier for ``day`` (weekday × festivals × Spring Festival)."""
    factor = cfg.weekday_factor[day.weekday()]
    for fest in cfg.festivals:
        factor *= _festival_factor(day, fest)
    return factor * _festival_factor(day, cfg.spring_festival)


@dataclass(frozen=True)
class ParcelBatch:
    """Parcels of one hub arrival wave: one entry per parcel."""

    village: np.ndarray    # facility index
    carrier: np.ndarray    # carrier index
    product: np.ndarray    # CONSUMER or FARM_INPUT
    weight_kg: np.ndarray
    volume_m3: np.ndarray


def draw_parcels(
    rng: np.random.Generator,
    villages: np.ndarray,
    population: np.ndarray,
    shares: np.ndarray,
    day: date,
    cfg: DemandConfig,
    wave_share: float = 1.0,
    growth_factor: float = 1.0,
) -> ParcelBatch:
    """Draw the parcels of one hub arrival wave carrying ``wave_share`` of the day.

    Counts are Poisson per (village, carrier) with mean population × rate × day factor ×
    wave share × market share; weights (kg) are gamma-distributed around the mean of their
    product (consumer goods or farm inputs, whose share rises in the planting months).
    """
    rate = population.astype(np.float64) * cfg.parcels_per_resident_per_day
    rate = rate * (demand_factor(day, cfg) * growth_factor * wave_share)
    counts = rng.poisson(rate[:, None] * shares[None, :]).ravel()   # (villages × carriers)
    village = np.repeat(np.repeat(villages, len(shares)), counts)
    carrier = np.repeat(np.tile(np.arange(len(shares)), len(villages)), counts)
    n = len(village)
    farm_share = cfg.farm_input_share_spring if day.month in cfg.farm_input_spring_months else cfg.farm_input_share
    product = np.where(rng.random(n) < farm_share, FARM_INPUT, CONSUMER).astype(np.int16)
    mean_kg = np.where(product == FARM_INPUT, cfg.farm_input_parcel_kg, cfg.consumer_parcel_kg)
    shape = defaults.PARCEL_WEIGHT_GAMMA_SHAPE
    weight = rng.gamma(shape=shape, scale=mean_kg / shape)
    density = np.where(product == FARM_INPUT, cfg.farm_input_parcel_kg_per_m3, cfg.consumer_parcel_kg_per_m3)
    return ParcelBatch(village, carrier, product, weight, weight / density)


def mean_growth_factor(annual_growth: float, start_years: float, end_years: float) -> float:
    """Mean of the demand multiplier (1 + g)^t between ``start_years`` and ``end_years``
    (growth compounds daily, as in the hub arrivals). 1 for no growth or an empty span."""
    rate = math.log1p(annual_growth) * (end_years - start_years)
    if abs(rate) < 1e-9:
        return (1.0 + annual_growth) ** start_years
    return ((1.0 + annual_growth) ** end_years - (1.0 + annual_growth) ** start_years) / rate


def in_season(crop: Crop, month: int) -> bool:
    """True when ``month`` lies in the crop's harvest season (seasons may wrap the year)."""
    if crop.first_month <= crop.last_month:
        return crop.first_month <= month <= crop.last_month
    return month >= crop.first_month or month <= crop.last_month


@dataclass(frozen=True)
class ProduceBatch:
    """Produce lots ready on one day: one entry per lot."""

    village: np.ndarray
    crop: np.ndarray
    weight_kg: np.ndarray           # after grading (what goes to the collection point)
    decay_ref_per_h: np.ndarray     # quality lost per hour at 20 °C (1 / shelf life × the lot's factor)
    graded_out_kg: np.ndarray       # sorted out at harvest (not sellable; counted apart)


def draw_produce(
    rng: np.random.Generator, villages: np.ndarray, day: date, cfg: ProduceConfig,
    supply_factor: np.ndarray | None = None,
) -> ProduceBatch:
    """Draw the lots harvested on ``day``: Poisson per (village, crop in season), the mean
    scaled per village by ``supply_factor`` (how much farmers ship online; 1 = the crop
    calendar's rate). Each lot gets a log-normal factor (mean 1) on its decay rate."""
    parts = []
    scale = np.ones(len(villages)) if supply_factor is None else supply_factor
    for c, crop in enumerate(cfg.crops):
        if not in_season(crop, day.month) or crop.lots_per_village_per_day == 0:
            continue
        counts = rng.poisson(crop.lots_per_village_per_day * scale)
        village = np.repeat(villages, counts)
        n = len(village)
        shape = defaults.LOT_WEIGHT_GAMMA_SHAPE
        weight = rng.gamma(shape=shape, scale=crop.kg_per_lot / shape, size=n)
        sigma = cfg.lot_decay_log_sigma
        factor = np.exp(sigma * rng.standard_normal(n) - sigma * sigma / 2.0)
        graded = weight * crop.grading_loss_share / (1.0 - crop.grading_loss_share)
        parts.append((village, np.full(n, c, np.int16), weight, factor / crop.shelf_life_h, graded))
    if not parts:
        empty = np.empty(0)
        return ProduceBatch(empty.astype(np.int64), empty.astype(np.int16), empty, empty, empty)
    return ProduceBatch(*(np.concatenate(col) for col in zip(*parts)))


@dataclass(frozen=True)
class SellerBatch:
    """Local sellers' outbound parcels handed in on one day: one entry per parcel."""

    origin: np.ndarray      # facility index: the seller's village or township
    weight_kg: np.ndarray


def draw_seller_parcels(rng: np.random.Generator, villages: np.ndarray, townships: np.ndarray, cfg: ProduceConfig,
                        village_factor: np.ndarray) -> SellerBatch:
    """Draw the day's parcels of local sellers: Poisson per village (its mean scaled by
    ``village_factor``, the sellers' response to the service) and per township."""
    counts = np.concatenate([rng.poisson(cfg.seller_parcels_per_village_per_day * village_factor),
                             rng.poisson(cfg.seller_parcels_per_township_per_day, size=len(townships))])
    origin = np.repeat(np.concatenate([villages, townships]), counts)
    shape = defaults.PARCEL_WEIGHT_GAMMA_SHAPE
    return SellerBatch(origin, rng.gamma(shape=shape, scale=cfg.seller_parcel_kg / shape, size=len(origin)))
