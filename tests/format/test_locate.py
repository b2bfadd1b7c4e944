"""Tests for velfaerd.format._locate: the key path to line map over TOML text."""

from __future__ import annotations

import datetime as dt
import doctest
import re
from typing import TYPE_CHECKING

import pytest
import tomli
from hypothesis import given
from hypothesis import strategies as st
from tests._documents import DATA
from tests._hypothesis import scaled

import velfaerd.format._locate
from velfaerd.format._locate import KeyLines, locate

if TYPE_CHECKING:
    from collections.abc import Iterator

BARE = re.compile(r"[A-Za-z0-9_-]+")


def escape(text: str) -> str:
    """``text`` with the escapes velfaerd writes in a quoted path segment."""
    return "".join(
        "\\\\"
        if char == "\\"
        else '\\"'
        if char == '"'
        else f"\\u{ord(char):04X}"
        if ord(char) < 0x20 or ord(char) == 0x7F
        else char
        for char in text
    )


def segment(name: str) -> str:
    """A key as velfaerd writes it in a path."""
    return name if BARE.fullmatch(name) else f'"{escape(name)}"'


def join(path: str, name: str) -> str:
    return f"{path}.{segment(name)}" if path else segment(name)


def paths(value: object, path: str = "") -> Iterator[str]:
    """Every key path in data parsed by tomli."""
    if isinstance(value, dict):
        for name, child in value.items():
            child_path = join(path, name)
            yield child_path
            yield from paths(child, child_path)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            child_path = f"{path}[{index}]"
            yield child_path
            yield from paths(child, child_path)


def lines_of(text: str) -> dict[str, int]:
    return dict(locate(text))


# --- hand-written cases ----------------------------------------------------------------


ARRAYS_OF_TABLES = """\
format = 1

[municipality]
name = "Esbjerg Kommune"

[[agreements]]
id = "a-1"

[agreements.municipality]
name = "x"

[[agreements.milestones]]
due = 2024-01-01

[[agreements.milestones]]
due = 2024-02-01

[[agreements]]
id = "a-2"

[[agreements.milestones]]
due = 2025-01-01
"""


def test_arrays_of_tables_and_their_sub_tables() -> None:
    assert lines_of(ARRAYS_OF_TABLES) == {
        "format": 1,
        "municipality": 3,
        "municipality.name": 4,
        "agreements": 6,
        "agreements[0]": 6,
        "agreements[0].id": 7,
        "agreements[0].municipality": 9,
        "agreements[0].municipality.name": 10,
        "agreements[0].milestones": 12,
        "agreements[0].milestones[0]": 12,
        "agreements[0].milestones[0].due": 13,
        "agreements[0].milestones[1]": 15,
        "agreements[0].milestones[1].due": 16,
        "agreements[1]": 18,
        "agreements[1].id": 19,
        "agreements[1].milestones": 21,
        "agreements[1].milestones[0]": 21,
        "agreements[1].milestones[0].due": 22,
    }


def test_nested_arrays_of_tables_three_deep() -> None:
    text = "[[a]]\n[[a.b]]\n[[a.b.c]]\nx = 1\n[[a.b.c]]\n[[a.b]]\n[[a.b.c]]\ny = 2\n[[a]]\n"
    assert lines_of(text) == {
        "a": 1,
        "a[0]": 1,
        "a[0].b": 2,
        "a[0].b[0]": 2,
        "a[0].b[0].c": 3,
        "a[0].b[0].c[0]": 3,
        "a[0].b[0].c[0].x": 4,
        "a[0].b[0].c[1]": 5,
        "a[0].b[1]": 6,
        "a[0].b[1].c": 7,
        "a[0].b[1].c[0]": 7,
        "a[0].b[1].c[0].y": 8,
        "a[1]": 9,
    }


