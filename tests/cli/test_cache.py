"""The per-file cache of ``velfaerd check``: same output, no TOML parsed twice, never trusted."""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
from pathlib import Path

import pytest
import tomli

from velfaerd.cli import _filecache as _cache
from velfaerd.cli import _runcache, main

GOLDEN = Path(__file__).parent.parent / "data" / "golden"


def check(*arguments: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["check", *arguments])
    return code, out.getvalue()


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the golden portfolio and its broken files, checked from ``tmp_path``."""
    shutil.copytree(GOLDEN / "portfolio", tmp_path / "tree" / "portfolio")
    shutil.copytree(GOLDEN / "broken", tmp_path / "tree" / "broken")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VELFAERD_CACHE_DIR", raising=False)
    return Path("tree")


def entries(directory: Path) -> list[Path]:
    """The packs of per-file entries (the runs are in a folder of their own)."""
    return sorted(p for p in (directory / _cache.PACKS).iterdir() if p.is_file())


def kept(directory: Path) -> dict[str, bytes]:
    """Every per-file entry of the packs, by key, as written (not checked)."""
    found: dict[str, bytes] = {}
    for pack in entries(directory):
        found.update(_cache._unpack(pack.read_bytes()[len(_cache._FORMAT) + 32 :]))
    return found


def forget_runs(directory: Path) -> None:
    """Remove the cache of whole runs, so that the next check goes through each file's."""
    shutil.rmtree(directory / _runcache.RUNS, ignore_errors=True)


def forbid_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        pytest.fail("a TOML file was parsed although the cache holds it")

    monkeypatch.setattr(tomli, "loads", refuse)


