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
