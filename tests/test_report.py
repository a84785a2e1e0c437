"""The comparison report: self-contained HTML, Markdown with PNGs, KPI CSV, warnings, missing inputs."""

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from sim.runner import run_scenario
from sim.config import load_config
from sim.outputs.report import build_report
from sim.outputs.report.formatting import KPI_BY_KEY, change, fmt_change

SMALL = """[scenario]
description = "{description}"

[geography]
n_townships = 3
villages_per_township = 5

[operations]
mode = "{mode}"
backhaul = {backhaul}
"""


def _run(tmp: Path, name: str, mode: str, backhaul: bool, seed: int = 42, days: int = 3) -> Path:
    toml = tmp / f"{name}.toml"
    toml.write_text(SMALL.format(description=f"small county, {mode}", mode=mode,
                                 backhaul=str(backhaul).lower()), encoding="utf-8")
    out = tmp / "runs" / name
    run_scenario(load_config(toml, {"scenario.days": days, "scenario.seed": seed}), out)
    return out


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("report_runs")
    return {
        "sep": _run(tmp, "small_separate", "separate", False),
        "jb": _run(tmp, "small_backhaul", "joint", True),
        "jb_seed7": _run(tmp, "small_backhaul_seed7", "joint", True, seed=7),
    }


def _summary(folder: Path) -> dict:
    return json.loads((folder / "summary.json").read_text(encoding="utf-8"))


def _expected_change_text(value: float, reference: float) -> str:
    pct = (value - reference) / abs(reference) * 100
    digits = 1 if abs(pct) < 10 else 0
    text = f"{abs(pct):.{digits}f}"
    sign = "±" if float(text) == 0 else ("+" if pct > 0 else "\u2212")
    return f"{sign}{text} %"


def test_report_files_are_written_and_self_contained(runs, tmp_path):
    out = tmp_path / "report"
    html_path = build_report([runs["sep"], runs["jb"]], out, title="Small county test")
    assert html_path == out / "report.html"
    for name in ("report.html", "report.md", "kpis.csv"):
        assert (out / name).stat().st_size > 500, name
    pngs = sorted((out / "report_files").glob("*.png"))
    assert {p.name for p in pngs} == {"kpi_bars.png", "county_map.png", "village_service.png", "lead_times.png",
                                      "daily.png", "equity.png"}
    assert all(p.stat().st_size > 5000 for p in pngs)

    page = html_path.read_text(encoding="utf-8")
    assert "Small county test" in page
    assert not re.search(r"https?://", page), "the page must not reach out to the network"
    assert "<script" not in page.lower() and "<link" not in page.lower()
    assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', page)) == 6
    # what was compared: descriptions from scenario.toml, county and seed from summary.json
    assert "small county, separate" in page and "small county, joint" in page
    assert "3 townships × 5 villages" in page or "3 / 15" in page

    md = (out / "report.md").read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", md)
    assert len(images) == 6 and all((out / p).is_file() for p in images)
    assert "| KPI |" in md and "Operator cost per parcel" in md


@pytest.mark.slow
def test_kpi_csv_has_one_row_per_scenario_and_change_is_right(runs, tmp_path):
    out = tmp_path / "report"
    build_report([runs["sep"], runs["jb"], runs["jb_seed7"]], out)
    table = pd.read_csv(out / "kpis.csv")
    assert list(table["scenario"]) == ["small_separate", "small_backhaul", "small_backhaul_seed7"]
    ref, other = _summary(runs["sep"]), _summary(runs["jb"])
    assert table.loc[1, "cost_per_parcel_down_yuan"] == pytest.approx(other["cost_per_parcel_down_yuan"])
    assert table.loc[0, "parcels_delivered"] == ref["parcels_delivered"]

    # % change vs the reference, shown next to the value in both the HTML and the Markdown
    expected = _expected_change_text(other["cost_per_parcel_down_yuan"], ref["cost_per_parcel_down_yuan"])
    cell = f"{other['cost_per_parcel_down_yuan']:.2f} ({expected})"
    md = (out / "report.md").read_text(encoding="utf-8")
    row = next(line for line in md.splitlines() if line.startswith("| Operator cost per parcel"))
    assert cell in row, (cell, row)
    assert expected in (out / "report.html").read_text(encoding="utf-8")


def test_change_arithmetic():
    cost = KPI_BY_KEY["cost_per_parcel_down_yuan"]
    assert change(cost, 3.12, 4.3333) == pytest.approx(-28.0, abs=0.01)
    assert fmt_change(cost, change(cost, 3.12, 4.3333)) == "\u221228 %"
    assert fmt_change(cost, change(cost, 4.4, 4.0)) == "+10 %"
    assert fmt_change(cost, change(cost, 4.1, 4.0)) == "+2.5 %"
    assert change(cost, 1.0, 0.0) is None and change(cost, None, 1.0) is None
    share = KPI_BY_KEY["village_coverage"]          # shares: percentage points
    assert fmt_change(share, change(share, 1.0, 0.909)) == "+9.1 pp"


