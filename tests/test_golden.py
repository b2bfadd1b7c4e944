"""Findings, lines, messages and origins are what they were before loading got faster.

``tests/data/golden/golden.json`` was captured (``python -m tests._golden``) from the
loader that scanned every file for lines and stamped every object: on the five
examples, a generated portfolio with hand-written faults, and files of load problems.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from tests._golden import GOLDEN, ROOT, snapshot

if TYPE_CHECKING:
    import pytest


def test_loading_and_checking_give_what_they_gave_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert json.loads(json.dumps(snapshot())) == expected
