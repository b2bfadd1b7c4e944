"""The review rules (``REV``) over the plan: an annual review scheduled, within the term.

* ``REV001`` — the agreement has no review in its term, or a stretch of its term longer
  than ``review_every`` has none (*annual review scheduled*);
* ``REV002`` — a review milestone lies outside the agreement's term;
* ``REV003`` — a recurring review is promised but has no date.

The reviews as they were held (``REV004``, ``REV005``) are
:mod:`velfaerd.rules.reviews_held`'s.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import attrs

from velfaerd.dates import DateWindow, Period
from velfaerd.model import (
    Agreement,
    Milestone,
    MilestoneKind,
)
from velfaerd.rules import Context, Violation, rule
from velfaerd.rules._examples import AGREEMENT, YEARLY_REVIEW
from velfaerd.rules._recurrence import Recurrence, fits
from velfaerd.rules._shared import reviews
from velfaerd.rules._stretches import Reading, between, counted, too_long

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator

__all__ = ["annual_review_scheduled", "review_outside_term", "undated_recurring_review"]

_HEAD = AGREEMENT

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

#: Each recurring review's occurrences, by its position among the agreement's reviews.
_Series = dict[int, "_Occurrences"]

#: A recurring review that may run longer than ``review_every`` between two of its
#: occurrences is listed occurrence by occurrence, up to this many in the term.
MAX_LISTED = 10_000


@attrs.frozen
class _Occurrences:
    """A recurring review's occurrences, read arithmetically (see ``Recurrence``)."""

    recurrence: Recurrence
    fits: bool  # never longer than review_every between two occurrences
    truncated: bool = False  # listed only up to MAX_LISTED: it goes on after the last

    @property
    def every(self) -> Period:
        return self.recurrence.every

    def window(self, k: int) -> DateWindow:
        return counted(self.recurrence.window(k))

    def continues(self, k: int) -> bool:
        """Whether an occurrence follows the ``k``-th (beyond the term's end counts)."""
        return self.truncated or self.recurrence.continues or k + 1 < self.recurrence.count


@attrs.frozen
class _Bound:
    """One end of a stretch: the term's start or end, or an occurrence of a review."""

    window: DateWindow  # never a deadline: a deadline review counts at its latest day
    shown: DateWindow | None = None  # the date as written, where the term clips ``window``
    milestone: str | None = None  # the review's id; None for the term's start and end
    series: int = -1  # the recurring review's position among the reviews, else -1
    occurrence: int = 0  # which occurrence of the recurring review


def _cadence(window: DateWindow, every: Period, period: Period) -> Reading:
    # From an occurrence to the next of the same review: exactly ``every``, from the same
    # day, which may be any day of the window (compare at its earliest and latest).
    lengths: list[int] = []
    over: list[bool] = []
    for day in sorted({window.first_day, window.latest}):
        try:
            following = every.after(day)
        except OverflowError:
            continue  # beyond the last date Python holds: nothing is too long
        lengths.append((following - day).days)
        over.append(too_long(day, following, period))
    certain = bool(over) and all(over)
    return Reading(
        certain=certain,
        possible=not certain and any(over),
        shortest=min(lengths, default=0),
        longest=max(lengths, default=0),
    )


def _clip(window: DateWindow, start: dt.date, end: dt.date | None) -> DateWindow:
    # A review counts from the day the term begins: its days before the start (or after
    # the end) are no reading of a stretch of the term.
    earliest = max(window.first_day, start)
    latest = window.latest if end is None else min(window.latest, end)
    return DateWindow(earliest, latest)


