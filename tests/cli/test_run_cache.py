"""The cache of whole runs of ``velfaerd check``: found, the same output; any change misses."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import pytest
import tomli
from hypothesis import given
from hypothesis import strategies as st
from tests._hypothesis import scaled

import velfaerd
from velfaerd import _registry, rules
from velfaerd import strategies as vst
from velfaerd.cli import _filecache as _cache
from velfaerd.cli import _formats, _rule_text, _runcache, main
from velfaerd.cli._store import CacheDirectory
from velfaerd.report import Finding
from velfaerd.rules import Rule, register
from velfaerd.rules import _engine as _checking

if TYPE_CHECKING:
    from collections.abc import Iterator

GOLDEN = Path(__file__).parent.parent / "data" / "golden"
FORMATS = ("text", "concise", "json", "sarif", "github")
FOUND = "this run's result found; no file loaded, no rule run"
MISSED = "this run's result not found"
UNKEPT = "this run's result is not kept"
FOUND_DA = "kørslens resultat fundet; ingen fil indlæst, ingen regel kørt"
MISSED_DA = "kørslens resultat ikke fundet"


@attrs.frozen
class Result:
    code: int
    out: str
    err: str

    @property
    def found(self) -> bool:
        return FOUND in self.err or FOUND_DA in self.err

    @property
    def missed(self) -> bool:
        return MISSED in self.err or MISSED_DA in self.err

    def said(self) -> list[str]:
        """The lines on stderr, less those of the caches and the time taken."""
        return [
            line
            for line in self.err.splitlines()
            if not line.startswith(
                ("velfaerd: cache ", "velfaerd: done in ", "velfaerd: færdig på ")
            )
        ]


def check(*arguments: str) -> Result:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", *arguments])
    return Result(code, out.getvalue(), err.getvalue())


def same(first: Result, second: Result) -> bool:
    """The same exit code, output and (cache lines aside) messages."""
    return (first.code, first.out, first.said()) == (second.code, second.out, second.said())


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The golden portfolio (findings with lines) and broken files (load problems)."""
    shutil.copytree(GOLDEN / "portfolio", tmp_path / "tree" / "portfolio")
    shutil.copytree(GOLDEN / "broken", tmp_path / "tree" / "broken")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VELFAERD_CACHE_DIR", raising=False)
    monkeypatch.delenv("VELFAERD_PLUGINS", raising=False)
    return Path("tree")


