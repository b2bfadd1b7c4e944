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
  text between the first and the last ``\"\"\"`` or ``'''`` is not trusted): such a
  line is no header, and could make up the count for an element written otherwise;
- a header whose parts are ordinary names (not numbers, dates or booleans) cannot be a
  value in a multi-line array.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

from velfaerd.format._locate import header_key, table_lines

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["ASK_COST", "Placer"]

#: What one line or one object's keys cost to place, besides the tables read for it:
#: about what a full scan spends on this many characters (walking the path, finding
#: the headers, counting the lines before them).
ASK_COST = 200

#: How many times faster a regular expression reads a table's lines than the scanner:
#: what :meth:`Placer.key` is charged for the lines it reads.
C_SPEED = 10
#: The start of a key's line, by the key's name (:meth:`Placer.key`).
_KEY_LINES: dict[str, re.Pattern[str]] = {}

#: One step of a key path through an array of tables: ``name[index]``.
_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)\[([0-9]+)\]")
#: A name that no value can be written as (``true``, ``inf`` and ``nan`` can).
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_VALUE_WORDS = frozenset({"true", "false", "inf", "nan"})
#: Where a line begins with ``[``, after spaces: a header, or a value's line.
_BRACKET_LINE = re.compile(r"\n[ \t]*\[")
#: What may follow a header's bracket before a name that is not bare.
_OPEN = "\"' \t"


