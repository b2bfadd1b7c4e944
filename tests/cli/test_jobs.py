"""``velfaerd check --jobs``: a pool of processes says exactly what one process says."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tests._cli import check as _check

from velfaerd.cli import _pool, main
from velfaerd.i18n import text

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from multiprocessing.connection import Connection
    from multiprocessing.context import ForkContext

EXAMPLES = Path(__file__).parent.parent.parent / "examples"
FORMATS = ("text", "json", "sarif", "github")


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
    """A worker that counts the workers started: the test's hook, not a timing."""

    started = 0

    def __init__(self, context: ForkContext, inherited: Sequence[Connection] = ()) -> None:
        type(self).started += 1
        super().__init__(context, inherited)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> type[_Counted]:
    """Count the workers started; the pool as on a machine of four CPUs."""
    monkeypatch.setattr(_pool, "_Worker", _Counted)
    monkeypatch.setattr(_Counted, "started", 0)
    monkeypatch.setattr(_pool, "default_jobs", lambda: 4)
    return _Counted


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


# Issue 18, item 9: --jobs 10000 started a process per batch (1,002 for 1,001 files).
@pytest.mark.usefixtures("tree")
def test_jobs_are_capped_at_the_cpus(tmp_path: Path, counted: type[_Counted]) -> None:
    many = tmp_path / "many"
    many.mkdir()
    for number in range(1001):
        (many / f"{number:04}.toml").write_text(
            f'[[actors]]\nid = "a{number}"\nname = "A"\nkind = "council"\n', encoding="utf-8"
        )
    code, out, err = _check("--no-cache", "--jobs", "10000", str(many))
    assert (code, err) == (0, "")
    assert counted.started == 4  # the CPUs this process may use, not 10,000 nor 1,001
    assert (code, out, err) == _check("--no-cache", "--jobs", "1", str(many))


@pytest.mark.usefixtures("tree")
def test_jobs_are_capped_at_the_batches(tmp_path: Path, counted: type[_Counted]) -> None:
    few = tmp_path / "few"
    few.mkdir()
    for example in sorted(EXAMPLES.glob("*.toml"))[:3]:
        (few / example.name).write_bytes(example.read_bytes())
    _check("--no-cache", "--jobs", "10000", str(few))
    assert counted.started == 3  # one batch a file, three files


# Issue 18, item 10: the library API asked for no processes, and got the CPU count.
def test_a_program_calling_main_gets_no_pool_unless_it_asks(
    tree: Path, counted: type[_Counted], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _check("--no-cache", "--jobs", "1", str(tree))
    assert _check("--no-cache", str(tree)) == expected
    assert counted.started == 0
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", "--no-cache", str(tree)], default_jobs=2)
    assert (code, out.getvalue(), err.getvalue()) == expected
    assert counted.started == 2
    # The console script and ``python -m velfaerd`` call main() with no arguments:
    # the command line of this process, whose default is the CPUs.
    monkeypatch.setattr("sys.argv", ["velfaerd", "check", "--no-cache", str(tree)])
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        main()
    assert counted.started == 2 + 4


def test_default_jobs_below_one_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="default_jobs"):
        main(["check", "x"], default_jobs=0)


def test_a_program_with_threads_parses_in_its_own_process(
    tree: Path, counted: type[_Counted]
) -> None:
    expected = _check("--no-cache", "--jobs", "1", str(tree))
    stop = threading.Event()
    running = threading.Thread(target=stop.wait)
    running.start()
    try:
        got = _check("--no-cache", "--jobs", "2", str(tree))
    finally:
        stop.set()
        running.join()
    assert got == expected
    assert counted.started == 0  # forking a process with threads is unsafe: none forked


def _big_tree(base: Path, megabytes: int) -> Path:
    """Enough TOML that ``--jobs`` starts its pool (over :data:`_pool.MIN_BYTES`)."""
    tree = base / f"big-{megabytes}"
    tree.mkdir()
    actors = "".join(
        f'[[actors]]\nid = "a{number}"\nname = "Aktør {number}"\nkind = "council"\n'
        for number in range(400)
    ).encode()
    files = megabytes * (1 << 20) // len(actors) + 1
    for number in range(files):
        (tree / f"{number:04}.toml").write_bytes(actors.replace(b'"a', f'"f{number}-'.encode()))
    assert files * len(actors) > _pool.MIN_BYTES
    return tree


