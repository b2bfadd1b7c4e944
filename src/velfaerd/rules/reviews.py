"""The review rules (``REV``): an annual review scheduled, within the term.

* ``REV001`` — the agreement has no review in its term, or a stretch of its term longer
  than ``review_every`` has none (*annual review scheduled*);
* ``REV002`` — a review milestone lies outside the agreement's term;
* ``REV003`` — a recurring review is promised but has no date;
* ``REV004`` — an occurrence of a recurring review has ended and has no record;
* ``REV005`` — a review recorded cancelled or not met leaves a stretch longer than
  ``review_every`` (``REV001`` over what happened, not what was planned).
"""

from __future__ import annotations

import bisect
import itertools
from typing import TYPE_CHECKING

import attrs

from velfaerd.dates import DateWindow, Period
from velfaerd.model import (
    Agreement,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    Occurrence,
    OccurrenceStatus,
)
from velfaerd.rules import Context, Violation, rule
from velfaerd.rules._examples import AGREEMENT, YEARLY_REVIEW
from velfaerd.rules._recurrence import Recurrence, fits

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator

__all__ = [
    "annual_review_scheduled",
    "review_not_held",
    "review_outside_term",
    "review_without_record",
    "undated_recurring_review",
]

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

#: Each recurring review's occurrences, by its position in the agreement.
_Series = dict[int, "_Occurrences"]

#: A recurring review that may run longer than ``review_every`` between two of its
#: occurrences is listed occurrence by occurrence, up to this many in the term.
MAX_LISTED = 10_000


@attrs.frozen
class _Occurrences:
    """A recurring review's occurrences, read arithmetically (see ``_recurrence``)."""

    recurrence: Recurrence
    fits: bool  # never longer than review_every between two occurrences
    truncated: bool = False  # listed only up to MAX_LISTED: it goes on after the last

    @property
    def every(self) -> Period:
        return self.recurrence.every

    def window(self, k: int) -> DateWindow:
        return _counted(self.recurrence.window(k))

    def continues(self, k: int) -> bool:
        """Whether an occurrence follows the ``k``-th (beyond the term's end counts)."""
        return self.truncated or self.recurrence.continues or k + 1 < self.recurrence.count


@attrs.frozen
class _Bound:
    """One end of a stretch: the term's start or end, or an occurrence of a review."""

    window: DateWindow  # never a deadline: a deadline review counts at its latest day
    shown: DateWindow | None = None  # the date as written, where the term clips ``window``
    milestone: str | None = None  # the review's id; None for the term's start and end
    series: int = -1  # the recurring review's position in the agreement, else -1
    occurrence: int = 0  # which occurrence of the recurring review


@attrs.frozen
class _Reading:
    """How long a stretch may be, and whether it is certainly or possibly too long."""

    certain: bool
    possible: bool
    shortest: int
    longest: int


def _counted(window: DateWindow) -> DateWindow:
    # A deadline review counts at its latest day.
    return DateWindow.exact(window.latest) if window.earliest is None else window


def _too_long(earlier: dt.date, later: dt.date, period: Period) -> bool:
    # Exactly one period is fine; beyond the last date Python holds nothing is too long.
    try:
        return later > period.after(earlier)
    except OverflowError:
        return False


def _between(a: DateWindow, b: DateWindow, period: Period) -> _Reading:
    # Two bounds read as windows: shortest from a.latest to b.earliest, longest the reverse.
    certain = _too_long(a.latest, b.first_day, period)
    return _Reading(
        certain=certain,
        possible=not certain and _too_long(a.first_day, b.latest, period),
        shortest=(b.first_day - a.latest).days,
        longest=(b.latest - a.first_day).days,
    )


