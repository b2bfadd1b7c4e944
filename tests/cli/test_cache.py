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
    """The per-file entries (the runs are in a folder of their own)."""
    return sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith("."))


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
    written = entries(Path(_cache.DEFAULT_DIRECTORY))
    assert len(written) == len(list(tree.rglob("*.toml")))
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
    sound = {path: path.read_bytes() for path in entries(directory)}
    for path, raw in sound.items():
        path.write_bytes(damage(raw))  # type: ignore[operator]
    forget_runs(directory)
    assert check(str(tree)) == expected
    assert {path: path.read_bytes() for path in entries(directory)} == sound
    forbid_parsing(monkeypatch)
    assert check(str(tree)) == expected


def test_an_entry_whose_digest_holds_but_content_does_not_is_a_miss(tmp_path: Path) -> None:
    cache = _cache.Cache(tmp_path)
    cache.put("k", ["not a problem"])  # type: ignore[arg-type]
    assert (tmp_path / "k").exists()
    assert cache.get("k") is None
    cache.put("problems", (["not a problem"], None))  # type: ignore[list-item]
    cache.put("ids", ([], frozenset({1})))  # type: ignore[arg-type]
    assert cache.get("problems") is None
    assert cache.get("ids") is None
    cache.put("sound", ([], frozenset({"a"})))
    assert cache.get("sound") == ([], frozenset({"a"}))
    assert cache.get("missing") is None


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