def forbid_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail on any parse, unpickled document or rule run: a run found does none."""

    def refuse(*_: object, **__: object) -> None:
        pytest.fail("a run found in the cache loaded or checked")

    monkeypatch.setattr(tomli, "loads", refuse)
    monkeypatch.setattr(_cache.Cache, "get", refuse)
    monkeypatch.setattr(_checking, "check", refuse)


def run_entries() -> list[Path]:
    folder = Path(_cache.DEFAULT_DIRECTORY) / _runcache.RUNS
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


@pytest.mark.parametrize(
    "flags",
    [
        *(("--output-format", output_format) for output_format in FORMATS),
        ("--statistics",),
        ("--statistics", "--output-format", "json"),
        ("-q",),
        ("--lang", "da", "--output-format", "sarif"),
        ("--as-of", "2016-06-01", "--output-format", "json"),
        ("--exit-zero", "--select", "REV,CAL"),
        ("--warnings-as-errors", "--output-format", "concise", "--ignore", "REF"),
    ],
    ids=" ".join,
)
def test_a_repeat_run_is_found_and_says_the_same(
    tree: Path, flags: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    loud = () if "-q" in flags else ("-v",)  # -q and -v exclude each other
    uncached = check("--no-cache", *loud, *flags, str(tree))
    assert "LOAD00" in uncached.out or "--statistics" in flags  # load problems are shown
    assert "velfaerd: cache" not in uncached.err
    quiet = check("--no-cache", *flags, str(tree))
    cold = check(*loud, *flags, str(tree))
    assert cold.missed or not loud
    assert same(cold, uncached)
    forbid_work(monkeypatch)
    warm = check(*loud, *flags, str(tree))
    assert warm.found or not loud, warm.err
    assert same(warm, uncached)
    assert check(*flags, str(tree)) == quiet


def test_the_verbose_lines_of_a_run_found_are_those_of_a_run_checked(tree: Path) -> None:
    check("-v", str(tree))
    lines = check("-v", "--lang", "da", str(tree)).err.splitlines()
    found = check("-v", "--lang", "da", str(tree)).err.splitlines()
    assert lines[:2] == found[:2]
    assert lines[2] == f"velfaerd: cache {_cache.DEFAULT_DIRECTORY}: kørslens resultat ikke fundet"
    assert found[2] == (
        f"velfaerd: cache {_cache.DEFAULT_DIRECTORY}: kørslens resultat fundet; "
        "ingen fil indlæst, ingen regel kørt"
    )
    assert any("MIL005 blev ikke kørt: kræver en skæringsdato (as_of)" in x for x in found[3:])
    assert lines[4:-1] == found[3:-1]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def change_bytes(tree: Path) -> None:
    edit(tree / "portfolio" / "mangler.toml", '"ukendt-part"', '"skole-x"')


def add_file(tree: Path) -> None:
    shutil.copy(tree / "portfolio" / "aftale-00000.toml", tree / "portfolio" / "aftale-09.toml")


def remove_file(tree: Path) -> None:
    (tree / "portfolio" / "aftale-00001.toml").unlink()


def rename_file(tree: Path) -> None:
    (tree / "broken" / "typer.toml").rename(tree / "broken" / "typer-2.toml")


def touch_file(tree: Path) -> None:
    """Not a change: the same bytes, a newer time (the key is the bytes)."""
    path = tree / "portfolio" / "faelles.toml"
    os.utime(path, (1, 1))


def configure(text: str) -> object:
    def write(_: Path) -> None:
        Path("velfaerd.toml").write_text(text, encoding="utf-8")

    return write


@pytest.mark.parametrize(
    ("change", "flags"),
    [
        (change_bytes, ()),
        (add_file, ()),
        (remove_file, ()),
        (rename_file, ()),
        (configure('ignore = ["CAL"]\n'), ()),
        (configure('select = ["REV"]\n'), ()),
        (configure('[severity]\nREF002 = "info"\n'), ()),
        (configure('lang = "da"\n'), ()),
        (configure('[per-file-ignores]\n"*/mangler.toml" = ["REF"]\n'), ()),
        (configure("plugins = false\n"), ()),
        (None, ("--as-of", "2016-06-01")),
        (None, ("--max-file-size", "100000")),
        (None, ("--select", "REF,COV")),
        (None, ("--ignore", "CAL001")),
        (None, ("--extend-select", "ALL")),
        (None, ("--lang", "da")),
        (None, ("--no-plugins",)),
    ],
    ids=lambda value: getattr(value, "__name__", None) or " ".join(value or ()) or "flags",
)
def test_any_change_misses(tree: Path, change: object, flags: tuple[str, ...]) -> None:
    check(str(tree))
    assert check("-v", str(tree)).found
    if change is not None:
        change(tree)  # type: ignore[operator]
    changed = check("-v", *flags, str(tree))
    assert changed.missed, changed.err
    assert same(changed, check("--no-cache", "-v", *flags, str(tree)))
    assert check("-v", *flags, str(tree)).found


def test_a_file_touched_but_not_changed_is_found(tree: Path) -> None:
    check(str(tree))
    touch_file(tree)
    assert check("-v", str(tree)).found


def test_the_environment_that_turns_plugins_off_misses(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check(str(tree))
    monkeypatch.setenv("VELFAERD_PLUGINS", "0")
    assert check("-v", str(tree)).missed


def test_today_is_keyed_by_the_day_it_names(tree: Path) -> None:
    before = dt.date.today()  # noqa: DTZ011 - the day --as-of today reads
    first = check("-v", "--as-of", "today", str(tree))
    again = check("-v", "--as-of", before.isoformat(), str(tree))
    if dt.date.today() != before:  # noqa: DTZ011  # pragma: no cover - run across midnight
        pytest.skip("the day changed while the test ran")
    assert first.missed
    assert again.found
    assert check("-v", "--as-of", (before - dt.timedelta(days=1)).isoformat(), str(tree)).missed


def test_python_s_limit_on_digits_is_part_of_the_key(tree: Path) -> None:
    (tree / "long.toml").write_text("format = " + "9" * 5000 + "\n", encoding="utf-8")
    limit = sys.get_int_max_str_digits()
    assert limit < 5000
    first = check("-v", str(tree))
    assert "Exceeds the limit" in first.out
    try:
        sys.set_int_max_str_digits(10_000)
        raised = check("-v", str(tree))
        assert raised.missed
        assert same(raised, check("--no-cache", "-v", str(tree)))
        assert "Exceeds the limit" not in raised.out
    finally:
        sys.set_int_max_str_digits(limit)
    assert check("-v", str(tree)).found


DAMAGES = {
    "empty": lambda _: b"",
    "truncated": lambda raw: raw[: len(raw) // 2],
    "flipped-bit": lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]),
    "foreign": lambda _: b"not a velfaerd cache entry",
}


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_damaged_run_is_a_miss_and_is_written_anew(tree: Path, damage: object) -> None:
    expected = check("--no-cache", "-v", "--output-format", "json", str(tree))
    check("--output-format", "json", str(tree))
    (entry,) = run_entries()
    entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
    damaged = check("-v", "--output-format", "json", str(tree))
    assert damaged.missed
    assert same(damaged, expected)
    found = check("-v", "--output-format", "json", str(tree))
    assert found.found
    assert same(found, expected)


@pytest.mark.parametrize(
    "payload",
    [
        b'["l", "not a run"]',
        (
            b'["o", "Run", "report", ["o", "Report", "findings", ["t", "not a finding"]],'
            b' "problems", ["t"], "rules", ["t"]]'
        ),
        (
            b'["o", "Run", "report", ["o", "Report"], "problems", ["t", "not a problem"],'
            b' "rules", ["t"]]'
        ),
        b'["o", "Run", "report", ["o", "Report"], "problems", ["t"], "rules", ["t", "x"]]',
        b'["o", "Run", "report", ["o", "Report"], "problems", ["l"], "rules", ["t"]]',
        b'["o", "Path", "report", 1]',
        b'{"report": 1}',
        b"\x80\x05not json",
    ],
    ids=["list", "finding", "problem", "rule", "list-not-tuple", "class", "dict", "not-json"],
)
def test_a_run_whose_digest_holds_but_content_does_not_is_a_miss(
    tree: Path, payload: bytes
) -> None:
    expected = check("--no-cache", str(tree))
    check(str(tree))
    (entry,) = run_entries()
    store = CacheDirectory(_cache.DEFAULT_DIRECTORY)
    assert store.write(f"{_runcache.RUNS}/{entry.name}", _runcache._FORMAT, payload)
    foreign = check("-v", str(tree))
    assert foreign.missed
    assert (foreign.code, foreign.out) == (expected.code, expected.out)
    assert check("-v", str(tree)).found


def test_a_cache_that_cannot_be_written_is_skipped(tree: Path) -> None:
    Path("blocked").write_text("a file where the cache directory would be", encoding="utf-8")
    expected = check("--no-cache", "-v", str(tree))
    for _ in range(2):
        result = check("--cache-dir", "blocked", "-v", str(tree))
        assert result.missed
        assert same(result, expected)


def test_no_cache_reads_and_writes_no_run(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check(str(tree))
    entries = run_entries()
    monkeypatch.setattr(_runcache.RunCache, "get", lambda _: pytest.fail("read"))
    monkeypatch.setattr(_runcache.RunCache, "put", lambda *_: pytest.fail("written"))
    check("--no-cache", "--select", "REV", str(tree))
    assert run_entries() == entries


def test_a_file_too_large_keeps_no_run(tree: Path) -> None:
    expected = check("--no-cache", "-v", "--max-file-size", "2000", str(tree))
    assert "LOAD001" in expected.out
    for _ in range(2):
        result = check("-v", "--max-file-size", "2000", str(tree))
        assert f"{UNKEPT}: a path or a file cannot be read" in result.err
        assert same(result, expected)
    assert not (Path(_cache.DEFAULT_DIRECTORY) / _runcache.RUNS).exists()


def test_an_empty_directory_keeps_no_run(tree: Path) -> None:
    Path("empty").mkdir()
    expected = check("--no-cache", str(tree), "empty")
    result = check("-v", str(tree), "empty")
    assert f"{UNKEPT}: a path or a file cannot be read" in result.err
    assert (result.code, result.out) == (expected.code, expected.out)


def test_only_the_newest_runs_are_kept_one_for_each_question(tree: Path) -> None:
    codes = ["REF", "COV", "REV", "APR", "MIL", "AGR", "CAL", "REF001", "REF002", "COV001"]
    assert len(codes) > _runcache.MAX_RUNS
    for code in codes:
        check("--ignore", code, str(tree))
        assert len(run_entries()) <= _runcache.MAX_RUNS
    assert len(run_entries()) == _runcache.MAX_RUNS
    assert check("-v", "--ignore", codes[-1], str(tree)).found
    assert check("-v", "--ignore", codes[0], str(tree)).missed
    # The same question of changed files replaces its older run.
    before = set(run_entries())
    change_bytes(tree)
    check("--ignore", codes[0], str(tree))
    after = set(run_entries())
    assert len(after) == _runcache.MAX_RUNS
    assert len(after - before) == 1
    assert len(before - after) == 1


@pytest.mark.usefixtures("tree")
def test_a_run_found_imports_neither_the_loader_nor_the_rules() -> None:
    script = (
        "import sys\n"
        "from velfaerd.cli import main\n"
        "code = main(['check', '--exit-zero', 'tree'])\n"
        "heavy = ('velfaerd.rules', 'velfaerd.format._loading', 'velfaerd.rules._engine',"
        " 'velfaerd.cli._filecache', 'velfaerd.model', 'cattrs', 'importlib.metadata')\n"
        "print(code, sorted(m for m in heavy if m in sys.modules))\n"
    )

    def imported() -> str:
        result = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        )
        return result.stdout.splitlines()[-1]

    assert imported() != "0 []"  # checked: everything was needed
    assert imported() == "0 []"


# --- rules of other packages, and rules registered in the process ----------------------

PLUGIN = """
from velfaerd.rules import Violation, rule

