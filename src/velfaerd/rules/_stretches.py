"""Stretches of a term between two reviews: how long they may be, read from windows.

``REV001`` (the reviews planned) and ``REV005`` (the reviews held) ask the same of a
stretch: with both ends written as windows ("marts 2022"), is it certainly longer than
``review_every`` (even read as short as the windows allow), or only possibly (read as
long as they allow)?
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from velfaerd.dates import DateWindow

if TYPE_CHECKING:
    import datetime as dt

    from velfaerd.dates import Period

__all__ = ["Reading", "between", "counted", "too_long"]


@attrs.frozen
class Reading:
    """How long a stretch may be, and whether it is certainly or possibly too long."""

    certain: bool
    possible: bool
    shortest: int
    longest: int


def counted(window: DateWindow) -> DateWindow:
    """When a review counts: a deadline at its latest day, any other window as it is."""
    return DateWindow.exact(window.latest) if window.earliest is None else window


def too_long(earlier: dt.date, later: dt.date, period: Period) -> bool:
    """Whether ``later`` is more than ``period`` after ``earlier``.

    Exactly one period is fine; beyond the last date Python holds nothing is too long.
    """
    try:
        return later > period.after(earlier)
    except OverflowError:
        return False


def between(a: DateWindow, b: DateWindow, period: Period) -> Reading:
    """The stretch from review ``a`` to review ``b``, read against ``period``.

    The two are windows: the stretch is shortest from ``a``'s latest day to ``b``'s
    first, longest the other way round.
    """
    certain = too_long(a.latest, b.first_day, period)
    return Reading(
        certain=certain,
        possible=not certain and too_long(a.first_day, b.latest, period),
        shortest=(b.first_day - a.latest).days,
        longest=(b.latest - a.first_day).days,
    )
