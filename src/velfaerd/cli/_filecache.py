"""The command line's cache: each file's parsed TOML, keyed by what it depends on.

``velfaerd check`` keeps, per file, what parsing it gave: its TOML as data (JSON, with
its dates, datetimes and times tagged), or, when it failed to load, its load problems
with the ids the file defines when its TOML could be read. They are kept in
``--cache-dir`` (``.velfaerd_cache`` by default, with a ``.gitignore`` of its own), the
way ruff keeps its cache. A file found there is not parsed: its data is structured
into the model as a parsed file's is, so what a hit gives is what a miss gives.

An entry's key is a SHA-256 of the file's bytes, its name as reported, the cache
format, velfaerd's version, and the directory's stamp
(:attr:`~velfaerd.cli._store.CacheDirectory.stamp`: Python's version and limits,
velfaerd's own files, the distributions installed, tomli's and cattrs' among them): a
file that changed, or another velfaerd, dependency or Python, finds no entry.

An entry is never trusted (:mod:`velfaerd.cli._store`): it is used only when its HMAC
under the user's secret key holds, and it is data, decoded by :mod:`json` into dicts,
lists and scalars, or into :class:`~velfaerd.errors.Problem` and
:class:`~velfaerd.i18n.Text` by name. One that is forged, damaged or not what was
written is a miss, loaded from the file again and written anew. A cache that cannot be
written (a read-only directory, a full disk) is skipped without a word.

A repeat check of the same files with the same settings does not get here: the
cache of whole runs (:mod:`velfaerd.cli._runcache`) has its result. This cache serves a
check of which only some files changed, or whose settings did.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import TYPE_CHECKING, Any

from velfaerd.__about__ import __version__
from velfaerd.cli._store import DEFAULT_DIRECTORY, CacheDirectory, decode, encode, framed
from velfaerd.errors import Problem
from velfaerd.format._convert import Document
from velfaerd.format._loading import (
    LeftOut,
    load_bytes,
    load_found,
    load_partial_with,
    parse_bytes,
    read_bytes,
)
from velfaerd.format._provenance import FileLines, record
from velfaerd.i18n import Text

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from pathlib import Path

    from velfaerd.cli._pool import Parsed
    from velfaerd.errors import LoadError
    from velfaerd.format._files import StrPath
    from velfaerd.model import Portfolio

__all__ = [
    "DEFAULT_DIRECTORY",
    "Cache",
    "Entry",
    "load_cached",
    "load_cached_data",
    "load_cached_partial",
]

#: What an entry holds: a file's parsed TOML; or its problems, with the ids it defines
#: when its TOML was read (``None`` when it was not).
Entry = dict[str, Any] | tuple[list[Problem], LeftOut | None]

#: Changed whenever what an entry holds changes shape.
_FORMAT = b"velfaerd-cache-3\n"
#: The first byte of a payload: TOML data without dates, with tagged dates, problems.
_PLAIN, _DATED, _PROBLEMS = b"T", b"D", b"P"
#: The classes a problem entry may hold.
_CLASSES: dict[str, type] = {"Problem": Problem, "Text": Text}
#: The key of a tagged date in TOML data, and what it tags.
_TAGS: dict[str, type[dt.date | dt.datetime | dt.time]] = {
    "\0datetime": dt.datetime,
    "\0date": dt.date,
    "\0time": dt.time,
}
_TAG_START = '"\\u0000'  # how a string that starts with NUL is written in JSON


class Cache:
    """One cache directory; made, with its ``.gitignore``, when first written to."""

    def __init__(self, directory: StrPath | CacheDirectory) -> None:
        """Use ``directory``; nothing is read or written yet."""
        self.store = (
            directory if isinstance(directory, CacheDirectory) else CacheDirectory(directory)
        )
        self.directory = self.store.directory
        self._salt = b"".join(
            framed(part) for part in (_FORMAT.decode(), __version__, self.store.stamp)
        )
        #: Files found in the cache and loaded from their files in this run.
        self.hits = 0
        self.misses = 0

    def key(self, source: str, data: bytes) -> str:
        """The name of the entry of a file named ``source`` whose bytes are ``data``."""
        digest = hashlib.sha256(self._salt)
        digest.update(framed(source))
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str) -> Entry | None:
        """What parsing the file gave, or ``None`` if no authentic, sound entry holds it."""
        payload = self.store.read(key, _FORMAT)
        if payload is None:
            return None
        try:
            return _decode(payload)
        except Exception:  # noqa: BLE001 - an entry not as written is a miss, whatever it raises
            return None

    def put(self, key: str, entry: Entry) -> None:
        """Write an entry (atomically); one that cannot be written or encoded is skipped."""
        payload = _encode(entry)
        if payload is not None:
            self.store.write(key, _FORMAT, payload)

    def load(
        self,
        source: str,
        data: bytes,
        problems: list[Problem],
        *,
        looked_up: tuple[str, Entry | None] | None = None,
        parsed: Parsed | None = None,
    ) -> Document | LeftOut | None:
        """What loading ``data``, the bytes of ``source``, gives: parsed from the cache if there.

        A :data:`~velfaerd.format._loading.FileLoader`'s answer for bytes already read: the
        document with its origins, or, with its problems added, the ids it defines
        (``None`` when its TOML could not be read). ``looked_up`` is what
        :meth:`look_up` gave for these bytes, and ``parsed`` their parse, when either
        was done before (by ``--jobs``).
        """
        key, entry = self.look_up(source, data) if looked_up is None else looked_up
        if isinstance(entry, tuple):
            self.hits += 1
            failed, left_out = entry
            problems.extend(failed)
            return left_out
        found: list[Problem] = []
        if entry is not None:
            self.hits += 1
            loaded = load_bytes(data, source, found, parsed=entry)
        else:
            self.misses += 1
            if parsed is None:
                toml = parse_bytes(data, source, found)
            else:
                toml = parsed[0]
                found.extend(parsed[1])
            # Kept before structuring (which may change nothing of it, but is not asked).
            payload = _encode(toml) if toml is not None else None
            loaded = load_bytes(data, source, found, parsed=toml)
            if isinstance(loaded, Document) and payload is not None:
                self.store.write(key, _FORMAT, payload)
            elif not isinstance(loaded, Document):
                self.put(key, (found, loaded))
        problems.extend(found)
        if isinstance(loaded, Document):
            record(loaded, FileLines(source, data))
        return loaded

    def look_up(self, source: str, data: bytes) -> tuple[str, Entry | None]:
        """The key of these bytes, and the sound entry that holds them (if any)."""
        key = self.key(source, data)
        return key, self.get(key)


def _encode(entry: Entry) -> bytes | None:
    """The payload of an entry; ``None`` when it cannot be one."""
    try:
        if isinstance(entry, dict):
            return _encode_toml(entry)
        problems, left_out = entry
        return _PROBLEMS + json.dumps(
            encode((tuple(problems), left_out), _CLASSES), ensure_ascii=False
        ).encode("utf-8")
    except (ValueError, TypeError, RecursionError):
        return None


def _encode_toml(data: dict[str, Any]) -> bytes | None:
    r"""Parsed TOML as JSON, its dates, datetimes and times as ``{"\\0date": "…"}``.

    When a string of the data itself starts with NUL, the tags would not be told from
    it: such data is not kept.
    """
    tagged = 0

    def tag(value: object) -> dict[str, str]:
        nonlocal tagged
        for name, kind in _TAGS.items():
            if type(value) is kind:
                tagged += 1
                return {name: value.isoformat()}
        raise TypeError(type(value).__name__)

    written = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=tag)
    if written.count(_TAG_START) != tagged:
        return None
    return (_DATED if tagged else _PLAIN) + written.encode("utf-8")


def _untag(table: dict[str, Any]) -> object:
    if len(table) == 1:
        ((name, value),) = table.items()
        kind = _TAGS.get(name)
        if kind is not None:
            return kind.fromisoformat(value)
    return table


def _decode(payload: bytes) -> Entry:
    kind, body = payload[:1], payload[1:]
    if kind == _PLAIN:
        data = json.loads(body)
    elif kind == _DATED:
        data = json.loads(body, object_hook=_untag)
    elif kind == _PROBLEMS:
        problems, left_out = decode(json.loads(body), _CLASSES)
        if not (
            isinstance(problems, tuple)
            and all(type(problem) is Problem for problem in problems)
            and (
                left_out is None
                or (isinstance(left_out, frozenset) and all(type(i) is str for i in left_out))
            )
        ):
            raise TypeError(kind)
        return list(problems), left_out
    else:
        raise TypeError(kind)
    if not isinstance(data, dict):
        raise TypeError(kind)
    return data


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
