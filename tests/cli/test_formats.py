"""The output formats as pure functions: findings and load problems in, text out."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._documents import FAILING, VALID
from tests._hypothesis import scaled

from velfaerd.cli import _formats, main
from velfaerd.cli._formats import _flat, printable
from velfaerd.errors import Problem
from velfaerd.report import Finding, Report, RuleStatus
from velfaerd.rules import Rule

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from pathlib import Path

    from velfaerd.rules import Context, Violation

    #: The ``check_sarif`` fixture: what is wrong with a SARIF log.
    SarifCheck = Callable[[Any, set[str]], list[str]]


def _no_violations(context: Context) -> Iterable[Violation]:
    del context
    return ()


def _rule(code: str, severity: str, name: str) -> Rule:
    return Rule(
        code=code,
        name=name,
        severity=severity,
        summary=f"summary of {code}",
        description=f"What {code} checks.",
        why="Because.",
        failing='id = "x"',
        fixed='id = "y"',
        check=_no_violations,
        messages={"default": "message"},
    )


RULES = (
    _rule("AGR002", "error", "too-few-parties"),
    _rule("COV002", "warning", "commitment-without-goal"),
    _rule("MIL009", "info", "some-information"),
)

ERROR = Finding(
    code="AGR002",
    severity="error",
    message="agreement 'a' has 1 party",
    subject="a",
    source="data/b.toml",
    path="agreements[0].parties",
    line=7,
    evidence={"parties": ["byraadet"]},
)
WARNING = Finding(
    code="COV002",
    severity="warning",
    message="commitment 'c' has no goal, 100%: yes, really",
    subject="c",
    source="data/a.toml",
    path="agreements[0].commitments[1]",
)
INFO = Finding(
    code="MIL009",
    severity="info",
    message="line one\nline two\r",
    source="data/a,b:c.toml",
    path="agreements[1]",
    line=3,
)
PROBLEM = Problem(
    code="LOAD002",
    message="not valid TOML: expected '=' after a key",
    source="data/c.toml",
    line=4,
    column=9,
)
FILE_PROBLEM = Problem(code="LOAD001", message="cannot read the file", source="data/d.toml")

ITEMS: tuple[Finding | Problem, ...] = (ERROR, WARNING, INFO, PROBLEM, FILE_PROBLEM)


def summary(items: Iterable[Finding | Problem] = ITEMS) -> _formats.Summary:
    return _formats.Summary.of(items)


def test_summary_counts_load_problems_as_errors() -> None:
    counts = summary()
    assert (counts.errors, counts.warnings, counts.infos) == (3, 1, 1)
    assert not counts.ok
    said = json.loads(_formats.format_json(ITEMS, counts))["summary"]
    assert said == {"errors": 3, "warnings": 1, "infos": 1, "waived": 0, "known": 0, "ok": False}


def test_locations() -> None:
    assert _formats.location(ERROR) == "data/b.toml:7:1"
    assert _formats.location(WARNING) == "data/a.toml::agreements[0].commitments[1]"
    assert _formats.location(Finding.from_problem(PROBLEM)) == "data/c.toml:4:9"
    assert _formats.location(Finding.from_problem(FILE_PROBLEM)) == "data/d.toml"
    nowhere = Finding(code="REF001", severity="error", message="m")
    assert _formats.location(nowhere) == "<unknown>"


def test_text_groups_by_file_and_counts() -> None:
    text = _formats.format_text(ITEMS, summary())
    blocks = text.rstrip("\n").split("\n\n")
    assert blocks == [
        "data/a,b:c.toml:3:1: MIL009 [info] line one line two",
        (
            "data/a.toml::agreements[0].commitments[1]: COV002 [warning] "
            "commitment 'c' has no goal, 100%: yes, really"
        ),
        "data/b.toml:7:1: AGR002 [error] agreement 'a' has 1 party",
        "data/c.toml:4:9: LOAD002 [error] not valid TOML: expected '=' after a key",
        "data/d.toml: LOAD001 [error] cannot read the file",
        "Found 3 errors, 1 warning, 1 info in 5 files.",
    ]
    assert "\x1b[" not in text


def test_text_when_all_is_well() -> None:
    assert _formats.format_text([], summary([])) == "All checks passed.\n"


def test_text_says_how_many_findings_were_waived() -> None:
    counts = _formats.Summary(waived=(ERROR,))
    assert _formats.format_text([], counts) == "All checks passed. 1 finding waived.\n"


def test_text_singular_and_plural() -> None:
    assert _formats.format_text([ERROR], summary([ERROR])).endswith(
        "Found 1 error, 0 warnings in 1 file.\n"
    )


def test_text_without_the_closing_line() -> None:
    text = _formats.format_text([ERROR], summary([ERROR]), closing=False)
    assert text == "data/b.toml:7:1: AGR002 [error] agreement 'a' has 1 party\n"
    assert _formats.format_text([], summary([]), closing=False) == ""


def test_text_in_colour() -> None:
    text = _formats.format_text([ERROR, WARNING], summary([ERROR, WARNING]), color=True)
    assert "\x1b[1;31mAGR002\x1b[0m" in text
    assert "\x1b[1;33mCOV002\x1b[0m" in text
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert plain == _formats.format_text([ERROR, WARNING], summary([ERROR, WARNING]))


def test_concise_is_one_line_per_finding() -> None:
    text = _formats.format_concise([ERROR, WARNING, PROBLEM], summary())
    assert text.splitlines() == [
        (
            "data/a.toml::agreements[0].commitments[1]: COV002 [warning] "
            "commitment 'c' has no goal, 100%: yes, really"
        ),
        "data/b.toml:7:1: AGR002 [error] agreement 'a' has 1 party",
        "data/c.toml:4:9: LOAD002 [error] not valid TOML: expected '=' after a key",
    ]
    assert _formats.format_concise([], summary([])) == ""


def test_json_has_the_shape_of_a_report() -> None:
    data = json.loads(_formats.format_json(ITEMS, summary()))
    assert list(data) == ["version", "lang", "as_of", "findings", "waived", "rules", "summary"]
    assert data["version"] == 1
    assert [finding["code"] for finding in data["findings"]] == [
        "MIL009",
        "COV002",
        "AGR002",
        "LOAD002",
        "LOAD001",
    ]
    load = next(finding for finding in data["findings"] if finding["code"] == "LOAD002")
    assert len(load.pop("fingerprint")) == 32
    assert load == {
        "code": "LOAD002",
        "severity": "error",
        "message": "not valid TOML: expected '=' after a key",
        "subject": "",
        "source": "data/c.toml",
        "path": "",
        "line": 4,
        "evidence": {},
    }
    assert data["summary"]["errors"] == 3


def test_json_equals_report_to_dict_without_load_problems() -> None:
    report = Report.build(
        [ERROR, WARNING],
        waived=[INFO],
        rules=[RuleStatus(code="AGR002", ran=True), RuleStatus(code="MIL005", ran=False)],
        as_of="2024-01-01",
    )
    data = json.loads(
        _formats.format_json(report.findings, _formats.Summary.of([ERROR, WARNING], report))
    )
    assert data == json.loads(json.dumps(report.to_dict()))


def test_sarif_structure(check_sarif: SarifCheck) -> None:
    log = json.loads(_formats.format_sarif(ITEMS, summary(), rules=RULES, version="1.2.3"))
    expected = {rule.code for rule in RULES} | {f"LOAD00{n}" for n in range(1, 6)}
    assert check_sarif(log, expected) == []
    driver = log["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("velfaerd", "1.2.3")
    levels = {rule["id"]: rule["defaultConfiguration"]["level"] for rule in driver["rules"]}
    assert levels["AGR002"] == "error"
    assert levels["COV002"] == "warning"
    assert levels["MIL009"] == "note"
    assert levels["LOAD003"] == "error"
    results = log["runs"][0]["results"]
    assert len(results) == len(ITEMS)
    by_code = {result["ruleId"]: result for result in results}
    assert by_code["LOAD002"]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 4,
        "startColumn": 9,
    }
    assert by_code["AGR002"]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "data/b.toml",
        "uriBaseId": "%SRCROOT%",
    }
    warning = by_code["COV002"]["locations"][0]
    assert "region" not in warning["physicalLocation"]
    assert warning["logicalLocations"][0]["fullyQualifiedName"] == ("agreements[0].commitments[1]")
    assert by_code["MIL009"]["level"] == "note"


def test_sarif_uri_of_an_absolute_path_and_odd_names() -> None:
    finding = Finding(
        code="AGR002", severity="error", message="m", source="/srv/aftaler/ø #1.toml", line=1
    )
    log = json.loads(_formats.format_sarif([finding], summary([finding]), rules=RULES, version=""))
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri == {"uri": "file:///srv/aftaler/%C3%B8%20%231.toml"}


def test_sarif_with_no_findings_still_lists_every_rule(check_sarif: SarifCheck) -> None:
    log = json.loads(_formats.format_sarif([], summary([]), rules=RULES, version="0"))
    assert log["runs"][0]["results"] == []
    assert check_sarif(log, {rule.code for rule in RULES}) == []


GITHUB_LINE = re.compile(
    r"::(?P<command>error|warning|notice) "
    r"(?:file=(?P<file>[^,:\r\n]+),)?(?:line=(?P<line>[1-9]\d*),col=(?P<col>[1-9]\d*),)?"
    r"title=(?P<title>[A-Z]+[0-9]{3})"
    r"::(?P<message>(?:[^%\r\n]|%25|%0D|%0A)*)"
)


def _parse_github(text: str) -> list[dict[str, Any]]:
    assert text.endswith("\n")
    lines = text[:-1].split("\n")
    parsed = []
    for line in lines:
        match = GITHUB_LINE.fullmatch(line)
        assert match is not None, line
        parsed.append(match.groupdict())
    return parsed


def test_github_commands_line_by_line() -> None:
    parsed = _parse_github(_formats.format_github(ITEMS, summary()))
    assert [(entry["command"], entry["title"]) for entry in parsed] == [
        ("notice", "MIL009"),
        ("warning", "COV002"),
        ("error", "AGR002"),
        ("error", "LOAD002"),
        ("error", "LOAD001"),
    ]
    notice, warning, error, invalid, unreadable = parsed
    assert notice["file"] == "data/a%2Cb%3Ac.toml"
    assert notice["message"] == "line one%0Aline two%0D"
    assert warning["line"] is None
    assert warning["message"] == (
        "agreements[0].commitments[1]: commitment 'c' has no goal, 100%25: yes, really"
    )
    assert (error["file"], error["line"], error["col"]) == ("data/b.toml", "7", "1")
    assert unreadable["line"] is None
    assert (invalid["line"], invalid["col"]) == ("4", "9")


def test_github_with_nothing_found() -> None:
    assert _formats.format_github([], summary([])) == ""


def test_statistics() -> None:
    names = {"AGR002": "too-few-parties", "LOAD002": "invalid-toml"}
    text = _formats.format_statistics([ERROR, ERROR, PROBLEM, WARNING], names)
    assert text.splitlines() == [
        "2  AGR002   [error]    too-few-parties",
        "1  COV002   [warning]",
        "1  LOAD002  [error]    invalid-toml",
    ]
    data = json.loads(_formats.format_statistics([ERROR, PROBLEM], names, as_json=True))
    assert data == [
        {"code": "AGR002", "name": "too-few-parties", "severity": "error", "count": 1},
        {"code": "LOAD002", "name": "invalid-toml", "severity": "error", "count": 1},
    ]
    assert _formats.format_statistics([], names) == "All checks passed.\n"


@pytest.mark.parametrize("name", _formats.FORMATS)
def test_render_dispatches_every_format(name: str) -> None:
    text = _formats.render(name, [ERROR], summary([ERROR]), rules=RULES, version="0")
    assert "AGR002" in text


def test_render_rejects_an_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown output format"):
        _formats.render("xml", [], summary([]))


def test_a_load_problem_is_shown_as_an_error() -> None:
    assert summary([PROBLEM]).errors == 1
    shown = _formats.format_concise([PROBLEM], summary([PROBLEM]))
    assert shown.startswith("data/c.toml:4:9: LOAD002 [error] ")


def test_concise_keeps_a_multi_line_message_on_one_line() -> None:
    assert _formats.format_concise([INFO], summary([INFO])) == (
        "data/a,b:c.toml:3:1: MIL009 [info] line one line two\n"
    )


def test_every_format_follows_the_lines_of_a_file() -> None:
    late = Finding(
        code="MIL003",
        severity="warning",
        message="late",
        source="a.toml",
        path="agreements[0].milestones[18].due",
        line=563,
    )
    early = Finding(
        code="AGR002",
        severity="error",
        message="early",
        source="a.toml",
        path="agreements[0].parties",
        line=139,
    )
    concise = _formats.format_concise([late, early], _formats.Summary.of([late, early]))
    assert concise.splitlines() == [
        "a.toml:139:1: AGR002 [error] early",
        "a.toml:563:1: MIL003 [warning] late",
    ]
    # json (and SARIF, and the report itself) in the same order as the text (issue 18.21).
    data = json.loads(_formats.format_json([late, early], _formats.Summary.of([early, late])))
    assert [f["code"] for f in data["findings"]] == ["AGR002", "MIL003"]
    report = Report.build([late, early])
    assert report.findings == (early, late)


# Issue 14 (items 27, 28, 30): what a new user meets first.
def test_concise_output_keeps_the_severity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = VALID.replace('parties = ["byraadet", "auraskolen"]', 'parties = ["byraadet"]', 1)
    (tmp_path / "v.toml").write_text(text, encoding="utf-8")
    assert main(["check", "v.toml", "--output-format", "concise"]) == 1
    assert ": AGR002 [error] " in capsys.readouterr().out


# Issue 14 (items 8, 9, 14-22, 24, 26): a clear message, never an internal error.
@pytest.mark.parametrize("output_format", ["text", "concise", "github"])
def test_control_characters_in_file_names_are_escaped(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    output_format: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    name = "a\x1b[2J\nb.toml"
    (tmp_path / name).write_text(FAILING, encoding="utf-8")
    assert main(["check", name, "--output-format", output_format]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "AGR002" in out


#: How messages were put on one line before issue 18: ``\s*`` tried every split of a run
#: of spaces that no line break ended (20,000 spaces took 5 s). The oracle below.
_OLD_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


# Issue 18 (items 13, 14, 16): a hostile text or anchor is a load problem or a finding.
@given(st.text(alphabet=" \t\n\r\xa0\u2028ab'"))
@scaled(300)
def test_a_message_is_put_on_one_line_as_before(message: str) -> None:
    assert _flat(message) == printable(_OLD_LINE_BREAKS.sub(" ", message).strip())
