"""``velfaerd diff``: two revisions of an example, from paths and from git, in every format."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from velfaerd.cli import main

KBH = Path(__file__).parents[2] / "examples" / "kobenhavn-implementeringsplan.toml"


def diff(*arguments: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["diff", *arguments])
    return code, out.getvalue(), err.getvalue()


def revised(text: str) -> str:
    """The example revised: a milestone moved, a commitment removed, an unknown party."""
    text = text.replace('due = "Primo november 2013"', 'due = "Ultimo januar 2014"')
    start = text.index('[[agreements.commitments]]\nid = "vaerktoejer"')
    end = text.index("# --- Implementeringsoversigt: Fase 1")
    text = text[:start] + text[end:]
    return text.replace("parties = [", 'parties = ["kbh-ukendt", ', 1)


def _git(repository: Path, *arguments: str) -> None:
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(
        ["git", *arguments], cwd=repository, env=environment, check=True, capture_output=True
    )


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository with two revisions of the Copenhagen plan (and a link, not followed)."""
    root = tmp_path_factory.mktemp("repository")
    _git(root, "init", "-q")
    folder = root / "aftaler"
    folder.mkdir()
    original = KBH.read_text(encoding="utf-8")
    (folder / "kbh.toml").write_text(original, encoding="utf-8")
    (folder / "link.toml").symlink_to("/etc/passwd")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "one")
    (folder / "kbh.toml").write_text(revised(original), encoding="utf-8")
    _git(root, "commit", "-q", "-a", "-m", "two")
    return root


def test_git_range_in_text_english_and_danish(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repository)
    code, out, err = diff("--git", "HEAD~1..HEAD")
    assert (code, err) == (1, "")
    assert out == (
        "Agreement 'kbh-implementeringsplan-2012':\n"
        "  ~ agreement 'kbh-implementeringsplan-2012': parties changed from kbh-buf to "
        "kbh-ukendt, kbh-buf\n"
        "  - commitment 'vaerktoejer' removed (Værktøjer til samarbejdet)\n"
        "  ~ milestone 'midtvejsstatus': due changed from primo november 2013 to ultimo "
        "januar 2014\n"
        "\n"
        "Findings introduced:\n"
        "  aftaler/kbh.toml:146:1: REF002 [error] parties names 'kbh-ukendt', which is no "
        "known actor\n"
        "\n"
        "3 changes (0 added, 1 removed, 2 changed) in 1 agreement; 1 finding introduced "
        "(1 error), 0 resolved.\n"
    )
    code, out, _ = diff("--git", "HEAD~1..HEAD", "--lang", "da")
    assert code == 1
    assert "  ~ milepæl 'midtvejsstatus': due er ændret fra primo november 2013 til " in out
    assert "  - indsats 'vaerktoejer' er fjernet (Værktøjer til samarbejdet)" in out
    assert out.endswith(
        "3 ændringer (0 tilføjet, 1 fjernet, 2 ændret) i 1 aftale; 1 fund er kommet til "
        "(1 fejl), 0 er løst.\n"
    )


def test_git_range_in_json_has_the_documented_shape(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repository)
    code, out, _ = diff("--git", "HEAD~1..HEAD", "--output-format", "json", "--lang", "da")
    assert code == 1
    data = json.loads(out)
    assert list(data) == ["version", "lang", "changes", "introduced", "resolved", "summary"]
    assert (data["version"], data["lang"]) == (1, "da")
    moved = data["changes"][2]
    assert moved == {
        "change": "changed",
        "kind": "milestone",
        "id": "midtvejsstatus",
        "scope": "agreements/kbh-implementeringsplan-2012/milestones/midtvejsstatus",
        "agreement": "kbh-implementeringsplan-2012",
        "key": "due",
        "old": "primo november 2013",
        "new": "ultimo januar 2014",
    }
    assert [f["code"] for f in data["introduced"]] == ["REF002"]
    assert len(data["introduced"][0]["fingerprint"]) == 32
    assert data["summary"] == {
        "added": 0,
        "removed": 1,
        "changed": 2,
        "introduced": 1,
        "introduced_errors": 1,
        "resolved": 0,
        "ok": False,
    }


