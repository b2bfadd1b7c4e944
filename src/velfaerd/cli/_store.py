"""The command line's cache directory: authenticated data entries, never followed through links.

Both caches of ``velfaerd check`` keep their entries here: the per-file cache
(:mod:`velfaerd.cli._filecache`) and the cache of whole runs (:mod:`velfaerd.cli._runcache`). The
directory may lie in a checked tree (``.velfaerd_cache``, as ruff keeps its cache), so
whatever it holds may have been written by someone else: a pull request, another user,
a restored CI cache. Hence:

- an entry is data, never code: JSON, decoded by :mod:`json` and rebuilt into the few
  classes its reader names (:func:`encode`, :func:`decode`); nothing is unpickled;
- an entry is a marker naming its format, an HMAC-SHA256 of its name and payload under
  a secret key, and the payload. The key (:func:`secret`) is 32 random bytes in the
  user's cache directory (``$XDG_CACHE_HOME/velfaerd/key``, by default
  ``~/.cache/velfaerd/key``), outside any checked tree, made readable by its owner
  alone; a key that is a link, not a regular file, another user's, or readable by
  others is not used, and neither is the cache. An entry whose marker or HMAC does not
  hold (forged, another user's or machine's, damaged, written by another format) is a
  miss, and is written anew;
- no link is followed: the directory itself, its folders and its entries are opened
  with ``O_NOFOLLOW`` relative to the directory's descriptor (a cache directory that is
  a symbolic link, or that another user owns, is not used); entries are read only when
  they are regular files, opened without blocking, up to :data:`MAX_ENTRY` bytes;
- what is written is written atomically (a new file of a random name, then renamed),
  directories ``0700`` and files ``0600`` whatever the umask; the ``.gitignore`` is
  created without following a link and never overwrites a file but its own truncated
  copy.

A directory that cannot be written (read-only, a full disk, a file in its place) is
skipped without a word. This module imports no more than the standard library, so that
a run found in the cache pays for nothing else before it knows it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import hashlib
import hmac
import os
import secrets
import stat
import sys
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from velfaerd.format._files import StrPath

__all__ = [
    "DEFAULT_DIRECTORY",
    "KEY_SIZE",
    "MAX_ENTRY",
    "CacheDirectory",
    "decode",
    "encode",
    "environment",
    "framed",
    "interpreter",
    "key_path",
    "secret",
    "velfaerd_code",
]

#: Where the cache is kept unless ``--cache-dir`` (or ``VELFAERD_CACHE_DIR``) says otherwise.
DEFAULT_DIRECTORY = ".velfaerd_cache"
#: The size of the secret key, in bytes.
KEY_SIZE = 32
#: The largest entry read or written, in bytes: a larger one is not kept.
MAX_ENTRY = 64 * 1024 * 1024

_MAC = hashlib.sha256().digest_size
_GITIGNORE = b"# Written by velfaerd: its cache, not for version control.\n*\n"
_PACKAGE = Path(__file__).parent.parent
_DISTRIBUTIONS = (".dist-info", ".egg-info")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
#: Whether this system can open files without following links (not Windows).
_SAFE = bool(_NOFOLLOW and _DIRECTORY and hasattr(os, "getuid") and os.open in os.supports_dir_fd)
_OPEN_DIRECTORY = os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC
_OPEN_FILE = os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC
_CREATE_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC


# --- what a key holds besides the input -------------------------------------------------


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


def framed(part: str) -> bytes:
    """``part`` after its length: no two sequences of parts give the same bytes."""
    encoded = part.encode("utf-8", "surrogateescape")
    return len(encoded).to_bytes(8, "big") + encoded


def _stamp(path: str) -> str:
    try:
        info = os.stat(path)  # noqa: PTH116 - strings: a stamp is taken of every file, every run
    except OSError:
        return "\0-"
    return f"\0{info.st_size}\0{info.st_mtime_ns}"


def velfaerd_code() -> str:
    """The files of velfaerd's package: each one's path, size and modification time.

    An editable install whose loader or rules were changed is another velfaerd.
    """
    parts: list[str] = []
    pending = [""]
    while pending:
        relative = pending.pop()
        try:
            with os.scandir(os.path.join(_PACKAGE, relative)) as found:  # noqa: PTH118 - strings, as above
                entries = sorted(found, key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            name = f"{relative}/{entry.name}" if relative else entry.name
            try:
                if entry.is_dir():
                    if not entry.name.startswith((".", "__pycache__")):
                        pending.append(name)
                    continue
                info = entry.stat()
            except OSError:
                parts.append(f"{name}\0-")
                continue
            parts.append(f"{name}\0{info.st_size}\0{info.st_mtime_ns}")
    return "\n".join(parts)


def environment() -> str:
    """The distributions on ``sys.path``: its entries, and in each its distributions.

    Each by the name of its ``*.dist-info`` or ``*.egg-info`` (which holds its version)
    and the size and modification time of that and of its ``entry_points.txt``: another
    tomli, cattrs, attrs or holidays, or a plugin installed or removed, is another key.
    """
    parts: list[str] = []
    for entry in sys.path:
        folder = entry or "."
        parts.append(entry)
        try:
            with os.scandir(folder) as found:
                names = sorted(item.name for item in found if item.name.endswith(_DISTRIBUTIONS))
        except OSError:  # a zip file, or nothing
            parts.append(_stamp(folder))
            continue
        for name in names:
            path = os.path.join(folder, name)  # noqa: PTH118 - strings, as above
            parts.append(f"{name}{_stamp(path)}{_stamp(os.path.join(path, 'entry_points.txt'))}")  # noqa: PTH118 - strings, as above
    return "\n".join(parts)


# --- the secret key ---------------------------------------------------------------------


def key_path() -> Path | None:
    """Where the key is: ``$XDG_CACHE_HOME/velfaerd/key``, else ``~/.cache/velfaerd/key``."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG specification: a relative path is ignored  # noqa: PTH117 - a str from the environment
        try:
            home = Path.home()
        except (RuntimeError, KeyError):
            return None
        if not home.is_absolute():
            return None
        base = str(home / ".cache")
    return Path(base, "velfaerd", "key")


