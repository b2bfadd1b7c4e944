r"""Where each key of a TOML document is: a map from key paths to line numbers.

TOML parsers such as :mod:`tomli` give values without positions, but velfaerd
reports every load problem and every rule finding with the line of the key it is
about. :func:`locate` scans the TOML source text once, without parsing values, and
maps each key path to the line it is on.

A key path is written the way velfaerd reports it: keys joined with dots, array
elements as ``[index]``, for example ``agreements[0].milestones[2].due``. A key that
is not a bare key (``[A-Za-z0-9_-]+``) is written as a double-quoted string with
``\`` and ``"`` escaped, so ``"a.b" = 1`` is the one key ``"a.b"``.

The scanner is lenient: it never raises, reads malformed text as far as it can and
skips what it cannot read up to the next line, so that a file tomli rejects still
gets lines for the keys before and after the damage.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections.abc import Iterator, Mapping

__all__ = ["KeyLines", "header_key", "join_key", "locate", "table_lines"]

#: How deep arrays and inline tables may nest before the scanner gives up on a value.
#: Deeper nesting is skipped (to the next line), so Python's recursion limit is never hit.
_MAX_DEPTH = 100

#: Spaces and tabs (and the CR of a CRLF) inside a line.
_SPACE = re.compile(r"[ \t\r]*")
#: Spaces, newlines and comments: what may stand between array elements.
_BLANK = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_BARE = re.compile(r"[A-Za-z0-9_-]+")
#: The common ``key = `` of one bare key, read in one step.
_BARE_EQUALS = re.compile(r"([A-Za-z0-9_-]+)[ \t]*=[ \t]*")
#: A single-line basic string. An unterminated one ends at the end of its line.
_BASIC = re.compile(r'"[^"\\\n]*(?:\\[^\n][^"\\\n]*)*(")?')
#: A single-line literal string. An unterminated one ends at the end of its line.
_LITERAL = re.compile(r"'[^'\n]*(')?")
#: A multi-line basic string; up to two quotes may end its content. An unterminated
#: one runs to the end of the text. Each alternative starts differently, so the
#: pattern matches in linear time.
_ML_BASIC = re.compile(r'"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*(?:"{3,5})?')
_ML_LITERAL = re.compile(r"'''[^']*(?:'(?!'')[^']*)*(?:'{3,5})?")
#: Numbers, booleans, dates and times: anything up to a delimiter.
_SCALAR = re.compile(r"[^\s,\[\]{}#=\"']+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE_LENGTH = len("1979-05-27")
#: The time of a date-time written with a space, as in ``1979-05-27 07:32:00``.
_TIME_AFTER_SPACE = re.compile(r" [0-9]{2}:[^\s,\[\]{}#=\"']*")
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|x([0-9A-Fa-f]{2})|(.))", re.DOTALL)
_SIMPLE_ESCAPES = {
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    '"': '"',
    "\\": "\\",
}
_QUOTE = {ord("\\"): "\\\\", ord('"'): '\\"'} | {
    code: f"\\u{code:04X}" for code in (*range(0x20), 0x7F)
}
#: One segment of a key path: an index, or a key with its leading dot.
_PATH_SEGMENT = re.compile(r'\[[0-9]+\]|\.?(?:"(?:[^"\\]|\\.)*"|[^.\["]+)', re.DOTALL)


class KeyLines(Mapping[str, int]):
    """The 1-based line of each key path of a TOML document.

    A read-only mapping from key paths (``agreements[0].milestones[2].due``) to
    lines, made by :func:`locate`. Besides the mapping methods it has
    :meth:`nearest`, for paths of values that are not in the text (a missing key
    is reported at the line of the table that lacks it).

    :param lines: The line of each path.
    """

    __slots__ = ("_lines",)

    def __init__(self, lines: Mapping[str, int] | None = None) -> None:
        self._lines: dict[str, int] = dict(lines) if lines else {}

    def __getitem__(self, path: str) -> int:
        return self._lines[path]

    def __contains__(self, path: object) -> bool:
        return path in self._lines

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines)

    def __len__(self) -> int:
        return len(self._lines)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._lines!r})"

    def nearest(self, path: str) -> int | None:
        """The line of ``path`` or, failing that, of its nearest ancestor that has one.

        Ancestors are found by dropping the last ``.key`` or ``[index]`` segment
        again and again. The root, ``""``, has no line.

        :param path: A key path, such as ``agreements[0].milestones[2].due``.
        :returns: A 1-based line number, or ``None`` if no ancestor has a line.
        """
        line = self._lines.get(path)
        if line is not None:
            return line
        ends = _segment_ends(path)
        for end in reversed(ends[:-1]):
            line = self._lines.get(path[:end])
            if line is not None:
                return line
        return None


def _segment_ends(path: str) -> list[int]:
    """Where each segment of ``path`` ends; the last end is ``len(path)``."""
    ends: list[int] = []
    pos, size = 0, len(path)
    while pos < size:
        match = _PATH_SEGMENT.match(path, pos)
        if match is None:  # not a path velfaerd writes: take the rest as one segment
            ends.append(size)
            break
        pos = match.end()
        ends.append(pos)
    return ends


def _segment(name: str) -> str:
    """A key as a path segment: bare if it can be, else double-quoted."""
    if _BARE.fullmatch(name):
        return name
    return f'"{name.translate(_QUOTE)}"'


def join_key(path: str, name: str) -> str:
    """Append a key to a path, quoting it where it is not a bare key.

    >>> join_key("agreements[0]", "ti tle")
    'agreements[0]."ti tle"'
    """
    segment = _segment(name)
    return f"{path}.{segment}" if path else segment


def _unescape(match: re.Match[str]) -> str:
    digits = match.group(1) or match.group(2) or match.group(3)
    if digits:
        code = int(digits, 16)
        return chr(code) if code <= sys.maxunicode else match.group(0)
    return _SIMPLE_ESCAPES.get(match.group(4), match.group(0))


class _MalformedError(Exception):
    """The statement being read cannot be read; ``pos`` is where it went wrong."""

    def __init__(self, pos: int) -> None:
        super().__init__(pos)
        self.pos = pos


class _Table:
    """A table defined by a header or a dotted key: where later headers land."""

    __slots__ = ("children", "path")

    def __init__(self, path: str) -> None:
        self.path = path
        self.children: dict[str, _Table | _TableArray] = {}


class _TableArray:
    """An array of tables, defined by ``[[header]]`` lines."""

    __slots__ = ("items", "path")

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[_Table] = []


class _Scanner:
    """One pass over a TOML text, recording the line of each key path."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.size = len(text)
        self.newlines = [match.start() for match in re.finditer("\n", text)]
        self.lines: dict[str, int] = {}
        #: Paths whose line is only that of a descendant (``a`` in ``[a.b]``); an
        #: explicit definition found later (``[a]``) replaces it.
        self.implicit: set[str] = set()
        self.root = _Table("")
        self.table = self.root

    def line(self, pos: int) -> int:
        return bisect_left(self.newlines, pos) + 1

    def record(self, path: str, line: int, *, explicit: bool) -> None:
        if path not in self.lines:
            self.lines[path] = line
            if not explicit:
                self.implicit.add(path)
        elif explicit and path in self.implicit:
            self.lines[path] = line
            self.implicit.discard(path)

    def run(self) -> dict[str, int]:
        text, size = self.text, self.size
        pos = 1 if text.startswith("\ufeff") else 0
        while True:
            pos = self.blank(pos)
            if pos >= size:
                return self.lines
            start = pos
            try:
                pos = self.header(pos) if text[pos] == "[" else self.pair(pos)
            except _MalformedError as error:
                # Go on at the line where reading failed, unless that is the line the
                # statement started on: then at the next line, so the scan advances.
                resume = text.rfind("\n", 0, error.pos) + 1
                if resume <= start:
                    resume = self.next_line(start)
                pos = resume
            else:
                # Whatever follows a statement on its line is a comment or junk.
                pos = self.next_line(pos)

    def next_line(self, pos: int) -> int:
        end = self.text.find("\n", pos)
        return self.size if end < 0 else end + 1

    def space(self, pos: int) -> int:
        """Skip spaces and tabs."""
        match = _SPACE.match(self.text, pos)
        return pos if match is None else match.end()

    def blank(self, pos: int) -> int:
        """Skip spaces, tabs, newlines and comments."""
        match = _BLANK.match(self.text, pos)
        return pos if match is None else match.end()

    def key(self, pos: int) -> tuple[list[str], int]:
        """Read a dotted key at ``pos``: its parts and the position after it."""
        text = self.text
        parts: list[str] = []
        while True:
            pos = self.space(pos)
            char = text[pos] if pos < self.size else ""
            if char == '"':
                match = _BASIC.match(text, pos)
                if match is None or match.group(1) is None:
                    raise _MalformedError(pos)
                raw = text[pos + 1 : match.end() - 1]
                parts.append(_ESCAPE.sub(_unescape, raw) if "\\" in raw else raw)
            elif char == "'":
                match = _LITERAL.match(text, pos)
                if match is None or match.group(1) is None:
                    raise _MalformedError(pos)
                parts.append(text[pos + 1 : match.end() - 1])
            else:
                match = _BARE.match(text, pos)
                if match is None:
                    raise _MalformedError(pos)
                parts.append(match.group())
            pos = self.space(match.end())
            if pos < self.size and text[pos] == ".":
                pos += 1
                continue
            return parts, pos

    def descend(self, table: _Table, name: str, line: int) -> _Table:
        """The table ``name`` of ``table``, made (with ``line`` as its line) if new."""
        child = table.children.get(name)
        if isinstance(child, _TableArray) and child.items:
            return child.items[-1]  # [[a]] then [a.b]: ``b`` of the last ``a``
        if isinstance(child, _Table):
            return child
        new = _Table(join_key(table.path, name))
        table.children[name] = new
        self.record(new.path, line, explicit=False)
        return new

    def header(self, pos: int) -> int:
        """Read a ``[table]`` or ``[[array.of.tables]]`` header and enter its table."""
        text = self.text
        array = text.startswith("[[", pos)
        line = self.line(pos)
        names, end = self.key(pos + 2 if array else pos + 1)
        table = self.root
        for name in names[:-1]:
            table = self.descend(table, name, line)
        last = names[-1]
        child = table.children.get(last)
        if array:
            if not isinstance(child, _TableArray):
                child = _TableArray(join_key(table.path, last))
                table.children[last] = child
            self.record(child.path, line, explicit=True)
            element = _Table(f"{child.path}[{len(child.items)}]")
            child.items.append(element)
            self.table = element
        else:
            self.table = self.descend(table, last, line)
        self.record(self.table.path, line, explicit=True)
        return end

    def pair(self, pos: int) -> int:
        """Read a ``key = value`` line of the current table."""
        line = self.line(pos)
        table = self.table
        simple = _BARE_EQUALS.match(self.text, pos)
        if simple is not None:
            path = f"{table.path}.{simple.group(1)}" if table.path else simple.group(1)
            self.record(path, line, explicit=True)
            return self.value(simple.end(), path, 0)
        names, pos = self.key(pos)
        for name in names[:-1]:
            table = self.descend(table, name, line)
        path = join_key(table.path, names[-1])
        self.record(path, line, explicit=True)
        return self.value(self.equals(pos), path, 0)

    def equals(self, pos: int) -> int:
        """Skip the ``=`` after a key, and the spaces around it."""
        if pos >= self.size or self.text[pos] != "=":
            raise _MalformedError(pos)
        return self.space(pos + 1)

    def value(self, pos: int, path: str, depth: int) -> int:
        """Skip the value at ``pos``, recording the lines of the keys and elements in it."""
        text = self.text
        char = text[pos] if pos < self.size else ""
        if char == "[":
            return self.array(pos, path, depth + 1)
        if char == "{":
            return self.inline_table(pos, path, depth + 1)
        if char == '"':
            pattern = _ML_BASIC if text.startswith('"""', pos) else _BASIC
        elif char == "'":
            pattern = _ML_LITERAL if text.startswith("'''", pos) else _LITERAL
        else:
            pattern = _SCALAR
        match = pattern.match(text, pos)
        if match is None:
            raise _MalformedError(pos)
        end = match.end()
        if end - pos == _DATE_LENGTH and _DATE.match(text, pos):
            time = _TIME_AFTER_SPACE.match(text, end)
            if time is not None:
                end = time.end()
        return end

    def array(self, pos: int, path: str, depth: int) -> int:
        if depth > _MAX_DEPTH:
            raise _MalformedError(pos)
        text, size = self.text, self.size
        pos += 1
        index = 0
        while True:
            pos = self.blank(pos)
            if pos >= size:
                return pos
            if text[pos] == "]":
                return pos + 1
            element = f"{path}[{index}]"
            self.record(element, self.line(pos), explicit=True)
            pos = self.blank(self.value(pos, element, depth))
            index += 1
            if pos >= size:
                return pos
            if text[pos] == "]":
                return pos + 1
            if text[pos] != ",":
                raise _MalformedError(pos)
            pos += 1

    def inline_table(self, pos: int, path: str, depth: int) -> int:
        if depth > _MAX_DEPTH:
            raise _MalformedError(pos)
        text, size = self.text, self.size
        pos += 1
        while True:
            # Newlines and comments are allowed here from TOML 1.1 on.
            pos = self.blank(pos)
            if pos >= size:
                return pos
            if text[pos] == "}":
                return pos + 1
            line = self.line(pos)
            simple = _BARE_EQUALS.match(text, pos)
            if simple is not None:
                key_path = f"{path}.{simple.group(1)}" if path else simple.group(1)
                self.record(key_path, line, explicit=True)
                pos = self.value(simple.end(), key_path, depth)
            else:
                pos = self.value(*self.inline_key(pos, path, line), depth)
            pos = self.blank(pos)
            if pos >= size:
                return pos
            if text[pos] == "}":
                return pos + 1
            if text[pos] != ",":
                raise _MalformedError(pos)
            pos += 1

    def inline_key(self, pos: int, path: str, line: int) -> tuple[int, str]:
        """Read a key of an inline table, and its ``=``: where its value is, and its path."""
        names, pos = self.key(pos)
        key_path = path
        for name in names[:-1]:
            key_path = join_key(key_path, name)
            self.record(key_path, line, explicit=False)
        key_path = join_key(key_path, names[-1])
        self.record(key_path, line, explicit=True)
        return self.equals(pos), key_path


