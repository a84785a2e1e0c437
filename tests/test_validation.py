"""``python -m sim validate``: effects computed from run summaries, the last-leg probe, the
screening's factors, the command's output and its refusals."""

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.config import apply_overrides, load_config
from sim.experiments.task import run_one
from sim.kpis import registry
from sim.outputs.folders import MARKER
from sim.validation.effects import EFFECTS
from sim.validation.measures import Band, Change, Contrast, Level, summarise
from sim.validation.probe import LAST_LEG_KEYS, last_leg_probe
from sim.validation.screening import FACTORS
from sim.validation.table import effect_values, validation_table
from sim.validation.variants import COUNTIES, VARIANTS, operating_overrides, variant_config

REPO = Path(__file__).resolve().parents[1]
TINY = {"geography.n_townships": 2, "geography.villages_per_township": 4, "scenario.days": 8}


# -- effects from hand-made summaries -----------------------------------------------------

def _tables():
    """Two variants, three paired seeds (index: replication)."""
    base = pd.DataFrame({"cost": [2.0, 4.0, 5.0], "lots": [10, 20, 30], "parcels": [0, 0, 10]})
    other = pd.DataFrame({"cost": [1.0, 3.0, 6.0], "lots": [12, 22, 30], "parcels": [1, 1, 13]})
    return {"a": base, "b": other}


def test_a_level_is_the_variants_kpis_added_up_and_scaled():
    values = Level("b", ("lots", "parcels"), scale=0.5).values(_tables())
    assert values.tolist() == [6.5, 11.5, 21.5]


def test_a_change_pairs_runs_seed_by_seed_relative_or_absolute():
    t = _tables()
    assert Change("a", "b", ("cost",), scale=100.0).values(t).tolist() == [-50.0, -25.0, 20.0]
    assert Change("a", "b", ("cost",), relative=False, scale=60.0).values(t).tolist() == [-60.0, -60.0, 60.0]


def test_a_relative_change_from_zero_is_missing_not_infinite():
    t = {"a": pd.DataFrame({"x": [0.0, 2.0]}), "b": pd.DataFrame({"x": [1.0, 3.0]})}
    values = Change("a", "b", ("x",)).values(t)
    assert math.isnan(values.iloc[0]) and values.iloc[1] == 0.5


def test_a_contrast_is_one_change_minus_the_other_on_the_same_seeds():
    t = {**_tables(), "c": pd.DataFrame({"cost": [1.0, 1.0, 1.0]}), "d": pd.DataFrame({"cost": [2.0, 2.0, 2.0]})}
    c = Contrast(Change("c", "d", ("cost",)), Change("a", "b", ("cost",)))
    assert c.values(t).tolist() == pytest.approx([1.5, 1.25, 0.8])
    assert c.variants == ("c", "d", "a", "b")


def test_bands_hold_their_ends_open_ends_and_single_figures():
    assert Band(-20.0, -5.0, "").contains(-20.0) and Band(-20.0, -5.0, "").contains(-5.0)
    assert not Band(-20.0, -5.0, "").contains(-4.9)
    assert Band(None, 0.0, "").contains(-1e9) and not Band(None, 0.0, "").contains(0.1)
    assert not Band(0.0, 1.0, "").contains(float("nan"))
    around = Band.around(-9.4, "")
    assert (around.low, around.high) == pytest.approx((-14.1, -4.7))


def test_the_interval_is_the_5th_to_95th_percentile_of_finite_values():
    s = summarise(pd.Series([np.nan, *range(1, 22)]))
    assert (s.mean, s.low, s.high, s.n) == (11.0, 2.0, 20.0, 21)
    assert summarise(pd.Series([np.nan])).n == 0


def _runs() -> pd.DataFrame:
    """Hand-made summaries of one county: separate vs joint on two seeds."""
    rows = []
    for rep, seed in enumerate((11, 12)):
        rows.append({"county": "synthetic", "variant": "separate", "replication": rep, "seed": seed, "error": "",
                     "cost_per_parcel_down_yuan": 4.0, "lead_time_order_mean_h": 60.0 + 12 * rep})
        rows.append({"county": "synthetic", "variant": "joint", "replication": rep, "seed": seed, "error": "",
                     "cost_per_parcel_down_yuan": 3.6 - 0.4 * rep, "lead_time_order_mean_h": 48.0})
    return pd.DataFrame(rows)


