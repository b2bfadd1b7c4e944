"""The page that lays out the package (``docs/architecture.md``) names what is there."""

from __future__ import annotations

import re
from pathlib import Path

import tomli

ROOT = Path(__file__).parent.parent
PAGE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
PACKAGE = ROOT / "src" / "velfaerd"


def test_every_module_has_its_line() -> None:
    modules = {str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")}
    listed = set(re.findall(r"^\| `([\w/]+\.py)` \|", PAGE, flags=re.MULTILINE))
    assert modules - listed == set(), "modules the page does not list"
    assert listed - modules == set(), "modules the page lists that are gone"


def test_the_layers_are_those_lint_imports_keeps() -> None:
    pyproject = tomli.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = (
        c for c in pyproject["tool"]["importlinter"]["contracts"] if c["type"] == "layers"
    )
    kept = [sorted(name.strip() for name in layer.split("|")) for layer in contract["layers"]]
    shown = [
        sorted(re.findall(r"`(velfaerd[\w.]*)`", line.split(" — ")[0]))
        for line in re.findall(r"^\d+\. (.*)$", PAGE, flags=re.MULTILINE)
    ]
    assert shown == kept


#: The most lines a module of the package may have: a longer one does two jobs.
MAX_MODULE_LINES = 700


def test_no_module_is_longer_than_one_job() -> None:
    lengths = {
        str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines())
        for p in PACKAGE.rglob("*.py")
    }
    assert {name: n for name, n in lengths.items() if n > MAX_MODULE_LINES} == {}