def test_git_range_in_markdown_for_a_pull_request(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repository)
    code, out, _ = diff("--git", "HEAD~1..HEAD", "--output-format", "markdown")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        "❌ **velfaerd diff**: 3 changes (0 added, 1 removed, 2 changed) in 1 agreement; "
        "1 finding introduced (1 error), 0 resolved."
    )
    assert (
        "| changed | milestone midtvejsstatus | due | primo november 2013 | ultimo januar 2014 |"
        in lines
    )
    assert (
        "| `REF002` | error | aftaler/kbh.toml:146:1 | "
        "parties names 'kbh-ukendt', which is no known actor |" in lines
    )
    code, out, _ = diff("--git", "HEAD~1..HEAD", "--output-format", "markdown", "--lang", "da")
    assert (
        "| ændret | milepæl midtvejsstatus | due | primo november 2013 | ultimo januar 2014 |"
        in out
    )
    assert "#### Nye fund" in out


def test_one_revision_against_the_work_tree(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repository)
    assert diff("--git", "HEAD")[:2] == (
        0,
        "No changes; 0 findings introduced (0 errors), 0 resolved.\n",
    )
    code, out, _ = diff("--git", "HEAD~1", "aftaler")
    assert code == 1
    assert "midtvejsstatus" in out
    assert (
        subprocess.run(
            ["git", "status", "--porcelain"], cwd=repository, capture_output=True, check=True
        ).stdout
        == b""
    )  # the work tree untouched


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (
            ("--git", "nope..HEAD"),
            "velfaerd: error: --git: no revision 'nope' in this repository\n",
        ),
        (("--git=-x",), "velfaerd: error: --git: '-x' is not a revision or a range A..B\n"),
        (
            ("--git", "HEAD..", "aftaler"),
            "velfaerd: error: --git: 'HEAD..' is not a revision or a range A..B\n",
        ),
        (
            ("--git", "HEAD~1", "gone"),
            "velfaerd: error: --git: revision 'HEAD~1' has no file at gone\n",
        ),
        (
            ("a.toml",),
            (
                "velfaerd: error: diff needs two paths, OLD and NEW, or --git REV [PATH ...]; "
                "1 given\n"
            ),
        ),
    ],
)
def test_a_bad_revision_or_path_is_one_line_and_exit_2(
    repository: Path, monkeypatch: pytest.MonkeyPatch, arguments: tuple[str, ...], said: str
) -> None:
    monkeypatch.chdir(repository)
    assert diff(*arguments) == (2, "", said)


def test_git_outside_a_repository_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    code, out, err = diff("--git", "HEAD")
    assert (code, out) == (2, "")
    assert err == f"velfaerd: error: --git: {str(tmp_path)!r} is not in a git repository\n"


def test_two_paths_and_a_side_that_does_not_load(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    text = KBH.read_text(encoding="utf-8")
    (old / "kbh.toml").write_text(text, encoding="utf-8")
    (new / "kbh.toml").write_text(revised(text), encoding="utf-8")
    (new / "broken.toml").write_text("[[actors]\n", encoding="utf-8")
    code, out, _ = diff(str(old / "kbh.toml"), str(new), "--output-format", "json")
    assert code == 1
    data = json.loads(out)
    assert [f["code"] for f in data["introduced"]] == ["LOAD002", "REF002"]
    assert data["summary"]["changed"] == 2  # the rest still compared


def test_markdown_escapes_what_a_document_writes(tmp_path: Path) -> None:
    actor = '[[actors]]\nid = "a"\nname = "{}"\nkind = "council"\n'
    (tmp_path / "old.toml").write_text(actor.format("Byrådet"), encoding="utf-8")
    attack = "<img src=x onerror=alert(1)> | [link](http://x) *b* `c`"
    (tmp_path / "new.toml").write_text(actor.format(attack), encoding="utf-8")
    code, out, _ = diff(
        str(tmp_path / "old.toml"), str(tmp_path / "new.toml"), "--output-format", "markdown"
    )
    assert code == 0
    row = next(line for line in out.splitlines() if "name" in line)
    assert re.search(r"(?<!\\)[<>|\[\]*`]", row.strip("| ").replace(" | ", "")) is None
    assert "\\<img src=x onerror=alert(1)\\> \\| \\[link\\](http://x) \\*b\\* \\`c\\`" in row
    assert row.count(" | ") == 4  # five cells: no pipe of the document's splits one