def test_the_validation_table_says_in_band_and_names_the_mechanism_of_a_miss():
    effects = tuple(e for e in EFFECTS if e.key in ("joint_cost_change", "joint_lead_time_change",
                                                     "baseline_lead_time"))
    values = effect_values(_runs(), ["synthetic"], effects)
    table = validation_table(values, {"synthetic": "Synthetic"}, {}, _runs(), effects).set_index("effect")
    cost = table.loc["joint_cost_change"]            # −10 % and −20 %: mean −15 %, in −20…−5 %
    assert cost["model_mean"] == pytest.approx(-15.0) and cost["in_band"] == "yes" and cost["mechanism"] == ""
    assert (cost["interval_low"], cost["interval_high"]) == pytest.approx((-19.5, -10.5))
    lead = table.loc["joint_lead_time_change"]       # −12 h and −24 h: −0.75 day
    assert lead["model_mean"] == pytest.approx(-0.75) and lead["in_band"] == "yes"
    base = table.loc["baseline_lead_time"]           # 60 h and 72 h: 2.75 days
    assert base["model_mean"] == pytest.approx(2.75) and base["in_band"] == "yes"
    runs = _runs()
    runs.loc[runs["variant"] == "joint", "cost_per_parcel_down_yuan"] = 1.0     # −75 %: a miss
    values = effect_values(runs, ["synthetic"], effects)
    miss = validation_table(values, {"synthetic": "Synthetic"}, {}, runs, effects).set_index("effect")
    assert miss.loc["joint_cost_change", "in_band"] == "no"
    assert miss.loc["joint_cost_change", "mechanism"] == effects[0].mechanism


def test_a_row_without_any_value_says_the_runs_raised():
    runs = _runs()
    runs.loc[runs["variant"] == "joint", ["cost_per_parcel_down_yuan", "error"]] = [np.nan, "ValueError: x"]
    effects = (EFFECTS[0],)
    table = validation_table(effect_values(runs, ["synthetic"], effects), {"synthetic": "S"}, {"synthetic": 2},
                             runs, effects)
    assert table.loc[0, "seeds"] == 0 and table.loc[0, "in_band"] == "no"
    assert "2 run(s) of this county raised" in table.loc[0, "mechanism"]


# -- the effect table, variants and factors are consistent with the model ------------------

def test_every_effect_reads_variants_that_exist_and_kpis_a_run_reports():
    known = {v.key for v in VARIANTS}
    kpis = {k.key for k in registry.SUMMARY} | set(LAST_LEG_KEYS)
    for e in EFFECTS:
        parts = [e.measure] if not isinstance(e.measure, Contrast) else [e.measure.first, e.measure.second]
        for m in [*parts, *e.parts]:
            assert set(m.variants) <= known, e.key
            assert set(m.kpis) <= kpis, e.key
        assert e.band.low is None or e.band.high is None or e.band.low < e.band.high, e.key
        assert e.source.startswith("figures.md §") and e.cite.startswith("figures.md §"), e.key
        assert e.mechanism and e.compares, e.key
    assert len({e.key for e in EFFECTS}) == len(EFFECTS)


def test_variants_lay_the_shipped_scenarios_operating_tables_over_each_county():
    bus = operating_overrides("lever_bus_integration.toml")
    assert bus["policies.bus.enabled"] is True and bus["operations.delivery_interval_days"] == 2
    assert not any(k.startswith(("geography.", "scenario.seed", "scenario.days")) for k in bus)
    config = variant_config(COUNTIES[0], next(v for v in VARIANTS if v.key == "cold_chain"), 9)
    assert config.policies.cold_chain.enabled and str(config.scenario.start_date) == "2025-08-01"
    assert config.scenario.days == 9 and config.geography.source == "synthetic"


def test_screening_factors_are_scenario_keys_at_their_defaults_within_their_ranges():
    base = load_config(None)
    for f in FACTORS:
        assert f.low <= f.default <= f.high, f.key
        current = apply_overrides(base, {f.key: f.default})
        assert current.model_dump() == base.model_dump(), f"{f.key}: default {f.default} is not the scenario's"
        apply_overrides(base, {f.key: f.low})
        apply_overrides(base, {f.key: f.high})
        assert f.why, f.key