def _reviews(ctx: Context, agreement: Agreement, start: dt.date) -> tuple[list[_Bound], _Series]:
    """The occurrences of an agreement's reviews in its term that a stretch can end at.

    A recurring review that fits ``review_every`` bounds every stretch that begins or
    ends at one of its occurrences, except at its first and last: only those, and the
    occurrences next to the other reviews and the term's ends, are kept; the ones in
    between would only give stretches that are fine.
    """
    term = (start, agreement.end)
    single: list[_Bound] = []
    series: _Series = {}
    spans: dict[int, tuple[int, int]] = {}
    found = reviews(ctx, agreement)
    for position, milestone in enumerate(found):
        if milestone.every is None:
            if milestone.due is not None:
                single.extend(_bound(milestone.id, counted(milestone.due), (-1, 0), term))
            continue
        series[position], span = _series(ctx, agreement, milestone, start)
        if span is not None:
            spans[position] = span
    anchors = [start, *(b.window.first_day for b in single)]
    if agreement.end is not None:
        anchors.append(agreement.end)
    bounds = list(single)
    alone = len(spans) == 1 and not single
    for position, (first, last) in spans.items():
        occurrences = series[position]
        milestone_id = found[position].id
        for k in sorted(_kept(occurrences, first, last, anchors, alone=alone)):
            bounds.extend(_bound(milestone_id, occurrences.window(k), (position, k), term))
    bounds.sort(key=lambda b: (b.window.earliest, b.window.latest, b.milestone, b.occurrence))
    return bounds, series


def _series(
    ctx: Context, agreement: Agreement, milestone: Milestone, start: dt.date
) -> tuple[_Occurrences, tuple[int, int] | None]:
    """A recurring review's occurrences, and the first and last in the term (if any)."""
    counted = milestone
    if milestone.due is None:
        # Promised but undated (REV003): counts as if it began at the start.
        counted = attrs.evolve(milestone, due=DateWindow.exact(start))
    recurrence = (
        Recurrence.shared(ctx.index, agreement, milestone)
        if counted is milestone
        else Recurrence.of(ctx.index, agreement, counted)  # made here: not the portfolio's
    )
    period = agreement.review_every
    every = recurrence.every
    occurrences = _Occurrences(recurrence, fits=period is not None and fits(every, period))
    first, last = _in_term(recurrence, start, agreement.end)
    if first > last:
        return occurrences, None
    if not occurrences.fits and last - first >= MAX_LISTED:
        last = first + MAX_LISTED - 1
        occurrences = attrs.evolve(occurrences, truncated=True)
    return occurrences, (first, last)


def _kept(
    occurrences: _Occurrences, first: int, last: int, anchors: list[dt.date], *, alone: bool
) -> set[int]:
    """The occurrences a stretch that matters can begin or end at.

    ``alone``: this is the agreement's only review; then, when it fits, the stretches
    between its occurrences are fine, and only its first and last in the term meet the
    term's ends.
    """
    if not occurrences.fits:
        return set(range(first, last + 1))
    kept = {first, last}
    if alone:
        return kept
    for anchor in anchors:

        def reached(day: dt.date, anchor: dt.date = anchor) -> bool:
            return day >= anchor

        near = occurrences.recurrence.first_at_or_after(reached, near=anchor)
        kept.update(k for k in range(near - 2, near + 3) if first <= k <= last)
    return kept


def _bound(
    milestone: str,
    window: DateWindow,
    occurrence: tuple[int, int],
    term: tuple[dt.date, dt.date | None],
) -> list[_Bound]:
    start, end = term
    if window.latest < start or (end is not None and window.first_day > end):
        return []  # only occurrences that overlap the term count
    series, k = occurrence
    return [
        _Bound(
            window=_clip(window, start, end),
            shown=window,
            milestone=milestone,
            series=series,
            occurrence=k,
        )
    ]


def _in_term(recurrence: Recurrence, start: dt.date, end: dt.date | None) -> tuple[int, int]:
    """The first and last occurrence that overlap the term (first > last: none)."""
    first = recurrence.first_at_or_after(lambda day: day >= start, latest=True, near=start)
    last = recurrence.count - 1
    if end is not None:
        last = min(last, recurrence.first_after(end) - 1)
    return first, last