def secret() -> bytes | str:
    """The user's secret key; made if there is none. Else why it is not used (a catalogue id).

    Not used: a key folder that is a link, another user's or writable by others; a key
    that is a link, not a regular file, another user's, readable by others, or not of
    :data:`KEY_SIZE` bytes.
    """
    path = key_path()
    if not _SAFE or path is None:
        return "cli.cache-unused-system"
    try:
        folder = _open_folder(path.parent, create=True)
    except OSError:
        return "cli.cache-unused-key"
    try:
        info = os.fstat(folder)
        if info.st_uid != os.getuid() or info.st_mode & 0o022:
            return "cli.cache-unused-key"
        for _ in range(2):
            try:
                return _read_key(folder)
            except FileNotFoundError:  # noqa: PERF203 - twice at most
                _make_key(folder)
    except OSError:
        pass
    finally:
        os.close(folder)
    return "cli.cache-unused-key"


def _read_key(folder: int) -> bytes:
    handle = os.open("key", _OPEN_FILE, dir_fd=folder)
    try:
        info = os.fstat(handle)
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_uid != os.getuid()
            or info.st_mode & 0o077
            or info.st_size != KEY_SIZE
        ):
            raise PermissionError
        key = os.read(handle, KEY_SIZE + 1)
    finally:
        os.close(handle)
    if len(key) != KEY_SIZE:
        raise PermissionError
    return key


def _make_key(folder: int) -> None:
    """Write a new key beside, then link it in: the key is whole, or there is none."""
    temporary = _write_new(folder, secrets.token_bytes(KEY_SIZE))
    try:
        os.link(temporary, "key", src_dir_fd=folder, dst_dir_fd=folder, follow_symlinks=False)
    except FileExistsError:
        pass  # another process made one first: that one is read
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=folder)


