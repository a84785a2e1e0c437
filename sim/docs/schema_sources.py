"""Which default constant each scenario key takes its value from, read from the schema's source.

The schema (:mod:`sim.config.schema`, :mod:`sim.config.policies`) writes each default as an
expression over :mod:`sim.config.defaults` (``n_townships: PosInt = D.N_TOWNSHIPS``,
``festivals = tuple(Festival(month=m, …) for m, d, f, w in D.FESTIVALS)``). This module reads
those expressions, so the docs can show each key beside the comment of its figure without a
hand-kept list; a key whose default names no constant is a setting (a literal in the schema).
"""

from __future__ import annotations

import ast
from pathlib import Path

from sim.config import policies, schema

SCHEMA_FILES = (Path(schema.__file__), Path(policies.__file__))


def _defaults_names(node: ast.AST) -> list[str]:
    """``D.NAME`` references anywhere under ``node``, in order, once each."""
    names = [n.attr for n in ast.walk(node)
             if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "D"]
    return list(dict.fromkeys(names))


def _functions(trees: list[ast.Module]) -> dict[str, ast.FunctionDef]:
    return {n.name: n for t in trees for n in t.body if isinstance(n, ast.FunctionDef)}


def _inline_comments(path: Path) -> dict[int, str]:
    import io
    import tokenize

    out = {}
    for tok in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
        if tok.type == tokenize.COMMENT:
            out[tok.start[0]] = tok.string.lstrip("#").strip()
    return out


class SchemaSources:
    """Per schema class and field: the default constants its default is made of, the
    constants behind each keyword of a nested section's default, and the field's comment."""

    def __init__(self) -> None:
        trees = [ast.parse(p.read_text(encoding="utf-8")) for p in SCHEMA_FILES]
        functions = _functions(trees)
        self.fields: dict[tuple[str, str], list[str]] = {}
        self.keywords: dict[tuple[str, str], dict[str, list[str]]] = {}
        self.comments: dict[tuple[str, str], str] = {}
        for path, tree in zip(SCHEMA_FILES, trees):
            comments = _inline_comments(path)
            lines = path.read_text(encoding="utf-8").splitlines()
            for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
                for stmt in cls.body:
                    if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
                            and stmt.value is not None):
                        continue
                    key = (cls.name, stmt.target.id)
                    value = stmt.value
                    # Field(default_factory=f): the constants f's body uses
                    for n in ast.walk(value):
                        if isinstance(n, ast.keyword) and n.arg == "default_factory" and \
                                isinstance(n.value, ast.Name) and n.value.id in functions:
                            value = functions[n.value.id]
                    self.fields[key] = _defaults_names(value)
                    self.keywords[key] = self._keyword_sources(value)
                    comment = comments.get(stmt.lineno) or self._comment_above(lines, comments, stmt.lineno)
                    if comment:
                        self.comments[key] = comment

    @staticmethod
    def _comment_above(lines: list[str], comments: dict[int, str], lineno: int) -> str:
        """Comment lines directly above a field (``# real data (paths …)``), joined."""
        out = []
        i = lineno - 1
        while i >= 1 and lines[i - 1].lstrip().startswith("#"):
            out.append(comments[i])
            i -= 1
        return " ".join(reversed(out))

    @staticmethod
    def _keyword_sources(value: ast.AST) -> dict[str, list[str]]:
        """For a default built by calls (``Crop(name=n, …, price_yuan_per_kg=D.X.get(n))`` inside
        ``… for … in D.CROPS``): keyword → the constants it reads; a keyword bound to a
        comprehension's loop names reads the constants the loop runs over."""
        loops: dict[str, list[str]] = {}
        for comp in (n for n in ast.walk(value) if isinstance(n, ast.comprehension)):
            for target in ast.walk(comp.target):
                if isinstance(target, ast.Name):
                    loops[target.id] = _defaults_names(comp.iter)
        out: dict[str, list[str]] = {}
        for call in (n for n in ast.walk(value) if isinstance(n, ast.Call)):
            for kw in call.keywords:
                if kw.arg is None:                           # **spec: every field from the loop
                    names = [loops.get(n.id, []) for n in ast.walk(kw.value) if isinstance(n, ast.Name)]
                    out["*"] = [x for ns in names for x in ns]
                    continue
                own = _defaults_names(kw.value)
                if own:
                    out[kw.arg] = own
                else:
                    out[kw.arg] = [x for n in ast.walk(kw.value) if isinstance(n, ast.Name)
                                   for x in loops.get(n.id, [])]
        return out

    def constants_of(self, path: list[tuple[str, str]]) -> list[str]:
        """The constants behind a key reached through ``path`` = [(class, field), …] from the
        top: the innermost field's own constants, else what its enclosing defaults give it."""
        cls, field = path[-1]
        own = self.fields.get((cls, field), [])
        if own:
            return own
        for outer in reversed(path[:-1]):
            kws = self.keywords.get(outer, {})
            if field in kws and kws[field]:
                return kws[field]
            if "*" in kws and kws["*"]:
                return kws["*"]
            if self.fields.get(outer):
                return self.fields[outer]
        return []

    def comment_of(self, cls: str, field: str) -> str:
        """The schema's own comment on a field ("" when it has none)."""
        return self.comments.get((cls, field), "")