@rule(
    "REV001",
    name="annual-review-scheduled",
    severity="error",
    summary="the agreement lacks a review in its term, or in a stretch longer than review_every",
    description=(
        "*Annual review scheduled.* An agreement with ``review_every`` (one year unless "
        'set; none for an implementation plan; ``"none"`` turns it off) and a start '
        "needs review milestones so that no stretch of its term — from the start to the "
        "first review, between two reviews, from the last review to the end — is longer "
        "than ``review_every``: a stretch is too long when its later bound falls after "
        "its earlier bound plus ``review_every`` (calendar arithmetic; exactly "
        "``review_every`` is fine; the end is the term's last day). Reviews are the "
        "milestones of kind ``review`` that are not cancelled; recurring reviews "
        "(``every``) count occurrence by occurrence; a deadline review counts at its "
        "latest day; a recurring review with no date counts as if it began at the start; "
        "a review with neither ``due`` nor ``every`` counts for nothing. Only "
        "occurrences that overlap the term count, and only with their days in the term "
        "(a review in *marts* of a term that begins 15 March counts from the 15th). "
        "With none, the finding says the term has no review. An open-ended term's last "
        "stretch runs to ``as_of`` when it is given and later than the last review, and "
        "is not checked otherwise. With approximate dates: if even the shortest reading "
        "of a stretch (from the latest day of its earlier bound to the earliest day of "
        "its later one) is too long, it is an error; if only the longest reading is, a "
        "warning. Refinement: between two consecutive occurrences of the same recurring "
        "review the stretch is exactly its ``every``, from the same day each period, so "
        "it is compared from the earlier occurrence's earliest and its latest day (too "
        "long from both: an error; from one: a warning) — otherwise a yearly review in "
        "*marts* would be a possible violation every year. For the same reason a stretch "
        "that ends at an occurrence of a recurring review, or begins at one that recurs "
        "again later, is no longer than that review's ``every``, whatever lies between. "
        "One finding per stretch that is too long, naming its two dates."
    ),
    why=(
        "The council follows up on its agreements once a year: a year without a review "
        "is a year in which nobody checks that the agreement is kept."
    ),
    failing=_REV001_FAILING,
    fixed=_REV001_FIXED,
    messages={
        "none": "agreement {agreement!r} has no review milestone in its term",
        "none-kind": "agreement {agreement!r} has no review milestone in its term; only "
        'milestones of kind = "review" count, and {others} here have another kind '
        "({kinds})",
        "stretch": "no review from {from} to {to}: longer than {review_every}",
        "stretch-possible": "possibly no review from {from} to {to}: it may be longer than "
        "{review_every}",
        "default": "agreement {agreement!r} lacks a review",
    },
)
def annual_review_scheduled(ctx: Context) -> Iterator[Violation]:
    """Yield each agreement without reviews in its term, and each stretch too long.

    :param ctx: the checking context; ``ctx.as_of`` ends an open-ended term's last
        stretch.
    :return: a ``"none"`` violation, or one ``"stretch"`` violation per stretch too long
        (``possible`` when only its longest reading is), at the agreement.
    """
    for agreement in ctx.portfolio.agreements:
        period = agreement.review_every
        start = agreement.start
        if period is None or start is None:
            continue
        if agreement.end is not None and agreement.end < start:
            continue  # a reversed term is AGR001's
        if _quiet(reviews(ctx, agreement), start, agreement.end, period):
            continue
        found, series = _reviews(ctx, agreement, start)
        if not found:
            # Meetings and the like do not count: say so, as a user may have meant one.
            kinds = sorted(
                {
                    m.kind.value
                    for m in agreement.milestones
                    if m.kind in {MilestoneKind.MEETING, MilestoneKind.CONFERENCE}
                }
            )
            others = sum(1 for m in agreement.milestones if m.kind.value in kinds)
            yield Violation(
                subject=agreement.id,
                at=agreement,
                variant="none-kind" if kinds else "none",
                agreement=agreement.id,
                evidence={
                    "agreement": agreement.id,
                    "review_every": str(period),
                    "start": start.isoformat(),
                    "end": None if agreement.end is None else agreement.end.isoformat(),
                    **({"others": others, "kinds": ", ".join(kinds)} if kinds else {}),
                },
            )
            continue
        bounds = [_Bound(DateWindow.exact(start)), *found]
        last_day = agreement.end
        if last_day is None and ctx.as_of is not None and ctx.as_of > found[-1].window.latest:
            last_day = ctx.as_of
        if last_day is not None:
            bounds.append(_Bound(DateWindow.exact(last_day)))
        yield from _stretches(agreement, bounds, series, period)


