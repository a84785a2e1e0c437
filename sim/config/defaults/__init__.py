"""Every default figure of the model, with where it comes from.

Rows cited as "figures.md §x" are in ``../shared/reference/figures.md`` (grades A–D there).
Where the reference says "not found", the value is marked ASSUMPTION: a plausible figure
that a scenario file can override. Nothing else in ``sim/`` holds a bare number that a
planner might want to change.

Units are in the names: ``_km``, ``_kmh``, ``_h``, ``_kg``, ``_yuan``, ``_per_day``.

The figures live in one module per concept (geography, demand, upstream, operations,
levers, kpis); all of them are importable from here as ``defaults.NAME``.
"""

from __future__ import annotations

from sim.config.defaults.geography import *  # noqa: F403
from sim.config.defaults.demand import *  # noqa: F403
from sim.config.defaults.upstream import *  # noqa: F403
from sim.config.defaults.operations import *  # noqa: F403
from sim.config.defaults.levers import *  # noqa: F403
from sim.config.defaults.kpis import *  # noqa: F403
