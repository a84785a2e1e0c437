"""The model against documented effects: ``python -m sim validate`` (:mod:`.validate`).

variants.py   the counties and policy cases run, and the settings changed for validation
measures.py   how an effect is computed from run summaries; reference bands
effects.py    the documented effects, declared once (band, source, unit, mechanism of a miss)
probe.py      the last leg's cost per parcel, observed during a run (the township fee's counterpart)
runs.py       the runs on the sweep engine (a sweep per county and variant; the screening's)
screening.py  Morris screening of the unsourced parameters
table.py      validation.csv and the effects per seed
figures.py, report.py, page.py   the figures, the Markdown report, the self-contained HTML page
"""
