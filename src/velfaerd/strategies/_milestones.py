"""An agreement's milestones: activity graphs, reviews, approvals and phases.

:func:`milestone_graphs` draws activities whose ``depends_on`` form a DAG, dated in
dependency order. The helpers build the rest of an agreement's timeline so that no
rule fires: :func:`reviews_within` places reviews so that no stretch of the term is
longer than ``review_every``, :func:`approvals_before` dates one approval per step of
the approval process in step order before the start (each built by :func:`approval`),
and :func:`phases_within` cuts the term into phases that :func:`in_phase` assigns
milestones to.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

import attrs
from hypothesis import strategies as st

from velfaerd.dates import DateWindow
from velfaerd.model import Milestone, MilestoneKind, MilestoneStatus, Phase
from velfaerd.strategies._content import (
    ACTIVITIES,
    ADMINISTRATION,
    APPROVERS,
    COMMITTEE,
    approval_process,
    slug,
)
from velfaerd.strategies._dates import FORMS, min_days, named_window, working_day

if TYPE_CHECKING:
    from collections.abc import Sequence

    from velfaerd.dates import Period
    from velfaerd.model import Step

__all__ = [
    "approval",
    "approvals_before",
    "in_phase",
    "milestone_graphs",
    "phases_within",
    "reviews_within",
]

_ACTIVITY_KINDS = (
    MilestoneKind.ACTIVITY,
    MilestoneKind.MEETING,
    MilestoneKind.DELIVERY,
    MilestoneKind.CONFERENCE,
    MilestoneKind.DECISION,
)
#: The kinds CAL001 keeps off weekends and holidays.
_MEETING_KINDS = frozenset(
    {
        MilestoneKind.MEETING,
        MilestoneKind.REVIEW,
        MilestoneKind.DECISION,
        MilestoneKind.APPROVAL,
        MilestoneKind.CONFERENCE,
    }
)

# Strategies are built once, not at every draw: building and validating one costs more
# than drawing from it. The same strategy draws the same values from the same choices.
_integers = functools.cache(st.integers)
_sampled = functools.cache(st.sampled_from)
_BOOLEANS = st.booleans()
_FORM = st.integers(0, FORMS - 1)
_TITLES = st.sampled_from(ACTIVITIES)
_KINDS = st.sampled_from(_ACTIVITY_KINDS)
_GAPS = st.lists(st.integers(1, 20), min_size=3, max_size=3)


@functools.cache
def _dependencies(index: int) -> st.SearchStrategy[list[int]]:
    """Which of the ``index`` milestones before it a milestone depends on."""
    return st.lists(st.integers(0, index - 1), max_size=min(index, 3), unique=True)


@functools.cache
def _cuts(count: int, days: int) -> st.SearchStrategy[list[int]]:
    """Where ``count`` phases of a term of ``days`` days are cut."""
    return st.lists(
        st.integers(1, days - 1),
        min_size=count - 1,
        max_size=count - 1,
        unique=True,
    )


@st.composite
def milestone_graphs(
    draw: st.DrawFn,
    *,
    start: dt.date = dt.date(2021, 8, 1),
    end: dt.date = dt.date(2024, 7, 31),
    min_milestones: int = 0,
    max_milestones: int = 8,
    approximate: bool = True,
    responsible: Sequence[str] = (ADMINISTRATION,),
    prefix: str = "m",
) -> tuple[Milestone, ...]:
    """Draw activities whose ``depends_on`` form a DAG, dated in dependency order.

    Every milestone lies within ``start`` + 7 days to ``end``, and starts no earlier
    than the latest day of each milestone it depends on, so no reading of the dates
    puts it before a dependency. The order of the tuple is shuffled relative to the
    dependency order, as in real documents.
    """
    count = draw(_integers(min(min_milestones, max_milestones), max_milestones))
    first = start + dt.timedelta(days=7)
    span = max(0, (end - first).days - 40)
    ready: list[dt.date] = []
    items: list[Milestone] = []
    for index in range(count):
        deps: list[int] = []
        if index:
            deps = draw(_dependencies(index))
        floor = max([first, *(ready[d] for d in deps)])
        gap = draw(_integers(0, max(0, min(span // max(count, 1), 60))))
        day = min(floor + dt.timedelta(days=gap), end - dt.timedelta(days=35))
        day = max(day, floor)
        form = draw(_FORM) if approximate else 0
        due = named_window(day, form)
        if due.latest > end:
            due = DateWindow.exact(day)
        title = draw(_TITLES)
        kind = draw(_KINDS)
        if due.is_exact and kind in _MEETING_KINDS:
            # Later, never earlier: what it waits on stays before it (at most 5 days on).
            due = DateWindow.exact(working_day(due.latest))
        ready.append(due.latest)
        items.append(
            Milestone(
                id=f"{prefix}{index + 1}",
                title=title,
                kind=kind,
                due=due,
                depends_on=tuple(f"{prefix}{d + 1}" for d in deps),
                responsible=draw(_sampled(tuple(responsible))),
                tentative=draw(_BOOLEANS) if approximate else False,
            )
        )
    return tuple(draw(st.permutations(items)))


def reviews_within(
    draw: st.DrawFn, start: dt.date, end: dt.date | None, period: Period, *, recurring: bool
) -> list[Milestone]:
    """Reviews so that no stretch of the term is longer than ``period``."""
    limit = min_days(period)
    if recurring:
        # The first occurrence lies within the term, at most one period after the start.
        room = limit if end is None else min(limit, (end - start).days)
        offset = draw(_integers(0, room))
        first = working_day(start + dt.timedelta(days=offset))
        if (first - start).days > room:
            first = working_day(start + dt.timedelta(days=offset), forward=False)
        return [
            Milestone(
                id="opfoelgning",
                title="Årligt møde om opfølgning på aftalen",
                kind=MilestoneKind.REVIEW,
                due=DateWindow.exact(first),
                every=period,
                responsible=COMMITTEE,
            )
        ]
    horizon = end if end is not None else start + dt.timedelta(days=3 * 366)
    reviews: list[Milestone] = []
    day = start
    while (horizon - day).days > limit or not reviews:
        step = draw(_integers(max(1, limit // 2), limit))
        previous = day
        day = min(day + dt.timedelta(days=step), horizon)
        # A working day: later while the stretch stays short enough and in the term,
        # else earlier (a stretch is at least 84 days, a run of days off at most 5).
        later = working_day(day)
        day = (
            later
            if later <= horizon and (later - previous).days <= limit
            else working_day(day, forward=False)
        )
        reviews.append(
            Milestone(
                id=f"opfoelgning-{len(reviews) + 1}",
                title="Opfølgningsmøde",
                kind=MilestoneKind.REVIEW,
                due=DateWindow.exact(day),
                responsible=COMMITTEE,
            )
        )
        if day >= horizon:
            break
    return reviews


def approvals_before(draw: st.DrawFn, start: dt.date, institution: str) -> list[Milestone]:
    """One approval per step, on working days strictly in step order before ``start``.

    The days are counted back from ``start``, each a working day before the one after
    it: moving them onto working days one by one could make two steps fall on one day
    (a Saturday and a Sunday both onto the Friday), and then no mutation could put the
    steps out of order.
    """
    gaps = draw(_GAPS)
    days: list[dt.date] = []
    day = start
    for gap in gaps:
        day = working_day(day - dt.timedelta(days=gap), forward=False)
        days.append(day)
    days.reverse()
    return [
        approval(step, when, institution)
        for step, when in zip(approval_process().steps, days, strict=True)
    ]


def approval(step: Step, day: dt.date, institution: str) -> Milestone:
    """The met approval of ``step`` on ``day``, by whom :data:`APPROVERS` names for it."""
    return Milestone(
        id=f"godkendelse-{step.id}",
        title=step.name,
        kind=MilestoneKind.APPROVAL,
        due=DateWindow.exact(day),
        step=step.id,
        approver=APPROVERS[step.id].format(inst=institution),
        status=MilestoneStatus.MET,
    )


def phases_within(draw: st.DrawFn, start: dt.date, end: dt.date) -> tuple[Phase, ...]:
    """No phase, or up to three that follow each other and cover the term exactly."""
    count = draw(_integers(0, 3))
    if count == 0 or (end - start).days < 10 * count:
        return ()
    cuts = sorted(draw(_cuts(count, (end - start).days)))
    bounds = [start, *(start + dt.timedelta(days=c) for c in cuts), end + dt.timedelta(days=1)]
    names = ("Opstart", "Implementering", "Forankring")
    return tuple(
        Phase(
            id=slug(names[i]),
            name=names[i],
            start=bounds[i],
            end=bounds[i + 1] - dt.timedelta(days=1),
        )
        for i in range(count)
    )


def in_phase(milestone: Milestone, phases: tuple[Phase, ...]) -> Milestone:
    """The milestone in the phase its whole window lies in, if any."""
    if milestone.due is None or milestone.due.earliest is None:
        return milestone
    for phase in phases:
        if (
            phase.start is not None
            and phase.end is not None
            and phase.start <= milestone.due.earliest
            and milestone.due.latest <= phase.end
        ):
            return attrs.evolve(milestone, phase=phase.id)
    return milestone
