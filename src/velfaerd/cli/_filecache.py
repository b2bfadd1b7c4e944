"""The command line's cache: each file's parsed TOML, keyed by what it depends on.

``velfaerd check`` keeps, per file, what parsing it gave: its TOML as data (JSON, with
its dates, datetimes and times tagged), or, when it failed to load, its load problems
with the ids the file defines when its TOML could be read. They are kept in
``--cache-dir`` (``.velfaerd_cache`` by default, with a ``.gitignore`` of its own), the
way ruff keeps its cache. A file found there is not parsed: its data is structured
into the model as a parsed file's is, so what a hit gives is what a miss gives.

The entries are kept in packs, not one file each: creating a file costs more than
encoding its entry, and a tree of thousands of files would make a cold cache cost half
again what no cache costs. A run writes the entries it adds in one pack (or a few,
of up to :data:`PACK_SIZE` bytes each) in the folder :data:`PACKS`: a line of JSON
listing each entry's key, offset and length, then the entries' payloads, the whole
authenticated by one HMAC (which covers the pack's name). A lookup reads the packs,
newest first, until one holds the key (a miss reads them all; they are few). At most
:data:`MAX_PACKS` packs are kept: a run that would keep more writes every entry it
used or added in its own packs and removes the others, so what the tree's checks use
stays. Pruning removes only regular files named as packs are named, in a folder that
is not a link.

An entry's key is a SHA-256 of the file's bytes, its name as reported, the cache
format, velfaerd's version, and the directory's stamp
(:attr:`~velfaerd.cli._store.CacheDirectory.stamp`: Python's version and limits,
velfaerd's own files, the distributions installed, tomli's and cattrs' among them): a
file that changed, or another velfaerd, dependency or Python, finds no entry.

An entry is never trusted (:mod:`velfaerd.cli._store`): it is used only when its pack's
HMAC under the user's secret key holds, and it is data, decoded by :mod:`json` into dicts,
lists and scalars, or into :class:`~velfaerd.errors.Problem` and
:class:`~velfaerd.i18n.Text` by name. One that is forged, damaged or not what was
written is a miss, loaded from the file again and written anew. A cache that cannot be
written (a read-only directory, a full disk) is skipped without a word.

A repeat check of the same files with the same settings does not get here: the
cache of whole runs (:mod:`velfaerd.cli._runcache`) has its result. This cache serves a
check of which only some files changed, or whose settings did.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import time
from typing import TYPE_CHECKING, Any

from velfaerd.__about__ import __version__
from velfaerd.cli._store import DEFAULT_DIRECTORY, CacheDirectory, decode, encode, framed
from velfaerd.cli._tomljson import TOML_KINDS, decode_toml, encode_toml
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
    "MAX_PACKS",
    "PACKS",
    "PACK_SIZE",
    "Cache",
    "Entry",
    "load_cached",
    "load_cached_data",
    "load_cached_partial",
]

#: What an entry holds: a file's parsed TOML; or its problems, with the ids it defines
#: when its TOML was read (``None`` when it was not).
Entry = dict[str, Any] | tuple[list[Problem], LeftOut | None]

#: The folder of the cache directory that holds the packs of entries.
PACKS = "files"
#: How many packs are kept: a run that would keep more keeps only what it used.
MAX_PACKS = 16
#: The most bytes of payloads a pack holds (unless one entry is larger).
PACK_SIZE = 16 << 20

#: Changed whenever what a pack or an entry holds changes shape.
_FORMAT = b"velfaerd-pack-1\n"
#: The names of the packs this module writes (the time in ns, random): nothing else is pruned.
_PACK = re.compile(r"[0-9a-f]{16}-[0-9a-f]{32}")
#: The first byte of a payload of problems (TOML data: :mod:`velfaerd.cli._tomljson`).
_PROBLEMS = b"P"
#: The classes a problem entry may hold.
_CLASSES: dict[str, type] = {"Problem": Problem, "Text": Text}


class Cache:
    """One cache directory's per-file entries; made, with its ``.gitignore``, when written to.

    The entries a run adds are kept in memory and written by :meth:`flush`, all in one
    pack (or a few, of up to :data:`PACK_SIZE` bytes each) in the folder :data:`PACKS`.
    """

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
        #: The packs not read yet, newest first (``None``: not listed yet).
        self._unread: list[str] | None = None
        #: Every pack listed, to be pruned; and those not authentic or not sound.
        self._listed: list[str] = []
        self._bad: list[str] = []
        #: The payloads of the packs read, by key (the newest pack's first).
        self._found: dict[str, bytes] = {}
        #: The payloads this run found in a pack, and those it adds.
        self._used: dict[str, bytes] = {}
        self._new: dict[str, bytes] = {}

    def key(self, source: str, data: bytes) -> str:
        """The key of the entry of a file named ``source`` whose bytes are ``data``."""
        digest = hashlib.sha256(self._salt)
        digest.update(framed(source))
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str) -> Entry | None:
        """What parsing the file gave, or ``None`` if no authentic, sound entry holds it."""
        payload = self._payload(key)
        if payload is None:
            return None
        try:
            entry = _decode(payload)
        except Exception:  # noqa: BLE001 - an entry not as written is a miss, whatever it raises
            self._found.pop(key, None)
            self._used.pop(key, None)
            return None
        return entry

    def _payload(self, key: str) -> bytes | None:
        """The payload kept for ``key``: added in this run, or found in a pack read for it."""
        if key in self._new:
            return self._new[key]
        payload = self._found.get(key)
        if payload is None:
            if self._unread is None:
                self._unread = self._packs()
            while payload is None and self._unread:
                self._read_pack(self._unread.pop(0))
                payload = self._found.get(key)
            if payload is None:
                return None
        self._used[key] = payload
        return payload

    def _packs(self) -> list[str]:
        """The packs in :data:`PACKS` (regular files named as packs are), newest first."""
        found = [
            (changed, name) for name, changed in self.store.files(PACKS) if _PACK.fullmatch(name)
        ]
        self._listed = [name for _, name in sorted(found, reverse=True)]
        return list(self._listed)

    def _read_pack(self, name: str) -> None:
        """Add the entries of an authentic, sound pack to those found (not over newer ones)."""
        payload = self.store.read(f"{PACKS}/{name}", _FORMAT)
        try:
            entries = None if payload is None else _unpack(payload)
        except Exception:  # noqa: BLE001 - a pack not as written is a miss, whatever it raises
            entries = None
        if entries is None:
            self._bad.append(name)  # removed by flush, if it is a regular file
            return
        for key, body in entries.items():
            self._found.setdefault(key, body)

    def put(self, key: str, entry: Entry) -> None:
        """Add an entry, written by :meth:`flush`; one that cannot be encoded is skipped."""
        payload = _encode(entry)
        if payload is not None:
            self._new[key] = payload

    def flush(self) -> None:
        """Write the entries this run added, in a pack; prune the packs beyond :data:`MAX_PACKS`.

        When this pack would make more than :data:`MAX_PACKS`, the run's packs hold every
        entry it used or added, and every other pack listed is removed: what a tree's
        checks use stays, what no check of this run used goes. A pack read and found
        not authentic or not sound is removed. Only regular files named as packs are
        removed. A cache that cannot be written is skipped.
        """
        if self._bad:  # forged, damaged, too large: what it held is written anew
            self.store.remove(PACKS, self._bad)
            self._bad = []
        if not self._new:
            return
        if self._unread is None:
            self._unread = self._packs()
        compact = len(self._listed) + 1 > MAX_PACKS
        kept = {**self._used, **self._new} if compact else self._new
        self._new = {}
        written = [name for name in map(self._write_pack, _chunks(kept)) if name is not None]
        if compact and written:
            self.store.remove(PACKS, [name for name in self._listed if name not in written])

    def _write_pack(self, entries: dict[str, bytes]) -> str | None:
        """Write one pack; its name, or ``None`` when it is not written."""
        name = f"{time.time_ns():016x}-{secrets.token_hex(16)}"
        return name if self.store.write(f"{PACKS}/{name}", _FORMAT, _pack(entries)) else None

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
        was done before (by ``--jobs``). What a miss gives is kept until :meth:`flush`.
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
                # Kept before structuring (which may change nothing of it, but is not asked).
                payload = encode_toml(toml) if toml is not None else None
            else:
                toml, parsed_problems, payload = parsed  # encoded where it was parsed
                found.extend(parsed_problems)
            loaded = load_bytes(data, source, found, parsed=toml)
            if isinstance(loaded, Document) and payload is not None:
                self._new[key] = payload
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


def _chunks(entries: dict[str, bytes]) -> list[dict[str, bytes]]:
    """``entries`` in packs of up to :data:`PACK_SIZE` bytes of payload (one, if it is less)."""
    chunks: list[dict[str, bytes]] = [{}]
    size = 0
    for key, payload in entries.items():
        if size + len(payload) > PACK_SIZE and chunks[-1]:
            chunks.append({})
            size = 0
        chunks[-1][key] = payload
        size += len(payload)
    return chunks


def _pack(entries: dict[str, bytes]) -> bytes:
    """A pack's payload: a line of JSON (each key, its offset and its length), then the payloads."""
    index: list[object] = []
    offset = 0
    for key, payload in entries.items():
        index.extend((key, offset, len(payload)))
        offset += len(payload)
    return b"".join(
        (json.dumps(index, separators=(",", ":")).encode("ascii"), b"\n", *entries.values())
    )


