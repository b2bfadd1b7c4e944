"""The review rules (``REV``) over what happened: each review recorded, and held.

* ``REV004`` — an occurrence of a recurring review has ended and has no record;
* ``REV005`` — a review recorded cancelled or not met leaves a stretch longer than
  ``review_every`` (``REV001`` over what happened, not what was planned).

Both read format 1.2's records of occurrences; the reviews as planned are
:mod:`velfaerd.rules.reviews`.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

import attrs

from velfaerd.dates import DateWindow
from velfaerd.model import (
    Agreement,
    Milestone,
    MilestoneStatus,
    Occurrence,
    OccurrenceStatus,
)
from velfaerd.rules import Context, Violation, rule
from velfaerd.rules._examples import YEARLY_REVIEW
from velfaerd.rules._recurrence import Recurrence
from velfaerd.rules._shared import reviews
from velfaerd.rules._stretches import between, counted

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator

__all__ = ["review_not_held", "review_without_record"]


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


def _recurring_reviews(ctx: Context, agreement: Agreement) -> Iterator[Milestone]:
    """The agreement's recurring reviews with a date that are not cancelled."""
    for milestone in reviews(ctx, agreement):
        if milestone.every is not None and milestone.due is not None:
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
        for milestone in _recurring_reviews(ctx, agreement):
            recurrence = Recurrence.shared(ctx.index, agreement, milestone)
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


def _not_held(review: Milestone) -> bool:
    """Whether a review (not cancelled) may have been recorded as not held.

    ``REV005``'s fast path: a single review whose status is ``not_met``, or a recurring
    one with a record ``cancelled`` or ``not_met``. ``_Reviews.failed`` holds no review
    but these (and of a recurring one only the records that name an occurrence in its
    term), so an agreement with none has nothing to report.
    """
    if review.due is None:
        return False
    if review.every is None:
        return review.status is MilestoneStatus.NOT_MET
    return any(record.status in _NOT_HELD for record in review.occurrences)


@attrs.frozen
class _Held:
    """A review as it took place (or is still planned): when, and which one."""

    window: DateWindow
    milestone: str


def _happened(record: Occurrence | None, scheduled: DateWindow) -> DateWindow:
    """When an occurrence took place: held, moved, or as scheduled (a deadline: its day)."""
    if record is not None:
        if record.held_on is not None:
            return counted(record.held_on)
        if record.status is OccurrenceStatus.MOVED and record.moved_to is not None:
            return counted(record.moved_to)
    return counted(scheduled)


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
        for milestone in reviews(ctx, agreement):
            if milestone.every is None:
                if milestone.due is None:
                    continue
                if milestone.status is MilestoneStatus.NOT_MET:
                    status = milestone.status.value
                    self.failed.append(_Failed(milestone, milestone.due, status, milestone.due))
                else:
                    singles.append(_Held(counted(milestone.due), milestone.id))
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
        recurrence = Recurrence.shared(ctx.index, agreement, milestone)
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
        if not any(map(_not_held, reviews(ctx, agreement))):
            continue  # no review recorded as not held (almost every agreement): nothing to read
        held = _Reviews(ctx, agreement)
        if not held.failed:  # its records name no occurrence in the term
            continue
        term_start = _Held(DateWindow.exact(start), "")
        end = agreement.end if agreement.end is not None else ctx.as_of
        term_end = None if end is None else _Held(DateWindow.exact(end), "")
        seen: set[tuple[DateWindow, DateWindow]] = set()
        for fail in held.failed:
            before, after = held.around(fail.due.first_day, fail.last.first_day)
            if before is None or before.window.latest < start:
                before = term_start
            if term_end is not None and (
                after is None or after.window.first_day > term_end.window.latest
            ):
                after = term_end
            if after is None or (before.window, after.window) in seen:
                continue
            seen.add((before.window, after.window))
            reading = between(before.window, after.window, period)
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
