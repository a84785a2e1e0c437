"""The package's shape: no import cycle (function-local imports included), small modules,
no class named like a Mesa or PyVRP class we use."""

import ast
import inspect
from pathlib import Path

import pytest

SIM = Path(__file__).resolve().parents[1] / "sim"
MAX_MODULE_LINES = 400


def _module_name(path: Path) -> str:
    parts = path.relative_to(SIM.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(SIM.rglob("*.py"))}


def _imports(path: Path) -> set[str]:
    """Modules of ``sim`` that ``path`` imports anywhere (top level, inside functions, under TYPE_CHECKING)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in MODULES else node.module
                     for a in node.names]
        else:
            continue
        found.update(n for n in names if n.split(".")[0] == "sim")
    return found


def _type_checking_only(path: Path) -> set[str]:
    """Imports under ``if TYPE_CHECKING:`` (for annotations only; never executed)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for sub in node.body:
                if isinstance(sub, ast.ImportFrom) and sub.module:
                    out.add(sub.module)
    return out


def test_no_import_cycle():
    graph = {m: sorted(_imports(p) - _type_checking_only(p) - {m}) for m, p in MODULES.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for n in graph.get(m, []):
            if state.get(n) == 1:
                cycle = stack[stack.index(n):] + [n]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if n not in state:
                visit(n)
        stack.pop()
        state[m] = 2

    for m in graph:
        if m not in state:
            visit(m)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_is_small(module):
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{module} has {lines} lines"


def test_no_class_shares_a_name_with_mesa_or_pyvrp():
    import importlib

    import mesa
    import mesa.discrete_space
    import mesa.experimental.scenarios
    import pyvrp

    theirs = {name for mod in (mesa, mesa.discrete_space, mesa.experimental.scenarios, pyvrp)
              for name, obj in vars(mod).items() if inspect.isclass(obj)}
    ours = set()
    for module in MODULES:
        if module == "sim.__main__":      # running it is the CLI
            continue
        for name, obj in vars(importlib.import_module(module)).items():
            if inspect.isclass(obj) and obj.__module__ == module:
                ours.add(name)
    clash = sorted(ours & theirs)
    assert not clash, f"classes named like Mesa's or PyVRP's: {clash}"
