"""Approximate dates as Danish agreements write them, and the periods between them.

Agreements rarely name one day. They say *primo juni 2013*, *uge 8 2013*, *1. kvartal
2019* or *senest 1. maj 2013*. velfaerd reads each of these as a :class:`DateWindow`:
the first and the last day it may mean, both inclusive. An exact date is a window of
one day; a deadline (*senest*, *inden*) has no earliest day.

:func:`parse_window` reads these forms (case does not matter, runs of whitespace count
as one space, a trailing full stop is ignored, and ``i`` may precede every form):

===================================  ==================================================
form                                 window
===================================  ==================================================
``5. december 2012``                 one day; also ``5 december 2012``,
                                     ``8.september 2017``, ``5. dec. 2012``,
                                     ``15.03.2021``, ``26-11-2012``, ``2012-11-26`` and
                                     ``d. 15.03.2021`` (*den*)
``juni 2013``                        the month
``februar-marts 2013``               the months (also ``februar - marts 2013`` and with
                                     an en dash)
``primo juni 2013``                  1st–10th; *medio* 11th–20th; *ultimo* 21st–last;
                                     *begyndelsen af*, *midten af* and *slutningen af*
                                     say the same
``ultimo 2019``                      of a year: *primo* January–April, *medio*
                                     May–August, *ultimo* September–December
``uge 8 2013``                       ISO 8601 week, Monday to Sunday (also ``uge 8,
                                     2013`` and ``uge 8 i 2013``); week 53 only where
                                     the year has one
``1. kvartal 2019``                  a quarter (also ``første``, ``andet``, ``tredje``,
                                     ``fjerde kvartal`` and ``kvartal af/i 2019``)
``1. halvår 2013``                   January–June; ``2.``/``andet halvår`` July–December
``2013``                             the year
``skoleåret 2013/2014``              a school year, 1 August to 31 July (also
                                     ``skoleåret 2014/15``, ``2014/15``, ``2013/2014``)
``foråret 2019``                     March–May; ``sommeren`` June–August; ``efteråret``
                                     September–November; ``vinteren 2019`` December
                                     2019–February 2020 (also ``forår``, ``sommer``, …)
``udgangen af september 2014``       the last day of what follows (one day)
``senest 1. maj 2013``               a deadline: no earliest day, and the latest day of
                                     what follows (also ``inden`` and ``senest med``)
``frem til skoleåret 2013/2014``     a deadline on the day before what follows begins
``juni 2013 - august 2014``          from the first day of one form to the last day of
                                     another (also with ``–`` and ``fra … til …``)
===================================  ==================================================

A year is never guessed (``"1. januar"`` is an error), and years lie in 1000–9999.
Whatever cannot be read raises :class:`~velfaerd.errors.DateFormatError`, which quotes
the text and says why.

:func:`format_window` writes a window in the most specific of these forms, and reading
back what it wrote gives the same window:

>>> window = parse_window("I Begyndelsen af Marts 2014")
>>> window
DateWindow(earliest=datetime.date(2014, 3, 1), latest=datetime.date(2014, 3, 10))
>>> format_window(window)
'primo marts 2014'

A :class:`Period` (``"1 year"``, ``"3 måneder"``) is a span of calendar time, for
recurring milestones, review intervals and the duration of an agreement.
"""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Final, Literal

import attrs

from velfaerd.errors import DateFormatError
from velfaerd.i18n import Text

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "MAX_DATE_LENGTH",
    "DateWindow",
    "Period",
    "RelativeDate",
    "format_window",
    "looks_relative",
    "parse_period",
    "parse_relative",
    "parse_window",
]

_ONE_DAY: Final = timedelta(days=1)
_MIN_YEAR: Final = 1000
_MAX_YEAR: Final = 9999
_MONTHS_PER_YEAR: Final = 12
_YEAR_DIGITS: Final = 4
_SHORT_YEAR_DIGITS: Final = 2

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

#: Winter runs from December into February of the next year; a school year (skoleår)
#: from August into July of the next year.
_WINTER: Final = (12, 2)
_SCHOOL_YEAR: Final = (8, 7)

