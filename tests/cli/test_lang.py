"""The command line's language: the flag, the configuration, the environment, the locale.

The command line runs in this process (the module's ``run`` fixture); the last test runs
the installed script, to show that a new process reads its locale the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pathlib import Path

    from tests.cli.conftest import Run

DANISH = "Fandt 1 fejl, 1 advarsel i 1 fil."
ENGLISH = "Found 1 error, 1 warning in 1 file."


@pytest.fixture
def run(run_in_process: Run) -> Run:
    """The command line in this process (see the module's docstring)."""
    return run_in_process


@pytest.fixture
def failing(tmp_path: Path, error_source: str) -> Path:
    path = tmp_path / "aftale.toml"
    path.write_text(error_source, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        ((), {}, ENGLISH),
        (("--lang", "da"), {}, DANISH),
        ((), {"VELFAERD_LANG": "da"}, DANISH),
        ((), {"LANG": "da_DK.UTF-8"}, DANISH),
        ((), {"VELFAERD_LANG": "en", "LANG": "da_DK.UTF-8"}, ENGLISH),
        (("--lang", "en"), {"VELFAERD_LANG": "da", "LANG": "da_DK.UTF-8"}, ENGLISH),
    ],
)
def test_the_language_is_chosen_by_flag_then_environment_then_locale(
    run: Run, failing: Path, args: tuple[str, ...], env: dict[str, str], expected: str
) -> None:
    result = run("check", str(failing), *args, env=env)
    assert result.returncode == 1
    assert result.stdout.rstrip().endswith(expected), result.stdout


def test_the_configuration_chooses_and_the_flag_wins(run: Run, failing: Path) -> None:
    (failing.parent / "velfaerd.toml").write_text('lang = "da"\n', encoding="utf-8")
    assert run("check", failing.name, env={"VELFAERD_LANG": "en"}).stdout.rstrip().endswith(DANISH)
    assert run("check", failing.name, "--lang", "en").stdout.rstrip().endswith(ENGLISH)
    assert "Hvad reglen tjekker" in run("explain", "REV001").stdout


def test_a_wrong_language_is_a_one_line_misuse(run: Run, failing: Path) -> None:
    result = run("check", str(failing), env={"VELFAERD_LANG": "de"})
    assert result.returncode == 2
    assert result.stderr == (
        "velfaerd: error: VELFAERD_LANG: expected one of 'en', 'da', found 'de'\n"
    )
    flag = run("rules", "--lang", "de")
    assert flag.returncode == 2
    assert "invalid choice: 'de'" in flag.stderr
    assert len(flag.stderr.splitlines()) == 1


def test_explain_follows_the_locale(run: Run) -> None:
    result = run("explain", "REV001", env={"LANG": "da_DK.UTF-8"})
    assert result.returncode == 0
    assert result.stdout.startswith("# REV001 (annual-review-scheduled)\n\nStandardalvorlighed")


def test_the_installed_script_reads_the_locale(run_script: Run, failing: Path) -> None:
    result = run_script("check", str(failing), env={"LANG": "da_DK.UTF-8"})
    assert result.returncode == 1
    assert result.stdout.rstrip().endswith(DANISH), result.stdout
