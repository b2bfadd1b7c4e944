"""Items 27, 28 and 30 of issue 14: what a new user meets first."""

from __future__ import annotations

from pathlib import Path

import pytest

import velfaerd
from velfaerd.cli import main

ROOT = Path(__file__).parent.parent.parent
VALID = (ROOT / "tests" / "data" / "valid.toml").read_text(encoding="utf-8")


def test_an_unknown_step_gets_a_did_you_mean() -> None:
    text = VALID.replace('step = "bestyrelse"', 'step = "bestyrelsen"', 1)
    report = velfaerd.check(velfaerd.loads(text))
    (finding,) = [f for f in report.findings if f.code == "REF002"]
    assert finding.message.endswith("did you mean 'bestyrelse'?")


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


def test_concise_output_keeps_the_severity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = VALID.replace('parties = ["byraadet", "auraskolen"]', 'parties = ["byraadet"]', 1)
    (tmp_path / "v.toml").write_text(text, encoding="utf-8")
    assert main(["check", "v.toml", "--output-format", "concise"]) == 1
    assert ": AGR002 [error] " in capsys.readouterr().out


def test_the_readme_sample_message_is_the_real_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    text = VALID.replace('parties = ["byraadet", "auraskolen"]', 'parties = ["byraadet"]', 1)
    report = velfaerd.check(velfaerd.loads(text))
    (finding,) = [f for f in report.findings if f.code == "AGR002"]
    assert f"AGR002 [error] {finding.message}" in readme


# The tutorial has none: it shows its files and outputs inline (tests/test_docs_tutorial.py).
@pytest.mark.parametrize("page", ["dates", "cli", "api"])
def test_pages_with_generated_parts_say_where_the_built_page_is(page: str) -> None:
    text = (ROOT / "docs" / f"{page}.md").read_text(encoding="utf-8")
    head = "\n".join(text.splitlines()[:8])
    assert "Reading this on GitHub?" in head
    assert f"docs/_build/html/{page}.html" in head
