"""Findings, lines, messages and origins are what they were before loading got faster.

``tests/data/golden/golden.json`` was captured (``python -m tests._golden``) from the
loader that scanned every file for lines and stamped every object: on the five
examples, a generated portfolio with hand-written faults, and files of load problems.
The command line's output is compared without the cache, and with it, cold and warm.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from tests._golden import GOLDEN, ROOT, snapshot

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def _expected() -> Any:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_loading_and_checking_give_what_they_gave_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    assert json.loads(json.dumps(snapshot("--no-cache"))) == _expected()


def test_the_cache_changes_nothing_cold_or_warm(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(ROOT)
    cache = str(tmp_path / "cache")
    expected = _expected()
    assert json.loads(json.dumps(snapshot("--cache-dir", cache))) == expected
    assert any((tmp_path / "cache").iterdir())
    assert json.loads(json.dumps(snapshot("--cache-dir", cache))) == expected
