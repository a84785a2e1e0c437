"""A real county (Chongyang, Hubei) from ../shared/data runs end to end."""

from pathlib import Path

from conftest import assert_balanced, shared_or_skip

from sim.config import load_config
from sim.model.model import RuralLogisticsModel

REPO = Path(__file__).resolve().parents[1]


def test_chongyang_joint_14_days():
    shared_or_skip("chongyang", "chongyang_421223_adcode.csv")
    scenario = load_config(REPO / "scenarios" / "chongyang_joint.toml")
    model = RuralLogisticsModel(scenario)
    assert len(model.geography.townships) == 12
    assert len(model.geography.villages) == 178
    assert model.geography.synthetic_roads
    assert any("25" in w for w in model.geography.warnings)
    daily = model.run_days(14)
    assert len(daily) == 14
    s = model.summary()
    assert s["synthetic_roads"] is True
    assert s["parcels_undelivered_share"] < 0.1
    assert s["village_coverage"] > 0.9
    assert_balanced(model)
