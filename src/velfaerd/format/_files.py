"""Files: which paths are read, and reading them within limits.

Below a directory every ``*.toml`` is found (hidden files and directories, and the
configuration files, are skipped); a directory that cannot be listed is a problem,
never skipped without a word. Only regular files are read: a FIFO, a device or a
socket is refused before a byte is read, and so is a file larger than the size limit
(64 MiB unless the caller gives another).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from velfaerd.errors import Problem
from velfaerd.i18n import Text

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = ["DEFAULT_MAX_FILE_SIZE", "StrPath", "discover", "read_bytes"]

StrPath = str | os.PathLike[str]

#: The largest file read unless the caller allows more: 64 MiB.
DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024

# Configuration, not agreement data: skipped when a directory is walked.
_CONFIG_FILES = frozenset({"pyproject.toml", "velfaerd.toml"})


def _problem(message: Text, source: str) -> Problem:
    # In the catalogues: written in English now, and ready for other languages.
    return Problem(code="LOAD001", message=message.render(), text=message, source=source)


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


def discover(paths: StrPath | Iterable[StrPath], problems: list[Problem]) -> Iterator[Path]:
    """Yield the files to read, in order; append a problem for each path that fails."""
    given = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    if not given:
        problems.append(_problem(Text("problem.no-paths"), "<none>"))
    for raw in given:
        if os.fspath(raw) == "":
            # Path("") is the current directory: an empty argument is a mistake.
            problems.append(_problem(Text("problem.empty-path"), "''"))
            continue
        path = Path(raw)
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            problems.append(_problem(Text("problem.no-such-file"), str(path)))
            continue
        except OSError as error:
            said = Text("problem.cannot-reach", {"reason": _reason(error)})
            problems.append(_problem(said, str(path)))
            continue
        if stat.S_ISDIR(mode):
            found = _walk(path, problems)
            if not found:
                problems.append(_problem(Text("problem.empty-directory"), str(path)))
            yield from found
        else:
            yield path


def _walk(root: Path, problems: list[Problem]) -> list[Path]:
    failed: list[OSError] = []
    found: list[Path] = []
    for folder, directories, names in os.walk(root, onerror=failed.append):
        directories[:] = [d for d in directories if not d.startswith(".")]
        for name in names:
            if name.startswith(".") or not name.endswith(".toml") or name in _CONFIG_FILES:
                continue
            candidate = Path(folder, name)
            if candidate.is_file():
                found.append(candidate)
    problems.extend(
        _problem(
            Text("problem.cannot-read-directory", {"reason": _reason(error)}),
            str(error.filename or root),
        )
        for error in failed
    )
    return sorted(found)


def read_bytes(path: Path, source: str, problems: list[Problem], max_size: int) -> bytes | None:
    """Read a regular file of at most ``max_size`` bytes, or append why not."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        # Non-blocking, so that opening a FIFO does not wait for a writer.
        descriptor = os.open(path, flags)
    except OSError as error:
        said = Text("problem.cannot-read", {"reason": _reason(error)})
        problems.append(_problem(said, source))
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            problems.append(_problem(Text("problem.not-regular"), source))
            return None
        if info.st_size > max_size:
            problems.append(_too_large(source, info.st_size, max_size))
            return None
        data = _read_at_most(descriptor, info.st_size, max_size + 1)
        if len(data) > max_size:  # it grew while it was read
            problems.append(_too_large(source, len(data), max_size))
            return None
    except OSError as error:
        said = Text("problem.cannot-read", {"reason": _reason(error)})
        problems.append(_problem(said, source))
        return None
    finally:
        os.close(descriptor)
    return data


def _read_at_most(descriptor: int, expected: int, limit: int) -> bytes:
    """At most ``limit`` bytes of an open file of ``expected`` bytes, to its end.

    One read of the size the file has (and one more that finds its end): a buffered
    reader costs half as much again per small file, which a check of thousands pays.
    A file that grew, or that says it has no size (as in ``/proc``), is read on in
    larger pieces.
    """
    parts: list[bytes] = []
    got = 0
    while got < limit:
        wanted = expected - got + 1 if got <= expected else 1 << 16
        chunk = os.read(descriptor, min(limit - got, wanted))
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _too_large(source: str, size: int, max_size: int) -> Problem:
    return _problem(Text("problem.too-large", {"limit": _size(max_size), "size": size}), source)


def _size(count: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= scale and count % scale == 0:
            return f"{count // scale} {unit}"
    return f"{count} bytes"
