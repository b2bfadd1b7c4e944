"""Parsing in a pool of processes (``velfaerd check --jobs``) loads what one process does."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import velfaerd
from velfaerd.cli import _pool

if TYPE_CHECKING:
    from collections.abc import Sequence

EXAMPLES = Path(__file__).parent.parent.parent / "examples"


def _tree(base: Path) -> list[Path]:
    """Good files and every way a file can fail, in one tree, and a path that is not."""
    tree = base / "tree"
    tree.mkdir()
    for number, example in enumerate(sorted(EXAMPLES.glob("*.toml"))):
        (tree / f"{number:02}-{example.name}").write_bytes(example.read_bytes())
    (tree / "10-not-toml.toml").write_text("not = [valid\n", encoding="utf-8")
    (tree / "11-not-the-model.toml").write_text(
        '[[actors]]\nid = 5\nname = "A"\nkind = "skole"\n', encoding="utf-8"
    )
    (tree / "12-not-utf8.toml").write_bytes(b'[[actors]]\nid = "\xff"\n')
    (tree / "13-large.toml").write_text("# " + "x" * 60_000 + "\n", encoding="utf-8")
    (tree / "14-bom.toml").write_text(
        '\ufeff[[actors]]\nid = "bom"\nname = "B"\nkind = "council"\n', encoding="utf-8"
    )
    empty = base / "empty"
    empty.mkdir()
    return [tree, base / "missing", empty, tree / "10-not-toml.toml"]


def _same(paths: Sequence[Path], jobs: int) -> None:
    expected, expected_error = velfaerd.load_partial(paths, max_file_size=50_000)
    portfolio, error = _pool.load_partial(paths, jobs, max_file_size=50_000)
    assert portfolio == expected
    assert expected_error is not None
    assert error is not None
    assert error.problems == expected_error.problems  # the same, in the same order
    assert (error.defined, error.unreadable, error.files) == (
        expected_error.defined,
        expected_error.unreadable,
        expected_error.files,
    )
    for loaded, serial in zip(portfolio.actors, expected.actors, strict=True):
        assert loaded.origin == serial.origin  # the same files, paths and lines
    assert len(portfolio.agreements) >= len(list(EXAMPLES.glob("*.toml")))  # all loaded


@pytest.fixture
def small_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_pool, "MIN_BYTES", 0)  # a pool even for a few files


@pytest.mark.usefixtures("small_pool")
@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_a_pool_loads_what_one_process_does(tmp_path: Path, jobs: int) -> None:
    _same(_tree(tmp_path), jobs)


@pytest.mark.usefixtures("small_pool")
def test_without_processes_the_files_are_parsed_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*_: object, **__: object) -> None:
        raise OSError(38, "Function not implemented")  # no /dev/shm, a sandbox

    monkeypatch.setattr(_pool, "_Worker", refused)
    _same(_tree(tmp_path), 2)


def _files(base: Path) -> list[tuple[str, bytes]]:
    paths = sorted((base / "tree").glob("*.toml"))
    return [(str(path), path.read_bytes()) for path in paths]


@pytest.mark.usefixtures("small_pool")
@pytest.mark.parametrize("when", [0, 1, 5])
def test_when_the_workers_die_the_rest_is_parsed_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: int
) -> None:
    monkeypatch.setattr(_pool, "_BATCHES_PER_JOB", 100)  # one file a batch
    _tree(tmp_path)
    files = _files(tmp_path)
    expected = [_pool._parse_one(file) for file in files]
    found = []
    for number, parsed in enumerate(_pool.parse_all(files, 2)):
        if number == when:
            # Killed as the out-of-memory killer or a signal would: no word, no wait.
            for child in multiprocessing.active_children():
                os.kill(child.pid or 0, signal.SIGKILL)
                child.join()
        found.append(parsed)
    assert found == expected


def test_little_to_parse_is_parsed_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*_: object, **__: object) -> None:
        pytest.fail("no pool for a few small files")

    monkeypatch.setattr(_pool, "_Worker", refused)
    files = [(str(path), path.read_bytes()) for path in sorted(EXAMPLES.glob("*.toml"))]
    parsed = list(_pool.parse_all(files, 8))
    assert [problems for _, problems, _ in parsed] == [[] for _ in files]
    assert all(data is not None for data, _, _ in parsed)


@pytest.mark.usefixtures("small_pool")
def test_no_worker_is_left_behind(tmp_path: Path) -> None:
    _tree(tmp_path)
    files = _files(tmp_path)
    parsing = _pool.parse_all(files, 2)
    next(parsing)
    assert multiprocessing.active_children()
    parsing.close()  # the caller stops early (an error while loading)
    assert multiprocessing.active_children() == []
    assert len(list(_pool.parse_all(files, 2))) == len(files)
    assert multiprocessing.active_children() == []


def test_the_default_is_the_cpus_this_process_may_use() -> None:
    assert _pool.default_jobs() == len(os.sched_getaffinity(0))


@pytest.mark.usefixtures("small_pool")
def test_a_program_with_threads_parses_in_its_own_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Forking a process with threads may deadlock; a fork server or a spawned worker
    # imports the program's __main__ again: neither, the files are parsed here.
    def refused(*_: object, **__: object) -> None:
        pytest.fail("no worker started from a process with threads")

    monkeypatch.setattr(threading, "active_count", lambda: 2)
    monkeypatch.setattr(_pool, "_Worker", refused)
    assert _pool._context() is None
    _same(_tree(tmp_path), 2)


@pytest.mark.usefixtures("small_pool")
def test_where_fork_is_not_there_the_files_are_parsed_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*_: object, **__: object) -> None:
        pytest.fail("no worker started without fork")

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(_pool, "_Worker", refused)
    assert _pool._context() is None
    _same(_tree(tmp_path), 2)


def _sockets(pid: int | str) -> set[str]:
    """The sockets (``socket:[inode]``) a process holds open."""
    found = set()
    for entry in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            target = str(entry.readlink())
            if target.startswith("socket:"):
                found.add(target)
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="Linux's /proc")
@pytest.mark.usefixtures("small_pool")
def test_a_worker_holds_no_end_of_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 18, item 8: each worker inherited this process's end of its pipe (and of
    # the pipes before it), so that this process's death was never end-of-file there.
    monkeypatch.setattr(_pool, "default_jobs", lambda: 3)
    _tree(tmp_path)
    files = _files(tmp_path)
    before = _sockets("self")
    parsing = _pool.parse_all(files, 3)
    next(parsing)
    try:
        ours = _sockets("self") - before  # this process's ends of the pipes
        workers = multiprocessing.active_children()
        assert len(workers) == 3
        assert len(ours) == 3
        for worker in workers:
            # A worker closes what it inherited as it starts; one not yet scheduled on a
            # busy machine may still hold them, so wait (boundedly) for it to settle.
            deadline = time.monotonic() + 30
            theirs = _sockets(worker.pid or 0)
            while len(theirs - before) != 1 and time.monotonic() < deadline:
                time.sleep(0.01)
                theirs = _sockets(worker.pid or 0)
            assert len(theirs - before) == 1  # its own end, and no other
            assert not theirs & ours
    finally:
        parsing.close()
    assert multiprocessing.active_children() == []


@given(
    files=st.integers(min_value=0, max_value=20_000),
    jobs=st.integers(min_value=1, max_value=100_000),
    cpus=st.integers(min_value=1, max_value=512),
)
def test_the_plan_starts_no_more_workers_than_cpus_jobs_and_batches(
    files: int, jobs: int, cpus: int
) -> None:
    workers, size = _pool.plan(files, jobs, cpus)
    batches = list(range(0, files, size))
    assert 1 <= workers <= min(jobs, cpus, max(1, len(batches)))
    assert size >= 1
    if files >= min(jobs, cpus):  # enough work for each worker asked for
        assert workers == min(jobs, cpus)
    # Each worker has about _BATCHES_PER_JOB batches, not one file each.
    assert len(batches) <= max(files, 1)
    assert len(batches) <= workers * (2 * _pool._BATCHES_PER_JOB) or size == 1


@settings(max_examples=15, deadline=None)
@given(
    sizes=st.lists(st.integers(min_value=0, max_value=300), min_size=0, max_size=40),
    jobs=st.integers(min_value=1, max_value=50),
)
def test_a_pool_of_any_size_parses_every_file_once_in_order(sizes: list[int], jobs: int) -> None:
    files = [
        (f"{number}.toml", b'[[actors]]\nid = "%d"\n# %s\n' % (number, b"x" * size))
        for number, size in enumerate(sizes)
    ]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_pool, "MIN_BYTES", 0)
        got = list(_pool.parse_all(files, jobs))
    assert got == [_pool._parse_one(file) for file in files]
    assert multiprocessing.active_children() == []