def _open_folder(path: Path, *, create: bool) -> int:
    """Open a folder without following a link in its last part; made ``0700`` if missing."""
    try:
        return os.open(path, _OPEN_DIRECTORY)
    except FileNotFoundError:
        if not create:
            raise
    missing = []
    parent = path
    while not parent.exists() and parent != parent.parent:
        missing.append(parent)
        parent = parent.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder, 0o700)  # noqa: PTH102 - the mode, not the umask's
    handle = os.open(path, _OPEN_DIRECTORY)
    os.fchmod(handle, 0o700)  # the umask may have taken more than it should
    return handle


def _write_new(folder: int, content: bytes) -> str:
    """A new file of a random name in ``folder``, mode ``0600``, holding ``content``."""
    name = f".tmp-{secrets.token_hex(8)}"
    handle = os.open(name, _CREATE_FILE, 0o600, dir_fd=folder)
    try:
        os.fchmod(handle, 0o600)
        view = memoryview(content)
        while view:
            view = view[os.write(handle, view) :]
    except BaseException:
        os.close(handle)
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=folder)
        raise
    os.close(handle)
    return name


# --- the directory ----------------------------------------------------------------------


class CacheDirectory:
    """One cache directory; made, with its ``.gitignore``, when first written to."""

    def __init__(self, directory: StrPath, *, key: bytes | None = None) -> None:
        """Use ``directory``; nothing is written yet. ``key``: the secret (else :func:`secret`)."""
        self.directory = Path(directory)
        found = key if key is not None else secret()
        #: Why the cache is not used (a catalogue id), or ``None``: it is.
        self.refused: str | None = found if isinstance(found, str) else None
        self._key = found if isinstance(found, bytes) else b""
        if self.refused is None:
            self.refused = self._refused()
        self._ready = False
        self._stamp: str | None = None
        self._handle: int | None = None
        self._closer: weakref.finalize[Any, Any] | None = None

    def _refused(self) -> str | None:
        try:
            info = self.directory.lstat()
        except FileNotFoundError:
            return None
        except OSError:
            return "cli.cache-unused-directory"
        if stat.S_ISLNK(info.st_mode):
            return "cli.cache-unused-link"
        if stat.S_ISDIR(info.st_mode) and info.st_uid != os.getuid():
            return "cli.cache-unused-owner"
        return None  # not a directory: it cannot be written, and is skipped

    @property
    def stamp(self) -> str:
        """What every key holds besides its input: Python, velfaerd's code, the distributions."""
        if self._stamp is None:
            self._stamp = f"{interpreter()}\n\0{velfaerd_code()}\n\0{environment()}"
        return self._stamp

    def _mac(self, name: str, marker: bytes, payload: bytes) -> bytes:
        message = framed(name) + framed(marker.decode("ascii")) + payload
        return hmac.new(self._key, message, hashlib.sha256).digest()

    def _top(self, *, create: bool) -> int:
        """The directory's descriptor: opened once (not through a link), closed with this."""
        if self._handle is None:
            if self.refused is not None:
                raise PermissionError
            handle = _open_folder(self.directory, create=create)
            if os.fstat(handle).st_uid != os.getuid():
                os.close(handle)
                raise PermissionError  # another user's: it could change under us
            self._handle = handle
            self._closer = weakref.finalize(self, os.close, handle)
        return self._handle

    def close(self) -> None:
        """Close the directory's descriptor (if it was opened)."""
        if self._closer is not None:
            self._closer()
        self._handle = self._closer = None

    @contextlib.contextmanager
    def _folder(self, folder: str, *, create: bool = False) -> Iterator[int]:
        """The descriptor of the directory, or of its ``folder`` (``""``: itself)."""
        top = self._top(create=create)
        if create and not self._ready:
            self._prepare(top)
        if not folder:
            yield top
            return
        try:
            inner = os.open(folder, _OPEN_DIRECTORY, dir_fd=top)
        except FileNotFoundError:
            if not create:
                raise
            os.mkdir(folder, 0o700, dir_fd=top)
            inner = os.open(folder, _OPEN_DIRECTORY, dir_fd=top)
            os.fchmod(inner, 0o700)
        try:
            yield inner
        finally:
            os.close(inner)

    def read(self, name: str, marker: bytes) -> bytes | None:
        """The payload of the entry ``name`` (``folder/file`` or ``file``), if it is authentic."""
        folder, _, file = name.rpartition("/")
        try:
            with self._folder(folder) as directory:
                handle = os.open(file, _OPEN_FILE, dir_fd=directory)
                try:
                    info = os.fstat(handle)
                    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY:
                        return None
                    raw = _read_all(handle, info.st_size)
                finally:
                    os.close(handle)
        except OSError:
            return None
        head, mac = raw[: len(marker)], raw[len(marker) : len(marker) + _MAC]
        payload = raw[len(marker) + _MAC :]
        if head != marker or not hmac.compare_digest(mac, self._mac(name, marker, payload)):
            return None
        return payload

    def write(self, name: str, marker: bytes, payload: bytes) -> bool:
        """Write an entry atomically; ``False`` when it is not written."""
        if len(payload) + len(marker) + _MAC > MAX_ENTRY:
            return False
        folder, _, file = name.rpartition("/")
        try:
            with self._folder(folder, create=True) as directory:
                content = marker + self._mac(name, marker, payload) + payload
                temporary = _write_new(directory, content)
                try:
                    os.rename(temporary, file, src_dir_fd=directory, dst_dir_fd=directory)
                except BaseException:
                    with contextlib.suppress(OSError):
                        os.unlink(temporary, dir_fd=directory)
                    raise
        except OSError:
            return False
        return True

    def files(self, folder: str) -> list[tuple[str, int]]:
        """The regular files of ``folder`` (not links), with their modification times."""
        found: list[tuple[str, int]] = []
        try:
            with self._folder(folder) as directory, os.scandir(directory) as entries:
                for entry in entries:
                    with contextlib.suppress(OSError):  # gone meanwhile
                        info = entry.stat(follow_symlinks=False)
                        if stat.S_ISREG(info.st_mode):
                            found.append((entry.name, info.st_mtime_ns))
        except OSError:
            return []
        return found

    def remove(self, folder: str, names: list[str]) -> None:
        """Remove these files of ``folder`` that are regular files (a link is left)."""
        with contextlib.suppress(OSError), self._folder(folder) as directory:
            for name in names:
                with contextlib.suppress(OSError):
                    info = os.stat(name, dir_fd=directory, follow_symlinks=False)
                    if stat.S_ISREG(info.st_mode):
                        os.unlink(name, dir_fd=directory)

    def touch(self, name: str) -> None:
        """Make the entry ``name`` the newest (not through a link)."""
        folder, _, file = name.rpartition("/")
        with contextlib.suppress(OSError, NotImplementedError), self._folder(folder) as directory:
            os.utime(file, dir_fd=directory, follow_symlinks=False)

    def _prepare(self, directory: int) -> None:
        """Write the ``.gitignore``, or repair a truncated one (never through a link).

        A missing one is linked in whole (never a half-written file); one that is a
        regular file holding the start of ours (a full disk cut it) is replaced; anything
        else of that name (another text, a folder, a link) is left as it is.
        """
        self._ready = True
        try:
            handle = os.open(".gitignore", _OPEN_FILE, dir_fd=directory)
        except FileNotFoundError:
            missing = True
        except OSError:
            return  # a link (to anywhere), or unreadable: not ours
        else:
            try:
                info = os.fstat(handle)
                if not stat.S_ISREG(info.st_mode) or info.st_size >= len(_GITIGNORE):
                    return  # ours, or not ours to change
                written = _read_all(handle, info.st_size)
            finally:
                os.close(handle)
            if not _GITIGNORE.startswith(written):
                return
            missing = False
        with contextlib.suppress(OSError):
            temporary = _write_new(directory, _GITIGNORE)
            try:
                if missing:
                    os.link(
                        temporary,
                        ".gitignore",
                        src_dir_fd=directory,
                        dst_dir_fd=directory,
                        follow_symlinks=False,
                    )
                else:  # the name of a regular file: replaced, not written through
                    os.rename(temporary, ".gitignore", src_dir_fd=directory, dst_dir_fd=directory)
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(temporary, dir_fd=directory)


