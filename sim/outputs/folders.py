"""Where the tool may write, and how: safe folder names, marker files, partial folders.

Rules (the README's "Where results go (--out)" says the same to users):

* A scenario's name becomes a folder name only through :func:`slug`, so a run folder
  always lands inside the results folder, whatever the name holds.
* Every folder the tool writes carries a marker file, :data:`MARKER`, saying which kind
  of folder it is (:data:`KINDS`) and, for run and report folders, which files it wrote.
* A target (``--out``) may be absent, an empty folder, or a folder of ours of the same
  kind that holds only files we wrote (then it is replaced). Anything else, a file or
  somebody else's folder, is refused with :class:`OutputError`; nothing is deleted.
* Files are written into a hidden partial folder beside the target,
  ``.NAME.partial-PID-XXXX`` (marker inside), made before any work starts, so an
  unwritable place is refused at once. At the end the partial folder is renamed into
  place; an earlier folder of ours is first renamed aside (``.NAME.replaced-PID-XXXX``)
  and removed after the swap, or put back if the swap fails.
* Partial and replaced folders left by a killed process (marker present, its process
  gone) are removed by the next run into the same parent folder; folders without our
  marker are never touched.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import unicodedata
from collections.abc import Callable
from pathlib import Path

MARKER = ".rural-sim.json"
TOOL = "rural-sim"
KINDS = {"run": "a run folder", "run-all": "a run-all results folder", "report": "a comparison report folder",
         "sweep": "a sweep results folder", "analysis": "a sweep analysis folder", "search": "a policy search folder",
         "validation": "a validation folder"}
# Folders that hold other folders and files written one by one (run-all's, a sweep's, which
# is resumed): reused as they are, never replaced as a whole.
CONTAINER_KINDS = ("run-all", "sweep")
SLUG_MAX_CHARS = 60
SLUG_FALLBACK = "scenario"
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<what>partial|replaced)-(?P<pid>\d+)-[0-9a-f]+$")
_ACTIVE: set[Path] = set()            # this process's partial folders (removed on SIGTERM, see discard_active)


class OutputError(Exception):
    """A results folder that cannot be used, read or written; the message is one line."""


def slug(name: str, limit: int = SLUG_MAX_CHARS) -> str:
    """A folder name made from ``name``: letters (any script), digits, ``-``, ``_``, ``.``.

    Every other character (path separators, spaces, control characters…) becomes ``_``;
    leading dots, dashes and underscores are dropped (no hidden folder, no ``..``, no
    option-like name), the result is cut to ``limit`` characters, and an empty result
    becomes ``"scenario"``.
    """
    text = unicodedata.normalize("NFC", str(name))
    kept = "".join(c if (c.isalnum() or c in "-_.") else "_" for c in text)
    kept = re.sub(r"_+", "_", kept).lstrip("._-")[:limit].rstrip("._-")
    return kept or SLUG_FALLBACK


# -- markers --------------------------------------------------------------------------------

def read_marker(folder: Path) -> dict | None:
    """The marker of ``folder`` if it is one of ours (a readable marker naming this tool), else None."""
    path = Path(folder) / MARKER
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) and data.get("tool") == TOOL else None


def write_marker(folder: Path, kind: str, **fields) -> None:
    """Write (or replace, atomically) the marker of ``folder``."""
    data = {"tool": TOOL, "written_by": "python -m sim", "kind": kind, **fields}
    tmp = Path(folder) / f"{MARKER}.tmp"
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, Path(folder) / MARKER)


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and p.name != MARKER)


def _foreign(folder: Path, listed: list[str]) -> list[str]:
    """What ``folder`` holds beyond the files its marker lists (and their folders)."""
    listed_set = set(listed)
    dirs = {str(Path(f).parent.as_posix()) for f in listed}
    out = []
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if rel == MARKER or (rel in listed_set and p.is_file() and not p.is_symlink()):
            continue
        if p.is_dir() and not p.is_symlink() and any(d == rel or d.startswith(rel + "/") for d in dirs):
            continue
        out.append(rel)
    return out


# -- targets --------------------------------------------------------------------------------

def check_target(target: Path, kind: str) -> None:
    """Raise OutputError unless the tool may write ``target`` (a folder of ``kind``).

    Allowed: nothing there; an empty folder; a folder of ours of this kind (run and report
    folders: holding only the files the tool wrote, since they get replaced).
    """
    target = Path(target)
    what = KINDS[kind]
    if target.is_symlink() and kind not in CONTAINER_KINDS:
        raise OutputError(f"{target}: is a symbolic link; give the folder itself as --out")
    if not target.exists():
        return
    if not target.is_dir():
        raise OutputError(f"{target}: is a file, not a folder; choose another --out (the file was left as it is)")
    try:
        empty = not any(target.iterdir())
    except OSError as err:
        raise OutputError(f"{target}: cannot read this folder ({err.strerror or err})") from None
    if empty:
        return
    marker = read_marker(target)
    if marker is None or marker.get("partial"):
        raise OutputError(f"{target}: exists and was not written by this tool (no {MARKER}); "
                          f"choose another --out, an empty folder or a new name (nothing was changed)")
    if marker.get("kind") != kind:
        raise OutputError(f"{target}: is {KINDS.get(marker.get('kind'), 'another kind of folder')} of this tool, "
                          f"not {what}; choose another --out (nothing was changed)")
    if kind not in CONTAINER_KINDS:
        extra = _foreign(target, list(marker.get("files", [])))
        if extra:
            raise OutputError(f"{target}: holds files this tool did not write ({', '.join(extra[:3])}"
                              f"{', …' if len(extra) > 3 else ''}); move them or choose another --out "
                              f"(nothing was changed)")


def prepare_container(folder: Path, kind: str = "run-all") -> Path:
    """Create (or reuse) a folder of ours that holds other folders (run-all's results folder, a sweep's)."""
    folder = Path(folder)
    check_target(folder, kind)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if read_marker(folder) is None:
            write_marker(folder, kind)
    except OSError as err:
        raise OutputError(f"{folder}: cannot write here ({err.strerror or err}); choose another --out") from None
    return folder


# -- stale leftovers ------------------------------------------------------------------------

def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:                                  # a killed child its parent has not reaped yet is a zombie
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def clean_stale(parent: Path) -> list[tuple[str, Path]]:
    """Remove partial/replaced folders of ours in ``parent`` whose process is gone.

    Only hidden folders named ``.NAME.partial-PID-XXXX`` / ``.NAME.replaced-PID-XXXX``
    that hold our marker, written on this machine by a process that no longer runs.
    Returns (NAME, path) of each folder removed. Never raises.
    """
    removed = []
    try:
        entries = list(Path(parent).iterdir())
    except OSError:
        return removed
    host = socket.gethostname()
    for p in entries:
        m = _LEFTOVER.match(p.name)
        if not m or p.is_symlink() or not p.is_dir():
            continue
        marker = read_marker(p)
        if marker is None or marker.get("host", host) != host or _alive(int(m["pid"])):
            continue
        shutil.rmtree(p, ignore_errors=True)
        if not p.exists():
            removed.append((m["name"], p))
    return removed


def discard_active() -> None:
    """Remove this process's partial folders (for a SIGTERM handler: the process is ending).

    A folder of ours whose marker is gone is removed too: it is registered and marked with
    signals held, so a missing marker means an earlier call was removing it when it was
    interrupted (a process pool sends its workers SIGTERM twice in a row). Only a folder
    committed meanwhile (marker no longer partial) is left for its owner.
    """
    for path in list(_ACTIVE):
        marker = read_marker(path)
        if marker is None or marker.get("partial"):
            shutil.rmtree(path, ignore_errors=True)
        _ACTIVE.discard(path)


# -- staging --------------------------------------------------------------------------------

_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _make_partial_dir(parent: Path, name: str) -> Path:
    path = parent / f".{name}.partial-{os.getpid()}-{secrets.token_hex(4)}"
    path.mkdir()
    return path


class Staging:
    """A partial folder beside ``target``; :meth:`commit` renames it into place.

    Made at once (so an unwritable place is refused before any work), after removing
    stale leftovers of ours in the parent folder. Use as a context manager: leaving the
    block without :meth:`commit` (an error, Ctrl-C) removes the partial folder.
    """

    def __init__(self, target: Path, kind: str):
        self.target, self.kind = Path(target), kind
        self.committed = False
        check_target(self.target, kind)
        parent = self.target.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            clean_stale(parent)
        except OSError as err:
            raise OutputError(f"{self.target}: cannot write here ({err.strerror or err}); "
                              f"choose another --out (nothing was run)") from None
        # Ctrl-C and SIGTERM wait while the folder is made, registered and marked: a signal
        # in between left a folder that neither discard_active (no marker yet) nor the
        # context manager (not entered yet) removed. One that arrives meanwhile is handled
        # when they are let through again, and then removes the folder like any other.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
        self.path = None
        try:
            try:
                self.path = _make_partial_dir(parent, self.target.name)
                _ACTIVE.add(self.path)
                write_marker(self.path, kind, partial=True, pid=os.getpid(), host=socket.gethostname(),
                             target=self.target.name)
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
        except OSError as err:
            if self.path is not None:
                self.discard()
            raise OutputError(f"{self.target}: cannot write here ({err.strerror or err}); "
                              f"choose another --out (nothing was run)") from None
        except BaseException:
            if self.path is not None:
                self.discard()
            raise

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc) -> None:
        if not self.committed:
            self.discard()

    def _failed(self, err: OSError) -> OutputError:
        self.discard()
        return OutputError(f"{self.target}: could not write the results ({err.strerror or err}); "
                           f"nothing was replaced")

    def write(self, fn: Callable[..., object], *args, **kwargs):
        """``fn(self.path, *args, **kwargs)``; an OSError (disk full, permissions) becomes OutputError."""
        try:
            return fn(self.path, *args, **kwargs)
        except OSError as err:
            raise self._failed(err) from None

    def commit(self) -> Path:
        """Put the partial folder in place of the target (atomically replacing an earlier one of ours)."""
        target = self.target
        try:
            check_target(target, self.kind)
        except OutputError:
            self.discard()
            raise
        aside = None
        try:
            write_marker(self.path, self.kind, files=_files(self.path))
            if target.exists() and any(target.iterdir()):
                aside = self.path.with_name(self.path.name.replace(".partial-", ".replaced-", 1))
                target.rename(aside)
            try:
                self.path.rename(target)          # also replaces an empty folder
            except OSError:
                if aside is not None:
                    aside.rename(target)
                raise
        except OSError as err:
            raise self._failed(err) from None
        self.committed = True
        _ACTIVE.discard(self.path)
        if aside is not None:
            shutil.rmtree(aside, ignore_errors=True)
        return target

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        _ACTIVE.discard(self.path)
