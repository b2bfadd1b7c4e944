"""Dates: date windows in the named Danish forms, periods, working days, relative dues.

:func:`date_windows` draws a day, an ISO week, a month or its *primo*, *medio* or
*ultimo*, a range or a deadline; :func:`periods` a period. The helpers date what the
other strategies build: :func:`working_day` keeps meetings off weekends and holidays
(so valid data gives no ``CAL001``), :func:`named_window` gives a window in one of the
:data:`FORMS` named forms, :func:`min_days` says how short a period can be, and
:func:`relative_dues` writes activities' dues relative to a start, an end or another
activity (format 1.1).
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

import attrs
from hypothesis import strategies as st

from velfaerd.dates import DateWindow, Period, RelativeDate, last_of_month
from velfaerd.model import MilestoneKind

if TYPE_CHECKING:
    from velfaerd.model import Agreement, Milestone

__all__ = [
    "FORMS",
    "date_windows",
    "min_days",
    "named_window",
    "periods",
    "relative_dues",
    "working_day",
]


def working_day(day: dt.date, *, forward: bool = True) -> dt.date:
    """The nearest working day on or after (or before) ``day``: no weekend, no holiday.

    Meetings, reviews, decisions, approvals and conferences on exact days are dated
    on working days, so that valid data gives no ``CAL001``.
    """
    from velfaerd.rules.calendar import on_day_off  # noqa: PLC0415 - imports holidays

    step = dt.timedelta(days=1 if forward else -1)
    while on_day_off(day):
        day += step
    return day


def named_window(day: dt.date, form: int) -> DateWindow:
    """A window in a named Danish form that starts on or after ``day``."""
    if form == 0:
        return DateWindow.exact(day)
    if form == 1:  # the ISO week after day
        monday = day + dt.timedelta(days=(7 - day.weekday()) % 7)
        return DateWindow(monday, monday + dt.timedelta(days=6))
    # a month, or its primo/medio/ultimo, starting on or after day
    month_start = (
        day if day.day == 1 else (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    )
    last = last_of_month(month_start)
    if form == 2:  # noqa: PLR2004 - the forms are numbered
        return DateWindow(month_start, last)
    if form == 3:  # noqa: PLR2004
        return DateWindow(month_start, month_start.replace(day=10))
    if form == 4:  # noqa: PLR2004
        return DateWindow(month_start.replace(day=11), month_start.replace(day=20))
    return DateWindow(month_start.replace(day=21), last)


#: How many named forms :func:`named_window` knows (``form`` 0 to ``FORMS - 1``).
FORMS = 6

# Strategies are built once, not at every draw: building and validating one costs more
# than drawing from it. The same strategy draws the same values from the same choices.
_integers = functools.cache(st.integers)
_days = functools.cache(st.dates)


@st.composite
def date_windows(
    draw: st.DrawFn,
    *,
    min_value: dt.date = dt.date(1990, 1, 1),
    max_value: dt.date = dt.date(2060, 12, 31),
    deadlines: bool = True,
) -> DateWindow:
    """Draw a date window: a day, a week, a month, primo/medio/ultimo, a range, a deadline.

    >>> import datetime
    >>> from hypothesis import find
    >>> find(date_windows(), lambda w: w.is_deadline).latest <= datetime.date(2060, 12, 31)
    True
    """
    day = draw(_days(min_value=min_value, max_value=max_value - dt.timedelta(days=62)))
    kind = draw(_integers(0, FORMS + (1 if deadlines else 0)))
    if kind < FORMS:
        return named_window(day, kind)
    if kind == FORMS:
        length = draw(_integers(1, 60))
        return DateWindow(day, day + dt.timedelta(days=length))
    return DateWindow.deadline(day)


def periods() -> st.SearchStrategy[Period]:
    """Draw a period such as ``"1 year"``, ``"6 months"``, ``"2 weeks"`` or ``"10 days"``."""
    return st.builds(
        Period,
        st.integers(1, 12),
        st.sampled_from(("years", "months", "weeks", "days")),
    )


def min_days(period: Period) -> int:
    """The fewest days a period can span, whatever day it starts."""
    per = {"years": 365, "months": 28, "weeks": 7, "days": 1}[period.unit]
    return period.count * per


def relative_dues(
    milestones: tuple[Milestone, ...], agreement: Agreement, *, mode: int
) -> tuple[Milestone, ...]:
    """Write some activities' dues relative to the start, the end or another activity.

    Each chosen activity is first narrowed to the first day of its window (a day within
    a window that broke no rule breaks none), and then written relative to an anchor
    that resolves to that very day; an activity is anchored only on an activity dated
    before it, so there is no loop. Approvals and reviews are left alone: the
    mutations remove them and move their dates.
    """
    # Activities and deliveries: a meeting narrowed to a Saturday would be CAL001.
    kinds = {MilestoneKind.ACTIVITY, MilestoneKind.DELIVERY}
    choices = {
        m.id: (number + mode) % 4
        for number, m in enumerate(milestones)
        if m.kind in kinds and m.due is not None and m.due.earliest is not None
    }
    narrowed = [
        attrs.evolve(m, due=DateWindow.exact(m.due.earliest))  # type: ignore[union-attr,arg-type]
        if choices.get(m.id)
        else m
        for m in milestones
    ]
    exact = [m for m in narrowed if m.id in choices and m.due is not None and m.due.is_exact]
    result: list[Milestone] = []
    for milestone in narrowed:
        choice = choices.get(milestone.id, 0)
        day = milestone.due.latest if milestone.due is not None else None
        relative: RelativeDate | None = None
        if day is None or not choice:
            result.append(milestone)
            continue
        anchors = [m for m in exact if m.due is not None and m.due.latest < day]
        if choice in {1, 3} and anchors:
            anchor = anchors[-1]
            days = (day - anchor.due.latest).days  # type: ignore[union-attr]
            relative = RelativeDate(period=Period(days, "days"), anchor=anchor.id)
        elif choice != 2 and agreement.start is not None and day > agreement.start:  # noqa: PLR2004
            days = (day - agreement.start).days
            relative = RelativeDate(period=Period(days, "days"), anchor="start")
        elif agreement.end is not None and day < agreement.end:
            days = (agreement.end - day).days
            relative = RelativeDate(period=Period(days, "days"), before=True, anchor="slut")
        result.append(milestone if relative is None else attrs.evolve(milestone, relative=relative))
    return tuple(result)
