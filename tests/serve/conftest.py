"""Fixtures for the service's tests: its test client, and the command line's runner."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from tests.cli.conftest import run_in_process

if TYPE_CHECKING:
    from collections.abc import Iterator

    from starlette.testclient import TestClient

__all__ = ["client", "run_in_process"]


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """The application with its default limits, started (its lifespan run) once per module."""
    from starlette.testclient import TestClient  # noqa: PLC0415 - the extra

    from velfaerd.serve import create_app  # noqa: PLC0415

    with TestClient(create_app()) as started:
        yield started
