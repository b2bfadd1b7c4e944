"""Parsing many files' TOML in a pool of processes, for ``velfaerd check --jobs``.

Parsing is most of loading, and each file parses on its own: a pool of processes
decodes and parses the files' bytes while this process structures the files already
parsed, in their order. Only the parse is sent out. The parsed TOML (dicts, lists,
strings) comes back cheaply, while pickling structured model objects back would cost
more than structuring them here.

A pool pays only for much to parse (:data:`MIN_BYTES`), and only when it can run:
where processes cannot be started (no ``/dev/shm``, a sandbox), or a worker dies,
what is left is parsed here, and the result is the same.

The pool never outlives this process, and starts no more than it can use:

- Workers are forked, and only from a process with one thread (the command line).
  Where forking is unsafe (a program with threads) or impossible, everything is
  parsed here: no fork server and no spawn, which would import the caller's
  ``__main__`` again and run its top-level code.
- A worker holds only its own end of its pipe: the ends of this process, inherited
  by the fork, are closed in it first. When this process ends, however it ends
  (SIGKILL, the out-of-memory killer), the worker reads end-of-file and exits; and
  on Linux the kernel kills it too (``PR_SET_PDEATHSIG``), even in a parse.
- At most as many workers as CPUs this process may use, as ``--jobs`` asks, and as
  batches to parse.
"""

from __future__ import annotations

import collections
import contextlib
import os
import signal
import sys
import threading
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from velfaerd._gc import paused_gc
from velfaerd.errors import Problem
from velfaerd.format._convert import Document
from velfaerd.format._loading import load_bytes, load_partial_with, parse_bytes, read_bytes
from velfaerd.format._provenance import FileLines, record

if TYPE_CHECKING:
    from collections.abc import Generator, Iterable, Iterator, Sequence
    from multiprocessing.connection import Connection
    from multiprocessing.context import ForkContext
    from pathlib import Path

    from velfaerd.errors import LoadError
    from velfaerd.format._files import StrPath
    from velfaerd.format._loading import LeftOut
    from velfaerd.model import Portfolio

__all__ = [
    "MIN_BYTES",
    "FileCache",
    "Parsed",
    "Prefetch",
    "default_jobs",
    "load_partial",
    "parse_all",
    "plan",
]

#: Below this many bytes to parse, starting processes costs more than it saves
#: (tomli parses about 12 MB a second here; forking two workers takes 20-30 ms).
MIN_BYTES = 2 << 20

#: Each worker is given about this many batches of files, so that work is shared
#: evenly while results come back in order.
_BATCHES_PER_JOB = 8

#: What parsing one file gave: its TOML, or ``None``; its problems; and, when asked for
#: the per-file cache, its TOML as the cache keeps it (``None``: not asked, or not kept).
Parsed = tuple[dict[str, object] | None, list[Problem], bytes | None]

#: What a cache holds for a file (:data:`velfaerd.cli._filecache.Entry`).
_Entry = TypeVar("_Entry")


class FileCache(Protocol[_Entry]):
    """What a pool asks of a cache of files (:class:`velfaerd.cli._filecache.Cache`).

    The pool looks up each file's bytes first, parses only the files the cache does
    not hold, and has the cache load each file from what it held or from the parse.
    The cache knows the pool (it loads through it), the pool only this.
    """

    def look_up(self, source: str, data: bytes) -> tuple[str, _Entry | None]:
        """The key of these bytes, and what the cache holds for them (if anything)."""
        ...

    def load(
        self,
        source: str,
        data: bytes,
        problems: list[Problem],
        *,
        looked_up: tuple[str, _Entry | None] | None = None,
        parsed: Parsed | None = None,
    ) -> Document | LeftOut | None:
        """Load a file's bytes from what :meth:`look_up` gave, or from their parse."""
        ...


#: ``prctl``'s option: the signal a process gets when its parent dies (Linux).
_PR_SET_PDEATHSIG = 1