def _read_all(handle: int, size: int) -> bytes:
    """At most ``size`` bytes (a file that grows meanwhile is cut, and fails its HMAC)."""
    chunks: list[bytes] = []
    left = size
    while left > 0:
        chunk = os.read(handle, left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


# --- entries as data --------------------------------------------------------------------


class _BadEntryError(ValueError):
    """An entry that is not what its writer writes."""


def encode(value: object, classes: Mapping[str, type]) -> object:  # noqa: C901, PLR0911, PLR0912 - a branch per kind
    """``value`` as JSON data: every container an array whose first item says its kind.

    Lists, tuples, frozensets, dicts, dates, datetimes, times, the enums and attrs
    classes in ``classes`` (by name; an attrs class by the arguments of its
    ``__init__``), and JSON's scalars. Anything else raises :class:`ValueError`.
    """
    if value is None or type(value) in _SCALARS:
        return value
    if isinstance(value, list):
        return ["l", *(encode(item, classes) for item in value)]
    if isinstance(value, tuple):
        return ["t", *(encode(item, classes) for item in value)]
    if isinstance(value, frozenset):
        return ["f", *(encode(item, classes) for item in value)]
    if isinstance(value, dict):
        flat: list[object] = ["d"]
        for key, item in value.items():
            flat.extend((encode(key, classes), encode(item, classes)))
        return flat
    if isinstance(value, dt.datetime):
        return ["datetime", value.isoformat()]
    if isinstance(value, dt.date):
        return ["date", value.isoformat()]
    if isinstance(value, dt.time):
        return ["time", value.isoformat()]
    name = type(value).__name__
    if classes.get(name) is not type(value):
        raise _BadEntryError(name)
    if isinstance(value, enum.Enum):
        return ["e", name, encode(value.value, classes)]
    import attrs  # noqa: PLC0415 - the classes given are attrs classes

    flat = ["o", name]
    for field in attrs.fields(type(value)):  # type: ignore[arg-type] # an attrs class, named
        if field.init:
            flat.extend((field.alias, encode(getattr(value, field.name), classes)))
    return flat


def decode(data: object, classes: Mapping[str, type]) -> Any:  # noqa: ANN401, C901 - what was encoded; a branch per kind
    """What :func:`encode` gave ``data`` from; :class:`ValueError` if it is not such data."""
    if not isinstance(data, list):
        if isinstance(data, dict):
            raise _BadEntryError(data)
        return data
    if not data or not isinstance(data[0], str):
        raise _BadEntryError(data)
    kind, items = data[0], data[1:]
    if kind in {"l", "t", "f"}:
        decoded = [decode(item, classes) for item in items]
        return decoded if kind == "l" else tuple(decoded) if kind == "t" else frozenset(decoded)
    if kind == "d":
        if len(items) % 2:
            raise _BadEntryError(kind)
        pairs = iter(items)
        return {
            decode(key, classes): decode(item, classes)
            for key, item in zip(pairs, pairs, strict=True)
        }
    if kind in _MOMENTS and len(items) == 1 and isinstance(items[0], str):
        return _MOMENTS[kind].fromisoformat(items[0])
    if kind in {"e", "o"} and items and isinstance(items[0], str):
        cls = classes.get(items[0])
        if cls is None:
            raise _BadEntryError(items[0])
        if kind == "e" and len(items) == 2 and isinstance(cls, enum.EnumMeta):  # noqa: PLR2004
            return cls(decode(items[1], classes))
        if kind == "o" and len(items) % 2 and not isinstance(cls, enum.EnumMeta):
            fields = iter(items[1:])
            arguments = {
                name: decode(item, classes) for name, item in zip(fields, fields, strict=True)
            }
            if not all(isinstance(name, str) for name in arguments):
                raise _BadEntryError(cls)
            return cls(**arguments)
    raise _BadEntryError(kind)


_SCALARS = frozenset({str, bool, int, float})
_MOMENTS: dict[str, type[dt.date | dt.datetime | dt.time]] = {
    "datetime": dt.datetime,
    "date": dt.date,
    "time": dt.time,
}
