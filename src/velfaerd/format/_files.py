"""Files: which paths are read, and reading them within limits.

Below a directory every ``*.toml`` is found (hidden files and directories, and the
configuration files, are skipped); a directory that cannot be listed is a problem,
never skipped without a word. The tree below a directory is untrusted: a link in it
(to a file or a directory) is followed only when it leads inside that directory, and
each real directory and file is found once (loops end; the work is bounded by the
tree). A link to outside, or to nothing, is a ``LOAD001`` naming the link, and what
it leads to is neither listed nor read; a path the caller names is followed wherever
it leads. A FIFO or a device named ``*.toml`` in the tree is found and refused as a
``LOAD001``, as when it is named. Only regular files are read, or even
opened: a FIFO, a device or a socket is refused before it is opened, and so is a file
larger than the size limit (64 MiB unless the caller gives another). :func:`find` walks
once; the check, its ``-v`` count and the run cache all use what it found.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, overload

from velfaerd.errors import Problem
from velfaerd.i18n import Text

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = [
    "CONFIG_FILES",
    "DEFAULT_MAX_FILE_SIZE",
    "Found",
    "StrPath",
    "discover",
    "find",
    "read_bytes",
]

StrPath = str | os.PathLike[str]

#: The largest file read unless the caller allows more: 64 MiB.
DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024

#: The files searched for configuration, in each directory, in this order (read by
#: :mod:`velfaerd.config`). Configuration, not agreement data: the walk skips them.
CONFIG_FILES = ("velfaerd.toml", "pyproject.toml")


def _problem(message: Text, source: str) -> Problem:
    # In the catalogues: written in English now, and ready for other languages.
    return Problem(code="LOAD001", message=message.render(), text=message, source=source)


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


class Found(Sequence[Path]):
    """What one walk found, in order: the files to read and the problems met.

    :func:`find` walks once; :func:`discover` given a ``Found`` replays it, so that
    everything that asks which files a check reads (``check -v``, the run cache, the
    loader) is told what one walk found. As a sequence, it is the files.
    """

    __slots__ = ("_files", "steps")

    def __init__(self, steps: Iterable[Path | Problem]) -> None:
        """The files (paths) and problems, in the order they were met."""
        self.steps: tuple[Path | Problem, ...] = tuple(steps)
        self._files = tuple(step for step in self.steps if isinstance(step, Path))

    @property
    def problems(self) -> list[Problem]:
        """The problems met, in order."""
        return [step for step in self.steps if isinstance(step, Problem)]

    @overload
    def __getitem__(self, index: int) -> Path: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Path]: ...
    def __getitem__(self, index: int | slice) -> Path | Sequence[Path]:
        """The ``index``-th file found (or a slice of them)."""
        return self._files[index]

    def __len__(self) -> int:
        """How many files were found."""
        return len(self._files)


def find(paths: StrPath | Iterable[StrPath]) -> Found:
    """Walk once: the files :func:`discover` yields and the problems it appends, in order."""
    steps: list[Path | Problem] = []
    problems: list[Problem] = []
    for path in discover(paths, problems):
        steps.extend(problems)
        problems.clear()
        steps.append(path)
    steps.extend(problems)
    return Found(steps)


def discover(paths: StrPath | Iterable[StrPath], problems: list[Problem]) -> Iterator[Path]:
    """Yield the files to read, in order; append a problem for each path that fails.

    Given what :func:`find` found, yield its files and append its problems again,
    in the same order, without walking anew.
    """
    if isinstance(paths, Found):
        for step in paths.steps:
            if isinstance(step, Path):
                yield step
            else:
                problems.append(step)
        return
    given = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    if not given:
        problems.append(_problem(Text("problem.no-paths"), "<none>"))
    for raw in given:
        if os.fspath(raw) == "":
            # Path("") is the current directory: an empty argument is a mistake.
            problems.append(_problem(Text("problem.empty-path"), "''"))
            continue
        path = Path(raw)
        mode = _mode(path, problems)
        if mode is None:
            continue
        if stat.S_ISDIR(mode):
            found = _walk(path, problems)
            if not found:
                problems.append(_problem(Text("problem.empty-directory"), str(path)))
            yield from found
        else:
            yield path


def _mode(path: Path, problems: list[Problem]) -> int | None:
    """The mode of what ``path`` leads to (links followed), or ``None`` and why not."""
    try:
        return path.stat().st_mode
    except FileNotFoundError:
        # A dangling link too: named or found by the walk, the same problem.
        problems.append(_problem(Text("problem.no-such-file"), str(path)))
    except OSError as error:
        said = Text("problem.cannot-reach", {"reason": _reason(error)})
        problems.append(_problem(said, str(path)))
    return None


def _walk(root: Path, problems: list[Problem]) -> list[Path]:
    """Every ``*.toml`` below ``root``, sorted; each real directory and file once.

    A checked tree is untrusted: a link in it is followed only when, all of its links
    resolved, it leads inside ``root`` (resolved too: the directory named, wherever
    that is). A link to outside, or to nothing that can be reached, is a ``LOAD001``
    naming the link, and nothing it leads to is listed or read; naming its target
    checks that. What a name inside leads to is not judged here: a FIFO or a device
    named ``*.toml`` is found, and reading it is refused as a ``LOAD001``
    (:func:`read_bytes`), as when it is named.

    Directories and files are known by their real paths, so a loop of links, or two
    names for one directory or file, lead to it once: the walk lists only directories
    the tree holds and finds only files it holds, once each, so its work is bounded by
    the tree. Real directories are walked before links are followed, so a file is
    found by its own name when it has one (a link to it adds nothing). No recursion:
    a stack of directories.
    """
    try:
        top = _resolve(os.fspath(root))[0]
    except OSError as error:
        problems.append(_directory_problem(error, root))
        return []
    walk = _Walk(root, top, problems)
    walk.pending.append((root, top))
    walk.walked.add(top)
    while walk.pending:
        while walk.pending:
            walk.list(*walk.pending.pop())
        links, walk.links = sorted(walk.links), []
        for link, name in links:
            walk.follow(link, name)
    return sorted(walk.found.values())


class _Walk:
    """One walk below ``root``, whose real path is ``top``."""

    __slots__ = ("found", "links", "pending", "problems", "root", "top", "walked")

    def __init__(self, root: Path, top: str, problems: list[Problem]) -> None:
        self.root = root
        self.top = top
        self.problems = problems
        self.pending: list[tuple[Path, str]] = []  # directories to list, by real path
        self.walked: set[str] = set()  # the real paths of the directories listed or to be
        self.found: dict[str, Path] = {}  # each file found: its real path, its name here
        self.links: list[tuple[str, str]] = []  # links met, not followed yet: path, name

    def list(self, folder: Path, real: str) -> None:
        """List ``folder`` (whose real path is ``real``): files, directories, links."""
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as error:
            self.problems.append(_directory_problem(error, folder))
            return
        for entry in listed:
            name = entry.name
            if name.startswith("."):
                continue
            if _is_link(entry):
                if name not in CONFIG_FILES:
                    self.links.append((entry.path, name))
            elif _is_directory(entry):
                self._enter(Path(entry.path), _join(real, name))
            elif _wanted(name):
                self.found.setdefault(_join(real, name), Path(entry.path))

    def follow(self, link: str, name: str) -> None:
        """Follow ``link`` (named ``name``) if it leads inside; else say why not, if it matters.

        Strings, not paths, until something is found: a tree may hold many links.
        """
        wanted = _wanted(name)
        try:
            real, mode = _resolve(link)
        except OSError:
            # Dangling, a loop, or not ours to reach: whether it is inside or outside,
            # or what is there, is not said (it would tell what the machine holds).
            if wanted:
                self._outside(link)
            return
        if not _inside(real, self.top):
            if wanted or stat.S_ISDIR(mode):
                self._outside(link)
        elif stat.S_ISDIR(mode):
            self._enter(Path(link), real)
        elif wanted and real not in self.found:
            self.found[real] = Path(link)

    def _enter(self, folder: Path, real: str) -> None:
        if real not in self.walked:
            self.walked.add(real)
            self.pending.append((folder, real))

    def _outside(self, link: str) -> None:
        said = Text("problem.link-outside", {"directory": str(self.root)})
        self.problems.append(_problem(said, link))


def _wanted(name: str) -> bool:
    """Whether a file of this name (not hidden) is read: ``*.toml``, not configuration."""
    return name.endswith(".toml") and name not in CONFIG_FILES


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        if entry.is_symlink():
            return True
        # A Windows junction leads elsewhere as a link does (Python 3.12 and later).
        is_junction = getattr(entry, "is_junction", None)
        return bool(is_junction()) if is_junction is not None else False
    except OSError:  # pragma: no cover - lstat of what was just listed
        return False


def _is_directory(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:  # pragma: no cover - lstat of what was just listed
        return False  # then it is read as a file, and why it cannot be is said


def _join(real: str, name: str) -> str:
    """The real path of ``name`` in the real directory ``real`` (which may be ``/``)."""
    return real + name if real.endswith(os.sep) else real + os.sep + name


def _inside(real: str, top: str) -> bool:
    """Whether the real path ``real`` is ``top`` or below it."""
    return real == top or real.startswith(top if top.endswith(os.sep) else top + os.sep)


_O_PATH: int = getattr(os, "O_PATH", 0)


def _resolve(path: str) -> tuple[str, int]:
    """The real path ``path`` leads to, every link followed, and the mode of what is there.

    Raises :class:`OSError` when it leads nowhere (dangling, a loop, not reachable).
    On Linux the kernel follows the links, at most 40 as for any path: ``path`` is
    opened with ``O_PATH``, which opens nothing for reading, neither waits for a FIFO
    nor wakes a device, and ``/proc/self/fd`` says where it landed, in one step
    whatever the depth. Elsewhere :func:`os.path.realpath` follows them.
    """
    if _O_PATH:
        descriptor = os.open(path, _O_PATH | getattr(os, "O_CLOEXEC", 0))
        try:
            mode = os.fstat(descriptor).st_mode
            try:
                real = os.readlink(f"/proc/self/fd/{descriptor}")  # noqa: PTH115 - a str, fast
            except OSError:  # pragma: no cover - no /proc
                real = ""
        finally:
            os.close(descriptor)
        if real.startswith("/"):
            return real, mode
    real = os.path.realpath(path, strict=True)  # pragma: no cover - not Linux
    return real, Path(real).stat().st_mode  # pragma: no cover - not Linux


def _directory_problem(error: OSError, folder: Path) -> Problem:
    said = Text("problem.cannot-read-directory", {"reason": _reason(error)})
    return _problem(said, str(error.filename or folder))


def read_bytes(path: Path, source: str, problems: list[Problem], max_size: int) -> bytes | None:
    """Read a regular file of at most ``max_size`` bytes, or append why not.

    What is not a regular file is not opened (opening a device may do something,
    opening a FIFO waits for a writer); what was replaced by one after it was looked
    at is opened without waiting (``O_NONBLOCK``) and refused unread.
    """
    if not _is_regular(path, source, problems):
        return None
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        problems.append(_cannot_read(error, source))
        return None
    try:
        return _read_open(descriptor, source, problems, max_size)
    except OSError as error:
        problems.append(_cannot_read(error, source))
        return None
    finally:
        os.close(descriptor)


def _read_open(
    descriptor: int, source: str, problems: list[Problem], max_size: int
) -> bytes | None:
    """:func:`read_bytes` of a file opened: a regular file, within ``max_size``."""
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):  # replaced since it was looked at
        problems.append(_problem(Text("problem.not-regular"), source))
        return None
    if info.st_size > max_size:
        problems.append(_too_large(source, info.st_size, max_size))
        return None
    data = _read_at_most(descriptor, info.st_size, max_size + 1)
    if len(data) > max_size:  # it grew while it was read
        problems.append(_too_large(source, len(data), max_size))
        return None
    return data


def _cannot_read(error: OSError, source: str) -> Problem:
    return _problem(Text("problem.cannot-read", {"reason": _reason(error)}), source)


def _is_regular(path: Path, source: str, problems: list[Problem]) -> bool:
    """Whether ``path`` leads to a regular file (without opening it), else why not."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:  # a dangling link, as when it is named
        problems.append(_problem(Text("problem.no-such-file"), source))
        return False
    except OSError as error:
        problems.append(_cannot_read(error, source))
        return False
    if not stat.S_ISREG(mode):
        problems.append(_problem(Text("problem.not-regular"), source))
        return False
    return True


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