class _TableScanner(_Scanner):
    """A scanner of one table's own lines: from its header to the next header.

    Lines are counted from the header's position, not looked up in a list of every
    newline of the text: the table is read without reading the rest of the file.
    """

    def __init__(self, text: str, start: int, line: int, path: str) -> None:
        # Not the scanner's __init__: it lists every newline of the text.
        self.text = text
        self.size = len(text)
        self.lines = {}
        self.implicit = set()
        self.root = _Table("")
        self.table = _Table(path)
        self.start = start
        self.start_line = line

    def line(self, pos: int) -> int:
        return self.start_line + self.text.count("\n", self.start, pos)

    def own(self) -> tuple[dict[str, int] | None, int]:
        """The lines of the table's own keys (``None`` if its text is malformed).

        And where reading stopped.
        """
        text, size = self.text, self.size
        pos = self.next_line(self.start)  # the header's line holds nothing else
        while True:
            pos = self.blank(pos)
            if pos >= size or text[pos] == "[":
                return self.lines, pos
            try:
                pos = self.pair(pos)
            except _MalformedError as error:
                return None, error.pos
            pos = self.next_line(pos)


def table_lines(text: str, start: int, line: int, path: str) -> tuple[dict[str, int] | None, int]:
    r"""The lines :func:`locate` gives the keys of one table, reading only that table.

    ``start`` is where the table's header is in ``text`` (its ``[``), ``line`` that
    header's line and ``path`` the table's key path. The table's own lines are read,
    up to the next header: its keys, and everything in their values (inline tables,
    arrays), as :func:`locate` reads them. Tables defined by later headers are not
    read. ``None`` if the table's text is malformed. Also returns where reading
    stopped (what it cost is the text up to there).

    >>> text = "[[a]]\nx = 1\n[[a]]\ny = { z = [2] }\n[b]\n"
    >>> lines, end = table_lines(text, text.index("[[a]]", 1), 3, "a[1]")
    >>> lines, text[end:]
    ({'a[1].y': 4, 'a[1].y.z': 4, 'a[1].y.z[0]': 4}, '[b]\n')
    """
    return _TableScanner(text, start, line, path).own()


