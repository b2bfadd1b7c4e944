"""The calendar the date forms share: Danish month names and the days of a month."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Final

__all__: list[str] = []

_ONE_DAY: Final = timedelta(days=1)
_MIN_YEAR: Final = 1000
_MAX_YEAR: Final = 9999
_MONTHS_PER_YEAR: Final = 12


_MONTHS: Final = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)

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


def _last_of_month(day: date) -> date:
    """The last day of ``day``'s month.

    >>> _last_of_month(date(2024, 2, 10))
    datetime.date(2024, 2, 29)
    """
    return day.replace(day=_last_day(day.year, day.month))


def _is_month_end(day: date) -> bool:
    """Whether ``day`` is the last day of its month.

    >>> _is_month_end(date(2023, 2, 28)), _is_month_end(date(2024, 2, 28))
    (True, False)
    """
    return day.day >= _DAYS_IN_MONTH[_FEBRUARY] and day.day == _last_day(day.year, day.month)
