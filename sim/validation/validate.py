"""``python -m sim validate``: the model against the documented effects, end to end.

Runs the validation's sweeps (:mod:`.runs`), computes each effect per county and seed
(:mod:`.table`), screens the assumed parameters (:mod:`.screening`), and writes into the
output folder (a validation folder of this tool, written through a partial folder like every
output: see :mod:`sim.outputs.folders`):

    validation.csv          one row per effect and county: band, source, model mean, 90 % interval,
                            in band yes/no, what is compared, how it is computed, the mechanism of a miss
    effect_values.csv       each effect per county and seed
    runs.csv                every validation run's summary KPIs (and the last-leg probe's)
    screening.csv           Morris indices per effect and assumed parameter
    screening_points.csv    the factors and each effect at every screening design point
    report.md, figures/     the report (figures beside it); report.html: the same, self-contained
    settings.json           what ran: days, seeds, counties, variants, changes, factors

The sweeps' own folders are working files, removed before the folder is put in place.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from sim.outputs.folders import Staging
from sim.validation.effects import EFFECTS
from sim.validation.figures import plot_effect, plot_screening
from sim.validation.page import to_html
from sim.validation.report import FIGURES, TITLE, ReportInput, figure_lists, render_markdown
from sim.validation.runs import FULL, QUICK, Measured, Settings, measure
from sim.validation.screening import FACTORS, analyse, design_effects, design_range
from sim.validation.table import effect_values, validation_table
from sim.validation.variants import COUNTIES, VARIANTS, changes_made, county_available, operating_overrides

KIND = "validation"
WORK = "sweeps"            # working folder of the sweeps inside the partial folder


@dataclass
class Validation:
    """What ``validate`` wrote: the folder, the table, the screening indices, runs that raised."""

    folder: Path
    table: pd.DataFrame
    indices: pd.DataFrame
    failed: int
    notes: list[str]


def validate(out: str | Path, quick: bool = False, workers: int | None = None,
             log: Callable[[str], None] = print) -> Validation:
    """Run the validation (``quick``: fewer seeds, days and screening points) into ``out``.

    Raises :class:`sim.outputs.folders.OutputError` (one line) when ``out`` may not be
    written: a file, or a folder this tool did not write.
    """
    settings = QUICK if quick else FULL
    out = Path(out)
    with Staging(out, KIND) as stage:            # refuses a file or a folder not ours before any run
        counties, notes = [], []
        for county in COUNTIES:
            why = county_available(county)
            if why is None:
                counties.append(county)
            else:
                notes.append(f"{county.label} left out: {why}")
                log(f"note: {county.label} left out: {why}")
        measured = measure(stage.path / WORK, settings, counties, workers, log)
        measured.notes = notes
        result = stage.write(_write_all, measured, settings)
        shutil.rmtree(stage.path / WORK)
        stage.commit()
    result.folder = out
    return result


def _write_all(folder: Path, m: Measured, settings: Settings) -> Validation:
    counties = {c.key: c.label for c in m.counties}
    values = effect_values(m.runs, list(counties))
    failed_by_county = {c: int((m.runs.loc[m.runs["county"] == c, "error"] != "").sum()) for c in counties}
    table = validation_table(values, counties, failed_by_county, m.runs)
    points = design_effects(m.screening)
    indices, notes = analyse(points, m.sample, settings.seed)
    design = design_range(points)
    figures = folder / FIGURES
    figures.mkdir()
    effect_files = {e.key: plot_effect(e, values[values["effect"] == e.key], counties, figures) for e in EFFECTS}
    screening_files = {e.key: plot_screening(e, indices, figures) if len(indices) else None for e in EFFECTS}
    table.to_csv(folder / "validation.csv", index=False)
    values.to_csv(folder / "effect_values.csv", index=False)
    m.runs.to_csv(folder / "runs.csv", index=False)
    indices.to_csv(folder / "screening.csv", index=False)
    factor_columns = [f.key for f in FACTORS]
    first = next(iter(m.screening.values()))
    factors = first[["sample", *factor_columns]].drop_duplicates("sample").set_index("sample")
    factors.join(points.set_index("sample")).reset_index().to_csv(folder / "screening_points.csv", index=False)
    screening_runs = sum(len(t) for t in m.screening.values())
    report = ReportInput(settings=settings, counties=m.counties, table=table, indices=indices, design=design,
                         changes=changes_made(settings.days), figures=figure_lists(effect_files, screening_files),
                         runs=len(m.runs), screening_runs=screening_runs, failed=m.failed,
                         notes=m.notes + notes)
    markdown = render_markdown(report)
    (folder / "report.md").write_text(markdown, encoding="utf-8")
    (folder / "report.html").write_text(to_html(markdown, folder, TITLE), encoding="utf-8")
    (folder / "settings.json").write_text(json.dumps(_settings(settings, m), indent=1, ensure_ascii=False,
                                                     default=str) + "\n", encoding="utf-8")
    return Validation(folder, table, indices, m.failed, m.notes + notes)


def _settings(settings: Settings, m: Measured) -> dict:
    return {"settings": asdict(settings), "counties": [asdict(c) for c in m.counties],
            "variants": [{**asdict(v), "overrides": operating_overrides(v.scenario)} for v in VARIANTS],
            "changes": [asdict(c) for c in changes_made(settings.days)],
            "factors": [asdict(f) for f in FACTORS], "effects": [e.key for e in EFFECTS]}
