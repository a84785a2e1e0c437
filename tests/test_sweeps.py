"""Sweeps: sweep files checked before running, the run list and its seeds, results written
run by run and assembled, resume after Ctrl-C or a killed driver, the same table on any
number of workers and on Dask."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.experiments.design import build_runs, seeds
from sim.experiments.store import SweepStore
from sim.experiments.sweep import run_sweep
from sim.experiments.sweep_file import SweepError, load_sweep
from sim.outputs.folders import OutputError

REPO = Path(__file__).resolve().parents[1]
KPIS = ["cost_per_parcel_down_yuan", "lead_time_mean_h", "village_coverage"]
TINY = """
[sweep]
days = {days}
replications = {reps}
seed = 7
kpis = ["cost_per_parcel_down_yuan", "lead_time_mean_h", "village_coverage"]
[fixed]
"geography.n_townships" = 2
"geography.villages_per_township" = 4
[parameters]
"operations.mode" = ["separate", "joint"]
"demand.parcels_per_resident_per_day" = {volumes}
"""


def write(tmp_path: Path, text: str, name: str = "sweep.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def tiny(tmp_path: Path, days: int = 3, reps: int = 2, volumes: str = "[0.02, 0.04]", extra: str = "") -> Path:
    return write(tmp_path, TINY.format(days=days, reps=reps, volumes=volumes) + extra)


def sim_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sim", *args], capture_output=True, text=True, cwd=cwd, timeout=600)


# -- sweep files ---------------------------------------------------------------------------

@pytest.mark.parametrize("body, expected", [
    ('[sweep]\nreplications = 0\n', "key 'sweep.replications': expected a number ≥ 1"),
    ('[sweep]\nrepetitions = 2\n', "key 'sweep.repetitions': unknown key"),
    ('[sweep]\n[parameters]\n"operations.mode" = ["separate", "jointt"]\n',
     "[parameters]: key 'operations.mode': expected one of 'separate' or 'joint', got 'jointt'"),
    ('[sweep]\n[parameters]\n"operations.mod" = ["joint"]\n', "unknown parameter 'operations.mod'"),
    ('[sweep]\n[parameters]\n"operations.mode" = []\n', "key 'parameters.\"operations.mode\"'"),
    ('[sweep]\n[sampler]\nmethod = "sobol"\nn = 100\n[ranges]\n"demand.parcels_per_resident_per_day" = [0.02, 0.05]\n'
     '"operations.delivery_interval_days" = [1, 3]\n', "key 'sampler.n': expected a power of 2"),
    ('[sweep]\n[sampler]\nmethod = "sobol"\nn = 8\n[ranges]\n"demand.parcels_per_resident_per_day" = [0.05, 0.02]\n'
     '"operations.delivery_interval_days" = [1, 3]\n', "low < high"),
    ('[sweep]\n[ranges]\n"demand.parcels_per_resident_per_day" = [0.02, 0.05]\n', "needs a [sampler]"),
    ('[sweep]\n[sampler]\nmethod = "halton"\nn = 8\n', "key 'sampler.method': expected one of"),
    ('[sweep]\nkpis = ["cost_per_parcel"]\n', "key 'sweep.kpis': 'cost_per_parcel' is not a summary KPI"),
    ('[sweep]\nscenario = "nowhere.toml"\n', "key 'sweep.scenario'"),
    ('[sweep]\n[parameters]\n"scenario.seed" = [1, 2]\n', "key 'scenario.seed': the sweep sets each run's seed"),
    ('[sweep]\n[[counties]]\nname = "a"\n', "key 'counties[0]': expected either seed"),
    ('[sweep]\n[[counties]]\nname = "a"\nfacilities = "none.csv"\n', "key 'counties[0].facilities': no file"),
    ('[sweep]\n[[counties]]\nname = "a"\nseed = -1\n', "geography.seed"),
    ('[sweep]\nreplications = 1000\n[sampler]\nmethod = "grid"\nn = 100\n[ranges]\n"demand.parcels_per_resident_per_day"'
     ' = [0.02, 0.05]\n"operations.delivery_interval_days" = [1, 3]\n', "runs; expected at most"),
    ('[sweep\n', "not valid TOML"),
    ('[sweep]\nseed = "7"\n', "key 'sweep.seed': expected a whole number, got '7'"),
])
def test_a_bad_sweep_file_is_one_line_naming_file_and_key(tmp_path, body, expected):
    """Each mistake stops before any run with one line naming the file and what was expected."""
    path = write(tmp_path, body)
    with pytest.raises(SweepError) as err:
        load_sweep(path)
    message = str(err.value)
    assert "\n" not in message and str(path) in message
    assert expected in message


def test_bad_sweep_file_on_the_command_line_is_exit_2_without_traceback(tmp_path):
    path = write(tmp_path, '[sweep]\nreplications = 0\n')
    proc = sim_cli("sweep", str(path), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "Traceback" not in proc.stderr
    assert str(path) in proc.stderr and "sweep.replications" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_the_run_list_is_the_factorial_product_with_seeds_from_the_master_seed(tmp_path):
    sweep = load_sweep(tiny(tmp_path))
    runs = build_runs(sweep)
    assert len(runs) == 2 * 2 * 2
    assert [r.index for r in runs] == list(range(8))
    assert runs[0].params == {"operations.mode": "separate", "demand.parcels_per_resident_per_day": 0.02}
    assert [r.replication for r in runs[:4]] == [0, 1, 0, 1]
    assert [r.point for r in runs[:4]] == [0, 0, 1, 1]
    spawned = np.random.SeedSequence(7).spawn(8)
    assert [r.seed for r in runs] == [int(c.generate_state(1, dtype=np.uint32)[0]) % 2**31 for c in spawned]
    assert all(0 <= r.seed < 2**31 for r in runs)
    assert seeds(7, 8)[:3] == seeds(7, 3)     # a run's seed depends on its index, not on the sweep's size


def test_common_seeds_give_every_point_the_replications_seeds(tmp_path):
    sweep = load_sweep(tiny(tmp_path))
    path = tmp_path / "common.toml"
    path.write_text(TINY.format(days=3, reps=2, volumes="[0.02, 0.04]").replace("seed = 7", "seed = 7\ncommon_seeds = true"))
    runs = build_runs(load_sweep(path))
    assert {r.seed for r in runs if r.replication == 0} == {seeds(7, 2)[0]}
    assert len({r.seed for r in build_runs(sweep)}) == 8


def test_sampled_ranges_are_reproducible_and_integer_ranges_whole(tmp_path):
    path = write(tmp_path, '[sweep]\nseed = 3\n[sampler]\nmethod = "sobol"\nn = 8\n[ranges]\n'
                           '"demand.parcels_per_resident_per_day" = [0.02, 0.05]\n'
                           '"operations.delivery_interval_days" = [1, 3]\n')
    a, b = build_runs(load_sweep(path)), build_runs(load_sweep(path))
    assert a == b and len(a) == 8 * (2 + 2)
    assert all(isinstance(r.params["operations.delivery_interval_days"], int) for r in a)
    assert all(0.02 <= r.params["demand.parcels_per_resident_per_day"] <= 0.05 for r in a)
    assert [r.sample for r in a[:3]] == [0, 1, 2]


def test_counties_multiply_the_runs_and_set_the_geography(tmp_path):
    path = tiny(tmp_path, reps=1, volumes="[0.02]",
                extra='[[counties]]\nname = "north"\nseed = 3\n[[counties]]\nname = "south"\nseed = 4\n')
    sweep = load_sweep(path)
    runs = build_runs(sweep)
    assert [r.county for r in runs] == ["north", "north", "south", "south"]
    assert runs[2].overrides(sweep.counties)["geography.seed"] == 4


def test_a_county_from_a_facility_table_is_resolved_against_the_sweep_file(tmp_path):
    from tests.conftest import shared_or_skip

    data = shared_or_skip("chongyang", "chongyang_421223_adcode.csv")
    folder = tmp_path / "sweeps"
    folder.mkdir()
    relative = os.path.relpath(data, folder)
    path = tiny(folder, reps=1, volumes="[0.02]", extra=f'[[counties]]\nname = "synthetic-3"\nseed = 3\n'
                f'[[counties]]\nname = "chongyang"\nfacilities = "{relative}"\nfacilities_format = "adcode"\n')
    sweep = load_sweep(path)
    assert sweep.counties["chongyang"] == {"geography.facilities": str(data.resolve()), "geography.facilities_format": "adcode",
                                           "geography.source": "file"}
    assert sweep.counties["synthetic-3"] == {"geography.seed": 3, "geography.source": "synthetic"}
    assert [r.county for r in build_runs(sweep)] == ["synthetic-3"] * 2 + ["chongyang"] * 2


@pytest.mark.parametrize("args, expected", [(["--workers", "0"], "--workers: expected a whole number ≥ 1"),
                                            (["--scheduler", "127.0.0.1:8786"], "--scheduler: expected an address")])
def test_bad_options_are_one_line_exit_2(tmp_path, args, expected, capsys):
    from sim.cli import main

    assert main(["sweep", str(tiny(tmp_path)), *args, "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert expected in err and err.strip().count("\n") == 0
    assert not (tmp_path / "o").exists()


# -- running, resuming ---------------------------------------------------------------------

def test_sweep_writes_one_row_per_run_with_parameters_seed_and_kpis(tmp_path):
    sweep = load_sweep(tiny(tmp_path))
    out = run_sweep(sweep, tmp_path / "out", workers=1)
    table = pd.read_parquet(tmp_path / "out" / "results.parquet")
    assert len(table) == 8 and table["run"].tolist() == list(range(8))
    for column in ["operations.mode", "demand.parcels_per_resident_per_day", "replication", "seed", *KPIS,
                   "wall_s", "error"]:
        assert column in table.columns
    assert (table["error"] == "").all() and out.failed == 0
    assert table["seed"].tolist() == [r.seed for r in build_runs(sweep)]
    assert len(list((tmp_path / "out" / "runs").glob("*.json"))) == 8
    # joint distribution serves every village at the door here; separate brands do not
    by_mode = table.groupby("operations.mode")["village_coverage"].mean()
    assert by_mode["joint"] > by_mode["separate"]


@pytest.mark.slow
def test_rerun_skips_finished_runs_and_completes_missing_ones(tmp_path):
    sweep = load_sweep(tiny(tmp_path))
    first = run_sweep(sweep, tmp_path / "out", workers=1).table
    for i in (1, 6):
        (tmp_path / "out" / "runs" / f"{i:06d}.json").unlink()
    again = run_sweep(sweep, tmp_path / "out", workers=1)
    assert (again.ran, again.skipped) == (2, 6)
    kept = ["run", "seed", *KPIS]
    pd.testing.assert_frame_equal(again.table[kept], first[kept])


@pytest.mark.slow
def test_a_run_that_raised_is_recorded_and_retried_only_when_asked(tmp_path):
    # a truck of 1 kg passes the file's checks but cannot carry a parcel: the run stops in its preflight
    path = tiny(tmp_path, reps=1, volumes="[0.02]").read_text() + '"vehicles.truck.capacity_kg" = [1.0, 5000.0]\n'
    sweep = load_sweep(write(tmp_path, path, "fails.toml"))
    first = run_sweep(sweep, tmp_path / "out", workers=1)
    assert first.failed == 2 and first.total == 4
    failed = first.table[first.table["error"] != ""]
    assert failed["error"].str.contains("capacity_kg").all()
    assert failed["cost_per_parcel_down_yuan"].isna().all()
    assert run_sweep(sweep, tmp_path / "out", workers=1).ran == 0
    retried = run_sweep(sweep, tmp_path / "out", workers=1, retry_failed=True)
    assert (retried.ran, retried.failed) == (2, 2)


def test_the_folder_of_another_sweep_or_a_users_folder_is_refused(tmp_path):
    run_sweep(load_sweep(tiny(tmp_path)), tmp_path / "out", workers=1)
    other = load_sweep(tiny(tmp_path, volumes="[0.03]"))
    before = sorted(p.name for p in (tmp_path / "out" / "runs").iterdir())
    with pytest.raises(OutputError, match="another sweep"):
        run_sweep(other, tmp_path / "out", workers=1)
    assert sorted(p.name for p in (tmp_path / "out" / "runs").iterdir()) == before
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep")
    with pytest.raises(OutputError, match="not written by this tool"):
        run_sweep(other, mine, workers=1)
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]


def test_leftover_temporary_files_are_removed_and_only_ours(tmp_path):
    sweep = load_sweep(tiny(tmp_path))
    runs = build_runs(sweep)
    store = SweepStore(tmp_path / "out", sweep, runs, None, list(sweep.parameters))
    half = store.runs_dir / ".000003.json.tmp-999999"
    half.write_text('{"index": 3, "kp')
    users = store.runs_dir / "my.tmp-notes"
    users.write_text("mine")
    store.close()
    SweepStore(tmp_path / "out", sweep, runs, None, list(sweep.parameters)).close()
    assert not half.exists() and users.exists()


def test_two_drivers_cannot_write_one_folder(tmp_path):
    sweep = load_sweep(tiny(tmp_path))
    runs = build_runs(sweep)
    store = SweepStore(tmp_path / "out", sweep, runs, None, list(sweep.parameters))
    try:
        with pytest.raises(OutputError, match="another sweep is writing"):
            SweepStore(tmp_path / "out", sweep, runs, None, list(sweep.parameters))
    finally:
        store.close()


@pytest.mark.slow
def test_daily_tables_are_kept_per_run_when_asked(tmp_path):
    path = tiny(tmp_path, reps=1, volumes="[0.02]").read_text().replace("seed = 7", "seed = 7\ndaily = true")
    run_sweep(load_sweep(write(tmp_path, path, "daily.toml")), tmp_path / "out", workers=1)
    daily = pd.read_parquet(tmp_path / "out" / "daily" / "000001.parquet")
    assert len(daily) == 3 and "cost_per_parcel_down_yuan" in daily.columns


# -- several processes (slow: CI's full run) -----------------------------------------------

def _kpi_columns(table: pd.DataFrame) -> pd.DataFrame:
    return table[["run", "operations.mode", "demand.parcels_per_resident_per_day", "replication", "seed", *KPIS]]


@pytest.mark.slow
def test_one_worker_two_workers_and_a_dask_cluster_give_identical_kpis(tmp_path):
    """The same sweep on 1 and 2 local processes and on a Dask LocalCluster: exactly equal KPI columns."""
    from distributed import LocalCluster

    sweep = load_sweep(tiny(tmp_path, days=4))
    one = run_sweep(sweep, tmp_path / "one", workers=1).table
    two = run_sweep(sweep, tmp_path / "two", workers=2).table
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        dask = run_sweep(sweep, tmp_path / "dask", scheduler=cluster.scheduler_address).table
    print(_kpi_columns(one).to_string())
    assert len(one) == 8 and (one["error"] == "").all()
    pd.testing.assert_frame_equal(_kpi_columns(one), _kpi_columns(two), check_exact=True)
    pd.testing.assert_frame_equal(_kpi_columns(one), _kpi_columns(dask), check_exact=True)
    assert two["worker"].nunique() == 2                 # the work really was shared
    assert dask["worker"].nunique() == 2


def _wait_for(predicate, proc: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout                # a hang guard only
    while not predicate():
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def _running(pid: str) -> bool:
    """A process that exists and is not a zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@pytest.mark.slow
