"""``velfaerd check`` run in this process, its output captured: said once for the tests."""

from __future__ import annotations

import contextlib
import io

from velfaerd.cli import main

__all__ = ["check"]


def check(*arguments: str) -> tuple[int, str, str]:
    """``velfaerd check *arguments``: its exit code, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", *arguments])
    return code, out.getvalue(), err.getvalue()
