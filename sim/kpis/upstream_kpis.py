"""The upstream side's KPIs (农产品进城), declared once; :mod:`sim.kpis.registry` lists them in
their place among the others.

Losses are lots whose quality ran out in the county (:mod:`sim.flows.quality`), by the
stage where it happened; grading at harvest is counted apart (it happens before the
logistics chain).
"""

from __future__ import annotations

from sim.kpis.kpi import Kpi

_D, _S, _DS = dict(daily=True), dict(summary=True), dict(daily=True, summary=True)
_P = dict(group="produce")

UPSTREAM_KPIS: tuple[Kpi, ...] = (
    Kpi("produce_created_lots", "Produce lots for sale", "待售农产品批次", "lots", "", 0, **_P, **_DS,
        definition="Lots harvested and ready for collection (that day; run: in total)."),
    Kpi("produce_shipped_lots", "Produce lots shipped out", "农产品外运批次", "lots", "higher", 0, **_P, **_DS,
        definition="Lots that left the county (outbound linehaul, or a forward warehouse's truck)."),
    Kpi("produce_shipped_kg", "Produce shipped out", "农产品外运量", "kg", "higher", 0, **_P, headline=True,
        plot=True, **_DS, definition="Kg that left the county."),
    Kpi("farmer_income_yuan", "Farmers' income from produce sold", "农户农产品销售收入", "yuan", "higher", 0,
        **_P, headline=True, **_DS,
        definition="Produce shipped out valued at the crops' farm-gate prices (produce.crops.*.price_yuan_per_kg)."),
    Kpi("produce_lost_lots", "Produce lots lost", "农产品损耗批次", "lots", "lower", 0, **_P, **_DS,
        definition="Lots whose quality ran out before they left the county."),
    Kpi("produce_lost_kg", "Produce lost", "农产品损耗量", "kg", "lower", 0, **_P, **_DS,
        definition="Kg of those lots."),
    Kpi("produce_loss_share", "Produce lost (share of kg)", "农产品损耗率", "%", "lower", 1, **_P,
        headline=True, plot=True, **_DS,
        definition="Kg lost over kg resolved (lost + shipped out) in the county's logistics chain; grading at "
                   "harvest not included. Reference: 20–30 % of fruit and vegetables are lost in China's whole "
                   "chain from farm to table, < 5 % with a full cold chain (figures.md §5.1)."),
    Kpi("produce_lost_village_kg", "Produce lost at villages", "村级损耗量", "kg", "lower", 0, **_P, **_S,
        definition="Kg lost waiting at village service points for collection."),
    Kpi("produce_lost_township_kg", "Produce lost at township stations", "乡镇损耗量", "kg", "lower", 0, **_P,
        **_S, definition="Kg lost at township stations (and forward warehouses there)."),
    Kpi("produce_lost_hub_kg", "Produce lost at the county hub", "县级损耗量", "kg", "lower", 0, **_P, **_S,
        definition="Kg lost at the county hub waiting for the outbound linehaul."),
    Kpi("produce_lost_vehicle_kg", "Produce lost on vehicles", "运输途中损耗量", "kg", "lower", 0, **_P, **_S,
        definition="Kg that went off on a vehicle (found lost when unloaded)."),
    Kpi("produce_graded_out_kg", "Produce graded out at harvest", "采后分级损耗量", "kg", "", 0, **_P, **_DS,
        definition="Kg sorted out at harvest (produce.crops.*.grading_loss_share), before the logistics chain."),
    Kpi("produce_quality_out", "Quality of produce leaving the county", "外运农产品品质", "%", "higher", 1, **_P,
        **_S, definition="Share of shelf life left when a lot left the county, mean by kg: what the city market "
                         "gets."),
    Kpi("produce_lead_time_h", "Produce lead time, ready → out of the county", "农产品外运时效", "h", "lower", 1,
        **_P, **_S,
        definition="Hours from a lot being ready at the village to leaving the county, mean over lots shipped."),
    Kpi("seller_parcels_created", "Local sellers' parcels handed in", "本地卖家上行包裹", "parcels", "", 0, **_P,
        **_D, definition="Outbound parcels of village and township sellers handed in that day."),
    Kpi("seller_parcels_shipped", "Local sellers' parcels shipped out", "本地卖家包裹外运量", "parcels", "higher",
        0, **_P, **_DS, definition="Local sellers' parcels that left the county."),
    Kpi("seller_kg_shipped", "Local sellers' parcels shipped out (kg)", "本地卖家包裹外运重量", "kg", "", 0, **_P,
        **_D, definition="Kg of local sellers' parcels that left the county."),
    Kpi("seller_lead_time_h", "Sellers' parcels, handed in → out of the county", "卖家包裹外运时效", "h",
        "lower", 1, **_P, **_S,
        definition="Hours from a seller handing a parcel in (or its order at the public warehouse) to its "
                   "leaving the county, mean over parcels shipped."),
    Kpi("produce_waiting_lots", "Produce lots waiting or on the road", "待运农产品批次", "lots", "", 0, **_P, **_D,
        definition="Lots at villages, stations, the hub or on vehicles (end of the day)."),
)

# Upstream levers at work (shown with the other levers, group "policy").
UPSTREAM_POLICY_KPIS: tuple[Kpi, ...] = (
    Kpi("public_warehouse_parcels", "Sellers' parcels from the public warehouse", "电商公共仓发货件数",
        "parcels", "", 0, group="policy", **_DS,
        definition="Local sellers' parcels that left from stock at the county's public warehouse."),
    Kpi("warehouse_cost_yuan", "Forward warehouses' cost", "产地仓成本", "yuan", "", 0, group="policy", **_DS,
        definition="Stores' daily cost and pre-cooling energy (policies.forward_warehouse)."),
    Kpi("produce_precooled_kg", "Produce pre-cooled at forward warehouses", "产地仓预冷量", "kg", "", 0,
        group="policy", **_DS, definition="Kg pre-cooled and kept in a forward warehouse's cold store."),
    Kpi("warehouse_trucks", "Full trucks from forward warehouses", "产地仓整车外运车次", "trucks", "", 0,
        group="policy", **_DS, definition="Refrigerated trucks that left the county from township warehouses."),
)
