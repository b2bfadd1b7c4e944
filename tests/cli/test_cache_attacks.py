"""The caches of ``velfaerd check`` attacked as a pull request would attack them (issue 18).

Each test plants what an attacker with commit rights could plant under the cache
directory (a pickle, a forged entry, a link to a device, a FIFO or another folder) or
what a careless setting gives (``--cache-dir`` at a folder with its own ``runs``, a
umask of 000), then checks: nothing ran, nothing outside the cache was written or
removed, and the output is exactly what ``--no-cache`` prints.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._cli import check
from tests._hypothesis import scaled

import velfaerd.format
from velfaerd.cli import _filecache as _cache
from velfaerd.cli import _runcache
from velfaerd.cli import _store as _cachedir
from velfaerd.errors import Problem
from velfaerd.i18n import Text

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="links, FIFOs and modes")

#: An agreement with one party: AGR002, an error (exit 1).
AGR002 = (
    '[[actors]]\nid = "byraadet"\nname = "Byrådet"\nkind = "council"\n\n'
    '[[agreements]]\nid = "aftale"\ntitle = "Aftale"\nkind = "cooperation"\n'
    'parties = ["byraadet"]\nstart = "januar 2015"\nend = "december 2016"\n'
    "entered = 2014-12-01\n"
)
#: A pickle that, unpickled, creates the file ``pickled-ran`` where the check runs.
PICKLE = (
    b"\x80\x04\x95,\x00\x00\x00\x00\x00\x00\x00\x8c\x05posix\x94\x8c\x06system\x94\x93\x94"
    b"\x8c\x11touch pickled-ran\x94\x85\x94R\x94."
)
MARKER = b"velfaerd-pack-1\n"
RUN_MARKER = b"velfaerd-run-2\n"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A tree with an AGR002 error and a file that is not TOML, checked from ``tmp_path``."""
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "aftale.toml").write_text(AGR002, encoding="utf-8")
    (tmp_path / "tree" / "brudt.toml").write_text('x = "unterminated\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VELFAERD_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    return Path("tree")


def listing(folder: Path, *, skip: str = _cachedir.DEFAULT_DIRECTORY) -> dict[str, object]:
    """Every path below ``folder`` (but the cache): a link's target, a file's bytes."""
    found: dict[str, object] = {}
    for where, directories, names in os.walk(folder):
        directories[:] = [d for d in directories if d != skip]
        for name in [*names, *directories]:
            path = Path(where, name)
            if path.is_symlink():
                found[str(path)] = str(path.readlink())
            elif path.is_file():
                found[str(path)] = path.read_bytes()
            else:
                found[str(path)] = stat.S_IFMT(path.lstat().st_mode)
    return found


def file_keys(tree: Path, directory: Path) -> list[str]:
    """The names of the per-file entries of the tree's files, as this process keys them."""
    cache = _cache.Cache(directory)
    return [cache.key(str(path), path.read_bytes()) for path in sorted(tree.glob("*.toml"))]


def attacker_mac(name: str, marker: bytes, payload: bytes) -> bytes:
    """An HMAC as velfaerd makes it, under a key the attacker has (not the user's)."""
    message = _cachedir.framed(name) + _cachedir.framed(marker.decode()) + payload
    return hmac.new(b"\x01" * 32, message, hashlib.sha256).digest()


def plant_pack(directory: Path, entries: dict[str, bytes], *, number: int = 0) -> Path:
    """A pack of per-file entries as velfaerd writes one, under the attacker's key."""
    packs = directory / _cache.PACKS
    packs.mkdir(parents=True, exist_ok=True)
    name = f"{number:016x}-{number:032x}"
    payload = _cache._pack(entries)
    path = packs / name
    path.write_bytes(MARKER + attacker_mac(f"{_cache.PACKS}/{name}", MARKER, payload) + payload)
    return path


# --- item 1: a planted pickle runs no code -----------------------------------------------


@pytest.mark.parametrize("framing", ["old", "new"])
def test_a_planted_pickle_runs_no_code(tree: Path, framing: str) -> None:
    expected = check("--no-cache", str(tree))
    directory = Path(_cachedir.DEFAULT_DIRECTORY)
    directory.mkdir()
    keys = file_keys(tree, directory)
    if framing == "old":  # as velfaerd 0.1 framed an entry: marker, SHA-256, pickle
        for key in keys:
            raw = b"velfaerd-cache-2\n" + hashlib.sha256(PICKLE).digest() + PICKLE
            (directory / key).write_bytes(raw)
            (directory / _cache.PACKS).mkdir(exist_ok=True)
            (directory / _cache.PACKS / f"{0:016x}-{0:032x}").write_bytes(raw)
    else:  # a pack of pickles, and a pack that is one
        plant_pack(directory, dict.fromkeys(keys, PICKLE))
        pickled = directory / _cache.PACKS / f"{1:016x}-{1:032x}"
        pickled.write_bytes(
            MARKER + attacker_mac(f"{_cache.PACKS}/{pickled.name}", MARKER, PICKLE) + PICKLE
        )
    assert check(str(tree)) == expected
    assert not Path("pickled-ran").exists()
    # Nothing unpickles anything, anywhere in the caches.
    for module in (_cache, _cachedir, _runcache):
        assert "pickle" not in module.__dict__


def test_a_planted_pickle_in_place_of_every_run_runs_no_code(tree: Path) -> None:
    expected = check("--no-cache", str(tree))
    check(str(tree))
    runs = Path(_cachedir.DEFAULT_DIRECTORY) / _runcache.RUNS
    for entry in runs.iterdir():
        entry.write_bytes(RUN_MARKER + attacker_mac(f"runs/{entry.name}", RUN_MARKER, PICKLE))
    assert check(str(tree)) == expected
    assert not Path("pickled-ran").exists()


# --- item 2: a forged entry of data hides nothing ----------------------------------------


def test_a_forged_empty_document_does_not_hide_an_error(tree: Path) -> None:
    expected = check("--no-cache", str(tree))
    assert expected[0] == 1
    assert "AGR002" in expected[1]
    directory = Path(_cachedir.DEFAULT_DIRECTORY)
    directory.mkdir()
    keys = file_keys(tree, directory)
    forged = plant_pack(directory, dict.fromkeys(keys, b"T{}"))
    assert check(str(tree)) == expected
    assert not forged.exists()  # not authentic: removed
    # Rewritten: each entry is now the user's own, and found.
    for key in keys:
        assert _cache.Cache(directory).get(key) is not None
    assert check(str(tree)) == expected


def test_a_forged_empty_run_does_not_hide_an_error(tree: Path) -> None:
    expected = check("--no-cache", str(tree))
    check(str(tree))
    runs = Path(_cachedir.DEFAULT_DIRECTORY) / _runcache.RUNS
    empty = json.dumps(
        ["o", "Run", "report", ["o", "Report"], "problems", ["t"], "rules", ["t"]]
    ).encode()
    for entry in runs.iterdir():
        name = f"runs/{entry.name}"
        entry.write_bytes(RUN_MARKER + attacker_mac(name, RUN_MARKER, empty) + empty)
    assert check(str(tree)) == expected


def test_an_entry_moved_to_another_file_s_name_is_a_miss(tree: Path) -> None:
    """The HMAC covers the name: a genuine entry of one file does not serve another."""
    expected = check("--no-cache", str(tree))
    directory = Path(_cachedir.DEFAULT_DIRECTORY)
    Path("ok.toml").write_text('[[actors]]\nid = "a"\nname = "A"\nkind = "council"\n', "utf-8")
    check("ok.toml")
    (ok_key,) = file_keys(Path(), directory)
    (genuine,) = (directory / _cache.PACKS).iterdir()
    raw = genuine.read_bytes()
    # The genuine pack under another name; and its index rewritten to name the tree's
    # files (its MAC kept).
    (directory / _cache.PACKS / f"{1:016x}-{1:032x}").write_bytes(raw)
    head = len(MARKER) + 32
    body = _cache._unpack(raw[head:])[ok_key]
    renamed = _cache._pack(dict.fromkeys(file_keys(tree, directory), body))
    genuine.write_bytes(raw[:head] + renamed)
    import shutil  # noqa: PLC0415

    shutil.rmtree(directory / _runcache.RUNS)
    assert check(str(tree)) == expected


# --- item 3: pruning deletes nothing of anyone else's ------------------------------------


def test_a_runs_link_to_a_folder_of_twenty_files_loses_none(tree: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for number in range(20):  # named as run entries are, the strongest bait
        (elsewhere / f"{number:016x}-{number:064x}").write_bytes(b"precious")
    directory = Path(_cachedir.DEFAULT_DIRECTORY)
    directory.mkdir()
    (directory / _runcache.RUNS).symlink_to(elsewhere)
    before = listing(elsewhere)
    expected = check("--no-cache", str(tree))
    for select in ("AGR", "REF", "COV", "REV", "APR", "MIL", "CAL", "AGR001", "REF001"):
        result = check("--select", select, str(tree))
        assert result == check("--no-cache", "--select", select, str(tree))
    assert check(str(tree)) == expected
    assert listing(elsewhere) == before


def test_a_cache_dir_with_a_runs_folder_of_its_own_loses_none_of_its_files(
    tree: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    (home / "runs").mkdir(parents=True)
    for number in range(20):
        (home / "runs" / f"notes-{number}.txt").write_bytes(b"mine")
    (home / "runs" / "sub").mkdir()
    (home / "runs" / "link").symlink_to(home / "runs" / "notes-1.txt")
    before = listing(home / "runs")
    for select in ("AGR", "REF", "COV", "REV", "APR", "MIL", "CAL", "AGR001", "REF001", "ALL"):
        check("--cache-dir", str(home), "--select", select, str(tree))
    after = listing(home / "runs")
    assert {name: value for name, value in after.items() if name in before} == before
    assert len([n for n in after if _runcache._NAME.fullmatch(Path(n).name)]) <= (
        _runcache.MAX_RUNS
    )


# --- item 4: nothing written through a link ----------------------------------------------


def test_a_dangling_gitignore_link_creates_nothing(tree: Path, tmp_path: Path) -> None:
    directory = Path(_cachedir.DEFAULT_DIRECTORY)
    directory.mkdir()
    target = tmp_path / "etc" / "nologin"
    target.parent.mkdir()
    (directory / ".gitignore").symlink_to(target)
    expected = check("--no-cache", str(tree))
    assert check(str(tree)) == expected
    assert not target.exists()
    assert check(str(tree)) == expected  # found, and still nothing there


def test_a_cache_linked_to_the_root_writes_nothing_there(tree: Path, tmp_path: Path) -> None:
    Path(_cachedir.DEFAULT_DIRECTORY).symlink_to(".")
    before = listing(tmp_path, skip="user-cache")
    expected = check("--no-cache", str(tree))
    code, out, err = check("-v", str(tree))
    assert (code, out) == expected[:2]
    assert "cache .velfaerd_cache: not used: it is a symbolic link" in err
    assert listing(tmp_path, skip="user-cache") == before
    assert not Path(".gitignore").exists()


def test_a_cache_linked_elsewhere_is_not_used(tree: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    Path(_cachedir.DEFAULT_DIRECTORY).symlink_to(elsewhere)
    assert check(str(tree)) == check("--no-cache", str(tree))
    assert list(elsewhere.iterdir()) == []


# --- item 5: links to devices and FIFOs, read without hanging ----------------------------


def run_check(cwd: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """``velfaerd check`` as a process, killed (and the test failed) after 60 s."""
    return subprocess.run(
        [sys.executable, "-m", "velfaerd", "check", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )


@pytest.fixture(scope="module")
def unchecked(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """What ``velfaerd check --no-cache tree`` prints of the tree: the same wherever it runs."""
    here = tmp_path_factory.mktemp("unchecked")
    (here / "tree").mkdir()
    (here / "tree" / "aftale.toml").write_text(AGR002, encoding="utf-8")
    (here / "tree" / "brudt.toml").write_text('x = "unterminated\n', encoding="utf-8")
    expected = run_check(here, "--no-cache", "tree")
    assert expected.returncode == 1
    return expected


@pytest.mark.parametrize("planted", ["/dev/zero", "fifo", "fifo-itself"])
def test_entries_linked_to_a_device_or_a_fifo_do_not_hang_the_check(
    tree: Path, tmp_path: Path, planted: str, unchecked: subprocess.CompletedProcess[str]
) -> None:
    expected = unchecked
    run_check(tmp_path, str(tree))  # the entries, named as this process names them
    directory = tmp_path / _cachedir.DEFAULT_DIRECTORY
    fifo = tmp_path / "a-fifo"
    os.mkfifo(fifo)
    entries = [p for p in directory.rglob("*") if p.is_file() and p.name != ".gitignore"]
    assert len(entries) == 2  # the pack of the two files, and a run
    for entry in entries:
        entry.unlink()
        if planted == "fifo-itself":
            os.mkfifo(entry)
        else:
            entry.symlink_to(fifo if planted == "fifo" else planted)
    again = run_check(tmp_path, str(tree))
    assert (again.returncode, again.stdout, again.stderr) == (
        expected.returncode,
        expected.stdout,
        expected.stderr,
    )


def test_an_entry_larger_than_the_limit_is_not_read(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = check("--no-cache", str(tree))
    check(str(tree))
    directory = Path(_cachedir.DEFAULT_DIRECTORY)
    entries = [p for p in directory.rglob("*") if p.is_file() and p.name != ".gitignore"]
    for entry in entries:  # 1 GiB each, sparse: a reader without a limit would take it all
        with entry.open("r+b") as stream:
            stream.truncate(16 * _cachedir.MAX_ENTRY)
    real = _cachedir._read_all
    sizes: list[int] = []

    def read_all(handle: int, size: int) -> bytes:
        sizes.append(size)
        return real(handle, size)

    monkeypatch.setattr(_cachedir, "_read_all", read_all)
    assert check(str(tree)) == expected
    assert all(size <= _cachedir.MAX_ENTRY for size in sizes)
    # Rewritten: the run in its place, the files' entries in a new pack (the old one gone).
    now = [p for p in directory.rglob("*") if p.is_file() and p.name != ".gitignore"]
    assert len(now) == len(entries)
    assert all(entry.stat().st_size < _cachedir.MAX_ENTRY for entry in now)


# --- item 11: keys hold the dependencies and velfaerd's code -----------------------------


@pytest.mark.parametrize("part", ["environment", "velfaerd_code", "interpreter"])
def test_another_dependency_or_code_is_another_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, part: str
) -> None:
    key = _cache.Cache(tmp_path).key("a.toml", b"x = 1\n")
    original = getattr(_cachedir, part)()
    assert key == _cache.Cache(tmp_path).key("a.toml", b"x = 1\n")
    changed = original.replace("tomli-", "tomli-9").replace(".py", ".pyx") + "\n-"
    monkeypatch.setattr(_cachedir, part, lambda: changed)
    assert _cache.Cache(tmp_path).key("a.toml", b"x = 1\n") != key


def test_the_stamp_names_the_versions_of_the_dependencies_that_decide_a_load() -> None:
    stamp = _cachedir.environment()
    for distribution in ("tomli", "cattrs", "attrs", "holidays"):
        assert f"\n{distribution}-" in stamp, distribution
    code = _cachedir.velfaerd_code()
    assert "_loading.py\0" in code
    assert "rules/agreements.py\0" in code


def test_the_run_cache_and_the_file_cache_share_one_stamp(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check(str(tree))
    calls: list[str] = []
    real = _cachedir.velfaerd_code

    def code() -> str:
        calls.append("code")
        return real()

    monkeypatch.setattr(_cachedir, "velfaerd_code", code)
    check("--select", "AGR", str(tree))  # a miss: both caches keyed
    assert calls == ["code"]


def test_a_changed_loader_in_an_editable_install_misses(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check(str(tree))
    loader = Path(velfaerd.format.__file__).parent / "_loading.py"
    info = loader.stat()
    try:
        os.utime(loader, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
        code, _, err = check("-v", str(tree))
    finally:
        os.utime(loader, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert "this run's result not found" in err
    assert "0 files found, 2 loaded" in err
    del code, monkeypatch


# --- item 12: modes whatever the umask; the .gitignore repaired --------------------------


def test_umask_000_still_gives_0700_and_0600(tree: Path, tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        check("--cache-dir", "deep/er/cache", str(tree))
    finally:
        os.umask(old)
    for folder in (
        Path("deep"),
        Path("deep/er"),
        Path("deep/er/cache"),
        Path("deep/er/cache/runs"),
        Path("deep/er/cache") / _cache.PACKS,
        tmp_path / "user-cache" / "velfaerd",
    ):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    files = [p for p in Path("deep/er/cache").rglob("*") if p.is_file()]
    files.append(tmp_path / "user-cache" / "velfaerd" / "key")
    assert len(files) == 4  # .gitignore, the pack of the two files, a run, the key
    for file in files:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file


@pytest.mark.parametrize("left", [b"", b"# Written by velfaerd: its ca", b"# Written"])
def test_a_truncated_gitignore_is_repaired(tree: Path, left: bytes) -> None:
    directory = Path(_cachedir.DEFAULT_DIRECTORY)
    directory.mkdir()
    (directory / ".gitignore").write_bytes(left)
    check(str(tree))
    assert (directory / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


@pytest.mark.parametrize("kind", ["own", "folder", "link"])
def test_a_gitignore_not_written_by_velfaerd_is_left(tree: Path, tmp_path: Path, kind: str) -> None:
    directory = Path(_cachedir.DEFAULT_DIRECTORY)
    directory.mkdir()
    ignore = directory / ".gitignore"
    if kind == "own":
        ignore.write_bytes(b"# mine\n")
    elif kind == "folder":
        ignore.mkdir()
    else:
        (tmp_path / "target").write_bytes(b"")
        ignore.symlink_to(tmp_path / "target")
    before = listing(tmp_path, skip="nothing")
    check(str(tree))
    after = listing(tmp_path, skip="nothing")
    assert {k: v for k, v in after.items() if k in before and ".gitignore" in k} == {
        k: v for k, v in before.items() if ".gitignore" in k
    }
    assert (tmp_path / "target").exists() == (kind == "link")
    if kind == "link":
        assert (tmp_path / "target").read_bytes() == b""


# --- the key ------------------------------------------------------------------------------


def key_file(tmp_path: Path) -> Path:
    return tmp_path / "user-cache" / "velfaerd" / "key"


def test_the_key_is_made_once_outside_the_tree_and_kept(tree: Path, tmp_path: Path) -> None:
    check(str(tree))
    key = key_file(tmp_path)
    assert key.stat().st_size == _cachedir.KEY_SIZE
    first = key.read_bytes()
    check("--select", "AGR", str(tree))
    assert key.read_bytes() == first
    assert not any(p.name == "key" for p in tree.rglob("*"))


def unsafe(tmp_path: Path, how: str) -> None:
    key = key_file(tmp_path)
    if how == "group-readable":
        key.chmod(0o640)
    elif how == "link":
        real = tmp_path / "real-key"
        real.write_bytes(key.read_bytes())
        real.chmod(0o600)
        key.unlink()
        key.symlink_to(real)
    elif how == "folder":
        key.unlink()
        key.mkdir()
    elif how == "short":
        key.write_bytes(b"short")
    elif how == "folder-writable":
        key.parent.chmod(0o777)
    elif how == "folder-link":
        moved = tmp_path / "moved"
        key.parent.rename(moved)
        key.parent.symlink_to(moved)
    elif how == "fifo":
        key.unlink()
        os.mkfifo(key)
    else:  # another user's
        os.chown(key, 65534, 65534)


UNSAFE = [
    "group-readable",
    "link",
    "folder",
    "short",
    "folder-writable",
    "folder-link",
    "fifo",
    pytest.param(
        "owner",
        marks=pytest.mark.skipif(
            not hasattr(os, "getuid") or os.getuid() != 0, reason="chown needs root"
        ),
    ),
]


@pytest.mark.parametrize("how", UNSAFE)
def test_an_unsafe_key_turns_the_cache_off(tree: Path, tmp_path: Path, how: str) -> None:
    check(str(tree))
    unsafe(tmp_path, how)
    expected = check("--no-cache", str(tree))
    code, out, err = check("-v", str(tree))
    assert (code, out) == expected[:2]
    assert "not used: its key" in err
    assert check(str(tree)) == expected


def test_an_unsafe_key_is_said_in_danish(tree: Path, tmp_path: Path) -> None:
    check(str(tree))
    unsafe(tmp_path, "group-readable")
    _, _, err = check("-v", "--lang", "da", str(tree))
    assert "bruges ikke: dens nøgle" in err


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="chown needs root")
def test_a_cache_directory_of_another_user_is_not_used(tree: Path) -> None:
    directory = Path(_cachedir.DEFAULT_DIRECTORY)
    directory.mkdir()
    os.chown(directory, 65534, 65534)
    _, _, err = check("-v", str(tree))
    assert "not used: it belongs to another user" in err
    assert list(directory.iterdir()) == []


def test_another_user_s_key_makes_every_entry_a_miss(
    tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A restored CI cache, or another user's: written under another key, never used."""
    expected = check("--no-cache", "-v", str(tree))
    check(str(tree))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    code, out, err = check("-v", str(tree))
    assert (code, out) == expected[:2]
    assert "this run's result not found" in err
    assert "0 files found, 2 loaded" in err


# --- entries as data ----------------------------------------------------------------------

TOML_SCALARS = (
    st.text()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats()
    | st.booleans()
    | st.dates()
    # tomli's offsets: whole minutes, within a day; no fold
    | st.datetimes(
        timezones=st.none()
        | st.builds(dt.timezone, st.integers(-1439, 1439).map(lambda m: dt.timedelta(minutes=m)))
    )
    | st.times()
).map(lambda value: value.replace(fold=0) if isinstance(value, (dt.datetime, dt.time)) else value)
TOML_VALUES = st.recursive(
    TOML_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def same(first: object, second: object) -> bool:
    """Equal, of the same types throughout (a date is not a datetime; nan is nan)."""
    if type(first) is not type(second):
        return False
    if isinstance(first, dict):
        return list(first) == list(second) and all(  # type: ignore[call-overload]
            same(first[k], second[k])  # type: ignore[index]
            for k in first
        )
    if isinstance(first, list):
        return len(first) == len(second) and all(  # type: ignore[arg-type]
            same(a, b)
            for a, b in zip(first, second, strict=True)  # type: ignore[call-overload]
        )
    if isinstance(first, float) and first != first:  # noqa: PLR0124 - nan
        return second != second  # noqa: PLR0124
    if isinstance(first, dt.datetime):
        return first == second and repr(first) == repr(second)
    return first == second


@scaled(40)
@given(data=st.dictionaries(st.text(), TOML_VALUES, max_size=5))
def test_parsed_toml_is_kept_exactly_or_not_at_all(data: dict[str, object]) -> None:
    payload = _cache._encode(data)
    if payload is None:  # a string starting with NUL: the tags would be ambiguous
        assert "\\x00" in repr(data)
        return
    assert same(_cache._decode(payload), data)


@scaled(20)
@given(
    problems=st.lists(
        st.builds(
            Problem,
            code=st.sampled_from(["LOAD002", "LOAD003"]),
            message=st.text(),
            source=st.text(),
            path=st.text(),
            line=st.none() | st.integers(1, 10**6),
            column=st.none() | st.integers(1, 10**6),
            text=st.none()
            | st.builds(
                Text,
                key=st.text(),
                values=st.dictionaries(st.text(), st.text() | st.integers() | st.tuples()),
            ),
        ),
        max_size=4,
    ),
    ids=st.none() | st.frozensets(st.text(), max_size=4),
)
def test_problems_are_kept_exactly(problems: list[Problem], ids: frozenset[str] | None) -> None:
    payload = _cache._encode((problems, ids))
    assert payload is not None
    decoded = _cache._decode(payload)
    assert decoded == (problems, ids)
    assert [p.text for p in decoded[0]] == [p.text for p in problems]


def test_only_the_classes_named_are_rebuilt() -> None:
    evil = ["o", "Popen", "args", ["l", "touch", "pickled-ran"]]
    with pytest.raises(ValueError, match="Popen"):
        _cachedir.decode(evil, {"Problem": Problem})
    assert not Path("pickled-ran").exists()
