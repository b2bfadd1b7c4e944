"""Where each loaded object came from, recorded for almost nothing.

Loading gives every model object an :class:`~velfaerd.model.Origin` that holds only
the file's :class:`FileLines` and the object's key path. Lines are not looked for
while loading: the first time a finding, a problem or a caller asks an origin for its
line, :class:`FileLines` finds it. A few lines of a large file are placed from the
headers of its arrays of tables (:class:`~velfaerd.format._place.Placer`, at a cost that
grows with the lines asked for; what the headers cannot place, from its top-level element
scanned alone); many come from one scan of the file
(:func:`~velfaerd.format._locate.locate`), for every origin of that file, after which the
text is forgotten.
"""

from __future__ import annotations

import collections
import operator
from itertools import chain
from typing import TYPE_CHECKING, Any

import attrs

from velfaerd._slots import slot_setter
from velfaerd.format._locate import KeyLines, locate
from velfaerd.format._place import Placer
from velfaerd.model import STRUCTURE, Municipality, Origin, Portfolio

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from velfaerd.format._convert import Document

__all__ = ["FileLines", "record"]

#: The lines of a file are placed from its headers until that has cost this share of
#: a scan of the whole file (:attr:`Placer.cost`); then it is scanned, and every later
#: line is looked up. So many findings cost at most this much more than before, and a
#: few cost a few tables.
PLACING_SHARE = 0.25


