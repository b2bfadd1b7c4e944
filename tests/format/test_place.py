"""Tests for velfaerd.format._place: lines of a few paths, the same as a full scan's."""

from __future__ import annotations

import re
from unittest import mock

import pytest
import tomli
from hypothesis import given
from hypothesis import strategies as st
from tests._documents import DATA
from tests._hypothesis import scaled
from tests.format.test_locate import DOCUMENTS, Renderer, join

import velfaerd
from velfaerd.format import _place
from velfaerd.format._locate import KeyLines, locate
from velfaerd.format._place import Placer
from velfaerd.model import STRUCTURE, Milestone


def tables(value: object, path: str = "", counts: dict[str, int] | None = None) -> dict[str, int]:
    """The elements of each array of tables in parsed data, by its key path.

    What the loader counts for a document (``FileLines.tables``).
    """
    counts = {} if counts is None else counts
    if isinstance(value, dict):
        for name, child in value.items():
            child_path = join(path, name)
            if isinstance(child, list) and child and all(isinstance(i, dict) for i in child):
                counts[child_path] = len(child)
            tables(child, child_path, counts)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            tables(child, f"{path}[{index}]", counts)
    return counts


PORTFOLIO = """\
format = 1

[municipality]
name = "Esbjerg Kommune"

[[agreements]]
id = "a-1"
parties = [
  "byraadet",
  "skolen",
]
themes = [{ id = "t", name = "Trivsel" }, { id = "u", name = "Udsatte" }]

[agreements.budget]
amount = 1

[[agreements.milestones]]
id = "m1"
due = 2024-01-01

[[agreements.milestones.occurrences]]
due = "2024"

[[agreements.milestones]]
# a comment
id = "m2"
due = 2024-02-01 # after

[[actors]]
id = "byraadet"

[[agreements]]
id = "a-2"

[[agreements.milestones]]
due = 2025-01-01
"""


def placer(text: str) -> Placer:
    return Placer(text, tables(tomli.loads(text.removeprefix("\ufeff"))))


def test_elements_and_their_keys_are_placed_as_the_scan_places_them() -> None:
    full = locate(PORTFOLIO)
    place = placer(PORTFOLIO)
    for path in (
        "agreements[0]",
        "agreements[0].milestones[1]",
        "agreements[1].milestones[0]",
        "agreements[0].milestones[0].occurrences[0]",
        "agreements[0].parties[1]",
        "agreements[0].themes[1].name",
        "actors[0]",
    ):
        assert place.line(path) == full[path], path
    names = ("id", "parties", "themes", "budget", "milestones", "purpose", "end")
    assert place.keys("agreements[0]", names) == {
        "id": 7,
        "parties": 8,
        "themes": 12,
        "budget": 14,
        "milestones": 17,
    }
    assert place.keys("agreements[0].milestones[0]", ("id", "due", "occurrences", "x")) == {
        "id": 18,
        "due": 19,
        "occurrences": 21,
    }
    assert place.keys("agreements[0].themes[1]", ("id", "name", "x")) == {"id": 12, "name": 12}
    assert place.keys("agreements[1]", ("id", "milestones")) == {"id": 33, "milestones": 35}
    assert full["agreements[1].id"] == 33
    assert full["agreements[1].milestones"] == 35


@pytest.mark.parametrize(
    ("text", "path"),
    [
        # An element written inline: the headers are not every element.
        ("a = [{ x = 1 }]\n[[c]]\n", "a[0]"),
        # A header with spaces or quotes: not the plain spelling counted.
        ("[[a]]\nx = 1\n[[ a ]]\ny = 2\n", "a[1]"),
        ('[[a]]\nx = 1\n[["a"]]\ny = 2\n', "a[1]"),
        ("[[a]]\nx = 1\n  [[a]]\ny = 2\n", "a[1]"),
        # Headers among multi-line strings are not trusted.
        ('[[a]]\nx = """\n[[a]]\n"""\n', "a[0]"),
        # Not an element of an array of tables.
        ("[t]\nx = 1\n", "t.x"),
        ("x = 1\n", "x"),
        # Out of range.
        ("[[a]]\nx = 1\n", "a[3]"),
    ],
)
def test_what_cannot_be_placed_is_left_to_the_scan(text: str, path: str) -> None:
    assert placer(text).line(path) is None


