"""The notebooks in experiments/notebooks run top to bottom (nbclient) and are stored without outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from conftest import shared_or_skip
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
# validation_figures.ipynb reads a validation folder: tests/test_validation.py runs it on the quick
# validation's folder (run here without one, it would run a validation of its own into results/)
NOTEBOOKS = sorted(p for p in (REPO / "experiments" / "notebooks").glob("*.ipynb") if p.stem != "validation_figures")
# What each notebook leaves in its output folder (RURAL_SIM_NOTEBOOK_OUT), besides its own outputs.
WRITES = {
    "03_your_own_county.ipynb": ["own_county/my_county.csv", "own_county/my_roads.osm", "own_county/run/summary.json",
                                 "own_county/run/plots/map.png"],
    "04_sobol_sweep.ipynb": ["sobol_sweep/results/results.parquet", "sobol_sweep/results/analysis/sensitivity.csv",
                             "sobol_sweep/results/analysis/index.html"],
}


def test_at_least_four_notebooks_stored_without_outputs():
    assert len(NOTEBOOKS) >= 4
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert code and nb.cells[0].cell_type == "markdown", path.name
        for cell in code:
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: stored with outputs"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path, tmp_path, monkeypatch):
    if "own_county" in path.stem:
        shared_or_skip("chongyang", "chongyang_421223_adcode.csv")
    monkeypatch.setenv("RURAL_SIM_NOTEBOOK_OUT", str(tmp_path))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs), f"{path.name} drew no chart"
    for name in WRITES.get(path.name, []):
        assert (tmp_path / name).is_file() and (tmp_path / name).stat().st_size > 0, name