def test_nested_tables_and_a_parent_defined_after_its_child() -> None:
    text = '[tool.x]\nk = 1\n\n[tool.x.deep.er]\nm = 2\n\n[tool]\nname = "t"\n'
    assert lines_of(text) == {
        "tool": 7,  # the explicit header wins over the implicit mention on line 1
        "tool.x": 1,
        "tool.x.k": 2,
        "tool.x.deep": 4,
        "tool.x.deep.er": 4,
        "tool.x.deep.er.m": 5,
        "tool.name": 8,
    }


def test_inline_tables_in_a_multi_line_array() -> None:
    text = """\
[[policies]]
id = "bu"
themes = [
  { id = "faellesskaber", name = "Sunde fællesskaber" },
  # a comment between elements
  { id = "udsatte", name = "Børn i udsatte positioner" },
]
"""
    lines = locate(text)
    assert lines.get("policies[0].themes") == 3
    assert lines.get("policies[0].themes[0]") == 4
    assert lines.get("policies[0].themes[0].name") == 4
    assert lines.get("policies[0].themes[1]") == 6
    assert lines.get("policies[0].themes[1].name") == 6
    assert lines.get("policies[0].themes[2]") is None


def test_nested_inline_tables() -> None:
    text = 'a = { b = { c = 1, d = [ { e = "}" }, {} ] }, f.g = 2 }\nz = 0\n'
    assert lines_of(text) == {
        "a": 1,
        "a.b": 1,
        "a.b.c": 1,
        "a.b.d": 1,
        "a.b.d[0]": 1,
        "a.b.d[0].e": 1,
        "a.b.d[1]": 1,
        "a.f": 1,
        "a.f.g": 1,
        "z": 2,
    }


def test_inline_tables_spanning_lines_inside_a_multi_line_array() -> None:
    # Newlines inside inline tables are TOML 1.1, which tomli reads.
    text = """\
steps = [
  {
    id = "one",  # a comment
    actor = { kind = "council",
              name = "Byrådet" },
  },
  { id = "two" }
]
after = true
"""
    data = tomli.loads(text)
    lines = locate(text)
    assert set(lines) == set(paths(data))
    assert lines.get("steps[0]") == 2
    assert lines.get("steps[0].id") == 3
    assert lines.get("steps[0].actor") == 4
    assert lines.get("steps[0].actor.kind") == 4
    assert lines.get("steps[0].actor.name") == 5
    assert lines.get("steps[1]") == 7
    assert lines.get("steps[1].id") == 7
    assert lines.get("after") == 9


def test_plain_elements_of_multi_line_and_nested_arrays() -> None:
    text = """\
parties = [
  "byraadet",   # first
  "auraskolen", # second, [not a header]
]
grid = [[1, 2], [
  3,
  [4]],
]
when = [1979-05-27 07:32:00, 1979-05-28T00:00:00Z, 07:32:00]
"""
    data = tomli.loads(text)
    lines = locate(text)
    assert set(lines) == set(paths(data))
    assert lines.get("parties[0]") == 2
    assert lines.get("parties[1]") == 3
    assert lines.get("grid[0]") == 5
    assert lines.get("grid[0][1]") == 5
    assert lines.get("grid[1]") == 5
    assert lines.get("grid[1][0]") == 6
    assert lines.get("grid[1][1]") == 7
    assert lines.get("grid[1][1][0]") == 7
    assert lines.get("when[1]") == 9
    assert lines.get("when[2]") == 9


def test_multi_line_strings_hide_headers_and_keys() -> None:
    text = '''\
a = """
[[x]]
key = "value"
b = 1 \\""" still inside
"""
c = \'\'\'
[table]
d = 2 # not a comment
\'\'\'
e = """ends in quotes"""""
f = \'\'\'ends too\'\'\'\'\'
g = "# not a comment [nor = {a table}"
h = 'literal "[[y]]" = '
'''
    data = tomli.loads(text)
    assert lines_of(text) == {"a": 1, "c": 6, "e": 10, "f": 11, "g": 12, "h": 13}
    assert set(lines_of(text)) == set(paths(data))