def test_one_key_is_read_at_c_speed_where_that_is_certain() -> None:
    full, place = locate(PORTFOLIO), placer(PORTFOLIO)
    for path in ("agreements[0].milestones[1]", "agreements[1].milestones[0]"):
        assert place.key(path, "due") == full[f"{path}.due"], path
    assert place.key("agreements[0].milestones[1]", "due") == 27  # after a comment line
    assert place.key("agreements[0].milestones[0]", "occurrences") is None  # below: keys()
    assert place.key("agreements[0]", "id") == 7  # before an inline table
    # After one: it may span lines, and a line in it may begin with the key's name.
    assert placer("[[a]]\nx = { y = 1 }\nz = 2\n").key("a[0]", "z") is None
    assert place.key("agreements[0].themes[1]", "id") is None  # not an element of headers
    for text in ('[[a]]\nx = """\ny = 1\n"""\n', "[[a]]\nx = '''\ny = 1\n'''\n"):
        assert placer(text).key("a[0]", "y") is None  # a multi-line string


def test_each_parent_element_is_trusted_by_its_own_count() -> None:
    # The first element writes its b inline, the second as headers: the headers of the
    # second are all its elements, whatever the first does (the loader counts each).
    text = "[[a]]\nb = [{ x = 1 }]\n[[a]]\n[[a.b]]\nx = 2\n[[a.b]]\n\n# c\nx = 3\n"
    full, place = locate(text), placer(text)
    assert place.line("a[1].b[1]") == full["a[1].b[1]"] == 6
    assert place.key("a[1].b[1]", "x") == full["a[1].b[1].x"] == 9
    assert place.line("a[0].b[0]") == full["a[0].b[0]"] == 2  # in the first's own lines
    assert place.key("a[0].b[0]", "x") is None  # inline: keys() reads it
    assert place.keys("a[0].b[0]", ("x",)) == {"x": 2}
    # One header of the second's written with spaces: its count differs, so only its
    # element's own lines are read, not its headers.
    spaced = text.replace("[[a.b]]\n\n", "[[ a.b ]]\n\n")
    assert spaced != text
    assert placer(spaced).line("a[1].b[1]") is None
    assert placer(spaced).line("a[1].b[0]") is None
    assert placer(spaced).line("a[1]") == locate(spaced)["a[1]"] == 3


def test_an_element_the_headers_cannot_place_is_scanned_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The second agreement's milestones: one header written with spaces, and a
    # multi-line string; the first's and the third's are placed from their headers.
    text = (
        "[[a]]\nx = 1\n[[a.b]]\ny = 1\n"
        '[[a]]\nx = 2\n[[a.b]]\ny = 2\n[[ a.b ]]\ny = """\n[[a.b]]\n"""\n[a.b.c]\nz = 3\n'
        "[[a]]\nx = 3\n[[a.b]]\ny = 3\n"
    )
    full = locate(text)
    monkeypatch.setattr(_place, "SCANNED_SHARE", 1)  # a text this small is scanned whole
    place = placer(text)
    assert place.line("a[1].b[1]") == full["a[1].b[1]"] == 9
    assert place.keys("a[1].b[1]", ("y", "c", "w")) == {"y": 10, "c": 13}
    assert place.line("a[1].b[1].c.z") == full["a[1].b[1].c.z"] == 14
    assert place.key("a[1].b[1]", "y") is None  # keys() asks the scan of a[1]
    assert place.key("a[2].b[0]", "y") == full["a[2].b[0].y"] == 18


def test_a_key_two_arrays_deep_is_placed_as_the_scan_places_it() -> None:
    # A fresh placer asked keys only: the walk of two steps looks in each array first
    # (counting its headers), then again (listing them), from either end.
    text = "[[a]]\nx = 0\n" + "".join(f"[[a.b]]\nid = {i}\ny = {i}\n" for i in range(5)) + "[[a]]\n"
    full, place = locate(text), placer(text)
    for index in (3, 0, 4, 1):
        path = f"a[0].b[{index}]"
        assert place.key(path, "y") == full[f"{path}.y"] == 5 + 3 * index, path
    for asked in (placer(text), place):  # past its last element: looked in first, or again
        assert asked.key("a[0].b[5]", "y") is None
        assert asked.line("a[0].b[5]") is None
    assert place.key("a[1].b[0]", "y") is None  # an element without that array
    assert place.key("a[2].b[0]", "y") is None  # past the last top-level element
    # Names that a value can be written as, at either step: never walked.
    for text, path in (
        ("[[a]]\n[[a.true]]\nx = 1\n", "a[0].true[0]"),
        ("[[true]]\nx = 1\n", "true[0]"),
    ):
        assert placer(text).key(path, "x") is None, path
        assert placer(text).line(path) in {None, locate(text)[path]}, path


