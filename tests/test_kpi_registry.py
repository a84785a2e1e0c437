"""Every KPI is declared once in sim.kpis.registry, and the model's outputs follow it."""

import pytest

from sim.kpis import registry
from sim.model.model import RuralLogisticsModel


@pytest.fixture(scope="module")
def model():
    m = RuralLogisticsModel(n_townships=2, villages_per_township=4, rng=1)
    m.run_days(3)
    return m


def test_keys_are_unique_and_entries_complete():
    keys = [k.key for k in registry.KPIS]
    assert len(keys) == len(set(keys))
    for k in registry.KPIS:
        assert k.label_en and k.label_zh and k.definition, k.key
        assert k.better in ("lower", "higher", "zero", ""), k.key
        assert k.group in registry.GROUPS, k.key
        assert k.daily or k.summary, f"{k.key} appears nowhere"
        assert not k.plot or k.daily, f"{k.key} is plotted over time but is not daily"


def test_daily_table_columns_are_the_registry_daily_kpis_in_order(model):
    daily = model.datacollector.get_model_vars_dataframe()
    assert list(daily.columns) == [k.key for k in registry.DAILY]
    assert len(daily) == 3


def test_summary_has_every_registry_summary_key(model):
    summary = model.summary()
    missing = [k.key for k in registry.SUMMARY if k.key not in summary]
    assert not missing
    undeclared = [k for k in summary if k not in registry.BY_KEY and not k.startswith("time_")
                  and k not in ("routing_time_share", "wall_time_s")]
    assert not undeclared, f"summary keys missing from the registry: {undeclared}"


def test_labels_in_both_languages():
    k = registry.kpi("cost_per_parcel_down_yuan")
    assert k.label("en") == "Operator cost per parcel delivered" and k.label("zh") == "单件下行运营成本"
    with pytest.raises(ValueError, match="lang"):
        k.label("fr")
    with pytest.raises(KeyError, match="no_such_kpi"):
        registry.kpi("no_such_kpi")