def test_dotted_and_quoted_keys() -> None:
    text = """\
a.b.c = 1
a . b . d = 2
"a.b" = 3
'lit.eral' = 4
"\\u00e6ble" = 5
"quote\\"d" = 6
"" = 7
site."google.com" = true

[dog."tater.man"]
type.name = "pug"
"""
    data = tomli.loads(text)
    lines = locate(text)
    assert set(lines) == set(paths(data))
    assert dict(lines) == {
        "a": 1,
        "a.b": 1,
        "a.b.c": 1,
        "a.b.d": 2,
        '"a.b"': 3,
        '"lit.eral"': 4,
        '"æble"': 5,
        '"quote\\"d"': 6,
        '""': 7,
        "site": 8,
        'site."google.com"': 8,
        "dog": 10,
        'dog."tater.man"': 10,
        'dog."tater.man".type': 11,
        'dog."tater.man".type.name': 11,
    }


def test_dotted_keys_create_tables_that_headers_extend() -> None:
    text = '[fruit]\napple.color = "red"\napple.taste.sweet = true\n\n[fruit.apple.texture]\n'
    assert lines_of(text) == {
        "fruit": 1,
        "fruit.apple": 2,
        "fruit.apple.color": 2,
        "fruit.apple.taste": 3,
        "fruit.apple.taste.sweet": 3,
        "fruit.apple.texture": 5,
    }


def test_crlf_and_a_byte_order_mark_give_the_same_lines() -> None:
    crlf = ARRAYS_OF_TABLES.replace("\n", "\r\n")
    assert lines_of(crlf) == lines_of(ARRAYS_OF_TABLES)
    assert lines_of("\ufeff" + crlf) == lines_of(ARRAYS_OF_TABLES)


def test_comments_everywhere() -> None:
    text = """\
# a comment
format = 1 # after a value
[a] # after a header
# [[not.a.header]]
#b = 2
c = [ # after a bracket
  1, # after an element
  # on its own line
  2 # before a comma
  , 3
] # after the array
[[d]]# no space
"""
    data = tomli.loads(text)
    assert lines_of(text) == {
        "format": 2,
        "a": 3,
        "a.c": 6,
        "a.c[0]": 7,
        "a.c[1]": 9,
        "a.c[2]": 10,
        "d": 12,
        "d[0]": 12,
    }
    assert set(lines_of(text)) == set(paths(data))


def test_the_baseline_portfolio() -> None:
    text = (DATA / "valid.toml").read_text(encoding="utf-8")
    lines = locate(text)
    rows = text.splitlines()
    assert set(lines) == set(paths(tomli.loads(text)))
    for path, line in lines.items():
        if path.endswith("]"):  # an element: on or after its array's line
            array = path[: path.rindex("[")]
            assert lines[array] <= line, path
        else:
            assert path.rsplit(".", 1)[-1] in rows[line - 1], path


# --- KeyLines ----------------------------------------------------------------------


def test_key_lines_is_a_mapping() -> None:
    lines = locate("a = 1\n[b]\nc = [2]\n")
    assert len(lines) == 4
    assert list(lines) == ["a", "b", "b.c", "b.c[0]"]
    assert "b.c" in lines
    assert "b.d" not in lines
    number: object = 3
    assert number not in lines
    assert lines["b"] == 2
    assert lines.get("nope") is None
    assert lines == KeyLines({"a": 1, "b": 2, "b.c": 3, "b.c[0]": 3})
    assert repr(KeyLines({"a": 1})) == "KeyLines({'a': 1})"
    assert len(KeyLines()) == 0
    with pytest.raises(KeyError):
        lines["nope"]


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("agreements[0].milestones[1].due", 16),
        ("agreements[0].milestones[5].due", 12),
        ("agreements[0].milestones[5]", 12),
        ("agreements[0].nothing.deeper[3]", 6),
        ("agreements[7].id", 6),
        ("municipality.code", 3),
        ("format", 1),
        ("missing", None),
        ("missing.too", None),
        ("", None),
        ("agreements[0]]garbage", 6),
        ("agreements[0].id[x", 7),
    ],
)
def test_nearest_walks_up_to_an_ancestor(path: str, line: int | None) -> None:
    assert locate(ARRAYS_OF_TABLES).nearest(path) == line