def test_a_key_written_otherwise_is_left_to_the_keys() -> None:
    for text in (
        "[[a]]\n  x = 1\n",  # indented
        "[[a]]\nx.y = 1\n[[a]]\nx = 2\n",  # a dotted key, and a later element's x
        '[[a]]\n"x" = 1\n',  # quoted
        "[[a]]\n[a.t]\nx = 1\n",  # a sub-table's
        "[[a]]\nxx = 1\nx_y = 2\n",  # longer names
    ):
        place = placer(text)
        assert place.key("a[0]", "x") is None, text
        assert place.keys("a[0]", ("x",)) == _keys(locate(text), "a[0]", ("x",)), text


def test_the_text_may_be_its_utf_8_bytes() -> None:
    text = PORTFOLIO.replace("Trivsel", "Trivsel og læring, ø å æ")
    full, place = locate(text), Placer(text.encode(), tables(tomli.loads(text)))
    due = "agreements[1].milestones[0].due"
    assert place.key("agreements[1].milestones[0]", "due") == full[due]
    assert place.line("agreements[0].themes[1].name") == full["agreements[0].themes[1].name"]
    assert place.keys("agreements[0]", ("id", "budget")) == {"id": 7, "budget": 14}


def test_own_keys_that_go_on_past_the_first_part_are_read_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A part of a few bytes ends inside the array, at a line that begins with "[".
    monkeypatch.setattr(_place, "OWN_PART", 24)
    text = '[[a]]\nx = [\n  [1, 2],\n  [3, 4],\n]\ny = "ø"\n[a.t]\nz = 1\n[[a]]\ny = 2\n'
    full, place = locate(text), placer(text)
    assert place.keys("a[0]", ("x", "y", "t")) == _keys(full, "a[0]", ("x", "y", "t"))
    assert place.line("a[0].x[1]") == full["a[0].x[1]"] == 4
    assert place.keys("a[1]", ("y",)) == {"y": full["a[1].y"]} == {"y": 10}


def _keys(full: KeyLines, path: str, names: tuple[str, ...]) -> dict[str, int]:
    return {name: full[f"{path}.{name}"] for name in names if f"{path}.{name}" in full}


def test_multi_line_strings_that_close_before_the_next_header_are_passed_over(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_place, "QUOTED_SHARE", 1)  # a text this small is scanned whole
    # Headers between the first and the last multi-line string: each part before a
    # header that has one parses alone, so none of them is inside one.
    text = "[[a]]\nx = \"\"\"\none\n\"\"\"\n[[a]]\ny = 1\n[[a]]\nx = '''\ntwo\n'''\nz = 2\n"
    full, place = locate(text), placer(text)
    assert place.line("a[1]") == full["a[1]"] == 5
    assert place.key("a[1]", "y") == full["a[1].y"] == 6
    assert place.key("a[0]", "x") == full["a[0].x"] == 2  # before its string
    assert place.key("a[2]", "z") is None  # after one: keys() reads the element
    assert place.keys("a[2]", ("x", "z")) == {"x": 8, "z": 11}
    # A header line inside one that stands in for a header written with spaces: the
    # part before it does not parse alone.
    hidden = '[[a]]\nx = """\n[[a]]\n"""\n[[ a ]]\ny = 1\n'
    assert placer(hidden).line("a[1]") is None


@scaled(30)
@given(st.text("\"'a\n", max_size=40))
def test_triple_quotes_are_listed_from_the_end_as_they_are_from_the_start(text: str) -> None:
    data = text.encode()
    for most in (_place.MAX_QUOTES, 2):  # all of them, and no more than one past ``most``
        with mock.patch.object(_place, "MAX_QUOTES", most):
            for quote in (b'"""', b"'''"):
                forward = [at for at in range(len(data)) if data.startswith(quote, at)]
                assert _place._quotes(data, quote) == forward[::-1][: most + 1]


