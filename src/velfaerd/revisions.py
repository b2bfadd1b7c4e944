"""What a revision changed and what it broke: :func:`diff` of two portfolios.

A reviewer of a revised agreement asks "milestone *Midtvejsstatus* moved from primo
november 2013 to ultimo januar 2014; commitment *Forældrecaféer* removed; AGR002
introduced" — not which TOML lines moved. :func:`diff` compares two portfolios object
by object, matched by id, over every class of the model's one table of structure
(:data:`velfaerd.model.STRUCTURE`: a class added to the model is compared without a
change here), and checks both: the findings the new side has and the old did not are
*introduced*, those the old had and the new has not are *resolved*, told apart by
their :attr:`~velfaerd.Finding.fingerprint`.

>>> import velfaerd
>>> old = velfaerd.loads('''
... [[actors]]
... id = "byraadet"
... name = "Byrådet"
... kind = "council"
... ''')
>>> new = velfaerd.loads('''
... [[actors]]
... id = "byraadet"
... name = "Byrådet i Varde"
... kind = "council"
... ''')
>>> change = velfaerd.diff(old, new).changes[0]
>>> change.change, change.kind, change.id, change.key, change.old, change.new
('changed', 'actor', 'byraadet', 'name', 'Byrådet', 'Byrådet i Varde')

Each side may be a portfolio, the files of one (paths, as :func:`velfaerd.load_partial`
takes them), or a mapping of file names to their text (as a service receives them).
A file of a side that does not load is a load problem of that side (a ``LOAD`` finding,
introduced or resolved like any other); the rest is still compared.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from velfaerd.dates import DateWindow
from velfaerd.format._convert import Document, converter
from velfaerd.format._loading import (
    load_bytes,
    load_found,
    load_partial_with,
    parse_bytes,
    read_bytes,
)
from velfaerd.format._provenance import FileLines, record
from velfaerd.format._sections import MIN_RELATIVE, Sections, Structured
from velfaerd.model import STRUCTURE, Portfolio
from velfaerd.report import Finding, Report, Severity

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from velfaerd.config import Config
    from velfaerd.errors import LoadError, Problem
    from velfaerd.format._files import StrPath
    from velfaerd.format._loading import LeftOut

__all__ = [
    "DIFF_VERSION",
    "Change",
    "Diff",
    "Loader",
    "Side",
    "changes",
    "compare",
    "diff",
    "kind_of",
]

#: The version of the JSON shape of :meth:`Diff.to_dict` (and ``velfaerd diff``'s json).
DIFF_VERSION: Final = 1

#: What :func:`diff` compares: a portfolio; a path or paths of files and directories;
#: or file names mapped to their text (str or UTF-8 bytes).
Side = Portfolio | str | os.PathLike[str] | Mapping[str, str | bytes] | Sequence[str]

#: Whether two objects are known to be equal without comparing them (:meth:`Loader.alike`).
Alike = Callable[[object, object], bool]

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def kind_of(cls: type) -> str:
    """The name of a model class in a diff: ``ApprovalProcess`` → ``approval_process``."""
    return _CAMEL.sub("_", cls.__name__).lower()


@attrs.frozen(kw_only=True)
class Change:
    """One structural change: an object added or removed, or one key of it changed.

    ``kind`` names the object's class (``milestone``); ``id`` is its id (an object
    without one, as a budget, is named by its position: ``budget[0]``); ``scope`` the
    ids from the portfolio down to it (``agreements/a/milestones/m``); ``agreement``
    the agreement it is part of (``None`` outside agreements). For ``changed``, ``key``
    is the key and ``old`` and ``new`` its values as the format writes them (dates as
    written: ``"primo november 2013"``); for ``added`` and ``removed``, ``new`` or
    ``old`` is the object's title or name, where it has one.
    """

    change: str
    kind: str
    id: str
    scope: str
    agreement: str | None = None
    key: str | None = None
    old: Any = None
    new: Any = None

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON-ready data."""
        return {
            "change": self.change,
            "kind": self.kind,
            "id": self.id,
            "scope": self.scope,
            "agreement": self.agreement,
            "key": self.key,
            "old": self.old,
            "new": self.new,
        }


