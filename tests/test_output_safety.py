"""Where results go: safe folder names, --out never destroys what the tool did not write,
partial folders, failures and kills that leave nothing a user could mistake for results."""

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main
from sim.config import ScenarioError, load_config
from sim.geography import GeographyError
from sim.outputs.folders import MARKER, SLUG_MAX_CHARS, Staging, read_marker, slug, write_marker
from sim.outputs.run_folder import run_folder_name

REPO = Path(__file__).resolve().parents[1]
SMALL = '[scenario]\nname = {name}\n\n[geography]\nn_townships = 3\nvillages_per_township = 5\n'
HANG_GUARD_S = 180          # only against a hang; no test measures time


def _small(folder: Path, name: str = "small", file: str = "small.toml") -> str:
    path = folder / file
    path.write_text(SMALL.format(name=json.dumps(name)), encoding="utf-8")
    return str(path)


def _run_cli(*args, cwd=REPO, **kw):
    return subprocess.run([sys.executable, "-m", "sim", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=HANG_GUARD_S, **kw)


def _one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else b"<dir>")
            for p in sorted(folder.rglob("*"))}


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".partial-" in p.name or ".replaced-" in p.name)


def _reaped_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.fixture(scope="module")
def earlier_run(tmp_path_factory) -> Path:
    """A finished run folder (2 days) to compare, replace and keep."""
    tmp = tmp_path_factory.mktemp("earlier")
    out = tmp / "run"
    assert main(["run", _small(tmp), "--days", "2", "--out", str(out), "--no-progress"]) == 0
    return out


# -- folder names ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["/some/dir", "../../x", "..", "a\x00b\nc\x1b[31md\x7f", "x" * 300,
                                  "县乡村共同配送", "", "...", "C:\\Users\\x", "-rf"])
def test_a_scenario_name_becomes_one_safe_folder_name(name, tmp_path):
    s = slug(name)
    assert s and len(s) <= SLUG_MAX_CHARS
    assert "/" not in s and "\\" not in s and not s.startswith((".", "-"))
    assert all(c.isprintable() for c in s)
    assert (tmp_path / s).resolve().parent == tmp_path.resolve()
    try:
        config = load_config(_small(tmp_path), {"scenario.name": name, "scenario.days": 2})
    except ScenarioError as err:      # control characters, empty, over 80 characters: refused by name
        assert "scenario.name" in str(err) and "\n" not in str(err)
        return
    folder = Path("results") / run_folder_name(config)
    assert folder.parent == Path("results") and len(folder.parts) == 2


def test_slug_keeps_chinese_letters_digits_and_punctuation():
    assert slug("县乡村共同配送") == "县乡村共同配送"
    assert slug("joint_backhaul-2.v3") == "joint_backhaul-2.v3"
    assert slug("../../x") == "x" and slug("/some/dir") == "some_dir" and slug("") == "scenario"


def test_run_with_a_path_like_name_writes_only_inside_results(tmp_path, monkeypatch, capsys):
    cwd = tmp_path / "a" / "b"
    cwd.mkdir(parents=True)
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("mine")
    monkeypatch.chdir(cwd)
    for name in ("../../escaped", str(victim)):
        assert main(["run", _small(cwd, name), "--days", "2", "--no-progress"]) == 0
    assert sorted(p.name for p in (cwd / "results").iterdir()) == [
        "escaped-seed42-2d", f"{slug(str(victim))}-seed42-2d"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "victim"]
    assert _snapshot(victim) == {"keep.txt": b"mine"}


