"""Fixtures for the pictures' tests: the installed script, and the command line in-process."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from tests.cli.conftest import run, script

from velfaerd.cli import main

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["run", "script", "velfaerd_main"]


@pytest.fixture
def velfaerd_main(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run the command line in this process (cheaper than the script) for the error paths."""

    def runner(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return runner