def test_nearest_respects_quoted_segments() -> None:
    lines = locate('[site."a.b[0]"]\nx = 1\n')
    assert lines.nearest('site."a.b[0]".y') == 1
    assert lines.nearest('site."a.b[0]".x[3]') == 2
    assert lines.nearest('site."a.b[0]"') == 1
    assert lines.nearest('site."a.b') == 1  # an unterminated quote is one segment
    assert locate('"a\\"b" = 1\n').nearest('"a\\"b".c') == 1


def test_the_doctests() -> None:
    result = doctest.testmod(velfaerd.format._locate)
    assert result.attempted > 0
    assert result.failed == 0


# --- malformed text ----------------------------------------------------------------


NASTY = [
    "",
    "\ufeff",
    "[[",
    "[",
    "]]",
    "=",
    "a =",
    "a = [",
    "a = {",
    'a = """never closed\n[[x]]\nb = 1\n',
    "a = '''never closed\n",
    'a = "never closed\nb = 1\n',
    "\x00\x00[[\x00]]\x00 = \x00",
    "a = [1, 2\nb = 3\n",
    "a = { x = 1\nb = 3\n",
    "[a\nb = 1\n",
    "[[a]\nb = 1\n",
    "a.\n",
    "a = 1 2 3\nb = 2\n",
    '"key\\" = 1\n',
    'a = """\\',
    "a = " + "[" * 5000,
    "a = " + "{b = " * 5000,
    "[\n" * 5000,
    "\r\r\n\r",
    "\\u",
]


@pytest.mark.parametrize("text", NASTY)
def test_never_raises_on_nasty_text(text: str) -> None:
    lines = locate(text)
    last = text.count("\n") + 1
    assert all(1 <= line <= last for line in lines.values())


def test_reading_goes_on_after_damage() -> None:
    assert lines_of("a = [1, 2\nb = 3\n") == {"a": 1, "a[0]": 1, "a[1]": 1, "b": 2}
    assert lines_of('a = "never closed\nb = 1\n') == {"a": 1, "b": 2}
    assert lines_of("a = 1 2 3\nb = 2\n") == {"a": 1, "b": 2}
    assert lines_of("?? junk\n[t]\nk = 1\n") == {"t": 2, "t.k": 3}
    assert lines_of('a = """never closed\n[[x]]\nb = 1\n') == {"a": 1}
    assert lines_of("x = " + "[" * 500 + "\ny = 1\n")["y"] == 2


TOKENS = st.sampled_from(
    [
        "[",
        "]",
        "[[",
        "]]",
        "{",
        "}",
        "=",
        ",",
        ".",
        "#",
        "\n",
        "\r\n",
        " ",
        '"',
        "'",
        '"""',
        "'''",
        "\\",
        "a",
        "b",
        "1",
        "1979-05-27",
        " 07:32:00",
        "\x00",
        "\ufeff",
    ]
)


@scaled(100)
@given(st.text() | st.lists(TOKENS).map("".join))
def test_never_raises_on_any_text(text: str) -> None:
    lines = locate(text)
    last = text.count("\n") + 1
    assert all(1 <= line <= last for line in lines.values())


# --- a property over generated documents -------------------------------------------


KEYS = st.from_regex(r"[a-z][a-z0-9_-]{0,5}", fullmatch=True) | st.text(
    st.sampled_from("ab_-9 .æ\"'\\#[]={}\t\x01"), max_size=5
)
STRING_PARTS = st.sampled_from(
    ["[[x]]\n", "key = 1\n", '"', '""', "'", "''", "\\", "#", "\n", "{", "[", "]", "=", " a", "ø"]
)
STRINGS = st.text(max_size=12) | st.lists(STRING_PARTS, max_size=6).map("".join)
SCALARS = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    STRINGS,
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(KEYS, inner, max_size=3),
        # Lists of tables, which may be written as [[headers]].
        st.lists(st.dictionaries(KEYS, inner, max_size=3), min_size=1, max_size=3),
    ),
    max_leaves=12,
)
DOCUMENTS = st.dictionaries(KEYS, VALUES, max_size=5)


