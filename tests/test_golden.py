"""Optimisations must not change results: daily KPI tables equal the kept reference exactly."""

import pandas as pd
import pytest
from golden_runs import GOLDEN, RUNS, daily_table


@pytest.mark.parametrize("name", sorted(RUNS))
def test_daily_kpis_identical_to_reference(name):
    reference = pd.read_parquet(GOLDEN / f"{name}.parquet")
    pd.testing.assert_frame_equal(daily_table(name), reference, check_exact=True)