#: The end of a header: spaces, then a comment or the end of the line.
_HEADER_END = re.compile(r"[ \t]*(?:#[^\n]*)?(?:\r?\n|\Z)")


def header_key(text: str, pos: int) -> tuple[list[str], bool] | None:
    r"""The key of the header at ``pos`` (its ``[``), and whether it is ``[[...]]``.

    ``None`` unless the line is a well-formed header: brackets, a key, the closing
    brackets, and nothing but spaces or a comment after them.

    >>> header_key('[[ a."b.c" ]] # x\n', 0)
    (['a', 'b.c'], True)
    >>> header_key("[a, b]\n", 0) is None
    True
    """
    array = text.startswith("[[", pos)
    scanner = _TableScanner(text, pos, 0, "")
    try:
        names, end = scanner.key(pos + 2 if array else pos + 1)
    except _MalformedError:
        return None
    closing = "]]" if array else "]"
    if not text.startswith(closing, end) or _HEADER_END.match(text, end + len(closing)) is None:
        return None
    return names, array


def locate(text: str) -> KeyLines:
    """Find the line of every key, table and array element in a TOML text.

    The text is read once, in time linear in its length. It need not be valid
    TOML: what cannot be read is skipped to the next line, and whatever was found
    is returned. This function never raises.

    >>> lines = locate('''format = 1
    ...
    ... [[agreements]]
    ... id = "a-1"
    ... parties = [
    ...   "byraadet",
    ...   "auraskolen",
    ... ]
    ... ''')
    >>> lines.get("agreements[0].id")
    4
    >>> lines.get("agreements[0].parties[1]")
    7
    >>> lines.nearest("agreements[0].milestones[2].due")
    3
    >>> lines.get("agreements[1]") is None
    True

    :param text: The TOML source text (a leading byte order mark is skipped).
    :returns: The line of each key path found.
    """
    return KeyLines(_Scanner(text).run())
