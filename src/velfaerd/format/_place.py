"""The lines of a few key paths, found without reading the whole file.

:func:`~velfaerd.format._locate.locate` reads every key of a file in Python: for a
large file that costs about what parsing it costs, and its map of every key is larger
than the parsed data. A check with a few findings needs the lines of a few objects.
:class:`Placer` finds those at a cost that grows with the findings, not with the file:

- the headers of an array of tables a path names (``[[agreements.milestones]]``) are
  found with ``str.find``, at C speed, and kept;
- the element is the n-th of those headers inside its parent element's headers;
- its keys are read from its own lines only (:func:`~velfaerd.format._locate.table_lines`:
  the scanner of :func:`locate`, on a few lines), and its sub-tables from the headers
  between it and the next element.

It places a path only where the answer is provably the one :func:`locate` gives, and
says ``None`` otherwise, so that the caller scans the file as before. What it relies
on, and checks:

- every element of an array of tables it walks is a header written the plain way
  (``[[a.b]]`` at the start of a line): the text has as many such headers as the
  parsed data has elements (``tables``, counted by the loader). An element written as
  an inline table, or a header written with spaces or quotes, makes the counts differ;
- none of those headers, and no header it reads, is inside a multi-line string (the
  text between the first and the last ``\"\"\"`` or ``'''`` is not trusted);
- a header whose parts are ordinary names (not numbers, dates or booleans) cannot be a
  value in a multi-line array.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from velfaerd.format._locate import header_key, table_lines

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["Placer"]

#: One step of a key path through an array of tables: ``name[index]``.
_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)\[([0-9]+)\]")
#: A name that no value can be written as (``true``, ``inf`` and ``nan`` can).
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_VALUE_WORDS = frozenset({"true", "false", "inf", "nan"})
#: Where a line begins with ``[``, after spaces: a header, or a value's line.
_BRACKET_LINE = re.compile(r"\n[ \t]*\[")


class Placer:
    """Exact lines of the elements of arrays of tables, and of their keys, on demand.

    :param text: A TOML text that parsed (the placer trusts it to be valid TOML).
    :param tables: How many elements the parsed data has in each array of tables, by
        the array's key with the indices left out (``"agreements.milestones"``: every
        agreement's milestones together).
    """

    __slots__ = ("_headers", "_marks", "_strings", "_tables", "_text")

    def __init__(self, text: str, tables: Mapping[str, int]) -> None:
        """Hold ``text``; nothing is read yet."""
        self._text = text
        self._tables = tables
        #: The positions of the headers of each array (``None``: not to be trusted).
        self._headers: dict[str, list[int] | None] = {}
        #: Positions whose line is known, and those lines: lines are counted from the
        #: nearest known position before, at C speed.
        self._marks: tuple[list[int], list[int]] = ([0], [1])
        self._strings: tuple[int, int] | None = None

    def line(self, path: str) -> int | None:
        """The line :func:`locate` gives ``path``, or ``None`` if it cannot say here."""
        walked = self._walk(path)
        if walked is None:
            return None
        at, _, done = walked
        if done == len(path):
            return self._line(at)
        own = table_lines(self._text, at, self._line(at), path[:done])
        return None if own is None else own.get(path)

    def keys(self, path: str, names: tuple[str, ...]) -> dict[str, int] | None:
        """The line of each of ``names`` below ``path`` that :func:`locate` finds.

        ``None`` if it cannot say here.
        """
        walked = self._walk(path)
        if walked is None:
            return None
        at, end, done = walked
        own = table_lines(self._text, at, self._line(at), path[:done])
        if own is None:
            return None
        if done < len(path):
            # An element of an array written inside the table: all its keys are there.
            if not path.endswith("]") or path not in own:
                return None
            return _found(own, path, names)
        found: dict[str, int] = {}
        below: dict[str, int] | None = None
        for name in names:
            line = own.get(f"{path}.{name}")
            if line is None:
                if below is None:
                    below = self._below(at, end, path)
                    if below is None:
                        return None
                line = below.get(name)
            if line is not None:
                found[name] = line
        return found

    def _walk(self, path: str) -> tuple[int, int, int] | None:
        """Follow ``path`` through arrays of tables written as headers.

        Returns where the last element's header is, where the text that can add to it
        ends (the next element's header, or its parent's end), and how much of ``path``
        names it. ``None`` if not even the first step is such an element.
        """
        key = ""
        start, end = 0, len(self._text)
        at, done, pos = -1, 0, 0
        while True:
            step = _STEP.match(path, pos)
            if step is None:
                break
            array = f"{key}.{step.group(1)}" if key else step.group(1)
            headers = self._positions(array)
            if headers is None:
                break
            first, last = bisect_left(headers, start), bisect_left(headers, end)
            index = first + int(step.group(2))
            if index >= last:
                return None
            at = start = headers[index]
            if index + 1 < last:
                end = headers[index + 1]
            key, done = array, step.end()
            if done == len(path) or path[done] != ".":
                break
            pos = done + 1
        return None if at < 0 else (at, end, done)

    def _positions(self, array: str) -> list[int] | None:
        """The positions of the headers ``[[array]]``, if they are all its elements."""
        if array in self._headers:
            return self._headers[array]
        found: list[int] | None = None
        expected = self._tables.get(array, 0)
        parts = array.split(".")
        if expected and all(_NAME.fullmatch(part) and part not in _VALUE_WORDS for part in parts):
            text = self._text
            needle = f"\n[[{array}]]"
            start = 1 if text.startswith("\ufeff") else 0
            found = [start] if text.startswith(needle[1:], start) else []
            # Counting first is cheap (no list), and most often decides.
            if text.count(needle) + len(found) == expected:
                find, step = text.find, len(needle)
                at = find(needle)
                while at >= 0:
                    found.append(at + 1)
                    at = find(needle, at + step)
                if self._in_strings(found[0], found[-1]):
                    found = None
            else:
                found = None
        self._headers[array] = found
        return found

    def _in_strings(self, start: int, end: int) -> bool:
        """Whether ``start``-``end`` meets the span of the text's multi-line strings."""
        if self._strings is None:
            text = self._text
            firsts = [at for at in (text.find('"""'), text.find("'''")) if at >= 0]
            if firsts:
                last = max(text.rfind('"""'), text.rfind("'''")) + 3
                self._strings = (min(firsts), last)
            else:
                self._strings = (-1, -1)
        first, last = self._strings
        return first >= 0 and start < last and first <= end

    def _below(self, at: int, end: int, path: str) -> dict[str, int] | None:
        """The lines of the keys of the element at ``at`` that later headers define.

        Read from the headers between ``at`` and ``end`` (the next element), as
        :func:`locate` records them: a key's own header (``[path.key]``,
        ``[[path.key]]``) the first time it is there; otherwise the first header
        below it (``[path.key.deeper]``). ``None`` if a header there cannot be read.
        """
        text = self._text
        if self._in_strings(at, end):
            return None
        steps = [step.group(1) for step in _STEP.finditer(path)]
        depth = len(steps)  # each step of the path is one part of a header
        found: dict[str, int] = {}
        own: set[str] = set()
        for match in _BRACKET_LINE.finditer(text, at, end):
            where = match.end() - 1
            header = header_key(text, where)
            if header is None:
                return None
            parts, _ = header
            if len(parts) <= depth or parts[:depth] != steps:
                continue
            name = parts[depth]
            if name in own:
                continue
            if len(parts) == depth + 1:
                own.add(name)
                found[name] = self._line(where)
            elif name not in found:
                found[name] = self._line(where)
        return found

    def _line(self, pos: int) -> int:
        """The line of ``pos``, counted from the nearest position whose line is known."""
        positions, lines = self._marks
        index = bisect_right(positions, pos) - 1
        known = positions[index]
        line = lines[index] + self._text.count("\n", known, pos)
        if known != pos:
            positions.insert(index + 1, pos)
            lines.insert(index + 1, line)
        return line


def _found(lines: dict[str, int], path: str, names: tuple[str, ...]) -> dict[str, int]:
    """The line of each of ``names`` below ``path`` in ``lines``."""
    found: dict[str, int] = {}
    for name in names:
        line = lines.get(f"{path}.{name}")
        if line is not None:
            found[name] = line
    return found