class FileLines:
    """The lines of one file's keys, found when first asked for.

    Pickled (with a portfolio), it finds its lines first and keeps them, not the text.
    """

    __slots__ = ("_budget", "_lines", "_placer", "_text", "source", "tables")

    def __init__(self, source: str, text: str | bytes | None) -> None:
        """Hold ``text``, the text (or the UTF-8 bytes) of ``source``, until needed."""
        self.source = source
        self._text = text
        self._lines: KeyLines | None = None
        self._placer: Placer | None = None
        self._budget = 0
        #: How many elements each array of tables of the loaded document has, by its
        #: key path (``agreements[3].milestones``; :func:`record` counts them): what
        #: lets the placer trust the headers it finds in each element.
        self.tables: dict[str, int] = {}

    @classmethod
    def scanned(cls, source: str, lines: KeyLines | None) -> FileLines:
        """The lines of a file that was already scanned (``None``: it has no text)."""
        found = cls(source, None)
        found._lines = lines
        return found

    def lines(self) -> KeyLines | None:
        """The line of each key path of the file (``None`` without a text)."""
        if self._lines is None and self._text is not None:
            text = self._text
            if isinstance(text, bytes):  # a file that loaded decodes as UTF-8
                text = text.decode("utf-8")
            self._lines = locate(text)
            self._text = None
            self._placer = None
        return self._lines

    def placer(self) -> Placer | None:
        """What places a few lines without a scan, while that is cheaper than one."""
        if self._lines is not None or self._text is None:
            return None
        if self._placer is None:
            # The placer reads the UTF-8 bytes (a text from :func:`velfaerd.loads` is
            # encoded once): all it searches for is ASCII.
            text = self._text
            if isinstance(text, str):
                text = self._text = text.encode()
            self._budget = int(len(text) * PLACING_SHARE)
            self._placer = Placer(text, self.tables)
        return self._placer if self._placer.cost < self._budget else None

    def line(self, path: str) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        placer = self.placer()
        if placer is not None:
            line = placer.line(path)
            if line is not None:
                return line
        lines = self.lines()
        return None if lines is None else lines.nearest(path)

    def keys(self, path: str, names: tuple[str, ...]) -> dict[str, int]:
        """The line of each of ``names`` below ``path`` that is in the file."""
        placer = self.placer()
        if placer is not None:
            found = placer.keys(path, names)
            if found is not None:
                return found
        lines = self.lines()
        if lines is None:
            return {}
        found = {}
        for name in names:
            line = lines.get(f"{path}.{name}")
            if line is not None:
                found[name] = line
        return found

    def key(self, path: str, name: str) -> int | None:
        """The line of ``name`` below ``path``, if it is in the file.

        What :meth:`keys` gives for ``name``; placed at C speed where the placer can.
        """
        placer = self.placer()
        if placer is not None:
            line = placer.key(path, name)
            if line is not None:
                return line
        return self.keys(path, (name,)).get(name)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle the source and the lines (found now if they were not), not the text."""
        return (_restore, (self.source, self.lines()))


def _restore(source: str, lines: KeyLines | None) -> FileLines:
    return FileLines.scanned(source, lines)


#: Each model class with an origin: the setter of its ``origin`` slot (which takes no
#: part in equality, and is written once, on an object the loader has just made).
_SETTERS: dict[type, Callable[[object, Origin], None]] = {
    cl: slot_setter(cl, "origin") for cl in STRUCTURE if "origin" in attrs.fields_dict(cl)
}


def record(document: Document, lines: FileLines) -> None:
    """Give every object of ``document`` its origin: ``lines``' file, and its key path.

    The objects of each level of a large document (every agreement, then every
    milestone of every agreement, ...) are stamped together, each step a loop in C over
    all of them (:func:`_level`): its 75,000 objects cost no Python step each. A small
    document (one agreement) is stamped object by object (:func:`_array`), which costs
    it half as much as setting up those loops for its few objects. The setter writes
    the one field that takes no part in equality (the objects were made by the loader a
    moment ago; nobody else has seen them).
    """
    source = lines.source
    if document.municipality is not None:
        municipality = document.municipality
        _SETTERS[Municipality](
            municipality,
            Origin._lazy(lines, source, "municipality", STRUCTURE[Municipality].keys),  # noqa: SLF001
        )
    for name in STRUCTURE[Portfolio].children:  # a document has a portfolio's arrays
        items = getattr(document, name)
        if len(items) >= LEVEL_AT:
            _level([items], [name], lines)
        elif items:
            _array(items, name, lines)


def _level(arrays: list[tuple[Any, ...]], bases: list[str], lines: FileLines) -> None:
    """Stamp the objects of ``arrays`` (non-empty, of one class), found at ``bases``.

    Then the arrays below them, a level at a time. Each array's elements are counted
    in ``lines.tables``, by its key path, for the placer.
    """
    items = list(chain.from_iterable(arrays))
    if len(items) < LEVEL_AT:
        for array, base in zip(arrays, bases, strict=True):
            _array(array, base, lines)
        return
    lines.tables.update(zip(bases, map(len, arrays), strict=True))
    cl = type(items[0])
    keys, children = STRUCTURE[cl]
    paths = list(chain.from_iterable(map(_paths, bases, map(len, arrays))))
    origins = Origin._lazy_many(lines, lines.source, paths, keys)  # noqa: SLF001
    _consume(map(_SETTERS[cl], items, origins))
    for child in children:
        below = list(map(_GETTERS[child], items))
        if any(below):  # most children are empty (a milestone's records)
            _level(
                list(filter(None, below)),
                [f"{path}.{child}" for path, array in zip(paths, below, strict=True) if array],
                lines,
            )


def _array(items: tuple[Any, ...], base: str, lines: FileLines) -> None:
    """:func:`_level` of one small array: its objects stamped one by one, then their children."""
    source = lines.source
    lines.tables[base] = len(items)
    lazy = Origin._lazy  # noqa: SLF001 - the loader is the origins' maker
    keys, children = STRUCTURE[type(items[0])]
    stamp = _SETTERS[type(items[0])]
    for index, item in enumerate(items):
        path = f"{base}[{index}]"
        stamp(item, lazy(lines, source, path, keys))
        for child in children:
            below = getattr(item, child)
            if below:  # most children are empty: not a call each
                _array(below, f"{path}.{child}", lines)


#: A level of at least this many objects is stamped by loops in C (:func:`_level`);
#: fewer, one by one, where setting up those loops would cost more than they save.
LEVEL_AT = 64


def _paths(base: str, count: int) -> Iterator[str]:
    """The key paths of the ``count`` elements of the array at ``base``."""
    if count > len(_POSITIONS):
        return (f"{base}[{index}]" for index in range(count))
    return map(base.__add__, _POSITIONS[:count])


#: The positions of the first elements of an array, as a key path writes them.
_POSITIONS = tuple(f"[{index}]" for index in range(1024))

#: What reads each array of objects below an object, by the array's name.
_GETTERS = {
    name: operator.attrgetter(name) for entry in STRUCTURE.values() for name in entry.children
}

#: Runs an iterator to its end, in C (what it does is the point).
_consume: Callable[[Iterable[object]], None] = collections.deque[object](maxlen=0).extend