def test_too_many_triple_quotes_to_list_are_a_span(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_place, "MAX_QUOTES", 3)
    text = '[[a]]\nx = 1\n[[a]]\ny = """\n"""\nz = \'\'\'\n\'\'\'\nw = """\n"""\n'
    full, place, data = locate(text), placer(text), text.encode()
    assert place.key("a[0]", "x") == full["a[0].x"] == 2  # before them all
    assert place._strings() == (data.find(b'"""'), data.rfind(b'"""') + 3)
    assert place._quotes is None  # too many to tell apart
    assert place.key("a[1]", "y") == full["a[1].y"] == 4  # before the first
    assert place.key("a[1]", "z") is None  # after it: keys() reads the element
    assert same_as_the_scan(text, encoded=True) > 0


def test_a_header_it_cannot_read_leaves_the_keys_to_the_scan() -> None:
    text = '[[a]]\nx = [\n  ["a", 1],\n]\n'
    assert placer(text).line("a[0].x[0]") == locate(text)["a[0].x[0]"]
    assert placer(text).keys("a[0]", ("x",)) == {"x": 2}  # in its own lines
    assert placer(text).keys("a[0]", ("x", "y")) is None  # y below? ["a", 1] is no header


def test_a_line_that_cannot_name_the_element_is_passed_over() -> None:
    text = "[[a]]\nx = [\n  [1, 2],\n]\n[[b]]\n"
    assert placer(text).keys("a[0]", ("x", "y")) == {"x": 2}


def test_the_first_line_and_a_byte_order_mark() -> None:
    for text in ("[[a]]\nx = 1\n[[a]]\n", "\ufeff[[a]]\r\nx = 1\r\n[[a]]\r\n"):
        assert placer(text).line("a[1]") == 3
        assert placer(text).keys("a[0]", ("x",)) == {"x": 2}


def test_loading_places_a_few_lines_without_scanning_the_file() -> None:
    text = (DATA / "valid.toml").read_text(encoding="utf-8")
    portfolio = velfaerd.loads(text, source="aftale.toml")
    full = locate(text)
    milestone = portfolio.agreements[0].milestones[1]
    assert milestone.origin is not None
    assert milestone.origin.line == full["agreements[0].milestones[1]"]
    assert milestone.origin.keys == {
        name: full[f"agreements[0].milestones[1].{name}"]
        for name in STRUCTURE[Milestone].keys
        if f"agreements[0].milestones[1].{name}" in full
    }
    lines = milestone.origin._locator  # the file's lines: not scanned
    assert lines._lines is None  # type: ignore[union-attr]
    assert lines.tables == tables(tomli.loads(text))  # type: ignore[union-attr]


class Plain(Renderer):
    """Writes strings on one line, as most documents do: no multi-line string hides
    the headers from the placer."""

    def string(self, text: str) -> str:
        return self.basic(text)


NAMES = st.sampled_from(["a", "b", "id", "due", "m", "x-1"])
#: Documents shaped like velfaerd's: plain names, arrays of tables in arrays of tables.
SHAPED = st.dictionaries(
    NAMES,
    st.recursive(
        st.integers(0, 9) | st.text('ab[]#"=', max_size=3) | st.dates(),
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.lists(st.dictionaries(NAMES, inner, max_size=4), min_size=1, max_size=4),
        ),
        max_leaves=20,
    ),
    max_size=4,
)
BARE = re.compile(r"[A-Za-z0-9_-]+")


def children(full: dict[str, int], path: str) -> tuple[str, ...]:
    """The plain names of the keys just below ``path``, and one that is not there."""
    prefix = f"{path}."
    found = {p[len(prefix) :] for p in full if p.startswith(prefix)}
    return (*sorted(name for name in found if BARE.fullmatch(name)), "zz")


def same_as_the_scan(text: str, *, encoded: bool = False) -> int:
    """Check every path the placer places against the full scan; count them.

    ``encoded``: the placer reads the text's UTF-8 bytes, as the loader gives it.
    """
    parsed = tomli.loads(text)
    full = dict(locate(text))
    place = Placer(text.encode() if encoded else text, tables(parsed))
    placed = 0
    # Keys only, the last first, as findings ask (each array is first looked in by a
    # key of its last element, then listed for the others).
    keyed = Placer(text.encode() if encoded else text, tables(parsed))
    for path in reversed(full):
        for name in children(full, path):
            line = keyed.key(path, name)
            if line is not None:
                placed += 1
                assert line == full[f"{path}.{name}"], (path, name)
    for path, scanned in full.items():
        line = place.line(path)
        if line is not None:
            placed += 1
            assert line == scanned, path
        names = children(full, path)
        keys = place.keys(path, names)
        if keys is not None:
            placed += 1
            expected = {name: full[f"{path}.{name}"] for name in names if f"{path}.{name}" in full}
            assert keys == expected, path
        for name in names:
            line = place.key(path, name)
            if line is not None:
                placed += 1
                assert line == full[f"{path}.{name}"], (path, name)
    return placed


