"""The value of an approximate date, :class:`DateWindow`, and writing it back in Danish.

A window is two days, the earliest and the latest it may mean; this module holds what a
window *is* (its checks, its order, its first day) and :func:`format_window`, the most
specific Danish form that names it. Reading the many written forms into a window is the
job of :mod:`velfaerd.dates._forms` (one form) and :mod:`velfaerd.dates._reading`
(:func:`~velfaerd.dates.parse_window`), which build on this module, never the reverse.
"""

# Why apart from reading: the grammar of written dates (a dozen regular expressions,
# the tables of seasons, thirds and holidays, the deadline prefixes) is the bulk of the
# code and changes whenever a document writes a date in a new way; the value class and
# its Danish form are small and stable, and every layer above uses them. So the class
# lies here, below its readers.

from __future__ import annotations

from datetime import date, datetime
from typing import Final

import attrs

from velfaerd.dates._calendar import _MIN_YEAR, _MONTHS, _ONE_DAY, _last_day
from velfaerd.i18n import format_date

__all__ = ["DateWindow", "format_window"]

# The spans a window is written with. Winter, the school year and the thirds of a month
# are read by velfaerd.dates._forms too: both directions say them once, here.

#: Winter runs from December into February of the next year; a school year (skoleår)
#: from August into July of the next year.
_WINTER: Final = (12, 2)
_SCHOOL_YEAR: Final = (8, 7)

_THIRD_NAMES: Final = ("primo", "medio", "ultimo")
#: The days of a month that each third spans (ultimo: up to the month's last day).
_MONTH_THIRDS: Final = ((1, 10), (11, 20), (21, 31))

#: Spans of whole months within one year that have a name: (first, last) → form.
_NAMED_MONTH_SPANS: Final[dict[tuple[int, int], str]] = {
    (1, 12): "{year}",
    (1, 3): "1. kvartal {year}",
    (4, 6): "2. kvartal {year}",
    (7, 9): "3. kvartal {year}",
    (10, 12): "4. kvartal {year}",
    (1, 6): "1. halvår {year}",
    (7, 12): "2. halvår {year}",
    (1, 4): "primo {year}",
    (5, 8): "medio {year}",
    (9, 12): "ultimo {year}",
    (3, 5): "foråret {year}",
    (6, 8): "sommeren {year}",
    (9, 11): "efteråret {year}",
}


def _require_date(name: str, value: object) -> None:
    # A datetime is a date to isinstance, but does not compare with one.
    if not isinstance(value, date) or isinstance(value, datetime):
        msg = f"{name} must be a datetime.date, not {value!r}"
        raise TypeError(msg)


@attrs.frozen(kw_only=False)
class DateWindow:
    """The days an approximate date may mean: ``earliest`` to ``latest``, inclusive.

    An exact date is a window of one day. A deadline (*senest*, *inden*) has no
    earliest day: ``earliest`` is ``None``. ``earliest`` is never after ``latest``.

    Windows compare by what they certainly and possibly say about order: "before" is
    strict, so a day is not before itself.

    >>> import datetime
    >>> june = DateWindow(datetime.date(2013, 6, 1), datetime.date(2013, 6, 30))
    >>> june.contains(datetime.date(2013, 6, 15))
    True
    >>> str(june)
    'juni 2013'

    A window read from a text keeps it as ``written`` (no part in equality):
    :func:`velfaerd.dump` writes it back, and ``str()`` of a window longer than a day
    gives it back too (a capital that began the document's sentence made small): the
    date as the document wrote it. A single day is shown in its reader's form.

    >>> str(parse_window("i løbet af efteråret 2021"))
    'i løbet af efteråret 2021'
    >>> parse_window("i løbet af efteråret 2021") == parse_window("efteråret 2021")
    True
    """

    earliest: date | None
    latest: date
    written: str | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)
    """The text the window was read from, or ``None`` for a window made in Python."""

    def __attrs_post_init__(self) -> None:
        """Check both days: dates (not date-times), the earliest not after the latest."""
        # One check rather than three validators: windows are made by the hundred thousand.
        earliest, latest = self.earliest, self.latest
        if earliest is not None and (type(earliest) is not date):
            _require_date("earliest", earliest)
        if type(latest) is not date:
            _require_date("latest", latest)
        if earliest is not None and earliest > latest:
            msg = f"a window's earliest day {earliest} is after its latest day {latest}"
            raise ValueError(msg)

    @classmethod
    def exact(cls, day: date) -> DateWindow:
        """Return the window of exactly one ``day``.

        >>> import datetime
        >>> DateWindow.exact(datetime.date(2012, 12, 5))
        DateWindow(earliest=datetime.date(2012, 12, 5), latest=datetime.date(2012, 12, 5))
        """
        return cls(day, day)

    @classmethod
    def deadline(cls, day: date) -> DateWindow:
        """Return a deadline: any day up to and including ``day``.

        >>> import datetime
        >>> str(DateWindow.deadline(datetime.date(2013, 5, 1)))
        'senest 1. maj 2013'
        """
        return cls(None, day)

    @property
    def is_exact(self) -> bool:
        """Whether the window is exactly one day."""
        return self.earliest == self.latest

    @property
    def is_deadline(self) -> bool:
        """Whether the window is a deadline (it has no earliest day)."""
        return self.earliest is None

    @property
    def first_day(self) -> date:
        """The first day the window names: ``earliest``, or for a deadline its one day.

        A deadline has no earliest day; the first day it names is ``latest``. Where a
        window is placed on a calendar, measured from or shifted, it begins here.

        >>> import datetime
        >>> parse_window("primo juni 2013").first_day
        datetime.date(2013, 6, 1)
        >>> DateWindow.deadline(datetime.date(2013, 5, 1)).first_day
        datetime.date(2013, 5, 1)
        """
        return self.latest if self.earliest is None else self.earliest

    def certainly_before(self, other: DateWindow) -> bool:
        """Whether every day of this window is before every day of ``other``.

        Nothing is certainly before a deadline, which may fall on any earlier day.

        >>> june = parse_window("juni 2013")
        >>> june.certainly_before(parse_window("1. juli 2013"))
        True
        >>> june.certainly_before(parse_window("30. juni 2013"))
        False
        """
        return other.earliest is not None and self.latest < other.earliest

    def possibly_before(self, other: DateWindow) -> bool:
        """Whether some day of this window is before some day of ``other``.

        A deadline can be late but never early, so it is never possibly before
        anything.

        >>> june = parse_window("juni 2013")
        >>> june.possibly_before(parse_window("30. juni 2013"))
        True
        >>> parse_window("senest 1. maj 2013").possibly_before(june)
        False
        """
        return self.earliest is not None and self.earliest < other.latest

    def contains(self, day: date) -> bool:
        """Whether ``day`` lies in the window (a deadline holds every day up to it).

        >>> import datetime
        >>> parse_window("uge 8 2013").contains(datetime.date(2013, 2, 24))
        True
        """
        return (self.earliest is None or self.earliest <= day) and day <= self.latest

    def __str__(self) -> str:
        """The text as written, else the canonical Danish form (:func:`format_window`)."""
        written = self.written
        if written is None or self.earliest == self.latest:
            return format_window(self)
        if written[:1].isupper() and not (written[1:2].isupper() or written[1:2].isdigit()):
            # "Primo november 2013" began a line of the document, not a name.
            return written[:1].lower() + written[1:]
        return written


