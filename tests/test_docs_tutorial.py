"""The tutorials show their files and outputs inline, and those are the real ones.

``docs/tutorial.md`` and ``docs/da/kom-godt-i-gang.md`` are read on GitHub too, where
nothing is included at build time: so each file and each output is written into the
page, after a marker that says what it is (``<!-- the file docs/tutorial/aftale.toml
-->``, ``<!-- output of `velfaerd check aftale.toml` in docs/tutorial/ -->``). This
test reads every marker of every page and runs each command, in a copy of
``docs/tutorial/``, so that a page cannot drift from what velfaerd prints.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import attrs
import pytest

from velfaerd.cli import main

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "docs" / "tutorial"
_MARKER = re.compile(
    r"^<!-- (?:the file (?P<file>\S+)|output of `(?P<command>[^`]+)` in docs/tutorial/) -->$"
)
_FENCE = re.compile(r"^(`{3,})\w*$")


@attrs.frozen
class Shown:
    """A block a page shows, what its marker says it is, and where it is."""

    page: str
    line: int
    file: str | None
    command: str | None
    text: str


def shown_blocks(page: Path) -> list[Shown]:
    """Every marked block of a page: the fence that follows each marker."""
    lines = page.read_text(encoding="utf-8").splitlines()
    found = []
    for number, line in enumerate(lines):
        marker = _MARKER.match(line)
        if marker is None:
            continue
        opening = _FENCE.match(lines[number + 1]) if number + 1 < len(lines) else None
        assert opening is not None, f"{page}:{number + 1}: a marker not followed by a fence"
        end = lines.index(opening.group(1), number + 2)
        found.append(
            Shown(
                page=page.relative_to(ROOT).as_posix(),
                line=number + 1,
                file=marker["file"],
                command=marker["command"],
                text="\n".join(lines[number + 2 : end]) + "\n",
            )
        )
    return found


PAGES = [ROOT / "docs" / "tutorial.md", ROOT / "docs" / "da" / "kom-godt-i-gang.md"]
SHOWN = [block for page in PAGES for block in shown_blocks(page)]


def _id(block: Shown) -> str:
    return f"{block.page}:{block.line}"


def test_the_tutorials_show_their_files_and_outputs_inline() -> None:
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        assert "literalinclude" not in text, page
        assert "docs/tutorial/aftale.toml" in text, page
        assert ".velfaerd_cache/" in text, page
        assert "--no-cache" in text, page
    assert {block.file for block in SHOWN} >= {
        "docs/tutorial/aftale.toml",
        "docs/tutorial/aftale-rettet.toml",
    }
    assert len([block for block in SHOWN if block.command]) >= 7


@pytest.mark.parametrize("block", [b for b in SHOWN if b.file], ids=_id)
def test_a_file_shown_is_the_file(block: Shown) -> None:
    assert block.file is not None
    assert block.text == (ROOT / block.file).read_text(encoding="utf-8")


@pytest.fixture
def tutorial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of docs/tutorial/, as the reader's directory, and the docs' environment."""
    folder = tmp_path / "aftaler"
    shutil.copytree(TUTORIAL, folder)
    monkeypatch.chdir(folder)
    for name, value in {
        "NO_COLOR": "1",
        "COLUMNS": "88",
        "VELFAERD_PLUGINS": "0",
        "VELFAERD_LANG": "en",
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("FORCE_COLOR", "VELFAERD_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)
    return folder


@pytest.mark.parametrize("block", [b for b in SHOWN if b.command], ids=_id)
def test_an_output_shown_is_what_velfaerd_prints(
    block: Shown, tutorial: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    del tutorial
    assert block.command is not None
    program, *arguments = shlex.split(block.command)
    assert program == "velfaerd"
    code = main(arguments)
    printed = capsys.readouterr()
    assert block.text == f"{(printed.out + printed.err).rstrip()}\n\n(exit code {code})\n"


def test_the_first_check_leaves_the_cache_folder_the_tutorial_mentions(
    tutorial: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--no-cache", "aftale.toml"]) == 1
    assert not (tutorial / ".velfaerd_cache").exists()
    assert main(["check", "aftale.toml"]) == 1
    capsys.readouterr()
    ignore = tutorial / ".velfaerd_cache" / ".gitignore"
    assert ignore.is_file()
    assert "*" in ignore.read_text(encoding="utf-8").split()
