"""The lines of a few key paths, found without reading the whole file.

:func:`~velfaerd.format._locate.locate` reads every key of a file in Python: for a
large file that costs about what parsing it costs, and its map of every key is larger
than the parsed data. A check with a few findings needs the lines of a few objects.
:class:`Placer` finds those at a cost that grows with the findings, not with the file:

- the headers of a top-level array of tables (``[[agreements]]``) are found with
  ``bytes.rfind``, at C speed, once (from the end: CPython's ``rfind`` reads a text
  for a header, or for a triple quote, two to three times as fast as ``find``);
- an element of an array below it (``[[agreements.milestones]]``) is found among the
  headers in its parent element's text only (from the parent's header to the next
  element's): they are counted there, and the n-th is found from the nearer end;
- a key's line is found with ``bytes.find`` in its element's own lines, where that is
  certain (:meth:`Placer.key`); all keys of an element are read from its own lines
  (:func:`~velfaerd.format._locate.table_lines`: the scanner of :func:`locate`, on a
  few lines), and its sub-tables from the headers between it and the next element;
- lines are counted from the header of the top-level element a position is in, or
  from the next one: the lines of those headers are counted once, in order, as far as
  the asks reach;
- a path asked for one key only (what most findings ask) is walked without keeping
  the walk (:meth:`Placer._key`);
- what the headers cannot place is read from the top-level element it is in, scanned
  alone (:meth:`Placer._scanned`), where that element is a small part of the text.

The text is the file's UTF-8 bytes (all that is searched for is ASCII): nothing is
decoded but the few elements whose keys are read one by one.

It places a path only where the answer is provably the one :func:`locate` gives, and
says ``None`` otherwise, so that the caller scans the file as before. What it relies
on, and checks:

- every element of an array of tables it walks is a header written the plain way
  (``[[a.b]]`` at the start of a line): the text has as many such headers as the
  parsed data has elements (``counts``, counted by the loader for each array in each
  parent element): a top-level array's in the whole text, an array below it in its
  parent element's text. An element written as an inline table, or a header written
  with spaces or quotes, makes the counts differ;
- none of those headers, and no line it reads, is inside a multi-line string: such a
  line is no header, and could make up the count for an element written otherwise.
  The headers are outside them all if none is between the first and the last
  ``\"\"\"`` or ``'''``, or if each part of the text before a header that has one
  parses alone (a string that part opened and left open would not). A table's own
  lines, from a header outside them, are if no ``\"\"\"`` or ``'''`` is in them (with
  too many to list, if they are not between the first and the last);
- a header whose parts are ordinary names (not numbers, dates or booleans) cannot be a
  value in a multi-line array.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

import tomli

from velfaerd.format._locate import KeyLines, header_key, locate, table_lines

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["ASK_COST", "Placer"]

#: What one line or one object's keys cost to place, besides the tables read for it:
#: about what a full scan spends on this many characters (walking the path, finding
#: the headers, counting the lines before them).
ASK_COST = 200

#: How many times faster a regular expression reads a text than the scanner, and
#: ``bytes.count`` or ``bytes.find`` (at least a gigabyte a second; the scanner reads
#: under ten megabytes): what the placer is charged for the text it searches.
C_SPEED = 10
FIND_SPEED = 100

#: One step of a key path through an array of tables: ``name[index]``.
_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)\[([0-9]+)\]")
#: Names that a value can be written as: ``[[true]]`` may be a line of an array.
_VALUE_WORDS = frozenset({"true", "false", "inf", "nan"})
#: At most this many ``\"\"\"`` and ``'''`` are told apart; with more, the text from the
#: first to the last is not trusted.
MAX_QUOTES = 256
#: The largest share of the text that the parts holding them may have to be parsed
#: alone (:meth:`Placer._closed`).
QUOTED_SHARE = 1 / 8

#: The largest share of the text that one top-level element may have to be scanned
#: alone when its lines cannot be placed from headers (:meth:`Placer._scanned`).
SCANNED_SHARE = 1 / 16

#: How much of an element's text is decoded first to read its own keys (more only
#: if they go on past it).
OWN_PART = 64 * 1024

#: Where a line begins with ``[``, after spaces: a header, or a value's line.
_BRACKET_LINE = re.compile(rb"\n[ \t]*\[")
#: What ends a key's name before its value: spaces, then ``=``.
_EQUALS = re.compile(rb"[ \t]*=")
_BOM = "\ufeff".encode()

#: Where a walk led: the element's header, where the text that can add to it ends
#: (the next element's header, or its parent's end), how much of the path names it;
#: and the top-level element it is in: the headers of its array, the lines of as many
#: of them as were counted, and its index (lines are counted from those headers).
_Walked = tuple[int, int, int, list[int], list[int], int]
_NOT_WALKED: _Walked = (-1, -1, -1, [], [], -1)
_UNLISTED: tuple[list[int], list[int]] = ([], [])


class Placer:
    """Exact lines of the elements of arrays of tables, and of their keys, on demand.

    :param text: A TOML text that parsed (the placer trusts it to be valid TOML), or
        its UTF-8 bytes.
    :param counts: How many elements each array of tables of the parsed data has, by
        the array's key path (``"agreements"``, ``"agreements[3].milestones"``).
    """

    __slots__ = (
        "_arrays",
        "_counts",
        "_headed",
        "_headers",
        "_keys",
        "_names",
        "_needles",
        "_quotes",
        "_region",
        "_span",
        "_start",
        "_table",
        "_text",
        "_walks",
        "cost",
    )

    def __init__(self, text: str | bytes, counts: Mapping[str, int]) -> None:
        """Hold ``text``; nothing is read yet."""
        self._text = text.encode() if isinstance(text, str) else text
        self._counts = counts
        self._start = len(_BOM) if self._text.startswith(_BOM) else 0
        #: The positions of the headers of each top-level array (``None``: they are
        #: not all its elements), and the lines of as many of them as were asked for.
        self._headers: dict[str, tuple[list[int], list[int]] | None] = {}
        #: Each array below the top level that was looked in: how many elements it has
        #: (``-1``: they are not all headers in its parent's text); for one looked in
        #: again, where their headers are.
        self._arrays: dict[str, int | list[int]] = {}
        #: What is searched for: ``\n[[key]]``, the header of each array, by its key;
        #: and ``\nname``, the start of a key's line, by the key's name.
        self._needles: dict[str, bytes] = {}
        self._names: dict[str, bytes] = {}
        #: The lines that may be headers below an element, by its array's top-level key.
        self._headed: dict[bytes, re.Pattern[bytes]] = {}
        self._span: tuple[int, int] | None = None
        self._quotes: list[int] | None = None
        #: Each path walked, and where it led: the line and a key of one object, or
        #: findings of several rules on it, walk it once (as many as the asks).
        self._walks: dict[str, _Walked | None] = {}
        #: The lines of single keys found (:meth:`key`), by path and name.
        self._keys: dict[tuple[str, str], int | None] = {}
        #: The last element whose own keys were read: where, and their lines.
        self._table: tuple[int, dict[str, int] | None] = (-1, None)
        #: The last top-level element scanned alone: where, and its lines.
        self._region: tuple[int, KeyLines | None] = (-1, None)
        #: What the lines placed so far cost, in characters a full scan reads in the
        #: same time: the caller scans the file instead once this nears its length.
        self.cost = 0

    def line(self, path: str) -> int | None:
        """The line :func:`locate` gives ``path``, or ``None`` if it cannot say here."""
        walked = self._walked(path)
        if walked is None:
            return None
        line = self._placed(path, walked)
        if line is None:
            scanned = self._scanned(path, walked)
            if scanned is not None:
                lines, local, offset = scanned
                found = lines.get(local)
                line = None if found is None else found + offset
        return line

    def _placed(self, path: str, walked: _Walked) -> int | None:
        at, end, done, _, _, _ = walked
        if done == len(path):
            return self._line(at, walked)
        own = self._own(at, end, path[:done], walked)
        return None if own is None else own.get(path)

    def keys(self, path: str, names: tuple[str, ...]) -> dict[str, int] | None:
        """The line of each of ``names`` below ``path`` that :func:`locate` finds.

        ``None`` if it cannot say here.
        """
        walked = self._walked(path)
        if walked is None:
            return None
        found = self._placed_keys(path, names, walked)
        if found is None:
            scanned = self._scanned(path, walked)
            if scanned is not None:
                lines, local, offset = scanned
                found = {name: line + offset for name, line in _found(lines, local, names).items()}
        return found

    def _placed_keys(
        self, path: str, names: tuple[str, ...], walked: _Walked
    ) -> dict[str, int] | None:
        at, end, done, _, _, _ = walked
        own = self._own(at, end, path[:done], walked)
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
                    below = self._below(at, end, path, walked)
                    if below is None:
                        return None
                line = below.get(name)
            if line is not None:
                found[name] = line
        return found

    def _scanned(self, path: str, walked: _Walked) -> tuple[KeyLines, str, int] | None:
        """The top-level element ``path`` is in, scanned alone, where the rest cannot say.

        What :func:`locate` finds in the text from the element's header to the next
        element's is what it finds for the element in the whole text: nothing before
        that text can add to the element, nothing after it can (a later header adds to
        a later element), and no multi-line string reaches into or out of it (its
        header and the next are outside them all). Returns the lines found, ``path``
        as it is named there (the element is the first of its array), and what to add
        to a line there. ``None`` if the element's text is a large share of the whole
        (then the whole is scanned once, for all).
        """
        _, _, _, headers, lines, index = walked
        start = headers[index]
        end = headers[index + 1] if index + 1 < len(headers) else len(self._text)
        if end - start > len(self._text) * SCANNED_SHARE:
            return None
        step = _STEP.match(path)
        if step is None:  # pragma: no cover - the walk began with a step
            return None
        local = f"{step.group(1)}[0]{path[step.end() :]}"
        last, scanned = self._region
        if last != start or scanned is None:
            self.cost += end - start
            scanned = locate(self._text[start:end].decode("utf-8"))
            self._region = (start, scanned)
        return scanned, local, self._header_line(headers, lines, index) - 1

    def key(self, path: str, name: str) -> int | None:
        """The line :func:`locate` gives the key ``name`` of the element at ``path``.

        Found at C speed in the element's own lines, where that is certain to give the
        scanner's answer: those lines hold no multi-line string and no inline table
        (``{``: one may span lines, and its keys begin lines too), so a line that
        begins with ``name =`` is the key's. ``None`` when it cannot say so here (the
        key is written otherwise, is absent, or is below): the caller asks :meth:`keys`.
        """
        found = self._keys.get((path, name), 0)  # asked again (by another rule, or check)
        if found == 0:  # no line is 0
            found = self._keys[path, name] = self._key(path, name)
        return found

    def _key(self, path: str, name: str) -> int | None:
        """:meth:`key`, for a path not asked before (most findings' are not).

        Its walk is kept only if it was made for another ask: most paths are asked once.
        """
        walked = self._walked(path, keep=False)
        if walked is None:
            return None
        at, end, done, _, _, _ = walked
        if done < len(path):
            return None
        text = self._text
        # Its own lines end where a line begins with ``[``: a header (or, in a value
        # that spans lines, an element of an array, which ends them early: no harm).
        stop = _BRACKET_LINE.search(text, at + 1, end)
        stop_at = end if stop is None else stop.start()
        self.cost += (stop_at - at) // C_SPEED
        # A key written without spaces before it, as most are (else: :meth:`keys`).
        needle = self._names.get(name)
        if needle is None:
            needle = self._names[name] = b"\n" + name.encode()
        size = len(needle)
        found = text.find(needle, at, stop_at)
        # ``=`` after it, after spaces (most are written ``key = ``).
        while found >= 0 and not (
            text.startswith(b" = ", found + size) or _EQUALS.match(text, found + size)
        ):
            found = text.find(needle, found + size, stop_at)
        # Nothing before it may hide a key or make one (:meth:`_in_strings` asked only
        # where the text has multi-line strings: the walk listed them).
        quotes = self._quotes
        if (
            found < 0
            or text.find(b"{", at, found) >= 0
            or ((quotes is None or quotes) and self._in_strings(at, found))
        ):
            return None
        return self._line(found + 1, walked)

    def _own(self, at: int, end: int, path: str, walked: _Walked) -> dict[str, int] | None:
        """The lines of the own keys of the element at ``at`` (kept for the next ask).

        Its text up to ``end`` (the next element) is decoded a part at a time: a part
        is enough when reading stops in it, at a line that begins with ``[``, every
        statement before it read whole (a value cut short runs to the part's end).
        """
        last, lines = self._table
        if last != at:
            line = self._line(at, walked)
            text = self._text
            part = text.rfind(b"\n", at, at + OWN_PART) + 1 if end - at > OWN_PART else end
            if part <= at:  # no line ends in the first part
                part = end
            while True:
                lines, stop = table_lines(text[at:part].decode("utf-8"), 0, line, path)
                if part >= end or (lines is not None and stop < part - at):
                    break
                part = end
            self.cost += stop
            self._table = (at, lines)
        return lines

    def _walked(self, path: str, *, keep: bool = True) -> _Walked | None:
        """:meth:`_walk`, once for each path asked for (kept for the next ask if ``keep``)."""
        self.cost += ASK_COST
        walked = self._walks.get(path, _NOT_WALKED)
        if walked is _NOT_WALKED:
            walked = self._walk(path)
            if keep:
                self._walks[path] = walked
        return walked

    def _walk(self, path: str) -> _Walked | None:
        """Follow ``path`` through arrays of tables written as headers.

        ``None`` if not even the first step is such an element.
        """
        step = _STEP.match(path)
        if step is None:
            return None
        key, number = step.group(1, 2)
        top = self._headers.get(key, _UNLISTED)
        if top is _UNLISTED:
            top = self._top(key)
        if top is None:
            return None
        headers, lines = top
        first = int(number)
        if first >= len(headers):
            return None
        at = headers[first]
        end = headers[first + 1] if first + 1 < len(headers) else len(self._text)
        done = step.end()
        while path.startswith(".", done):
            step = _STEP.match(path, done + 1)
            if step is None or step.group(1) in _VALUE_WORDS:
                break
            name, number = step.group(1, 2)
            key = f"{key}.{name}"
            placed = self._nth(path[: step.end(1)], key, int(number), at, end)
            if placed is None:
                break
            at, end = placed
            if at < 0:
                return None
            done = step.end()
        return (at, end, done, headers, lines, first)

    def _needle(self, key: str) -> bytes:
        """The header ``[[key]]`` at the start of a line, with the newline before it."""
        needle = self._needles.get(key)
        if needle is None:
            needle = self._needles[key] = f"\n[[{key}]]".encode()
        return needle

    def _top(self, key: str) -> tuple[list[int], list[int]] | None:
        """The headers of the top-level array ``key``, if they are all its elements.

        The text has as many headers ``[[key]]`` at a line's start as the data has
        elements, and none of them is among the multi-line strings. Found at C speed,
        once (its callers look in :attr:`_headers` first); with them, a list for the
        lines of as many as are counted.
        """
        if key in _VALUE_WORDS:
            self._headers[key] = None
            return None
        expected = self._counts.get(key, 0)
        found = _positions(self._text, self._needle(key), 0, len(self._text), expected + 1)
        if self._text.startswith(self._needle(key)[1:], self._start):
            found.insert(0, self._start)
        trusted = 0 < len(found) == expected
        if trusted:
            # None among the multi-line strings: none between the first and the last
            # (at C speed), or else every part before a header closes those it opens.
            first, last = self._strings()
            quotes = self._quotes
            trusted = (
                first < 0
                or self._text.find(self._needle(key), first, last) < 0
                or (quotes is not None and self._closed(found, quotes))
            )
        top = self._headers[key] = (found, []) if trusted else None
        return top

    def _closed(self, headers: list[int], quotes: list[int]) -> bool:
        """Whether no multi-line string reaches past the headers that follow them.

        The text before each header (from the one before, or from its start) that has
        a ``\"\"\"`` or ``'''`` must parse alone: a multi-line string it opens and does
        not close would leave it open. (A part without them opens none.) Those parts
        are parsed only while they are a small share of the text.
        """
        text = self._text
        starts = [0, *headers]
        parts = sorted({bisect_right(headers, quote) for quote in quotes} - {len(headers)})
        size = sum(starts[part + 1] - starts[part] for part in parts)
        if size > len(text) * QUOTED_SHARE:
            return False
        self.cost += size
        try:
            for part in parts:
                tomli.loads(text[starts[part] : starts[part + 1]].decode("utf-8").lstrip("\ufeff"))
        except (tomli.TOMLDecodeError, RecursionError):
            return False
        return True

    def _nth(
        self, array: str, key: str, index: int, start: int, end: int
    ) -> tuple[int, int] | None:
        """Where element ``index`` of ``array`` is, and where the text adding to it ends.

        ``array`` is below the top level, in the parent element from ``start`` to
        ``end``; its key is ``key``. ``None`` if its headers there are not all its
        elements; ``(-1, -1)`` if it has no such element.
        """
        text = self._text
        known = self._arrays.get(array)
        if known is None:  # looked in first: count its headers there
            count = self._counts.get(array, 0)
            self.cost += (end - start) // FIND_SPEED
            needle = self._needles.get(key) or self._needle(key)
            if (
                count <= 0
                or self._in_strings(start, end)
                or text.count(needle, start, end) != count
            ):
                count = -1
            self._arrays[array] = count
            return None if count < 0 else _nth(text, needle, index, count, (start, end))
        if isinstance(known, int):
            if known < 0:
                return None
            # Looked in again (another of its elements): list its headers, once.
            known = self._arrays[array] = _positions(text, self._needle(key), start, end, known)
        if index >= len(known):
            return (-1, -1)
        return known[index], known[index + 1] if index + 1 < len(known) else end

    def _strings(self) -> tuple[int, int]:
        """Where the text's multi-line strings begin and end, at the widest (or -1).

        Also lists where each ``\"\"\"`` and ``'''`` is (:attr:`_quotes`; ``None`` if
        there are more than :data:`MAX_QUOTES`).
        """
        if self._span is None:
            text = self._text
            # A text without ``'`` (most) has no ``'''``: one byte is found at memchr's
            # speed, three at a fifth of it (a pass less over a large file).
            literal = b"'" in text
            basic = _quotes(text, b'"""')
            literals = _quotes(text, b"'''") if literal else []
            quotes = basic + literals
            if len(quotes) > MAX_QUOTES:
                # Each kind was listed from its last; the first is found from the start.
                starts = [
                    text.find(q) for q, found in ((b'"""', basic), (b"'''", literals)) if found
                ]
                first = min(starts)
                self._span = (first, max(quotes) + 3)
            else:
                quotes.sort()
                self._quotes = quotes
                self._span = (quotes[0], quotes[-1] + 3) if quotes else (-1, -1)
        return self._span

    def _in_strings(self, start: int, end: int) -> bool:
        """Whether a multi-line string may be in ``start``-``end``.

        ``start`` is outside them all (an element's header, found as such): one that
        reaches into the text begins there, at a ``\"\"\"`` or ``'''``. With too many
        of those to list, whether the text meets the span from the first to the last.
        """
        first, last = self._span or self._strings()
        quotes = self._quotes
        if not quotes:  # none (most texts), or too many to list
            return quotes is None and first >= 0 and start < last and first <= end
        index = bisect_left(quotes, start)
        return index < len(quotes) and quotes[index] < end

    def _below(self, at: int, end: int, path: str, walked: _Walked) -> dict[str, int] | None:
        """The lines of the keys of the element at ``at`` that later headers define.

        Read from the headers between ``at`` and ``end`` (the next element), as
        :func:`locate` records them: a key's own header (``[path.key]``,
        ``[[path.key]]``) the first time it is there; otherwise the first header
        below it (``[path.key.deeper]``). ``None`` if a header there cannot be read.
        """
        if self._in_strings(at, end):
            return None
        text = self._text
        steps = [step.group(1) for step in _STEP.finditer(path)]
        first = steps[0].encode()
        depth = len(steps)  # each step of the path is one part of a header
        found: dict[str, int] = {}
        own: set[str] = set()
        counted, line = at, self._line(at, walked)
        self.cost += (end - at) // C_SPEED
        # Only lines whose name begins as the path's first (or is not bare): a bare
        # first name that is not the path's is a header elsewhere (or a value's line,
        # as ``[1, 2],``), nothing below this element.
        pattern = self._headed.get(first)
        if pattern is None:
            pattern = self._headed[first] = re.compile(
                rb"\n[ \t]*(\[\[?)(?=" + re.escape(first) + rb"|[\"' \t])"
            )
        for match in pattern.finditer(text, at, end):
            where = match.start(1)
            ends = text.find(b"\n", where, end)
            header = header_key(text[where : end if ends < 0 else ends + 1].decode("utf-8"), 0)
            if header is None:
                return None
            parts, _ = header
            if len(parts) <= depth or parts[:depth] != steps:
                continue
            name = parts[depth]
            if name in own or (len(parts) > depth + 1 and name in found):
                continue
            if len(parts) == depth + 1:
                own.add(name)
            # Counted on from the last header placed: the headers come in order.
            line += text.count(b"\n", counted, where)
            counted = where
            found[name] = line
        return found

    def _line(self, pos: int, walked: _Walked) -> int:
        """The line of ``pos``, in the element ``walked`` led to.

        Counted from the nearer of the headers of the top-level element it is in and of
        the next one, whose lines are counted in order as far as asked.
        """
        _, _, _, headers, lines, index = walked
        at = headers[index]
        after = index + 1
        if after < len(headers) and headers[after] - pos < pos - at:
            before = self._text.count(b"\n", pos, headers[after])
            return self._header_line(headers, lines, after) - before
        return self._header_line(headers, lines, index) + self._text.count(b"\n", at, pos)

    def _header_line(self, headers: list[int], lines: list[int], index: int) -> int:
        """The line of ``headers[index]``, counting those of the headers before it."""
        if index >= len(lines):
            count = self._text.count
            if not lines:
                lines.append(1 + count(b"\n", 0, headers[0]))
            line = lines[-1]
            for known in range(len(lines), index + 1):
                line += count(b"\n", headers[known - 1], headers[known])
                lines.append(line)
        return lines[index]


def _quotes(text: bytes, quote: bytes) -> list[int]:
    """Where ``quote`` is in ``text``, the last first (no more than one past :data:`MAX_QUOTES`).

    Found from the end: ``bytes.rfind`` reads a text without them 2-3× as fast as ``find``.
    """
    found: list[int] = []
    rfind, back = text.rfind, len(quote) - 1
    at = rfind(quote)
    while at >= 0 and len(found) <= MAX_QUOTES:
        found.append(at)
        at = rfind(quote, 0, at + back)  # the one before, even where they overlap
    return found


def _positions(text: bytes, needle: bytes, start: int, end: int, most: int) -> list[int]:
    """Where the lines that begin with ``needle[1:]`` between ``start`` and ``end`` begin.

    The last ``most`` of them at most, in order: found from the end, as :func:`_quotes`
    (a header's newline is rarer than its last byte, which ``bytes.find`` looks at).
    """
    found: list[int] = []
    rfind = text.rfind
    at = rfind(needle, start, end)
    while at >= 0 and len(found) < most:
        found.append(at + 1)
        at = rfind(needle, start, at)
    found.reverse()
    return found


def _nth(
    text: bytes, needle: bytes, index: int, count: int, span: tuple[int, int]
) -> tuple[int, int]:
    """Where the line ``index`` of the ``count`` in ``span`` that begin with ``needle[1:]`` is.

    And where the next begins (else the span's end). Found from the nearer end of the
    span; ``(-1, -1)`` if ``index`` is not below ``count``.
    """
    if index >= count:
        return (-1, -1)
    start, end = span
    step = len(needle)
    if 2 * index < count:
        at = text.find(needle, start, end)
        for _ in range(index):
            at = text.find(needle, at + step, end)
        after = text.find(needle, at + step, end)
        return at + 1, end if after < 0 else after + 1
    after = end
    at = text.rfind(needle, start, end)
    for _ in range(count - 1 - index):
        after = at + 1
        at = text.rfind(needle, start, at)
    return at + 1, after


def _found(lines: Mapping[str, int], path: str, names: tuple[str, ...]) -> dict[str, int]:
    """The line of each of ``names`` below ``path`` in ``lines``."""
    found: dict[str, int] = {}
    for name in names:
        line = lines.get(f"{path}.{name}")
        if line is not None:
            found[name] = line
    return found
