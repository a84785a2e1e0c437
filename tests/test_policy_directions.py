"""Direction of effects on the default county over 60 days, same seed (relative only)."""

import pytest

from sim.model.model import RuralLogisticsModel

DAYS = 60
SEED = 42


@pytest.fixture(scope="module")
def runs():
    out = {}
    for name, params in {
        "separate": dict(mode="separate"),
        "joint": dict(mode="joint", backhaul=False),
        "joint_backhaul": dict(mode="joint", backhaul=True),
    }.items():
        model = RuralLogisticsModel(rng=SEED, **params)
        model.run_days(DAYS)
        out[name] = model.summary()
    return out


@pytest.mark.slow
def test_joint_is_cheaper_per_parcel_than_separate(runs):
    assert runs["joint"]["cost_per_parcel_down_yuan"] < runs["separate"]["cost_per_parcel_down_yuan"]


@pytest.mark.slow
def test_joint_covers_more_villages_than_separate(runs):
    assert runs["joint"]["village_coverage"] > runs["separate"]["village_coverage"]


@pytest.mark.slow
def test_joint_is_faster_than_separate(runs):
    assert runs["joint"]["lead_time_mean_h"] < runs["separate"]["lead_time_mean_h"]


@pytest.mark.slow
def test_backhaul_fills_the_way_up(runs):
    assert runs["joint_backhaul"]["load_factor_village_up"] > runs["joint"]["load_factor_village_up"]


@pytest.mark.slow
def test_backhaul_cuts_empty_running(runs):
    assert runs["joint_backhaul"]["empty_km_share_village"] < runs["joint"]["empty_km_share_village"]


@pytest.mark.slow
def test_backhaul_collects_produce_without_trips_of_its_own(runs):
    """On the shared rounds produce costs no trips of its own: the operators spend less."""
    assert runs["joint_backhaul"]["cost_per_kg_up_yuan"] < runs["joint"]["cost_per_kg_up_yuan"]
    assert runs["joint_backhaul"]["operator_cost_yuan"] < runs["joint"]["operator_cost_yuan"]


@pytest.mark.slow
def test_same_county_and_demand_across_modes(runs):
    # Same seed, same county: the joint runs see exactly the same parcels.
    assert runs["joint"]["parcels_created"] == runs["joint_backhaul"]["parcels_created"]
    assert runs["joint"]["n_villages"] == runs["separate"]["n_villages"] == 180


@pytest.mark.slow
def test_same_demand_in_every_mode(runs):
    """Demand has its own random stream: all three runs see exactly the same parcels (produce
    and sellers' parcels follow the service each mode gives, so they differ by design)."""
    assert runs["separate"]["parcels_created"] == runs["joint"]["parcels_created"] \
        == runs["joint_backhaul"]["parcels_created"]
