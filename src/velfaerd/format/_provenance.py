"""Where each loaded object came from, recorded for almost nothing.

Loading gives every model object an :class:`~velfaerd.model.Origin` that holds only
the file's :class:`FileLines` and the object's key path. Lines are not looked for
while loading: the first time a finding, a problem or a caller asks an origin for its
line, :class:`FileLines` scans its file (:func:`~velfaerd.format._locate.locate`), once for
every origin of that file, and forgets the text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from velfaerd.format._locate import KeyLines, locate
from velfaerd.model import (
    Actor,
    Agreement,
    ApprovalProcess,
    Basis,
    Budget,
    Commitment,
    Milestone,
    Municipality,
    Origin,
    Phase,
    Policy,
    Principle,
    Step,
    Theme,
    Waiver,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from velfaerd.format._convert import Document

__all__ = ["FileLines", "record"]


class FileLines:
    """The lines of one file's keys, found when first asked for.

    Pickled (with a portfolio), it finds its lines first and keeps them, not the text.
    """

    __slots__ = ("_lines", "_text", "source")

    def __init__(self, source: str, text: str | bytes | None) -> None:
        """Hold ``text``, the text (or the UTF-8 bytes) of ``source``, until needed."""
        self.source = source
        self._text = text
        self._lines: KeyLines | None = None

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
        return self._lines

    def line(self, path: str) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        lines = self.lines()
        return None if lines is None else lines.nearest(path)

    def keys(self, path: str, names: tuple[str, ...]) -> dict[str, int]:
        """The line of each of ``names`` below ``path`` that is in the file."""
        lines = self.lines()
        if lines is None:
            return {}
        found = {}
        for name in names:
            line = lines.get(f"{path}.{name}")
            if line is not None:
                found[name] = line
        return found

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle the source and the lines (found now if they were not), not the text."""
        return (_restore, (self.source, self.lines()))


def _restore(source: str, lines: KeyLines | None) -> FileLines:
    return FileLines.scanned(source, lines)


def _names(cl: type) -> tuple[str, ...]:
    return tuple(field.name for field in attrs.fields(cl))


#: Each model class with an origin: the setter of its ``origin`` slot.
_SETTERS: dict[type, Callable[[object, Origin], None]] = {
    cl: vars(cl)["origin"].__set__
    for cl in (
        Municipality,
        Actor,
        Theme,
        Policy,
        Principle,
        Step,
        ApprovalProcess,
        Commitment,
        Milestone,
        Phase,
        Waiver,
        Agreement,
        Basis,
        Budget,
    )
}
_NAMES = {cl: _names(cl) for cl in _SETTERS}
#: The fields of each class that hold model objects with an origin of their own.
_CHILDREN: dict[type, tuple[str, ...]] = {
    Policy: ("themes", "basis"),
    ApprovalProcess: ("steps",),
    Commitment: ("budget",),
    Agreement: ("themes", "commitments", "milestones", "phases", "waivers", "basis", "budget"),
}


def record(document: Document, lines: FileLines) -> None:
    """Give every object of ``document`` its origin: ``lines``' file, and its key path.

    One loop per array of objects, with the setter of the one field that takes no part
    in equality (the objects were made by the loader a moment ago; nobody else has
    seen them).
    """
    source = lines.source
    if document.municipality is not None:
        municipality = document.municipality
        _SETTERS[Municipality](
            municipality,
            Origin._lazy(lines, source, "municipality", _NAMES[Municipality]),  # noqa: SLF001
        )
    for name in ("actors", "policies", "principles", "approval_processes", "agreements"):
        _array(getattr(document, name), name, lines, source)


def _array(items: tuple[Any, ...], base: str, lines: FileLines, source: str) -> None:
    """Stamp the objects of one array, found at ``base``, and their children."""
    if not items:
        return
    lazy = Origin._lazy  # noqa: SLF001 - the loader is the origins' maker
    cl = type(items[0])
    stamp, names, children = _SETTERS[cl], _NAMES[cl], _CHILDREN.get(cl, ())
    for index, item in enumerate(items):
        path = f"{base}[{index}]"
        stamp(item, lazy(lines, source, path, names))
        for child in children:
            _array(getattr(item, child), f"{path}.{child}", lines, source)
