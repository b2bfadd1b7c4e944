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

from velfaerd._slots import slot_setter
from velfaerd.format._locate import KeyLines, locate
from velfaerd.model import STRUCTURE, Municipality, Origin, Portfolio

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


#: Each model class with an origin: the setter of its ``origin`` slot (which takes no
#: part in equality, and is written once, on an object the loader has just made).
_SETTERS: dict[type, Callable[[object, Origin], None]] = {
    cl: slot_setter(cl, "origin") for cl in STRUCTURE if "origin" in attrs.fields_dict(cl)
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
            Origin._lazy(lines, source, "municipality", STRUCTURE[Municipality].keys),  # noqa: SLF001
        )
    for name in STRUCTURE[Portfolio].children:  # a document has a portfolio's arrays
        _array(getattr(document, name), name, lines, source)


def _array(items: tuple[Any, ...], base: str, lines: FileLines, source: str) -> None:
    """Stamp the objects of one array, found at ``base``, and their children."""
    if not items:
        return
    lazy = Origin._lazy  # noqa: SLF001 - the loader is the origins' maker
    cl = type(items[0])
    keys, children = STRUCTURE[cl]
    stamp = _SETTERS[cl]
    for index, item in enumerate(items):
        path = f"{base}[{index}]"
        stamp(item, lazy(lines, source, path, keys))
        for child in children:
            _array(getattr(item, child), f"{path}.{child}", lines, source)
