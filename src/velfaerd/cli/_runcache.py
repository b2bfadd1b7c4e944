"""The command line's cache of whole runs: a repeat check of an unchanged tree checks nothing.

Beside each file's loaded document (:mod:`velfaerd.cli._filecache`), ``velfaerd check`` keeps
what a whole run gave: its report, its load problems and the texts of the rules its
output names (:class:`Run`). Found again, the run parses no TOML, unpickles no
document and runs no rule, and imports neither the loader nor the rules; the files
are still read, since their bytes are the key. The key is a SHA-256 of

- the format of the entry, velfaerd's version, Python's version and implementation
  and the limits that decide whether a file loads (:func:`~velfaerd.cli._store.interpreter`);
- velfaerd's own files, each by its name, size and modification time (an editable
  install whose rules were changed is another velfaerd);
- the distributions installed on ``sys.path``: the entries of ``sys.path``, and in
  each the names of its ``*.dist-info`` and ``*.egg-info`` (which hold the versions)
  with the size and modification time of each and of its ``entry_points.txt``.
  Another version of a dependency (``holidays`` dates CAL001's holidays) or of a
  plugin, or a plugin installed or removed, is another key;
- the settings (:class:`RunCache`'s ``settings``: the configuration as read and as
  it takes effect, the codes of the flags, whether plugins load, the ``--as-of``
  date, the size limit);
- the paths as given; then every file found, in order, by its name as reported and
  the SHA-256 of its bytes.

A run is not kept when a path or a file could not be read or was too large (its
problems depend on more than bytes); when a plugin's rules cannot be known by an
installed version (a distribution without a ``RECORD``, or installed editable); or
when rules were registered directly in the process (:func:`unkept`). An entry is
framed as the per-file ones are (a marker and the SHA-256 of its payload) and never
trusted: one that is damaged, foreign or not what was written is a miss, and the run
is checked and written anew. At most :data:`MAX_RUNS` runs are kept, one for each set
of settings and paths: the newest written or found.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TypeGuard

import attrs

from velfaerd.__about__ import __version__
from velfaerd.cli._output import RuleText
from velfaerd.cli._store import interpreter
from velfaerd.errors import Problem
from velfaerd.format._files import DEFAULT_MAX_FILE_SIZE, discover, read_bytes
from velfaerd.report import Finding, Report, RuleStatus

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from velfaerd.cli._store import CacheDirectory
    from velfaerd.format._files import StrPath
    from velfaerd.rules import Rule

__all__ = ["MAX_RUNS", "RUNS", "Inputs", "Run", "RunCache", "read_inputs", "unkept"]

#: The folder of the cache directory that holds the runs.
RUNS = "runs"
#: How many runs are kept: the newest written or found, one for each set of settings and
#: paths (a check of the same paths with the same settings replaces its older run).
MAX_RUNS = 8

#: Changed whenever what an entry holds, or what its key is made of, changes.
_FORMAT = b"velfaerd-run-1\n"
_PACKAGE = Path(__file__).parent.parent
_DISTRIBUTIONS = (".dist-info", ".egg-info")


@attrs.frozen(kw_only=True)
class Inputs:
    """The files of a run, found and read once: ``data[i]`` is the bytes of ``files[i]``."""

    files: tuple[Path, ...]
    data: tuple[bytes, ...]


def read_inputs(paths: Sequence[StrPath], max_file_size: int | None = None) -> Inputs | None:
    """Find and read every file; ``None`` when a path or a file could not be.

    The problems are not kept: the run is loaded as without this cache, which says them.
    """
    problems: list[Problem] = []
    files = tuple(discover(paths, problems))
    if problems:
        return None
    limit = DEFAULT_MAX_FILE_SIZE if max_file_size is None else max_file_size
    data: list[bytes] = []
    for path in files:
        read = read_bytes(path, str(path), problems, limit)
        if read is None:
            return None
        data.append(read)
    return Inputs(files=files, data=tuple(data))


@attrs.frozen(kw_only=True)
class Run:
    """What a run gave: its report, its load problems in order, the texts of its rules."""

    report: Report
    problems: tuple[Problem, ...]
    rules: tuple[RuleText, ...]


class RunCache:
    """The entry of one run in a cache directory.

    ``settings`` are the objects besides the files that the run's result depends on;
    their ``repr`` must say all of it (a :class:`~velfaerd.config.Config`'s does).
    """

    def __init__(
        self,
        store: CacheDirectory,
        *,
        settings: Iterable[object],
        paths: Iterable[str],
        inputs: Inputs,
    ) -> None:
        """The entry of the run of ``inputs`` found from ``paths`` with ``settings``."""
        self.store = store
        digest = hashlib.sha256(_FORMAT)
        for part in (
            __version__,
            interpreter(),
            _code(),
            _environment(),
            *map(repr, settings),
            *paths,
        ):
            digest.update(_framed(part))
        self._slot = digest.hexdigest()[:16]
        for path, data in zip(inputs.files, inputs.data, strict=True):
            digest.update(_framed(str(path)))
            digest.update(hashlib.sha256(data).digest())
        #: The entry's file name in :data:`RUNS`: the settings' and paths' digest (its
        #: slot), then the digest of everything.
        self.name = f"{self._slot}-{digest.hexdigest()}"

    @property
    def path(self) -> Path:
        """Where the entry is."""
        return self.store.directory / RUNS / self.name

    def get(self) -> Run | None:
        """The run, or ``None`` if no sound entry holds it."""
        run = self.store.load(f"{RUNS}/{self.name}", _FORMAT)
        if not _sound(run):
            return None
        with contextlib.suppress(OSError):
            os.utime(self.path)  # found: the newest, kept the longest
        return run

    def put(self, run: Run) -> None:
        """Write the entry (atomically) and forget older runs; a cache that fails is skipped."""
        if self.store.dump(f"{RUNS}/{self.name}", _FORMAT, run):
            self._prune()

    def _prune(self) -> None:
        """Keep this run and the newest others, up to :data:`MAX_RUNS`, none of its slot."""
        folder = self.path.parent
        others: list[tuple[int, str]] = []
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.startswith(".") or entry.name == self.name:
                        continue
                    with contextlib.suppress(OSError):  # gone meanwhile
                        others.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.name))
        except OSError:
            return
        kept = 1
        for _, name in sorted(others, reverse=True):
            if kept < MAX_RUNS and not name.startswith(f"{self._slot}-"):
                kept += 1
                continue
            with contextlib.suppress(OSError):
                (folder / name).unlink()


def unkept(rules: Sequence[Rule] | None = None) -> str | None:
    """Why a run with ``rules`` is not kept, as a catalogue id; ``None`` when it is.

    Without ``rules`` (before they are loaded), only whether rules were registered
    directly in this process.
    """
    if "velfaerd.rules" in sys.modules:  # nothing registered a rule unless it is imported
        from velfaerd.rules import _registered_directly  # noqa: PLC0415 - imported already

        if _registered_directly():
            return "cli.run-reason-registered"
    plugins = {rule.plugin for rule in rules or () if rule.plugin is not None}
    if plugins and not _installed(plugins):
        return "cli.run-reason-plugins"
    return None


def _installed(plugins: set[str]) -> bool:
    """Whether every entry point of these names is of an installed, not editable, version."""
    from importlib.metadata import entry_points  # noqa: PLC0415 - loaded with the plugins

    from velfaerd.rules import ENTRY_POINT_GROUP  # noqa: PLC0415 - loaded with the plugins

    seen: set[str] = set()
    for point in entry_points(group=ENTRY_POINT_GROUP):
        if point.name not in plugins:
            continue
        seen.add(point.name)
        distribution = point.dist
        if (
            distribution is None
            or not distribution.version
            or distribution.read_text("RECORD") is None
            or _editable(distribution.read_text("direct_url.json"))
        ):
            return False
    return seen == plugins


def _editable(direct_url: str | None) -> bool:
    """Whether a distribution's ``direct_url.json`` says it is installed editable."""
    if direct_url is None:
        return False
    try:
        data = json.loads(direct_url)
    except ValueError:
        return True  # not what an installer writes: not known
    info = data.get("dir_info") if isinstance(data, dict) else None
    return isinstance(info, dict) and info.get("editable") is True


def _framed(part: str) -> bytes:
    """``part`` after its length: no two sequences of parts give the same bytes."""
    encoded = part.encode("utf-8", "surrogateescape")
    return len(encoded).to_bytes(8, "big") + encoded


def _stamp(path: Path) -> str:
    try:
        info = path.stat()
    except OSError:
        return "\0-"
    return f"\0{info.st_size}\0{info.st_mtime_ns}"


def _code() -> str:
    """The files of velfaerd's package: each one's path, size and modification time."""
    parts: list[str] = []
    for folder, directories, names in os.walk(_PACKAGE):
        directories[:] = sorted(d for d in directories if not d.startswith((".", "__pycache__")))
        parts.extend(
            f"{Path(folder, name).relative_to(_PACKAGE).as_posix()}{_stamp(Path(folder, name))}"
            for name in sorted(names)
        )
    return "\n".join(parts)


def _environment() -> str:
    """The distributions on ``sys.path``: its entries, and in each its distributions."""
    parts: list[str] = []
    for entry in sys.path:
        folder = Path(entry or ".")
        parts.append(entry)
        try:
            with os.scandir(folder) as found:
                names = sorted(item.name for item in found if item.name.endswith(_DISTRIBUTIONS))
        except OSError:  # a zip file, or nothing
            parts.append(_stamp(folder))
            continue
        parts.extend(
            f"{name}{_stamp(folder / name)}{_stamp(folder / name / 'entry_points.txt')}"
            for name in names
        )
    return "\n".join(parts)


def _sound(run: object) -> TypeGuard[Run]:
    """Whether an unpickled object is a run as written (its fields as their types say)."""
    if not (isinstance(run, Run) and isinstance(run.report, Report)):
        return False
    # Read as objects: an entry's fields are what unpickling made, not what is declared.
    expected: tuple[tuple[object, type], ...] = (
        (run.report.findings, Finding),
        (run.report.waived, Finding),
        (run.report.rules, RuleStatus),
        (run.problems, Problem),
        (run.rules, RuleText),
    )
    return all(
        isinstance(items, tuple) and all(isinstance(item, kind) for item in items)
        for items, kind in expected
    )
