"""Moves and optimisations must not change results: every kept output equals its reference exactly."""

import pandas as pd
import pytest
from golden_runs import RUNS, TABLES, as_written, outputs, read_reference


@pytest.fixture(scope="module", params=sorted(RUNS))
def golden(request):
    return outputs(request.param), read_reference(request.param)


@pytest.mark.parametrize("table", TABLES)
def test_table_identical_to_reference(golden, table):
    """Daily KPIs, the village table and the lead-time histogram, bit for bit."""
    now, kept = golden
    pd.testing.assert_frame_equal(as_written(now[table]), kept[table], check_exact=True)


def test_summary_identical_to_reference(golden):
    """Every summary key and value (timings aside), bit for bit."""
    now, kept = golden
    assert now["summary"] == kept["summary"]
