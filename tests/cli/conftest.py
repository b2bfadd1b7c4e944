"""Fixtures for the command-line tests: the installed script, and data files to check."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import pytest
from tests._documents import FAILING, VALID

#: The environment variables that choose the command line's language.
LANGUAGE_VARIABLES = ("VELFAERD_LANG", "LC_ALL", "LC_MESSAGES", "LANG")

#: The levels SARIF 2.1.0 allows for a result and a rule's default configuration.
SARIF_LEVELS = {"none", "note", "warning", "error"}


class Run(Protocol):
    def __call__(
        self, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]: ...


def _script() -> str:
    found = shutil.which("velfaerd")
    if found is not None:
        return found
    return str(Path(sys.executable).parent / "velfaerd")


@pytest.fixture(scope="session")
def script() -> str:
    """The installed ``velfaerd`` console script."""
    path = _script()
    if not Path(path).exists():
        pytest.fail(f"the velfaerd console script is not installed: {path}")
    return path


def _subprocess_runner(script: str, tmp_path: Path) -> Run:
    def runner(
        *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        # The language is English unless a test says otherwise, whatever the machine's.
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in {"NO_COLOR", "FORCE_COLOR", "VELFAERD_PLUGINS", *LANGUAGE_VARIABLES}
        }
        environment["LANG"] = "C.UTF-8"
        environment.update(env or {})
        result = subprocess.run(
            [script, *args],
            cwd=cwd or tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )
        assert "Traceback" not in result.stderr, result.stderr
        assert "Traceback" not in result.stdout, result.stdout
        return result

    return runner


@pytest.fixture
def run(script: str, tmp_path: Path) -> Run:
    """Run the console script in ``tmp_path``; no output may hold a traceback."""
    return _subprocess_runner(script, tmp_path)


@pytest.fixture
def run_script(script: str, tmp_path: Path) -> Run:
    """The same as ``run``, under a name a module's own ``run`` fixture does not hide."""
    return _subprocess_runner(script, tmp_path)


@pytest.fixture
def run_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Run:
    """Run ``velfaerd.cli.main`` in this process, as ``run`` runs the script.

    The same working directory, environment and captured output as the ``run``
    fixture, without starting an interpreter: about 50 times faster. The tests of
    what only a real process shows (the installed script, ``python -m``, the
    environment at start-up) use ``run``.
    """
    from velfaerd import cli  # noqa: PLC0415 - only the tests that run it pay for it

    def runner(
        *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        with monkeypatch.context() as scope:
            for key in ("NO_COLOR", "FORCE_COLOR", "VELFAERD_PLUGINS"):
                scope.delenv(key, raising=False)
            for key, value in (env or {}).items():
                scope.setenv(key, value)
            scope.chdir(cwd or tmp_path)
            capsys.readouterr()
            code = cli.main(list(args))
            captured = capsys.readouterr()
        result = subprocess.CompletedProcess(["velfaerd", *args], code, captured.out, captured.err)
        assert "Traceback" not in result.stderr, result.stderr
        assert "Traceback" not in result.stdout, result.stdout
        return result

    return runner


@pytest.fixture(scope="session")
def valid_source() -> str:
    """A portfolio that every rule accepts."""
    return VALID


@pytest.fixture(scope="session")
def error_source(valid_source: str) -> str:
    """The valid portfolio with one party too few: ``AGR002``, an error."""
    assert valid_source != FAILING
    return FAILING


@pytest.fixture(scope="session")
def warning_source(valid_source: str) -> str:
    """The valid portfolio with a commitment without a goal: ``COV002``, a warning."""
    changed = valid_source.replace('goals = ["Færre elever i segregerede tilbud."]\n', "")
    assert changed != valid_source
    return changed


def _rule_problems(rules: list[Any], expected: set[str]) -> list[str]:
    problems: list[str] = []
    ids = [rule.get("id") for rule in rules]
    if len(ids) != len(set(ids)):
        problems.append("rule ids are not unique")
    missing = expected - set(ids)
    if missing:
        problems.append(f"rules missing from tool.driver.rules: {sorted(missing)}")
    for rule in rules:
        problems.extend(
            f"rule {rule.get('id')} has no {key}"
            for key in ("id", "name", "shortDescription", "fullDescription")
            if key not in rule
        )
        if not rule.get("shortDescription", {}).get("text"):
            problems.append(f"rule {rule.get('id')} has no shortDescription.text")
        level = rule.get("defaultConfiguration", {}).get("level")
        if level not in SARIF_LEVELS:
            problems.append(f"rule {rule.get('id')} has level {level!r}")
    return problems


def _result_problems(where: str, result: Any, ids: list[str]) -> list[str]:
    problems: list[str] = []
    if not isinstance(result.get("message", {}).get("text"), str):
        problems.append(f"{where}.message.text is missing")
    rule_id = result.get("ruleId")
    index = result.get("ruleIndex", -1)
    if rule_id not in ids:
        problems.append(f"{where}.ruleId {rule_id!r} is not among the rules")
    elif not (isinstance(index, int) and 0 <= index < len(ids) and ids[index] == rule_id):
        problems.append(f"{where}.ruleIndex does not point at {rule_id}")
    if result.get("level") not in SARIF_LEVELS:
        problems.append(f"{where}.level is {result.get('level')!r}")
    for location in result.get("locations", []):
        physical = location.get("physicalLocation")
        if physical is None:
            continue
        if not physical.get("artifactLocation", {}).get("uri"):
            problems.append(f"{where} has no artifactLocation.uri")
        region = physical.get("region")
        if region is not None and not (
            isinstance(region.get("startLine"), int) and region["startLine"] >= 1
        ):
            problems.append(f"{where} has a region without a startLine >= 1")
    return problems


def sarif_problems(log: Any, expected_rules: set[str]) -> list[str]:
    """Check a SARIF 2.1.0 log's structure; return what is wrong (nothing, if valid).

    The required properties of the log, its runs, the tool's driver, the rules
    (reporting descriptors) and the results; every expected rule is among the
    driver's rules, and every result's ``ruleId`` and ``ruleIndex`` name one of them.
    """
    if not isinstance(log, dict):
        return ["the log is not an object"]
    problems: list[str] = []
    if log.get("version") != "2.1.0":
        problems.append(f"version is {log.get('version')!r}, not '2.1.0'")
    schema = str(log.get("$schema", ""))
    if "sarif" not in schema or "2.1.0" not in schema:
        problems.append("$schema does not name SARIF 2.1.0")
    runs = log.get("runs")
    if not isinstance(runs, list) or not runs:
        return [*problems, "runs is not a non-empty array"]
    for run_index, run in enumerate(runs):
        driver = run.get("tool", {}).get("driver")
        if not isinstance(driver, dict):
            problems.append(f"runs[{run_index}].tool.driver is missing")
            continue
        problems.extend(
            f"runs[{run_index}].tool.driver.{key} is missing"
            for key in ("name", "version", "informationUri", "rules")
            if key not in driver
        )
        rules = driver.get("rules", [])
        problems.extend(_rule_problems(rules, expected_rules))
        results = run.get("results")
        if not isinstance(results, list):
            problems.append(f"runs[{run_index}].results is not an array")
            continue
        ids = [rule.get("id") for rule in rules]
        for number, result in enumerate(results):
            problems.extend(_result_problems(f"results[{number}]", result, ids))
    return problems


SarifCheck = Callable[[Any, set[str]], list[str]]


@pytest.fixture(scope="session")
def check_sarif() -> SarifCheck:
    """:func:`sarif_problems`, for the tests of both the formatter and the script."""
    return sarif_problems