@attrs.frozen(kw_only=True)
class Diff:
    """What :func:`diff` found: the changes, and the findings introduced and resolved.

    ``changes`` are in the order of the new side (removed objects where they were);
    ``introduced`` and ``resolved`` are findings of the new and of the old side, in
    the order of :meth:`Finding.sort_key`. ``old`` and ``new`` are the two reports.
    """

    changes: tuple[Change, ...] = ()
    introduced: tuple[Finding, ...] = ()
    resolved: tuple[Finding, ...] = ()
    old: Report = attrs.field(factory=Report, repr=False)
    new: Report = attrs.field(factory=Report, repr=False)
    lang: str = "en"

    @property
    def introduces_error(self) -> bool:
        """Whether a finding the revision introduces is an error (``velfaerd diff`` exits 1)."""
        return any(f.severity is Severity.ERROR for f in self.introduced)

    def count(self, change: str) -> int:
        """How many changes are ``added``, ``removed`` or ``changed``."""
        return sum(1 for c in self.changes if c.change == change)

    def to_dict(self) -> dict[str, Any]:
        """The diff as JSON-ready data with a format ``version`` (the documented shape)."""
        return {
            "version": DIFF_VERSION,
            "lang": self.lang,
            "changes": [c.to_dict() for c in self.changes],
            "introduced": [f.to_dict() for f in self.introduced],
            "resolved": [f.to_dict() for f in self.resolved],
            "summary": {
                "added": self.count("added"),
                "removed": self.count("removed"),
                "changed": self.count("changed"),
                "introduced": len(self.introduced),
                "introduced_errors": sum(
                    1 for f in self.introduced if f.severity is Severity.ERROR
                ),
                "resolved": len(self.resolved),
                "ok": not self.introduces_error,
            },
        }


def diff(
    old: Side,
    new: Side,
    *,
    config: Config | None = None,
    as_of: dt.date | None = None,
    old_error: LoadError | None = None,
    new_error: LoadError | None = None,
) -> Diff:
    """Compare two revisions of a portfolio: what changed, and what it introduced or resolved.

    ``old`` and ``new`` are each a :class:`~velfaerd.Portfolio`, paths (loaded as
    :func:`velfaerd.load_partial` loads them) or a mapping of file names to text. A
    portfolio given may come with the :class:`~velfaerd.LoadError` of the files that
    did not load (``old_error``, ``new_error``), as :func:`velfaerd.load_partial` gives
    it. Both sides are checked with ``config`` and ``as_of``; the messages are in the
    configuration's language.
    """
    from velfaerd.rules._engine import check  # noqa: PLC0415 - the rules load with a diff

    loader = Loader()
    old_portfolio, old_error = _side(old, old_error, loader)
    new_portfolio, new_error = _side(new, new_error, loader)
    old_report = check(old_portfolio, config, as_of, left_out=old_error)
    new_report = check(new_portfolio, config, as_of, left_out=new_error)
    return compare(old_portfolio, new_portfolio, old_report, new_report, alike=loader.alike)


def compare(
    old: Portfolio,
    new: Portfolio,
    old_report: Report,
    new_report: Report,
    *,
    alike: Alike | None = None,
) -> Diff:
    """The diff of two portfolios already checked (what :func:`diff` and the CLI share).

    ``alike`` is as :func:`changes` takes it.
    """
    introduced, resolved = _findings(old_report.findings, new_report.findings)
    return Diff(
        changes=tuple(changes(old, new, alike=alike)),
        introduced=introduced,
        resolved=resolved,
        old=old_report,
        new=new_report,
        lang=new_report.lang,
    )


