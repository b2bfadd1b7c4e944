"""The command line's cache directory: framed entries, written atomically, never trusted.

Both caches of ``velfaerd check`` keep their entries here: the per-file cache
(:mod:`velfaerd.cli._filecache`) and the cache of whole runs (:mod:`velfaerd.cli._runcache`). An
entry is a marker naming its format, the SHA-256 of its payload, and the payload;
reading one whose marker or digest is not what was written gives nothing. A directory
that cannot be written (read-only, a full disk, a file in its place) is skipped
without a word. This module imports no more than the standard library, so that a run
found in the cache pays for nothing else before it knows it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from velfaerd._gc import paused_gc

if TYPE_CHECKING:
    from velfaerd.format._files import StrPath

__all__ = ["DEFAULT_DIRECTORY", "CacheDirectory", "interpreter"]

#: Where the cache is kept unless ``--cache-dir`` (or ``VELFAERD_CACHE_DIR``) says otherwise.
DEFAULT_DIRECTORY = ".velfaerd_cache"

_DIGEST = hashlib.sha256().digest_size
_GITIGNORE = "# Written by velfaerd: its cache, not for version control.\n*\n"


def interpreter() -> str:
    """Python, as the caches' keys hold it: what may change what a file or a run gives.

    Its version and implementation, and the limits that decide whether a file loads:
    the digits of an integer it converts (a longer number is a load problem) and the
    depth of recursion (a file nested deeper is one).
    """
    digits = getattr(sys, "get_int_max_str_digits", None)  # from 3.11 (and 3.10.7)
    return "\0".join(
        (
            sys.version,
            sys.implementation.name,
            str(digits() if digits is not None else 0),
            str(sys.getrecursionlimit()),
        )
    )


class CacheDirectory:
    """One cache directory; made, with its ``.gitignore``, when first written to."""

    def __init__(self, directory: StrPath) -> None:
        """Use ``directory``; nothing is read or written yet."""
        self.directory = Path(directory)
        self._ready = False

    def read(self, name: str, marker: bytes) -> bytes | None:
        """The payload of the entry ``name`` (a path below the directory), if it is sound."""
        try:
            raw = (self.directory / name).read_bytes()
        except OSError:
            return None
        head, digest, payload = (
            raw[: len(marker)],
            raw[len(marker) : len(marker) + _DIGEST],
            raw[len(marker) + _DIGEST :],
        )
        if head != marker or hashlib.sha256(payload).digest() != digest:
            return None
        return payload

    def load(self, name: str, marker: bytes) -> object:
        """What the entry ``name`` holds, unpickled; ``None`` if it is not sound."""
        payload = self.read(name, marker)
        if payload is None:
            return None
        try:
            with paused_gc():
                return pickle.loads(payload)  # noqa: S301 - our own entry, its digest checked
        except Exception:  # noqa: BLE001 - a damaged entry is a miss, whatever it raises
            return None

    def dump(self, name: str, marker: bytes, value: object) -> bool:
        """Pickle ``value`` into the entry ``name``; ``False`` if it cannot be written."""
        return self.write(name, marker, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def write(self, name: str, marker: bytes, payload: bytes) -> bool:
        """Write an entry atomically; ``False`` when the directory cannot be written."""
        import tempfile  # noqa: PLC0415 - not needed by a run found in the cache

        target = self.directory / name
        try:
            self._prepare()
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(marker + hashlib.sha256(payload).digest() + payload)
                Path(temporary).replace(target)
            except BaseException:
                with contextlib.suppress(OSError):
                    Path(temporary).unlink()
                raise
        except OSError:
            return False
        return True

    def _prepare(self) -> None:
        if self._ready:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        ignore = self.directory / ".gitignore"
        if not ignore.exists():
            ignore.write_text(_GITIGNORE, encoding="utf-8")
        self._ready = True