# Issue 18, item 10: a program with a running thread got fork-server workers, which
# imported its unguarded __main__ again and said "internal error".
def test_a_threaded_program_is_not_imported_again(tmp_path: Path) -> None:
    # A few small files: the program lowers MIN_BYTES, so that they start the pool.
    tree = tmp_path / "tree"
    tree.mkdir()
    for number in range(4):
        (tree / f"{number}.toml").write_text(
            f'[[actors]]\nid = "a{number}"\nname = "Aktør {number}"\nkind = "council"\n',
            encoding="utf-8",
        )
    ran = tmp_path / "ran.txt"
    program = tmp_path / "program.py"
    program.write_text(
        textwrap.dedent(
            f"""\
            import sys
            import threading

            from velfaerd.cli import _pool, main

            _pool.MIN_BYTES = 0
            with open({str(ran)!r}, "a", encoding="utf-8") as log:
                log.write("top-level code ran\\n")
            stop = threading.Event()
            waiting = threading.Thread(target=stop.wait)
            waiting.start()
            code = main(["check", "--no-cache", "-q", "--jobs", "2", {str(tree)!r}])
            stop.set()
            waiting.join()
            sys.exit(code)
            """
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, str(program)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
    )
    assert ran.read_text(encoding="utf-8") == "top-level code ran\n"  # once, not again
    assert "internal error" not in result.stderr
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr


# Issue 18, item 8: killed, the parent of --jobs left its workers alive for ever.


@pytest.fixture(scope="module")
def big_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """16 MiB of TOML: its parse lasts long enough to find the workers at work."""
    return _big_tree(tmp_path_factory.mktemp("big"), 16)


def _stat(pid: int) -> tuple[str, int, int] | None:
    """A process's state, parent and start time from /proc, or None when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    return fields[0], int(fields[1]), int(fields[19])


def _children(parent: int) -> dict[int, int]:
    """The processes whose parent is ``parent``: their pids and start times."""
    found: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat is not None and stat[1] == parent and stat[0] != "Z":
                found[int(entry.name)] = stat[2]
    return found


def _alive(pid: int, started: int) -> bool:
    """Whether that process (not another given its pid since) runs: not gone, not a zombie."""
    stat = _stat(pid)
    return stat is not None and stat[2] == started and stat[0] != "Z"


@contextlib.contextmanager
def _workers_of(command: list[str], env: dict[str, str]) -> Iterator[tuple[int, dict[int, int]]]:
    """Start ``command``; once it has two children, stop it; yield its pid and them.

    Stopped (SIGSTOP), the parent keeps its workers as they are: at work, or waiting
    for it. Whatever the test does, nothing is left behind.
    """
    parent = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    workers: dict[int, int] = {}
    try:
        for _ in range(60_000):  # at most about a minute: reading 16 MiB, then forking
            workers = _children(parent.pid)
            if len(workers) >= 2 or parent.poll() is not None:
                break
            time.sleep(0.01)
        os.kill(parent.pid, signal.SIGSTOP)
        workers = _children(parent.pid)
        assert len(workers) == 2, (workers, parent.poll())
        yield parent.pid, workers
    finally:
        for pid, started in workers.items():
            if _alive(pid, started):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        assert parent.stderr is not None
        parent.stderr.close()


def _environment() -> dict[str, str]:
    environment = dict(os.environ)
    environment["LANG"] = "C.UTF-8"
    return environment


def _gone(workers: dict[int, int]) -> bool:
    for _ in range(2000):  # at most about 20 s; they end within milliseconds
        if not any(_alive(pid, started) for pid, started in workers.items()):
            return True
        time.sleep(0.01)
    return False


needs_two_cpus = pytest.mark.skipif(
    not sys.platform.startswith("linux") or _pool.default_jobs() < 2,
    reason="the pool needs two CPUs; the workers are found in Linux's /proc",
)


@needs_two_cpus
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP])
def test_the_workers_die_with_their_parent(script: str, big_tree: Path, signum: int) -> None:
    command = [script, "check", "--no-cache", "-q", "--jobs", "2", str(big_tree)]
    with _workers_of(command, _environment()) as (parent, workers):
        os.kill(parent, signum)
        os.kill(parent, signal.SIGCONT)  # a stopped process ends when it runs on
        assert _gone(workers), f"workers left behind after {signal.Signals(signum).name}"


#: The program of a check whose workers can end by one of the two ways only.
_ONE_WAY = """\
import os, sys
from velfaerd.cli import _pool
from velfaerd.cli import main

if sys.argv[1] == "end-of-file":  # no PR_SET_PDEATHSIG: only the pipe tells
    _pool._die_with = lambda parent: None
else:  # the worker keeps the parent's ends open, as before: only the kernel tells
    serve = _pool._serve
    def keeping(connection, inherited, parent):
        kept = [os.dup(end.fileno()) for end in inherited]
        serve(connection, inherited, parent)
    _pool._serve = keeping
sys.exit(main(sys.argv[2:]))
"""


@needs_two_cpus
@pytest.mark.parametrize("way", ["end-of-file", "death-signal"])
def test_each_way_alone_ends_the_workers(big_tree: Path, way: str) -> None:
    command = [sys.executable, "-c", _ONE_WAY, way]
    command += ["check", "--no-cache", "-q", "--jobs", "2", str(big_tree)]
    with _workers_of(command, _environment()) as (parent, workers):
        os.kill(parent, signal.SIGKILL)
        assert _gone(workers), f"workers left behind, told by {way} alone"