class Placer:
    """Exact lines of the elements of arrays of tables, and of their keys, on demand.

    :param text: A TOML text that parsed (the placer trusts it to be valid TOML).
    :param tables: How many elements the parsed data has in each array of tables, by
        the array's key with the indices left out (``"agreements.milestones"``: every
        agreement's milestones together).
    """

    __slots__ = (
        "_headers",
        "_keys",
        "_marks",
        "_span",
        "_start",
        "_table",
        "_tables",
        "_text",
        "_trust",
        "_walks",
        "cost",
    )

    def __init__(self, text: str, tables: Mapping[str, int]) -> None:
        """Hold ``text``; nothing is read yet."""
        self._text = text
        self._tables = tables
        self._start = 1 if text.startswith("\ufeff") else 0
        #: Whether the headers of each array are all its elements.
        self._trust: dict[str, bool] = {}
        #: The positions of the headers of an array in one parent, by the array and
        #: where the parent begins.
        self._headers: dict[tuple[str, int], list[int]] = {}
        #: Positions whose line is known, and those lines: lines are counted from the
        #: nearest known position before, at C speed.
        self._marks: tuple[list[int], list[int]] = ([0], [1])
        self._span: tuple[int, int] | None = None
        #: Each path walked, and where it led: the line and a key of one object, or
        #: findings of several rules on it, walk it once (as many as the asks).
        self._walks: dict[str, tuple[int, int, int] | None] = {}
        #: The lines of single keys found (:meth:`key`), by path and name.
        self._keys: dict[tuple[str, str], int | None] = {}
        self._table: tuple[int, dict[str, int] | None] = (-1, None)
        #: What the lines placed so far cost, in characters a full scan reads in the
        #: same time: the caller scans the file instead once this nears its length.
        self.cost = 0

    def line(self, path: str) -> int | None:
        """The line :func:`locate` gives ``path``, or ``None`` if it cannot say here."""
        walked = self._walked(path)
        if walked is None:
            return None
        at, _, done = walked
        if done == len(path):
            return self._line(at)
        own = self._own(at, path[:done])
        return None if own is None else own.get(path)

    def keys(self, path: str, names: tuple[str, ...]) -> dict[str, int] | None:
        """The line of each of ``names`` below ``path`` that :func:`locate` finds.

        ``None`` if it cannot say here.
        """
        walked = self._walked(path)
        if walked is None:
            return None
        at, end, done = walked
        own = self._own(at, path[:done])
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

    def key(self, path: str, name: str) -> int | None:
        """The line :func:`locate` gives the key ``name`` of the element at ``path``.

        Found at C speed, by a regular expression over the element's own lines, where
        that is certain to give the scanner's answer: those lines hold no multi-line
        string and no inline table (``{``: one may span lines, and its keys begin
        lines too), so a line that begins with ``name =`` is the key's. ``None`` when
        it cannot say so here (the key is written otherwise, is absent, or is below):
        the caller asks :meth:`keys`.
        """
        try:  # a key asked again (by another rule, or another check)
            return self._keys[path, name]
        except KeyError:
            found = self._keys[path, name] = self._key(path, name)
            return found

    def _key(self, path: str, name: str) -> int | None:
        walked = self._walked(path)
        if walked is None:
            return None
        at, _, done = walked
        if done < len(path):
            return None
        text = self._text
        ends = _BRACKET_LINE.search(text, at + 1)  # the next header, or earlier
        end = len(text) if ends is None else ends.start()
        self.cost += (end - at) // C_SPEED
        if self._in_strings(at, end) or text.find("{", at, end) >= 0:
            return None
        pattern = _KEY_LINES.get(name)
        if pattern is None:
            pattern = _KEY_LINES[name] = re.compile(
                rf"^[ \t]*{re.escape(name)}[ \t]*=", re.MULTILINE
            )
        found = pattern.search(text, at, end)
        return None if found is None else self._line(found.start())

    def _own(self, at: int, path: str) -> dict[str, int] | None:
        """The lines of the own keys of the element at ``at`` (kept for the next ask)."""
        last, lines = self._table
        if last != at:
            lines, end = table_lines(self._text, at, self._line(at), path)
            self.cost += end - at
            self._table = (at, lines)
        return lines

    def _walked(self, path: str) -> tuple[int, int, int] | None:
        """:meth:`_walk`, once for each path asked for."""
        self.cost += ASK_COST
        try:
            return self._walks[path]
        except KeyError:
            walked = self._walks[path] = self._walk(path)
            return walked

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
            if not self._trusted(array):
                break
            headers = self._elements(array, start, end)
            index = int(step.group(2))
            if index >= len(headers):
                return None
            at = start = headers[index]
            if index + 1 < len(headers):
                end = headers[index + 1]
            key, done = array, step.end()
            if done == len(path) or path[done] != ".":
                break
            pos = done + 1
        return None if at < 0 else (at, end, done)

    def _trusted(self, array: str) -> bool:
        """Whether every element of ``array`` is a header ``[[array]]`` at a line's start.

        The text has as many such headers as the data has elements, and none of them
        is among the multi-line strings. Counted at C speed, once per array.
        """
        trusted = self._trust.get(array)
        if trusted is None:
            text = self._text
            needle = f"\n[[{array}]]"
            expected = self._tables.get(array, 0)
            parts = array.split(".")
            trusted = (
                expected > 0
                and all(_NAME.fullmatch(part) and part not in _VALUE_WORDS for part in parts)
                and self._count(array, needle) == expected
            )
            if trusted:
                first, last = self._strings()
                trusted = first < 0 or text.find(needle, first, last) < 0
            self._trust[array] = trusted
        return trusted

    def _count(self, array: str, needle: str) -> int:
        """How many headers ``[[array]]`` begin a line."""
        text = self._text
        if "." not in array:  # its elements are listed anyway: the list is the count
            return len(self._elements(array, 0, len(text)))
        return text.count(needle) + text.startswith(needle[1:], self._start)

    def _elements(self, array: str, start: int, end: int) -> list[int]:
        """The positions of the headers ``[[array]]`` between ``start`` and ``end``.

        Found with ``str.find`` when first asked for, and kept: for the elements of
        one parent element, only the text of that parent is read.
        """
        found = self._headers.get((array, start))
        if found is None:
            text = self._text
            needle = f"\n[[{array}]]"
            found = self._headers[array, start] = []
            if start == 0 and text.startswith(needle[1:], self._start):
                found.append(self._start)
            find, step = text.find, len(needle)
            at = find(needle, start, end)
            while at >= 0:
                found.append(at + 1)
                at = find(needle, at + step, end)
        return found

    def _strings(self) -> tuple[int, int]:
        """Where the text's multi-line strings begin and end, at the widest (or -1)."""
        if self._span is None:
            text = self._text
            # A text without ``'`` (most) has no ``'''``: one byte is found at memchr's
            # speed, three at a fifth of it (a pass less over a large file).
            literal = "'" in text
            firsts = [
                at for at in (text.find('"""'), text.find("'''") if literal else -1) if at >= 0
            ]
            if firsts:
                last = max(text.rfind('"""'), text.rfind("'''") if literal else -1)
                self._span = (min(firsts), last + 3)
            else:
                self._span = (-1, -1)
        return self._span

    def _in_strings(self, start: int, end: int) -> bool:
        """Whether ``start``-``end`` meets the span of the text's multi-line strings."""
        first, last = self._strings()
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
            name_at = where + 2 if text.startswith("[[", where) else where + 1
            if not text.startswith(steps[0], name_at) and text[name_at : name_at + 1] not in _OPEN:
                # A bare first name that is not the path's first: a header elsewhere
                # (or a value's line, as ``[1, 2],``), nothing below this element.
                continue
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