def test_a_repeat_check_parses_no_toml_and_prints_the_same(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uncached = check("--no-cache", str(tree))
    part = check("--no-cache", str(tree / "portfolio"))
    assert not Path(_cache.DEFAULT_DIRECTORY).exists()
    assert check(str(tree)) == uncached
    # One pack, holding one entry per file.
    assert len(entries(Path(_cache.DEFAULT_DIRECTORY))) == 1
    assert len(kept(Path(_cache.DEFAULT_DIRECTORY))) == len(list(tree.rglob("*.toml")))
    forbid_parsing(monkeypatch)
    assert check(str(tree)) == uncached
    assert check(str(tree / "portfolio")) == part


def test_the_cache_directory_has_its_own_gitignore(tree: Path) -> None:
    check("--cache-dir", "elsewhere/cache", str(tree))
    ignore = Path("elsewhere/cache/.gitignore").read_text(encoding="utf-8")
    assert ignore.splitlines()[-1] == "*"
    assert not Path(_cache.DEFAULT_DIRECTORY).exists()


@pytest.mark.parametrize(
    "damage",
    [
        lambda _: b"",
        lambda raw: raw[: len(raw) // 2],
        lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]),
        lambda _: b"not a velfaerd cache entry",
    ],
    ids=["empty", "truncated", "flipped-bit", "foreign"],
)
def test_a_damaged_entry_is_ignored_and_rewritten(
    tree: Path, damage: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = check("--no-cache", str(tree))
    check(str(tree))
    directory = Path(_cache.DEFAULT_DIRECTORY)
    sound = kept(directory)
    (pack,) = entries(directory)
    pack.write_bytes(damage(pack.read_bytes()))  # type: ignore[operator]
    forget_runs(directory)
    assert check(str(tree)) == expected
    assert pack not in entries(directory)  # removed, and its entries written anew
    assert kept(directory) == sound
    forbid_parsing(monkeypatch)
    assert check(str(tree)) == expected


@pytest.mark.parametrize(
    "payload",
    [
        b"T[1, 2]",
        b"Tnot json",
        b'D{"a": {"\\u0000date": 5}}',
        b'P["t", ["l", "not a problem"], null]',
        b'P["t", ["l"], ["f", 1]]',
        b'P["t", ["l", ["o", "Finding", "code", "X"]], null]',
        b'P["t", ["l", ["o", "Problem", "code", "X"]], null]',
        b"Xunknown kind",
        b"",
    ],
)
def test_an_authentic_entry_whose_content_is_not_sound_is_a_miss(
    tmp_path: Path, payload: bytes
) -> None:
    cache = _cache.Cache(tmp_path)
    name = f"{_cache.PACKS}/{0:016x}-{0:032x}"
    assert cache.store.write(name, _cache._FORMAT, _cache._pack({"k": payload}))
    assert _cache.Cache(tmp_path).get("k") is None


@pytest.mark.parametrize(
    "index",
    [
        b"not json",
        b"{}",
        b'["k", 0]',
        b'["k", 0, 99]',
        b'["k", -1, 1]',
        b"[1, 0, 1]",
        b'["k", 0, 1.5]',
    ],
)
def test_an_authentic_pack_whose_index_is_not_sound_is_a_miss(tmp_path: Path, index: bytes) -> None:
    cache = _cache.Cache(tmp_path)
    name = f"{_cache.PACKS}/{0:016x}-{0:032x}"
    assert cache.store.write(name, _cache._FORMAT, index + b"\nT{}")
    assert _cache.Cache(tmp_path).get("k") is None


def test_entries_hold_what_was_put(tmp_path: Path) -> None:
    cache = _cache.Cache(tmp_path)
    cache.put("sound", ([], frozenset({"a"})))
    assert cache.get("sound") == ([], frozenset({"a"}))
    cache.put("data", {"a": [1, 2.5, "x"], "b": {"c": True}})
    assert cache.get("data") == {"a": [1, 2.5, "x"], "b": {"c": True}}
    assert cache.get("missing") is None
    cache.flush()
    again = _cache.Cache(tmp_path)
    assert again.get("sound") == ([], frozenset({"a"}))
    assert again.get("data") == {"a": [1, 2.5, "x"], "b": {"c": True}}
    assert again.get("missing") is None


def test_packs_are_pruned_to_what_the_last_run_used(tmp_path: Path) -> None:
    """Beyond MAX_PACKS, a run keeps in its own packs what it used, and removes the others."""
    mine = tmp_path / _cache.PACKS / "notes.txt"
    for number in range(_cache.MAX_PACKS + 3):
        cache = _cache.Cache(tmp_path)
        assert cache.get("used") in (None, {"n": 0})
        if number == 0:
            cache.put("used", {"n": 0})
        cache.put(f"k{number}", {"n": number})
        cache.flush()
        if number == 0:
            mine.write_bytes(b"mine")  # not a pack's name: never removed
        assert len(entries(tmp_path)) <= _cache.MAX_PACKS + 1  # the packs, and notes.txt
    last = _cache.Cache(tmp_path)
    assert last.get("used") == {"n": 0}
    assert last.get(f"k{_cache.MAX_PACKS + 2}") == {"n": _cache.MAX_PACKS + 2}
    assert mine.read_bytes() == b"mine"


def test_a_changed_file_is_loaded_again(tree: Path) -> None:
    check(str(tree))
    target = tree / "portfolio" / "mangler.toml"
    target.write_text(
        target.read_text(encoding="utf-8").replace('"ukendt-part"', '"skole-x"'),
        encoding="utf-8",
    )
    cached = check(str(tree))
    assert cached == check("--no-cache", str(tree))
    assert "ukendt-part" not in cached[1]


def test_the_key_depends_on_version_name_and_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = _cache.Cache(tmp_path).key("a.toml", b"x = 1\n")
    assert _cache.Cache(tmp_path).key("b.toml", b"x = 1\n") != key
    assert _cache.Cache(tmp_path).key("a.toml", b"x = 2\n") != key
    limit = sys.get_int_max_str_digits()
    try:
        sys.set_int_max_str_digits(limit + 1)  # a longer number loads: another result
        assert _cache.Cache(tmp_path).key("a.toml", b"x = 1\n") != key
    finally:
        sys.set_int_max_str_digits(limit)
    monkeypatch.setattr(_cache, "__version__", "99.0")
    assert _cache.Cache(tmp_path).key("a.toml", b"x = 1\n") != key


def test_no_cache_writes_nothing(tree: Path) -> None:
    check("--no-cache", "--cache-dir", "c", str(tree))
    assert not Path("c").exists()


def test_a_cache_that_cannot_be_written_is_skipped(tree: Path) -> None:
    Path("blocked").write_text("a file where the cache directory would be", encoding="utf-8")
    assert check("--cache-dir", "blocked", str(tree)) == check("--no-cache", str(tree))


def test_verbose_says_how_much_came_from_the_cache(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check", "-v", str(tree / "portfolio")])
    said = capsys.readouterr().err
    assert "this run's result not found" in said
    assert "0 files found, 5 loaded" in said
    main(["check", "-v", str(tree / "portfolio")])
    said = capsys.readouterr().err
    assert "this run's result found; no file loaded, no rule run" in said
    assert "loaded" not in said.replace("no file loaded", "")
    # Another selection is another run, whose files come from the per-file cache.
    main(["check", "-v", "--ignore", "CAL", str(tree / "portfolio")])
    said = capsys.readouterr().err
    assert "this run's result not found" in said
    assert "5 files found, 0 loaded" in said


def test_the_environment_may_name_the_cache_directory(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VELFAERD_CACHE_DIR", "from-environment")
    check(str(tree))
    assert Path("from-environment/.gitignore").exists()
    check("--cache-dir", "from-flag", str(tree))
    assert Path("from-flag/.gitignore").exists()
    assert not Path(_cache.DEFAULT_DIRECTORY).exists()
