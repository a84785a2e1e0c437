"""The comments next to the default figures: where each figure comes from.

Every default lives in a module of :mod:`sim.config.defaults` under a comment that names its
source (a row of ``figures.md``, a found text) or says ASSUMPTION. A comment covers the
assignments that follow it up to the next comment or blank line::

    # Townships per county: median 12 (figures.md §1.2, grade A-derived from NBS codes 2022).
    N_TOWNSHIPS = 12

:func:`default_notes` reads them (with an assignment's own trailing comment) so the ODD's
parameter tables can quote them word for word; nothing here is written by hand.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

from sim.config import defaults

DEFAULTS_DIR = Path(defaults.__file__).parent
# The modules, in the order the docs show them.
MODULES = ("geography", "demand", "upstream", "operations", "levers", "kpis")
_RULE = re.compile(r"^-{5,}\s*\w*\s*$")                       # "# ------------ vehicles"
_CITED = re.compile(r"figures\.md|§\s*\d|\(found:|\bNBS\b|\bgrade [A-D]\b|, [A-D](?:/[A-D])?[);,]|\b[A-D]-derived\b")
_SECTION = re.compile(r"§\s*\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Note:
    """The comment above a group of defaults: its text and what kind of source it gives."""

    module: str          # e.g. "geography"
    number: int          # 1, 2, … within the module, in file order
    text: str            # the comment, lines joined

    @property
    def ref(self) -> str:
        """A short name for links: ``geography-3``."""
        return f"{self.module}-{self.number}"

    @property
    def cited(self) -> bool:
        """True when the comment names a source (a figures.md row, a found text, a grade)."""
        return bool(_CITED.search(self.text))

    @property
    def assumption(self) -> bool:
        """True when the comment calls (part of) the figure an assumption."""
        return "ASSUMPTION" in self.text or "unsourced" in self.text or "not found" in self.text.lower()

    @property
    def sections(self) -> list[str]:
        """The ``figures.md`` sections the comment cites (``§2.7``), once each, in order."""
        return list(dict.fromkeys(s.replace(" ", "") for s in _SECTION.findall(self.text)))

    def kind(self) -> str:
        """``cited``, ``cited + ASSUMPTION``, ``ASSUMPTION`` or ``setting`` (neither: a choice)."""
        if self.cited and self.assumption:
            return "cited + ASSUMPTION"
        if self.cited:
            return "cited"
        return "ASSUMPTION" if self.assumption else "setting"


def _comments_by_line(source: str) -> dict[int, str]:
    """Line number → comment text (without ``#``), for comments alone on their line or trailing code."""
    out = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            out[tok.start[0]] = tok.string.lstrip("#").strip()
    return out


def module_notes(module: str) -> tuple[list[Note], dict[str, list[Note]]]:
    """The notes of one defaults module in file order, and the notes of each constant.

    A constant's notes are the comment block above the paragraph of assignments it belongs
    to and, when the assignment has one, its own trailing comment.
    """
    path = DEFAULTS_DIR / f"{module}.py"
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    comments = _comments_by_line(source)
    notes: list[Note] = []
    by_name: dict[str, list[Note]] = {}
    block_of_line: dict[int, Note] = {}
    for node in ast.parse(source).body:
        if not isinstance(node, (ast.Assign, ast.AnnAssign)):
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = [t.id for t in targets if isinstance(t, ast.Name) and t.id.isupper()]
        if not names:
            continue
        # up over the assignments of this paragraph, then over its comment block
        i = node.lineno - 1                     # 1-based line numbers below
        while i >= 1 and lines[i - 1].strip() and not lines[i - 1].lstrip().startswith("#"):
            i -= 1
        top = i
        while top >= 1 and lines[top - 1].lstrip().startswith("#"):
            top -= 1
        block = [comments[n] for n in range(top + 1, i + 1) if not _RULE.match(comments[n])]
        mine = []
        if block:
            if i not in block_of_line:
                block_of_line[i] = Note(module, len(notes) + 1, " ".join(block))
                notes.append(block_of_line[i])
            mine.append(block_of_line[i])
        trailing = comments.get(node.lineno) if node.end_lineno == node.lineno else None
        if trailing:
            notes.append(Note(module, len(notes) + 1, trailing))
            mine.append(notes[-1])
        for name in names:
            by_name[name] = mine
    return notes, by_name


def default_notes() -> tuple[list[Note], dict[str, list[Note]]]:
    """Every module's notes (in :data:`MODULES` order) and the notes of every constant."""
    notes: list[Note] = []
    by_name: dict[str, list[Note]] = {}
    for module in MODULES:
        n, b = module_notes(module)
        notes += n
        by_name.update(b)
    return notes, by_name


def constants() -> dict[str, tuple[str, object]]:
    """Every default constant: name → (its module, its value), in :data:`MODULES` order."""
    out = {}
    for module in MODULES:
        source = (DEFAULTS_DIR / f"{module}.py").read_text(encoding="utf-8")
        for node in ast.parse(source).body:
            targets = node.targets if isinstance(node, ast.Assign) else \
                [node.target] if isinstance(node, ast.AnnAssign) else []
            for t in targets:
                if isinstance(t, ast.Name) and t.id.isupper():
                    out[t.id] = (module, getattr(defaults, t.id))
    return out