def test_sigkill_of_the_driver_then_rerun_gives_the_uninterrupted_table(tmp_path):
    """Kill the driver part-way (SIGKILL), rerun the same command: the table of an
    uninterrupted sweep, no duplicate or lost row, no temporary file left; the orphaned
    pool workers end by themselves."""
    path = tiny(tmp_path, days=5, reps=4, volumes="[0.01, 0.02, 0.03, 0.04, 0.05]")     # 40 runs
    runs_dir = tmp_path / "killed" / "runs"
    proc = subprocess.Popen([sys.executable, "-m", "sim", "sweep", str(path), "--workers", "2", "--no-progress",
                             "--out", str(tmp_path / "killed")], cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _wait_for(lambda: runs_dir.is_dir() and len(list(runs_dir.glob("*.json"))) >= 4, proc)
        workers = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        done_at_kill = len(list(runs_dir.glob("*.json")))
        deadline = time.monotonic() + 30                    # hang guard: the workers notice within a second or two
        while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert workers and not any(_running(pid) for pid in workers), "pool workers outlived their driver"
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)           # the pool's workers, should any outlive the driver
        except ProcessLookupError:
            pass
    assert 4 <= done_at_kill < 40, "the sweep was not interrupted part-way"
    assert not (tmp_path / "killed" / "results.parquet").exists()
    resumed = sim_cli("sweep", str(path), "--workers", "2", "--no-progress", "--out", str(tmp_path / "killed"))
    assert resumed.returncode == 0, resumed.stderr
    assert f"{40 - done_at_kill} runs" in resumed.stdout or f"({done_at_kill} of 40" in resumed.stdout
    whole = sim_cli("sweep", str(path), "--workers", "2", "--no-progress", "--out", str(tmp_path / "whole"))
    assert whole.returncode == 0, whole.stderr
    killed = pd.read_parquet(tmp_path / "killed" / "results.parquet")
    uninterrupted = pd.read_parquet(tmp_path / "whole" / "results.parquet")
    assert killed["run"].tolist() == list(range(40))         # no duplicate, no lost row
    pd.testing.assert_frame_equal(_kpi_columns(killed), _kpi_columns(uninterrupted), check_exact=True)
    leftovers = [p for p in (tmp_path / "killed").rglob(".*") if ".tmp-" in p.name]
    assert leftovers == []
    assert all(json.loads(p.read_text())["index"] == int(p.stem) for p in runs_dir.glob("*.json"))


