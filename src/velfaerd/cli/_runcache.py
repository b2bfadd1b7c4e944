"""The command line's cache of whole runs: a repeat check of an unchanged tree checks nothing.

Beside each file's loaded document (:mod:`velfaerd.cli._filecache`), ``velfaerd check`` keeps
what a whole run gave: its report, its load problems and the texts of the rules its
output names (:class:`Run`). Found again, the run parses no TOML, structures no
document and runs no rule, and imports neither the loader nor the rules; the files
are still read, since their bytes are the key. The key is a SHA-256 of

- the format of the entry, velfaerd's version, and the cache directory's stamp
  (:attr:`~velfaerd.cli._store.CacheDirectory.stamp`, which the per-file cache's keys
  hold too): Python's version, implementation and the limits that decide whether a
  file loads; velfaerd's own files, each by its name, size and modification time (an
  editable install whose rules were changed is another velfaerd); and the
  distributions installed on ``sys.path``, by the names of their ``*.dist-info`` and
  ``*.egg-info`` (which hold the versions). Another version of a dependency
  (``holidays`` dates CAL001's holidays) or of a plugin, or a plugin installed or
  removed, is another key;
- the settings (:class:`RunCache`'s ``settings``: the configuration as read and as
  it takes effect, the codes of the flags, whether plugins load, the ``--as-of``
  date, the size limit);
- the paths as given; then every file found, in order, by its name as reported and
  the SHA-256 of its bytes.

A run is not kept when a path or a file could not be read or was too large (its
problems depend on more than bytes); when a plugin's rules cannot be known by an
installed version (a distribution without a ``RECORD``, or installed editable); or
when rules were registered directly in the process (:func:`unkept`). An entry is
JSON (:func:`~velfaerd.cli._store.encode`), authenticated by an HMAC under the user's
secret key as the per-file ones are, and never trusted: one that is forged, damaged,
foreign or not what was written is a miss, and the run is checked and written anew.
Its classes are rebuilt by name from a short list (:data:`_CLASSES`), and checked field
by field. At most :data:`MAX_RUNS` runs are kept, one for each set of settings and
paths: the newest written or found. Pruning removes only regular files whose names
are those this module writes, in a ``runs`` folder that is not a link.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TypeGuard

import attrs

from velfaerd.__about__ import __version__
from velfaerd.cli._rule_text import RuleText
from velfaerd.cli._store import decode, encode, framed
from velfaerd.errors import Problem
from velfaerd.format._files import DEFAULT_MAX_FILE_SIZE, discover, read_bytes
from velfaerd.i18n import Text
from velfaerd.report import Finding, Report, RuleStatus, Severity

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
_FORMAT = b"velfaerd-run-3\n"
#: The names of the entries this module writes: nothing else in :data:`RUNS` is pruned.
_NAME = re.compile(r"[0-9a-f]{16}-[0-9a-f]{64}")


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


#: The classes an entry may hold, by name.
_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (Run, Report, Finding, RuleStatus, Severity, Problem, Text, RuleText)
}


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
        for part in (__version__, store.stamp, *map(repr, settings), *paths):
            digest.update(framed(part))
        self._slot = digest.hexdigest()[:16]
        for path, data in zip(inputs.files, inputs.data, strict=True):
            digest.update(framed(str(path)))
            digest.update(hashlib.sha256(data).digest())
        #: The entry's file name in :data:`RUNS`: the settings' and paths' digest (its
        #: slot), then the digest of everything.
        self.name = f"{self._slot}-{digest.hexdigest()}"

    @property
    def path(self) -> Path:
        """Where the entry is."""
        return self.store.directory / RUNS / self.name

    def get(self) -> Run | None:
        """The run, or ``None`` if no authentic, sound entry holds it."""
        entry = f"{RUNS}/{self.name}"
        payload = self.store.read(entry, _FORMAT)
        if payload is None:
            return None
        try:
            run = decode(json.loads(payload), _CLASSES)
        except Exception:  # noqa: BLE001 - an entry not as written is a miss, whatever it raises
            return None
        if not _sound(run):
            return None
        self.store.touch(entry)  # found: the newest, kept the longest
        return run

    def put(self, run: Run) -> None:
        """Write the entry (atomically) and forget older runs; a cache that fails is skipped."""
        try:
            payload = json.dumps(encode(run, _CLASSES), ensure_ascii=False).encode("utf-8")
        except (ValueError, TypeError, RecursionError):
            return
        if self.store.write(f"{RUNS}/{self.name}", _FORMAT, payload):
            self._prune()

    def _prune(self) -> None:
        """Keep this run and the newest others, up to :data:`MAX_RUNS`, none of its slot.

        Only regular files named as this module names its entries are counted or removed.
        """
        others = [
            (changed, name)
            for name, changed in self.store.files(RUNS)
            if name != self.name and _NAME.fullmatch(name)
        ]
        kept = 1
        gone: list[str] = []
        for _, name in sorted(others, reverse=True):
            if kept < MAX_RUNS and not name.startswith(f"{self._slot}-"):
                kept += 1
                continue
            gone.append(name)
        if gone:
            self.store.remove(RUNS, gone)


def unkept(rules: Sequence[Rule] | None = None) -> str | None:
    """Why a run with ``rules`` is not kept, as a catalogue id; ``None`` when it is.

    Without ``rules`` (before they are loaded), only whether rules were registered
    directly in this process.
    """
    if "velfaerd.rules" in sys.modules:  # nothing registered a rule unless it is imported
        from velfaerd.rules import registered_directly as _registered_directly  # noqa: PLC0415

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


def _sound(run: object) -> TypeGuard[Run]:
    """Whether a decoded object is a run as written (its fields as their types say)."""
    if not (isinstance(run, Run) and isinstance(run.report, Report)):
        return False
    # Read as objects: an entry's fields are what decoding made, not what is declared.
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
