"""Each policy lever, switched on against the same base, moves its KPI the documented way."""

import numpy as np
import pandas as pd
import pytest
from conftest import assert_balanced

from sim import flows
from sim.config import load_config
from sim.model.model import RuralLogisticsModel

SMALL = {"geography.n_townships": 4, "geography.villages_per_township": 10}


def run(days: int, start: str = "2025-09-01", seed: int = 5, **overrides) -> RuralLogisticsModel:
    scenario = load_config(None, {"scenario.start_date": start, **SMALL, **overrides})
    model = RuralLogisticsModel(scenario, rng=seed)
    model.run_days(days)
    return model


def test_bus_lines_serve_their_villages_daily_when_vans_come_every_third_day():
    """客货邮融合: with vans every third day, buses bring their villages' parcels daily: more
    door days there and shorter lead times. (What it costs is the validation report's
    question: the bus fee against the van km it saves.)"""
    sparse = run(15, **{"operations.delivery_interval_days": 3})
    bus = run(15, **{"operations.delivery_interval_days": 3, "policies.bus.enabled": True})
    on_line = bus.network.on_bus_line[bus.geography.villages]
    assert on_line.sum() >= 4
    cov_bus = bus.village_kpis()["door_service_days_share"][on_line].mean()
    cov_sparse = sparse.village_kpis()["door_service_days_share"][on_line].mean()
    assert cov_bus > cov_sparse + 0.3
    s_bus, s_sparse = bus.summary(), sparse.summary()
    assert s_bus["bus_parcels"] > 0
    assert s_bus["lead_time_order_mean_h"] < s_sparse["lead_time_order_mean_h"]


def test_bus_lines_bring_produce_up_from_their_villages():
    """The same buses carry produce back to the township (upward flow, 农产品进城): with
    vans every third day, the bus villages' produce reaches the trucks' backhaul in time."""
    start = "2025-08-01"   # the fruit season: warm, produce keeps a day or two
    base = {"operations.delivery_interval_days": 3, "operations.backhaul": True}
    sparse = run(15, start=start, **base)
    bus = run(15, start=start, **base, **{"policies.bus.enabled": True})
    on_line = bus.network.on_bus_line[bus.geography.villages]

    def lost_share(model):
        v = model.village_kpis()[on_line]
        return v["produce_lost_kg"].sum() / (v["produce_lost_kg"].sum() + v["produce_shipped_kg"].sum())

    assert lost_share(bus) < lost_share(sparse)
    assert bus.summary()["load_factor_village_up"] > 0


def test_cold_chain_cuts_losses_in_the_fruit_season():
    base = run(20, start="2025-08-01").summary()
    cold = run(20, start="2025-08-01", **{"policies.cold_chain.enabled": True}).summary()
    assert base["produce_loss_share"] > 0.02
    assert cold["produce_loss_share"] < base["produce_loss_share"] / 2
    assert cold["produce_quality_out"] > base["produce_quality_out"]
    assert cold["operator_cost_yuan"] > base["operator_cost_yuan"]   # it is not free


def test_automatic_sorting_cuts_peak_day_hub_delay():
    """Around Singles' Day (11 Nov) the manual line queues; the automatic one does not."""
    base = run(6, start="2025-11-08", **{"geography.n_townships": 12, "geography.villages_per_township": 15})
    auto = run(6, start="2025-11-08", **{"geography.n_townships": 12, "geography.villages_per_township": 15,
                                        "policies.auto_sorting.enabled": True})
    assert auto.summary()["hub_sort_wait_peak_h"] < base.summary()["hub_sort_wait_peak_h"] / 2
    peak = lambda m: m.daily_kpis().set_index("date").loc["2025-11-11", "lead_time_mean_h"]  # noqa: E731
    assert peak(auto) < peak(base)


def test_drones_cut_lead_time_to_remote_villages():
    mountain = {"geography.terrain": "mountain"}
    base = run(10, **mountain)
    drones = run(10, **mountain, **{"policies.drones.enabled": True})
    assert drones.network.drone_served.any()

    remote = drones.network.drone_served

    def lead(model):      # the drone villages' parcels, after the warm-up
        p = model.parcels
        done = (p.status == flows.DONE) & remote[p.dest] & (p.created_h >= 7 * 24.0)
        return float((p.done_h[done] - p.created_h[done]).mean())

    assert lead(drones) < lead(base)
    assert drones.summary()["drone_flights"] > 0