class Loader:
    """Loads the files of both sides, each distinct file once.

    A revision changes few files. A file both sides have alike (the same name and bytes,
    as two git revisions name them) is loaded once, and both portfolios hold the same
    (immutable) objects for it, which also makes comparing them cheap; a file of the
    same bytes under another name (``old/a.toml`` and ``new/a.toml``) is parsed once
    and structured for each, as its objects' origins name its file.

    A large file that is a revision of one loaded before (``old.toml`` and
    ``new.toml``) is parsed from the parts it shares with it: only the top-level tables
    that differ are parsed (:class:`~velfaerd.format._sections.Sections`, which parses
    the whole file where that could differ), and the objects of the others are copies,
    with their own origins; :meth:`alike` knows them, for :func:`compare`.
    """

    def __init__(
        self, max_file_size: int | None = None, *, min_relative: int = MIN_RELATIVE
    ) -> None:
        """A loader refusing files over ``max_file_size`` bytes (64 MiB unless given).

        A file of ``min_relative`` characters or more is parsed relative to the files
        parsed before (:class:`~velfaerd.format._sections.Sections`).
        """
        self.max_file_size = max_file_size
        self._loaded: dict[tuple[str, bytes], tuple[Document | LeftOut | None, list[Problem]]]
        self._loaded = {}
        self._parsed: dict[bytes, dict[str, object]] = {}  # the TOML of bytes that parsed
        self._sections = Sections(min_relative)
        self._structured = Structured()

    def load_bytes(
        self, source: str, data: bytes, problems: list[Problem]
    ) -> Document | LeftOut | None:
        """One file's bytes loaded, with its origins; the same file again as it was."""
        key = (source, data)
        found = self._loaded.get(key)
        if found is None:
            said: list[Problem] = []
            parsed = self._parsed.get(data)
            if parsed is None:
                parsed = parse_bytes(data, source, said, self._sections)
                if parsed is not None:
                    self._parsed[data] = parsed
            loaded = load_bytes(data, source, said, parsed=parsed, structured=self._structured)
            if isinstance(loaded, Document):
                record(loaded, FileLines(source, data))
            found = self._loaded[key] = (loaded, said)
        problems.extend(found[1])
        return found[0]

    def alike(self, one: object, other: object) -> bool:
        """Whether one object is a copy this loader made of the other (they are equal).

        For :func:`compare`: an agreement a revision left as it was is a copy of the
        other side's, and needs no comparing.
        """
        return self._structured.alike(one, other)

    def load_paths(self, paths: StrPath | Iterable[StrPath]) -> tuple[Portfolio, LoadError | None]:
        """Files and directories, as :func:`velfaerd.load_partial` loads them."""

        def load_one(path: Path, source: str, problems: list[Problem]) -> Document | LeftOut | None:
            data = read_bytes(path, source, problems, self.max_file_size)
            return None if data is None else self.load_bytes(source, data, problems)

        return load_partial_with(paths, load_one)

    def load_data(self, files: Iterable[tuple[str, bytes]]) -> tuple[Portfolio, LoadError | None]:
        """Files given as ``(name, bytes)``: a git revision's, or a request's."""
        named = list(files)
        by_name = dict(named)

        def load_one(_: Path, source: str, problems: list[Problem]) -> Document | LeftOut | None:
            return self.load_bytes(source, by_name[source], problems)

        return load_found([Path(name) for name, _ in named], [], load_one)


def _side(
    side: Side, error: LoadError | None, loader: Loader
) -> tuple[Portfolio, LoadError | None]:
    if isinstance(side, Portfolio):
        return side, error
    if isinstance(side, Mapping):
        return loader.load_data(
            (str(name), text.encode("utf-8") if isinstance(text, str) else bytes(text))
            for name, text in side.items()
        )
    return loader.load_paths(side)


def _findings(
    old: Sequence[Finding], new: Sequence[Finding]
) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """The findings only the new side has, and those only the old side has, by fingerprint.

    As many of a fingerprint as one side has more than the other.
    """
    left = Counter(f.fingerprint for f in old)
    introduced: list[Finding] = []
    for finding in new:
        if left[finding.fingerprint] > 0:
            left[finding.fingerprint] -= 1
        else:
            introduced.append(finding)
    right = Counter(f.fingerprint for f in new)
    resolved: list[Finding] = []
    for finding in old:
        if right[finding.fingerprint] > 0:
            right[finding.fingerprint] -= 1
        else:
            resolved.append(finding)
    return tuple(introduced), tuple(resolved)


