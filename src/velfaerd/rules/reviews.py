"""The review rules (``REV``): an annual review scheduled, within the term.

* ``REV001`` — the agreement has no review in its term, or a stretch of its term longer
  than ``review_every`` has none (*annual review scheduled*);
* ``REV002`` — a review milestone lies outside the agreement's term;
* ``REV003`` — a recurring review is promised but has no date.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import attrs

from velfaerd.dates import DateWindow
from velfaerd.model import Agreement, Milestone, MilestoneKind, MilestoneStatus
from velfaerd.rules import Context, Violation, rule
from velfaerd.rules._examples import ACTORS

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator

    from velfaerd.dates import Period

__all__ = ["annual_review_scheduled", "review_outside_term", "undated_recurring_review"]

_HEAD = (
    ACTORS
    + """
[[agreements]]
id = "aftale"
title = "Samarbejdsaftale mellem Byrådet og Auraskolen"
kind = "cooperation"
parties = ["byraadet", "auraskolen"]
start = 2021-03-15
duration = "3 years"
follow_up = "Årligt opfølgningsmøde med Børn & Familieudvalget."
"""
)

_REV001_FAILING = (
    _HEAD
    + """
[[agreements.milestones]]
id = "opfoelgning-2022"
title = "Årligt møde om opfølgning på aftalen"
kind = "review"
due = "marts 2022"
"""
)
_REV001_FIXED = _REV001_FAILING.replace(
    'due = "marts 2022"', 'due = "primo marts 2022"\nevery = "1 year"'
)


@attrs.frozen
class _Bound:
    """One end of a stretch: a window, and the recurring milestone it occurs of."""

    window: DateWindow
    recurring: Milestone | None = None
    occurrence: int = 0


def _counted(window: DateWindow) -> DateWindow:
    # A deadline review counts at its latest day.
    return DateWindow.exact(window.latest) if window.earliest is None else window


def _reviews(ctx: Context, agreement: Agreement, start: dt.date) -> list[_Bound]:
    bounds: list[_Bound] = []
    end = agreement.end
    for milestone in agreement.milestones:
        if milestone.kind is not MilestoneKind.REVIEW:
            continue
        if milestone.status is MilestoneStatus.CANCELLED:
            continue
        if milestone.due is None and milestone.every is not None:
            # Promised but undated (REV003): counts as if it began at the start.
            milestone = attrs.evolve(milestone, due=DateWindow.exact(start))  # noqa: PLW2901
        windows = ctx.index.occurrences(agreement, milestone)
        recurring = milestone if milestone.every is not None else None
        for number, raw in enumerate(windows):
            window = _counted(raw)
            assert window.earliest is not None  # noqa: S101 - _counted gives one
            if window.latest < start or (end is not None and window.earliest > end):
                continue
            bounds.append(_Bound(window, recurring, number))
    bounds.sort(key=lambda b: (b.window.earliest, b.window.latest))
    return bounds


def _too_long(earlier: dt.date, later: dt.date, period: Period) -> bool:
    return later > period.after(earlier)


@rule(
    "REV001",
    name="annual-review-scheduled",
    severity="error",
    summary="the agreement lacks a review in its term, or in a stretch longer than review_every",
    description=(
        "*Annual review scheduled.* An agreement with ``review_every`` (one year unless "
        'set; none for an implementation plan; ``"none"`` turns it off) needs review '
        "milestones so that no stretch of its term — from the start to the first review, "
        "between two reviews, from the last review to the end — is longer than "
        "``review_every``. Recurring reviews (``every``) count occurrence by occurrence; "
        "cancelled ones do not count; a deadline review counts at its latest day; a "
        "recurring review with no date counts as if it began at the start. An "
        "open-ended term's last stretch runs to ``as_of``, and is not checked without "
        "it. With approximate dates: if even the shortest reading of a stretch (from the "
        "latest day of its earlier bound to the earliest day of its later one) is too "
        "long, it is an error; if only the longest reading is, a warning. Between two "
        "consecutive occurrences of the same recurring review the stretch is its "
        "``every`` itself (the same day each period), so a yearly review in *marts* is "
        "not a possible violation every year."
    ),
    why=(
        "The council follows up on its agreements once a year: a year without a review "
        "is a year in which nobody checks that the agreement is kept."
    ),
    failing=_REV001_FAILING,
    fixed=_REV001_FIXED,
    messages={
        "none": "agreement {agreement!r} has no review milestone in its term",
        "stretch": "no review from {from} to {to}: longer than {review_every}",
        "stretch-possible": "possibly no review from {from} to {to}: it may be longer than "
        "{review_every}",
        "default": "agreement {agreement!r} lacks a review",
    },
)
def annual_review_scheduled(ctx: Context) -> Iterator[Violation]:
    """Yield each agreement without reviews, and each stretch too long between them."""
    for agreement in ctx.portfolio.agreements:
        period = agreement.review_every
        start = agreement.start
        if period is None or start is None:
            continue
        if agreement.end is not None and agreement.end < start:
            continue  # a reversed term is AGR001's
        reviews = _reviews(ctx, agreement, start)
        if not reviews:
            yield Violation(
                subject=agreement.id,
                at=agreement,
                variant="none",
                agreement=agreement.id,
                evidence={"agreement": agreement.id, "review_every": str(period)},
            )
            continue
        bounds = [_Bound(DateWindow.exact(start)), *reviews]
        last_day = agreement.end
        if last_day is None and ctx.as_of is not None and ctx.as_of > reviews[-1].window.latest:
            last_day = ctx.as_of
        if last_day is not None:
            bounds.append(_Bound(DateWindow.exact(last_day)))
        yield from _stretches(agreement, bounds, period)


def _stretches(agreement: Agreement, bounds: list[_Bound], period: Period) -> Iterator[Violation]:
    for first, second in itertools.pairwise(bounds):
        a, b = first.window, second.window
        assert a.earliest is not None  # noqa: S101 - bounds are never deadlines
        assert b.earliest is not None  # noqa: S101
        if (
            first.recurring is not None
            and first.recurring is second.recurring
            and second.occurrence == first.occurrence + 1
        ):
            every = first.recurring.every
            assert every is not None  # noqa: S101 - a recurring bound has every
            certain = every.after(a.earliest) > period.after(a.earliest)
            possible = False
        else:
            certain = _too_long(a.latest, b.earliest, period)
            possible = not certain and _too_long(a.earliest, b.latest, period)
        if not (certain or possible):
            continue
        yield Violation(
            subject=agreement.id,
            at=agreement,
            variant="stretch",
            possible=possible,
            agreement=agreement.id,
            evidence={
                "agreement": agreement.id,
                "from": str(a),
                "to": str(b),
                "review_every": str(period),
                "shortest_days": (b.earliest - a.latest).days,
                "longest_days": (b.latest - a.earliest).days,
            },
        )


_REV002_FAILING = (
    _HEAD
    + """
