"""The walk below a checked directory: what it finds, follows and reports, attacked.

A checked tree may hold symlinked directories (and loops of them), dangling links,
FIFOs and devices named ``*.toml``. Whatever it holds, the walk ends, finds each real
directory once, reports every ``*.toml`` it cannot read as a ``LOAD001`` (as when the
file is named), never blocks and never opens what is not a regular file; and
``check -v`` counts exactly the files the check loads.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import velfaerd
from velfaerd import _files
from velfaerd.cli import main
from velfaerd.i18n import count, text

if TYPE_CHECKING:
    from velfaerd.errors import Problem

BROKEN = "not = [valid\n"
ACTOR = '[[actors]]\nid = "{id}"\nname = "A"\nkind = "council"\n'

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs and symlinks")


def _check(*arguments: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", "--no-cache", *arguments])
    return code, out.getvalue(), err.getvalue()


def _problems(path: Path) -> list[Problem]:
    _, error = velfaerd.load_partial(path)
    return [] if error is None else list(error.problems)


def _found(path: Path) -> tuple[list[Path], list[Problem]]:
    problems: list[Problem] = []
    return list(_files.discover(path, problems)), problems


def _codes_by_file(path: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for problem in _problems(path):
        found.setdefault(Path(problem.source).name, set()).add(problem.code)
    return found


@posix_only
def test_a_symlinked_directory_below_a_checked_one_is_checked(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "broken.toml").write_text(BROKEN, encoding="utf-8")
    checked = tmp_path / "checked"
    checked.mkdir()
    (checked / "good.toml").write_text(ACTOR.format(id="a"), encoding="utf-8")
    (checked / "linked").symlink_to(shared, target_is_directory=True)
    # Named directly, its error is reported; below a checked directory too.
    assert _codes_by_file(shared) == {"broken.toml": {"LOAD002"}}
    assert _codes_by_file(checked) == {"broken.toml": {"LOAD002"}}
    code, out, _ = _check(str(checked))
    assert code == 1
    assert str(checked / "linked" / "broken.toml") in out


@posix_only
def test_a_loop_of_symlinked_directories_is_walked_once(tmp_path: Path) -> None:
    checked = tmp_path / "checked"
    inner = checked / "a" / "b"
    inner.mkdir(parents=True)
    (inner / "one.toml").write_text(ACTOR.format(id="one"), encoding="utf-8")
    (checked / "top.toml").write_text(ACTOR.format(id="top"), encoding="utf-8")
    (inner / "up").symlink_to("../..", target_is_directory=True)  # back to checked/
    (inner / "self").symlink_to(".", target_is_directory=True)
    (checked / "again").symlink_to("a", target_is_directory=True)  # a second way in
    files, problems = _found(checked)
    assert problems == []
    assert sorted(path.name for path in files) == ["one.toml", "top.toml"]
    portfolio, error = velfaerd.load_partial(checked)
    assert error is None  # each file once: no duplicate ids
    assert {actor.id for actor in portfolio.actors} == {"one", "top"}


@posix_only
def test_dangling_links_fifos_and_devices_found_by_the_walk_are_load001(tmp_path: Path) -> None:
    checked = tmp_path / "checked"
    checked.mkdir()
    (checked / "good.toml").write_text(ACTOR.format(id="a"), encoding="utf-8")
    (checked / "dangling.toml").symlink_to(tmp_path / "nowhere.toml")
    os.mkfifo(checked / "pipe.toml")
    (checked / "null.toml").symlink_to(os.devnull)
    (checked / "zero.toml").symlink_to("/dev/zero")
    assert _codes_by_file(checked) == {
        "dangling.toml": {"LOAD001"},
        "pipe.toml": {"LOAD001"},
        "null.toml": {"LOAD001"},
        "zero.toml": {"LOAD001"},
    }
    # Found by the walk, each says what naming it says.
    for name in ("dangling.toml", "pipe.toml", "null.toml", "zero.toml"):
        named = [problem.message for problem in _problems(checked / name)]
        walked = [p.message for p in _problems(checked) if Path(p.source).name == name]
        assert walked == named, name


@posix_only
def test_the_walk_opens_no_file_that_is_not_regular(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = tmp_path / "checked"
    checked.mkdir()
    (checked / "good.toml").write_text(ACTOR.format(id="a"), encoding="utf-8")
    os.mkfifo(checked / "pipe.toml")
    (checked / "tty.toml").symlink_to("/dev/tty")  # opening a terminal may take it
    (checked / "null.toml").symlink_to(os.devnull)
    opened: list[str] = []
    real_open = os.open

    def spying(path: str | os.PathLike[str], *args: int, **kwargs: int) -> int:
        opened.append(os.fspath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", spying)
    _problems(checked)
    assert [Path(path).name for path in opened] == ["good.toml"]


@posix_only
def test_a_fifo_in_a_checked_tree_never_blocks(tmp_path: Path) -> None:
    # In a process of its own, so that a check that blocks fails here instead of hanging.
    checked = tmp_path / "checked"
    checked.mkdir()
    os.mkfifo(checked / "pipe.toml")
    (checked / "good.toml").write_text(ACTOR.format(id="a"), encoding="utf-8")
    program = "import sys; from velfaerd.cli import main; sys.exit(main(sys.argv[1:]))"
    result = subprocess.run(
        [sys.executable, "-c", program, "check", "--no-cache", str(checked)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert f"{checked / 'pipe.toml'}" in result.stdout
    assert "LOAD001" in result.stdout


def _verbose_count(*arguments: str, lang: str = "en") -> tuple[int, str, str]:
    return _check("--lang", lang, "-v", "--output-format", "json", *arguments)


def _checking(err: str, lang: str) -> str:
    """The words of the line ``-v`` says how many files it checks with."""
    start = text("cli.verbose-checking", lang, files="\0", rules="\0").split("\0")[0]
    lines = [line for line in err.splitlines() if start in line]
    assert len(lines) == 1, err
    return lines[0]


@posix_only
@pytest.mark.parametrize("lang", ["en", "da"])
def test_verbose_counts_the_files_the_check_loads(tmp_path: Path, lang: str) -> None:
    checked = tmp_path / "checked"
    checked.mkdir()
    (checked / "aftale.toml").write_text(ACTOR.format(id="a"), encoding="utf-8")
    (checked / "pyproject.toml").write_text("[tool.velfaerd]\n", encoding="utf-8")
    (checked / "velfaerd.toml").write_text("", encoding="utf-8")
    hidden = checked / ".hidden"
    hidden.mkdir()
    (hidden / "x.toml").write_text(BROKEN, encoding="utf-8")
    below = checked / "under"
    below.mkdir()
    (below / ".skjult.toml").write_text(BROKEN, encoding="utf-8")
    (below / "pyproject.toml").write_text("", encoding="utf-8")
    (checked / "dangling.toml").symlink_to(tmp_path / "nowhere.toml")
    code, out, err = _verbose_count(str(checked), lang=lang)
    assert code == 1  # the dangling link
    loaded = {item["source"] for item in json.loads(out)["findings"]}
    assert loaded == {str(checked / "dangling.toml")}
    # Two files are checked: the agreement and the dangling link (a LOAD001).
    assert f" {count('file', 2, lang)} " in _checking(err, lang)


# A tree: directories, files, and links among them, built from a few choices.
_NAMES = st.sampled_from(["a", "b", "c", ".h"])
_ENTRY = st.one_of(
    st.tuples(st.just("dir"), st.lists(_NAMES, min_size=1, max_size=3)),
    st.tuples(
        st.sampled_from(["file", "broken", "config", "dangling", "fifo", "hidden"]),
        st.lists(_NAMES, min_size=0, max_size=2),
    ),
    st.tuples(
        st.just("link"),
        st.lists(_NAMES, min_size=0, max_size=2),
        st.lists(_NAMES, min_size=0, max_size=3),
    ),
)


def _plant(root: Path, folder: Path, number: int, entry: tuple[object, ...]) -> None:
    """One entry of :data:`_ENTRY` in ``folder``: a file, a FIFO or a link."""
    kind = entry[0]
    target = folder / f"f{number}.toml"
    if kind == "file":
        target.write_text(ACTOR.format(id=f"id{number}"), encoding="utf-8")
    elif kind == "broken":
        target.write_text(BROKEN, encoding="utf-8")
    elif kind == "config":
        (folder / "pyproject.toml").write_text("", encoding="utf-8")
    elif kind == "hidden":
        (folder / f".f{number}.toml").write_text(BROKEN, encoding="utf-8")
    elif kind == "dangling":
        target.symlink_to(root / "nowhere")
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        to = entry[2]
        assert isinstance(to, list)
        with contextlib.suppress(FileExistsError):
            (folder / f"l{number}").symlink_to(root.joinpath(*to), target_is_directory=True)


def _build(root: Path, entries: list[tuple[object, ...]]) -> None:
    root.mkdir()
    for number, entry in enumerate(entries):
        where = entry[1]
        assert isinstance(where, list)
        folder = root.joinpath(*where)
        if entry[0] == "dir":
            folder.mkdir(parents=True, exist_ok=True)
        elif folder.is_dir():
            _plant(root, folder, number, entry)


@posix_only
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entries=st.lists(_ENTRY, max_size=12))
def test_any_tree_is_walked_once_and_counted_as_checked(
    tmp_path_factory: pytest.TempPathFactory, entries: list[tuple[object, ...]]
) -> None:
    root = tmp_path_factory.mktemp("tree") / "root"
    _build(root, entries)
    files, _ = _found(root)
    # It ends; no real directory is walked twice (no file found twice by its real path).
    real = [(os.path.realpath(path.parent), path.name) for path in files]
    assert len(real) == len(set(real))
    # Nothing hidden, no configuration, only *.toml.
    for path in files:
        parts = path.relative_to(root).parts
        assert not any(part.startswith(".") for part in parts)
        assert path.name.endswith(".toml")
        assert path.name not in {"pyproject.toml", "velfaerd.toml"}
    # Every visible *.toml in a real directory below root is found (none skipped silently).
    for folder, _, names in os.walk(root):
        if any(part.startswith(".") for part in Path(folder).relative_to(root).parts):
            continue
        for name in names:
            if name.endswith(".toml") and not name.startswith(".") and name != "pyproject.toml":
                assert (os.path.realpath(folder), name) in real
    # What the loader saw is what the walk found: the count -v prints.
    _, error = velfaerd.load_partial(root)
    if error is not None:
        assert error.files == len(files)
        assert {p.source for p in error.problems if p.code == "LOAD001"} <= {
            str(path) for path in files
        } | {str(root)}


def test_verbose_counts_one_named_file(tmp_path: Path) -> None:
    named = tmp_path / "one.toml"
    named.write_text(ACTOR.format(id="a"), encoding="utf-8")
    code, _, err = _verbose_count(str(named))
    assert code == 0
    assert f" {count('file', 1, 'en')} " in _checking(err, "en")
