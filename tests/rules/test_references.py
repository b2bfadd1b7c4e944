"""The reference rules REF001–REF003: ids defined once, references that resolve, lifetimes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from tests._documents import ACTORS, AGREEMENT, groups, load, milestone
from tests._hypothesis import scaled
from tests.rules._drawn import plans, same_without
from tests.rules._texts import check, only

import velfaerd
from velfaerd.rules import _resolution, references
from velfaerd.rules._resolution import ReferenceChecker
from velfaerd.rules._suggest import Suggester

if TYPE_CHECKING:
    from collections.abc import Collection


def test_two_versions_of_a_policy_may_reuse_theme_ids(valid_text: str) -> None:
    second = valid_text.replace(
        "[[principles]]",
        '[[policies]]\nid = "bu-politik-2024"\nname = "Børn- og Ungepolitikken 2024"\n'
        'themes = [{ id = "udsatte", name = "Børn og unge i udsatte positioner" }]\n\n'
        "[[principles]]",
        1,
    )
    assert check(second).findings == ()  # a policy nobody uses is no problem
    both = second.replace(
        'policies = ["bu-politik"]', 'policies = ["bu-politik", "bu-politik-2024"]'
    )
    (finding,) = only(check(both), "REF002")
    assert finding.variant == "ambiguous"
    assert finding.subject == "udsatte"


def test_an_unknown_theme_is_ref002_not_also_cov001(valid_text: str) -> None:
    text = valid_text.replace(
        'themes = ["internationalt"]\n', 'themes = ["internationalt", "ukendt-tema"]\n'
    )
    (finding,) = only(check(text), "REF002")
    assert finding.subject == "ukendt-tema"
    assert finding.path == "agreements[0].commitments[2].themes"


def test_a_waiver_of_an_unknown_rule_is_ref002(valid_text: str) -> None:
    text = valid_text.replace(
        'approval_process = "lokal-aftale"\n',
        'approval_process = "lokal-aftale"\nwaivers = [{ rule = "REV01X", reason = "?" }]\n',
    )
    (finding,) = only(check(text), "REF002")
    assert finding.variant == "rule"


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


def test_each_agreement_suggests_from_its_own_milestones() -> None:
    # The sets of milestone ids are made per agreement: a suggester kept by a dropped
    # set's address was used for the next agreement's set made there.
    agreement = AGREEMENT[len(ACTORS) :]
    text = ACTORS + "".join(
        agreement.replace('id = "aftale"', f'id = "aftale-{number}"')
        + milestone(first, "2013-03-01")
        + milestone(second, "2013-04-01")
        + milestone(f"slut-{number}", "2013-05-01", f'depends_on = ["{typo}"]')
        for number, (first, second, typo) in enumerate(
            [
                ("temadag", "moede", "temadaq"),
                ("opstart", "afslutning", "opstarr"),
                ("evaluering", "bestyrelse", "evalueringg"),
                ("indskoling", "forældremøde", "indskolin"),
            ]
        )
    )
    findings = velfaerd.check(load(text)).findings
    assert [f.evidence["suggestions"] for f in findings] == [
        ["temadag"],
        ["opstart"],
        ["evaluering"],
        ["indskoling"],
    ]


def test_agreements_with_the_same_milestone_ids_share_their_suggestions() -> None:
    # Agreements written from one template share one suggester; one with an id more
    # (the third) has its own, and the fourth, like the first, is not given its ids.
    agreement = AGREEMENT[len(ACTORS) :]
    text = ACTORS + "".join(
        agreement.replace('id = "aftale"', f'id = "aftale-{number}"')
        + milestone("temadag", "2013-03-01")
        + extra
        + milestone("slut", "2013-05-01", 'depends_on = ["temadaq"]')
        for number, extra in enumerate(["", "", milestone("temadage", "2013-04-01"), ""])
    )
    findings = velfaerd.check(load(text)).findings
    assert [f.evidence["suggestions"] for f in findings] == [
        ["temadag"],
        ["temadag"],
        ["temadag", "temadage"],
        ["temadag"],
    ]


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


def _unsure(*_: object) -> bool:
    return False


def _every_milestone(items: tuple[velfaerd.Milestone, ...], _: object) -> list[velfaerd.Milestone]:
    return list(items)


def _own_suggester(_: ReferenceChecker, known: Collection[str]) -> Suggester:
    return Suggester(known)


def _all_actors(portfolio: velfaerd.Portfolio) -> dict[str, velfaerd.Actor]:
    first: dict[str, velfaerd.Actor] = {}
    for actor in portfolio.actors:
        first.setdefault(actor.id, actor)
    return first


@scaled(100)
@given(portfolio=plans())
def test_ref001_to_ref003_find_in_full_what_they_find_with_the_fast_path(
    portfolio: velfaerd.Portfolio,
) -> None:
    # REF001 skips the arrays whose ids are each there once; REF002 the agreements
    # (and actors) whose references all resolve, and of the others the milestones that
    # do, and shares a suggester among sets of the same ids; REF003 reads only the
    # actors with a since or an until: with every array, agreement and actor read, each
    # drawn agreement gives the same findings.
    same_without(
        portfolio,
        ["REF001", "REF002", "REF003"],
        [
            (references, "_once_each", _unsure),
            (references, "_milestones_once_each", _unsure),
            (ReferenceChecker, "_quiet", _unsure),
            (_resolution, "_unresolved", _every_milestone),
            (ReferenceChecker, "_suggester", _own_suggester),
            (_resolution, "_actors_resolve", _unsure),
            (references, "_bounded", _all_actors),
        ],
    )
