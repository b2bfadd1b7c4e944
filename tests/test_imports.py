"""`import velfaerd` (and loading and checking) does not pay for networkx or hypothesis."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import velfaerd

VALID = Path(__file__).parent / "data" / "valid.toml"

SCRIPT = f"""
import sys
import velfaerd
velfaerd.check(velfaerd.load({str(VALID)!r}))
heavy = sorted(m for m in ("networkx", "hypothesis") if m in sys.modules)
print(",".join(heavy) or "none")
"""


def test_load_and_check_import_neither_networkx_nor_hypothesis() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "none"


def test_public_names_are_sorted_and_documented() -> None:
    assert velfaerd.__all__ == sorted(velfaerd.__all__)
    for name in velfaerd.__all__:
        if name == "__version__":
            continue
        assert getattr(velfaerd, name).__doc__, name


def test_the_public_names_are_said_alike_in_each_of_their_three_places() -> None:
    # Type checkers read the imports under TYPE_CHECKING, tools and readers __all__, and
    # the module's __getattr__ its table: three literal lists that must say one thing.
    tree = ast.parse(Path(velfaerd.__file__).read_text(encoding="utf-8"))
    (block,) = (
        node
        for node in tree.body
        if isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
    )
    for_checkers = {
        node.module: tuple(alias.name for alias in node.names)
        for node in block.body
        if isinstance(node, ast.ImportFrom)
    }
    assert for_checkers == velfaerd._DEFINED_IN
    assert velfaerd.__all__ == sorted([*velfaerd._WHERE, "__version__"])


def test_import_velfaerd_imports_only_its_version() -> None:
    script = (
        "import sys, velfaerd\n"
        "print(sorted(m for m in sys.modules if m.startswith(('velfaerd', 'attr', 'cattrs',"
        " 'tomli'))))\n"
        "velfaerd.Portfolio\n"
        "print('velfaerd.model' in sys.modules, 'velfaerd.rules._engine' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == [
        "['velfaerd', 'velfaerd.__about__']",
        "True False",
    ]


def test_every_public_name_and_module_is_there_when_first_used() -> None:
    assert set(velfaerd.__all__) <= set(dir(velfaerd))
    assert velfaerd.rules.get_rule("REV001").code == "REV001"
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = velfaerd.nothing
