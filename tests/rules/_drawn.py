"""Small agreements drawn at random, and checking them with a rule's fast path left out.

A rule may skip an agreement when a cheap test proves that its full reading would find
nothing there. :func:`plans` draws what such tests read (reviews recurring or not, due
near the ends of a stretch, terms shorter and longer than a year, dependencies and
anchors forward, backward, unknown and repeated, references to actors, commitments,
phases, steps and themes known and not, approvals in rounds, waivers, records of occurrences,
ids given twice), and :func:`same_without` says whether the rules yield the same with
the fast paths replaced by their "unsure" answers.

A plan is made from one drawn seed: a hundred plans cost what ten cost drawn value by
value, and the tests of the fast paths need many to meet the edges they test (the
suite's CPU is bounded); shrinking a seed shows a failing plan, if not a minimal one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from typing import TYPE_CHECKING
from unittest import mock

from hypothesis import strategies as st

import velfaerd
from velfaerd.dates import DateWindow, Period, RelativeDate, shift
from velfaerd.model import (
    Actor,
    ActorKind,
    Agreement,
    AgreementKind,
    ApprovalProcess,
    Commitment,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    Occurrence,
    OccurrenceStatus,
    Phase,
    Policy,
    Portfolio,
    Step,
    Theme,
    Waiver,
)
from velfaerd.rules import Context, Violation, get_rule

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["plans", "same_without"]

#: The first day of every drawn term; dates are drawn as days from it.
_START = dt.date(2021, 3, 15)
_IDS = ("a", "b", "c", "d", "e")
_PERIODS = (
    Period(1, "years"),
    Period(6, "months"),
    Period(2, "years"),
    Period(13, "months"),
    Period(365, "days"),
    Period(1, "weeks"),
)
#: Days from the start where a review's first window begins or ends a stretch.
_EDGES = (-200, -10, 0, 1, 120, 170, 184, 190, 300, 340, 360, 364, 365, 366, 380)
#: Days from the start to the end of a term: about a year, half a year, a few days.
_ENDS = (30, 100, 183, 200, 300, 364, 365, 366, 500, 730, 1095)
#: The lengths of windows, in days: one day, a deadline (-1), ten days, a month, more.
_LENGTHS = (0, 0, -1, 9, 30, 120)
_KINDS = (MilestoneKind.REVIEW, MilestoneKind.ACTIVITY, MilestoneKind.APPROVAL)


def _day(offset: int) -> dt.date:
    return _START + dt.timedelta(days=offset)


def _window(rnd: random.Random, first: int | None = None) -> DateWindow:
    """A window near the term: one day, a deadline or a span, from a year before it on."""
    day = _day(rnd.randint(-400, 1500) if first is None else first)
    length = rnd.choice(_LENGTHS)
    if length < 0:
        return DateWindow.deadline(day)
    return DateWindow(day, day + dt.timedelta(days=length))


def _maybe(rnd: random.Random, one_in: int) -> bool:
    return rnd.randrange(one_in) == 0


def _milestone(rnd: random.Random, number: int) -> Milestone:
    kind = rnd.choice(_KINDS)
    # Approvals come about the start, and so close to each other and to the start.
    first = rnd.randint(-60, 5) if kind is MilestoneKind.APPROVAL else None
    due = None if _maybe(rnd, 4) else _window(rnd, first)
    every = None if _maybe(rnd, 2) else rnd.choice(_PERIODS)
    records: list[Occurrence] = []
    if due is not None and every is not None:
        records = [
            Occurrence(due=shift(due, every, k), status=rnd.choice(list(OccurrenceStatus)))
            for k in rnd.sample(range(4), rnd.randint(0, 2))
        ]
    relative = None
    if _maybe(rnd, 4):
        relative = RelativeDate(period=Period(1, "months"), anchor=rnd.choice(_IDS))
    return Milestone(
        id=rnd.choice(_IDS[: number + 1]),  # now and then an id again
        title="M",
        kind=kind,
        due=due,
        every=every,
        until=_window(rnd) if _maybe(rnd, 3) else None,
        status=rnd.choice(list(MilestoneStatus)),
        depends_on=tuple(rnd.choice((*_IDS, "ukendt")) for _ in range(rnd.randint(0, 2))),
        commitments=tuple(rnd.choice("klm") for _ in range(rnd.randint(0, 2))),
        phase=rnd.choice((None, None, "p", "q", "r")),
        step=rnd.choice((None, "bestyrelse", "udvalg", "ukendt")),
        round=rnd.choice((None, None, "2")),
        responsible=rnd.choice((None, "skolen", "byraadet", "ukendt")),
        participants=tuple(rnd.choice(("skolen", "ukendt")) for _ in range(rnd.randint(0, 1))),
        occurrences=tuple(records),
        relative=relative,
    )


def _review(rnd: random.Random) -> Milestone:
    """A recurring review from about the start: a year before it to a year after it."""
    first = rnd.choice(_EDGES) if _maybe(rnd, 2) else rnd.randint(-400, 400)
    return Milestone(
        id="a",
        title="Opfølgning",
        kind=MilestoneKind.REVIEW,
        due=_window(rnd, first),
        every=rnd.choice(_PERIODS[:2] * 2 + _PERIODS[2:5]),
        until=_window(rnd) if _maybe(rnd, 4) else None,
        status=MilestoneStatus.CANCELLED if _maybe(rnd, 5) else MilestoneStatus.PLANNED,
    )


def _approval(rnd: random.Random, number: int) -> Milestone:
    """An approval of a step of the process, about the start, now and then a deadline."""
    return Milestone(
        id=rnd.choice(_IDS[: number + 1]),
        title="Godkendelse",
        kind=MilestoneKind.APPROVAL,
        due=_window(rnd, rnd.randint(-60, 5)),
        step=rnd.choice(("bestyrelse", "udvalg")),
        round=rnd.choice((None, None, "2")),
        approver=rnd.choice(("skolen", "byraadet")),
        status=MilestoneStatus.CANCELLED if _maybe(rnd, 6) else MilestoneStatus.MET,
    )


def _plan(seed: int, *, reviewed: bool, approved: bool) -> Portfolio:
    rnd = random.Random(seed)  # noqa: S311 - a test's data, not a secret
    size = rnd.randint(0, 1 if reviewed else 5)
    if approved:
        milestones = tuple(_approval(rnd, number) for number in range(rnd.randint(2, 4)))
    else:
        milestones = tuple(_milestone(rnd, number + reviewed) for number in range(size))
    if reviewed:
        milestones = (_review(rnd), *milestones)
    end = None
    if not _maybe(rnd, 4):
        end = _day(rnd.choice(_ENDS) if _maybe(rnd, 2) else rnd.randint(30, 1500))
    until = DateWindow.exact(_day(rnd.randint(-100, 1600))) if _maybe(rnd, 3) else None
    agreement = Agreement(
        id="aftale",
        title="Aftale",
        kind=AgreementKind.COOPERATION,
        parties=("byraadet", "skolen"),
        start=_START,
        end=end,
        review_every=rnd.choice((Period(1, "years"),) * 3 + (Period(6, "months"), None)),
        milestones=milestones,
        approval_process="gang" if approved else rnd.choice((None, "gang")),
        commitments=tuple(
            Commitment(
                id=rnd.choice("kl"),
                title="K",
                themes=tuple(rnd.sample(("t1", "t2", "egen", "t3"), rnd.randint(0, 2))),
            )
            for _ in range(rnd.randint(0, 2))
        ),
        policies=rnd.choice(((), ("politik",), ("politik",), ("politik", "ukendt"))),
        covers=rnd.choice((None, ("t1",), ("t1", "t2"), ("t3",))),
        themes=rnd.choice(((), (), (Theme(id="egen", name="Egen"),), (Theme(id="t1", name="T"),))),
        phases=tuple(Phase(id=rnd.choice("pq"), name="P") for _ in range(rnd.randint(0, 2))),
        waivers=tuple(
            Waiver(
                rule=rnd.choice(("COV003", "REV", "all", "XYZ001")),
                reason="R",
                granted_by=rnd.choice((None, "byraadet", "ukendt")),
            )
            for _ in range(rnd.randint(0, 1))
        ),
    )
    actors = (
        Actor(
            id="byraadet",
            name="Byrådet",
            kind=ActorKind.COUNCIL,
            members=rnd.choice(((), (), ("skolen",), ("ukendt",))),
        ),
        Actor(
            id="skolen",
            name="Skolen",
            kind=ActorKind.INSTITUTION,
            until=until,
            part_of=rnd.choice((None, None, "byraadet", "skolen", "ukendt")),
            members=rnd.choice(((), (), ("byraadet",))),
        ),
    )
    process = ApprovalProcess(
        id="gang",
        steps=(
            Step(id="bestyrelse", name="Bestyrelsen", actor_kind=ActorKind.INSTITUTION),
            Step(id="udvalg", name="Udvalget", actors=("byraadet",)),
        ),
    )
    policy = Policy(
        id="politik", name="Politik", themes=(Theme(id="t1", name="T"), Theme(id="t2", name="T"))
    )
    return Portfolio(
        actors=actors,
        policies=(policy,),
        approval_processes=(process,),
        agreements=(agreement,),
    )


def plans(*, reviewed: bool = False, approved: bool = False) -> st.SearchStrategy[Portfolio]:
    """A portfolio of one agreement with up to five milestones, and its two parties.

    The term starts on one day and runs a month to four years, or is open-ended; reviews
    are wanted every year, every half year or not at all; the school exists only for a
    while, now and then, and the two are members or parts of each other or of
    nothing known. ``reviewed``: the first milestone is a recurring review from
    about the start (the commonest plan), and another milestone may follow.
    ``approved``: the milestones are two to four approvals of the process's steps, about
    the start.
    """
    return st.integers(min_value=0, max_value=2**32).map(
        lambda seed: _plan(seed, reviewed=reviewed, approved=approved)
    )


def same_without(
    portfolio: Portfolio,
    codes: Sequence[str],
    fast: Sequence[tuple[object, str, object]],
    as_of: dt.date | None = None,
) -> list[Violation]:
    """What the rules of ``codes`` yield, asserted to be the same with each fast path replaced.

    ``fast`` names each fast path as ``(module, name, replacement)``: the replacement
    gives the answer that sends every agreement the full way. The rules run as the
    engine runs them, one context for all (what they share is shared), without the
    engine's messages and fingerprints, which the violations decide.
    """

    def violations() -> list[Violation]:
        context = Context(portfolio=portfolio, config=velfaerd.Config(), as_of=as_of)
        found: list[Violation] = []
        for code in codes:
            context.code = code
            found.extend(get_rule(code).check(context))
        return found

    fast_way = violations()
    with contextlib.ExitStack() as stack:
        for module, name, replacement in fast:
            stack.enter_context(mock.patch.object(module, name, replacement))
        full_way = violations()
    assert fast_way == full_way
    return fast_way
