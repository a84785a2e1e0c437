"""Sensitivity analysis of a sweep (SALib) and the policy search (Optuna), end to end on a
small county: the Sobol' indices, plots and page; the cheapest lever mix meeting targets."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim.experiments.analyse import analyse
from sim.experiments.search import run_search, trade_off_front
from sim.experiments.search_file import load_search
from sim.experiments.sweep import run_sweep
from sim.experiments.sweep_file import SweepError, load_sweep
from sim.outputs.folders import OutputError

REPO = Path(__file__).resolve().parents[1]
SMALL = """
[fixed]
"geography.n_townships" = 2
"geography.villages_per_township" = 4
"""
SOBOL = """
[sweep]
days = 6
seed = 5
kpis = ["cost_per_parcel_down_yuan", "lead_time_mean_h", "village_coverage"]
[sampler]
method = "{method}"
n = {n}
[ranges]
"demand.parcels_per_resident_per_day" = [0.01, 0.06]
"operations.delivery_interval_days" = [1, 3]
"geography.area_km2" = [400.0, 2400.0]
""" + SMALL
SEARCH = """
[search]
days = 4
replications = 2
seed = 1
trials = {trials}
batch = 4
minimise = ["societal_cost_per_parcel_yuan", "subsidy_per_parcel_yuan"]
[constraints]
village_coverage = {{ min = 0.95 }}
lead_time_mean_h = {{ max = 48.0 }}
[levers]
"operations.mode" = ["separate", "joint"]
"operations.delivery_interval_days" = {{ low = 1, high = 3 }}
""" + SMALL


def write(tmp_path: Path, text: str, name: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sobol_sweep(tmp_path_factory):
    """A Sobol' sweep of 3 ranges, n = 8: 40 tiny runs on two workers."""
    tmp = tmp_path_factory.mktemp("sobol")
    run_sweep(load_sweep(write(tmp, SOBOL.format(method="sobol", n=8), "sobol.toml")), tmp / "out", workers=2)
    return tmp / "out"


def test_sobol_indices_per_kpi_and_parameter_with_confidence_intervals(sobol_sweep):
    result = analyse(sobol_sweep)
    sens = pd.read_csv(sobol_sweep / "analysis" / "sensitivity.csv")
    assert set(sens.columns) >= {"kpi", "parameter", "method", "S1", "S1_conf", "ST", "ST_conf"}
    assert set(sens["parameter"]) == {"demand.parcels_per_resident_per_day", "operations.delivery_interval_days",
                                      "geography.area_km2"}
    assert set(sens["kpi"]) == set(result.kpis) and "cost_per_parcel_down_yuan" in result.kpis
    assert (sens["S1_conf"] >= 0).all() and (sens["ST_conf"] >= 0).all()
    # fewer parcels per village make each one dearer: volume matters more to cost than the county's area
    cost = sens[sens["kpi"] == "cost_per_parcel_down_yuan"].set_index("parameter")["ST"]
    assert cost["demand.parcels_per_resident_per_day"] > cost["geography.area_km2"]


def test_analysis_writes_charts_and_a_page_that_shows_them(sobol_sweep):
    result = analyse(sobol_sweep, sobol_sweep.parent / "elsewhere")
    folder = sobol_sweep.parent / "elsewhere"
    for kpi in result.kpis:
        assert (folder / f"sensitivity_{kpi}.png").stat().st_size > 0
        assert (folder / f"kpi_{kpi}.png").stat().st_size > 0
    page = (folder / "index.md").read_text()
    assert "Sobol" in page and "![kpi_cost_per_parcel_down_yuan.png]" in page
    html = (folder / "index.html").read_text()
    assert html.count("data:image/png;base64,") == len(result.files) - 1      # every chart, not the CSV


@pytest.mark.slow
def test_a_factorial_sweep_gets_plots_but_no_indices(tmp_path):
    text = ('[sweep]\ndays = 3\nreplications = 2\nkpis = ["cost_per_parcel_down_yuan", "village_coverage"]\n'
            '[parameters]\n"operations.mode" = ["separate", "joint"]\n' + SMALL)
    run_sweep(load_sweep(write(tmp_path, text, "f.toml")), tmp_path / "out", workers=1)
    result = analyse(tmp_path / "out")
    assert result.method is None and not len(result.sensitivity)
    assert not (tmp_path / "out" / "analysis" / "sensitivity.csv").exists()
    assert (tmp_path / "out" / "analysis" / "kpi_cost_per_parcel_down_yuan.png").exists()


@pytest.mark.slow
def test_morris_gives_mu_star_per_parameter(tmp_path):
    run_sweep(load_sweep(write(tmp_path, SOBOL.format(method="morris", n=4), "m.toml")), tmp_path / "out", workers=2)
    sens = analyse(tmp_path / "out").sensitivity
    assert set(sens["method"]) == {"morris"} and (sens["mu_star"] >= 0).all()
    assert {"mu_star_conf", "sigma"} <= set(sens.columns)