def test_a_subsidy_is_government_cost_and_changes_nothing_in_societal_cost():
    """Subsidies are transfers: they change what the government pays and what operators bear
    after subsidies, and nothing in what the county spends."""
    base = run(8)
    sub = {"policies.subsidy.per_parcel_yuan": 0.3, "policies.subsidy.per_route_yuan": 5.0,
           "policies.subsidy.per_service_point_per_day_yuan": 15.0}
    subsidised = run(8, **sub)
    b, s = base.summary(), subsidised.summary()
    daily = subsidised.daily_kpis()
    kept = daily[daily["day"] >= s["warmup_days"]]
    expected = (0.3 * kept["parcels_delivered"].sum() + 5.0 * kept["tours"].sum()
                + 15.0 * len(subsidised.geography.villages) * len(kept))
    assert s["government_cost_yuan"] == pytest.approx(expected) and b["government_cost_yuan"] == 0
    for key in ("operator_cost_yuan", "cost_per_parcel_down_yuan", "societal_cost_yuan",
                "societal_cost_per_parcel_yuan"):
        assert s[key] == pytest.approx(b[key]), key
    assert s["operator_cost_net_yuan"] == pytest.approx(b["operator_cost_net_yuan"] - s["government_cost_yuan"])
    assert s["subsidy_per_served_villager_yuan"] > 0
    assert s["keeper_income_yuan_per_month"] > b["keeper_income_yuan_per_month"]


@pytest.mark.slow
def test_growth_raises_volume_by_the_set_rate():
    model = run(730, start="2025-01-01", **{"demand.annual_growth": 0.30, "geography.n_townships": 2,
                                            "geography.villages_per_township": 6})
    daily = model.daily_kpis()
    year1 = daily["parcels_created"][:365].sum()
    year2 = daily["parcels_created"][365:].sum()
    assert year2 / year1 == pytest.approx(1.30, abs=0.02)


def test_postal_express_cooperation_raises_door_share_and_its_fee_is_charged():
    base = run(15, **{"operations.mode": "separate"}).summary()
    coop_run = run(15, **{"operations.mode": "separate", "policies.postal_express.enabled": True})
    coop = coop_run.summary()
    free = run(15, **{"operations.mode": "separate", "policies.postal_express.enabled": True,
                      "policies.postal_express.fee_yuan_per_parcel": 0.0}).summary()
    assert coop["door_delivery_share"] > base["door_delivery_share"]
    assert coop["villager_km"] < base["villager_km"]
    assert coop["postal_parcels"] > 0
    # the hand-over fee is charged: postal–express costs the brands more than with a free hand-over
    daily = coop_run.daily_kpis()
    fees = daily.loc[daily["day"] >= coop["warmup_days"], "postal_fees_yuan"].sum()
    assert fees > 0 and fees == pytest.approx(0.65 * coop["postal_parcels"])
    assert coop["cost_per_parcel_down_yuan"] == pytest.approx(
        free["cost_per_parcel_down_yuan"] + fees / coop["parcels_delivered"])


def test_carpooling_lies_between_separate_and_joint_on_cost_and_door_share():
    """拼车: the Tongda brands and J&T share trucks and outlets, the postal network runs alone."""
    separate = run(15, **{"operations.mode": "separate"}).summary()
    trucks_only = run(15, **{"operations.mode": "separate", "policies.carpooling.enabled": True,
                             "policies.carpooling.share_rounds": False}).summary()
    carpool = run(15, **{"operations.mode": "separate", "policies.carpooling.enabled": True}).summary()
    joint = run(15, **{"operations.mode": "joint"}).summary()
    cost = "cost_per_parcel_down_yuan"
    assert separate[cost] > trucks_only[cost] > carpool[cost] > joint[cost]
    assert separate["door_delivery_share"] < carpool["door_delivery_share"] < joint["door_delivery_share"]
    assert carpool["vans_owned"] < separate["vans_owned"]


def test_carpooling_groups_name_real_brands():
    from sim.config import ScenarioError
    with pytest.raises(ScenarioError, match=r"policies\.carpooling\.groups: expected brands among .*'dhl'"):
        load_config(None, {"operations.mode": "separate", "policies.carpooling.enabled": True,
                           "policies.carpooling.groups": [["zto", "dhl"]]})
    with pytest.raises(ScenarioError, match=r"policies\.carpooling\.enabled: expected false unless mode"):
        load_config(None, {"policies.carpooling.enabled": True})