def changes(old: Portfolio, new: Portfolio, *, alike: Alike | None = None) -> Iterator[Change]:
    """Every change from ``old`` to ``new``, object by object, over the model's structure.

    Objects are matched by id within their array (a second object with the same id by
    ``id#2``), objects without an id by their position; an object on both sides is
    compared key by key, then its children. ``alike(old, new)`` may say that two objects
    are equal without comparing them (:meth:`Loader.alike`: one is a copy of the other).
    """
    yield from _compare(old, new, "", None, alike)


def _compare(
    old: object, new: object, scope: str, agreement: str | None, alike: Alike | None
) -> Iterator[Change]:
    entry = STRUCTURE[type(new)]
    kind = kind_of(type(new))
    own = scope.rsplit("/", 1)[-1] if scope else ""
    for key in entry.keys:
        if key in entry.children:
            continue
        before, after = getattr(old, key), getattr(new, key)
        if before != after:
            yield Change(
                change="changed",
                kind=kind,
                id=own,
                scope=scope,
                agreement=agreement,
                key=key,
                old=_plain(before),
                new=_plain(after),
            )
    for name in entry.children:
        yield from _compare_items(
            getattr(old, name), getattr(new, name), name, scope, agreement, alike=alike
        )


def _compare_items(
    old: Sequence[object],
    new: Sequence[object],
    name: str,
    scope: str,
    agreement: str | None,
    *,
    alike: Alike | None,
) -> Iterator[Change]:
    before = dict(_keyed(old, name))
    after = dict(_keyed(new, name))
    for key, item in after.items():
        where = f"{scope}/{name}/{key}" if scope else f"{name}/{key}"
        inside = agreement
        if not scope and name == "agreements":
            inside = key
        previous = before.get(key)
        if previous is None:
            yield _whole("added", item, key, where, inside)
        elif previous is item or (alike is not None and alike(previous, item)):
            continue
        elif previous != item:
            yield from _compare(previous, item, where, inside, alike)
    for key, item in before.items():
        if key not in after:
            where = f"{scope}/{name}/{key}" if scope else f"{name}/{key}"
            inside = key if not scope and name == "agreements" else agreement
            yield _whole("removed", item, key, where, inside)


def _keyed(items: Sequence[object], name: str) -> Iterator[tuple[str, object]]:
    seen: Counter[str] = Counter()
    for index, item in enumerate(items):
        item_id = getattr(item, "id", None)
        if not isinstance(item_id, str):
            yield f"{name}[{index}]", item
            continue
        seen[item_id] += 1
        yield (item_id if seen[item_id] == 1 else f"{item_id}#{seen[item_id]}"), item


def _whole(change: str, item: object, key: str, scope: str, agreement: str | None) -> Change:
    label = next(
        (
            value
            for value in (getattr(item, n, None) for n in ("title", "name"))
            if isinstance(value, str)
        ),
        None,
    )
    return Change(
        change=change,
        kind=kind_of(type(item)),
        id=key,
        scope=scope,
        agreement=agreement,
        old=label if change == "removed" else None,
        new=label if change == "added" else None,
    )


def _plain(value: object) -> Any:  # noqa: ANN401 - JSON-ready data of any shape
    """A value as the format writes it, JSON-ready: dates as written, enums by value."""
    if isinstance(value, DateWindow):
        # As written ("Primo" at the start of a line as "primo"); a TOML date as ISO.
        exact = value.earliest == value.latest
        return value.latest.isoformat() if exact and value.written is None else str(value)
    return _json(converter.unstructure(value))


def _json(value: object) -> Any:  # noqa: ANN401 - JSON-ready data of any shape
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json(item) for key, item in value.items()}
    return value