[[agreements.milestones]]
id = "opfoelgning"
title = "Årligt møde om opfølgning på aftalen"
kind = "review"
due = "primo marts 2022"
every = "1 year"

[[agreements.milestones]]
id = "forhaandsmoede"
title = "Møde før aftalen"
kind = "review"
due = "januar 2021"
"""
)
_REV002_FIXED = _REV002_FAILING.replace('due = "januar 2021"', 'due = "juni 2021"')


@rule(
    "REV002",
    name="review-outside-term",
    severity="warning",
    summary="a review milestone lies outside the agreement's term",
    description=(
        "A review milestone's ``due`` (its first occurrence, for a recurring review) lies "
        "certainly before the agreement's ``start`` or after its ``end``. Only certain "
        "violations are reported: a window that straddles the start is not a finding. "
        "Cancelled reviews are not checked."
    ),
    why="A review outside the term does not follow up on the agreement it belongs to.",
    failing=_REV002_FAILING,
    fixed=_REV002_FIXED,
    messages={
        "default": "review {milestone!r} is due {due}, outside the term {start} to {end}",
    },
)
def review_outside_term(ctx: Context) -> Iterator[Violation]:
    """Yield each review certainly outside its agreement's term."""
    for agreement in ctx.portfolio.agreements:
        start, end = agreement.start, agreement.end
        if start is None and end is None:
            continue
        for milestone in agreement.milestones:
            due = milestone.due
            if (
                milestone.kind is not MilestoneKind.REVIEW
                or milestone.status is MilestoneStatus.CANCELLED
                or due is None
            ):
                continue
            before = start is not None and due.latest < start
            after = end is not None and due.earliest is not None and due.earliest > end
            if before or after:
                yield Violation(
                    subject=milestone.id,
                    at=milestone,
                    key="due",
                    agreement=agreement.id,
                    evidence={
                        "agreement": agreement.id,
                        "milestone": milestone.id,
                        "due": str(due),
                        "start": start.isoformat() if start else "the start",
                        "end": end.isoformat() if end else "its open end",
                    },
                )


_REV003_FAILING = (
    _HEAD
    + """
[[agreements.milestones]]
id = "opfoelgning"
title = "Mindst en gang om året"
kind = "review"
every = "1 year"
"""
)
_REV003_FIXED = _REV003_FAILING.replace(
    'every = "1 year"', 'every = "1 year"\ndue = "primo marts 2022"'
)


@rule(
    "REV003",
    name="undated-recurring-review",
    severity="warning",
    summary="a recurring review is promised but has no date",
    description=(
        "A review milestone with ``every`` but no ``due`` (*mindst en gang om året*) is "
        "a cadence promised but not yet dated. ``REV001`` counts it as if it began at the "
        "agreement's start."
    ),
    why="A review nobody has put in the calendar is easily forgotten.",
    failing=_REV003_FAILING,
    fixed=_REV003_FIXED,
    messages={"default": "review {milestone!r} recurs every {every} but has no date"},
)
def undated_recurring_review(ctx: Context) -> Iterator[Violation]:
    """Yield each recurring review without a date."""
    for agreement in ctx.portfolio.agreements:
        for milestone in agreement.milestones:
            if (
                milestone.kind is MilestoneKind.REVIEW
                and milestone.every is not None
                and milestone.due is None
                and milestone.status is not MilestoneStatus.CANCELLED
            ):
                yield Violation(
                    subject=milestone.id,
                    at=milestone,
                    key="every",
                    agreement=agreement.id,
                    evidence={
                        "agreement": agreement.id,
                        "milestone": milestone.id,
                        "every": str(milestone.every),
                    },
                )
