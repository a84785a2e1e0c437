"""The command line writes the promised results folder and compares runs."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main
from sim.kpis import SUMMARY_KEYS

REPO = Path(__file__).resolve().parents[1]


def _run(*args, cwd=REPO):
    return subprocess.run([sys.executable, "-m", "sim", *args], capture_output=True, text=True, cwd=cwd)


def _small(tmp_path, mode="joint", backhaul=False, name=None) -> str:
    """A small county's scenario file (3 townships × 5 villages)."""
    path = tmp_path / f"{name or 'small_' + mode}.toml"
    path.write_text(SMALL_SCENARIO.format(mode=mode) + f"backhaul = {str(backhaul).lower()}\n", encoding="utf-8")
    return str(path)


def test_run_writes_tables_summary_scenario_and_plots(tmp_path):
    out = tmp_path / "run"
    proc = _run("run", _small(tmp_path, backhaul=True), "--days", "5", "--seed", "3", "--out", str(out),
                "--no-progress")
    assert proc.returncode == 0, proc.stderr
    daily = pd.read_parquet(out / "daily_kpis.parquet")
    assert len(daily) == 5
    pd.testing.assert_frame_equal(daily, pd.read_csv(out / "daily_kpis.csv"), check_dtype=False)
    summary = json.loads((out / "summary.json").read_text())
    for key in SUMMARY_KEYS:
        assert key in summary, key
    assert summary["seed"] == 3 and summary["days"] == 5
    assert summary["parcels_created"] >= summary["parcels_delivered"] > 0
    assert "backhaul = true" in (out / "scenario.toml").read_text()
    villages = pd.read_csv(out / "villages.csv")
    assert len(villages) == summary["n_villages"]
    assert villages["parcels_delivered"].sum() == daily["parcels_delivered"].sum()   # the whole run
    hist = pd.read_csv(out / "lead_times.csv")
    assert (hist["parcels_door"] + hist["parcels_fetched"]).sum() == daily["parcels_delivered"].sum()
    pngs = sorted((out / "plots").glob("*.png"))
    assert len(pngs) >= 8 and all(p.stat().st_size > 5000 for p in pngs)


@pytest.mark.slow
def test_rerun_replaces_folder_and_failed_run_keeps_old_one(tmp_path):
    out = tmp_path / "run"
    assert main(["run", _small(tmp_path), "--days", "2", "--out", str(out), "--no-progress"]) == 0
    before = (out / "summary.json").read_text()
    bad = tmp_path / "bad.toml"
    bad.write_text("[operations]\nmode = 3\n")
    proc = _run("run", str(bad), "--out", str(out), "--no-progress")
    assert proc.returncode == 2
    assert (out / "summary.json").read_text() == before


@pytest.mark.slow
def test_compare_prints_side_by_side(tmp_path, capsys):
    a, b = tmp_path / "sep", tmp_path / "joint"
    assert main(["run", _small(tmp_path, "separate"), "--days", "3", "--out", str(a), "--no-progress"]) == 0
    assert main(["run", _small(tmp_path, "joint"), "--days", "3", "--out", str(b), "--no-progress"]) == 0
    capsys.readouterr()
    assert main(["compare", str(a), str(b)]) == 0
    header, *rows = capsys.readouterr().out.splitlines()
    assert "sep" in header and "joint" in header
    mode_row = next(r for r in rows if r.startswith("mode"))
    assert "separate" in mode_row and "joint" in mode_row
    assert any(r.startswith("cost_per_parcel_down_yuan") for r in rows)


def test_compare_of_a_folder_without_summary_is_exit_2(tmp_path):
    proc = _run("compare", str(tmp_path))
    assert proc.returncode == 2 and "summary.json" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow   # several processes: in CI's full run, not the quick one