def test_analyse_of_a_folder_that_is_no_sweep_is_one_line_exit_2(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "sim", "analyse", str(tmp_path)], capture_output=True, text=True,
                          cwd=REPO, timeout=300)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "not a sweep results folder" in proc.stderr and proc.stderr.strip().count("\n") == 0


# -- search ------------------------------------------------------------------------------

@pytest.mark.parametrize("body, expected", [
    ('[search]\nminimise = "cost_per_parcel_down_yuan"\n', "key 'levers'"),
    ('[search]\n[levers]\n"operations.mode" = ["joint"]\n', "key 'search.minimise': expected either minimise or maximise"),
    ('[search]\nminimise = "cost"\n[levers]\n"operations.mode" = ["joint"]\n', "'cost' is not a summary KPI"),
    ('[search]\nminimise = "mode"\n[levers]\n"operations.mode" = ["joint"]\n', "is a setting, not a KPI"),
    ('[search]\nminimise = "cost_per_parcel_down_yuan"\n[levers]\n"operations.mode" = ["joint", "both"]\n',
     "[levers]: key 'operations.mode': expected one of"),
    ('[search]\nminimise = "cost_per_parcel_down_yuan"\n[levers]\n"operations.delivery_interval_days" = { low = 3, high = 1 }\n',
     "expected low < high"),
    ('[search]\nminimise = "cost_per_parcel_down_yuan"\n[constraints]\nvillage_coverage = { min = 0.9, max = 0.5 }\n'
     '[levers]\n"operations.mode" = ["joint"]\n', "expected min ≤ max"),
    ('[search]\nminimise = "cost_per_parcel_down_yuan"\ntrials = 0\n[levers]\n"operations.mode" = ["joint"]\n',
     "key 'search.trials'"),
])
def test_a_bad_search_file_is_one_line_naming_file_and_key(tmp_path, body, expected):
    path = write(tmp_path, body, "s.toml")
    with pytest.raises(SweepError) as err:
        load_search(path)
    assert str(path) in str(err.value) and "\n" not in str(err.value)
    assert expected in str(err.value)


@pytest.mark.slow
def test_search_finds_a_mix_that_meets_the_targets_and_writes_its_front(tmp_path):
    """Joint distribution serves every village at the door; separate brands do not on this
    small county, so every best mix is joint."""
    search = load_search(write(tmp_path, SEARCH.format(trials=8), "s.toml"))
    outcome = run_search(search, tmp_path / "out", workers=2)
    assert len(outcome.trials) == 8 and (outcome.trials["error"] == "").all()
    assert len(outcome.best) >= 1 and (outcome.best["operations.mode"] == "joint").all()
    top = outcome.best.iloc[0]
    assert top["village_coverage"] >= 0.95 and top["lead_time_mean_h"] <= 48.0
    assert top["objective"] == pytest.approx(top["societal_cost_per_parcel_yuan"] + top["subsidy_per_parcel_yuan"])
    assert top["objective"] <= outcome.best["objective"].min()
    for name in ("trials.csv", "best.csv", "front.csv", "front.png", "search.md"):
        assert (tmp_path / "out" / name).exists()
    assert "Best mixes" in (tmp_path / "out" / "search.md").read_text()
    assert top["trial"] in set(outcome.front["trial"])          # the best feasible mix is on the front


@pytest.mark.slow
def test_search_is_repeatable(tmp_path):
    search = load_search(write(tmp_path, SEARCH.format(trials=4), "s.toml"))
    a = run_search(search, tmp_path / "a", workers=1).trials
    b = run_search(search, tmp_path / "b", workers=2).trials
    pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_the_front_keeps_only_candidates_nobody_beats(tmp_path):
    search = load_search(write(tmp_path, SEARCH.format(trials=4), "s.toml"))
    trials = pd.DataFrame({"trial": [0, 1, 2], "objective": [5.0, 4.0, 6.0], "village_coverage": [1.0, 0.9, 0.9],
                           "lead_time_mean_h": [10.0, 10.0, 12.0], "error": ["", "", ""]})
    assert trade_off_front(trials, search)["trial"].tolist() == [1, 0]


def test_search_into_a_users_folder_is_refused_before_running(tmp_path):
    path = write(tmp_path, SEARCH.format(trials=4), "s.toml")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "a.txt").write_text("keep")
    proc = subprocess.run([sys.executable, "-m", "sim", "search", str(path), "--out", str(mine)],
                          capture_output=True, text=True, cwd=REPO, timeout=300)
    assert proc.returncode == 2 and "not written by this tool" in proc.stderr
    assert [p.name for p in mine.iterdir()] == ["a.txt"]
    with pytest.raises(OutputError):
        run_search(load_search(path), mine, workers=1)
