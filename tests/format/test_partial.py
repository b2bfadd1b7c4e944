"""Partial loading (``velfaerd.load_partial``): what loads is checked, the rest reported.

Issue 14, items 25 and 30: a broken file leaves out only itself, and the problems of
one file are bounded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from tests._documents import VALID

import velfaerd
from velfaerd.cli import main
from velfaerd.format._loading import MAX_PROBLEMS_PER_FILE

if TYPE_CHECKING:
    from pathlib import Path

ACTORS, _, REST = VALID.partition("[[agreements]]")
AGREEMENTS = "format = 1\n[[agreements]]" + REST
ACTORS_BROKEN_MODEL = ACTORS.replace('kind = "council"', 'kind = "king"', 1)


def _write(folder: Path, **files: str) -> None:
    for name, text in files.items():
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")


def test_split_portfolio_loads_whole(tmp_path: Path) -> None:
    _write(tmp_path, a=ACTORS, b=AGREEMENTS)
    portfolio, error = velfaerd.load_partial(tmp_path)
    assert error is None
    assert velfaerd.check(portfolio).ok


def test_a_model_failure_leaves_its_file_out_but_not_its_ids(tmp_path: Path) -> None:
    _write(tmp_path, a=ACTORS_BROKEN_MODEL, b=AGREEMENTS)
    portfolio, error = velfaerd.load_partial(tmp_path)
    assert error is not None
    assert [p.code for p in error.problems] == ["LOAD003"]
    assert "byraadet" in error.defined
    assert error.unreadable == ()
    assert portfolio.actors == ()
    assert len(portfolio.agreements) == 1
    report = velfaerd.check(portfolio, left_out=error)
    assert "REF002" not in report.codes()
    # Without what was left out, the references are unknown.
    assert "REF002" in velfaerd.check(portfolio).codes()


def test_while_a_file_is_unreadable_unknown_references_are_warnings(tmp_path: Path) -> None:
    _write(tmp_path, a="[[actors]\n" + ACTORS, b=AGREEMENTS)
    portfolio, error = velfaerd.load_partial(tmp_path)
    assert error is not None
    assert error.unreadable == (str(tmp_path / "a.toml"),)
    report = velfaerd.check(portfolio, left_out=error)
    unknown = [f for f in report.findings if f.code == "REF002"]
    assert unknown
    for finding in unknown:
        assert finding.severity is velfaerd.Severity.WARNING
        assert "may be defined in" in finding.message
        assert str(tmp_path / "a.toml") in finding.message


def test_load_still_raises_one_error(tmp_path: Path) -> None:
    _write(tmp_path, a=ACTORS_BROKEN_MODEL, b=AGREEMENTS)
    with pytest.raises(velfaerd.LoadError):
        velfaerd.load(tmp_path)


def test_the_cli_checks_every_file_that_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    failing = AGREEMENTS.replace(
        'parties = ["byraadet", "auraskolen"]', 'parties = ["byraadet"]', 1
    )
    _write(tmp_path, a=ACTORS, b=failing, c="x = [")
    assert main(["check", "."]) == 1
    out = capsys.readouterr().out
    assert "LOAD002" in out
    assert "AGR002" in out  # item 25: the other files' findings are not hidden
    assert "Left out, as it could not be loaded: 1 file." in out


def test_an_empty_directory_is_in_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    assert main(["check", "empty"]) == 1
    out = capsys.readouterr().out
    assert "in 0 files" in out
    assert "in 1 file" not in out


def test_load_problems_of_one_file_are_bounded() -> None:
    keys = "\n".join(f"k{i} = 1" for i in range(MAX_PROBLEMS_PER_FILE + 50))
    with pytest.raises(velfaerd.LoadError) as caught:
        velfaerd.loads(keys)
    problems = caught.value.problems
    assert len(problems) == MAX_PROBLEMS_PER_FILE + 1
    assert problems[-1].code == "LOAD004"
    assert "and 50 more LOAD004 problems" in problems[-1].message