def controls(text: str, allowed: str = "\t") -> bool:
    return any((ord(c) < 0x20 or ord(c) == 0x7F) and c not in allowed for c in text)


class Renderer:
    """Writes a document as TOML in drawn layouts, noting the line of each path."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data
        self.chunks: list[str] = []
        self.line = 1
        self.expected: dict[str, int] = {}
        #: The text a key path's line must contain.
        self.tokens: dict[str, str] = {}
        #: The lines of the array each inline element is in.
        self.spans: dict[str, tuple[int, int]] = {}

    def maybe(self) -> bool:
        return self.data.draw(st.booleans())

    def write(self, chunk: str) -> None:
        self.chunks.append(chunk)
        self.line += chunk.count("\n")

    def mark(self, path: str, token: str) -> None:
        if path not in self.expected:
            self.expected[path] = self.line
            self.tokens[path] = token

    def end_line(self) -> None:
        if self.maybe():
            self.write(' # [[x]] = "y"')
        self.write("\n")
        if self.maybe():
            self.write("\n# [[commented.out]]\n")

    def key(self, name: str) -> str:
        if BARE.fullmatch(name) and not self.maybe():
            return name
        if not controls(name, "") and "'" not in name and self.maybe():
            return f"'{name}'"
        return self.basic(name)

    @staticmethod
    def basic(text: str) -> str:
        return f'"{escape(text)}"'

    def string(self, text: str) -> str:
        layout = self.data.draw(st.sampled_from(["basic", "literal", "basic3", "literal3"]))
        if layout == "literal" and "'" not in text and not controls(text):
            return f"'{text}'"
        if layout == "basic3":
            body = "".join(
                '\\"'
                if c == '"'
                else "\\\\"
                if c == "\\"
                else f"\\u{ord(c):04X}"
                if controls(c, "\t\n")
                else c
                for c in text
            )
            return f'"""\n{body}"""'
        if (
            layout == "literal3"
            and "'''" not in text
            and not text.endswith("'")
            and not controls(text, "\t\n")
        ):
            return f"'''\n{text}'''"
        return self.basic(text)

    def scalar(self, value: object) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, dt.datetime):
            return value.isoformat(sep=" " if self.maybe() else "T")
        if isinstance(value, (int, dt.date)):
            return str(value) if isinstance(value, int) else value.isoformat()
        assert isinstance(value, str)
        return self.string(value)

    def value(self, value: object, path: str) -> None:
        if isinstance(value, list):
            self.array(value, path)
        elif isinstance(value, dict):
            self.inline_table(value, path)
        else:
            self.write(self.scalar(value))

    def array(self, items: list[object], path: str) -> None:
        start = self.line
        multi_line = self.maybe()
        self.write("[\n" if multi_line else "[")
        for index, item in enumerate(items):
            if multi_line:
                self.write("  ")
            self.mark(f"{path}[{index}]", "")
            self.value(item, f"{path}[{index}]")
            if index < len(items) - 1 or self.maybe():
                self.write(",")
            self.write(" # ]\n" if multi_line and self.maybe() else "\n" if multi_line else " ")
        self.write("]")
        for index in range(len(items)):
            self.spans[f"{path}[{index}]"] = (start, self.line)

    def inline_table(self, table: dict[str, object], path: str) -> None:
        multi_line = self.maybe()
        self.write("{\n" if multi_line else "{ ")
        entries = list(self.flatten(table, path, []))
        for index, entry in enumerate(entries):
            self.entry(*entry)
            if index < len(entries) - 1 or (multi_line and self.maybe()):
                self.write(",")
            self.write("\n" if multi_line else " ")
        self.write("}")

    def flatten(
        self, table: dict[str, object], path: str, prefix: list[tuple[str, str]]
    ) -> Iterator[tuple[list[tuple[str, str]], object]]:
        """The ``key = value`` entries of a table, some dicts as dotted keys."""
        for name, value in table.items():
            keys = [*prefix, (join(path, name), self.key(name))]
            if isinstance(value, dict) and value and self.maybe():
                yield from self.flatten(value, join(path, name), keys)
            else:
                yield keys, value

    def entry(self, keys: list[tuple[str, str]], value: object) -> None:
        for path, token in keys:
            self.mark(path, token)
        dot = " . " if self.maybe() else "."
        self.write(dot.join(token for _, token in keys) + " = ")
        self.value(value, keys[-1][0])

    def split(
        self, table: dict[str, object]
    ) -> tuple[dict[str, object], dict[str, dict[str, object]], dict[str, list[dict[str, object]]]]:
        """A table's children: as ``key = value`` lines, as tables, as arrays of tables."""
        pairs: dict[str, object] = {}
        tables: dict[str, dict[str, object]] = {}
        arrays: dict[str, list[dict[str, object]]] = {}
        for name, value in table.items():
            if isinstance(value, dict) and self.maybe():
                tables[name] = value
            elif (
                isinstance(value, list)
                and value
                and all(isinstance(item, dict) for item in value)
                and self.maybe()
            ):
                arrays[name] = [item for item in value if isinstance(item, dict)]
            else:
                pairs[name] = value
        return pairs, tables, arrays

    def header(self, header: list[tuple[str, str]], element: str | None) -> None:
        """Write a header line; ``element`` is the path of an array of tables' element."""
        for prefix_path, token in header:
            self.mark(prefix_path, token)
        keys = ".".join(token for _, token in header)
        if element is None:
            self.write(f"[{keys}]")
        else:
            self.mark(element, header[-1][1])
            self.write(f"[[{keys}]]")
        self.end_line()

    def table(
        self, table: dict[str, object], path: str, header: list[tuple[str, str]], index: int
    ) -> None:
        """A table with its header (``index`` is its index in an array of tables, or -1)."""
        pairs, tables, arrays = self.split(table)
        if index >= 0:
            self.header(header, path)
        elif header and (pairs or not (tables or arrays) or self.maybe()):
            self.header(header, None)
        for keys, value in self.flatten(pairs, path, []):
            self.entry(keys, value)
            self.end_line()
        for name, child in tables.items():
            child_path = join(path, name)
            self.table(child, child_path, [*header, (child_path, self.key(name))], -1)
        for name, items in arrays.items():
            array_path = join(path, name)
            token = self.key(name)
            for position, item in enumerate(items):
                self.table(
                    item, f"{array_path}[{position}]", [*header, (array_path, token)], position
                )

    def text(self) -> str:
        return "".join(self.chunks)