@pytest.mark.slow   # several processes: in CI's full run, not the quick one
def test_run_all_with_a_path_like_name_keeps_the_directory_and_creates_out(tmp_path):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("mine")
    scen = tmp_path / "scen"
    scen.mkdir()
    _small(scen, str(victim), "abs.toml")
    _small(scen, "../../up", "up.toml")
    out = tmp_path / "all"
    proc = _run_cli("run-all", str(scen), "--days", "1", "--jobs", "1", "--no-report", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert _snapshot(victim) == {"keep.txt": b"mine"}
    assert sorted(p.name for p in out.iterdir()) == sorted([MARKER, "up", slug(str(victim))])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all", "scen", "victim"]


# -- --out: never destroy what the tool did not write ---------------------------------------

def _users_folder(tmp_path: Path) -> Path:
    docs = tmp_path / "mydocs"
    (docs / "sub").mkdir(parents=True)
    (docs / "thesis.docx").write_bytes(b"\x00\x01 my thesis")
    (docs / "sub" / "notes.txt").write_text("notes")
    (docs / "summary.json").write_text("{}")          # looks like a run folder, is not ours
    return docs


@pytest.mark.parametrize("command", ["run", "run-all", "compare"])
def test_out_at_a_users_folder_is_refused_and_every_file_stays(command, tmp_path, earlier_run, capsys):
    docs = _users_folder(tmp_path)
    before = _snapshot(docs)
    args = {"run": ["run", _small(tmp_path), "--days", "2", "--no-progress"],
            "run-all": ["run-all", _small(tmp_path), "--days", "2", "--jobs", "1"],
            "compare": ["compare", str(earlier_run)]}[command]
    capsys.readouterr()
    assert main([*args, "--out", str(docs)]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert str(docs) in line and "not written by this tool" in line
    assert _snapshot(docs) == before
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("command", ["run", "run-all", "compare"])
def test_out_at_a_file_is_refused_and_the_file_unchanged(command, tmp_path, earlier_run, capsys):
    target = tmp_path / "results.txt"
    target.write_bytes(b"precious\n")
    args = {"run": ["run", _small(tmp_path), "--days", "2", "--no-progress"],
            "run-all": ["run-all", _small(tmp_path), "--days", "2", "--jobs", "1"],
            "compare": ["compare", str(earlier_run)]}[command]
    capsys.readouterr()
    assert main([*args, "--out", str(target)]) == 2
    assert "is a file" in _one_error_line(capsys.readouterr().err)
    assert target.read_bytes() == b"precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.txt", "small.toml"]


def test_an_empty_folder_may_be_used(tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    assert main(["run", _small(tmp_path), "--days", "2", "--out", str(out), "--no-progress"]) == 0
    assert (out / "summary.json").is_file() and read_marker(out)["kind"] == "run"


@pytest.mark.slow
def test_rerun_replaces_our_run_folder_but_not_files_a_user_added(tmp_path, capsys):
    out = tmp_path / "run"
    small = _small(tmp_path)
    assert main(["run", small, "--days", "2", "--out", str(out), "--no-progress"]) == 0
    assert main(["run", small, "--days", "3", "--out", str(out), "--no-progress"]) == 0
    assert json.loads((out / "summary.json").read_text())["days"] == 3
    assert len(pd.read_csv(out / "daily_kpis.csv")) == 3
    assert _leftovers(tmp_path) == []
    (out / "my_notes.txt").write_text("mine")
    before = _snapshot(out)
    capsys.readouterr()
    assert main(["run", small, "--days", "2", "--out", str(out), "--no-progress"]) == 2
    assert "my_notes.txt" in _one_error_line(capsys.readouterr().err)
    assert _snapshot(out) == before


@pytest.mark.slow
def test_run_folder_and_report_folder_are_not_interchangeable(tmp_path, earlier_run, capsys):
    report = tmp_path / "report"
    assert main(["compare", str(earlier_run), "--out", str(report)]) == 0
    assert read_marker(report)["kind"] == "report"
    before = _snapshot(report)
    capsys.readouterr()
    assert main(["run", _small(tmp_path), "--days", "2", "--out", str(report), "--no-progress"]) == 2
    assert "comparison report folder" in _one_error_line(capsys.readouterr().err)
    assert _snapshot(report) == before
    assert main(["compare", str(earlier_run), "--out", str(report)]) == 0    # a report replaces a report


@pytest.mark.slow
def test_report_removes_only_the_charts_it_writes(tmp_path, earlier_run):
    from sim.outputs.report import build_report

    out = tmp_path / "report"
    (out / "report_files").mkdir(parents=True)
    (out / "report_files" / "my_chart.png").write_bytes(b"mine")
    (out / "report_files" / "daily.png").write_bytes(b"old chart")
    build_report([earlier_run], out)
    assert (out / "report_files" / "my_chart.png").read_bytes() == b"mine"
    assert (out / "report_files" / "daily.png").read_bytes() != b"old chart"


# -- failures keep the earlier folder and leave no partial folder ---------------------------

def test_bad_input_found_while_running_keeps_the_earlier_folder(tmp_path, monkeypatch, capsys):
    out = tmp_path / "run"
    small = _small(tmp_path)
    assert main(["run", small, "--days", "2", "--out", str(out), "--no-progress"]) == 0
    before = _snapshot(out)

    def bad_county(config):
        raise GeographyError("facilities.csv: row 3: expected a longitude, got 'x'")
    monkeypatch.setattr("sim.runner.RuralLogisticsModel", bad_county)
    capsys.readouterr()
    assert main(["run", small, "--days", "3", "--out", str(out), "--no-progress"]) == 2
    assert "facilities.csv" in _one_error_line(capsys.readouterr().err)
    assert _snapshot(out) == before and _leftovers(tmp_path) == []


def test_unwritable_parent_is_refused_before_simulating(tmp_path, monkeypatch, capsys):
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        (parent / "probe").touch()
        chmod_stops_writes = False                    # root: chmod does not stop writes
        (parent / "probe").unlink()
    except PermissionError:
        chmod_stops_writes = True
    if not chmod_stops_writes:
        def refuse(folder, name):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(folder / name))
        monkeypatch.setattr("sim.outputs.folders._make_partial_dir", refuse)
    built = []
    monkeypatch.setattr("sim.runner.RuralLogisticsModel", lambda config: built.append(config))
    capsys.readouterr()
    try:
        code = main(["run", _small(tmp_path), "--days", "2", "--out", str(parent / "run"), "--no-progress"])
    finally:
        parent.chmod(0o755)
    assert code == 2
    line = _one_error_line(capsys.readouterr().err)
    assert str(parent / "run") in line and os.strerror(errno.EACCES) in line
    assert built == []                                # refused before the model was built
    assert list(parent.iterdir()) == []


def test_write_failure_after_simulating_keeps_the_earlier_folder(tmp_path, monkeypatch, capsys):
    out = tmp_path / "run"
    small = _small(tmp_path)
    assert main(["run", small, "--days", "2", "--out", str(out), "--no-progress"]) == 0
    before = _snapshot(out)

    def disk_full(folder, *args, **kwargs):
        (folder / "daily_kpis.csv").write_text("half")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr("sim.runner.write_run_files", disk_full)
    capsys.readouterr()
    assert main(["run", small, "--days", "3", "--out", str(out), "--no-progress"]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert str(out) in line and os.strerror(errno.ENOSPC) in line
    assert _snapshot(out) == before
    assert _leftovers(tmp_path) == []


def test_ctrl_c_is_one_line_exit_130_and_removes_the_partial_folder(tmp_path, monkeypatch, capsys):
    def interrupted(config):
        assert len(_leftovers(tmp_path)) == 1        # the partial folder exists while simulating
        raise KeyboardInterrupt
    monkeypatch.setattr("sim.runner.RuralLogisticsModel", interrupted)
    capsys.readouterr()
    assert main(["run", _small(tmp_path), "--days", "2", "--out", str(tmp_path / "run"), "--no-progress"]) == 130
    assert "interrupted" in _one_error_line(capsys.readouterr().err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.toml"]


def test_stale_partial_folders_of_ours_are_removed_and_others_left_alone(tmp_path):
    dead, alive = _reaped_pid(), os.getpid()
    stale = tmp_path / f".run.partial-{dead}-00c0ffee"
    users = tmp_path / f".run.partial-{dead}-0badf00d"
    running = tmp_path / f".run.partial-{alive}-0000beef"
    for folder in (stale, users, running):
        folder.mkdir()
        (folder / "daily_kpis.csv").write_text("x")
    write_marker(stale, "run", partial=True, pid=dead, target="run")
    write_marker(running, "run", partial=True, pid=alive, target="run")
    assert main(["run", _small(tmp_path), "--days", "2", "--out", str(tmp_path / "run"), "--no-progress"]) == 0
    assert not stale.exists()
    assert _snapshot(users) == {"daily_kpis.csv": b"x"}          # no marker: not ours
    assert running.is_dir()                                        # its process still runs


# -- compare and argparse errors ------------------------------------------------------------

@pytest.mark.parametrize("content", [b"{ not json", b"[1, 2, 3]", b"\xff\xfe\x00garbage", b""])
def test_compare_with_a_corrupt_summary_is_one_line_exit_2(content, tmp_path, earlier_run, capsys):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "summary.json").write_bytes(content)
    capsys.readouterr()
    assert main(["compare", str(earlier_run), str(broken)]) == 2
    assert str(broken / "summary.json") in _one_error_line(capsys.readouterr().err)


@pytest.mark.parametrize("args", [[], ["run", "--days", "x"], ["compare"], ["run", "--bogus"], ["fly"]])
def test_usage_errors_are_one_line_exit_2(args):
    proc = _run_cli(*args)
    assert proc.returncode == 2
    assert "python -m sim" in _one_error_line(proc.stderr) and proc.stdout == ""


# -- kill -9 --------------------------------------------------------------------------------

def _wait_for(predicate, proc: subprocess.Popen):
    deadline = time.monotonic() + HANG_GUARD_S
    while not (found := predicate()):
        assert proc.poll() is None, f"process ended early: {proc.communicate()}"
        assert time.monotonic() < deadline, "hang guard"
        time.sleep(0.02)
    return found


@pytest.mark.slow   # several processes: in CI's full run, not the quick one
def test_kill_9_of_run_leaves_only_a_partial_folder_that_the_next_run_removes(tmp_path):
    target = tmp_path / "target"
    proc = subprocess.Popen([sys.executable, "-m", "sim", "run", "--days", "365", "--out", str(target),
                             "--no-progress"], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        partial = _wait_for(lambda: list(tmp_path.glob(".target.partial-*")), proc)[0]
        time.sleep(0.3)                               # part-way into the simulation
        assert proc.poll() is None
    finally:
        proc.kill()
        proc.wait(timeout=HANG_GUARD_S)
    assert proc.returncode == -signal.SIGKILL
    assert sorted(p.name for p in tmp_path.iterdir()) == [partial.name]   # no folder under the target name
    assert read_marker(partial)["partial"] is True and read_marker(partial)["pid"] == proc.pid
    assert main(["run", _small(tmp_path), "--days", "2", "--out", str(target), "--no-progress"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.toml", "target"]
    assert (target / "summary.json").is_file()


def _children(pid: int) -> set[int]:
    kids = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids.update(int(c) for c in (task / "children").read_text().split())
    return kids


@pytest.mark.slow                                   # three scenarios, a dead worker, a second pool, a report
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc to find the workers")
def test_kill_9_of_a_run_all_worker_the_others_finish_and_the_report_is_written(tmp_path):
    scen = tmp_path / "scen"
    scen.mkdir()
    for name in ("a", "b", "c"):
        _small(scen, name, f"{name}.toml")
    out = tmp_path / "all"
    proc = subprocess.Popen([sys.executable, "-m", "sim", "run-all", str(scen), "--days", "8", "--jobs", "2",
                             "--out", str(out)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # a partial folder with its marker written (it is made a moment before the marker)
        partial = _wait_for(lambda: out.is_dir() and [p for p in out.glob(".*.partial-*") if read_marker(p)],
                            proc)[0]
        worker = read_marker(partial)["pid"]
        assert worker in _children(proc.pid)          # a worker of this run-all, running that scenario
        os.kill(worker, signal.SIGKILL)
        stdout, stderr = proc.communicate(timeout=HANG_GUARD_S)
    finally:
        proc.kill()
    assert proc.returncode == 0, stderr
    assert "worker process died" in stdout and "Traceback" not in stderr
    for name in ("a", "b", "c"):
        assert json.loads((out / name / "summary.json").read_text())["days"] == 8
    assert len(pd.read_csv(out / "report" / "kpis.csv")) == 3
    assert (out / "report" / "report.html").stat().st_size > 10_000
    assert _leftovers(out) == []


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc to find the workers")
@pytest.mark.slow   # several processes: in CI's full run, not the quick one
def test_ctrl_c_of_run_all_stops_the_workers_and_removes_their_partial_folders(tmp_path):
    scen = tmp_path / "scen"
    scen.mkdir()
    for name in ("a", "b"):
        _small(scen, name, f"{name}.toml")
    out = tmp_path / "all"
    proc = subprocess.Popen([sys.executable, "-m", "sim", "run-all", str(scen), "--days", "60", "--jobs", "2",
                             "--out", str(out)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        _wait_for(lambda: out.is_dir() and list(out.glob(".*.partial-*")), proc)
        workers = {pid for pid in _children(proc.pid) if "spawn_main" in _cmdline(pid)}
        assert len(workers) == 2
        os.killpg(proc.pid, signal.SIGINT)             # what Ctrl-C in a terminal does
        stdout, stderr = proc.communicate(timeout=HANG_GUARD_S)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert "interrupted" in _one_error_line(stderr)
    assert sorted(p.name for p in out.iterdir()) == [MARKER]
    assert not any(_running(pid) for pid in workers)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").replace("\0", " ")
    except OSError:
        return ""


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_worker_stopped_while_removing_its_partial_folder_still_removes_it(tmp_path):
    # A pool sends SIGTERM twice: the second can interrupt the removal the first started,
    # after the marker is gone. The folder is still this process's and must not stay behind.
    from sim.outputs.folders import discard_active

    stage = Staging(tmp_path / "a", "run")
    (stage.path / "daily.csv").write_text("day\n1\n")
    (stage.path / MARKER).unlink()                   # the interrupted removal got this far
    discard_active()
    assert list(tmp_path.iterdir()) == []


def test_a_worker_stopped_after_committing_keeps_the_committed_folder(tmp_path):
    from sim.outputs.folders import discard_active

    with Staging(tmp_path / "a", "run") as stage:
        stage.write(lambda d: (d / "summary.json").write_text("{}"))
        stage.commit()
    discard_active()
    assert (tmp_path / "a" / "summary.json").is_file()


def _task(name: str, folder: str, die: bool) -> tuple[str, float, str]:
    """A stand-in scenario for the pool: holds a partial folder; ``die`` kills its own worker."""
    with Staging(Path(folder) / name, "run") as stage:
        if die:
            time.sleep(0.3)
            os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(2.5)                               # still running when the other worker dies
        stage.write(lambda d: (d / "summary.json").write_text("{}"))
        stage.commit()
    return "ok", 2.5, ""


@pytest.mark.slow                                   # three process pools
def test_a_scenario_whose_worker_dies_twice_fails_and_the_others_run(tmp_path):
    from sim.cli_run_all import WORKER_DIED, run_in_pool

    names = ["a", "b", "c", "d"]
    tasks = [(n, str(tmp_path), n == "b") for n in names]
    results, notes = {}, []
    run_in_pool(_task, tasks, names, 2, tmp_path, lambda i, r: results.__setitem__(names[i], r), notes.append)
    assert results["b"][0] == "failed" and WORKER_DIED in results["b"][2]
    assert {n: results[n][0] for n in "acd"} == {"a": "ok", "c": "ok", "d": "ok"}   # a ran beside b twice
    assert sum("died" in n for n in notes) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "c", "d"]