def _quiet(found: list[Milestone], start: dt.date, end: dt.date | None, period: Period) -> bool:
    """Whether an agreement certainly has no stretch too long: ``REV001``'s fast path.

    The commonest plan: one review, recurring from a ``due`` in the term with an
    ``every`` that fits ``review_every``, and no ``until``. Its first occurrence is
    ``due`` itself; every stretch after it begins at an occurrence that recurs again
    (the review goes on after the term), so it is fine (see :func:`_reading`); only
    the stretch from the start to ``due`` is read, and it is too long exactly when its
    longest reading is: from the start to ``due``'s latest day in the term. When this
    is false, the agreement is read in full.
    """
    if len(found) != 1:
        return False
    review = found[0]
    due, every = review.due, review.every
    if due is None or every is None or review.until is not None or not fits(every, period):
        return False
    if due.latest < start or (end is not None and due.first_day > end):
        return False  # the first occurrence in the term is a later one
    return not too_long(start, due.latest if end is None else min(due.latest, end), period)


_FINE = Reading(certain=False, possible=False, shortest=0, longest=0)


def _reading(first: _Bound, second: _Bound, series: _Series, period: Period) -> Reading:
    """Read the stretch from ``first`` to ``second``."""
    if _bounded_by_fitting(first, second, series):
        return _FINE
    if first.series >= 0 and first.series == second.series:
        occurrences = series[first.series]
        if second.occurrence == first.occurrence + 1:
            # Two consecutive occurrences of one review: exactly its every apart.
            return _cadence(occurrences.window(first.occurrence), occurrences.every, period)
        if second.occurrence > first.occurrence + 1:
            # Occurrences in between were left out: each step between them fits.
            return _FINE
    readings = [between(first.window, second.window, period)]
    if second.series >= 0 and second.occurrence > 0:
        # The occurrence before ``second`` lies before ``first``: no longer than every.
        occurrences = series[second.series]
        readings.append(
            _cadence(occurrences.window(second.occurrence - 1), occurrences.every, period)
        )
    if first.series >= 0 and series[first.series].continues(first.occurrence):
        # The occurrence after ``first`` lies after ``second`` (perhaps after the term's
        # end): no longer than every.
        occurrences = series[first.series]
        readings.append(_cadence(occurrences.window(first.occurrence), occurrences.every, period))
    # Each reading bounds the stretch from above: it is too long only if all allow it.
    certain = all(r.certain for r in readings)
    return Reading(
        certain=certain,
        possible=not certain and all(r.certain or r.possible for r in readings),
        shortest=min(r.shortest for r in readings),
        longest=min(r.longest for r in readings),
    )


def _bounded_by_fitting(first: _Bound, second: _Bound, series: _Series) -> bool:
    """Whether a review that fits ``review_every`` bounds the stretch: then it is fine.

    The readings :func:`_reading` takes of a recurring review's ``every`` are never too
    long when that review fits; the stretch is too long only if every reading is, so
    one such reading settles it without computing any.
    """
    if first.series >= 0:
        occurrences = series[first.series]
        if occurrences.fits and (
            (first.series == second.series and second.occurrence >= first.occurrence + 1)
            or occurrences.continues(first.occurrence)
        ):
            return True
    return second.series >= 0 and second.occurrence > 0 and series[second.series].fits


