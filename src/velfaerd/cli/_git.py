"""The agreement files of a git revision, read with ``git`` itself: ``velfaerd diff --git``.

``git ls-tree`` lists a revision's files and ``git cat-file --batch`` gives their bytes,
each in a subprocess with a timeout: nothing is checked out and the work tree is not
touched. git is the one program that reads every repository format git writes (packs,
alternates, shallow and partial clones, SHA-256 object names), so it is asked rather
than a library that would read the object store again.

The files are untrusted input, as a checked tree's are: only regular blobs are read
(a symbolic link, ``120000``, is not followed; a submodule is not entered), each of at
most the size limit (a larger one is a load problem, unread), and no more than
:data:`MAX_FILES` of them. A revision that begins with ``-`` is refused before git
sees it (it would be an option).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Final

from velfaerd.cli._common import UsageError
from velfaerd.format._files import CONFIG_FILES, DEFAULT_MAX_FILE_SIZE, _problem, _too_large
from velfaerd.i18n import Text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from velfaerd.errors import Problem

__all__ = ["MAX_FILES", "TIMEOUT", "Revision", "read_revision", "split_range", "toplevel"]

#: Seconds one git command may take.
TIMEOUT: Final = 120
#: The most files read from one revision.
MAX_FILES: Final = 100_000
#: Blobs: a regular file and an executable one. Not a link (120000) nor a submodule.
_REGULAR = frozenset({"100644", "100755"})

#: A revision's files: ``(name, bytes)`` in the order of their names, and the problems.
Revision = tuple[list[tuple[str, bytes]], list["Problem"]]


def _git(arguments: Sequence[str], *, stdin: bytes | None = None) -> bytes:
    """Run ``git`` with ``arguments`` in the current directory; its output.

    :raises UsageError: when git is missing, fails or takes too long (its first line said).
    """
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        result = subprocess.run(  # noqa: S603 - git with arguments, no shell
            ["git", "-c", "core.quotePath=false", *arguments],  # noqa: S607 - git on PATH
            input=stdin,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
            env=environment,
        )
    except FileNotFoundError:
        raise UsageError(Text("diff.no-git")) from None
    except subprocess.TimeoutExpired:
        raise UsageError(Text("diff.git-timeout", {"seconds": TIMEOUT})) from None
    if result.returncode != 0:
        said = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(Text("diff.git-failed", {"error": (said or ["?"])[0][:300]}))
    return result.stdout


def toplevel() -> str:
    """The top of the work tree the current directory is in.

    :raises UsageError: in a directory that is not in a git repository (one line).
    """
    try:
        return _git(["rev-parse", "--show-toplevel"]).decode("utf-8", "surrogateescape").strip()
    except UsageError as error:
        if isinstance(error.said, Text) and error.said.key == "diff.git-failed":
            where = {"directory": str(Path.cwd())}
            raise UsageError(Text("diff.not-a-repository", where)) from None
        raise


def split_range(given: str) -> tuple[str, str | None]:
    """``A..B`` as ``(A, B)``; ``A`` as ``(A, None)`` (against the work tree).

    :raises UsageError: for an empty side, or one that git would read as an option.
    """
    old, dots, new = given.partition("..")
    revisions = (old, new) if dots else (old,)
    for revision in revisions:
        if not revision or revision.startswith("-") or "\x00" in revision:
            raise UsageError(Text("diff.bad-revision", {"revision": given}))
    return old, (new if dots else None)


def read_revision(
    revision: str, paths: Sequence[str], max_file_size: int = DEFAULT_MAX_FILE_SIZE
) -> Revision:
    """The ``*.toml`` files below ``paths`` at ``revision``, named as from the current directory.

    :raises UsageError: for a revision that does not exist, or a path it does not have.
    """
    try:
        _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"])
    except UsageError:
        raise UsageError(Text("diff.no-such-revision", {"revision": revision})) from None
    listing = _git(["ls-tree", "-r", "-z", "-l", "--end-of-options", revision, "--", *paths])
    wanted: list[tuple[str, str, int]] = []  # name, object, size
    problems: list[Problem] = []
    found = 0
    for record in listing.split(b"\x00"):
        if not record:
            continue
        found += 1
        head, _, raw_name = record.partition(b"\t")
        mode, kind, obj, size = head.split()
        name = raw_name.decode("utf-8", "surrogateescape")
        pure = PurePosixPath(name)
        if kind != b"blob" or pure.suffix != ".toml" or pure.name in CONFIG_FILES:
            continue
        if mode.decode() not in _REGULAR:  # a link is not followed: a load problem, as a walk's
            problems.append(_problem(Text("diff.git-link"), name))
            continue
        if int(size) > max_file_size:
            problems.append(_too_large(name, int(size), max_file_size))
            continue
        wanted.append((name, obj.decode(), int(size)))
        if len(wanted) > MAX_FILES:
            values = {"revision": revision, "limit": MAX_FILES}
            raise UsageError(Text("diff.too-many-files", values))
    if not found:
        shown = ", ".join(paths) or "."
        raise UsageError(Text("diff.no-such-path", {"revision": revision, "paths": shown}))
    return _contents(wanted), problems


def _contents(wanted: list[tuple[str, str, int]]) -> list[tuple[str, bytes]]:
    """The bytes of each blob, from one ``git cat-file --batch``, each checked against its size."""
    if not wanted:
        return []
    output = _git(["cat-file", "--batch"], stdin="".join(f"{o}\n" for _, o, _ in wanted).encode())
    files: list[tuple[str, bytes]] = []
    at = 0
    for name, obj, size in wanted:
        end = output.index(b"\n", at)
        header = output[at:end].split()
        if len(header) != 3 or header[0].decode() != obj or int(header[2]) != size:  # noqa: PLR2004
            raise UsageError(Text("diff.git-failed", {"error": f"cat-file: {obj}"}))
        start = end + 1
        files.append((name, output[start : start + size]))
        at = start + size + 1  # the blob, then a line break
    return sorted(files)
