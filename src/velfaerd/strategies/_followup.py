"""Format 1.2's keys drawn valid: what happened at reviews, moved dates, indicators.

:func:`with_records` records every occurrence of an agreement's recurring reviews that
has ended by a day (``met``, ``partially_met`` or ``in_progress``: never a review that
was not held), so that ``REV004`` and ``REV005`` find nothing; :func:`with_format_1_2`
adds the rest — a moved activity and indicators whose targets are met by measurements
dated on their ``by`` — derived from a number, as format 1.1's keys are, so that a
drawn portfolio shrinks as well as before.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs

from velfaerd.dates import DateWindow, shift
from velfaerd.model import (
    Agreement,
    Better,
    Commitment,
    Indicator,
    IndicatorBaseline,
    Measurement,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    Occurrence,
    OccurrenceStatus,
    Target,
)
from velfaerd.strategies._content import INDICATORS, MINUTES, OCCURRENCE_NOTES, slug

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["indicator", "occurrence", "with_format_1_2", "with_records"]

#: The most occurrences of one review a drawn agreement records.
_MAX_RECORDS = 60
_HELD = (OccurrenceStatus.MET, OccurrenceStatus.PARTIALLY_MET, OccurrenceStatus.MET)


def occurrence(window: DateWindow, number: int) -> Occurrence:
    """A record of the scheduled occurrence ``window``: held on its first day."""
    status = _HELD[number % len(_HELD)]
    return Occurrence(
        due=window,
        status=status,
        held_on=DateWindow.exact(window.first_day),
        note=OCCURRENCE_NOTES[number % len(OCCURRENCE_NOTES)] if number % 2 else None,
        minutes=MINUTES[number % len(MINUTES)] if number % 3 == 0 else None,
    )


def _ended(agreement: Agreement, milestone: Milestone, before: dt.date | None) -> Iterator[int]:
    """The occurrences to record: those ended before ``before``, or the first two."""
    due, every = milestone.due, milestone.every
    if due is None or every is None:  # pragma: no cover - callers pass recurring ones
        return
    last = milestone.until.latest if milestone.until is not None else agreement.end
    for k in range(_MAX_RECORDS if before is not None else 2):
        window = shift(due, every, k)
        if last is not None and window.first_day > last:
            return
        if before is not None and window.latest >= before:
            return
        yield k


def _recordable(milestone: Milestone) -> bool:
    # An exact day names exactly one occurrence, whatever the period.
    due = milestone.due
    return (
        milestone.kind is MilestoneKind.REVIEW
        and milestone.every is not None
        and due is not None
        and due.earliest == due.latest
        and milestone.status is not MilestoneStatus.CANCELLED
    )


def with_records(agreement: Agreement, before: dt.date | None) -> Agreement:
    """Record the occurrences of the recurring reviews (see the module documentation)."""
    if not any(_recordable(m) for m in agreement.milestones):
        return agreement
    return attrs.evolve(
        agreement,
        milestones=tuple(_recorded(agreement, m, before) for m in agreement.milestones),
    )


def _recorded(agreement: Agreement, milestone: Milestone, before: dt.date | None) -> Milestone:
    due, every = milestone.due, milestone.every
    if not _recordable(milestone) or due is None or every is None:
        return milestone
    records = tuple(
        occurrence(shift(due, every, k), k) for k in _ended(agreement, milestone, before)
    )
    return attrs.evolve(milestone, occurrences=records)


def _year(day: dt.date) -> DateWindow:
    return DateWindow(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))


def indicator(number: int, start: dt.date, by: dt.date, before: dt.date | None) -> Indicator:
    """An indicator from :data:`INDICATORS`, its target ``by`` a day and met then.

    The measurement on ``by`` is left out when ``before`` is given and ``by`` is not
    before it (nothing is measured in the future of an as-of date).
    """
    name, unit, better, baseline, target = INDICATORS[number % len(INDICATORS)]
    step = 1 if better == "higher" else -1
    measured = target + step * (number % 2)
    measurements = (
        (Measurement(value=measured, on=DateWindow.exact(by), source="Trivselsmålingen"),)
        if before is None or by < before
        else ()
    )
    return Indicator(
        id=f"indikator-{slug(name)}",
        name=name,
        unit=unit,
        better=Better(better),
        baseline=IndicatorBaseline(value=baseline, on=_year(start), source="Kommunens egne tal"),
        targets=(Target(value=target, by=DateWindow.exact(by)),),
        measurements=measurements,
    )


def _moved(milestone: Milestone) -> Milestone:
    due = milestone.due
    if due is None:  # pragma: no cover - callers pass dated ones
        return milestone
    return attrs.evolve(milestone, moved_to=DateWindow.exact(due.latest + dt.timedelta(days=14)))


def with_format_1_2(agreement: Agreement, variant: int, before: dt.date | None) -> Agreement:
    """Give an agreement format 1.2's keys; none of them changes a finding.

    ``before`` is the day the agreement is checked on (``as_of``), when there is one.
    """
    start = agreement.start or dt.date(2020, 1, 1)
    variant += start.toordinal()
    agreement = with_records(agreement, before)
    by = agreement.end or start + dt.timedelta(days=730)
    commitments: list[Commitment] = [
        attrs.evolve(c, indicators=(indicator(variant + number, start, by, before),))
        if (variant + number) % 2 == 0
        else c
        for number, c in enumerate(agreement.commitments)
    ]
    milestones = list(agreement.milestones)
    for index, m in enumerate(milestones):
        planned = m.status in {MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS}
        if m.kind is MilestoneKind.ACTIVITY and m.every is None and m.due is not None and planned:
            if before is None or m.due.first_day > before:
                milestones[index] = _moved(m)
            break
    own = (indicator(variant + 1, start, by, before),) if variant % 3 == 0 else ()
    return attrs.evolve(
        agreement, commitments=tuple(commitments), milestones=tuple(milestones), indicators=own
    )