# A drawn document, rendered in a drawn layout, costs ten times a small check: thirty
# here and under test_never_raises_on_a_cut_document (1,200 each under ``long``).
@scaled(30)
@given(st.data(), DOCUMENTS, st.booleans())
def test_every_path_of_a_generated_document_is_on_its_line(
    data: st.DataObject, document: dict[str, object], crlf: bool
) -> None:
    renderer = Renderer(data)
    renderer.table(document, "", [], -1)
    text = renderer.text()
    if crlf:
        text = text.replace("\n", "\r\n")
    parsed = tomli.loads(text)
    if not crlf:  # a CRLF inside a multi-line string is read as LF
        assert parsed == document
    rows = text.split("\n")
    lines = locate(text)
    assert set(lines) == set(paths(parsed))
    assert dict(lines) == renderer.expected
    for path, line in lines.items():
        if path in renderer.spans:
            first, last = renderer.spans[path]
            assert first <= line <= last
        else:
            assert renderer.tokens[path] in rows[line - 1]


@scaled(30)
@given(st.data(), DOCUMENTS)
def test_never_raises_on_a_cut_document(data: st.DataObject, document: dict[str, object]) -> None:
    renderer = Renderer(data)
    renderer.table(document, "", [], -1)
    text = renderer.text()
    cut = text[: data.draw(st.integers(0, len(text)))]
    locate(cut)
