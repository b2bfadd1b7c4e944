"""Items 2-6 of issue 14: inputs that were silently taken the wrong way."""

from __future__ import annotations

import os
from pathlib import Path

import attrs
import pytest

import velfaerd
from velfaerd.cli import main
from velfaerd.config import Config

DATA = Path(__file__).parent.parent / "data"
VALID = (DATA / "valid.toml").read_text(encoding="utf-8")
# One party too few: AGR002, an error finding.
FAILING = VALID.replace('parties = ["byraadet", "auraskolen"]', 'parties = ["byraadet"]', 1)


def _with_waiver(rule: str) -> str:
    return FAILING + f'\n[[agreements.waivers]]\nrule = "{rule}"\nreason = "x"\n'


@pytest.mark.parametrize("rule", ["", " ", "RE V", "REV-1"])
def test_a_blank_or_malformed_waiver_code_is_a_load_problem(rule: str) -> None:
    with pytest.raises(velfaerd.LoadError) as caught:
        velfaerd.loads(_with_waiver(rule))
    (problem,) = caught.value.problems
    assert problem.code == "LOAD003"
    assert problem.path.endswith(".waivers[0].rule")
    assert "rule code or prefix" in problem.message


def test_a_blank_waiver_built_in_python_waives_nothing() -> None:
    portfolio = velfaerd.loads(FAILING)
    agreement = portfolio.agreements[0]
    blank = velfaerd.Waiver(rule="", reason="x")
    changed = attrs.evolve(portfolio, agreements=(attrs.evolve(agreement, waivers=(blank,)),))
    report = velfaerd.check(changed)
    assert "AGR002" in report.codes()
    assert not report.waived


def test_an_empty_select_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "v.toml").write_text(FAILING, encoding="utf-8")
    for given in ("", " ", ","):
        assert main(["check", "v.toml", "--select", given]) == 2
        assert "--select: no rule code or prefix given" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('{ "x" = { a = 1 } }', "expected an array of rule codes or prefixes"),
        ('{ "x" = 5 }', "expected an array of rule codes or prefixes"),
        ('{ "x" = [1] }', "is not a rule code or prefix"),
        ('{ "" = ["REV"] }', "is not a file pattern"),
    ],
)
def test_per_file_ignores_of_the_wrong_shape_are_refused(
    tmp_path: Path, table: str, expected: str
) -> None:
    path = tmp_path / "velfaerd.toml"
    path.write_text(f"per-file-ignores = {table}\n", encoding="utf-8")
    with pytest.raises(velfaerd.ConfigError, match=expected):
        Config.from_file(path)


def test_a_table_is_not_taken_for_codes_in_python() -> None:
    with pytest.raises(velfaerd.ConfigError):
        Config(select={"a": 1})


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_an_unreadable_subdirectory_is_a_load_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ok.toml").write_text(VALID, encoding="utf-8")
    hidden = tmp_path / "sub"
    hidden.mkdir()
    (hidden / "more.toml").write_text(VALID, encoding="utf-8")
    real = os.scandir

    def scandir(path: str) -> object:
        # Root reads any directory: refuse this one as the kernel refuses a user.
        if Path(path) == hidden:
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(velfaerd.LoadError) as caught:
        velfaerd.load(tmp_path)
    problems = [p for p in caught.value.problems if p.code == "LOAD001"]
    assert [p.source for p in problems] == [str(hidden)]
    assert "cannot read the directory" in problems[0].message


def test_the_output_file_may_not_be_an_input_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "v.toml").write_text(VALID, encoding="utf-8")
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "w.toml").write_text(VALID, encoding="utf-8")
    for paths, output in (
        (["v.toml"], "v.toml"),
        (["v.toml"], "./v.toml"),
        (["d"], "d/w.toml"),
    ):
        assert main(["check", *paths, "--output-file", output]) == 2
        err = capsys.readouterr().err
        assert "--output-file: " in err
        assert "is one of the files being read" in err
    assert (tmp_path / "v.toml").read_text(encoding="utf-8") == VALID
    assert (tmp_path / "d" / "w.toml").read_text(encoding="utf-8") == VALID