@pytest.mark.slow
def test_ctrl_c_is_exit_130_keeps_finished_runs_and_the_same_command_completes(tmp_path):
    path = tiny(tmp_path, days=5, reps=4, volumes="[0.01, 0.02, 0.03, 0.04, 0.05]")     # 40 runs
    out = tmp_path / "out"
    args = [sys.executable, "-m", "sim", "sweep", str(path), "--workers", "2", "--no-progress", "--out", str(out)]
    proc = subprocess.Popen(args, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        _wait_for(lambda: (out / "runs").is_dir() and len(list((out / "runs").glob("*.json"))) >= 4, proc)
        os.killpg(proc.pid, signal.SIGINT)                 # Ctrl-C reaches the whole foreground group
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "run the same command" in stderr
    done = len(list((out / "runs").glob("*.json")))
    assert done < 40 and not (out / "results.parquet").exists()
    resumed = subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert f"({done} of 40 already finished)" in resumed.stdout
    assert pd.read_parquet(out / "results.parquet")["run"].tolist() == list(range(40))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_a_cluster_started_from_the_command_line_runs_the_sweep(tmp_path):
    """`dask scheduler` and `dask worker` as a cluster user starts them (on 127.0.0.1), then
    `python -m sim sweep --scheduler`: the same table as a local run."""
    dask = Path(sys.executable).with_name("dask")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = subprocess.Popen([str(dask), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                  "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = subprocess.Popen([str(dask), "worker", address, "--nworkers", "2", "--nthreads", "1",
                               "--host", "127.0.0.1", "--no-dashboard"], cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        path = tiny(tmp_path)
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        proc = sim_cli("sweep", str(path), "--scheduler", address, "--no-progress", "--out", str(tmp_path / "c"))
        assert proc.returncode == 0, proc.stderr
        assert "Dask cluster" in proc.stdout
        local = run_sweep(load_sweep(path), tmp_path / "local", workers=1).table
        cluster = pd.read_parquet(tmp_path / "c" / "results.parquet")
        pd.testing.assert_frame_equal(_kpi_columns(cluster), _kpi_columns(local), check_exact=True)
    finally:
        for p in (worker, scheduler):
            p.terminate()
        for p in (worker, scheduler):
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


@pytest.mark.slow      # waits for the connection timeout
def test_a_scheduler_that_does_not_answer_is_one_line_exit_2(tmp_path):
    path = tiny(tmp_path)
    proc = sim_cli("sweep", str(path), "--scheduler", f"tcp://127.0.0.1:{_free_port()}", "--out",
                   str(tmp_path / "o"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and "no Dask scheduler answered" in proc.stderr