#: Seasons: their first and last months, and how many years the last lies after the first.
_SEASONS: Final[dict[str, tuple[int, int, int]]] = {
    "forår": (3, 5, 0),
    "foråret": (3, 5, 0),
    "sommer": (6, 8, 0),
    "sommeren": (6, 8, 0),
    "efterår": (9, 11, 0),
    "efteråret": (9, 11, 0),
    "vinter": (*_WINTER, 1),
    "vinteren": (*_WINTER, 1),
}

#: primo, medio, ultimo and their synonyms: which third of a month or a year.
_THIRDS: Final[dict[str, int]] = {
    "primo": 0,
    "begyndelsen af": 0,
    "medio": 1,
    "midten af": 1,
    "ultimo": 2,
    "slutningen af": 2,
}
_THIRD_NAMES: Final = ("primo", "medio", "ultimo")
#: The days of a month that each third spans (ultimo: up to the month's last day).
_MONTH_THIRDS: Final = ((1, 10), (11, 20), (21, 31))
#: The months of a year that each third spans.
_YEAR_THIRDS: Final = ((1, 4), (5, 8), (9, 12))

#: kvartal (quarter) and halvår (half year): how many a year has, and their months.
_ORDINAL_SPANS: Final[dict[str, tuple[str, int, int]]] = {
    "kvartal": ("quarters", 4, 3),
    "halvår": ("halves", 2, 6),
}

_ORDINALS: Final[dict[str, int]] = {
    "første": 1,
    "anden": 2,
    "andet": 2,
    "tredje": 3,
    "fjerde": 4,
}

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

# One pattern with an alternative per form: one match call finds the form, and
# ``lastgroup`` names it. The order matters where forms overlap ("1. kvartal 2019"
# would also match a day with the month "kvartal").
_FORM: Final = re.compile(
    r"""
      (?P<part>
        (?P<p_part>primo|medio|ultimo|begyndelsen\ af|midten\ af|slutningen\ af)
        \ (?:(?P<p_month>[a-zæøå]+)\.?\ )?(?P<p_year>\d+))
    | (?P<ordinal>
        (?P<o_ord>\d+\.?|første|anden|andet|tredje|fjerde)\ ?
        (?P<o_kind>kvartal|kvt\.?|halvår)(?:\ (?:af|i))?\ (?P<o_year>\d+))
    | (?P<quarter>q(?P<q_number>\d)\ ?(?P<q_year>\d+))
    | (?P<week>uge\ ?(?P<u_week>\d+)(?:(?:,?\ |\ i\ )(?P<u_year>\d+))?)
    | (?P<school>(?:skoleåret\ )?(?P<s_first>\d+)\ ?/\ ?(?P<s_second>\d+))
    | (?P<school_dash>skoleåret\ (?P<sd_first>\d+)\ ?[-–]\ ?(?P<sd_second>\d+))
    | (?P<years>(?P<y_first>\d{4})\ ?[-–]\ ?(?P<y_second>\d{2}))
    | (?P<iso>(?P<i_year>\d{4})-(?P<i_month>\d{1,2})-(?P<i_day>\d{1,2}))
    | (?P<numeric>
        (?:(?:d\.|den)\ ?)?
        (?P<n_day>\d{1,2})(?P<n_sep>[./-])(?P<n_month>\d{1,2})(?P=n_sep)(?P<n_year>\d+))
    | (?P<day>
        (?:(?:d\.|den)\ ?)?
        (?P<d_day>\d{1,2})\.?\ ?(?P<d_month>[a-zæøå]+)\.?\ (?P<d_year>\d+))
    | (?P<months>
        (?P<r_first>[a-zæøå]+)\.?\ ?[-–—]\ ?(?P<r_last>[a-zæøå]+)\.?\ (?P<r_year>\d+))
    | (?P<word>(?P<w_word>[a-zæøå]+)\.?\ (?P<w_year>\d+))
    | (?P<year>\d+)
    """,
    re.VERBOSE,
)

#: Where a range of two forms may be split: a dash of any kind, with or without spaces.
_RANGE_SEPARATOR: Final = re.compile(r" ?[-–—] ?")
_FROM_TO: Final = re.compile(r" til ")

