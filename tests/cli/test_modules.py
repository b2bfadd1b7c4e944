"""The command line's modules import one way: no module imports one that imports it."""

from __future__ import annotations

import ast
from pathlib import Path

import velfaerd.cli

CLI = Path(velfaerd.cli.__file__).parent


def _imports(path: Path) -> set[str]:
    """The modules of ``velfaerd.cli`` a module imports, lazily or for types too."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("velfaerd.cli"):
            if node.module == "velfaerd.cli":
                found |= {
                    f"velfaerd.cli.{alias.name}" if alias.name.startswith("_") else "velfaerd.cli"
                    for alias in node.names
                }
            else:
                found.add(str(node.module))
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("velfaerd.cli")}
    return found


def _graph() -> dict[str, set[str]]:
    graph = {}
    for path in CLI.glob("*.py"):
        name = "velfaerd.cli" if path.stem == "__init__" else f"velfaerd.cli.{path.stem}"
        graph[name] = _imports(path) - {name}
    return graph


def test_no_module_of_the_cli_imports_one_that_imports_it() -> None:
    graph = _graph()
    cycles = []

    def walk(name: str, stack: list[str]) -> None:
        for imported in graph.get(name, ()):
            if imported in stack:
                cycles.append([*stack[stack.index(imported) :], imported])
            else:
                walk(imported, [*stack, imported])

    for name in graph:
        walk(name, [name])
    assert cycles == []


def test_the_commands_import_nothing_from_the_package_itself() -> None:
    # The package's __init__ is main only: what the commands share is below it.
    graph = _graph()
    assert [name for name, imported in graph.items() if "velfaerd.cli" in imported] == []
