"""examples/embed.py runs and says what it promises.

The script runs in this process, as ``python examples/embed.py`` runs it (``__main__``,
its arguments in ``sys.argv``), without starting an interpreter for it.
"""

from __future__ import annotations

import json
import runpy
import sys
from pathlib import Path

import pytest
from tests._documents import DATA

EMBED = Path(__file__).parent.parent / "examples" / "embed.py"


def embed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[object, str, str]:
    """Run the script with ``args``: its exit code, output and messages."""
    monkeypatch.setattr(sys, "argv", [str(EMBED), *args])
    capsys.readouterr()
    with pytest.raises(SystemExit) as exited:
        runpy.run_path(str(EMBED), run_name="__main__")
    captured = capsys.readouterr()
    return exited.value.code, captured.out, captured.err


def test_embed_prints_a_versioned_report_and_the_late_milestones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "valid.toml").write_text(
        (DATA / "valid.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    code, out, err = embed(monkeypatch, capsys, str(tmp_path), "--as-of", "2022-01-01")
    report = json.loads(out)
    assert report["version"] == 1
    overdue = [f for f in report["findings"] if f["code"] == "MIL005"]
    assert {f["subject"] for f in overdue} == {"plan", "start-klasser"}
    assert {f["severity"] for f in overdue} == {"error"}
    assert code == 1
    assert "late: auraskolen-2021/start-klasser (august 2021) waits on ['plan']" in err


def test_embed_reports_load_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "broken.toml").write_text("agreements = [", encoding="utf-8")
    code, _, err = embed(monkeypatch, capsys, str(tmp_path))
    assert code == 1
    assert "LOAD002" in err
