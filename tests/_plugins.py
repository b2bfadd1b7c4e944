"""A rules plugin installed for one test: the package ``velfaerd_xyz`` and its rule XYZ001.

Import the ``plugin`` fixture into a test module to use it.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import pytest

from velfaerd import _registry

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

__all__ = ["PLUGIN", "plugin"]

PLUGIN = """
from velfaerd.rules import Violation, rule

@rule(
    "XYZ001",
    name="untitled-milestone",
    severity="warning",
    summary="a milestone has an empty title",
    description="Every milestone needs a title.",
    why="An untitled milestone cannot be followed up.",
    failing="",
    fixed="",
    messages={"default": "milestone {milestone!r} has no title"},
)
def untitled(ctx):
    for agreement, milestone in ctx.portfolio.iter_milestones():
        if not milestone.title.strip():
            yield Violation(subject=milestone.id, at=milestone, key="title",
                            agreement=agreement.id, evidence={"milestone": milestone.id})
"""


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    package = tmp_path / "velfaerd_xyz"
    package.mkdir()
    (package / "__init__.py").write_text(PLUGIN, encoding="utf-8")
    info = tmp_path / "velfaerd_xyz-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: velfaerd-xyz\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[velfaerd.rules]\nxyz = velfaerd_xyz\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(_registry._state, "plugins", False)  # noqa: FBT003 - dict item value
    yield
    _registry._REGISTRY.pop("XYZ001", None)
    sys.modules.pop("velfaerd_xyz", None)  # the next test imports (and registers) it anew