@pytest.mark.slow
def test_warning_only_when_runs_are_not_like_for_like(runs, tmp_path):
    same = build_report([runs["sep"], runs["jb"]], tmp_path / "same").read_text(encoding="utf-8")
    assert "not a like-for-like comparison" not in same.lower()
    differ = build_report([runs["jb"], runs["jb_seed7"]], tmp_path / "differ").read_text(encoding="utf-8")
    assert "not a like-for-like comparison" in differ.lower()
    assert "random seed" in differ
    md = (tmp_path / "differ" / "report.md").read_text(encoding="utf-8")
    assert "not a like-for-like comparison" in md.lower()


@pytest.mark.slow
def test_missing_optional_files_and_keys_are_skipped_and_said(runs, tmp_path):
    bare = tmp_path / "bare"
    shutil.copytree(runs["jb"], bare)
    for name in ("lead_times.csv", "villages.csv", "daily_kpis.parquet", "daily_kpis.csv", "scenario.toml",
                 "facilities.csv"):
        (bare / name).unlink()
    summary = _summary(bare)
    for key in ("lead_time_p95_h", "produce_loss_share", "government_cost_yuan", "hub_sort_wait_peak_h"):
        summary.pop(key, None)
    (bare / "summary.json").write_text(json.dumps(summary), encoding="utf-8")

    out = tmp_path / "report"
    page = build_report([bare], out).read_text(encoding="utf-8")
    assert "lead_times.csv" in page and "villages.csv" in page      # said where the chart would be
    assert "skipped" in page
    assert sorted(p.name for p in (out / "report_files").glob("*.png")) == ["kpi_bars.png"]
    assert len(pd.read_csv(out / "kpis.csv")) == 1

    # mixed: a full run beside the bare one keeps its charts
    page = build_report([runs["sep"], bare], tmp_path / "mixed").read_text(encoding="utf-8")
    assert len(re.findall(r"data:image/png;base64,", page)) == 6      # the maps show the full run alone
    assert f"small_backhaul: no lead_times.csv in {bare}" in page
    assert f"small_backhaul: no facilities.csv in {bare}" in page


def test_folder_without_summary_is_named(tmp_path, runs):
    empty = tmp_path / "not_a_run"
    empty.mkdir()
    with pytest.raises(FileNotFoundError, match="not_a_run"):
        build_report([runs["sep"], empty], tmp_path / "report")


@pytest.mark.slow
def test_report_for_every_shipped_scenario_from_short_runs(tmp_path):
    """What a planner gets from `run-all scenarios`: every shipped scenario runs (short),
    and the report's files exist and are not empty."""
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[1]
    shipped = sorted((repo / "scenarios").glob("*.toml"))
    needs_shared = [p for p in shipped if "shared/data" in p.read_text(encoding="utf-8")]
    if needs_shared and not (repo.parent / "shared").is_dir():
        shipped = [p for p in shipped if p not in needs_shared]
    out = tmp_path / "all"
    proc = subprocess.run([sys.executable, "-m", "sim", "run-all", *map(str, shipped), "--days", "3",
                           "--out", str(out), "--jobs", "2"], capture_output=True, text=True, cwd=repo)
    assert proc.returncode == 0, proc.stderr
    for path in shipped:
        name = load_config(path).scenario.name
        assert (out / name / "summary.json").stat().st_size > 0, name
    report = out / "report"
    for name in ("report.html", "report.md", "kpis.csv"):
        assert (report / name).stat().st_size > 1000, name
    kpis = pd.read_csv(report / "kpis.csv")
    assert len(kpis) == len(shipped)
    html = (report / "report.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") >= 4   # KPI bars, lead times, daily, equity


@pytest.mark.slow
def test_report_in_chinese_has_chinese_headings_labels_and_maps(runs, tmp_path):
    """--lang zh: headings, KPI labels (from the registry), units and notes are Chinese; the
    county map and the per-scenario service maps are there, drawn without missing glyphs."""
    import warnings

    from sim.kpis.registry import kpi

    out = tmp_path / "report_zh"
    with warnings.catch_warnings():
        warnings.simplefilter("error")       # a missing glyph in a chart is a UserWarning from matplotlib
        page = build_report([runs["sep"], runs["jb"]], out, lang="zh").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page
    for heading in ("关键绩效指标", "对比内容", "县域地图", "各场景的村级上门服务", "时效分布", "远近村对比"):
        assert f"<h2>{heading}</h2>" in page, heading
    assert kpi("cost_per_parcel_down_yuan").label_zh in page and "元/件" in page
    assert kpi("cost_per_parcel_down_yuan").label_en not in page
    assert "共同配送" in page and "分散配送" in page          # the operating modes
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "## 关键绩效指标" in md and "| 指标 |" in md
    assert (out / "report_files" / "county_map.png").stat().st_size > 5000
    assert (out / "report_files" / "village_service.png").stat().st_size > 5000
