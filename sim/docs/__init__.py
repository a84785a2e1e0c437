"""Documentation written from the code: ``docs/KPIs.md`` and the generated parts of ``docs/ODD.md``.

    python -m sim.docs           # rewrite them
    python -m sim.docs --check   # exit 1 (and name the files) when the committed ones differ

:mod:`.parameters` walks the scenario schema (every key, its default, unit, allowed values)
and takes each figure's source from the comment beside it in :mod:`sim.config.defaults`
(:mod:`.comments`, found through :mod:`.schema_sources`); :mod:`.day` reads the day's events
from a model; :mod:`.kpi_page` writes the KPI page from :mod:`sim.kpis.registry`;
:mod:`.odd` puts the generated parts into the ODD between their markers.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"


def expected_files(docs: Path = DOCS) -> dict[Path, str]:
    """Each generated file and the text it should have now (the ODD's prose kept as written)."""
    from sim.docs.kpi_page import kpi_page
    from sim.docs.odd import update_odd

    odd = docs / "ODD.md"
    if not odd.is_file():
        raise FileNotFoundError(f"{odd}: not found (the ODD's prose lives there; run from a clone of the repository)")
    return {odd: update_odd(odd.read_text(encoding="utf-8")), docs / "KPIs.md": kpi_page()}


def stale_files(docs: Path = DOCS) -> list[Path]:
    """The generated files whose committed text differs from what the code gives now."""
    return [p for p, text in expected_files(docs).items()
            if not p.is_file() or p.read_text(encoding="utf-8") != text]
