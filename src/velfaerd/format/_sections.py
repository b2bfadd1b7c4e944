"""A TOML text parsed relative to texts parsed before: only the parts that differ.

A revision of a large file changes a few of its agreements and leaves the rest as
they were, byte for byte. :class:`Sections` keeps what each *section* of the texts
it has seen parsed to — a section is an element of a top-level array of tables, from
its header ``[[agreements]]`` at the start of a line to the next such header — and
parses a new text by parsing only its sections it has not seen, and the text before
the first section, with :mod:`tomli`; the rest is the tables already parsed.

That is exactly what parsing the whole text gives, because what it relies on is
checked (at C speed), and a text that does not show it is parsed whole:

- a section of a text parsed whole (:meth:`Sections.learn`) is known alone only when
  the text has no multi-line string (no ``\"\"\"`` or ``'''``) and no line that begins
  with spaces before a ``[``, so that every line that begins ``[[name]]`` (a bare name
  that no value can be written as) is a header; when each line of every section that
  begins with ``[`` begins with ``[name.`` or ``[[name.`` (its own tables: no section
  adds to another's); and when the text has as many sections of each name as the
  parsed data has elements;
- in a text parsed from sections (:meth:`Sections.parse`), each section not seen
  before is parsed alone and must be a table with the one key ``name`` holding one
  table; a line ``[[name]]`` inside a multi-line string or array would leave the part
  before it open, which does not parse alone (a section seen before has none);
- the text before the first section, parsed alone, has no key that a section adds to.

Anything else — a text too small to be worth it, one mostly unseen, a section or the
text before the sections that does not parse alone — gives ``None``: the caller parses
the text whole, so that what a text that does not parse says is what parsing it whole
says. The tables given are shared between the results (the loader only reads them).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

import attrs
import tomli

from velfaerd.format._convert import Document, fast_converter
from velfaerd.format._fastpath import generated_copy, made_by
from velfaerd.model import STRUCTURE, Portfolio

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["MIN_RELATIVE", "Sections", "Structured"]

#: A text shorter than this is parsed whole: below it, parsing costs little more than
#: finding its sections.
MIN_RELATIVE: Final = 64 * 1024

#: The header of a top-level array of tables at the start of a line (after the
#: first); the name is bare and no value (``true``, ``inf``, ``nan``, a number) could
#: be written so, so no line of a multi-line array begins like this.
_SECTION = re.compile(r"\n\[\[([A-Za-z_][A-Za-z0-9_-]*)\]\]")
#: The same header at the start of the text.
_FIRST = re.compile(r"\[\[([A-Za-z_][A-Za-z0-9_-]*)\]\]")
_VALUE_WORDS = frozenset({"true", "false", "inf", "nan"})
#: A line that begins with spaces before ``[``: an indented header, or a value's line.
_INDENTED = re.compile(r"\n[ \t]+\[")

#: What a text splits into: the text before the first section, and each section's
#: name and text.
_Split = tuple[str, list[tuple[str, str]]]


class Sections:
    """What each section of the texts seen so far parsed to, to parse the next by.

    :param min_size: Texts shorter than this are parsed whole and not kept.
    """

    __slots__ = ("_known", "_min_size")

    def __init__(self, min_size: int = MIN_RELATIVE) -> None:
        """Nothing seen yet."""
        self._min_size = min_size
        #: Each section's text: its name and the table it parsed to.
        self._known: dict[str, tuple[str, dict[str, object]]] = {}

    def parse(self, text: str) -> dict[str, object] | None:
        """What :func:`tomli.loads` gives for ``text``, from the sections seen before.

        ``None`` when that cannot be shown cheaply, or would not be cheaper: the
        caller parses the text whole (and shows it to :meth:`learn`).
        """
        split = self._split(text)
        if split is None:
            return None
        before, sections = split
        known = self._known
        seen = sum(len(section) for _, section in sections if section in known)
        if 2 * seen < len(text):  # mostly unseen: one parse of the whole is cheaper
            return None
        try:
            data = tomli.loads(before)
            arrays: dict[str, list[object]] = {}
            for name, section in sections:
                found = known.get(section)
                if found is None:
                    found = self._parse_section(name, section)
                    if found is None:
                        return None
                arrays.setdefault(name, []).append(found[1])
        except (tomli.TOMLDecodeError, RecursionError, ValueError):
            return None  # parsed whole, it says what is wrong, and where
        if not arrays.keys().isdisjoint(data):
            return None  # the text before adds to an array: not a section's alone
        data.update(arrays)
        return data

    def learn(self, text: str, data: dict[str, object]) -> None:
        """Keep the sections of ``text``, which parsed whole to ``data``."""
        if len(text) < self._min_size:
            return  # never parsed from sections (:meth:`_split`): not searched either
        if '"""' in text or ("'" in text and "'''" in text) or _INDENTED.search(text):
            return  # a line that begins ``[[name]]`` may be no header
        split = self._split(text)
        if split is None:
            return
        _, sections = split
        counts: dict[str, int] = {}
        for name, section in sections:
            if not _own_headers(name, section):
                return  # it may add to another section's table: none is known alone
            counts[name] = counts.get(name, 0) + 1
        for name, count in counts.items():
            array = data.get(name)
            if not isinstance(array, list) or len(array) != count:
                return  # an element written otherwise: the sections are not the elements
        at: dict[str, int] = dict.fromkeys(counts, 0)
        known = self._known
        for name, section in sections:
            element = data[name][at[name]]  # type: ignore[index]
            at[name] += 1
            if isinstance(element, dict):
                known.setdefault(section, (name, element))

    def _parse_section(self, name: str, section: str) -> tuple[str, dict[str, object]] | None:
        """A section not seen before, parsed alone: its one table, if it has only that."""
        alone = tomli.loads(section)
        elements = alone.get(name)
        if len(alone) != 1 or not isinstance(elements, list) or len(elements) != 1:
            return None
        element = elements[0]
        if not isinstance(element, dict):
            return None
        found = self._known[section] = (name, element)
        return found

    def _split(self, text: str) -> _Split | None:
        """The text before the first section, and the sections; ``None`` if none."""
        if len(text) < self._min_size or not text:
            return None
        starts: list[tuple[int, str]] = []
        first = _FIRST.match(text)
        if first is not None:
            starts.append((0, first.group(1)))
        starts.extend((match.start() + 1, match.group(1)) for match in _SECTION.finditer(text))
        if any(name in _VALUE_WORDS for _, name in starts):
            return None
        if not starts:
            return None
        ends = [at for at, _ in starts[1:]]
        ends.append(len(text))
        sections = [(name, text[at:end]) for (at, name), end in zip(starts, ends, strict=True)]
        return text[: starts[0][0]], sections


def _own_headers(name: str, section: str) -> bool:
    """Whether every line of ``section`` that begins with ``[`` is a table of its own."""
    lines = section.count("\n[")
    return lines == section.count(f"\n[{name}.") + section.count(f"\n[[{name}.")


#: The arrays of objects of a document (a portfolio's).
_ARRAYS: Final = STRUCTURE[Portfolio].children
#: Whether every model class is made by setting its slots, so that a copy made so is
#: what its ``__init__`` would make (no validator or post-init to run); if one is not,
#: nothing is copied.
_COPYABLE: Final = all(made_by(cl) == "slots" for cl in STRUCTURE)


class Structured:
    """The objects the top-level tables of documents were structured into, to copy.

    :meth:`structure` is ``fast_converter.structure(data, Document)``, except that a
    table of a top-level array that it has structured before — the same dict, as
    :class:`Sections` shares them — is copied from what it became: each element of an
    array is structured on its own, from its table alone (an agreement's dates with
    the agreement's ``year``), so the copy is what structuring it again would make.
    The tables are kept with their objects, so that a table's ``id`` is not reused
    while it is known.
    """

    __slots__ = ("_copied", "_made")

    def __init__(self) -> None:
        """Nothing structured yet."""
        self._made: dict[int, tuple[object, Any]] = {}
        #: Each top-level object copied, by its id: the copy and what it copies.
        self._copied: dict[int, tuple[object, object]] = {}

    def alike(self, one: object, other: object) -> bool:
        """Whether one of the two objects is a copy this made of the other: equal."""
        found = self._copied.get(id(other))
        if found is not None and found[0] is other and found[1] is one:
            return True
        found = self._copied.get(id(one))
        return found is not None and found[0] is one and found[1] is other

    def structure(self, data: object) -> Document:
        """``data`` structured as a document; raises as the fast converter does."""
        if type(data) is not dict or not _COPYABLE:
            return fast_converter.structure(data, Document)
        made = self._made
        rest = data
        arrays: dict[str, list[Any]] = {}
        for name in _ARRAYS:
            items = data.get(name)
            if type(items) is list:
                known = [made.get(id(item)) for item in items]
                arrays[name] = known
                if any(known):
                    if rest is data:
                        rest = dict(data)
                    rest[name] = [
                        item for item, found in zip(items, known, strict=True) if found is None
                    ]
        document = fast_converter.structure(rest, Document)
        spliced: dict[str, Any] = {}
        for name, known in arrays.items():
            objects = getattr(document, name)
            if rest is not data and rest[name] is not data[name]:
                objects = spliced[name] = self._splice(objects, known)
            for item, found, made_now in zip(data[name], known, objects, strict=True):
                if found is None and type(item) is dict:
                    made[id(item)] = (item, made_now)
        return attrs.evolve(document, **spliced) if spliced else document

    def _splice(self, fresh: tuple[Any, ...], known: list[Any]) -> tuple[Any, ...]:
        """The objects of an array: those just structured, and copies of those known."""
        copied = self._copied
        structured = iter(fresh)
        objects: list[Any] = []
        for found in known:
            if found is None:
                objects.append(next(structured))
            else:
                item = _copy_of(found[1])
                copied[id(item)] = (item, found[1])
                objects.append(item)
        return tuple(objects)


#: Each model class's copy, generated once: it depends on the class alone. Kept here,
#: not on a :class:`Structured`: a copy held by the object it calls back would make a
#: reference cycle, and everything a diff loaded (600,000 objects for two 15 MB files)
#: would wait for the garbage collector instead of going when the diff is done.
_COPIES: dict[type, Callable[[Any], Any]] = {}


def _copy_of(item: Any) -> Any:  # noqa: ANN401 - an object of any model class
    """A new object equal to ``item``, and new objects for its children."""
    cl = type(item)
    made = _COPIES.get(cl)
    if made is None:
        made = _COPIES[cl] = generated_copy(cl, frozenset(STRUCTURE[cl].children), _copy_of)
    return made(item)
