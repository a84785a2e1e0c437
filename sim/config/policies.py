"""Policy levers of a scenario (``[policies.*]``): each a typed section, every lever off by
default; the scenario files in ``scenarios/`` switch them on."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from sim.config import defaults as D
from sim.config.sections import Flag, Hour, NonNeg, Pos, PosInt, Section, Share


class BusPolicy(Section):
    """客货邮融合: rural bus lines carry parcels from the township to villages on the line."""

    enabled: Flag = False
    lines_per_township: PosInt = D.BUS_LINES_PER_TOWNSHIP
    village_share: Share = D.BUS_VILLAGE_SHARE
    departure_hours: tuple[Hour, ...] = D.BUS_DEPARTURE_HOURS
    spare_capacity_kg: Pos = D.BUS_SPARE_CAPACITY_KG
    fee_yuan_per_parcel: NonNeg = D.BUS_FEE_YUAN_PER_PARCEL
    speed_factor: Pos = D.BUS_SPEED_FACTOR


class PostalExpressPolicy(Section):
    """邮快合作: in separate mode, brands hand their village parcels to a partner at the township."""

    enabled: Flag = False
    partner: str = "postal"
    fee_yuan_per_parcel: NonNeg = D.POSTAL_EXPRESS_FEE_YUAN_PER_PARCEL


class CarpoolingPolicy(Section):
    """拼车: in separate mode, groups of brands share trucks (``share_trunk``) and/or township
    outlets and village rounds (``share_rounds``); brands in no group run alone."""

    enabled: Flag = False
    groups: tuple[tuple[str, ...], ...] = D.CARPOOL_GROUPS
    share_trunk: Flag = True
    share_rounds: Flag = True


class CrowdPolicy(Section):
    """众包: villagers going home from the township take their village's parcels for a fee."""

    enabled: Flag = False
    availability: Share = D.CROWD_AVAILABILITY
    availability_harvest: Share = D.CROWD_AVAILABILITY_HARVEST
    capacity_parcels: PosInt = D.CROWD_CAPACITY_PARCELS
    fee_yuan_per_parcel: NonNeg = D.CROWD_FEE_YUAN_PER_PARCEL


class ColdChainPolicy(Section):
    """Refrigerated vehicles and cold rooms at the hub and stations: produce kept at ``temp_c``."""

    enabled: Flag = False
    temp_c: Annotated[float, Field(ge=-5, le=15, strict=True, allow_inf_nan=False)] = D.COLD_TEMP_C
    extra_cost_per_km_yuan: NonNeg = D.COLD_EXTRA_COST_PER_KM_YUAN
    storage_cost_per_day_yuan: NonNeg = D.COLD_STORAGE_COST_PER_DAY_YUAN


class ForwardWarehousePolicy(Section):
    """生鲜前置仓 / 产地仓: pre-cooling, cold storage and full-truck outbound at chosen sites."""

    enabled: Flag = False
    sites: tuple[str, ...] = ()            # facility ids of townships or the hub; empty: every township
    capacity_kg: NonNeg = D.WAREHOUSE_CAPACITY_KG
    cost_per_day_yuan: NonNeg = D.WAREHOUSE_COST_PER_DAY_YUAN
    precool_kwh_per_t: NonNeg = D.WAREHOUSE_PRECOOL_KWH_PER_T
    electricity_yuan_per_kwh: NonNeg = D.ELECTRICITY_YUAN_PER_KWH
    full_truck_share: Share = D.WAREHOUSE_FULL_TRUCK_SHARE
    max_hold_h: NonNeg = D.WAREHOUSE_MAX_HOLD_H
    outbound_hour: Hour = D.WAREHOUSE_OUTBOUND_HOUR


class PublicWarehousePolicy(Section):
    """电商公共仓: local sellers' stock at a county warehouse; their orders leave from there."""

    enabled: Flag = False
    seller_share: Share = D.PUBLIC_WAREHOUSE_SELLER_SHARE
    cost_per_day_yuan: NonNeg = D.PUBLIC_WAREHOUSE_COST_PER_DAY_YUAN
    restock_interval_days: PosInt = D.PUBLIC_WAREHOUSE_RESTOCK_INTERVAL_DAYS


class PackagingConfig(Section):
    """Single-use packaging of parcels and produce (counted in every run)."""

    parcel_kg: NonNeg = D.PARCEL_PACKAGING_KG
    parcel_yuan: NonNeg = D.PARCEL_PACKAGING_YUAN
    produce_kg_per_kg: NonNeg = D.PRODUCE_PACKAGING_KG_PER_KG
    produce_yuan_per_kg: NonNeg = D.PRODUCE_PACKAGING_YUAN_PER_KG
    co2_kg_per_kg: NonNeg = D.PACKAGING_CO2_KG_PER_KG


