"""``velfaerd check --jobs``: a pool of processes says exactly what one process says."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from velfaerd.cli import _pool, main
from velfaerd.i18n import text

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

EXAMPLES = Path(__file__).parent.parent.parent / "examples"
FORMATS = ("text", "json", "sarif", "github")


def _check(*arguments: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", *arguments])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The examples, a file that is not TOML, one that is not the model, and a dangling id."""
    monkeypatch.setattr(_pool, "MIN_BYTES", 0)  # a pool even for a few small files
    tree = tmp_path / "tree"
    tree.mkdir()
    for example in EXAMPLES.glob("*.toml"):
        (tree / example.name).write_bytes(example.read_bytes())
    (tree / "broken.toml").write_text("not = [valid\n", encoding="utf-8")
    (tree / "wrong.toml").write_text(
        '[[actors]]\nid = 5\nname = "A"\nkind = "skole"\n', encoding="utf-8"
    )
    (tree / "dangling.toml").write_text(
        '[[agreements]]\nid = "x"\ntitle = "X"\nkind = "cooperation"\nparties = ["nobody"]\n',
        encoding="utf-8",
    )
    return tree


class _Counted(_pool._Worker):
    started = 0

    def __init__(self, context: BaseContext) -> None:
        type(self).started += 1
        super().__init__(context)


@pytest.mark.parametrize("output", FORMATS)
def test_a_pool_prints_what_one_process_prints(
    tree: Path, output: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_pool, "_Worker", _Counted)
    monkeypatch.setattr(_Counted, "started", 0)
    one = _check("--no-cache", "--jobs", "1", "--output-format", output, str(tree))
    assert _Counted.started == 0
    two = _check("--no-cache", "--jobs", "2", "--output-format", output, str(tree))
    assert _Counted.started == 2
    assert one == two
    assert one[0] == 1
    assert "LOAD002" in one[1]
    assert "REF002" in one[1]


def test_a_pool_fills_and_reads_the_cache_as_one_process_does(tree: Path, tmp_path: Path) -> None:
    expected = _check("--no-cache", "--jobs", "1", str(tree))
    cache = tmp_path / "cache"
    cold = _check("--cache-dir", str(cache), "--jobs", "2", "-v", str(tree))
    (tree / "dangling.toml").write_text(
        '[[agreements]]\nid = "x"\ntitle = "X"\nkind = "cooperation"\nparties = ["nobody"]\n'
        "# changed\n",
        encoding="utf-8",
    )
    # One file changed: the run is not found, the other files are, and only it is parsed.
    warm = _check("--cache-dir", str(cache), "--jobs", "2", "-v", str(tree))
    assert cold[:2] == expected[:2]
    assert warm[:2] == expected[:2]
    files = len(list(tree.glob("*.toml")))
    assert f": 0 files found, {files} loaded\n" in cold[2]
    assert f": {files - 1} files found, 1 loaded\n" in warm[2]


@pytest.mark.parametrize("jobs", ["0", "-2"])
@pytest.mark.parametrize("lang", ["en", "da"])
def test_jobs_below_one_are_misuse(tree: Path, jobs: str, lang: str) -> None:
    code, out, err = _check("--lang", lang, f"--jobs={jobs}", str(tree))
    assert code == 2
    assert out == ""
    assert text("cli.jobs", lang, value=int(jobs)) in err
