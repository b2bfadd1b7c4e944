"""The command line: formats, flags, exit codes.

Most tests call ``velfaerd.cli.main`` in this process (the module's ``run`` fixture),
which is what the installed script runs; the tests at the end run the installed script
and ``python -m velfaerd`` in subprocesses, to show that the two are the same.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tests._documents import FAILING, VALID

import velfaerd
from velfaerd import cli
from velfaerd.cli import main
from velfaerd.rules import _engine as _checking
from velfaerd.rules import all_rules

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    #: The ``run`` fixture: the command line, in this process or in a subprocess.
    Run = Callable[..., subprocess.CompletedProcess[str]]
    #: The ``check_sarif`` fixture: what is wrong with a SARIF log.
    SarifCheck = Callable[[Any, set[str]], list[str]]

FORMATS = ("text", "concise", "json", "sarif", "github")
LOAD_CODES = {f"LOAD00{n}" for n in range(1, 6)}
TEXT_LINE = re.compile(
    r"(?P<file>[^\s:]+):(?:(?P<line>\d+):(?P<col>\d+)|:(?P<path>\S+)): "
    r"(?P<code>[A-Z]+\d{3}) \[(?P<severity>error|warning|info)\] (?P<message>.+)"
)
GITHUB_LINE = re.compile(
    r"::(?P<command>error|warning|notice) "
    r"(?:file=(?P<file>[^,:\r\n]+),)?(?:line=(?P<line>[1-9]\d*),col=(?P<col>[1-9]\d*),)?"
    r"title=(?P<title>[A-Z]+[0-9]{3})"
    r"::(?P<message>(?:[^%\r\n]|%25|%0D|%0A)*)"
)


def assert_misuse(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    """Exit 2 with one line on stderr, ``velfaerd: error: …``, naming the fragments."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr.startswith("velfaerd: error: "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stdout == ""
    for fragment in fragments:
        assert fragment in result.stderr


@pytest.fixture
def run(run_in_process: Run) -> Run:
    """The command line in this process (see the module's docstring)."""
    return run_in_process