class ReturnableCratesPolicy(Section):
    """标准化周转箱 / 循环快递箱: shares of produce lots in crates and of parcels in reusable
    boxes, which go back folded on the tours that pass (crates down, boxes up)."""

    enabled: Flag = False
    produce_share: Share = D.CRATE_PRODUCE_SHARE
    parcel_share: Share = D.BOX_PARCEL_SHARE
    crate_capacity_kg: Pos = D.CRATE_CAPACITY_KG
    crate_kg: NonNeg = D.CRATE_KG
    crate_folded_m3: NonNeg = D.CRATE_FOLDED_M3
    crate_price_yuan: NonNeg = D.CRATE_PRICE_YUAN
    crate_trips: PosInt = D.CRATE_TRIPS
    crate_handling_yuan: NonNeg = D.CRATE_HANDLING_YUAN
    box_price_yuan: NonNeg = D.BOX_PRICE_YUAN
    box_uses: PosInt = D.BOX_USES
    box_kg: NonNeg = D.BOX_KG
    box_folded_m3: NonNeg = D.BOX_FOLDED_M3
    box_handling_yuan: NonNeg = D.BOX_HANDLING_YUAN
    plastic_co2_kg_per_kg: NonNeg = D.PLASTIC_CO2_KG_PER_KG


class LockerPolicy(Section):
    """智能快件箱 / 自助提货: locker banks at villages without a service point (vans deliver
    there) or at township stations (villagers fetch without queue or fee)."""

    enabled: Flag = False
    at: Literal["villages", "townships"] = "villages"
    compartments: PosInt = D.LOCKER_COMPARTMENTS
    cost_per_day_yuan: NonNeg = D.LOCKER_COST_PER_DAY_YUAN
    lockers_per_township: PosInt = D.LOCKERS_PER_TOWNSHIP
    pickup_h: NonNeg = D.LOCKER_PICKUP_H


class AutoSortingPolicy(Section):
    """Automatic sorting line at the county hub."""

    enabled: Flag = False
    parcels_per_h: Pos = D.AUTO_SORT_PARCELS_PER_H
    cost_per_day_yuan: NonNeg = D.AUTO_SORT_COST_PER_DAY_YUAN


class DronePolicy(Section):
    """Drones from the township station to remote villages."""

    enabled: Flag = False
    min_road_km: NonNeg = D.DRONE_MIN_ROAD_KM
    all_villages_in_mountains: Flag = True
    payload_kg: Pos = D.DRONE_PAYLOAD_KG
    range_km: Pos = D.DRONE_RANGE_KM
    speed_kmh: Pos = D.DRONE_SPEED_KMH
    cost_per_flight_yuan: NonNeg = D.DRONE_COST_PER_FLIGHT_YUAN
    fixed_cost_per_day_yuan: NonNeg = D.DRONE_FIXED_COST_PER_DAY_YUAN
    co2_kg_per_flight: NonNeg = D.DRONE_CO2_KG_PER_FLIGHT
    weather_downtime: Share = D.DRONE_WEATHER_DOWNTIME
    departure_hours: tuple[Hour, ...] = D.DRONE_DEPARTURE_HOURS


class SubsidyPolicy(Section):
    """Government subsidies, counted as government cost and taken off the operators' cost."""

    per_parcel_yuan: NonNeg = 0.0
    per_route_yuan: NonNeg = 0.0
    per_service_point_per_day_yuan: NonNeg = 0.0


class PoliciesConfig(Section):
    bus: BusPolicy = BusPolicy()
    postal_express: PostalExpressPolicy = PostalExpressPolicy()
    carpooling: CarpoolingPolicy = CarpoolingPolicy()
    crowdsourcing: CrowdPolicy = CrowdPolicy()
    cold_chain: ColdChainPolicy = ColdChainPolicy()
    forward_warehouse: ForwardWarehousePolicy = ForwardWarehousePolicy()
    lockers: LockerPolicy = LockerPolicy()
    public_warehouse: PublicWarehousePolicy = PublicWarehousePolicy()
    returnable_crates: ReturnableCratesPolicy = ReturnableCratesPolicy()
    auto_sorting: AutoSortingPolicy = AutoSortingPolicy()
    drones: DronePolicy = DronePolicy()
    subsidy: SubsidyPolicy = SubsidyPolicy()
