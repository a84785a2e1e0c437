"""Chinese and English: every word in both languages, Chinese glyphs in the PNGs, and the
run folder's map (facilities, roads, door service) in either language."""

from __future__ import annotations

import io
import json
import re
import string
import warnings

import pandas as pd
import pytest

from conftest import shared_or_skip
from sim.app.levers import LEVERS
from sim.app.words import APP_TEXT
from sim.config import load_config
from sim.i18n import TEXT, UNITS_ZH, day_text, unit
from sim.kpis.registry import KPIS
from sim.outputs.report.text import REPORT_TEXT
from sim.runner import run_scenario

CJK = re.compile(r"[\u4e00-\u9fff]")
TABLES = {"sim.i18n.TEXT": TEXT, "sim.app.words.APP_TEXT": APP_TEXT, "report.text.REPORT_TEXT": REPORT_TEXT}


def _fields(s: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(s) if f}


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_word_has_both_languages_with_the_same_placeholders(table):
    """Both languages say the same things (Chinese may drop the English plural 's')."""
    for key, (en, zh) in TABLES[table].items():
        assert en.strip() and zh.strip(), key
        assert _fields(zh) <= _fields(en) and _fields(en) - _fields(zh) <= {"s"}, key


def test_kpi_labels_levers_and_units_have_chinese():
    for k in KPIS:
        assert CJK.search(k.label_zh), k.key
        assert k.unit in ("", "%") or k.unit in UNITS_ZH, f"unit {k.unit!r} of {k.key} has no Chinese"
    for lever in LEVERS:
        assert CJK.search(lever.label_zh), lever.key
        assert all(CJK.search(zh) for _, _, zh in lever.choices), lever.key
    assert day_text(3, "zh") == "第 3 天" and day_text(3, "en") == "Day 3"
    assert unit("yuan/parcel", "zh") == "元/件" and unit("%", "zh") == "%"


def test_chinese_text_renders_in_a_png_without_missing_glyphs():
    """With the set-up's CJK font, matplotlib draws Chinese (and Latin) without a missing-glyph
    warning; without one, it warns 'Glyph … missing from font(s)', which fails this test."""
    from sim.outputs.fonts import cjk_family, pyplot

    plt = pyplot()
    assert cjk_family() is not None, "no CJK font installed (./dev installs fonts-noto-cjk)"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig, ax = plt.subplots(figsize=(4, 2))
        ax.set_title("县乡村三级物流 共同配送 — cost 单件成本 (元/件)")
        ax.set_xlabel("第 3 天")
        ax.plot([0, 1], [0, 1], label="崇阳县 畈上村")
        ax.legend()
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        plt.close(fig)
    problems = [str(w.message) for w in caught if "missing from font" in str(w.message) or "Glyph" in str(w.message)]
    assert problems == []
    assert buf.getbuffer().nbytes > 2000


def _small(tmp_path):
    path = tmp_path / "small.toml"
    path.write_text("[geography]\nn_townships = 3\nvillages_per_township = 4\n", encoding="utf-8")
    return load_config(path, {"scenario.days": 2})


def test_run_folder_in_chinese_has_map_and_map_tables(tmp_path):
    """(English is the default every other run-folder test writes.)"""
    config = _small(tmp_path)
    out = tmp_path / "run_zh"
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)      # a missing glyph is a UserWarning
        summary = run_scenario(config, out, lang="zh")
    facilities = pd.read_csv(out / "facilities.csv")
    roads = pd.read_csv(out / "roads.csv")
    villages = pd.read_csv(out / "villages.csv")
    assert len(facilities) == 1 + summary["n_townships"] + summary["n_villages"]
    assert set(facilities["tier"]) == {"county", "township", "village"}
    assert set(villages["village_id"]) == set(facilities.loc[facilities["tier"] == "village", "facility_id"])
    assert len(roads) > 0 and set(roads["road_class"]) <= {"trunk", "township", "village"}
    assert (out / "plots" / "map.png").stat().st_size > 20_000
    marker = json.loads((out / ".rural-sim.json").read_text(encoding="utf-8"))
    assert {"facilities.csv", "roads.csv", "plots/map.png"} <= set(marker["files"])


def test_run_refuses_an_unknown_language_in_one_line(tmp_path):
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "sim", "run", "--lang", "fr", "--out", str(tmp_path / "x")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "--lang" in proc.stderr
    assert not (tmp_path / "x").exists()


def test_chongyang_run_map_flags_nothing_on_straight_roads_and_names_townships_in_chinese(tmp_path):
    """Chongyang's real facility table: its map is drawn at the real (projected) coordinates,
    with its Chinese names, and facilities.csv keeps them."""
    shared_or_skip("chongyang", "chongyang_421223_adcode.csv")
    from pathlib import Path

    config = load_config(Path(__file__).resolve().parents[1] / "scenarios" / "chongyang_joint.toml",
                         {"scenario.days": 2})
    out = tmp_path / "chongyang"
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        run_scenario(config, out, lang="zh")
    facilities = pd.read_csv(out / "facilities.csv")
    towns = facilities[facilities["tier"] == "township"]
    assert len(towns) == 12 and all(CJK.search(n) for n in towns["name"])
    span_km = facilities["x_km"].max() - facilities["x_km"].min()
    assert 30 < span_km < 80                         # Chongyang is ≈ 55 km east to west
    assert (out / "plots" / "map.png").stat().st_size > 50_000
