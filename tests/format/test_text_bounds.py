"""Hostile texts in a file: each measured before a pattern or a conversion sees it.

Attacks of issue 18 (items 13, 14 and 16): a text of a megabyte in a date, a period
or an id is a clear load problem, and a finding about it is one line. Amounts have
their bounds in ``tests/test_amounts.py`` and anchors theirs in
``tests/format/test_resolve.py``. The attacks that used to take minutes run in a
subprocess with a generous timeout, so that a regression fails the suite instead of
hanging it; what is asserted is the report, never a time.
"""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from tests._documents import ACTIVITY, DATED_X, MEGABYTE

import velfaerd

if TYPE_CHECKING:
    from pathlib import Path


def _with_due(due: str) -> str:
    return DATED_X + ACTIVITY.format(id="m", due=f'"{due}"')


def _with_amount(amount: str) -> str:
    return DATED_X + f'\n[[agreements.budget]]\namount = "{amount}"\n'


#: file name → (its text, what its one problem says, at which key path).
_TOO_LONG = "a date is at most 200 characters, and this text has"
_ATTACKS: dict[str, tuple[str, str, str]] = {
    "due-30000-spaces": (
        _with_due("1" + " " * 30_000 + "x"),
        _TOO_LONG,
        "agreements[0].milestones[0].due",
    ),
    "due-1MB-spaces": (
        _with_due("1" + " " * MEGABYTE + "x"),
        _TOO_LONG,
        "agreements[0].milestones[0].due",
    ),
    "due-1MB-digits": (_with_due("1" * MEGABYTE), _TOO_LONG, "agreements[0].milestones[0].due"),
    "due-1MB-a": (_with_due("a" * MEGABYTE), _TOO_LONG, "agreements[0].milestones[0].due"),
    "due-1MB-1dot": (
        _with_due("1. " * (MEGABYTE // 3)),
        _TOO_LONG,
        "agreements[0].milestones[0].due",
    ),
    "amount-1MB-digits": (
        _with_amount("1" * MEGABYTE + " kr."),
        "an amount is at most 100 characters",
        "agreements[0].budget[0].amount",
    ),
    "amount-1MB-thousands": (
        _with_amount("1" + ".000" * (MEGABYTE // 4) + " kr."),
        "an amount is at most 100 characters",
        "agreements[0].budget[0].amount",
    ),
    "period-1MB-spaces": (
        DATED_X.replace('"30 years"', '"5' + " " * MEGABYTE + 'years"'),
        "a period is at most 200 characters",
        "agreements[0].duration",
    ),
}


def _check_in_a_subprocess(folder: Path) -> subprocess.CompletedProcess[str]:
    script = "import sys; from velfaerd.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", script, "check", "--no-cache", "--jobs", "1", str(folder)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,  # each took from 17 s to hours before issue 18; all together ~2 s now
    )


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Check a folder of every attack at once; the check's output."""
    folder = tmp_path_factory.mktemp("attacks")
    for name, (text, _, _) in _ATTACKS.items():
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    # A title that is a megabyte of spaces and a line break: the one-line message of
    # its finding used to try every split of the spaces.
    (folder / "title-1MB-spaces.toml").write_text(
        DATED_X.replace('id = "x"', 'id = "x' + " " * MEGABYTE + '\\n"'), encoding="utf-8"
    )
    result = _check_in_a_subprocess(folder)
    assert result.returncode == 1, result.stderr
    assert "internal error" not in result.stderr
    return folder, result.stdout


@pytest.mark.parametrize("name", sorted(_ATTACKS))
def test_a_hostile_text_is_a_clear_load_problem(attacked: tuple[Path, str], name: str) -> None:
    folder, output = attacked
    _, said, path = _ATTACKS[name]
    (line,) = [line for line in output.splitlines() if line.startswith(f"{folder / name}.toml:")]
    assert f"LOAD003 [error] {path}: " in line
    assert said in line
    assert len(line) < 500  # the text is quoted by its start, not whole


def test_a_finding_about_a_megabyte_of_spaces_is_one_line(attacked: tuple[Path, str]) -> None:
    folder, output = attacked
    lines = [line for line in output.splitlines() if "title-1MB-spaces.toml:" in line]
    assert lines
    assert all(line.startswith(f"{folder}/title-1MB-spaces.toml:") for line in lines)
    assert any("REV001" in line and "x" + " " * 1000 in line for line in lines)


# Item 14: amounts ---------------------------------------------------------------------


# Item 16: relative anchors ------------------------------------------------------------


# One-line messages ----------------------------------------------------------------------


# Issue 14 (items 8, 9, 14-22, 24, 26): a clear message, never an internal error.
def test_a_long_date_is_refused_at_once_and_not_echoed() -> None:
    text = "2013 - " * 300_000
    with pytest.raises(velfaerd.DateFormatError) as caught:
        velfaerd.parse_window(text)
    assert len(str(caught.value)) < 300
    assert f"this text has {len(text)}" in str(caught.value)
    with pytest.raises(velfaerd.LoadError) as loaded:
        velfaerd.loads(f'[[agreements]]\nid = "a"\nstart = "{text}"\n')
    assert len(str(loaded.value)) < 1000
