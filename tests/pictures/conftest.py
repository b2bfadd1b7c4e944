"""Fixtures for the pictures' tests: the command line's, from tests/cli."""

from __future__ import annotations

from tests.cli.conftest import run, run_in_process, script

__all__ = ["run", "run_in_process", "script"]