def test_village_lockers_bring_parcels_to_villages_without_a_service_point():
    """智能快件箱 at the 40 % of villages without a keeper: the vans deliver there, up to the
    compartments a day, and villagers stop riding to the township for parcels."""
    points = {"operations.service_point_share": 0.6}
    base = run(12, **points).summary()
    lockers = run(12, **points, **{"policies.lockers.enabled": True, "policies.lockers.compartments": 6})
    s = lockers.summary()
    assert s["door_delivery_share"] > base["door_delivery_share"]
    assert s["villager_km"] < base["villager_km"]
    assert s["locker_parcels"] > 0
    parcels = lockers.parcels
    in_locker = (parcels.status == flows.DONE) & parcels.door & lockers.network.has_locker[parcels.dest]
    per_village_day = pd.Series(1, index=pd.MultiIndex.from_arrays(
        [parcels.dest[in_locker], (parcels.done_h[in_locker] // 24).astype(int)])).groupby(level=[0, 1]).sum()
    assert per_village_day.max() <= 6                       # the compartments a day
    assert s["keeper_income_yuan_per_month"] == pytest.approx(base["keeper_income_yuan_per_month"], rel=0.2)


def test_township_lockers_spare_villagers_the_queue_and_the_fee():
    base = run(12, **{"operations.mode": "separate"}).summary()
    lockers = run(12, **{"operations.mode": "separate", "policies.lockers.enabled": True,
                         "policies.lockers.at": "townships"}).summary()
    assert lockers["villager_km"] == pytest.approx(base["villager_km"])     # the same trips
    assert lockers["villager_cost_yuan"] < base["villager_cost_yuan"]       # shorter at the outlet
    assert lockers["villager_fees_yuan"] < base["villager_fees_yuan"]
    assert lockers["locker_parcels"] > 0


def test_crowdsourcing_takes_parcels_home_for_a_fee_and_less_in_harvest():
    base = run(10, start="2025-09-10", **{"operations.mode": "separate"}).summary()
    crowd_off_season = run(10, start="2025-01-10", **{"operations.mode": "separate",
                                                      "policies.crowdsourcing.enabled": True}).summary()
    crowd_harvest = run(10, start="2025-09-10", **{"operations.mode": "separate",
                                                   "policies.crowdsourcing.enabled": True}).summary()
    assert crowd_harvest["crowd_parcels"] > 0
    assert crowd_harvest["villager_km"] < base["villager_km"]
    # Fewer villagers are free at harvest time: fewer crowd parcels per parcel created.
    share = lambda s: s["crowd_parcels"] / s["parcels_created"]  # noqa: E731
    assert share(crowd_harvest) < share(crowd_off_season)


def test_service_point_share_leaves_the_rest_to_fetch_from_the_township():
    model = run(10, **{"operations.service_point_share": 0.6})
    villages = model.village_kpis()
    with_point = model.network.has_service_point[model.geography.villages]
    assert with_point.mean() == pytest.approx(0.6)
    assert (villages["door_share"][~with_point] == 0).all()
    assert (villages["door_share"][with_point] == 1).all()
    assert model.summary()["villager_km"] > 0
    # Farmers without a service point take their produce to the township themselves:
    # no lot ever waits at a village without a point.
    q = model.produce
    from_village = np.isin(q.origin, model.geography.villages)
    no_point_origin = from_village & ~model.network.has_service_point[q.origin]
    assert no_point_origin.any()
    assert not np.isin(q.location, q.origin[no_point_origin]).any()
    assert villages["produce_shipped_kg"][~with_point].sum() > 0


EVERYTHING = {
    "policies.bus.enabled": True, "policies.crowdsourcing.enabled": True, "policies.cold_chain.enabled": True,
    "policies.auto_sorting.enabled": True, "policies.drones.enabled": True,
    "policies.subsidy.per_parcel_yuan": 0.2, "policies.subsidy.per_route_yuan": 3.0,
    "policies.subsidy.per_service_point_per_day_yuan": 15.0, "operations.service_point_share": 0.8,
    "demand.annual_growth": 0.3, "operations.delivery_interval_days": 2, "geography.terrain": "hilly",
    "policies.drones.min_road_km": 5.0, "policies.forward_warehouse.enabled": True,
    "policies.lockers.enabled": True, "policies.public_warehouse.enabled": True,
    "policies.returnable_crates.enabled": True,
}


@pytest.mark.parametrize("mode", ["joint", "separate"])
def test_conservation_and_determinism_with_every_lever_on(mode):
    levers = dict(EVERYTHING, **{"operations.mode": mode, "operations.backhaul": mode == "joint"})
    if mode == "separate":
        levers["policies.postal_express.enabled"] = True
    scenario = load_config(None, {"scenario.start_date": "2025-09-01", **SMALL, **levers})
    model = RuralLogisticsModel(scenario, rng=9)
    for _ in range(10 * 24):
        model.run_for(1 / 24)
        assert_balanced(model)
    model.run_until(10)   # hourly steps add up to a hair under day 10: close that day too
    s = model.summary()
    for key in ("bus_parcels", "crowd_parcels", "drone_flights", "produce_precooled_kg", "locker_parcels",
                "public_warehouse_parcels", "empties_carried"):
        assert s[key] > 0, key
    again = RuralLogisticsModel(scenario, rng=9)
    again.run_days(10)
    pd.testing.assert_frame_equal(model.daily_kpis(), again.daily_kpis(), check_exact=True)
