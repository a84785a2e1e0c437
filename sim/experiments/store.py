"""A sweep's results folder: one file per finished run, written atomically, and the table.

    DIR/.rural-sim.json       marker: a sweep folder of this tool (see sim.outputs.folders)
    DIR/sweep.json            the sweep: its file, fingerprint, run list, SALib problem and sample
    DIR/runs/NNNNNN.json      one finished run: seed, KPIs, wall seconds, error (written as it ends)
    DIR/daily/NNNNNN.parquet  its daily KPI table (with [sweep] daily = true)
    DIR/results.parquet       every finished run, one row each, assembled from runs/ (and results.csv)

Every file is written to a hidden temporary name in its folder and renamed into place, so a
killed driver leaves no half-written file under a real name; its leftover temporary files
are removed by the next driver. A run counts as finished when its ``runs/`` file exists, so
running the same sweep again skips it. The fingerprint (a hash of the run list and the
resolved scenario) keeps a folder to one sweep: another sweep, or this one after its file or
scenario changed, is refused rather than mixed in. A lock (``flock``, released by the
kernel when the driver dies) keeps two drivers out of one folder.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pandas as pd

from sim.experiments.design import Run
from sim.experiments.sweep_file import Sweep
from sim.outputs.folders import OutputError, prepare_container

SWEEP_JSON = "sweep.json"
RESULTS = "results.parquet"
RESULTS_CSV = "results.csv"
LOCK = ".sweep.lock"
_TMP = re.compile(r"^\..+\.tmp-\d+$")
_RUN_FILE = re.compile(r"^(\d{6,})\.json$")


def write_atomic(path: Path, write) -> None:
    """``write(tmp)`` to a hidden temporary file beside ``path``, then rename it to ``path``."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _write_text(path: Path, text: str) -> None:
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def fingerprint(sweep: Sweep, runs: list[Run]) -> str:
    """A hash of everything that decides the results: the resolved scenario, the run list, the KPIs."""
    data = {"scenario": sweep.base.model_dump(mode="json"), "runs": [asdict(r) for r in runs],
            "counties": sweep.counties, "kpis": list(sweep.kpis), "daily": sweep.daily}
    if sweep.probe is not None:
        data["probe"] = f"{sweep.probe.__module__}.{sweep.probe.__qualname__}"
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