def _stretches(
    agreement: Agreement, bounds: list[_Bound], series: _Series, period: Period
) -> Iterator[Violation]:
    for first, second in itertools.pairwise(bounds):
        reading = _reading(first, second, series, period)
        if not (reading.certain or reading.possible):
            continue
        yield Violation(
            subject=agreement.id,
            at=agreement,
            variant="stretch",
            possible=not reading.certain,
            agreement=agreement.id,
            evidence={
                "agreement": agreement.id,
                "from": str(first.shown or first.window),
                "to": str(second.shown or second.window),
                "from_review": first.milestone,
                "to_review": second.milestone,
                "review_every": str(period),
                "shortest_days": reading.shortest,
                "longest_days": reading.longest,
            },
        )


_REV002_FAILING = (
    YEARLY_REVIEW
    + """
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
        "A review milestone's ``due`` (its first occurrence, for a recurring review: "
        "later occurrences simply stop at the end) lies certainly before the agreement's "
        "``start`` or certainly after its ``end`` (when it has one). Only certain "
        "violations are reported: a window that straddles the start or the end is not a "
        "finding, and a deadline is never certainly after anything. Cancelled reviews "
        "are not checked, nor the reviews of an agreement whose term is reversed "
        "(``AGR001``'s)."
    ),
    why="A review outside the term does not follow up on the agreement it belongs to.",
    failing=_REV002_FAILING,
    fixed=_REV002_FIXED,
    messages={
        "default": "review {milestone!r} is due {due}, outside the term {start} to {end}",
        "before": "review {milestone!r} is due {due}, before agreement {agreement!r} "
        "starts on {start}",
        "after": "review {milestone!r} is due {due}, after agreement {agreement!r} ends on {end}",
    },
)
def review_outside_term(ctx: Context) -> Iterator[Violation]:
    """Yield each review whose ``due`` lies certainly outside its agreement's term.

    :param ctx: the checking context.
    :return: one ``"before"`` or ``"after"`` violation per review, at its ``due``.
    """
    for agreement in ctx.portfolio.agreements:
        start, end = agreement.start, agreement.end
        if start is not None and end is not None and end < start:
            continue  # a reversed term is AGR001's
        for milestone in reviews(ctx, agreement):
            due = milestone.due
            if due is None:
                continue
            # Certainly before the start's day, or the end's day certainly before it
            # (DateWindow.certainly_before), compared as dates: no window made per term.
            if start is not None and due.latest < start:
                variant = "before"
            elif end is not None and due.earliest is not None and end < due.earliest:
                variant = "after"
            else:
                continue
            yield Violation(
                subject=milestone.id,
                at=milestone,
                key="due",
                variant=variant,
                agreement=agreement.id,
                evidence={
                    "agreement": agreement.id,
                    "milestone": milestone.id,
                    "due": str(due),
                    "start": None if start is None else start.isoformat(),
                    "end": None if end is None else end.isoformat(),
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
        "agreement's start. Cancelled reviews are not reported. Reported at its "
        "``every``."
    ),
    why="A review nobody has put in the calendar is easily forgotten.",
    failing=_REV003_FAILING,
    fixed=_REV003_FIXED,
    messages={"default": "review {milestone!r} recurs every {every} but has no date"},
)
def undated_recurring_review(ctx: Context) -> Iterator[Violation]:
    """Yield each review that recurs (``every``) but has no ``due``.

    :param ctx: the checking context.
    :return: one violation per review, at its ``every``.
    """
    for agreement in ctx.portfolio.agreements:
        for milestone in reviews(ctx, agreement):
            if milestone.every is not None and milestone.due is None:
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