# A drawn document, rendered in a drawn layout, as in test_locate (thirty of each).
@scaled(30)
@given(st.data(), DOCUMENTS, st.booleans())
def test_every_path_placed_is_where_the_scan_puts_it(
    data: st.DataObject, document: dict[str, object], crlf: bool
) -> None:
    renderer = Renderer(data)
    renderer.table(document, "", [], -1)
    text = renderer.text()
    same_as_the_scan(text.replace("\n", "\r\n") if crlf else text)


@scaled(30)
@given(st.data(), SHAPED)
def test_every_path_placed_in_a_shaped_document_is_where_the_scan_puts_it(
    data: st.DataObject, document: dict[str, object]
) -> None:
    renderer = Plain(data)
    renderer.table(document, "", [], -1)
    same_as_the_scan(renderer.text())


class Spaced(Plain):
    """Writes documents mostly as velfaerd's are written, with what the placer must
    pass over (blank lines, comments, inline tables, dotted keys) or notice (now and
    then a header or key written with spaces or quotes, a multi-line string)."""

    def rarely(self) -> bool:
        # Not 0 or 7: hypothesis draws the ends of a range more often than the rest.
        return self.data.draw(st.integers(0, 7)) == 3

    def key(self, name: str) -> str:
        return self.basic(name) if self.rarely() else name

    def string(self, text: str) -> str:
        return Renderer.string(self, text) if self.rarely() else self.basic(text)

    def end_line(self) -> None:
        super().end_line()
        if self.maybe():
            self.write("\n")

    def entry(self, keys: list[tuple[str, str]], value: object) -> None:
        if self.rarely():
            self.write(" ")
        super().entry(keys, value)

    def split(
        self, table: dict[str, object]
    ) -> tuple[dict[str, object], dict[str, dict[str, object]], dict[str, list[dict[str, object]]]]:
        """Arrays of tables mostly as headers; tables inline or as dotted keys."""
        pairs: dict[str, object] = {}
        arrays: dict[str, list[dict[str, object]]] = {}
        for name, value in table.items():
            if isinstance(value, list) and value and not self.rarely():
                items = [item for item in value if isinstance(item, dict)]
                if len(items) == len(value):
                    arrays[name] = items
                    continue
            pairs[name] = value
        return pairs, {}, arrays

    def header(self, header: list[tuple[str, str]], element: str | None) -> None:
        indent, inner = ("  ", "") if self.rarely() else ("", " ") if self.rarely() else ("", "")
        for prefix_path, token in header:
            self.mark(prefix_path, token)
        keys = ".".join(token for _, token in header)
        if element is None:
            self.write(f"{indent}[{inner}{keys}{inner}]")
        else:
            self.mark(element, header[-1][1])
            self.write(f"{indent}[[{inner}{keys}{inner}]]")
        self.end_line()


SCALARS = st.integers(0, 9) | st.text('aø[]#"=\n', max_size=3) | st.dates()
#: Tables with keys and arrays of tables, as an agreement with its milestones.
TABLES = st.recursive(
    st.dictionaries(NAMES, SCALARS, max_size=3),
    lambda inner: st.dictionaries(
        NAMES, SCALARS | inner | st.lists(inner, min_size=1, max_size=3), max_size=4
    ),
    max_leaves=12,
)
#: Documents of arrays of tables (whose strings may need more than ASCII: the placer
#: reads the bytes).
ARRAYS = st.dictionaries(NAMES, st.lists(TABLES, min_size=1, max_size=3), min_size=1, max_size=3)


@scaled(30)
@given(st.data(), ARRAYS)
def test_every_path_placed_in_a_written_document_is_where_the_scan_puts_it(
    data: st.DataObject, document: dict[str, object]
) -> None:
    renderer = Spaced(data)
    renderer.table(document, "", [], -1)
    text = renderer.text()
    assert tomli.loads(text) == document
    # However small the text: elements the headers cannot place are scanned alone,
    # and parts with multi-line strings are parsed alone.
    with (
        mock.patch.object(_place, "SCANNED_SHARE", 1),
        mock.patch.object(_place, "QUOTED_SHARE", 1),
    ):
        same_as_the_scan(text, encoded=True)
