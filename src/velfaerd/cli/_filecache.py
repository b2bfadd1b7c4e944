"""The command line's cache: each file's loaded document, keyed by what it depends on.

``velfaerd check`` keeps, per file, what loading it gave (its document, or its load
problems with the ids the file defines when its TOML could be read) in
``--cache-dir`` (``.velfaerd_cache`` by default, with a ``.gitignore`` of its own),
the way ruff keeps its cache. An entry's key is a SHA-256 of the file's bytes, its
name as reported, the cache format, velfaerd's version and Python's (with the limits
that decide whether a file loads: :func:`~velfaerd.cli._store.interpreter`): a file
that changed, or another velfaerd or Python, finds no entry, so a stale entry is never
read. A repeat check of an unchanged tree reads each file's bytes and parses no TOML.

A repeat check of the same files with the same settings does not get here: the
cache of whole runs (:mod:`velfaerd.cli._runcache`) has its result. This cache serves a
check of which only some files changed, or whose settings did.

An entry is never trusted: it starts with a marker and the SHA-256 of its payload,
and one whose marker, digest, unpickling or content is not what was written is a
miss, loaded from the file again and written anew. A cache that cannot be written
(a read-only directory, a full disk) is skipped without a word: the check does not
depend on it.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, TypeGuard

from velfaerd.__about__ import __version__
from velfaerd.cli._store import DEFAULT_DIRECTORY, CacheDirectory, interpreter
from velfaerd.errors import Problem
from velfaerd.format._convert import Document
from velfaerd.format._loading import LeftOut, load_bytes, load_found, load_partial_with, read_bytes
from velfaerd.format._provenance import FileLines, record

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from pathlib import Path

    from velfaerd.cli._pool import Parsed
    from velfaerd.errors import LoadError
    from velfaerd.format._files import StrPath
    from velfaerd.model import Portfolio

__all__ = ["DEFAULT_DIRECTORY", "Cache", "load_cached", "load_cached_data", "load_cached_partial"]

#: What an entry holds: a file's document; or its problems, with the ids it defines
#: when its TOML was read (``None`` when it was not).
Entry = Document | tuple[list[Problem], LeftOut | None]

#: Changed whenever what an entry holds changes shape.
_FORMAT = b"velfaerd-cache-2\n"


class Cache:
    """One cache directory; made, with its ``.gitignore``, when first written to."""

    def __init__(self, directory: StrPath | CacheDirectory) -> None:
        """Use ``directory``; nothing is read or written yet."""
        self.store = (
            directory if isinstance(directory, CacheDirectory) else CacheDirectory(directory)
        )
        self.directory = self.store.directory
        self._salt = b"\0".join((_FORMAT, __version__.encode(), interpreter().encode()))
        #: Files found in the cache and loaded from their files in this run.
        self.hits = 0
        self.misses = 0

    def key(self, source: str, data: bytes) -> str:
        """The name of the entry of a file named ``source`` whose bytes are ``data``."""
        digest = hashlib.sha256(self._salt)
        digest.update(b"\0" + source.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str) -> Entry | None:
        """What loading the file gave, or ``None`` if no sound entry holds it."""
        entry = self.store.load(key, _FORMAT)
        return entry if _sound(entry) else None

    def put(self, key: str, entry: Entry) -> None:
        """Write an entry (atomically); a cache that cannot be written is skipped."""
        self.store.dump(key, _FORMAT, entry)

    def load(
        self,
        source: str,
        data: bytes,
        problems: list[Problem],
        *,
        looked_up: tuple[str, Entry | None] | None = None,
        parsed: Parsed | None = None,
    ) -> Document | LeftOut | None:
        """What loading ``data``, the bytes of ``source``, gives: from the cache if it is there.

        A :data:`~velfaerd.format._loading.FileLoader`'s answer for bytes already read: the
        document with its origins, or, with its problems added, the ids it defines
        (``None`` when its TOML could not be read). ``looked_up`` is what
        :meth:`look_up` gave for these bytes, and ``parsed`` their parse, when either
        was done before (by ``--jobs``).
        """
        key, entry = self.look_up(source, data) if looked_up is None else looked_up
        if entry is None:
            self.misses += 1
            found: list[Problem] = []
            if parsed is None:
                loaded = load_bytes(data, source, found)
            else:
                found.extend(parsed[1])
                loaded = load_bytes(data, source, found, parsed=parsed[0])
            if not isinstance(loaded, Document):
                self.put(key, (found, loaded))
                problems.extend(found)
                return loaded
            entry = loaded
            self.put(key, entry)
        else:
            self.hits += 1
            if not isinstance(entry, Document):
                failed, left_out = entry
                problems.extend(failed)
                return left_out
        record(entry, FileLines(source, data))
        return entry

    def look_up(self, source: str, data: bytes) -> tuple[str, Entry | None]:
        """The key of these bytes, and the sound entry that holds them (if any)."""
        key = self.key(source, data)
        return key, self.get(key)


def _sound(entry: object) -> TypeGuard[Entry]:
    if isinstance(entry, Document):
        return True
    if not (isinstance(entry, tuple) and len(entry) == 2):  # noqa: PLR2004 - (problems, ids)
        return False
    problems, left_out = entry
    return (
        isinstance(problems, list)
        and all(isinstance(item, Problem) for item in problems)
        and (
            left_out is None
            or (isinstance(left_out, frozenset) and all(isinstance(i, str) for i in left_out))
        )
    )


def load_cached(
    paths: StrPath | Iterable[StrPath], cache: Cache, *, max_file_size: int | None = None
) -> Portfolio:
    """:func:`velfaerd.load` through ``cache``: the same portfolio, or the same error."""
    portfolio, error = load_cached_partial(paths, cache, max_file_size=max_file_size)
    if error is not None:
        raise error
    return portfolio


def load_cached_partial(
    paths: StrPath | Iterable[StrPath],
    cache: Cache,
    *,
    max_file_size: int | None = None,
    jobs: int = 1,
) -> tuple[Portfolio, LoadError | None]:
    """:func:`velfaerd.load_partial` through ``cache``: the same portfolio and error.

    With ``jobs`` above 1, the files the cache does not hold are parsed in that many
    processes when it pays (:mod:`velfaerd.cli._pool`).
    """
    if jobs > 1:
        from velfaerd.cli import _pool  # noqa: PLC0415 - only for a pool

        loader = _pool.Prefetch(jobs, max_file_size, cache=cache)
        return load_partial_with(paths, loader.load_one, prefetch=loader.prefetch)

    def load_one(path: Path, source: str, problems: list[Problem]) -> Document | LeftOut | None:
        data = read_bytes(path, source, problems, max_file_size)
        if data is None:
            return None  # an unreadable file is not cached: it may be readable next time
        return cache.load(source, data, problems)

    return load_partial_with(paths, load_one)


def load_cached_data(
    files: Sequence[Path], data: Sequence[bytes], cache: Cache, *, jobs: int = 1
) -> tuple[Portfolio, LoadError | None]:
    """Load files already found and read (``data[i]`` is the bytes of ``files[i]``).

    What :func:`load_cached_partial` gives when discovery found ``files`` without a
    problem and each read gave ``data``; the bytes are not read again, so the result
    is that of exactly these bytes.
    """
    if jobs > 1:
        from velfaerd.cli import _pool  # noqa: PLC0415 - only for a pool

        loader = _pool.Prefetch(jobs, cache=cache, data=data)
        return load_found(files, [], loader.load_one, prefetch=loader.prefetch)
    pending = iter(data)  # one per file, in order, as load_found asks for them

    def load_one(_: Path, source: str, problems: list[Problem]) -> Document | LeftOut | None:
        return cache.load(source, next(pending), problems)

    return load_found(files, [], load_one)