@rule(
    "XYZ101",
    name="milestone-counted",
    severity="info",
    summary="a milestone is counted",
    description="Every milestone is counted.",
    why="To see that the plugin ran.",
    failing="",
    fixed="",
    messages={"default": "milestone {milestone!r} counted"},
)
def counted(ctx):
    for agreement, milestone in ctx.portfolio.iter_milestones():
        yield Violation(subject=milestone.id, at=milestone, agreement=agreement.id,
                        evidence={"milestone": milestone.id})
"""


@attrs.define
class Plugin:
    site: Path
    version: str = "1.0"

    @property
    def info(self) -> Path:
        return self.site / f"velfaerd_runplug-{self.version}.dist-info"

    def install(self) -> None:
        self.info.mkdir()
        (self.info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: velfaerd-runplug\nVersion: {self.version}\n",
            encoding="utf-8",
        )
        (self.info / "entry_points.txt").write_text(
            "[velfaerd.rules]\nrunplug = velfaerd_runplug\n", encoding="utf-8"
        )
        (self.info / "RECORD").write_text("velfaerd_runplug/__init__.py,,\n", encoding="utf-8")

    def upgrade(self, version: str) -> None:
        shutil.rmtree(self.info)
        self.version = version
        self.install()


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Plugin]:
    site = tmp_path / "site"
    (site / "velfaerd_runplug").mkdir(parents=True)
    (site / "velfaerd_runplug" / "__init__.py").write_text(PLUGIN, encoding="utf-8")
    installed = Plugin(site)
    installed.install()
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setitem(_registry._state, "plugins", False)  # noqa: FBT003 - dict item value
    yield installed
    _registry._REGISTRY.pop("XYZ101", None)
    sys.modules.pop("velfaerd_runplug", None)


def test_a_run_with_an_installed_plugin_is_kept_by_its_version(
    tree: Path, plugin: Plugin, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = check("-v", str(tree))
    assert first.missed
    assert "XYZ101 [info] milestone" in first.out
    assert check("-v", str(tree)).found
    plugin.upgrade("1.1")
    assert check("-v", str(tree)).missed
    assert check("-v", str(tree)).found
    monkeypatch.setenv("VELFAERD_PLUGINS", "0")
    without = check("-v", str(tree))
    assert without.missed
    assert "XYZ101" not in without.out


def test_a_run_with_an_editable_plugin_is_not_kept(tree: Path, plugin: Plugin) -> None:
    (plugin.info / "direct_url.json").write_text(
        '{"url": "file:///src/runplug", "dir_info": {"editable": true}}', encoding="utf-8"
    )
    for _ in range(2):
        result = check("-v", str(tree))
        assert f"{UNKEPT}: the rules of another package are not known" in result.err
        assert "XYZ101 [info] milestone" in result.out
    assert check("-v", "--no-plugins", str(tree)).missed


def test_a_run_with_a_plugin_not_installed_by_an_installer_is_not_kept(
    tree: Path, plugin: Plugin
) -> None:
    (plugin.info / "RECORD").unlink()
    assert f"{UNKEPT}: the rules of another package" in check("-v", str(tree)).err


def _never(_: object) -> list[object]:
    return []


def test_a_run_with_a_rule_registered_directly_is_not_kept(tree: Path) -> None:
    check(str(tree))
    count = len(rules.all_rules())
    register(
        Rule(
            code="XYZ102",
            name="registered-here",
            severity="info",
            summary="s",
            description="d",
            why="w",
            failing="",
            fixed="",
            check=_never,  # type: ignore[arg-type]
            messages={"default": "m"},
        )
    )
    try:
        result = check("-v", str(tree))
        assert f"{UNKEPT}: rules were registered directly in this process" in result.err
        assert f"with {count + 1} registered rules" in result.err
    finally:
        _registry._REGISTRY.pop("XYZ102", None)
    assert check("-v", str(tree)).found


# --- any portfolio ----------------------------------------------------------------------

BROKEN = (
    None,
    '[[actors]]\nid = "a"\nname = "unterminated\n',
    '[[actors]]\nid = "b"\nkind = "skole"\n',
    "format = 2\n[[agreements]]\nid = 5\n",
)


@scaled(5)
@given(
    portfolio=st.sampled_from(sorted(vst.MUTATIONS)).flatmap(vst.violating),
    broken=st.sampled_from(BROKEN),
    output=st.sampled_from([*((f,) for f in FORMATS), ("--statistics",)]),
    lang=st.sampled_from(["en", "da"]),
    as_of=st.sampled_from([None, "2015-01-01", "2024-06-30"]),
)
def test_any_portfolio_found_in_the_cache_says_what_a_check_says(
    portfolio: velfaerd.Portfolio,
    broken: str | None,
    output: tuple[str, ...],
    lang: str,
    as_of: str | None,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        (base / "velfaerd.toml").write_text(f'lang = "{lang}"\n', encoding="utf-8")
        (base / "data").mkdir()
        (base / "data" / "portfolio.toml").write_text(velfaerd.dump(portfolio), encoding="utf-8")
        if broken is not None:
            (base / "data" / "broken.toml").write_text(broken, encoding="utf-8")
        flags = [
            *(output if output == ("--statistics",) else ("--output-format", *output)),
            *(("--as-of", as_of) if as_of else ()),
            "--config",
            str(base / "velfaerd.toml"),
            "-v",
            str(base / "data"),
        ]
        cache = ("--cache-dir", str(base / "cache"))
        uncached = check("--no-cache", *flags)
        cold = check(*cache, *flags)
        warm = check(*cache, *flags)
        assert cold.missed
        assert warm.found
        assert same(cold, uncached)
        assert same(warm, uncached)


def test_rule_texts_are_what_sarif_says_of_the_rules() -> None:
    registered = rules.all_rules()
    summary = _formats.Summary(lang="da")
    texts = [_rule_text.RuleText.of(rule, "da") for rule in registered]
    finding = Finding(code="REV001", severity="error", message="m", source="a.toml", line=1)
    assert _formats.format_sarif(
        [finding], summary, rules=texts, version="1"
    ) == _formats.format_sarif([finding], summary, rules=registered, version="1")