_DEADLINE_PREFIXES: Final = ("senest med ", "senest ", "inden ")
_UNTIL_PREFIX: Final = "frem til "
_END_PREFIX: Final = "udgangen af "
_IN_PREFIX: Final = "i "
_FROM_PREFIX: Final = "fra "

# The reasons a text cannot be read are texts of the catalogues (velfaerd.i18n): "date.*".
_UNREADABLE: Final = Text("date.unreadable")
_NO_YEAR: Final = Text("date.no-year")


class _UnreadableError(Exception):
    """Why a (part of a) text cannot be read; ``specific`` is False for "no form fits"."""

    def __init__(self, reason: Text | str, *, specific: bool = True) -> None:
        # A Text is written in the reader's language; a plain str stays English.
        super().__init__(str(reason))
        self.reason = reason
        self.specific = specific


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
    """

    earliest: date | None
    latest: date

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
        """Write the window in its canonical Danish form (see :func:`format_window`)."""
        return format_window(self)


# Reading ------------------------------------------------------------------------------


def _year(text: str) -> int:
    year = int(text)
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        msg = Text("date.year-range", {"year": year, "low": _MIN_YEAR, "high": _MAX_YEAR})
        raise _UnreadableError(msg)
    return year


def _month(word: str) -> int:
    try:
        return _MONTH_NUMBERS[word]
    except KeyError:
        raise _UnreadableError(Text("date.not-a-month", {"word": word})) from None


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


def _day(year: int, month: int, day: int) -> date:
    if not 1 <= month <= _MONTHS_PER_YEAR:
        raise _UnreadableError(Text("date.no-month", {"month": month}))
    last = _last_day(year, month)
    if not 1 <= day <= last:
        msg = (
            Text("date.month-days", {"month": _MONTHS[month - 1], "year": year, "days": last})
            if day
            else Text("date.no-day-zero")
        )
        raise _UnreadableError(msg)
    return date(year, month, day)


def _months(year: int, first: int, last: int, end_year: int | None = None) -> DateWindow:
    end_year = year if end_year is None else end_year
    return DateWindow(date(year, first, 1), date(end_year, last, _last_day(end_year, last)))


def _read_part(match: re.Match[str]) -> DateWindow:
    third = _THIRDS[match["p_part"]]
    year = _year(match["p_year"])
    if match["p_month"] is None:
        return _months(year, *_YEAR_THIRDS[third])
    month = _month(match["p_month"])
    first_day, last_day = _MONTH_THIRDS[third]
    last_day = min(last_day, _last_day(year, month))
    return DateWindow(date(year, month, first_day), date(year, month, last_day))


def _read_ordinal(match: re.Match[str]) -> DateWindow:
    word, kind = match["o_ord"], match["o_kind"]
    if kind.startswith("kvt"):
        kind = "kvartal"
    number = _ORDINALS[word] if word in _ORDINALS else int(word.rstrip("."))
    year = _year(match["o_year"])
    name, count, length = _ORDINAL_SPANS[kind]
    if not 1 <= number <= count:
        values = {"count": count, "name": Text(f"date.ordinal.{name}"), "kind": kind}
        raise _UnreadableError(Text("date.no-ordinal", {**values, "number": number}))
    first = length * (number - 1) + 1
    return _months(year, first, first + length - 1)


def _read_week(match: re.Match[str]) -> DateWindow:
    if match["u_year"] is None:  # "uge 8" would otherwise read as a word and a year
        raise _UnreadableError(_NO_YEAR)
    year = _year(match["u_year"])
    week = int(match["u_week"])
    weeks = date(year, 12, 28).isocalendar()[1]
    if not 1 <= week <= weeks:
        msg = Text("date.week-count", {"year": year, "weeks": weeks, "week": week})
        raise _UnreadableError(msg)
    monday = date.fromisocalendar(year, week, 1)
    try:
        return DateWindow(monday, monday + 6 * _ONE_DAY)
    except OverflowError:
        msg = Text("date.week-beyond", {"week": week, "year": year, "high": _MAX_YEAR})
        raise _UnreadableError(msg) from None


def _read_quarter(match: re.Match[str]) -> DateWindow:
    number = int(match["q_number"])
    if not 1 <= number <= 4:  # noqa: PLR2004 - a year's quarters
        raise _UnreadableError(Text("date.no-quarter", {"number": number}))
    first = 3 * (number - 1) + 1
    return _months(_year(match["q_year"]), first, first + 2)


def _read_years(match: re.Match[str]) -> DateWindow:
    """``2021-22``: two calendar years, the second written with its last two digits."""
    first = _year(match["y_first"])
    second = int(match["y_second"])
    if second == (first + 1) % 100:
        return _months(first, 1, 12, _year(str(first + 1)))
    if 1 <= second <= _MONTHS_PER_YEAR:
        values = {"month": _MONTHS[second - 1], "first": first, "next": first + 1}
        raise _UnreadableError(Text("date.month-or-two-years", values))
    short = f"{(first + 1) % 100:02d}"
    raise _UnreadableError(Text("date.two-years-next", {"first": first, "short": short}))


def _read_school_year_dash(match: re.Match[str]) -> DateWindow:
    return _school_year(match["sd_first"], match["sd_second"])


def _read_school_year(match: re.Match[str]) -> DateWindow:
    return _school_year(match["s_first"], match["s_second"])


def _school_year(first_text: str, second_text: str) -> DateWindow:
    if len(first_text) != _YEAR_DIGITS or len(second_text) not in {
        _SHORT_YEAR_DIGITS,
        _YEAR_DIGITS,
    }:
        raise _UnreadableError(Text("date.school-year-form"))
    first = _year(first_text)
    if int(second_text) != (first + 1) % 10 ** len(second_text):
        msg = Text("date.school-year-next", {"first": first, "second": first + 1})
        raise _UnreadableError(msg)
    return _months(first, *_SCHOOL_YEAR, _year(str(first + 1)))


def _read_iso(match: re.Match[str]) -> DateWindow:
    year = _year(match["i_year"])
    return DateWindow.exact(_day(year, int(match["i_month"]), int(match["i_day"])))


def _read_numeric(match: re.Match[str]) -> DateWindow:
    year = _year(match["n_year"])
    return DateWindow.exact(_day(year, int(match["n_month"]), int(match["n_day"])))


def _read_day(match: re.Match[str]) -> DateWindow:
    month = _month(match["d_month"])
    year = _year(match["d_year"])
    return DateWindow.exact(_day(year, month, int(match["d_day"])))


def _read_months(match: re.Match[str]) -> DateWindow:
    first, last = _month(match["r_first"]), _month(match["r_last"])
    if first > last:
        msg = Text("date.months-order", {"first": _MONTHS[first - 1], "last": _MONTHS[last - 1]})
        raise _UnreadableError(msg)
    return _months(_year(match["r_year"]), first, last)


def _read_word(match: re.Match[str]) -> DateWindow:
    word = match["w_word"]
    if word in _MONTH_NUMBERS:
        month = _MONTH_NUMBERS[word]
        return _months(_year(match["w_year"]), month, month)
    if word in _SEASONS:
        year = _year(match["w_year"])
        first, last, years = _SEASONS[word]
        return _months(year, first, last, _year(str(year + years)))
    raise _UnreadableError(Text("date.not-month-or-season", {"word": word}))


def _read_year(match: re.Match[str]) -> DateWindow:
    return _months(_year(match["year"]), 1, 12)


_READERS: Final[dict[str, Callable[[re.Match[str]], DateWindow]]] = {
    "part": _read_part,
    "ordinal": _read_ordinal,
    "week": _read_week,
    "quarter": _read_quarter,
    "school": _read_school_year,
    "school_dash": _read_school_year_dash,
    "years": _read_years,
    "iso": _read_iso,
    "numeric": _read_numeric,
    "day": _read_day,
    "months": _read_months,
    "word": _read_word,
    "year": _read_year,
}


def _strip_in(text: str) -> str:
    return text.removeprefix(_IN_PREFIX)


def _read_form(text: str) -> DateWindow:
    """Read one form, or ``udgangen af`` and one form."""
    text = _strip_in(text)
    if text.startswith(_END_PREFIX):
        return DateWindow.exact(_read_form(text.removeprefix(_END_PREFIX)).latest)
    match = _FORM.fullmatch(text)
    if match is None or match.lastgroup is None:
        raise _UnreadableError(_UNREADABLE, specific=False)
    return _READERS[match.lastgroup](match)


def _read_range(text: str, separators: re.Pattern[str]) -> DateWindow | None:
    """Read ``X<separator>Y`` at the first separator where both sides are forms.

    Returns ``None`` if there is no such separator. Raises the reason a side cannot be
    read where the separator is unambiguous (not a bare hyphen, which dates contain).
    """
    side_error: _UnreadableError | None = None
    for separator in separators.finditer(text):
        try:
            first = _read_form(text[: separator.start()])
            last = _read_form(text[separator.end() :])
        except _UnreadableError as error:
            if side_error is None and error.specific and separator[0] != "-":
                side_error = error
            continue
        if first.earliest is None or first.earliest > last.latest:
            raise _UnreadableError(Text("date.range-reversed"))
        return DateWindow(first.earliest, last.latest)
    if side_error is not None:
        raise side_error
    return None


def _read_window(text: str) -> DateWindow:
    """Read a form, ``udgangen af`` a form, or a range of two forms."""
    text = _strip_in(text)
    if text.startswith(_FROM_PREFIX):
        window = _read_range(text.removeprefix(_FROM_PREFIX), _FROM_TO)
        if window is None:
            raise _UnreadableError(Text("date.range-from-to"))
        return window
    try:
        return _read_form(text)
    except _UnreadableError as error:
        if error.specific or _RANGE_SEPARATOR.search(text) is None:
            raise
        window = _read_range(text, _RANGE_SEPARATOR)
        if window is None:
            raise
        return window


def _read(text: str) -> DateWindow:
    """Read a window or a deadline from normalized text."""
    if not text:
        raise _UnreadableError(Text("date.empty"))
    text = _strip_in(text)
    if text.startswith(_UNTIL_PREFIX):
        following = _read_window(text.removeprefix(_UNTIL_PREFIX))
        if following.earliest is None:  # never: only prefixes make deadlines
            raise _UnreadableError(_UNREADABLE)
        return DateWindow.deadline(following.earliest - _ONE_DAY)
    for prefix in _DEADLINE_PREFIXES:
        if text.startswith(prefix):
            return DateWindow.deadline(_read_window(text.removeprefix(prefix)).latest)
    return _read_window(text)


def _read_in_range(text: str) -> DateWindow:
    """Read normalized text, and refuse a window that reaches before the year 1000."""
    window = _read(text)
    if (window.earliest or window.latest).year < _MIN_YEAR:
        raise _UnreadableError(Text("date.before-year", {"low": _MIN_YEAR}))
    return window


def _normalize(text: str) -> str:
    return " ".join(text.lower().split()).rstrip(". ")


#: The longest text :func:`parse_window` reads (the longest real date is a fifth of it).
MAX_DATE_LENGTH: Final = 200


def parse_window(text: str, *, year: int | None = None) -> DateWindow:
    """Read a Danish approximate date (see the module's documentation for the forms).

    :param text: for example ``"primo juni 2013"``, ``"uge 8 2013"`` or
        ``"senest 1. maj 2013"``.
    :param year: the year from context (an agreement's ``year``): a text written
        without a year (``"medio maj"``, ``"1. december"``, ``"uge 8"``) is read in it.
        Without it, such a text is an error: a year is never guessed.
    :returns: the window of days the text may mean; ``earliest`` is ``None`` for a
        deadline.
    :raises DateFormatError: if the text is not one of the forms, names a day that
        does not exist, or has no year. The message quotes the text and says why.

    >>> parse_window("primo juni 2013")
    DateWindow(earliest=datetime.date(2013, 6, 1), latest=datetime.date(2013, 6, 10))
    >>> parse_window("inden udgangen af 2. kvartal 2019")
    DateWindow(earliest=None, latest=datetime.date(2019, 6, 30))
    >>> parse_window("31.02.2021")
    Traceback (most recent call last):
    ...
    velfaerd.errors.DateFormatError: cannot read '31.02.2021': februar 2021 has 28 days
    """
    if len(text) > MAX_DATE_LENGTH:
        # Ranges are tried at every separator: a bound keeps that linear in practice.
        said = Text("date.too-long", {"limit": MAX_DATE_LENGTH, "length": len(text)})
        raise DateFormatError(text, said.render(), said=said)
    normalized = _normalize(text)
    try:
        window = _read_in_range(normalized)
    except _UnreadableError as error:
        reason = error.reason
        if reason == _NO_YEAR or (not error.specific and _has_form_but_no_year(normalized)):
            if year is not None:
                return _read_with_year(text, normalized, year)
            reason = _NO_YEAR
        raise DateFormatError(text, str(reason), said=reason) from None
    return window


def _read_with_year(text: str, normalized: str, year: int) -> DateWindow:
    try:
        return _read_in_range(f"{normalized} {year}")
    except _UnreadableError as error:
        said = Text("date.in-year", {"reason": error.reason, "year": year})
        raise DateFormatError(text, said.render(), said=said) from None


def _has_form_but_no_year(normalized: str) -> bool:
    try:
        _read(f"{normalized} 2000")
    except _UnreadableError:
        return False
    return True


# Writing ------------------------------------------------------------------------------


def _format_day(day: date) -> str:
    return f"{day.day}. {_MONTHS[day.month - 1]} {day.year}"


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


# Periods ------------------------------------------------------------------------------

_Unit = Literal["years", "months", "weeks", "days"]
_UNITS: Final[tuple[_Unit, ...]] = ("years", "months", "weeks", "days")

_PERIOD: Final = re.compile(r"(?P<count>\d+|[a-zæøå]+) ?(?P<unit>[a-zæøå]+)")
#: Danish number words a period's count may be written in (``"to år"``, ``"et år"``).
_NUMBER_WORDS: Final[dict[str, int]] = {
    word: number
    for number, words in enumerate(
        (
            ("en", "et", "én", "ét"),
            ("to",),
            ("tre",),
            ("fire",),
            ("fem",),
            ("seks",),
            ("syv",),
            ("otte",),
            ("ni",),
            ("ti",),
            ("elleve",),
            ("tolv",),
        ),
        start=1,
    )
    for word in words
}
_PERIOD_UNITS: Final[dict[str, _Unit]] = {
    "year": "years",
    "years": "years",
    "år": "years",
    "month": "months",
    "months": "months",
    "måned": "months",
    "måneder": "months",
    "week": "weeks",
    "weeks": "weeks",
    "uge": "weeks",
    "uger": "weeks",
    "day": "days",
    "days": "days",
    "dag": "days",
    "dage": "days",
}
_PERIOD_FORMS: Final = Text("date.period-forms")


def _check_count(_: object, attribute: attrs.Attribute[int], count: object) -> None:
    if not isinstance(count, int) or isinstance(count, bool):
        msg = f"{attribute.name} must be an int, not {count!r}"
        raise TypeError(msg)
    if count < 1:
        msg = f"a period is at least 1, not {count}"
        raise ValueError(msg)


@attrs.frozen(kw_only=False)
class Period:
    """A span of calendar time: ``count`` years, months, weeks or days.

    Months and years are calendar months and years: a day that does not exist in the
    month reached falls back to that month's last day.

    >>> period = Period(1, "months")
    >>> str(period)
    '1 month'
    >>> import datetime
    >>> period.after(datetime.date(2021, 1, 31))
    datetime.date(2021, 2, 28)
    """

    count: int = attrs.field(validator=_check_count)
    unit: _Unit = attrs.field(validator=attrs.validators.in_(_UNITS))

    def __str__(self) -> str:
        """Write the period in its canonical English form (``"1 year"``, ``"3 months"``)."""
        unit = self.unit[:-1] if self.count == 1 else self.unit
        return f"{self.count} {unit}"

    def after(self, day: date, times: int = 1) -> date:
        """Return ``day`` plus ``times`` periods (``times`` may be zero or negative).

        The result is computed from ``day`` in one step, so that the ``k``-th
        recurrence does not drift: 31 January plus two months is 31 March, not 28 March.

        :raises OverflowError: if the result is not a date Python can hold.

        >>> import datetime
        >>> Period(1, "months").after(datetime.date(2024, 1, 31))
        datetime.date(2024, 2, 29)
        >>> Period(1, "months").after(datetime.date(2024, 1, 31), times=2)
        datetime.date(2024, 3, 31)
        >>> Period(2, "weeks").after(datetime.date(2024, 1, 31))
        datetime.date(2024, 2, 14)
        """
        moved = _moved(self.unit, self.count * times, day)
        if moved is None:
            msg = f"{self} × {times} from {day} is out of the range of dates"
            raise OverflowError(msg)
        return moved

    def before(self, day: date, times: int = 1) -> date:
        """Return ``day`` minus ``times`` periods (the inverse of :meth:`after`).

        >>> import datetime
        >>> Period(1, "years").before(datetime.date(2024, 2, 29))
        datetime.date(2023, 2, 28)
        """
        return self.after(day, -times)

    def end_of_term(self, start: date) -> date:
        """Return the last day of a term of this length that begins on ``start``.

        That is the day before the day that corresponds to ``start`` one period later;
        where that day does not exist in its month, the term ends on the month's last
        day (a month from 31 January ends on 28 or 29 February).

        >>> import datetime
        >>> Period(2, "years").end_of_term(datetime.date(2009, 1, 1))
        datetime.date(2010, 12, 31)
        >>> Period(1, "years").end_of_term(datetime.date(2024, 3, 1))
        datetime.date(2025, 2, 28)
        >>> Period(1, "months").end_of_term(datetime.date(2021, 1, 31))
        datetime.date(2021, 2, 28)
        """
        following = self.after(start)
        if self.unit in {"years", "months"} and following.day < start.day:
            return following  # the corresponding day does not exist: the month's last
        return following - _ONE_DAY


def parse_period(text: str) -> Period:
    """Read a period: a count and a unit, in English or Danish, in any case.

    Years, months, weeks and days are read: ``"1 year"``, ``"6 months"``,
    ``"2 weeks"``, ``"14 days"``, ``"1 år"``, ``"3 måneder"``, ``"2 uger"``,
    ``"14 dage"`` (singular and plural alike); the count may be a Danish number word
    from ``en``/``et`` to ``tolv`` (``"to år"``, ``"seks måneder"``).

    :raises DateFormatError: if the text is not such a period; the message quotes it.

    >>> parse_period("3 Måneder")
    Period(count=3, unit='months')
    >>> str(parse_period("2 år"))
    '2 years'
    """
    match = _PERIOD.fullmatch(_normalize(text)) if len(text) <= MAX_DATE_LENGTH else None
    if match is None:
        raise DateFormatError(text, _PERIOD_FORMS.render(), said=_PERIOD_FORMS)
    unit = _PERIOD_UNITS.get(match["unit"])
    if unit is None:
        said = Text("date.not-a-unit", {"unit": match["unit"], "forms": _PERIOD_FORMS})
        raise DateFormatError(text, said.render(), said=said)
    word = match["count"]
    if word.isdigit():
        count = int(word)
    elif word in _NUMBER_WORDS:
        count = _NUMBER_WORDS[word]
    else:
        said = Text("date.not-a-number", {"word": word, "forms": _PERIOD_FORMS})
        raise DateFormatError(text, said.render(), said=said)
    if count < 1:
        said = Text("date.period-at-least", {"forms": _PERIOD_FORMS})
        raise DateFormatError(text, said.render(), said=said)
    return Period(count, unit)


@functools.lru_cache(maxsize=1 << 14)
def _moved(unit: _Unit, count: int, day: date) -> date | None:
    """``day`` moved by ``count`` units (``None`` beyond the years Python holds).

    Checking moves the same few days by the same periods again and again (every
    agreement's reviews): each move is computed once.
    """
    if unit == "days":
        return day + timedelta(days=count)
    if unit == "weeks":
        return day + timedelta(weeks=count)
    months = count * _MONTHS_PER_YEAR if unit == "years" else count
    year, month_index = divmod(day.year * _MONTHS_PER_YEAR + day.month - 1 + months, 12)
    if not date.min.year <= year <= date.max.year:
        return None
    month = month_index + 1
    return date(year, month, min(day.day, _last_day(year, month)))


# Relative dates -----------------------------------------------------------------------

#: The anchors of a relative date that name the agreement's own term.
START_ANCHORS: Final = frozenset({"start", "opstart"})
END_ANCHORS: Final = frozenset({"slut", "end"})

_RELATIVE: Final = re.compile(
    r"(?P<period>.+?)\s+(?P<direction>efter|før|after|before)\s+(?P<anchor>.+)", re.IGNORECASE
)
_ANCHOR_ID: Final = re.compile(r"[^\s]+")
_DANISH_UNITS: Final[dict[str, tuple[str, str]]] = {
    "years": ("år", "år"),
    "months": ("måned", "måneder"),
    "weeks": ("uge", "uger"),
    "days": ("dag", "dage"),
}


@attrs.frozen(kw_only=True)
class RelativeDate:
    """A date written relative to another: ``"2 år efter start"``, ``"3 måneder før slut"``.

    ``anchor`` is ``"start"`` or ``"slut"`` (the agreement's term; ``"opstart"`` and
    ``"end"`` are read as these) or the id of a milestone of the same agreement. The
    date is the anchor's window moved by ``period``, forward or (``before``) back.
    ``written`` keeps the text as the document wrote it (it takes no part in equality),
    and ``str()`` gives it back.

    >>> relative = parse_relative("to år efter start")
    >>> relative.period, relative.before, relative.anchor
    (Period(count=2, unit='years'), False, 'start')
    >>> str(relative)
    'to år efter start'
    >>> str(RelativeDate(period=Period(6, "months"), before=True, anchor="slut"))
    '6 måneder før slut'
    """

    period: Period
    before: bool = False
    anchor: str
    written: str | None = attrs.field(default=None, eq=False, repr=False)

    def __str__(self) -> str:
        """The text as written, or the canonical Danish form."""
        if self.written is not None:
            return self.written
        singular, plural = _DANISH_UNITS[self.period.unit]
        unit = singular if self.period.count == 1 else plural
        direction = "før" if self.before else "efter"
        return f"{self.period.count} {unit} {direction} {self.anchor}"


def looks_relative(text: str) -> bool:
    """Whether ``text`` has the shape of a relative date (``<period> efter|før <anchor>``)."""
    return _RELATIVE.fullmatch(text.strip()) is not None


def parse_relative(text: str) -> RelativeDate:
    """Read a relative date: ``<period> efter|før <anchor>``.

    The period is any form :func:`parse_period` reads (``"2 år"``, ``"seks måneder"``);
    the anchor is ``start`` (also ``opstart``), ``slut`` (also ``end``) or a milestone
    id.

    :raises DateFormatError: if the text is not of that shape, its period cannot be
        read, or its anchor is a date (a date is written as a date, not relative to one).

    >>> parse_relative("3 måneder efter temadag").anchor
    'temadag'
    >>> parse_relative("fem-seks måneder efter start")
    Traceback (most recent call last):
    ...
    velfaerd.errors.DateFormatError: cannot read 'fem-seks måneder efter start': its period \
'fem-seks måneder' cannot be read: ...
    """
    match = _RELATIVE.fullmatch(text.strip())
    if match is None:
        said = Text("date.relative-form")
        raise DateFormatError(text, said.render(), said=said)
    try:
        period = parse_period(match["period"])
    except DateFormatError as error:
        reason = error.said.values["reason"]
        said = Text("date.relative-period", {"period": match["period"], "reason": reason})
        raise DateFormatError(text, said.render(), said=said) from None
    anchor = match["anchor"].strip()
    lowered = anchor.lower()
    if lowered in START_ANCHORS:
        anchor = "start"
    elif lowered in END_ANCHORS:
        anchor = "slut"
    else:
        _check_anchor(text, anchor)
    before = match["direction"].lower() in {"før", "before"}
    return RelativeDate(period=period, before=before, anchor=anchor, written=text)


def _check_anchor(text: str, anchor: str) -> None:
    try:
        parse_window(anchor)
    except DateFormatError:
        pass
    else:
        said = Text("date.anchor-is-date", {"anchor": anchor})
        raise DateFormatError(text, said.render(), said=said)
    if _ANCHOR_ID.fullmatch(anchor) is None:
        said = Text("date.anchor-not-id", {"anchor": anchor})
        raise DateFormatError(text, said.render(), said=said)
