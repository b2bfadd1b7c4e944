"""Shared fixtures: the baseline valid portfolio every rule test mutates."""

from __future__ import annotations

from pathlib import Path

import pytest

import velfaerd

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def valid_text() -> str:
    """The TOML text of a small portfolio that every rule accepts."""
    return (DATA / "valid.toml").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def valid(valid_text: str) -> velfaerd.Portfolio:
    """The baseline portfolio, loaded."""
    return velfaerd.loads(valid_text, source="valid.toml")