@pytest.fixture
def data(tmp_path: Path, valid_source: str, error_source: str, warning_source: str) -> Path:
    """``data/`` in the working directory, with a valid, an error and a warning file."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "valid.toml").write_text(valid_source, encoding="utf-8")
    (folder / "error.toml").write_text(error_source, encoding="utf-8")
    (folder / "warning.toml").write_text(warning_source, encoding="utf-8")
    return folder


@pytest.fixture
def malformed(tmp_path: Path) -> Path:
    """A file that is not valid TOML (on its line 3)."""
    path = tmp_path / "malformed.toml"
    path.write_text('[[actors]]\nid = "a"\nname = "unterminated\n', encoding="utf-8")
    return path


@pytest.fixture
def binary(tmp_path: Path) -> Path:
    """A file that is not UTF-8 text."""
    path = tmp_path / "binary.toml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    return path


# --- exit 0 -----------------------------------------------------------------------------


@pytest.mark.parametrize("output_format", FORMATS)
def test_a_valid_file_exits_0_in_every_format(run: Run, output_format: str) -> None:
    result = run("check", "data/valid.toml", "--output-format", output_format)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    if output_format == "text":
        assert result.stdout == "All checks passed.\n"
    elif output_format in {"concise", "github"}:
        assert result.stdout == ""
    else:
        json.loads(result.stdout)


@pytest.fixture(autouse=True)
def _data_for_every_test(data: Path) -> None:
    del data


def test_warnings_alone_exit_0(run: Run) -> None:
    result = run("check", "data/warning.toml")
    assert result.returncode == 0, result.stdout
    assert "COV002 [warning]" in result.stdout
    assert "Found 0 errors, " in result.stdout


def test_warnings_as_errors_exits_1(run: Run) -> None:
    assert run("check", "--warnings-as-errors", "data/warning.toml").returncode == 1
    assert run("check", "--warnings-as-errors", "data/valid.toml").returncode == 0


# --- exit 1 -----------------------------------------------------------------------------


@pytest.mark.parametrize("output_format", FORMATS)
def test_an_error_finding_exits_1_in_every_format(run: Run, output_format: str) -> None:
    result = run("check", "data/error.toml", "--output-format", output_format)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr == ""
    assert "AGR002" in result.stdout


def test_text_output_names_file_line_and_column(run: Run, data: Path) -> None:
    result = run("check", "data/error.toml")
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("Found ")
    assert lines[-1].endswith(" in 1 file.")
    findings = [TEXT_LINE.fullmatch(line) for line in lines[:-2] if line]
    assert all(findings), lines
    agr = next(match for match in findings if match is not None and match["code"] == "AGR002")
    assert agr["file"] == "data/error.toml"
    assert agr["severity"] == "error"
    assert agr["line"] is not None
    source_lines = (data / "error.toml").read_text(encoding="utf-8").splitlines()
    assert "parties" in source_lines[int(agr["line"]) - 1]


def test_exit_zero_exits_0_despite_errors(run: Run) -> None:
    result = run("check", "--exit-zero", "data/error.toml")
    assert result.returncode == 0
    assert "AGR002 [error]" in result.stdout


@pytest.mark.parametrize("output_format", FORMATS)
def test_malformed_toml_is_a_load_problem_in_every_format(
    run: Run, malformed: Path, output_format: str
) -> None:
    result = run("check", malformed.name, "--output-format", output_format)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr == ""
    assert "LOAD002" in result.stdout
    if output_format == "text":
        assert re.search(r"^malformed\.toml:3:\d+: LOAD002 \[error\] ", result.stdout, re.MULTILINE)
        assert result.stdout.endswith(
            "Found 1 error, 0 warnings in 1 file. Left out, as it could not be loaded: 1 file.\n"
        )
    elif output_format == "concise":
        assert re.fullmatch(r"malformed\.toml:3:\d+: LOAD002 .+\n", result.stdout)
    elif output_format == "json":
        data = json.loads(result.stdout)
        assert data["version"] == 1
        (finding,) = data["findings"]
        assert finding["code"] == "LOAD002"
        assert finding["severity"] == "error"
        assert finding["line"] == 3
        assert finding["evidence"] == {}
        assert data["summary"]["errors"] == 1
        assert data["summary"]["ok"] is False
    elif output_format == "sarif":
        (result_,) = json.loads(result.stdout)["runs"][0]["results"]
        assert result_["ruleId"] == "LOAD002"
        assert result_["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    else:
        assert re.fullmatch(
            r"::error file=malformed\.toml,line=3,col=\d+,title=LOAD002::.+\n", result.stdout
        )


def test_a_binary_file_is_a_load_problem(run: Run, binary: Path) -> None:
    result = run("check", binary.name, "--output-format", "concise")
    assert result.returncode == 1
    assert "LOAD001" in result.stdout
    assert "UTF-8" in result.stdout


def test_load_problems_of_several_files_are_all_shown(
    run: Run, malformed: Path, binary: Path
) -> None:
    result = run("check", malformed.name, binary.name, "data/valid.toml")
    assert result.returncode == 1
    assert "LOAD001" in result.stdout
    assert "LOAD002" in result.stdout
    assert "Found 2 errors, 0 warnings in 2 files." in result.stdout


def test_load_problems_with_exit_zero(run: Run, malformed: Path) -> None:
    assert run("check", "--exit-zero", malformed.name).returncode == 0


def test_unknown_key_and_wrong_type(run: Run, tmp_path: Path) -> None:
    (tmp_path / "typo.toml").write_text(
        '[[actors]]\nid = "a"\nname = "A"\nkind = "council"\nnavn = "x"\n\n'
        '[[actors]]\nid = 5\nname = "B"\nkind = "council"\n',
        encoding="utf-8",
    )
    result = run("check", "typo.toml", "--output-format", "json")
    assert result.returncode == 1
    codes = {(f["code"], f["line"]) for f in json.loads(result.stdout)["findings"]}
    assert ("LOAD004", 5) in codes
    assert ("LOAD003", 8) in codes


def test_a_directory_is_checked_file_by_file(run: Run) -> None:
    result = run("check", "data", "--output-format", "json")
    # The three files define the same ids: REF001 among others.
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert {finding["source"] for finding in data["findings"]} <= {
        "data/valid.toml",
        "data/error.toml",
        "data/warning.toml",
    }


# --- json, sarif and github -------------------------------------------------------------


def test_json_is_report_to_dict(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run("check", "data/error.toml", "--output-format", "json", "--as-of", "2022-06-01")
    data = json.loads(result.stdout)
    monkeypatch.chdir(tmp_path)
    report = velfaerd.check(velfaerd.load("data/error.toml"), as_of=dt.date(2022, 6, 1))
    assert data == json.loads(json.dumps(report.to_dict()))
    assert data["as_of"] == "2022-06-01"


def test_sarif_of_the_real_rules(run: Run, malformed: Path, check_sarif: SarifCheck) -> None:
    expected = {rule.code for rule in all_rules()} | LOAD_CODES
    for args in (("data/error.toml",), ("data/valid.toml",), (malformed.name,)):
        result = run("check", *args, "--output-format", "sarif")
        log = json.loads(result.stdout)
        assert check_sarif(log, expected) == []
        results = log["runs"][0]["results"]
        if args == ("data/valid.toml",):
            assert results == []
        else:
            assert results
            assert any(
                "region" in location["physicalLocation"]
                for result_ in results
                for location in result_["locations"]
            )


def test_sarif_rule_levels_follow_default_severities(run: Run) -> None:
    log = json.loads(run("check", "data/valid.toml", "--output-format", "sarif").stdout)
    levels = {
        rule["id"]: rule["defaultConfiguration"]["level"]
        for rule in log["runs"][0]["tool"]["driver"]["rules"]
    }
    mapping = {"error": "error", "warning": "warning", "info": "note"}
    for rule in all_rules():
        assert levels[rule.code] == mapping[rule.severity.value]


def test_github_output_line_by_line(run: Run, malformed: Path) -> None:
    lines = [
        *run("check", "data/error.toml", "--output-format", "github").stdout.splitlines(),
        *run("check", malformed.name, "--output-format", "github").stdout.splitlines(),
    ]
    for line in lines:
        match = GITHUB_LINE.fullmatch(line)
        assert match is not None, line
        assert match["file"] in {"data/error.toml", "malformed.toml"}
    assert any(line.startswith("::error file=data/error.toml,line=") for line in lines)
    assert any("title=AGR002::" in line for line in lines)
    assert any(line.startswith("::error file=malformed.toml,line=3,") for line in lines)


# --- flags ------------------------------------------------------------------------------


def test_select_and_ignore(run: Run) -> None:
    selected = run("check", "data/error.toml", "--select", "AGR", "--output-format", "json")
    assert {f["code"] for f in json.loads(selected.stdout)["findings"]} == {"AGR002"}
    ignored = run("check", "data/error.toml", "--ignore", "agr002,COV004")
    assert ignored.returncode == 0, ignored.stdout
    assert "AGR002" not in ignored.stdout


def test_extend_select_adds_to_the_selection(run: Run) -> None:
    result = run(
        "check", "data/error.toml", "--select", "COV", "--extend-select", "AGR002",
        "--output-format", "json",
    )  # fmt: skip
    assert "AGR002" in {f["code"] for f in json.loads(result.stdout)["findings"]}


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--select", "XYZ001"),
        ("--select", "REV9"),
        ("--ignore", "AGR002,NOPE"),
        ("--extend-select", "LOAD001"),
        ("--select", "REV-001"),
    ],
)
def test_an_unknown_code_or_prefix_is_misuse(run: Run, option: str, value: str) -> None:
    assert_misuse(run("check", "data/valid.toml", option, value), option)


def test_an_unknown_code_suggests_the_nearest(run: Run) -> None:
    assert_misuse(run("check", "data/valid.toml", "--select", "REV01"), "did you mean", "REV001")


def test_as_of(run: Run) -> None:
    result = run("check", "data/valid.toml", "--as-of", "2022-06-01", "--output-format", "json")
    assert json.loads(result.stdout)["as_of"] == "2022-06-01"
    today = run("check", "data/valid.toml", "--as-of", "today", "--output-format", "json")
    assert today.returncode in {0, 1}
    assert json.loads(today.stdout)["as_of"] is not None


@pytest.mark.parametrize("value", ["2022-13-01", "1. juni 2022", "yesterday", ""])
def test_a_bad_as_of_is_misuse(run: Run, value: str) -> None:
    assert_misuse(run("check", "data/valid.toml", "--as-of", value), "--as-of")


def test_output_file(run: Run, tmp_path: Path) -> None:
    result = run("check", "data/error.toml", "--output-format", "json", "--output-file", "o.json")
    assert result.returncode == 1
    assert result.stdout == ""
    data = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    assert "AGR002" in {finding["code"] for finding in data["findings"]}


def test_output_file_that_cannot_be_written_is_misuse(run: Run) -> None:
    assert_misuse(
        run("check", "data/valid.toml", "--output-file", "no/such/dir/o.txt"), "cannot write"
    )


def test_statistics(run: Run) -> None:
    result = run("check", "data/error.toml", "--statistics")
    assert result.returncode == 1
    assert re.search(r"^1\s+AGR002\s+\[error\]\s+\S+", result.stdout, re.MULTILINE)
    as_json = run("check", "data/error.toml", "--statistics", "--output-format", "json")
    rows = {row["code"]: row for row in json.loads(as_json.stdout)}
    assert rows["AGR002"]["count"] == 1


def test_quiet_prints_only_findings(run: Run) -> None:
    assert run("check", "-q", "data/valid.toml").stdout == ""
    result = run("check", "-q", "data/error.toml")
    assert result.returncode == 1
    assert "Found" not in result.stdout
    assert "AGR002 [error]" in result.stdout


def test_verbose_talks_on_stderr(run: Run) -> None:
    result = run("check", "-v", "data/valid.toml")
    assert result.returncode == 0
    assert result.stdout == "All checks passed.\n"
    assert "velfaerd: configuration: none found" in result.stderr
    assert "did not run" in result.stderr  # MIL005 needs --as-of


def test_quiet_and_verbose_together_is_misuse(run: Run) -> None:
    assert_misuse(run("check", "-q", "-v", "data/valid.toml"))


def test_no_plugins(run: Run) -> None:
    assert run("check", "--no-plugins", "data/valid.toml").returncode == 0


def test_no_colour_when_piped_or_no_color(run: Run) -> None:
    for env in ({}, {"NO_COLOR": "1"}):
        assert "\x1b[" not in run("check", "data/error.toml", env=env).stdout


# --- configuration ----------------------------------------------------------------------


def test_velfaerd_toml_is_found_in_the_working_directory(run: Run, tmp_path: Path) -> None:
    (tmp_path / "velfaerd.toml").write_text('ignore = ["AGR002", "COV004"]\n', encoding="utf-8")
    assert run("check", "data/error.toml").returncode == 0


def test_pyproject_in_a_parent_directory(run: Run, tmp_path: Path, error_source: str) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.velfaerd]\nignore = ["AGR", "COV004"]\n',
        encoding="utf-8",
    )
    below = tmp_path / "a" / "b"
    below.mkdir(parents=True)
    (below / "aftale.toml").write_text(error_source, encoding="utf-8")
    result = run("check", "-v", "aftale.toml", cwd=below)
    assert result.returncode == 0, result.stdout
    assert "pyproject.toml" in result.stderr


def test_flags_win_over_the_configuration(run: Run, tmp_path: Path) -> None:
    (tmp_path / "velfaerd.toml").write_text('ignore = ["AGR002"]\n', encoding="utf-8")
    assert run("check", "data/error.toml", "--select", "AGR002").returncode == 1
    assert run("check", "data/error.toml", "--extend-select", "AGR").returncode == 1


def test_config_flag(run: Run, tmp_path: Path) -> None:
    (tmp_path / "elsewhere.toml").write_text('ignore = ["AGR002", "COV004"]\n', encoding="utf-8")
    assert run("check", "--config", "elsewhere.toml", "data/error.toml").returncode == 0
    assert_misuse(run("check", "--config", "missing.toml", "data/error.toml"), "missing.toml")


def test_per_file_ignores_match_the_path_as_given(run: Run, tmp_path: Path) -> None:
    (tmp_path / "velfaerd.toml").write_text(
        '[per-file-ignores]\n"data/err*.toml" = ["AGR002", "COV004"]\n', encoding="utf-8"
    )
    assert run("check", "data/error.toml").returncode == 0
    (tmp_path / "velfaerd.toml").write_text(
        '[per-file-ignores]\n"other/*.toml" = ["AGR002", "COV004"]\n', encoding="utf-8"
    )
    assert run("check", "data/error.toml").returncode == 1


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("select = [\n", "not valid TOML"),
        ('selct = ["REV"]\n', "selct"),
        ('select = "REV"\n', "select"),
        ('ignore = ["NOPE001"]\n', "NOPE001"),
        ('[severity]\nREV001 = "fatal"\n', "fatal"),
        ('[per-file-ignores]\n"*.toml" = ["ZZZ"]\n', "ZZZ"),
    ],
)
def test_a_broken_velfaerd_toml_is_misuse(
    run: Run, tmp_path: Path, content: str, fragment: str
) -> None:
    (tmp_path / "velfaerd.toml").write_text(content, encoding="utf-8")
    assert_misuse(run("check", "data/valid.toml"), "velfaerd.toml", fragment)


def test_a_binary_velfaerd_toml_is_misuse(run: Run, tmp_path: Path) -> None:
    (tmp_path / "velfaerd.toml").write_bytes(b"\xff\xfe\x00")
    assert_misuse(run("check", "data/valid.toml"), "velfaerd.toml")


# --- misuse -----------------------------------------------------------------------------


def test_a_missing_path_is_misuse(run: Run) -> None:
    assert_misuse(run("check", "data/valid.toml", "nowhere.toml"), "nowhere.toml")


@pytest.mark.parametrize(
    "args",
    [
        ("--bogus",),
        ("check", "--bogus", "data/valid.toml"),
        ("check",),
        ("check", "data/valid.toml", "--output-format", "xml"),
        ("frobnicate",),
        (),
        ("rules", "--output-format", "sarif"),
        ("explain",),
    ],
)
def test_argument_errors_are_one_line(run: Run, args: tuple[str, ...]) -> None:
    assert_misuse(run(*args))


# --- rules, explain, version ------------------------------------------------------------


def test_rules_table_by_family(run: Run) -> None:
    result = run("rules")
    assert result.returncode == 0
    for rule in all_rules():
        assert re.search(rf"^  {rule.code}\s+{re.escape(rule.name)} ", result.stdout, re.MULTILINE)
    for family in ("references", "coverage", "reviews", "approvals", "milestones", "agreements"):
        assert re.search(rf"^[A-Z]+  {family}$", result.stdout, re.MULTILINE)


def test_rules_as_json(run: Run) -> None:
    result = run("rules", "--output-format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert [row["code"] for row in data] == [rule.code for rule in all_rules()]
    assert set(data[0]) >= {"code", "name", "family", "severity", "summary"}


def test_explain(run: Run) -> None:
    result = run("explain", "rev001")
    assert result.returncode == 0
    assert result.stdout.startswith("# REV001 (")
    assert "```toml" in result.stdout
    assert run("explain", "LOAD004").returncode == 0


def test_explain_an_unknown_code(run: Run) -> None:
    assert_misuse(run("explain", "REV01"), "REV01", "did you mean", "REV001")
    assert_misuse(run("explain", "NOPE"))


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout == f"velfaerd {velfaerd.__version__}\n"


# --- the installed script, in subprocesses ------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("check", "data/valid.toml"), 0, "All checks passed."),
        (("check", "data/error.toml", "--output-format", "json"), 1, '"AGR002"'),
        (("check", "nowhere.toml"), 2, "velfaerd: error: "),
        (("--version",), 0, f"velfaerd {velfaerd.__version__}"),
    ],
)
def test_the_installed_script_is_the_same_command(
    run_script: Run, run: Run, args: tuple[str, ...], code: int, fragment: str
) -> None:
    result = run_script(*args)
    assert result.returncode == code
    assert fragment in result.stdout + result.stderr
    in_process = run(*args)
    assert (result.returncode, result.stdout, result.stderr) == (
        in_process.returncode,
        in_process.stdout,
        in_process.stderr,
    )


def test_python_dash_m(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "velfaerd",
            "check",
            "data/error.toml",
            "--output-format",
            "concise",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "AGR002" in result.stdout


# --- in process: what a subprocess cannot easily provoke --------------------------------


def test_an_internal_error_is_one_line_with_a_hint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def explode(*_args: object, **_kwargs: object) -> None:
        msg = "boom"
        raise RuntimeError(msg)

    # Checked, not found in the cache of whole runs (which an earlier test may have filled).
    monkeypatch.setattr(_checking, "check", explode)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check", "--no-cache", "data/valid.toml"]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        "velfaerd: error: internal error: RuntimeError: boom "
        "(rerun with --traceback to see where)\n"
    )
    assert cli.main(["check", "--no-cache", "--traceback", "data/valid.toml"]) == 2
    assert "Traceback" in capsys.readouterr().err


def test_colour_on_a_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli.main(["check", "data/error.toml"]) == 1
    assert "\x1b[1;31mAGR002" in terminal.getvalue()
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli.main(["check", "data/error.toml"]) == 1
    assert "\x1b[" not in terminal.getvalue()


def test_main_returns_0_for_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == 0
    assert "check" in capsys.readouterr().out


def test_pre_commit_hooks_run_the_check_command() -> None:
    yaml = pytest.importorskip("yaml")
    root = Path(__file__).parent.parent.parent
    hooks = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {hook["id"]: hook for hook in hooks}
    assert set(by_id) == {"velfaerd", "velfaerd-all"}
    for hook in hooks:
        assert hook["entry"] == "velfaerd check"
        assert hook["language"] == "python"
        assert hook["types"] == ["toml"]
        assert {"id", "name", "entry", "language"} <= set(hook)
    assert by_id["velfaerd-all"]["pass_filenames"] is False


def test_importing_the_cli_is_light() -> None:
    code = "import sys, velfaerd.cli; print(sorted({'networkx', 'hypothesis'} & set(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout == "[]\n"


# Issue 14 (items 2-6): an input once silently taken the wrong way.
def test_an_empty_select_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "v.toml").write_text(FAILING, encoding="utf-8")
    for given in ("", " ", ","):
        assert main(["check", "v.toml", "--select", given]) == 2
        assert "--select: no rule code or prefix given" in capsys.readouterr().err


# Issue 14 (items 2-6): an input once silently taken the wrong way.
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


# Issue 14 (items 27, 28, 30): what a new user meets first.
def test_explain_takes_a_rule_name_and_wraps_its_lines(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "annual-review-scheduled"]) == 0
    by_name = capsys.readouterr().out
    assert main(["explain", "REV001"]) == 0
    assert capsys.readouterr().out == by_name
    assert by_name.startswith("# REV001 (annual-review-scheduled)")
    assert "## What it checks" in by_name
    prose = by_name.split("```")[0]
    assert max(len(line) for line in prose.splitlines()) <= 88
    assert main(["explain", "unreadable-file"]) == 0
    assert "LOAD001" in capsys.readouterr().out


# Issue 14 (items 8, 9, 14-22, 24, 26): a clear message, never an internal error.
def test_the_cli_takes_a_file_size_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "v.toml").write_text(VALID, encoding="utf-8")
    assert main(["check", "v.toml", "--max-file-size", "10"]) == 1
    assert "LOAD001" in capsys.readouterr().out
    assert main(["check", "v.toml", "--max-file-size", "0"]) == 2
    assert "--max-file-size" in capsys.readouterr().err


# Issue 14 (items 8, 9, 14-22, 24, 26): a clear message, never an internal error.
def test_a_file_name_that_is_not_utf8_with_an_output_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    name = os.fsdecode(b"\xff-aftale.toml")
    try:
        (tmp_path / name).write_text(FAILING, encoding="utf-8")
    except (OSError, UnicodeEncodeError):  # pragma: no cover - a file system of UTF-8 names
        pytest.skip("the file system takes only UTF-8 names")
    for output_format in ("text", "json", "sarif"):
        assert main(["check", name, "--output-format", output_format, "--output-file", "o"]) == 1
        assert "AGR002" in (tmp_path / "o").read_text(encoding="utf-8")


# Issue 14 (items 8, 9, 14-22, 24, 26): a clear message, never an internal error.
def test_statistics_takes_only_text_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "v.toml").write_text(VALID, encoding="utf-8")
    for output_format in ("sarif", "github", "concise"):
        assert main(["check", "v.toml", "--statistics", "--output-format", output_format]) == 2
        assert "--statistics prints text or json" in capsys.readouterr().err


# Issue 14 (items 8, 9, 14-22, 24, 26): a clear message, never an internal error.
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_standard_output_full(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v.toml"
    path.write_text(FAILING, encoding="utf-8")
    with Path("/dev/full").open("w", encoding="utf-8") as full:
        monkeypatch.setattr(sys, "stdout", full)
        assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "cannot write the output" in err
    assert "internal error" not in err


# Issue 14 (items 8, 9, 14-22, 24, 26): a clear message, never an internal error.
@pytest.mark.parametrize("closed", ["none", "closed"])
def test_standard_output_closed(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    closed: str,
) -> None:
    path = tmp_path / "v.toml"
    path.write_text(FAILING, encoding="utf-8")
    stream = None
    if closed == "closed":
        stream = (tmp_path / "out").open("w", encoding="utf-8")
        stream.close()
    monkeypatch.setattr(sys, "stdout", stream)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "cannot write the output" in err
    assert "internal error" not in err


# Issue 14 (items 8, 9, 14-22, 24, 26): a clear message, never an internal error.
def test_the_cli_names_the_key_path_of_a_load_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = VALID.replace('parties = ["byraadet", "auraskolen"]', "parties = {}", 1)
    (tmp_path / "v.toml").write_text(text, encoding="utf-8")
    assert main(["check", "v.toml", "--output-format", "concise"]) == 1
    out = capsys.readouterr().out
    assert ": LOAD003 [error] agreements[0].parties: expected" in out
