"""``velfaerd status``: the report on a day, in four forms and two languages."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from tests.pictures._documents import EXAMPLES

if TYPE_CHECKING:
    from pathlib import Path

    from tests.cli.conftest import Run


def test_text_is_the_default_and_the_exit_is_zero(run_in_process: Run) -> None:
    result = run_in_process("status", str(EXAMPLES), "--as-of", "2013-09-01")
    assert result.returncode == 0
    assert result.stdout.startswith("Follow-up on 1 September 2013\n")
    assert "Overdue (the date has passed, not met):" in result.stdout


def test_danish_json_markdown_and_html(run_in_process: Run, tmp_path: Path) -> None:
    danish = run_in_process("status", str(EXAMPLES), "--as-of", "2013-09-01", "--lang", "da")
    assert danish.stdout.startswith("Opfølgning pr. 1. september 2013\n")
    data = json.loads(
        run_in_process(
            "status", str(EXAMPLES), "--as-of", "2013-09-01", "--output-format", "json",
            "--within", "8w", "--agreement", "varde-partnerskab-2013",
        ).stdout
    )  # fmt: skip
    assert (data["within"], data["lang"], len(data["agreements"])) == ("8 weeks", "en", 1)
    markdown = run_in_process(
        "status", str(EXAMPLES), "--as-of", "2013-09-01", "--output-format", "markdown"
    ).stdout
    assert markdown.startswith("# Follow-up on 1 September 2013\n")
    page = tmp_path / "status.html"
    result = run_in_process(
        "status", str(EXAMPLES), "--as-of", "2013-09-01", "--output-format", "html",
        "-o", str(page), "--lang", "da",
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (0, "")
    html = page.read_text(encoding="utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="da">')
    assert "<script" not in html
    assert "http" not in html.split("<body>", 1)[1]  # nothing to fetch, no link out


def test_misuse_is_exit_2_with_one_line(run_in_process: Run) -> None:
    missing = run_in_process("status", str(EXAMPLES))
    assert missing.returncode == 2
    assert "--as-of" in missing.stderr
    within = run_in_process("status", str(EXAMPLES), "--as-of", "2013-09-01", "--within", "snart")
    assert (within.returncode, within.stderr.count("\n")) == (2, 1)
    assert "--within: cannot read 'snart'" in within.stderr
    unknown = run_in_process(
        "status", str(EXAMPLES), "--as-of", "2013-09-01", "--agreement", "nope", "--lang", "da"
    )
    assert unknown.returncode == 2
    assert "--agreement: ingen aftale med id'et 'nope'" in unknown.stderr


def test_a_file_that_does_not_load_is_exit_1(run_in_process: Run, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[[agreements]\n", encoding="utf-8")
    result = run_in_process("status", str(broken), "--as-of", "2013-09-01")
    assert result.returncode == 1
    assert "LOAD002" in result.stderr
