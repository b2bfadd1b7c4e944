"""REF002 and AGR004 on the keys format 1.1 added, waiting for their rules' test modules.

The rest of this file moved to the modules of its subjects (``tests/test_amounts.py``,
``tests/dates/test_forms.py``, ``tests/format/``); these go to
``tests/rules/test_references.py`` and ``tests/rules/test_agreements.py``.
"""

from __future__ import annotations

import pytest
from tests._documents import AGREEMENT, groups, load, milestone

import velfaerd

# REF002 --------------------------------------------------------------------------


def test_an_unknown_anchor_is_ref002() -> None:
    portfolio = load(
        AGREEMENT + "start = 2013-02-01\n" + milestone("m", '"3 måneder efter temadg"')
    )
    (finding,) = velfaerd.check(portfolio).findings
    assert (finding.code, finding.path, finding.subject) == (
        "REF002",
        "agreements[0].milestones[0].due",
        "temadg",
    )
    assert portfolio.agreements[0].milestones[0].due is None


# --------------------------------------------------------


def test_basis_refs_and_supersedes_resolve_or_are_ref002() -> None:
    text = '[[policies]]\nid = "bu-politik"\nname = "Børn- og Ungepolitikken"\n' + AGREEMENT
    text += 'supersedes = "gammel"\n'
    text += 'basis = [{ title = "BU", ref = "bu-politik" }, { title = "?", ref = "ukendt" }]\n'
    report = velfaerd.check(load(text))
    assert [(f.code, f.path, f.subject) for f in report.findings] == [
        ("REF002", "agreements[0].supersedes", "gammel"),  # line by line, as the file goes
        ("REF002", "agreements[0].basis[1].ref", "ukendt"),
    ]


def test_an_unknown_member_is_ref002() -> None:
    (finding,) = velfaerd.check(load(groups(("kkr", ["nogen"])))).findings
    assert (finding.code, finding.path, finding.subject) == ("REF002", "actors[0].members", "nogen")


@pytest.mark.parametrize(
    ("rows", "loop"),
    [
        ([("a", ["a"])], ["a", "a"]),
        ([("a", ["b"]), ("b", ["a"])], ["a", "b", "a"]),
        ([("c", ["a"]), ("a", ["b"]), ("b", ["c"]), ("d", ["a"])], ["a", "b", "c", "a"]),
    ],
)
def test_a_member_loop_is_ref002_naming_it(
    rows: list[tuple[str, list[str]]], loop: list[str]
) -> None:
    report = velfaerd.check(load(groups(*rows)), config=velfaerd.Config(select=["REF002"]))
    (finding,) = report.findings
    assert finding.code == "REF002"
    assert finding.evidence["loop"] == loop
    assert finding.path == "actors[0].members"
    assert finding.message == f"actor {loop[0]!r} is its own member: {' → '.join(loop)}"


# AGR004 -------------------------------------------------------------------------------------


def _two(new_term: str, old_term: str) -> str:
    old = AGREEMENT.split("[[agreements]]")[1].replace('id = "aftale"', 'id = "gammel"')
    return AGREEMENT + f'supersedes = "gammel"\n{new_term}' + "[[agreements]]" + old + old_term


@pytest.mark.parametrize(
    ("new_term", "old_term", "fires"),
    [
        ("start = 2021-03-15\nend = 2024-03-14\n", "start = 2018-08-01\nend = 2021-07-31\n", True),
        ("start = 2021-07-31\n", "start = 2018-08-01\nend = 2021-07-31\n", True),
        ("start = 2021-08-01\nend = 2024-07-31\n", "start = 2018-08-01\nend = 2021-07-31\n", False),
        ("start = 2015-01-01\nend = 2016-12-31\n", "start = 2018-08-01\nend = 2021-07-31\n", False),
        ("start = 2021-03-15\n", "start = 2018-08-01\n", False),  # the old term is open
        ("", "start = 2018-08-01\nend = 2021-07-31\n", False),  # the new has no start
    ],
)
def test_agr004(new_term: str, old_term: str, fires: bool) -> None:
    report = velfaerd.check(
        load(_two(new_term, old_term)), config=velfaerd.Config(select=["AGR004"])
    )
    assert (report.codes() == {"AGR004"}) is fires
    if fires:
        (finding,) = report.findings
        assert (finding.severity, finding.path, finding.subject) == (
            "warning",
            "agreements[0].supersedes",
            "aftale",
        )
        assert finding.evidence["superseded"] == "gammel"
        assert "gammel" in finding.message