def _cadence(window: DateWindow, every: Period, period: Period) -> _Reading:
    # From an occurrence to the next of the same review: exactly ``every``, from the same
    # day, which may be any day of the window (compare at its earliest and latest).
    lengths: list[int] = []
    too_long: list[bool] = []
    for day in sorted({window.first_day, window.latest}):
        try:
            following = every.after(day)
        except OverflowError:
            continue  # beyond the last date Python holds: nothing is too long
        lengths.append((following - day).days)
        too_long.append(_too_long(day, following, period))
    certain = bool(too_long) and all(too_long)
    return _Reading(
        certain=certain,
        possible=not certain and any(too_long),
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
    for position, milestone in enumerate(agreement.milestones):
        if milestone.kind is not MilestoneKind.REVIEW or ctx.index.is_cancelled(milestone):
            continue
        if milestone.every is None:
            if milestone.due is not None:
                single.extend(_bound(milestone.id, _counted(milestone.due), (-1, 0), term))
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
        milestone_id = agreement.milestones[position].id
        for k in sorted(_kept(occurrences, first, last, anchors, alone=alone)):
            bounds.extend(_bound(milestone_id, occurrences.window(k), (position, k), term))
    bounds.sort(key=lambda b: (b.window.earliest, b.window.latest, b.milestone, b.occurrence))
    return bounds, series


def _recurrence(ctx: Context, agreement: Agreement, milestone: Milestone) -> Recurrence:
    """The occurrences of one of the agreement's recurring reviews, made once per check.

    ``REV001``, ``REV004`` and ``REV005`` read the same reviews; the occurrences each
    computes are kept in the one :class:`Recurrence` for the others.
    """
    return ctx.index.once(
        "recurrence",
        milestone,
        lambda review: Recurrence.of(ctx.index, agreement, review),
        within=agreement,
    )


def _series(
    ctx: Context, agreement: Agreement, milestone: Milestone, start: dt.date
) -> tuple[_Occurrences, tuple[int, int] | None]:
    """A recurring review's occurrences, and the first and last in the term (if any)."""
    counted = milestone
    if milestone.due is None:
        # Promised but undated (REV003): counts as if it began at the start.
        counted = attrs.evolve(milestone, due=DateWindow.exact(start))
    recurrence = (
        _recurrence(ctx, agreement, milestone)
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
        reviews, series = _reviews(ctx, agreement, start)
        if not reviews:
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
        bounds = [_Bound(DateWindow.exact(start)), *reviews]
        last_day = agreement.end
        if last_day is None and ctx.as_of is not None and ctx.as_of > reviews[-1].window.latest:
            last_day = ctx.as_of
        if last_day is not None:
            bounds.append(_Bound(DateWindow.exact(last_day)))
        yield from _stretches(agreement, bounds, series, period)


_FINE = _Reading(certain=False, possible=False, shortest=0, longest=0)


def _reading(first: _Bound, second: _Bound, series: _Series, period: Period) -> _Reading:
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
    readings = [_between(first.window, second.window, period)]
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
    return _Reading(
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
        first = None if start is None else DateWindow.exact(start)
        last = None if end is None else DateWindow.exact(end)
        for milestone in agreement.milestones:
            due = milestone.due
            if (
                milestone.kind is not MilestoneKind.REVIEW
                or milestone.status is MilestoneStatus.CANCELLED
                or due is None
            ):
                continue
            if first is not None and due.certainly_before(first):
                variant = "before"
            elif last is not None and last.certainly_before(due):
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


# REV004 -------------------------------------------------------------------------------

_REV004_FAILING = (
    YEARLY_REVIEW
    + """
[[agreements.milestones.occurrences]]
due = "marts 2022"
status = "met"
held_on = 2022-03-08
minutes = "https://dagsordener.esbjerg.dk/bfu/2022-03-08"
"""
)
_REV004_FIXED = (
    _REV004_FAILING
    + """
[[agreements.milestones.occurrences]]
due = "marts 2023"
status = "met"
held_on = 2023-03-07

[[agreements.milestones.occurrences]]
due = "marts 2024"
status = "moved"
moved_to = "april 2024"
note = "Flyttet til efter vinterferien."
"""
)
#: The most dates of occurrences without a record that a finding names (the latest).
_MAX_NAMED = 3


def _recurring_reviews(agreement: Agreement) -> Iterator[Milestone]:
    """The agreement's recurring reviews with a date that are not cancelled."""
    for milestone in agreement.milestones:
        if (
            milestone.kind is MilestoneKind.REVIEW
            and milestone.every is not None
            and milestone.due is not None
            and milestone.status is not MilestoneStatus.CANCELLED
        ):
            yield milestone


@rule(
    "REV004",
    name="review-without-record",
    severity="warning",
    summary="an occurrence of a recurring review has ended and has no record",
    description=(
        "With an as-of date, each occurrence of a recurring review (``every``) whose "
        "window has ended (its latest day is before the as-of date) needs a record in "
        "``occurrences``: was it held (``met``), moved, cancelled? One finding per "
        "review, counting the occurrences without a record and naming the latest of "
        "them. Only occurrences up to ``until`` or the agreement's end count; cancelled "
        "reviews are not checked. A single review past due with no status is "
        "``MIL005``'s."
    ),
    why=(
        "An agreement is followed up only if someone writes down that the review took "
        "place; a review nobody recorded may never have been held."
    ),
    failing=_REV004_FAILING,
    fixed=_REV004_FIXED,
    messages={
        "default": (
            "review {milestone!r} has {count} occurrences that have ended without a record "
            "of whether they were held (the latest: {dates})"
        ),
        "one": "review {milestone!r} was due {due}, and nothing records whether it was held",
    },
    needs_as_of=True,
)
def review_without_record(ctx: Context) -> Iterator[Violation]:
    """Yield each recurring review with ended occurrences that have no record.

    :param ctx: the checking context (with ``as_of``).
    :return: one violation per review, at its ``every``.
    """
    as_of = ctx.as_of
    if as_of is None:  # pragma: no cover - the engine runs it only with as_of
        return
    for agreement in ctx.portfolio.agreements:
        for milestone in _recurring_reviews(agreement):
            recurrence = _recurrence(ctx, agreement, milestone)
            ended = min(
                recurrence.count,
                recurrence.first_at_or_after(lambda day: day >= as_of, latest=True, near=as_of),
            )
            records = ctx.index.records(agreement, milestone)
            count = ended - sum(1 for k in records if k < ended)
            if count <= 0:
                continue
            missing: list[str] = []
            k = ended - 1
            while k >= 0 and len(missing) < _MAX_NAMED:
                if k not in records:
                    missing.append(str(recurrence.window(k)))
                k -= 1
            yield Violation(
                subject=milestone.id,
                at=milestone,
                key="every",
                agreement=agreement.id,
                variant="one" if count == 1 else "default",
                evidence={
                    "agreement": agreement.id,
                    "milestone": milestone.id,
                    "count": count,
                    "due": missing[0],
                    "dates": ", ".join(missing),
                    "as_of": as_of.isoformat(),
                },
            )


# REV005 -------------------------------------------------------------------------------

_REV005_FAILING = (
    YEARLY_REVIEW
    + """
[[agreements.milestones.occurrences]]
due = "marts 2023"
status = "cancelled"
note = "Aflyst: udvalget nåede det ikke inden sommerferien."
"""
)
_REV005_FIXED = _REV005_FAILING.replace(
    'status = "cancelled"', 'status = "moved"\nmoved_to = "juni 2023"'
)

#: What a review that did not take place was recorded as.
_NOT_HELD = frozenset({OccurrenceStatus.CANCELLED, OccurrenceStatus.NOT_MET})


@attrs.frozen
class _Held:
    """A review as it took place (or is still planned): when, and which one."""

    window: DateWindow
    milestone: str


def _happened(record: Occurrence | None, scheduled: DateWindow) -> DateWindow:
    """When an occurrence took place: held, moved, or as scheduled (a deadline: its day)."""
    if record is not None:
        if record.held_on is not None:
            return _counted(record.held_on)
        if record.status is OccurrenceStatus.MOVED and record.moved_to is not None:
            return _counted(record.moved_to)
    return _counted(scheduled)


@attrs.frozen
class _Failed:
    """Reviews recorded as not held, one after another: which, when, how recorded.

    For a recurring review, a run of consecutive occurrences not held is one: ``due``
    is its first, ``last`` its last (one stretch, looked for once).
    """

    milestone: Milestone
    due: DateWindow
    status: str
    last: DateWindow


def _runs(failed: list[int]) -> dict[int, tuple[int, int]]:
    """Each of the sorted ``failed`` occurrences, to the first and last of its run."""
    runs: dict[int, tuple[int, int]] = {}
    first = 0
    while first < len(failed):
        last = first
        while last + 1 < len(failed) and failed[last + 1] == failed[last] + 1:
            last += 1
        for k in failed[first : last + 1]:
            runs[k] = (failed[first], failed[last])
        first = last + 1
    return runs


@attrs.frozen
class _HeldSeries:
    """A recurring review's occurrences, its records, and its runs of occurrences not held."""

    milestone: Milestone
    recurrence: Recurrence
    records: dict[int, Occurrence]
    runs: dict[int, tuple[int, int]]

    def held(self, k: int, step: int) -> _Held | None:
        """The occurrence ``k``, or the first held one from it in the direction ``step``."""
        if k in self.runs:
            first, last = self.runs[k]
            k = first - 1 if step < 0 else last + 1
        if k < 0 or k >= self.recurrence.count:
            return None
        window = _happened(self.records.get(k), self.recurrence.window(k))
        return _Held(window, self.milestone.id)


class _Reviews:
    """The reviews of an agreement as they took place, to look up around a stretch.

    Single reviews sorted by their first day (with the latest end so far, for the one
    before a day); recurring ones read arithmetically, stepping over a run of
    occurrences not held in one step: every lookup is logarithmic.
    """

    def __init__(self, ctx: Context, agreement: Agreement) -> None:
        singles: list[_Held] = []
        self.series: list[_HeldSeries] = []
        self.failed: list[_Failed] = []
        for milestone in agreement.milestones:
            if milestone.kind is not MilestoneKind.REVIEW or ctx.index.is_cancelled(milestone):
                continue
            if milestone.every is None:
                if milestone.due is None:
                    continue
                if milestone.status is MilestoneStatus.NOT_MET:
                    status = milestone.status.value
                    self.failed.append(_Failed(milestone, milestone.due, status, milestone.due))
                else:
                    singles.append(_Held(_counted(milestone.due), milestone.id))
                continue
            if milestone.due is not None:
                self._add_series(ctx, agreement, milestone)
        singles.sort(key=lambda held: (held.window.first_day, held.window.latest))
        self.singles = singles
        self._firsts = [held.window.first_day for held in singles]
        # The single with the latest end among the first i + 1.
        self._latest: list[_Held] = []
        for held in singles:
            best = self._latest[-1] if self._latest else held
            self._latest.append(held if held.window.latest > best.window.latest else best)

    def _add_series(self, ctx: Context, agreement: Agreement, milestone: Milestone) -> None:
        recurrence = _recurrence(ctx, agreement, milestone)
        records = ctx.index.records(agreement, milestone)
        not_held = sorted(
            k for k, r in records.items() if r.status in _NOT_HELD and k < recurrence.count
        )
        runs = _runs(not_held)
        self.series.append(_HeldSeries(milestone, recurrence, records, runs))
        done: set[int] = set()
        for k in not_held:
            first, last = runs[k]
            if first in done:
                continue
            done.add(first)
            status = records[first].status.value
            window, end = recurrence.window(first), recurrence.window(last)
            self.failed.append(_Failed(milestone, window, status, end))

    def around(self, first: dt.date, last: dt.date) -> tuple[_Held | None, _Held | None]:
        """The last review held before ``first``, and the first after ``last``."""
        candidates_before: list[_Held] = []
        candidates_after: list[_Held] = []
        at = bisect.bisect_left(self._firsts, first)
        if at > 0:
            candidates_before.append(self._latest[at - 1])
        after_at = bisect.bisect_right(self._firsts, last)
        if after_at < len(self.singles):
            candidates_after.append(self.singles[after_at])
        for series in self.series:
            recurrence = series.recurrence
            k = recurrence.first_at_or_after(lambda d: d >= first, near=first)
            found = series.held(k - 1, -1) if k > 0 else None
            if found is not None:
                candidates_before.append(found)
            k = recurrence.first_at_or_after(lambda d: d > last, near=last)
            found = series.held(k, 1)
            if found is not None:
                candidates_after.append(found)
        before = max(candidates_before, key=lambda h: h.window.latest, default=None)
        after = min(candidates_after, key=lambda h: h.window.first_day, default=None)
        return before, after


@rule(
    "REV005",
    name="review-not-held",
    severity="error",
    summary="a review recorded as cancelled or not met leaves a stretch longer than review_every",
    description=(
        "``REV001`` over what happened, not what was planned: a review occurrence "
        "recorded ``cancelled`` or ``not_met`` (in ``occurrences``, or the ``status`` "
        "of a single review that is ``not_met``) does not count, and the stretch from "
        "the review before it (or the term's start) to the review after it (or the "
        "term's end) must still be no longer than ``review_every``. Reviews count when "
        "they were held (``held_on``), where they were moved (``moved_to``), or as "
        "planned. If even the shortest reading of the stretch is too long it is an "
        "error; if only the longest is, a warning. One finding per stretch, at the "
        "review that was not held."
    ),
    why=(
        "A review that was cancelled is a year in which nobody followed up on the "
        "agreement: the plan was right, but what happened was not."
    ),
    failing=_REV005_FAILING,
    fixed=_REV005_FIXED,
    messages={
        "default": (
            "review {milestone!r} due {due} was {status}: from {from_date} to {to_date} "
            "no review was held, longer than {review_every}"
        ),
    },
)
def review_not_held(ctx: Context) -> Iterator[Violation]:
    """Yield each stretch a review that was not held leaves too long.

    :param ctx: the checking context.
    :return: one violation per stretch, at the record of the review not held.
    """
    for agreement in ctx.portfolio.agreements:
        period, start = agreement.review_every, agreement.start
        if period is None or start is None or (agreement.end is not None and agreement.end < start):
            continue
        if not any(m.kind is MilestoneKind.REVIEW for m in agreement.milestones):
            continue
        reviews = _Reviews(ctx, agreement)
        if not reviews.failed:
            continue
        term_start = _Held(DateWindow.exact(start), "")
        end = agreement.end if agreement.end is not None else ctx.as_of
        term_end = None if end is None else _Held(DateWindow.exact(end), "")
        seen: set[tuple[DateWindow, DateWindow]] = set()
        for fail in reviews.failed:
            before, after = reviews.around(fail.due.first_day, fail.last.first_day)
            if before is None or before.window.latest < start:
                before = term_start
            if term_end is not None and (
                after is None or after.window.first_day > term_end.window.latest
            ):
                after = term_end
            if after is None or (before.window, after.window) in seen:
                continue
            seen.add((before.window, after.window))
            reading = _between(before.window, after.window, period)
            if not reading.certain and not reading.possible:
                continue
            yield Violation(
                subject=fail.milestone.id,
                at=fail.milestone,
                key="occurrences" if fail.milestone.every is not None else "status",
                possible=not reading.certain,
                agreement=agreement.id,
                evidence={
                    "agreement": agreement.id,
                    "milestone": fail.milestone.id,
                    "due": str(fail.due),
                    "status": fail.status,
                    "from_date": str(before.window),
                    "to_date": str(after.window),
                    "review_every": str(period),
                },
            )
