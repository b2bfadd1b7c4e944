"""Recurring milestones reasoned about arithmetically, never listed in full.

A milestone with ``every`` recurs from ``due``: its ``k``-th occurrence is
``shift(due, every, k)``, computed in one step. Which occurrences exist (up to
``until``, the agreement's end, or for an open-ended agreement just past its horizon)
is found by bisection, so a daily review over a thousand years costs a few dozen
date computations, not hundreds of thousands.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs

from velfaerd.dates import DateWindow, Period
from velfaerd.query import shift

if TYPE_CHECKING:
    from collections.abc import Callable

    from velfaerd.model import Agreement, Milestone
    from velfaerd.query import Index

__all__ = ["Recurrence", "fits"]

# The shortest and longest a period can be, in days, for comparing unlike units.
_DAYS = {"days": (1, 1), "weeks": (7, 7), "months": (28, 31), "years": (365, 366)}
_MONTHS = {"months": 1, "years": 12}
# A period's average length in days, for guessing which occurrence falls on a day.
_AVERAGE_DAYS = {"days": 1.0, "weeks": 7.0, "months": 30.436875, "years": 365.2425}


def fits(every: Period, period: Period) -> bool:
    """Whether ``every`` is never longer than ``period``, from whatever day.

    Months and years compare exactly with each other (adding months is monotone), and
    so do days and weeks; across the two, only bounds on a month's length in days.

    >>> (
    ...     fits(Period(12, "months"), Period(1, "years")),
    ...     fits(Period(1, "years"), Period(365, "days")),
    ... )
    (True, False)
    """
    if every.unit in _MONTHS and period.unit in _MONTHS:
        return every.count * _MONTHS[every.unit] <= period.count * _MONTHS[period.unit]
    if every.unit not in _MONTHS and period.unit not in _MONTHS:
        return every.count * _DAYS[every.unit][0] <= period.count * _DAYS[period.unit][0]
    return every.count * _DAYS[every.unit][1] <= period.count * _DAYS[period.unit][0]


@attrs.frozen
class Recurrence:
    """The occurrences ``0 … count - 1`` of a recurring milestone.

    ``continues`` says whether the milestone goes on after its last occurrence here
    (it is cut only by the agreement's end or a horizon, not by ``until``).
    """

    due: DateWindow
    every: Period
    count: int
    continues: bool
    # The occurrences computed so far: rules ask for the same few again and again.
    _windows: dict[int, DateWindow] = attrs.field(factory=dict, eq=False, repr=False)
    # first_after's answers so far, by day: the end is looked for more than once.
    _searches: dict[dt.date, int] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def shared(cls, index: Index, agreement: Agreement, milestone: Milestone) -> Recurrence:
        """:meth:`of`, made once per check for the rules that read the same review.

        ``REV001``, ``REV004`` and ``REV005`` read the same reviews; the occurrences
        each computes are kept in the one recurrence for the others.
        """
        return index.once(
            "recurrence",
            milestone,
            lambda review: cls.of(index, agreement, review),
            within=agreement,
        )

    @classmethod
    def of(cls, index: Index, agreement: Agreement, milestone: Milestone) -> Recurrence:
        """A recurring milestone's occurrences, without listing them.

        It recurs from ``due`` until ``until`` or the agreement's end; on an open-ended
        agreement without ``until``, up to the first occurrence after the index's
        :meth:`~velfaerd.query.Index.horizon`.
        """
        due, every = milestone.due, milestone.every
        if due is None or every is None:  # pragma: no cover - callers pass recurring ones
            msg = "a recurrence needs due and every"
            raise ValueError(msg)
        limit = milestone.until.latest if milestone.until is not None else None
        open_ended = limit is None and agreement.end is None
        if limit is None:
            limit = index.horizon(agreement)
        if limit is None:
            return cls(due, every, 1, continues=True)
        bounded = limit
        recurrence = cls(due, every, 0, continues=milestone.until is None)
        # The occurrences whose first day is not after the limit, and for an open-ended
        # agreement the one after them.
        within = recurrence.first_after(bounded)
        if open_ended:
            try:
                recurrence.window(within)
            except OverflowError:
                pass  # beyond the last date Python holds: there is no next occurrence
            else:
                within += 1
        # Made directly, not with attrs.evolve (a tenth of this method's time).
        return cls(
            due, every, within, recurrence.continues, recurrence._windows, recurrence._searches
        )

    def window(self, k: int) -> DateWindow:
        """The ``k``-th occurrence (``0`` is ``due``)."""
        try:
            return self._windows[k]
        except KeyError:
            window = self._windows[k] = shift(self.due, self.every, k)
            return window

    def first_after(self, day: dt.date) -> int:
        """The first occurrence whose first day is after ``day`` (found once per day)."""
        found = self._searches.get(day)
        if found is None:
            found = self._searches[day] = self.first_at_or_after(lambda d: d > day, near=day)
        return found

    def near(self, day: dt.date) -> int:
        """About which occurrence falls on ``day`` (a guess: exact to within one or two).

        >>> import datetime
        >>> march = DateWindow.exact(datetime.date(2020, 3, 1))
        >>> Recurrence(march, Period(1, "years"), 0, continues=True).near(datetime.date(2026, 5, 1))
        6
        """
        days = (day - self.due.first_day).days
        return max(0, int(days / (self.every.count * _AVERAGE_DAYS[self.every.unit])))

    def first_at_or_after(
        self,
        test: Callable[[dt.date], bool],
        *,
        latest: bool = False,
        near: dt.date | None = None,
    ) -> int:
        """The smallest ``k`` whose first (or ``latest``) day passes a monotone test.

        Occurrences beyond the last date Python holds pass every test. ``near`` is a day
        where the test is expected to begin to pass: the search starts from the
        occurrence there (a guess, which only saves steps; any day gives the same ``k``)
        and widens its steps by doubling, so it is logarithmic however far off it is.

        >>> import datetime
        >>> march = DateWindow.exact(datetime.date(2020, 3, 1))
        >>> yearly = Recurrence(march, Period(1, "years"), 0, continues=True)
        >>> day = datetime.date(2024, 1, 1)
        >>> [yearly.first_at_or_after(lambda d: d >= day, near=n) for n in (None, day)]
        [4, 4]
        """

        def passes(k: int) -> bool:
            try:
                window = self.window(k)
            except OverflowError:
                return True
            return test(window.latest if latest else window.first_day)

        start = 0 if near is None else self.near(near)
        if passes(start) and (start == 0 or passes(0)):
            return 0
        low, high = _bracket(passes, start)
        # low does not pass, high does: bisect between them.
        while high - low > 1:
            middle = (low + high) // 2
            if passes(middle):
                high = middle
            else:
                low = middle
        return high


def _bracket(passes: Callable[[int], bool], start: int) -> tuple[int, int]:
    """Two ``k``, the first failing and the second passing, found from ``start``.

    Steps double from ``start``, down when it passes and up when it does not; ``0``
    is known to fail.
    """
    if passes(start):
        high, step = start, 1
        low = max(0, high - step)
        while low > 0 and passes(low):
            high, step = low, step * 2
            low = max(0, high - step)
        return low, high
    low, step = start, 1
    high = low + step
    while not passes(high):
        low, step = high, step * 2
        high = low + step
    return low, high
