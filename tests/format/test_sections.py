"""A text parsed relative to texts parsed before is the text parsed whole, or parsed whole."""

from __future__ import annotations

import gc
import re
import weakref
from typing import TYPE_CHECKING, Any

import attrs
import pytest
import tomli
from hypothesis import given
from hypothesis import strategies as st
from tests._hypothesis import scaled

import velfaerd
from velfaerd import strategies as vst
from velfaerd.format._convert import Document, fast_converter
from velfaerd.format._fastpath import generated_copy
from velfaerd.format._sections import Sections, Structured
from velfaerd.model import STRUCTURE, Portfolio
from velfaerd.revisions import Loader, compare

if TYPE_CHECKING:
    from velfaerd.errors import LoadError

SHARED = """\
# Fælles.
format = 1

[municipality]
name = "Varde Kommune"

[[actors]]
id = "byraadet"
name = "Byrådet"
kind = "council"
"""


def agreement(number: int, title: str = "Samarbejdsaftale", extra: str = "") -> str:
    return f"""
[[agreements]]
id = "aftale-{number}"
title = "{title} {number}"
kind = "cooperation"
parties = ["byraadet"]
start = "januar 2015"
end = "december 2016"
{extra}
[[agreements.milestones]]
id = "start"
title = "Opstart"
due = "primo marts 2015"
"""


TEXT = SHARED + "".join(agreement(n) for n in range(6))


def learned(text: str = TEXT) -> Sections:
    sections = Sections(min_size=0)
    sections.learn(text, tomli.loads(text))
    return sections


def test_a_revision_is_parsed_from_the_sections_it_shares_and_equals_the_whole_parse() -> None:
    sections = learned()
    revised = TEXT.replace('title = "Samarbejdsaftale 3"', 'title = "Ny aftale"')
    parsed = sections.parse(revised)
    assert parsed == tomli.loads(revised)
    assert list(parsed) == list(tomli.loads(revised))  # the keys in the same order
    # An unchanged section's table is the one parsed before, shared.
    assert parsed["agreements"][0] is sections.parse(TEXT)["agreements"][0]  # type: ignore[index]


def test_the_loader_knows_an_unchanged_agreement_of_the_other_side_as_alike() -> None:
    loader = Loader(min_relative=0)
    new, _ = loader.load_data([("ny.toml", TEXT.encode())])
    revised = TEXT.replace('title = "Samarbejdsaftale 3"', 'title = "Ny aftale"')
    old, _ = loader.load_data([("gammel.toml", revised.encode())])
    same = [loader.alike(a, b) for a, b in zip(old.agreements, new.agreements, strict=True)]
    assert same == [True, True, True, False, True, True]
    assert loader.alike(new.agreements[0], old.agreements[0])  # either way round
    assert not loader.alike(old.agreements[0], new.agreements[1])
    assert old.agreements[0] == new.agreements[0]
    assert old.agreements[0] is not new.agreements[0]  # each with its own origin
    assert old.agreements[0].origin.source == "gammel.toml"  # type: ignore[union-attr]
    assert [c.id for c in compare(old, new, velfaerd.Report(), velfaerd.Report()).changes] == [
        "aftale-3"
    ]


def test_what_a_relative_load_made_goes_when_it_is_dropped_not_at_the_next_collection() -> None:
    # A copy generated for a class called back through the loader that kept it: a
    # reference cycle held everything two large files loaded until the collector ran.
    loader = Loader(min_relative=0)
    loader.load_data([("ny.toml", TEXT.encode())])
    revised = TEXT.replace('title = "Samarbejdsaftale 3"', 'title = "Ny aftale"')
    old, _ = loader.load_data([("gammel.toml", revised.encode())])
    copied = weakref.ref(old.agreements[0].milestones[0])
    gc.disable()
    try:
        del loader, old
        assert copied() is None
    finally:
        gc.enable()


