"""The calendar the date forms share: month names, the days of a month, month ends."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Final

from velfaerd.i18n import DANISH_MONTHS

__all__ = ["is_month_end", "last_of_month"]

_ONE_DAY: Final = timedelta(days=1)
_MIN_YEAR: Final = 1000
_MAX_YEAR: Final = 9999
_MONTHS_PER_YEAR: Final = 12


#: The Danish month names, January first: the one table, kept by :mod:`velfaerd.i18n`
#: (the layer below), which writes a day in Danish with it.
_MONTHS: Final = DANISH_MONTHS

#: Month names and their abbreviations (any trailing dot is matched by the patterns).
_MONTH_NUMBERS: Final[dict[str, int]] = {
    **{name: number for number, name in enumerate(_MONTHS, start=1)},
    **{name[:3]: number for number, name in enumerate(_MONTHS, start=1)},
    "sept": 9,
}

_DAYS_IN_MONTH: Final = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_FEBRUARY: Final = 2


def _last_day(year: int, month: int) -> int:
    # calendar.monthrange would also work out the weekday the month begins on.
    if month == _FEBRUARY and calendar.isleap(year):
        return 29
    return _DAYS_IN_MONTH[month]


def last_of_month(day: date) -> date:
    """Return the last day of ``day``'s month.

    >>> import datetime
    >>> last_of_month(datetime.date(2024, 2, 10))
    datetime.date(2024, 2, 29)
    """
    return day.replace(day=_last_day(day.year, day.month))


def is_month_end(day: date) -> bool:
    """Whether ``day`` is the last day of its month.

    >>> import datetime
    >>> is_month_end(datetime.date(2023, 2, 28)), is_month_end(datetime.date(2024, 2, 28))
    (True, False)
    """
    return day.day >= _DAYS_IN_MONTH[_FEBRUARY] and day.day == _last_day(day.year, day.month)


def _easter(year: int) -> date:
    """Easter Sunday of ``year`` (the Gregorian computus: Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the computus' own name
    m = (a + 11 * h + 19 * l) // 433
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)
