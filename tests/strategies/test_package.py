"""The shape of velfaerd.strategies: its public names, its modules, its registration."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import subprocess
import sys

import pytest

from velfaerd import _hypothesis_setup
from velfaerd import strategies as vst

MODULES = sorted(
    f"{vst.__name__}.{info.name}" for info in pkgutil.iter_modules(vst.__path__, prefix="")
)

#: Hypothesis strategies that build a collection, and so need a ``max_size``.
COLLECTIONS = frozenset({"lists", "sets", "frozensets", "dictionaries", "text", "binary"})


def test_the_public_names_are_exactly_all() -> None:
    public = {name for name in vars(vst) if not name.startswith("_")}
    assert public == set(vst.__all__)
    assert len(vst.__all__) == len(set(vst.__all__))


@pytest.mark.parametrize("name", MODULES)
def test_each_module_says_what_it_holds_and_exports_it(name: str) -> None:
    module = importlib.import_module(name)
    assert inspect.getdoc(module), name
    assert module.__all__, name
    for exported in module.__all__:
        assert hasattr(module, exported), (name, exported)


@pytest.mark.parametrize("name", MODULES)
def test_every_collection_drawn_has_a_max_size(name: str) -> None:
    tree = ast.parse(inspect.getsource(importlib.import_module(name)))
    unbounded = [
        f"{name}:{node.lineno} st.{node.func.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "st"
        and node.func.attr in COLLECTIONS
        and not any(keyword.arg == "max_size" for keyword in node.keywords)
    ]
    assert unbounded == []


def test_the_entry_point_registers_exactly_the_registered_types() -> None:
    assert _hypothesis_setup._types() == vst.REGISTERED_TYPES
    for cls in vst.REGISTERED_TYPES:
        assert vst.strategy_for(cls) is not None


def test_importing_hypothesis_does_not_import_the_strategies() -> None:
    # Hypothesis runs velfaerd's entry point on its own import, in every project where
    # velfaerd is installed: that must not cost the strategies.
    script = (
        "import sys, hypothesis\n"
        "print(sorted(m for m in sys.modules if m.startswith('velfaerd.strategies')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