def test_a_text_mostly_unseen_or_too_small_is_parsed_whole() -> None:
    assert learned().parse(SHARED + agreement(7) + agreement(8)) is None
    assert Sections().parse(TEXT) is None  # below MIN_RELATIVE


def test_a_multi_line_string_makes_the_text_parsed_whole() -> None:
    sections = learned()
    for quotes in ('"""', "'''"):
        revised = TEXT.replace(
            'title = "Samarbejdsaftale 3"', f"title = {quotes}\n[[actors]]\n{quotes}"
        )
        assert sections.parse(revised) is None  # the part before ``[[actors]]`` is open
        assert_loads_alike(TEXT, revised)
        assert learned(revised).parse(TEXT) is None  # nothing learned from it


def test_a_changed_section_with_a_header_outside_its_array_makes_the_text_parsed_whole() -> None:
    sections = learned()
    for header in ("[municipality]", "  [[agreements]]", '["actors".x]', "[agreements]"):
        revised = TEXT.replace(agreement(3), agreement(3, extra=f"{header}\nname = 'x'\n"))
        assert sections.parse(revised) is None, header
        assert_loads_alike(TEXT, revised)


def test_a_section_that_adds_to_another_is_not_learned() -> None:
    # Each section parses, but the ``[agreements.x]`` in the actors' section adds to
    # the agreement before it: no section of this text is known alone.
    text = TEXT + '\n[[actors]]\nid = "skolen"\n\n[agreements.x]\ny = 1\n'
    sections = Sections(min_size=0)
    sections.learn(text, tomli.loads(text))
    assert sections.parse(TEXT) is None
    # Nor when the parsed data has an element the sections do not (not at a line's start).
    inline = TEXT + '  [[agreements]]\nid = "indrykket"\n'
    sections.learn(inline.replace("  [[", "[[", 0), tomli.loads(inline))
    assert sections.parse(TEXT) is None


def test_text_before_the_sections_that_adds_to_an_array_makes_the_text_parsed_whole() -> None:
    sections = learned()
    revised = "agreements = []\n" + TEXT
    assert sections.parse(revised) is None
    assert_loads_alike(TEXT, revised)


def test_a_broken_section_gives_the_whole_parse_error() -> None:
    sections = learned()
    revised = TEXT.replace('title = "Samarbejdsaftale 3"', 'title = "Samarbejdsaftale 3')
    assert sections.parse(revised) is None
    relative, _ = assert_loads_alike(TEXT, revised)
    assert relative[1] is not None
    (problem,) = relative[1].problems
    line = revised.count("\n", 0, revised.index('"Samarbejdsaftale 3')) + 1
    assert (problem.code, problem.source, problem.line) == ("LOAD002", "gammel.toml", line)


def test_structured_copies_the_objects_of_tables_it_structured_before() -> None:
    data = tomli.loads(TEXT)
    structured = Structured()
    first = structured.structure(data)
    again = structured.structure({**data, "agreements": list(data["agreements"])})
    assert again == first == fast_converter.structure(data, Document)
    for before, after in zip(first.agreements, again.agreements, strict=True):
        assert before is not after
        assert before.milestones[0] is not after.milestones[0]
        assert after.origin is None


def assert_loads_alike(new: str, old: str) -> tuple[Any, Any]:
    """``old`` loaded after ``new`` (relative to it) as ``old`` loaded alone: the model,
    its origins, the load problems, the findings and the diff."""
    loader = Loader(min_relative=0)
    new_side = loader.load_data([("ny.toml", new.encode())])
    relative = loader.load_data([("gammel.toml", old.encode())])
    whole = Loader().load_data([("gammel.toml", old.encode())])
    assert relative[0] == whole[0]
    assert _origins(relative[0]) == _origins(whole[0])
    assert _problems(relative[1]) == _problems(whole[1])
    reports = [velfaerd.check(side[0], left_out=side[1]) for side in (relative, whole)]
    findings = [[f.to_dict() for f in report.findings] for report in reports]
    assert findings[0] == findings[1]
    new_report = velfaerd.check(new_side[0], left_out=new_side[1])
    # The relative side's copies of the new side's agreements are compared as alike.
    diffs = [
        compare(relative[0], new_side[0], reports[0], new_report, alike=loader.alike),
        compare(whole[0], new_side[0], reports[1], new_report),
    ]
    assert diffs[0].to_dict() == diffs[1].to_dict()
    return relative, whole


