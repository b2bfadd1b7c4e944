"""Fixtures for the pictures' tests: the installed script, run on the examples."""

from __future__ import annotations

from tests.cli.conftest import run, script

__all__ = ["run", "script"]
