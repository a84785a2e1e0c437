"""Every malformed input ends in one clean line and exit code 2 — no traceback, nothing
written where it should not be — and the inputs that are fine run (tests/malformed_cases.py)."""

import pytest
from malformed_cases import CASES, materialise

from sim.cli import main


def _call(argv):
    try:
        return main(argv)
    except SystemExit as exit_:            # argparse exits on its own
        return exit_.code


@pytest.mark.parametrize("case", CASES, ids=[f"{c.group}: {c.name}" for c in CASES])
def test_malformed_input(case, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    argv = materialise(case, tmp_path)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    rc = _call(argv)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if case.expect == "ran":
        assert rc == 0, err
        return
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith("note:")]
    assert rc == 2, err
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    for word in case.words:
        assert word in lines[0], f"{word!r} not in {lines[0]!r}"
    # nothing the user had was changed or removed
    for path, content in before.items():
        assert path.is_file() and path.read_bytes() == content, path