# -- the last-leg probe ------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["separate", "joint"])
def test_the_probe_splits_the_parcels_cost_exactly_and_changes_nothing(mode):
    """County leg + last leg = the summary's cost per parcel down; the run is the same unobserved."""
    config = apply_overrides(load_config(None), {**TINY, "operations.mode": mode})
    kpis = ("cost_per_parcel_down_yuan", "parcels_delivered", "vehicle_km", *LAST_LEG_KEYS)
    observed = run_one(0, config, {}, 5, kpis, probe=last_leg_probe)
    plain = run_one(0, config, {}, 5, kpis[:3])
    assert observed["error"] == "" and plain["error"] == ""
    k = observed["kpis"]
    assert {x: k[x] for x in kpis[:3]} == plain["kpis"]
    assert k["last_leg_cost_per_parcel_yuan"] + k["county_leg_cost_per_parcel_yuan"] == \
        pytest.approx(k["cost_per_parcel_down_yuan"], rel=1e-9)
    parts = k["last_leg_station_yuan_per_parcel"] + k["last_leg_vehicles_yuan_per_parcel"] + \
        k["last_leg_services_yuan_per_parcel"]
    assert parts == pytest.approx(k["last_leg_cost_per_parcel_yuan"], rel=1e-12)
    assert 0 < k["last_leg_cost_per_parcel_yuan"] < k["cost_per_parcel_down_yuan"]


# -- the command ---------------------------------------------------------------------------

def test_an_out_that_is_a_file_or_a_users_folder_is_refused_in_one_line(tmp_path, capsys):
    afile = tmp_path / "notes.txt"
    afile.write_text("mine")
    assert main(["validate", "--quick", "--out", str(afile)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "is a file" in err and "\n" not in err
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "data.csv").write_text("x")
    assert main(["validate", "--quick", "--out", str(folder)]) == 2
    err = capsys.readouterr().err.strip()
    assert "not written by this tool" in err and "\n" not in err
    assert afile.read_text() == "mine" and sorted(p.name for p in folder.iterdir()) == ["data.csv"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]     # no partial folder left


def test_bad_workers_is_one_line_exit_2(capsys):
    assert main(["validate", "--quick", "--workers", "0", "--out", "/nonexistent/x"]) == 2
    assert "--workers" in capsys.readouterr().err


# -- slow: the quick validation end to end (CI) ----------------------------------------------

@pytest.fixture(scope="module")
def quick_folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("validation") / "quick"
    proc = subprocess.run([sys.executable, "-m", "sim", "validate", "--quick", "--out", str(out)], cwd=REPO,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


@pytest.mark.slow
def test_quick_validation_writes_the_table_and_report_with_a_model_value_in_every_row(quick_folder):
    table = pd.read_csv(quick_folder / "validation.csv", keep_default_na=False)
    counties = 2 if (REPO.parent / "shared" / "data" / "chongyang").is_dir() else 1
    assert len(table) == len(EFFECTS) * counties
    assert set(table["effect"]) == {e.key for e in EFFECTS}
    assert all(math.isfinite(float(v)) for v in table["model_mean"])
    assert set(table["in_band"]) <= {"yes", "no"}
    assert (table.loc[table["in_band"] == "no", "mechanism"] != "").all()
    for name in ("report.html", "report.md", "runs.csv", "effect_values.csv", "screening.csv",
                 "screening_points.csv", "settings.json", MARKER):
        assert (quick_folder / name).is_file(), name
    assert not (quick_folder / "sweeps").exists()
    page = (quick_folder / "report.html").read_text(encoding="utf-8")
    assert page.count("<img") >= len(EFFECTS) and 'src="data:image/png;base64,' in page
    assert "src=\"figures/" not in page and "http" not in page.split("<main>", 1)[0]
    screening = pd.read_csv(quick_folder / "screening.csv")
    assert set(screening["factor"]) == {f.key for f in FACTORS} and (screening["mu_star"] >= 0).all()


@pytest.mark.slow
def test_the_same_validation_on_one_worker_gives_the_same_files(quick_folder, tmp_path):
    """Same settings → the same numbers and report bit for bit, whatever the number of workers."""
    out = tmp_path / "again"
    out.mkdir()
    proc = subprocess.run([sys.executable, "-m", "sim", "validate", "--quick", "--workers", "1", "--out", str(out)],
                          cwd=REPO, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    for name in ("validation.csv", "effect_values.csv", "runs.csv", "screening.csv", "report.md"):
        assert (out / name).read_bytes() == (quick_folder / name).read_bytes(), name


@pytest.mark.slow
def test_the_validation_figures_notebook_runs_top_to_bottom(quick_folder, monkeypatch):
    import nbclient
    import nbformat

    path = REPO / "experiments" / "notebooks" / "validation_figures.ipynb"
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "stored with outputs"
    monkeypatch.setenv("VALIDATION_DIR", str(quick_folder))        # the kernel inherits it: no second run
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert f"validation folder: {quick_folder}" in "".join(
        o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if "image/png" in o.get("data", {})]
    assert len(images) >= 3
