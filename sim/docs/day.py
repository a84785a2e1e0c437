"""The day's events in the order they run, read from the model itself (for the ODD's process
overview).

A model is built with every lever that adds an event switched on, and its first day's
events are read from Mesa's event list (they are ordered by time, then by the order they
were scheduled in). What each event does is its method's docstring; the scenario key that
sets its time and the condition under which it is scheduled are read from the source of
:meth:`RuralLogisticsModel._schedule_the_day`.
"""

from __future__ import annotations

import ast
import copy
import inspect
import re
import textwrap
from dataclasses import dataclass

from sim.model.model import RuralLogisticsModel

# Levers that add events of their own, on a small county where each of them has work.
EVERY_EVENT = {
    "geography.n_townships": 2, "geography.villages_per_township": 4, "geography.terrain": "mountain",
    "policies.bus.enabled": True, "policies.drones.enabled": True, "policies.forward_warehouse.enabled": True,
}


@dataclass(frozen=True)
class DayEvent:
    """One recurring event of the day."""

    hour: float          # hours after midnight (24 = the day's end)
    name: str            # Class.method
    what: str            # the method's docstring, first paragraph
    time_key: str        # the scenario key that sets the time ("" for midnight)
    when: str            # condition under which the model schedules it ("" = always)

    @property
    def clock(self) -> str:
        h, m = divmod(round(self.hour * 60), 60)
        return f"{h:02d}:{m:02d}"


def _first_paragraph(doc: str | None) -> str:
    """A docstring's first paragraph on one line, Sphinx roles (``:meth:`x` ``) as code."""
    text = inspect.cleandoc(doc or "").split("\n\n")[0]
    text = re.sub(r":\w+:`~?([^`]+)`", r"`\1`", text)
    return " ".join(text.split())


def scheduled_in_source() -> dict[str, tuple[str, str]]:
    """Method name → (scenario key of its hours, condition) from ``_schedule_the_day``."""
    source = textwrap.dedent(inspect.getsource(RuralLogisticsModel._schedule_the_day))
    func = ast.parse(source).body[0]
    aliases: dict[str, ast.expr] = {}

    class _Resolve(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.expr:
            return aliases.get(node.id, node)

    def resolve(node: ast.expr) -> str:
        return ast.unparse(_Resolve().visit(copy.deepcopy(node)))

    out: dict[str, tuple[str, str]] = {}

    def visit(stmts: list[ast.stmt], condition: str) -> None:
        for stmt in stmts:
            if isinstance(stmt, ast.Assign):
                targets = stmt.targets[0].elts if isinstance(stmt.targets[0], ast.Tuple) else stmt.targets
                values = stmt.value.elts if isinstance(stmt.value, ast.Tuple) else [stmt.value]
                for t, v in zip(targets, values):
                    aliases[ast.unparse(t)] = _Resolve().visit(copy.deepcopy(v))
            elif isinstance(stmt, ast.If):
                visit(stmt.body, resolve(stmt.test))
            elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
                call = stmt.value
                if ast.unparse(call.func) != "self._schedule_daily":
                    continue
                method = ast.unparse(call.args[0]).rsplit(".", 1)[-1]
                hours = resolve(call.args[1]).strip("[]")
                key = hours.removeprefix("self.config.")
                when = condition.replace("self.config.", "")
                out[method] = (key, when)

    visit(func.body, "")
    return out


def day_events() -> list[DayEvent]:
    """The first day's recurring events of a model with :data:`EVERY_EVENT`, in the order they run."""
    model = RuralLogisticsModel(overrides=EVERY_EVENT, rng=1)
    source = scheduled_in_source()
    events = []
    for event in model._event_list.peek_ahead(10_000):
        if event.time > 1.0:
            break
        generator = event.fn().__self__            # Mesa's EventGenerator of a recurring event
        method = generator.function()
        owner = type(method.__self__).__name__
        name = method.__name__
        if method.__self__ is model:               # Mesa's step event (its wrapper): our step at midnight
            method, name = type(model).step, "step"
        key, when = source.get(name, ("", ""))
        events.append(DayEvent(event.time * 24.0, f"{owner}.{name}", _first_paragraph(method.__doc__), key, when))
    return events
