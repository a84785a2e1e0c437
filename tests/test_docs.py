"""docs/ODD.md and docs/KPIs.md say what the code does: every scenario key is in the parameter
table with its source, and the committed files are what `python -m sim.docs` writes."""

from __future__ import annotations

import re

import pytest

from sim.config import ScenarioConfig, apply_overrides, defaults, load_config
from sim.docs import DOCS, stale_files
from sim.docs.__main__ import main as docs_main
from sim.docs.comments import default_notes
from sim.docs.day import day_events, scheduled_in_source
from sim.docs.parameters import parameters
from sim.kpis.registry import KPIS
from sim.outputs.report.text import REPORT_TEXT

ODD = DOCS / "ODD.md"
KPI_PAGE = DOCS / "KPIs.md"
ROW = re.compile(r"^\| `([^`]+)` \| (.*) \|$", re.MULTILINE)


def scenario_keys(node: object, prefix: str = "") -> list[str]:
    """Every leaf key of a dumped scenario, as overrides name them: tables by name, entries of
    a list of tables by their ``name`` or position (walked here independently of sim.docs)."""
    if isinstance(node, dict):
        return [k for name, v in node.items() for k in scenario_keys(v, f"{prefix}.{name}" if prefix else name)]
    if isinstance(node, (list, tuple)) and node and all(isinstance(v, dict) for v in node):
        return [k for i, v in enumerate(node) for k in scenario_keys(v, f"{prefix}.{v.get('name', i)}")]
    return [prefix]


def parameter_rows() -> dict[str, list[str]]:
    """Rows of the committed ODD's parameter tables: key → [default, unit, allowed, source]."""
    text = ODD.read_text(encoding="utf-8")
    block = text.split("<!-- BEGIN generated: parameters", 1)[1].split("<!-- END generated: parameters", 1)[0]
    return {m.group(1): [c.strip() for c in re.split(r"(?<!\\)\|", m.group(2))] for m in ROW.finditer(block)}


def test_every_scenario_key_is_in_the_parameter_table():
    keys = scenario_keys(ScenarioConfig().model_dump(mode="json"))
    assert any(k.startswith("policies.returnable_crates.") for k in keys)
    assert "vehicles.tricycle.volume_m3" in keys and "produce.crops.fruit.shelf_life_h" in keys
    assert "packaging.parcel_kg" in keys and "demand.festivals.0.factor" in keys and "carriers.zto.market_share" in keys
    rows = parameter_rows()
    missing = [k for k in keys if k not in rows]
    assert not missing, f"scenario keys missing from docs/ODD.md's parameter tables: {missing}"
    extra = [k for k in rows if k not in keys]
    assert not extra, f"docs/ODD.md lists keys no scenario has: {extra}"


def test_a_key_added_to_the_schema_is_caught_missing():
    """The check above is not vacuous: a scenario with one more entry has a key the table lacks."""
    config = ScenarioConfig.model_validate({"vehicles": {"ebike": {"capacity_kg": 40.0, "cost_per_km_yuan": 0.05,
                                                                   "fixed_cost_per_day_yuan": 60.0,
                                                                   "co2_kg_per_km": 0.01}}})
    keys = scenario_keys(config.model_dump(mode="json"))
    assert [k for k in keys if k not in parameter_rows()] == [f"vehicles.ebike.{f}" for f in
                                                             ("capacity_kg", "volume_m3", "speed_factor",
                                                              "cost_per_km_yuan", "fixed_cost_per_day_yuan",
                                                              "co2_kg_per_km", "refrigerated")]


def test_documented_keys_are_the_names_overrides_accept():
    config = load_config(None)
    for p in parameters():
        apply_overrides(config, {p.key: p.default})        # raises ScenarioError for a key that is not one


def test_each_row_has_a_unit_and_a_source_that_the_defaults_comments_give():
    rows = parameter_rows()
    for key, (default, unit, allowed, source) in rows.items():
        assert unit and allowed and source, key
        assert re.match(r"\*\*(cited|cited \+ ASSUMPTION|ASSUMPTION|setting)\*\*", source), (key, source)
    # the source is the comment next to the figure in sim/config/defaults/, quoted in the notes
    notes, notes_of = default_notes()
    n = notes_of["N_TOWNSHIPS"][0]
    assert "figures.md §1.2" in n.text and n.kind() == "cited"
    assert rows["geography.n_townships"][3].startswith("**cited** · figures.md §1.2 · note [geography-")
    assert f'<a id="note-{n.ref}"></a>' in ODD.read_text(encoding="utf-8")
    assert rows["vehicles.van.capacity_kg"][3].startswith("**cited + ASSUMPTION**")
    assert rows["operations.shift_h"][3].startswith("**ASSUMPTION**")
    assert rows["policies.bus.enabled"][3] == "**setting**"


def test_every_default_a_key_reads_has_a_comment():
    """A figure moved away from its comment, or added without one, has no source to show."""
    _, notes_of = default_notes()
    unsourced = sorted({c for p in parameters() for c in p.constants if not notes_of.get(c)})
    assert not unsourced, f"defaults without a comment giving their source: {unsourced}"
    assert all(hasattr(defaults, c) for p in parameters() for c in p.constants)


def test_the_day_schedule_has_every_event_the_model_schedules_in_order():
    events = day_events()
    names = {e.name.split(".")[1] for e in events}
    assert set(scheduled_in_source()) <= names and "step" in names
    hours = [e.hour for e in events]
    assert hours == sorted(hours) and hours[-1] == 24.0
    first = events[0]
    assert first.name == "Dispatch.hub_arrival" and first.time_key == "demand.hub_arrival_hours"
    assert first.hour == load_config(None).demand.hub_arrival_hours[0]


def test_odd_has_the_seven_parts():
    text = ODD.read_text(encoding="utf-8")
    for part in ("1. Purpose and patterns", "2. Entities, state variables and scales",
                 "3. Process overview and scheduling", "4. Design concepts", "5. Initialisation",
                 "6. Input data", "7. Submodels"):
        assert f"\n## {part}\n" in text, part


def test_kpi_page_has_every_kpi_with_labels_unit_and_what_it_leaves_out():
    text = KPI_PAGE.read_text(encoding="utf-8")
    for k in KPIS:
        row = next((line for line in text.splitlines() if line.startswith(f"| `{k.key}` |")), None)
        assert row is not None, k.key
        assert k.label_en in row and k.label_zh in row
    row = next(line for line in text.splitlines() if line.startswith("| `produce_loss_share` |"))
    assert row.rstrip(" |").endswith("grading at harvest not included")


def test_committed_docs_are_what_the_generator_writes():
    assert stale_files() == [], "run: python -m sim.docs"
    assert docs_main(["--check"]) == 0


def test_check_names_a_stale_file(tmp_path, capsys):
    (tmp_path / "ODD.md").write_text(ODD.read_text(encoding="utf-8").replace("| `geography.n_townships` |",
                                                                             "| `geography.n_towns` |"))
    (tmp_path / "KPIs.md").write_text(KPI_PAGE.read_text(encoding="utf-8"))
    assert stale_files(tmp_path) == [tmp_path / "ODD.md"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_points_to_the_kpi_page_not_to_source_code(lang):
    footer = REPORT_TEXT["footer"][0 if lang == "en" else 1]
    assert "docs/KPIs.md" in footer and "registry.py" not in footer

