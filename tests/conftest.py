"""Shared test helpers: the path to ../shared (real data) next to the repository."""

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SHARED_DATA = SHARED / "data"


def shared_or_skip(*parts: str) -> Path:
    """Path under ../shared/data; skips the test only when ../shared is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is absent (real data lives beside the repository, not in it)")
    return SHARED_DATA.joinpath(*parts)


def assert_balanced(model) -> dict:
    """Every parcel and lot is accounted for, and the agents agree with the tables.

    Status counts in the flow tables add up to what was created, and the counts the
    vehicles and facilities keep themselves (updated at each event) match them.
    Returns the counts.
    """
    c = model.conservation()
    assert c["parcels_created"] == c["parcels_delivered"] + c["parcels_in_vehicles"] + c["parcels_waiting"]
    assert c["produce_created"] == (c["produce_shipped"] + c["produce_in_vehicles"]
                                    + c["produce_waiting"] + c["produce_spoiled"])
    assert c["parcels_in_vehicles"] == c["parcels_in_vehicles_by_agents"]
    assert c["parcels_waiting"] == c["parcels_waiting_by_facilities"]
    assert c["produce_in_vehicles"] == c["produce_in_vehicles_by_agents"]
    assert c["produce_waiting"] == c["produce_waiting_by_facilities"]
    for facility in model.facility_agents:
        assert facility.parcels_waiting >= 0 and facility.produce_waiting >= 0
    return c
