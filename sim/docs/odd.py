"""The generated parts of ``docs/ODD.md``: the day's events, the parameter tables, the default
constants no key reaches, and the notes (the comments beside the defaults, word for word).

The ODD's prose is written in ``docs/ODD.md`` itself; each generated part sits between
``<!-- BEGIN generated: NAME -->`` and ``<!-- END generated: NAME -->`` and is replaced by
:func:`update_odd`. Only the unit names are typed here; everything else comes from the code.
"""

from __future__ import annotations

import re
from pathlib import Path

from sim.config.policies import PoliciesConfig
from sim.docs.comments import Note, default_notes
from sim.docs.day import EVERY_EVENT, day_events
from sim.docs.kpi_page import cell
from sim.docs.parameters import SECTION_TITLES, Parameter, format_value, other_constants, parameters

_KIND_TEXT = {
    "cited": "cited",
    "cited + ASSUMPTION": "cited + ASSUMPTION",
    "ASSUMPTION": "ASSUMPTION",
    "setting": "setting",
}


class MissingBlock(ValueError):
    """``docs/ODD.md`` lacks the markers of a generated part."""


def _note_links(notes: tuple[Note, ...]) -> str:
    return ", ".join(f"[{n.ref}](#note-{n.ref})" for n in notes)


def _source_cell(p: Parameter) -> str:
    parts = [f"**{_KIND_TEXT[p.kind()]}**"]
    sections = list(dict.fromkeys(s for n in p.notes for s in n.sections))
    if sections:
        parts.append("figures.md " + ", ".join(sections))
    if p.notes:
        parts.append("note " + _note_links(p.notes))
    if p.comment:
        parts.append(f"schema: “{p.comment}”")
    return cell(" · ".join(parts))


def day_table() -> str:
    """The day's recurring events, in the order they run on a day (levers that add events on)."""
    lines = ["| time | event | what happens (the method's docstring) | time set by | scheduled when |",
             "|---|---|---|---|---|"]
    for e in day_events():
        key = f"`{e.time_key}`" if e.time_key else "—"
        when = f"`{e.when}`" if e.when else "every day"
        lines.append(f"| {e.clock} | `{e.name}` | {cell(e.what)} | {key} | {cell(when)} |")
    levers = ", ".join(f"`{k} = {format_value(v)}`" for k, v in EVERY_EVENT.items())
    lines += ["", f"Read from a model built with {levers}; times are the defaults."]
    return "\n".join(lines)


def _policy_doc(name: str) -> str:
    """First sentence of a lever's section docstring (``BusPolicy``: "客货邮融合: rural bus …")."""
    section = PoliciesConfig.model_fields[name].annotation
    return " ".join((section.__doc__ or "").split("\n\n")[0].split()).replace("``", "`")


def parameter_tables() -> str:
    """One table per scenario table (``policies.*`` one per lever), every key of the schema."""
    rows = parameters()
    out: list[str] = []
    groups: dict[str, list[Parameter]] = {}
    for p in rows:
        parts = p.key.split(".")
        group = ".".join(parts[:2]) if parts[0] == "policies" else parts[0]
        groups.setdefault(group, []).append(p)
    for group, members in groups.items():
        title = SECTION_TITLES.get(group, "") or _policy_doc(group.split(".")[1])
        heading = f"`[{group}]`" + (f" — {title}" if title else "")
        if group in ("vehicles", "carriers"):
            heading = f"`[{group}.<name>]`" if group == "vehicles" else "`[[carriers]]`"
            heading += f" — {title}"
        out += [f"#### {heading}", "", "| key | default | unit | allowed | source |", "|---|---|---|---|---|"]
        for p in members:
            out.append(f"| `{p.key}` | {cell(format_value(p.default))} | {cell(p.unit)} | {cell(p.allowed)} | "
                       f"{_source_cell(p)} |")
        out.append("")
    return "\n".join(out).rstrip()


def _readers() -> dict[str, list[str]]:
    """Module of ``sim`` (outside the defaults and these docs) → its source, to find who reads a constant."""
    sim_dir = Path(__file__).resolve().parents[1]
    return {".".join(p.relative_to(sim_dir.parent).with_suffix("").parts): p.read_text(encoding="utf-8")
            for p in sorted(sim_dir.rglob("*.py"))
            if "defaults" not in p.parts and "docs" not in p.relative_to(sim_dir).parts}


def constants_table() -> str:
    """Default figures that no scenario key sets (change them in ``sim/config/defaults/``)."""
    sources = _readers()
    lines = ["| constant | module | value | read by | source |", "|---|---|---|---|---|"]
    for name, module, value, notes in other_constants(parameters()):
        pattern = re.compile(rf"\b{name}\b")
        readers = [m.removeprefix("sim.") for m, text in sources.items() if pattern.search(text)]
        read_by = ", ".join(f"`{m}`" for m in readers) or "no module"
        kinds = [n.kind() for n in notes]
        kind = "cited + ASSUMPTION" if "cited + ASSUMPTION" in kinds or ("cited" in kinds and "ASSUMPTION" in kinds) \
            else (kinds[0] if kinds else "setting")
        lines.append(f"| `{name}` | `defaults/{module}.py` | {cell(format_value(value))} | {read_by} | "
                     f"**{kind}** · note {_note_links(notes)} |")
    return "\n".join(lines)


def notes_list() -> str:
    """Every comment beside a default, word for word, with an anchor the tables link to."""
    notes, _ = default_notes()
    out = []
    module = ""
    for n in notes:
        if n.module != module:
            module = n.module
            out += ["", f"**`sim/config/defaults/{module}.py`**", ""]
        out.append(f'- <a id="note-{n.ref}"></a>**{n.ref}** ({n.kind()}): {" ".join(n.text.split())}')
    return "\n".join(out).strip()


BLOCKS = {
    "day-schedule": day_table,
    "parameters": parameter_tables,
    "constants": constants_table,
    "notes": notes_list,
}


def update_odd(text: str) -> str:
    """``text`` (the ODD's Markdown) with every generated part written afresh."""
    for name, render in BLOCKS.items():
        pattern = re.compile(rf"(<!-- BEGIN generated: {re.escape(name)} [^\n]*-->\n)(.*?)(<!-- END generated: "
                             rf"{re.escape(name)} -->)", re.DOTALL)
        if not pattern.search(text):
            raise MissingBlock(f"docs/ODD.md: expected the markers '<!-- BEGIN generated: {name} … -->' and "
                               f"'<!-- END generated: {name} -->'")
        body = render()
        text = pattern.sub(lambda m: m.group(1) + "\n" + body + "\n\n" + m.group(3), text, count=1)
    return text