def _unpack(payload: bytes) -> dict[str, bytes]:
    """The entries of a pack's payload, by key; :class:`ValueError` if it is not one."""
    line, _, bodies = payload.partition(b"\n")
    index = json.loads(line)
    if not isinstance(index, list) or len(index) % 3:
        raise ValueError(line[:40])
    entries: dict[str, bytes] = {}
    view = memoryview(bodies)
    for number in range(0, len(index), 3):
        key, offset, length = index[number : number + 3]
        if not (
            type(key) is str
            and type(offset) is int
            and type(length) is int
            and 0 <= offset <= offset + length <= len(bodies)
        ):
            raise ValueError(key)
        entries[key] = bytes(view[offset : offset + length])
    return entries


def _encode(entry: Entry) -> bytes | None:
    """The payload of an entry; ``None`` when it cannot be one."""
    try:
        if isinstance(entry, dict):
            return encode_toml(entry)
        problems, left_out = entry
        return _PROBLEMS + json.dumps(
            encode((tuple(problems), left_out), _CLASSES), ensure_ascii=False
        ).encode("utf-8")
    except (ValueError, TypeError, RecursionError):
        return None


def _decode(payload: bytes) -> Entry:
    kind, body = payload[:1], payload[1:]
    if kind in TOML_KINDS:
        return decode_toml(payload)
    if kind == _PROBLEMS:
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
    raise TypeError(kind)


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
        loaded = load_partial_with(paths, loader.load_one, prefetch=loader.prefetch)
        cache.flush()
        return loaded

    def load_one(path: Path, source: str, problems: list[Problem]) -> Document | LeftOut | None:
        data = read_bytes(path, source, problems, max_file_size)
        if data is None:
            return None  # an unreadable file is not cached: it may be readable next time
        return cache.load(source, data, problems)

    loaded = load_partial_with(paths, load_one)
    cache.flush()
    return loaded


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
        loaded = load_found(files, [], loader.load_one, prefetch=loader.prefetch)
        cache.flush()
        return loaded
    pending = iter(data)  # one per file, in order, as load_found asks for them

    def load_one(_: Path, source: str, problems: list[Problem]) -> Document | LeftOut | None:
        return cache.load(source, next(pending), problems)

    loaded = load_found(files, [], load_one)
    cache.flush()
    return loaded
