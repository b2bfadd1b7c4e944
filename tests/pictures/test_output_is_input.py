"""``-o`` of ``timeline``, ``calendar`` and ``graph`` never overwrites a file they read.

Each test is the attack: ``-o`` names an input agreement file (directly, through
another spelling of its path, a symlink or a hard link, or a file found in an input
directory), or the configuration file; the command exits 2, says why in the reader's
language, and the file's bytes are unchanged.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tests.pictures._documents import AWKWARD

if TYPE_CHECKING:
    from tests.cli.conftest import Run


COMMANDS = ("timeline", "calendar", "graph")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """``a.toml``, ``d/b.toml``, a symlink and a hard link to ``a.toml``."""
    (tmp_path / "a.toml").write_text(AWKWARD, encoding="utf-8")
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "b.toml").write_text(AWKWARD.replace("Århus", "Aalborg"), encoding="utf-8")
    (tmp_path / "link.toml").symlink_to("a.toml")
    os.link(tmp_path / "a.toml", tmp_path / "hard.html")
    return tmp_path


def _snapshot(tree: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(tree)): path.read_bytes()
        for path in sorted(tree.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("inputs", "output"),
    [
        (["a.toml"], "a.toml"),
        (["a.toml"], "./d/../a.toml"),
        (["a.toml"], "link.toml"),  # a symlink to the input
        (["link.toml"], "a.toml"),  # the input named through a symlink
        (["a.toml"], "hard.html"),  # a hard link: the same inode under another name
        (["d"], "d/b.toml"),  # a file the walk of an input directory reads
        (["a.toml", "d"], "d/b.toml"),
    ],
)
def test_an_input_is_never_the_output(
    run_in_process: Run, tree: Path, command: str, inputs: list[str], output: str
) -> None:
    before = _snapshot(tree)
    result = run_in_process(command, *inputs, "-o", output)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"velfaerd: error: -o/--output: {str(Path(output))!r} is one of the files being read; "
        "it would be overwritten (name another file)\n"
    )
    assert _snapshot(tree) == before


@pytest.mark.parametrize("command", ["timeline", "calendar"])
def test_refused_in_danish(run_in_process: Run, tree: Path, command: str) -> None:
    before = _snapshot(tree)
    result = run_in_process(command, "d", "-o", "d/b.toml", "--lang", "da")
    assert result.returncode == 2
    assert result.stderr == (
        "velfaerd: fejl: -o/--output: 'd/b.toml' er en af de filer, der læses; "
        "den ville blive overskrevet (angiv en anden fil)\n"
    )
    assert _snapshot(tree) == before


@pytest.mark.parametrize(
    ("command", "option"), [*((command, "-o") for command in COMMANDS), ("check", "--output-file")]
)
def test_the_configuration_is_never_the_output(
    run_in_process: Run, tree: Path, command: str, option: str
) -> None:
    # Each command reads velfaerd.toml (the rules' settings, the language): it is an input.
    (tree / "velfaerd.toml").write_text('lang = "en"\n', encoding="utf-8")
    before = _snapshot(tree)
    result = run_in_process(command, "a.toml", option, "velfaerd.toml")
    assert result.returncode == 2
    assert "'velfaerd.toml' is one of the files being read" in result.stderr
    assert _snapshot(tree) == before


@pytest.mark.parametrize("command", COMMANDS)
def test_another_file_is_written(run_in_process: Run, tree: Path, command: str) -> None:
    # A new file, and a file in an input directory that the walk does not read.
    for output in ("out.txt", "d/out.txt", "d/.hidden.toml"):
        result = run_in_process(command, "a.toml", "d", "-o", output)
        assert result.returncode == 0, result.stderr
        assert (tree / output).stat().st_size > 0
    assert (tree / "a.toml").read_text(encoding="utf-8") == AWKWARD


def test_the_script_refuses_too(run: Run, tree: Path) -> None:
    before = _snapshot(tree)
    result = run("timeline", "a.toml", "-o", "link.toml")
    assert result.returncode == 2
    assert "is one of the files being read" in result.stderr
    assert _snapshot(tree) == before
