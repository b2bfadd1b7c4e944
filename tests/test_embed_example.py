"""examples/embed.py runs and says what it promises."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

EMBED = Path(__file__).parent.parent / "examples" / "embed.py"
DATA = Path(__file__).parent / "data"


def test_embed_prints_a_versioned_report_and_the_late_milestones(tmp_path: Path) -> None:
    (tmp_path / "valid.toml").write_text(
        (DATA / "valid.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, str(EMBED), str(tmp_path), "--as-of", "2022-01-01"],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    assert report["version"] == 1
    overdue = [f for f in report["findings"] if f["code"] == "MIL005"]
    assert {f["subject"] for f in overdue} == {"plan", "start-klasser"}
    assert {f["severity"] for f in overdue} == {"error"}
    assert result.returncode == 1
    assert "late: auraskolen-2021/start-klasser (august 2021) waits on ['plan']" in result.stderr
    assert "Traceback" not in result.stderr


def test_embed_reports_load_problems(tmp_path: Path) -> None:
    (tmp_path / "broken.toml").write_text("agreements = [", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(EMBED), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "LOAD002" in result.stderr
    assert "Traceback" not in result.stderr