# Writing ------------------------------------------------------------------------------


def _format_day(day: date) -> str:
    return format_date(day, "da")  # one way to write a day in Danish: velfaerd.i18n's


def _format_months(first: date, last: date) -> str | None:
    """Name a span of whole months (``first`` is a 1st, ``last`` a month's last day)."""
    months = (first.month, last.month)
    if first.year == last.year:
        named = _NAMED_MONTH_SPANS.get(months)
        if named is not None:
            return named.format(year=first.year)
        if first.month == last.month:
            return f"{_MONTHS[first.month - 1]} {first.year}"
        return f"{_MONTHS[first.month - 1]}-{_MONTHS[last.month - 1]} {first.year}"
    if last.year == first.year + 1:
        if months == _WINTER:
            return f"vinteren {first.year}"
        if months == _SCHOOL_YEAR:
            return f"skoleåret {first.year}/{last.year}"
    return None


def _format_named(first: date, last: date) -> str | None:
    """Name the window from ``first`` to ``last`` in one form, if one fits exactly."""
    month_end = _last_day(last.year, last.month)
    if first.day == 1 and last.day == month_end:
        return _format_months(first, last)
    if (first.year, first.month) == (last.year, last.month):
        for name, (first_day, last_day) in zip(_THIRD_NAMES, _MONTH_THIRDS, strict=True):
            if (first.day, last.day) == (first_day, min(last_day, month_end)):
                return f"{name} {_MONTHS[first.month - 1]} {first.year}"
    if first.weekday() == 0 and last - first == 6 * _ONE_DAY:
        year, week, _ = first.isocalendar()
        if year >= _MIN_YEAR:
            return f"uge {week} {year}"
    return None


def format_window(window: DateWindow) -> str:
    """Write ``window`` in the most specific Danish form that names it exactly.

    A deadline is written ``senest`` and its day; a window that no form names is
    written as a range of its first and last day (or month, or year).
    ``parse_window(format_window(window)) == window`` for every window whose days lie
    in the years 1000–9999.

    >>> import datetime
    >>> format_window(DateWindow(datetime.date(2013, 2, 1), datetime.date(2013, 3, 31)))
    'februar-marts 2013'
    >>> format_window(DateWindow(datetime.date(2019, 12, 1), datetime.date(2020, 2, 29)))
    'vinteren 2019'
    >>> format_window(DateWindow.deadline(datetime.date(2013, 5, 1)))
    'senest 1. maj 2013'
    >>> format_window(DateWindow(datetime.date(2013, 2, 3), datetime.date(2013, 2, 5)))
    '3. februar 2013 - 5. februar 2013'
    """
    first, last = window.earliest, window.latest
    if first is None:
        return f"senest {_format_day(last)}"
    if first == last:
        return _format_day(first)
    named = _format_named(first, last)
    if named is not None:
        return named
    if first.day == 1 and last.day == _last_day(last.year, last.month):
        if (first.month, last.month) == (1, 12):
            return f"{first.year} - {last.year}"
        return f"{_MONTHS[first.month - 1]} {first.year} - {_MONTHS[last.month - 1]} {last.year}"
    return f"{_format_day(first)} - {_format_day(last)}"
