"""The command line's cache: each file's loaded document, keyed by what it depends on.

``velfaerd check`` keeps, per file, what loading it gave (its document, or its load
problems with the ids the file defines when its TOML could be read) in
``--cache-dir`` (``.velfaerd_cache`` by default, with a ``.gitignore`` of its own),
the way ruff keeps its cache. An entry's key is a SHA-256 of the file's
bytes, its name as reported, the cache format, velfaerd's version and Python's
version: a file that changed, or another velfaerd or Python, finds no entry, so a
stale entry is never read. A repeat check of an unchanged tree reads each file's bytes
and parses no TOML.

An entry is never trusted: it starts with a marker and the SHA-256 of its payload,
and one whose marker, digest, unpickling or content is not what was written is a
miss, loaded from the file again and written anew. A cache that cannot be written
(a read-only directory, a full disk) is skipped without a word: the check does not
depend on it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, TypeGuard

from velfaerd.__about__ import __version__
from velfaerd._convert import Document
from velfaerd._gc import paused_gc
from velfaerd._loading import LeftOut, load_bytes, load_partial_with, read_bytes
from velfaerd._provenance import FileLines, record
from velfaerd.errors import Problem

if TYPE_CHECKING:
    from collections.abc import Iterable

    from velfaerd._files import StrPath
    from velfaerd.errors import LoadError
    from velfaerd.model import Portfolio

__all__ = ["DEFAULT_DIRECTORY", "Cache", "load_cached", "load_cached_partial"]

#: Where the cache is kept unless ``--cache-dir`` says otherwise.
DEFAULT_DIRECTORY = ".velfaerd_cache"

#: What an entry holds: a file's document; or its problems, with the ids it defines
#: when its TOML was read (``None`` when it was not).
Entry = Document | tuple[list[Problem], LeftOut | None]

#: Changed whenever what an entry holds changes shape.
_FORMAT = b"velfaerd-cache-2\n"
_DIGEST = hashlib.sha256().digest_size
_GITIGNORE = "# Written by velfaerd: its cache, not for version control.\n*\n"


class Cache:
    """One cache directory; made, with its ``.gitignore``, when first written to."""

    def __init__(self, directory: StrPath) -> None:
        """Use ``directory``; nothing is read or written yet."""
        self.directory = Path(directory)
        self._salt = b"\0".join(
            (_FORMAT, __version__.encode(), sys.version.encode(), sys.implementation.name.encode())
        )
        self._ready = False
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
        try:
            raw = (self.directory / key).read_bytes()
        except OSError:
            return None
        head, digest, payload = (
            raw[: len(_FORMAT)],
            raw[len(_FORMAT) : len(_FORMAT) + _DIGEST],
            raw[len(_FORMAT) + _DIGEST :],
        )
        if head != _FORMAT or hashlib.sha256(payload).digest() != digest:
            return None
        try:
            with paused_gc():
                entry = pickle.loads(payload)  # noqa: S301 - our own entry, its digest checked
        except Exception:  # noqa: BLE001 - a damaged entry is a miss, whatever it raises
            return None
        return entry if _sound(entry) else None

    def put(self, key: str, entry: Entry) -> None:
        """Write an entry (atomically); a cache that cannot be written is skipped."""
        payload = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self._prepare()
            handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(_FORMAT + hashlib.sha256(payload).digest() + payload)
                Path(temporary).replace(self.directory / key)
            except BaseException:
                with contextlib.suppress(OSError):
                    Path(temporary).unlink()
                raise
        except OSError:
            return

    def _prepare(self) -> None:
        if self._ready:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        ignore = self.directory / ".gitignore"
        if not ignore.exists():
            ignore.write_text(_GITIGNORE, encoding="utf-8")
        self._ready = True


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
    paths: StrPath | Iterable[StrPath], cache: Cache, *, max_file_size: int | None = None
) -> tuple[Portfolio, LoadError | None]:
    """:func:`velfaerd.load_partial` through ``cache``: the same portfolio and error."""

    def load_one(path: Path, source: str, problems: list[Problem]) -> Document | LeftOut | None:
        data = read_bytes(path, source, problems, max_file_size)
        if data is None:
            return None  # an unreadable file is not cached: it may be readable next time
        key = cache.key(source, data)
        entry = cache.get(key)
        if entry is None:
            cache.misses += 1
            found: list[Problem] = []
            loaded = load_bytes(data, source, found)
            if not isinstance(loaded, Document):
                cache.put(key, (found, loaded))
                problems.extend(found)
                return loaded
            entry = loaded
            cache.put(key, entry)
        else:
            cache.hits += 1
            if not isinstance(entry, Document):
                failed, left_out = entry
                problems.extend(failed)
                return left_out
        record(entry, FileLines(source, data))
        return entry

    return load_partial_with(paths, load_one)