def _problems(error: LoadError | None) -> list[tuple[object, ...]]:
    if error is None:
        return []
    return [(p.code, p.source, p.path, p.line, p.column, str(p)) for p in error.problems]


def _origins(parent: object) -> list[object]:
    found: list[object] = []
    for name in STRUCTURE[type(parent)].children:
        for item in getattr(parent, name):
            found.append(item.origin)
            found.extend(_origins(item))
    return found


_SECTION = re.compile(r"^\[\[agreements\]\]\n", re.MULTILINE)


@st.composite
def revisions(draw: st.DrawFn) -> tuple[str, str]:
    """A portfolio's text, and a revision of it: an agreement or milestone moved, changed,
    added or removed, blank lines and comments inserted."""
    portfolio: Portfolio = draw(vst.portfolios(max_agreements=3, max_milestones=4))
    new = velfaerd.dump(portfolio)
    starts = [m.start() for m in _SECTION.finditer(new)]
    sections = [new[a:b] for a, b in zip(starts, [*starts[1:], len(new)], strict=True)]
    head = new[: starts[0]] if starts else new
    chosen = draw(st.integers(0, max(0, len(sections) - 1)))
    change = draw(st.sampled_from(["move", "change", "add", "remove", "due", "none"]))
    if sections:
        if change == "move":
            sections.insert(draw(st.integers(0, len(sections))), sections.pop(chosen))
        elif change == "change":
            sections[chosen] = re.sub(
                r"(?m)^title = .*$", 'title = "Ny titel"', sections[chosen], count=1
            )
        elif change == "add":
            sections.append(
                re.sub(r'(?m)^id = ".*"$', 'id = "ny-aftale"', sections[chosen], count=1)
            )
        elif change == "remove":
            sections.pop(chosen)
        elif change == "due":  # a milestone moved far past the term: a finding
            sections[chosen] = re.sub(
                r"(?m)^due = .*$", "due = 2099-01-01", sections[chosen], count=1
            )
    old = head + "".join(sections)
    lines = old.split("\n")
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, draw(st.sampled_from(["", "# kommentar", "   "])))
    return new, "\n".join(lines)


@scaled(6)
@given(revisions())
def test_the_old_side_loaded_relative_to_the_new_is_the_old_side_loaded_whole(
    revision: tuple[str, str],
) -> None:
    assert_loads_alike(*revision)


def test_a_copy_is_equal_and_new_and_has_the_default_of_what_takes_no_part_in_equality() -> None:
    @attrs.frozen
    class Leaf:
        x: int
        note: str = attrs.field(default="", eq=False)

    @attrs.frozen
    class Tree:
        leaves: tuple[Leaf, ...]
        note: str = attrs.field(default="", eq=False)

    copy_leaf = generated_copy(Leaf, frozenset(), lambda item: item)
    copy_tree = generated_copy(Tree, frozenset({"leaves"}), copy_leaf)
    tree = Tree((Leaf(1, note="a"),), note="b")
    copied = copy_tree(tree)
    assert copied == tree
    assert copied.leaves[0] is not tree.leaves[0]
    assert (copied.note, copied.leaves[0].note) == ("", "")

    @attrs.frozen
    class Tagged:
        tag: str = attrs.field(eq=False)

    with pytest.raises(TypeError, match="no default"):
        generated_copy(Tagged, frozenset(), lambda item: item)