def test_runs_in_separate_processes_are_identical(tmp_path):
    """Bit-for-bit across processes, whatever the string-hash seed of each process."""
    import os

    outs = []
    small = _small(tmp_path, "separate")
    for k, hashseed in enumerate(("1", "12345")):
        out = tmp_path / f"r{k}"
        env = dict(os.environ, PYTHONHASHSEED=hashseed)
        proc = subprocess.run([sys.executable, "-m", "sim", "run", small, "--days", "4",
                               "--out", str(out), "--no-progress"], capture_output=True, text=True, cwd=REPO, env=env)
        assert proc.returncode == 0, proc.stderr
        outs.append(pd.read_parquet(out / "daily_kpis.parquet"))
    pd.testing.assert_frame_equal(outs[0], outs[1], check_exact=True)


SMALL_SCENARIO = """[scenario]
description = "small county, {mode}"

[geography]
n_townships = 3
villages_per_township = 5

[operations]
mode = "{mode}"
"""


@pytest.mark.slow
def test_compare_with_out_writes_the_report(tmp_path, capsys):
    from sim.runner import run_scenario
    from sim.config import load_config

    folders = []
    for mode in ("separate", "joint"):
        toml = tmp_path / f"small_{mode}.toml"
        toml.write_text(SMALL_SCENARIO.format(mode=mode))
        folders.append(tmp_path / mode)
        run_scenario(load_config(toml, {"scenario.days": 2}), folders[-1])
    capsys.readouterr()
    assert main(["compare", *map(str, folders), "--out", str(tmp_path / "report")]) == 0
    stdout = capsys.readouterr().out
    assert any(r.startswith("cost_per_parcel_down_yuan") for r in stdout.splitlines())
    assert str(tmp_path / "report" / "report.html") in stdout
    for name in ("report.html", "report.md", "kpis.csv"):
        assert (tmp_path / "report" / name).stat().st_size > 0


@pytest.mark.slow   # several processes: in CI's full run, not the quick one
def test_run_all_runs_the_good_scenarios_reports_and_names_the_bad_ones(tmp_path):
    folder = tmp_path / "scen"
    folder.mkdir()
    (folder / "a_separate.toml").write_text(SMALL_SCENARIO.format(mode="separate"))
    (folder / "b_joint.toml").write_text(SMALL_SCENARIO.format(mode="joint"))
    (folder / "c_malformed.toml").write_text("[operations\nmode = 'joint'\n")
    (folder / "d_no_data.toml").write_text('[geography]\nsource = "file"\nfacilities = "missing/facilities.csv"\n')
    out = tmp_path / "results"
    proc = _run("run-all", str(folder), "--days", "2", "--seed", "5", "--jobs", "2", "--out", str(out))
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert any("c_malformed.toml" in line for line in errors)
    assert any("d_no_data.toml" in line and "facilities" in line for line in errors)
    for name in ("a_separate", "b_joint"):
        summary = json.loads((out / name / "summary.json").read_text())
        assert summary["days"] == 2 and summary["seed"] == 5
    assert not (out / "c_malformed").exists() and not (out / "d_no_data").exists()
    progress = [line for line in proc.stdout.splitlines() if line.startswith("[")]
    assert len(progress) == 2 and all(re.search(r"\d+\.\d s", line) for line in progress)
    table = pd.read_csv(out / "report" / "kpis.csv")
    assert list(table["scenario"]) == ["a_separate", "b_joint"]          # folder order, not finishing order
    assert (out / "report" / "report.html").stat().st_size > 10_000
    assert "not a like-for-like" not in (out / "report" / "report.html").read_text().lower()


@pytest.mark.slow
def test_run_all_in_process_without_report_and_default_folder(tmp_path):
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "only.toml").write_text(SMALL_SCENARIO.format(mode="joint"))
    proc = _run("run-all", "--days", "1", "--jobs", "1", "--no-report", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "results" / "run-all-seed42-1d"
    assert (out / "only" / "summary.json").is_file()
    assert not (out / "report").exists()


def test_run_all_bad_arguments_are_one_line_exit_2(tmp_path):
    proc = _run("run-all", str(tmp_path / "nowhere"), "--out", str(tmp_path / "r"))
    assert proc.returncode == 2 and "nowhere" in proc.stderr and "Traceback" not in proc.stderr
    proc = _run("run-all", "--days", "0", "--out", str(tmp_path / "r"))
    assert proc.returncode == 2 and "--days" in proc.stderr and "Traceback" not in proc.stderr
