"""``velfaerd serve``'s arguments, and what it says when the extra is missing."""

from __future__ import annotations

import importlib.util
import sys
from typing import TYPE_CHECKING, Any

import pytest

from velfaerd.cli import _serve

if TYPE_CHECKING:
    from tests.cli.conftest import Run


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--port", "70000"), "--port: expected 0-65535, found 70000"),
        (("--workers", "0"), "--workers: expected >= 1, found 0"),
        (("--max-body", "0"), "--max-body: expected >= 1, found 0"),
        (("--max-files", "-1"), "--max-files: expected >= 1, found -1"),
        (("--time-limit", "0"), "--time-limit: expected > 0, found 0.0"),
        (("--root-path", "velfaerd/"), "--root-path: expected /name, without a trailing /"),
    ],
)
def test_a_wrong_value_is_one_line_and_exit_2(
    run_in_process: Run, args: tuple[str, ...], said: str
) -> None:
    result = run_in_process("serve", *args)
    assert result.returncode == 2
    assert result.stderr.startswith(f"velfaerd: error: {said}")
    assert result.stderr.count("\n") == 1


def test_without_the_extra_it_says_what_to_install(
    run_in_process: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = importlib.util.find_spec

    def without_uvicorn(name: str, *args: Any) -> Any:
        return None if name == "uvicorn" else found(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", without_uvicorn)
    result = run_in_process("serve", "--lang", "da")
    assert result.returncode == 2
    assert result.stderr == (
        "velfaerd: fejl: velfaerd serve kræver tilføjelsen velfaerd[serve], og uvicorn er "
        "ikke installeret: pip install 'velfaerd[serve]'\n"
    )


def test_the_command_line_does_not_import_the_extra(
    run_in_process: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # This process imported Starlette for the other tests: forget it while the command
    # line runs (monkeypatch puts it back), and see whether it is imported again.
    for name in list(sys.modules):
        if name.split(".")[0] in {"starlette", "uvicorn"}:
            monkeypatch.delitem(sys.modules, name)
    assert run_in_process("rules").returncode == 0
    assert run_in_process("serve", "--port", "-1").returncode == 2  # refused before importing
    assert not {name.split(".")[0] for name in sys.modules} & {"starlette", "uvicorn"}


def test_the_access_log_goes_to_stderr_beside_uvicorns_own() -> None:
    given = {"formatters": {}, "handlers": {}, "loggers": {"uvicorn": {"level": "INFO"}}}
    config = _serve.log_config(given)
    assert config["loggers"]["uvicorn"] == {"level": "INFO"}
    assert config["loggers"]["velfaerd.serve"]["handlers"] == ["velfaerd"]
    assert config["handlers"]["velfaerd"]["stream"] == "ext://sys.stderr"
    assert given["loggers"] == {"uvicorn": {"level": "INFO"}}  # not changed
