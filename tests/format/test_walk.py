"""The walk below a checked directory: what it finds, follows and reports, attacked.

A checked tree is untrusted: a pull request may add any symlink, dangling link, FIFO
or device named ``*.toml``, and loops of links. Whatever it holds, the walk ends,
lists only directories inside the directory named and finds only files inside it,
each real directory and file once; a link that leads outside it (or nowhere) is a
``LOAD001`` naming the link, and nothing it leads to is listed or read. Every
``*.toml`` it cannot read is a ``LOAD001`` (as when the file is named); it never
blocks and never opens what is not a regular file; and ``check -v`` counts exactly
the files the check loads. What the user names is followed wherever it leads.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests._cli import check
from tests._documents import VALID

import velfaerd
from velfaerd.format import _files
from velfaerd.i18n import count, text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from velfaerd.errors import Problem

BROKEN = "not = [valid\n"
ACTOR = '[[actors]]\nid = "{id}"\nname = "A"\nkind = "council"\n'
# A file outside the checked tree whose content a check would print: an unknown key.
OUTSIDE_FILE = '[[actors]]\nid = "s"\nname = "S"\nkind = "council"\npassword_hunter2 = 1\n'

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs and symlinks")
O_PATH = getattr(os, "O_PATH", 0)


def _check(*arguments: str) -> tuple[int, str, str]:
    return check("--no-cache", *arguments)


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


def _outside_message(root: Path, lang: str = "en") -> str:
    return text("problem.link-outside", lang, directory=str(root))


_MOST_LISTED = 200  # more directories than any tree here holds


class _Spy:
    """Every directory listed and every file opened for reading (not ``O_PATH``)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.listed: list[str] = []
        self.opened: list[str] = []
        real_scandir, real_open = os.scandir, os.open

        def scandir(path: str | os.PathLike[str]) -> Iterator[os.DirEntry[str]]:
            self.listed.append(os.fspath(path))
            # A walk that leaves the tree would list the whole machine: fail, not hang.
            assert len(self.listed) <= _MOST_LISTED, self.listed[-3:]
            return real_scandir(path)

        def opening(path: str | os.PathLike[str], flags: int, *args: int, **kwargs: int) -> int:
            if not (O_PATH and flags & O_PATH == O_PATH):
                self.opened.append(os.fspath(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "scandir", scandir)
        monkeypatch.setattr(os, "open", opening)

    def reached(self) -> list[str]:
        """The real paths of everything listed or opened for reading."""
        return [os.path.realpath(path) for path in [*self.listed, *self.opened]]


def _is_below(path: str, root: Path) -> bool:
    top = os.path.realpath(root)
    return path == top or path.startswith(top + os.sep)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A directory beside the checked one, holding a file with a finding and a secret."""
    there = tmp_path / "outside"
    there.mkdir()
    (there / "creds.toml").write_text(OUTSIDE_FILE, encoding="utf-8")
    (there / "broken.toml").write_text(BROKEN, encoding="utf-8")
    return there


@pytest.fixture
def checked(tmp_path: Path) -> Path:
    """The checked directory, holding one good agreement file."""
    here = tmp_path / "checked"
    here.mkdir()
    (here / "good.toml").write_text(ACTOR.format(id="a"), encoding="utf-8")
    return here


# --- Attacks: links to outside the checked directory ------------------------------


@posix_only
def test_a_link_to_the_root_of_the_filesystem_is_one_load001_and_nothing_is_listed(
    checked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (checked / "aftaler").mkdir()
    (checked / "aftaler" / "x").symlink_to("/", target_is_directory=True)
    spy = _Spy(monkeypatch)
    problems = _problems(checked)
    assert [(p.code, p.source, p.message) for p in problems] == [
        ("LOAD001", str(checked / "aftaler" / "x"), _outside_message(checked))
    ]
    # Two directories listed (the checked one and aftaler/), one file read: no more.
    assert sorted(spy.listed) == [str(checked), str(checked / "aftaler")]
    assert spy.opened == [str(checked / "good.toml")]


@posix_only
def test_a_link_to_a_directory_outside_is_not_followed(
    checked: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (checked / "shared").symlink_to(outside, target_is_directory=True)
    # Named directly, the outside directory's files are checked...
    assert _codes_by_file(outside) == {"broken.toml": {"LOAD002"}, "creds.toml": {"LOAD004"}}
    # ...below a checked directory, the link is one LOAD001 and nothing there is read.
    spy = _Spy(monkeypatch)
    problems = _problems(checked)
    assert [(p.code, p.source) for p in problems] == [("LOAD001", str(checked / "shared"))]
    assert all(_is_below(path, checked) for path in spy.reached())


@posix_only
def test_a_file_link_to_an_outside_toml_is_load001_never_read(
    checked: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (checked / "x.toml").symlink_to(outside / "creds.toml")
    spy = _Spy(monkeypatch)
    problems = _problems(checked)
    assert [(p.code, p.source, p.message) for p in problems] == [
        ("LOAD001", str(checked / "x.toml"), _outside_message(checked))
    ]
    assert spy.opened == [str(checked / "good.toml")]
    assert all(_is_below(path, checked) for path in spy.reached())


@posix_only
@pytest.mark.parametrize("lang", ["en", "da"])
def test_ci_prints_nothing_of_a_file_outside_the_repository(
    checked: Path, outside: Path, lang: str
) -> None:
    (checked / "x.toml").symlink_to(outside / "creds.toml")
    (checked / "more").symlink_to(outside, target_is_directory=True)
    code, out, err = _check("--lang", lang, "--output-format", "json", str(checked))
    assert code == 1
    assert "hunter2" not in out + err
    assert "broken.toml" not in out + err
    findings = json.loads(out)["findings"]
    assert {(f["code"], f["source"]) for f in findings} == {
        ("LOAD001", str(checked / "x.toml")),
        ("LOAD001", str(checked / "more")),
    }
    assert {f["message"] for f in findings} == {_outside_message(checked, lang)}


@posix_only
def test_links_to_outside_devices_and_to_nothing_say_the_same(
    checked: Path, tmp_path: Path, outside: Path
) -> None:
    # Whether a path outside exists, or what it is, is not told to the tree's author.
    (checked / "null.toml").symlink_to(os.devnull)
    (checked / "zero.toml").symlink_to("/dev/zero")
    (checked / "exists.toml").symlink_to(outside / "creds.toml")
    (checked / "nowhere.toml").symlink_to(tmp_path / "nowhere.toml")
    (checked / "dangling-inside.toml").symlink_to("gone.toml")
    (checked / "loop.toml").symlink_to("loop.toml")
    problems = _problems(checked)
    assert {Path(p.source).name: (p.code, p.message) for p in problems} == {
        name: ("LOAD001", _outside_message(checked))
        for name in (
            "null.toml",
            "zero.toml",
            "exists.toml",
            "nowhere.toml",
            "dangling-inside.toml",
            "loop.toml",
        )
    }


@posix_only
def test_links_outside_that_are_not_toml_nor_directories_are_none_of_its_business(
    checked: Path, outside: Path
) -> None:
    (checked / "python").symlink_to(sys.executable)  # as in a virtual environment
    (checked / "LICENSE").symlink_to(outside / "creds.toml")
    (checked / "dangling").symlink_to(outside / "nowhere")
    assert _problems(checked) == []


@posix_only
def test_a_link_chain_is_judged_by_where_it_ends(
    checked: Path, outside: Path, tmp_path: Path
) -> None:
    hidden = checked / ".kilde"
    hidden.mkdir()
    (hidden / "inde.toml").write_text(ACTOR.format(id="inde"), encoding="utf-8")
    (hidden / "dir").mkdir()
    (hidden / "dir" / "under.toml").write_text(ACTOR.format(id="under"), encoding="utf-8")
    # In the tree, through a link in it: followed.
    (checked / "hop.toml").symlink_to(".kilde/inde.toml")
    (checked / "first.toml").symlink_to("hop.toml")
    # Out of the tree and back into it: the end is what counts, so followed.
    (tmp_path / "back").symlink_to(hidden / "dir", target_is_directory=True)
    (checked / "via-outside").symlink_to(tmp_path / "back", target_is_directory=True)
    # In the tree, then out of it: not followed.
    (checked / "leaves.toml").symlink_to(outside / "creds.toml")
    (checked / "then-leaves.toml").symlink_to("leaves.toml")
    files, problems = _found(checked)
    assert {path.name for path in files} == {"good.toml", "first.toml", "under.toml"}
    assert checked / "via-outside" / "under.toml" in files
    assert {(p.code, Path(p.source).name) for p in problems} == {
        ("LOAD001", "leaves.toml"),
        ("LOAD001", "then-leaves.toml"),
    }
    portfolio, error = velfaerd.load_partial(checked)
    assert error is not None
    assert {actor.id for actor in portfolio.actors} == {"a", "inde", "under"}


@posix_only
def test_what_the_user_names_is_followed_wherever_it_leads(checked: Path, outside: Path) -> None:
    (checked / "x.toml").symlink_to(outside / "creds.toml")
    (checked / "shared").symlink_to(outside, target_is_directory=True)
    # The link named, or the directory it leads to: checked, as any named path.
    assert _codes_by_file(checked / "x.toml") == {"x.toml": {"LOAD004"}}
    assert _codes_by_file(checked / "shared") == {
        "broken.toml": {"LOAD002"},
        "creds.toml": {"LOAD004"},
    }
    code, out, _ = _check(str(checked / "shared"))
    assert code == 1
    assert str(checked / "shared" / "broken.toml") in out
    # A named directory that is itself a link is the tree: links within it, inside it.
    (outside / ".kept.toml").write_text(BROKEN, encoding="utf-8")
    (outside / "inner.toml").symlink_to(".kept.toml")
    assert _codes_by_file(checked / "shared")["inner.toml"] == {"LOAD002"}


@posix_only
def test_a_named_directory_below_a_link_is_judged_by_its_own_real_path(
    tmp_path: Path, outside: Path
) -> None:
    # Named through a link, the tree is where the link leads: a link from there to a
    # sibling of the name (but outside what it leads to) is outside.
    (tmp_path / "named").symlink_to(outside, target_is_directory=True)
    (outside / "up.toml").symlink_to(tmp_path / "elsewhere.toml")
    (tmp_path / "elsewhere.toml").write_text(BROKEN, encoding="utf-8")
    problems = _problems(tmp_path / "named")
    assert ("LOAD001", str(tmp_path / "named" / "up.toml")) in {
        (p.code, p.source) for p in problems
    }
    assert not any(Path(p.source).name == "elsewhere.toml" for p in problems)


# --- Links inside the tree ----------------------------------------------------------


@posix_only
def test_links_inside_the_tree_are_followed(checked: Path) -> None:
    shared = checked / ".shared"  # hidden: reached only through the links
    shared.mkdir()
    (shared / "broken.toml").write_text(BROKEN, encoding="utf-8")
    (shared / "other.toml").write_text(ACTOR.format(id="other"), encoding="utf-8")
    (checked / "linked").symlink_to(".shared", target_is_directory=True)
    (checked / "alias.toml").symlink_to(".shared/other.toml")
    files, problems = _found(checked)
    assert problems == []
    assert files == sorted(
        [checked / "alias.toml", checked / "good.toml", checked / "linked" / "broken.toml"]
    )
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
    # Each file by its own name: a second name for a directory adds nothing.
    assert files == [checked / "a" / "b" / "one.toml", checked / "top.toml"]
    portfolio, error = velfaerd.load_partial(checked)
    assert error is None  # each file once: no duplicate ids
    assert {actor.id for actor in portfolio.actors} == {"one", "top"}


@posix_only
def test_many_links_to_one_file_read_it_once(
    checked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The amplification: a tree of a few KiB with a thousand names for one file
    # would make the check read, parse and report that file a thousand times.
    (checked / "big.toml").write_text(BROKEN, encoding="utf-8")
    links = checked / "links"
    links.mkdir()
    for number in range(1000):
        (links / f"l{number}.toml").symlink_to("../big.toml")
    spy = _Spy(monkeypatch)
    problems = _problems(checked)
    assert [(p.code, p.source) for p in problems] == [("LOAD002", str(checked / "big.toml"))]
    assert sorted(spy.opened) == [str(checked / "big.toml"), str(checked / "good.toml")]


@posix_only
def test_a_hostile_tree_lists_each_real_directory_once(
    checked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every directory links to every directory, to its parents, to itself and to /.
    folders = [checked, *(checked / f"d{n}" for n in range(8))]
    for folder in folders[1:]:
        folder.mkdir()
    for folder in folders:
        for number, target in enumerate([*folders, checked.parent, Path("/")]):
            (folder / f"to{number}").symlink_to(target, target_is_directory=True)
    spy = _Spy(monkeypatch)
    files, problems = _found(checked)
    assert files == [checked / "good.toml"]
    # Each real directory listed once; each link to outside (two per directory) said once.
    assert sorted(map(os.path.realpath, spy.listed)) == sorted(map(str, folders))
    assert len(problems) == 2 * len(folders)
    assert {p.code for p in problems} == {"LOAD001"}


# --- What a name inside leads to ----------------------------------------------------


@posix_only
def test_fifos_and_devices_inside_the_tree_are_load001_as_when_named(checked: Path) -> None:
    os.mkfifo(checked / "pipe.toml")
    (checked / "to-pipe.toml").symlink_to("pipe.toml")
    sockets = checked / ".s"
    sockets.mkdir()
    os.mkfifo(sockets / "hidden-pipe")
    (checked / "hidden-pipe.toml").symlink_to(".s/hidden-pipe")
    assert _codes_by_file(checked) == {
        "pipe.toml": {"LOAD001"},
        "hidden-pipe.toml": {"LOAD001"},
    }
    # Found by the walk, each says what naming it says.
    for name in ("pipe.toml", "hidden-pipe.toml"):
        named = [problem.message for problem in _problems(checked / name)]
        walked = [p.message for p in _problems(checked) if Path(p.source).name == name]
        assert walked == named, name


@posix_only
def test_the_walk_opens_no_file_that_is_not_regular(
    checked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.mkfifo(checked / "pipe.toml")
    (checked / "tty.toml").symlink_to("/dev/tty")  # opening a terminal may take it
    (checked / "null.toml").symlink_to(os.devnull)
    spy = _Spy(monkeypatch)
    _problems(checked)
    assert spy.opened == [str(checked / "good.toml")]


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
    os.mkfifo(checked / "pipe.toml")
    (checked / "dangling.toml").symlink_to(tmp_path / "nowhere.toml")
    code, out, err = _verbose_count(str(checked), lang=lang)
    assert code == 1  # the FIFO and the dangling link
    loaded = {item["source"] for item in json.loads(out)["findings"]}
    assert loaded == {str(checked / "pipe.toml"), str(checked / "dangling.toml")}
    # Two files are checked: the agreement and the FIFO (a LOAD001); the dangling
    # link is not followed, so not checked.
    assert f" {count('file', 2, lang)} " in _checking(err, lang)


def test_verbose_counts_one_named_file(tmp_path: Path) -> None:
    named = tmp_path / "one.toml"
    named.write_text(ACTOR.format(id="a"), encoding="utf-8")
    code, _, err = _verbose_count(str(named))
    assert code == 0
    assert f" {count('file', 1, 'en')} " in _checking(err, "en")


# --- Any tree -------------------------------------------------------------------------

# A tree: directories, files, and links among them and out of it, from a few choices.
_NAMES = st.sampled_from(["a", "b", "c", ".h"])
_ENTRY = st.one_of(
    st.tuples(st.just("dir"), st.lists(_NAMES, min_size=1, max_size=3)),
    st.tuples(
        st.sampled_from(
            ["file", "broken", "config", "dangling", "fifo", "hidden", "out-file", "out-dir"]
        ),
        st.lists(_NAMES, min_size=0, max_size=2),
    ),
    st.tuples(
        st.sampled_from(["link", "file-link"]),
        st.lists(_NAMES, min_size=0, max_size=2),
        st.lists(_NAMES, min_size=0, max_size=3),
    ),
)


def _plant(root: Path, folder: Path, number: int, entry: tuple[object, ...]) -> None:
    """One entry of :data:`_ENTRY` in ``folder``: a file, a FIFO or a link."""
    kind = entry[0]
    target = folder / f"f{number}.toml"
    outside = root.parent / "outside"
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
    elif kind == "out-file":
        target.symlink_to(outside / "creds.toml")
    elif kind == "out-dir":
        (folder / f"l{number}").symlink_to(outside, target_is_directory=True)
    else:
        to = entry[2]
        assert isinstance(to, list)
        there = root.joinpath(*to)
        if kind == "file-link":
            there = there / "f0.toml"  # perhaps a file, perhaps nothing
        with contextlib.suppress(FileExistsError):
            name = f"l{number}" + (".toml" if kind == "file-link" else "")
            (folder / name).symlink_to(there, target_is_directory=kind == "link")


def _build(root: Path, entries: list[tuple[object, ...]]) -> None:
    root.mkdir()
    outside = root.parent / "outside"
    outside.mkdir()
    (outside / "creds.toml").write_text(OUTSIDE_FILE, encoding="utf-8")
    for number, entry in enumerate(entries):
        where = entry[1]
        assert isinstance(where, list)
        folder = root.joinpath(*where)
        if entry[0] == "dir":
            folder.mkdir(parents=True, exist_ok=True)
        elif folder.is_dir() and not folder.is_symlink():
            _plant(root, folder, number, entry)


def _real_directories(root: Path) -> set[str]:
    return {os.path.realpath(folder) for folder, _, _ in os.walk(root)}


@posix_only
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entries=st.lists(_ENTRY, max_size=12))
def test_any_tree_is_walked_inside_once_and_counted_as_checked(
    tmp_path_factory: pytest.TempPathFactory, entries: list[tuple[object, ...]]
) -> None:
    root = tmp_path_factory.mktemp("tree") / "root"
    _build(root, entries)
    with pytest.MonkeyPatch.context() as monkeypatch:
        spy = _Spy(monkeypatch)
        files, problems = _found(root)
    # Nothing outside the tree is listed; no directory is listed twice; no more
    # directories are listed than the tree holds (the walk is bounded by the tree).
    listed = [os.path.realpath(path) for path in spy.listed]
    assert len(listed) == len(set(listed))
    assert set(listed) <= _real_directories(root)
    assert spy.opened == []  # the walk reads no file
    # Every file found is in the tree, and found once (by its real path).
    real = [os.path.realpath(path) for path in files]
    assert all(_is_below(path, root) for path in real)
    assert len(real) == len(set(real))
    # Nothing hidden, no configuration, only *.toml (the names found by).
    for path in files:
        parts = path.relative_to(root).parts
        assert not any(part.startswith(".") for part in parts)
        assert path.name.endswith(".toml")
        assert path.name not in {"pyproject.toml", "velfaerd.toml"}
    # Every visible *.toml in a real directory below root is found, by its own name,
    # or is a link: to a file found, or said not to be followed (none skipped silently).
    said = {p.source for p in problems if p.code == "LOAD001"}
    for folder, _, names in os.walk(root):
        if any(part.startswith(".") for part in Path(folder).relative_to(root).parts):
            continue
        for name in names:
            if not name.endswith(".toml") or name.startswith(".") or name == "pyproject.toml":
                continue
            path = Path(folder, name)
            if not path.is_symlink():
                assert path in files
            else:
                assert os.path.realpath(path) in real or str(path) in said
    # Whatever is read from the tree is read from inside it: the outside secret never.
    with pytest.MonkeyPatch.context() as monkeypatch:
        spy = _Spy(monkeypatch)
        _, error = velfaerd.load_partial(root)
    assert all(_is_below(path, root) for path in spy.reached())
    # What the loader saw is what the walk found: the count -v prints.
    if error is not None:
        assert error.files == len(files)
        assert not any("hunter2" in p.message for p in error.problems)
        assert {p.source for p in error.problems if p.code == "LOAD001"} <= {
            str(path) for path in files
        } | said | {str(root)}


# Issue 14 (items 2-6): an input once silently taken the wrong way.
@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_an_unreadable_subdirectory_is_a_load_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ok.toml").write_text(VALID, encoding="utf-8")
    hidden = tmp_path / "sub"
    hidden.mkdir()
    (hidden / "more.toml").write_text(VALID, encoding="utf-8")
    real = os.scandir

    def scandir(path: str) -> object:
        # Root reads any directory: refuse this one as the kernel refuses a user.
        if Path(path) == hidden:
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(velfaerd.LoadError) as caught:
        velfaerd.load(tmp_path)
    problems = [p for p in caught.value.problems if p.code == "LOAD001"]
    assert [p.source for p in problems] == [str(hidden)]
    assert "cannot read the directory" in problems[0].message