def default_jobs() -> int:
    """The CPUs this process may run on (``--jobs`` unless given)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def parse_all(
    files: Sequence[tuple[str, bytes]], jobs: int, *, encode: bool = False
) -> Generator[Parsed, None, None]:
    """Parse each file (its name and bytes), in order: in up to ``jobs`` processes if it pays.

    Yields one :data:`Parsed` per file, as :func:`~velfaerd.format._loading.parse_bytes`
    would give in this process; with ``encode``, each parsed file also as the per-file
    cache keeps it (:func:`~velfaerd.cli._tomljson.encode_toml`), encoded where it was
    parsed, so that a pool's workers do that work too.
    """
    workers, size = plan(len(files), jobs, default_jobs())
    context = _context() if workers > 1 else None
    if context is None or sum(len(data) for _, data in files) < MIN_BYTES:
        yield from (_parse_one(file, encode=encode) for file in files)
        return
    batches = [(encode, files[i : i + size]) for i in range(0, len(files), size)]
    done = 0
    try:
        for parsed in _in_workers(context, batches, workers):
            for item in parsed:
                done += 1
                yield item
    except (OSError, EOFError, ValueError):
        # No processes here, or a worker died: parse the rest in this process.
        yield from (_parse_one(file, encode=encode) for file in files[done:])


def plan(files: int, jobs: int, cpus: int) -> tuple[int, int]:
    """How many workers parse ``files`` files, and how many files a batch holds.

    The workers are as many as ``jobs`` asks, but never more than ``cpus`` (the CPUs
    this process may use: more would only wait for one) nor than batches. Each is
    given about :data:`_BATCHES_PER_JOB` batches, so that work is shared evenly.
    Fewer than two workers: parse here.
    """
    workers = max(1, min(jobs, cpus, files))
    size = max(1, files // (workers * _BATCHES_PER_JOB))
    batches = -(-files // size) if files else 0
    return max(1, min(workers, batches)), size


class _Worker:
    """A worker process and this process's end of the pipe to it."""

    def __init__(self, context: ForkContext, inherited: Sequence[Connection] = ()) -> None:
        """Fork a worker; ``inherited``: this process's ends of the workers before it."""
        mine, theirs = context.Pipe()
        self.connection = mine
        # The fork copies every descriptor: the worker closes all but its own end,
        # so that this process's end closing (however it ends) is end-of-file there.
        self.process = context.Process(
            target=_serve, args=(theirs, (mine, *inherited), os.getpid()), daemon=True
        )
        try:
            self.process.start()
        finally:
            theirs.close()  # only the worker holds it: its exit is seen here as EOF

    def stop(self) -> None:
        # Told, not only closed: a worker forked later holds a copy of this end, so
        # the worker would not see it closed.
        with contextlib.suppress(OSError):
            self.connection.send(None)
        self.connection.close()
        self.process.join(timeout=1)
        if self.process.is_alive():  # pragma: no cover - a worker stuck in a parse
            self.process.kill()
            self.process.join()


def _in_workers(
    context: ForkContext, batches: Sequence[_Batch], jobs: int
) -> Iterator[list[Parsed]]:
    """Each batch parsed by one of ``jobs`` worker processes, in order.

    Batch ``i`` goes to worker ``i % jobs``, which is given its next batch only once
    its last result was taken: a worker has at most one batch, and a pipe is never
    written at both ends at once. A worker that dies is an ``EOFError`` (or an
    ``OSError``) here, never a wait: no thread writes to a pipe nobody reads (the
    deadlock of ``concurrent.futures`` when a worker dies, python/cpython#94777).
    """
    workers: list[_Worker] = []
    try:
        for number in range(jobs):
            workers.append(_Worker(context, [worker.connection for worker in workers]))
            workers[number].connection.send(batches[number])
        for number in range(len(batches)):
            worker = workers[number % jobs]
            parsed: list[Parsed] = worker.connection.recv()
            following = number + jobs
            if following < len(batches):
                worker.connection.send(batches[following])
            yield parsed
    finally:
        for worker in workers:
            worker.stop()


def _serve(connection: Connection, inherited: Sequence[Connection], parent: int) -> None:
    """In a worker: parse each batch sent until told to stop, or the parent is gone.

    ``inherited`` are the parent's ends of the pipes, copied by the fork: closed
    first, so that the parent's end closing is end-of-file here.
    """
    for end in inherited:
        end.close()
    _die_with(parent)
    # Ctrl-C is this process's parent's to handle (it stops the workers), not a
    # traceback from every worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # End-of-file, or a broken pipe: the parent is gone, nobody to parse for. Parsed
    # TOML has no cycles: the collector would walk it for nothing.
    with paused_gc(), connection, contextlib.suppress(EOFError, OSError):
        while True:
            batch = connection.recv()
            if batch is None:
                return
            connection.send(_parse_batch(batch))


