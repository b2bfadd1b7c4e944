"""Relative dates resolved once a file is structured (``velfaerd.format._resolve``).

Anchors followed, loops and undated anchors left undated, bad ones refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from tests._documents import AGREEMENT, days, load, milestone, problem, round_trip

import velfaerd

if TYPE_CHECKING:
    from velfaerd.dates import DateWindow


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ('"2 år efter start"', days("2015-02-01", "2015-02-01")),
        ('"6 måneder før slut"', days("2015-06-30", "2015-06-30")),
        ('"3 måneder efter temadag"', days("2013-05-21", "2013-05-31")),
        ('"1 uge før temadag"', days("2013-02-14", "2013-02-21")),
        ('"2 måneder efter opfølgning"', days("2013-07-21", "2013-07-31")),
    ],
)
def test_relative_dates_resolve_and_round_trip(due: str, expected: DateWindow) -> None:
    text = AGREEMENT + "start = 2013-02-01\nend = 2015-12-31\n"
    text += milestone("temadag", '"ultimo februar 2013"')
    text += milestone("opfølgning", '"3 måneder efter temadag"')
    text += milestone("m", due)
    portfolio = load(text)
    resolved = portfolio.agreements[0].milestones[2]
    assert resolved.due == expected
    assert resolved.relative is not None
    assert f"due = {due}" in velfaerd.dump(portfolio)
    round_trip(portfolio)
    assert velfaerd.check(portfolio).findings == ()


@pytest.mark.parametrize(
    ("due", "extra"),
    [
        ('"2 år efter start"', ""),  # the agreement has no start
        ('"3 måneder efter udateret"', ""),  # the anchor has no date
        ('"6 måneder før slut"', "start = 2013-02-01\n"),  # an open end
    ],
)
def test_an_anchor_without_a_date_leaves_it_undated(due: str, extra: str) -> None:
    text = AGREEMENT + extra + '\n[[agreements.milestones]]\nid = "udateret"\ntitle = "U"\n'
    text += milestone("m", due)
    portfolio = load(text)
    assert portfolio.agreements[0].milestones[1].due is None
    round_trip(portfolio)


@pytest.mark.parametrize(
    ("due", "reason"),
    [
        ('"fem-seks måneder efter start"', "its period 'fem-seks måneder' cannot be read"),
        ('"nogle år efter start"', "its period 'nogle år' cannot be read"),
        ('"3 måneder efter 2021-05-01"', "its anchor '2021-05-01' is a date"),
        ('"3 måneder efter 1. maj 2021"', "its anchor '1. maj 2021' is a date"),
        ('"3 måneder efter den store dag"', "is not start, slut or a milestone id"),
    ],
)
def test_bad_relative_dates_are_load_errors(due: str, reason: str) -> None:
    found = problem(AGREEMENT + milestone("m", due))
    assert (found.code, found.path) == ("LOAD003", "agreements[0].milestones[0].due")
    assert due.strip('"') in found.message
    assert reason in found.message


def test_a_milestone_id_defined_twice_resolves_each_and_anchors_on_the_first() -> None:
    text = AGREEMENT + "start = 2013-02-01\n"
    text += milestone("m", '"1 måned efter start"') + milestone("m", '"2 måneder efter start"')
    text += milestone("n", '"1 uge efter m"')
    dues = [m.due for m in load(text).agreements[0].milestones]
    assert dues == [
        days("2013-03-01", "2013-03-01"),
        days("2013-04-01", "2013-04-01"),
        days("2013-03-08", "2013-03-08"),
    ]