class SweepStore:
    """The results folder of one sweep (see the module docstring)."""

    def __init__(self, folder: Path, sweep: Sweep, runs: list[Run], sample: np.ndarray | None,
                 params: list[str]):
        self.folder = Path(folder)
        self.runs_dir = self.folder / "runs"
        self.daily_dir = self.folder / "daily"
        self.sweep, self.runs, self.params = sweep, runs, params
        self.print = fingerprint(sweep, runs)
        prepare_container(self.folder, "sweep")        # refuses a file, or a folder not ours or of another kind
        self._lock = self._take_lock()
        self._check_or_write_header(sample)
        for d in (self.runs_dir, self.daily_dir) if sweep.daily else (self.runs_dir,):
            d.mkdir(exist_ok=True)
        self.clean_temporary()

    def _take_lock(self):
        try:
            handle = open(self.folder / LOCK, "a+")
        except OSError as err:
            raise OutputError(f"{self.folder}: cannot write here ({err.strerror or err}); choose another --out") \
                from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise OutputError(f"{self.folder}: another sweep is writing into this folder now; wait for it "
                              f"or choose another --out") from None
        return handle

    def close(self) -> None:
        self._lock.close()

    def _check_or_write_header(self, sample: np.ndarray | None) -> None:
        path = self.folder / SWEEP_JSON
        if path.exists():
            try:
                old = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError):
                old = {}
            if old.get("fingerprint") != self.print:
                self.close()
                raise OutputError(f"{self.folder}: holds the results of another sweep (or of {old.get('file', '?')} "
                                  f"before its sweep file or scenario changed); choose another --out (nothing "
                                  f"was changed)")
            return
        s = self.sweep
        header = {
            "fingerprint": self.print, "file": str(s.path), "name": s.name, "replications": s.replications,
            "seed": s.seed, "common_seeds": s.common_seeds, "kpis": list(s.kpis), "parameters": self.params,
            "factorial": list(s.parameters), "counties": list(s.counties),
            "sampler": None if s.method is None else {
                "method": s.method, "n": s.n, "levels": s.levels,
                "problem": {"num_vars": len(s.ranges), "names": [r.key for r in s.ranges],
                            "bounds": [[r.low, r.high] for r in s.ranges]},
                "integer": [r.integer for r in s.ranges], "sample": sample.tolist()},
            "runs": [asdict(r) for r in self.runs],
        }
        _write_text(path, json.dumps(header, indent=1, ensure_ascii=False) + "\n")

    def clean_temporary(self) -> list[Path]:
        """Remove temporary files a killed driver left (our hidden ``.NAME.tmp-PID`` names only)."""
        removed = []
        for d in (self.folder, self.runs_dir, self.daily_dir):
            if not d.is_dir():
                continue
            for p in d.iterdir():
                if _TMP.match(p.name) and p.is_file() and not p.is_symlink():
                    p.unlink(missing_ok=True)
                    removed.append(p)
        return removed

    # -- runs --------------------------------------------------------------------------------

    def _run_path(self, index: int) -> Path:
        return self.runs_dir / f"{index:06d}.json"

    def finished(self) -> dict[int, dict]:
        """The records of runs finished (ok or failed) so far, by index."""
        out = {}
        for p in self.runs_dir.iterdir():
            m = _RUN_FILE.match(p.name)
            if not m or int(m[1]) >= len(self.runs):
                continue
            try:
                record = json.loads(p.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError):
                continue                     # unreadable: the run is done again
            out[int(m[1])] = record
        return out

    def write_run(self, run: Run, record: dict) -> None:
        """Record a finished run (its daily table first: the run file is what marks it finished)."""
        daily = record.pop("daily", None)
        if daily is not None and self.sweep.daily:
            write_atomic(self.daily_dir / f"{run.index:06d}.parquet", lambda tmp: daily.to_parquet(tmp, index=False))
        record = {"index": run.index, "county": run.county, "params": run.params, "replication": run.replication,
                  "sample": run.sample, "point": run.point, **record, "seed": run.seed}
        _write_text(self._run_path(run.index), json.dumps(record, ensure_ascii=False) + "\n")

    # -- the table ---------------------------------------------------------------------------

    def table(self) -> pd.DataFrame:
        """One row per finished run, in run order (see :func:`results_columns`)."""
        records = self.finished()
        rows = []
        for i in sorted(records):
            r = records[i]
            row = {"run": i}
            if self.sweep.counties:
                row["county"] = r.get("county")
            row.update({p: r.get("params", {}).get(p) for p in self.params})
            row.update(replication=r.get("replication"), seed=r.get("seed"), point=r.get("point"))
            if self.sweep.method is not None:
                row["sample"] = r.get("sample")
            row.update({k: r.get("kpis", {}).get(k) for k in self.sweep.kpis if k not in row})   # seed: the run's
            row.update(wall_s=r.get("wall_s"), cpu_s=r.get("cpu_s"), error=r.get("error", ""), worker=r.get("worker"),
                       worker_rss_mb=r.get("worker_rss_mb"), worker_peak_rss_mb=r.get("worker_peak_rss_mb"))
            rows.append(row)
        return pd.DataFrame(rows)

    def write_table(self) -> pd.DataFrame:
        """Assemble ``results.parquet`` (and ``results.csv``) from the run files; returns the table."""
        table = self.table()
        write_atomic(self.folder / RESULTS, lambda tmp: table.to_parquet(tmp, index=False))
        write_atomic(self.folder / RESULTS_CSV, lambda tmp: table.to_csv(tmp, index=False))
        return table


def read_header(folder: Path) -> dict:
    """``sweep.json`` of a sweep folder; OutputError (one line) when it is not one."""
    path = Path(folder) / SWEEP_JSON
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise OutputError(f"{folder}: not a sweep results folder (no {SWEEP_JSON}); expected the --out "
                          f"folder of 'python -m sim sweep'") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise OutputError(f"{path}: cannot be read ({err}); rerun the sweep into a new folder") from None


def read_results(folder: Path) -> pd.DataFrame:
    """``results.parquet`` of a sweep folder; OutputError (one line) when absent or unreadable."""
    path = Path(folder) / RESULTS
    try:
        return pd.read_parquet(path)
    except FileNotFoundError:
        raise OutputError(f"{folder}: no {RESULTS} yet; run the sweep to its end first (the same "
                          f"'python -m sim sweep' command resumes it)") from None
    except Exception as err:  # noqa: BLE001 -- pyarrow raises several types for a damaged file
        raise OutputError(f"{path}: cannot be read ({type(err).__name__}); run the sweep again to "
                          f"rebuild it") from None