def _die_with(parent: int) -> None:
    """In a worker: be killed when the parent dies, where Linux can say so.

    ``PR_SET_PDEATHSIG`` ends a worker even in the middle of a parse; elsewhere, or
    where ``prctl`` cannot be called, the worker ends at its next read (end-of-file).
    A parent already gone before this was asked is seen by ``getppid``.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes  # noqa: PLC0415 - only in a worker, only on Linux

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no libc, no prctl
            pass
    if os.getppid() != parent:
        os._exit(0)


def _context() -> ForkContext | None:
    """How workers start: forked, while this process has one thread; else ``None``.

    Forking is the cheapest start, and safe only in a process with one thread (the
    command line). A program with threads that calls it parses in its own process:
    a fork server or a spawned worker would import the program's ``__main__`` anew
    and run its top-level code again.
    """
    import multiprocessing  # noqa: PLC0415 - only for a pool

    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() != 1:
        return None
    return multiprocessing.get_context("fork")


def _parse_one(file: tuple[str, bytes], *, encode: bool = False) -> Parsed:
    source, data = file
    problems: list[Problem] = []
    toml = parse_bytes(data, source, problems)
    if not encode or toml is None:
        return toml, problems, None
    from velfaerd.cli._tomljson import encode_toml  # noqa: PLC0415 - only with the cache

    return toml, problems, encode_toml(toml)


#: A batch of files to parse (each its name and bytes), and whether to encode them.
_Batch = tuple[bool, "Sequence[tuple[str, bytes]]"]


def _parse_batch(batch: _Batch) -> list[Parsed]:
    """In a worker: parse a batch of files (and encode them, if asked)."""
    encode, files = batch
    return [_parse_one(file, encode=encode) for file in files]


class Prefetch:
    """Read every file first, then parse them in a pool while each is loaded in turn.

    Its :meth:`prefetch` and :meth:`load_one` are given to
    :func:`~velfaerd.format._loading.load_partial_with`, which calls them in the files' order.
    With a ``cache``, only the files it does not hold are parsed; with ``data``, the
    files' bytes were read already (``data[i]`` is the ``i``-th file's).
    """

    def __init__(
        self,
        jobs: int,
        max_file_size: int | None = None,
        *,
        cache: FileCache[Any] | None = None,
        data: Sequence[bytes] | None = None,
    ) -> None:
        """Parse in ``jobs`` processes; refuse files over ``max_file_size`` bytes."""
        self.jobs = jobs
        self.max_file_size = max_file_size
        self.cache = cache
        self._given = data
        self._read: collections.deque[_Read] = collections.deque()
        self._parsed: Iterator[Parsed] = iter(())

    def prefetch(self, paths: list[Path]) -> None:
        """Read every file, look it up in the cache, and start parsing the others."""
        pending: list[tuple[str, bytes]] = []
        for number, path in enumerate(paths):
            problems: list[Problem] = []
            source = str(path)
            if self._given is not None:
                data: bytes | None = self._given[number]
            else:
                data = read_bytes(path, source, problems, self.max_file_size)
            looked_up = None
            if data is not None and self.cache is not None:
                looked_up = self.cache.look_up(source, data)
            self._read.append((data, problems, looked_up))
            if data is not None and (looked_up is None or looked_up[1] is None):
                pending.append((source, data))
        self._parsed = parse_all(pending, self.jobs, encode=self.cache is not None)

    def load_one(
        self, path: Path, source: str, problems: list[Problem]
    ) -> Document | LeftOut | None:
        """Load the next file: what :func:`~velfaerd.format._loading.load_file` gives."""
        del path  # the files come in the order they were prefetched
        data, read_problems, looked_up = self._read.popleft()
        problems.extend(read_problems)
        if data is None:
            return None
        cached = looked_up is not None and looked_up[1] is not None
        parsed = None if cached else next(self._parsed)
        if self.cache is not None:
            return self.cache.load(source, data, problems, looked_up=looked_up, parsed=parsed)
        assert parsed is not None  # noqa: S101 - without a cache every file is parsed
        problems.extend(parsed[1])
        loaded = load_bytes(data, source, problems, parsed=parsed[0])
        if isinstance(loaded, Document):
            record(loaded, FileLines(source, data))
        return loaded


#: A file as read: its bytes (``None``: unreadable), the problems of reading it, and
#: what the cache holds for it (its key and entry), if there is a cache.
_Read = tuple["bytes | None", list[Problem], "tuple[str, Any] | None"]


def load_partial(
    paths: StrPath | Iterable[StrPath], jobs: int, *, max_file_size: int | None = None
) -> tuple[Portfolio, LoadError | None]:
    """:func:`velfaerd.load_partial`, parsing in ``jobs`` processes when it pays."""
    loader = Prefetch(jobs, max_file_size)
    return load_partial_with(paths, loader.load_one, prefetch=loader.prefetch)
