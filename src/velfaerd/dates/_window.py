"""Windows of days: :class:`DateWindow`, reading the Danish forms and writing them back."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Final

import attrs

from velfaerd.dates._calendar import (
    _MAX_YEAR,
    _MIN_YEAR,
    _MONTH_NUMBERS,
    _MONTHS,
    _MONTHS_PER_YEAR,
    _ONE_DAY,
    _easter,
    _last_day,
)
from velfaerd.dates._text import MAX_DATE_LENGTH, _normalize, _too_long
from velfaerd.errors import DateFormatError
from velfaerd.i18n import Text, format_date

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["DateWindow", "format_window", "parse_window"]

_YEAR_DIGITS: Final = 4
_SHORT_YEAR_DIGITS: Final = 2

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
    "start": 0,
    "starten af": 0,
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
        (?P<p_part>primo|medio|ultimo|begyndelsen\ af|midten\ af|slutningen\ af
          |starten\ af|start)
        \ (?:(?P<p_month>[a-zæøå]+)\.?\ )?(?P<p_year>\d+))
    | (?P<ordinal>
        (?P<o_ord>\d+\.?|første|anden|andet|tredje|fjerde)\ ?
        (?P<o_kind>kvartal|kvt\.?|halvår)(?:\ (?:af|i))?\ (?P<o_year>\d+))
    | (?P<quarter>q(?P<q_number>\d)\ ?(?P<q_year>\d+))
    | (?P<weeks>uge\ ?(?P<ws_first>\d+)\ ?[-–]\ ?(?P<ws_last>\d+)(?:,?\ |\ i\ )(?P<ws_year>\d+))
    | (?P<week>uge\ ?(?P<u_week>\d+)(?:(?:,?\ |\ i\ )(?P<u_year>\d+))?)
    | (?P<slash>
        (?:(?:d\.|den)\ ?)?
        (?P<sl_day>\d{1,2})/(?P<sl_month>\d{1,2})[\ -](?P<sl_year>\d+))
    | (?P<winter>vinter(?:en)?\ (?P<v_first>\d+)\ ?/\ ?(?P<v_second>\d+))
    | (?P<school>(?P<s_named>skoleåret\ )?(?P<s_first>\d+)\ ?/\ ?(?P<s_second>\d+))
    | (?P<school_dash>skoleåret\ (?P<sd_first>\d+)\ ?[-–]\ ?(?P<sd_second>\d+))
    | (?P<holiday>(?P<h_name>sommerferie|efterårsferie|vinterferie|juleferie|påskeferie)n?
        \ (?P<h_year>\d+))
    | (?P<years>(?P<y_first>\d{4})\ ?[-–]\ ?(?P<y_second>\d{2}))
    | (?P<iso>(?P<i_year>\d{4})-(?P<i_month>\d{1,2})-(?P<i_day>\d{1,2}))
    | (?P<numeric>
        (?:(?:d\.|den)\ ?)?
        (?P<n_day>\d{1,2})(?P<n_sep>[./-])(?P<n_month>\d{1,2})(?P=n_sep)(?P<n_year>\d+))
    | (?P<day>
        (?:(?:d\.|den)\ ?)?
        (?P<d_day>\d{1,2})\.?\ ?(?P<d_month>[a-zæøå]+)\.?\ (?P<d_year>\d+))
    | (?P<months>
        (?P<r_first>[a-zæøå]+)\.?\ ?[-–—/]\ ?(?P<r_last>[a-zæøå]+)\.?\ (?P<r_year>\d+))
    | (?P<word>(?P<w_word>[a-zæøå]+)\.?\ (?P<w_year>\d+))
    | (?P<year>\d+)
    """,
    re.VERBOSE,
)

#: Where a range of two forms may be split: a dash of any kind, with or without spaces.
_RANGE_SEPARATOR: Final = re.compile(r" ?[-–—] ?")
_FROM_TO: Final = re.compile(r" til ")

#: Deadlines as Danish means them: each prefix, and which day of what follows ends the
#: deadline. *inden* and *før* end the day before it begins (``"inden juni 2013"``: by
#: 31 May); *senest* and *til og med* on its last day; *frem til* and *indtil* on it when
#: it is one day (``"frem til 30. september 2024"``: the 30th), else the day before it
#: begins (``"frem til skoleåret 2013/2014"``: 31 July 2013). Longer prefixes first.
_DEADLINE_PREFIXES: Final[tuple[tuple[str, str], ...]] = (
    ("senest med ", "last"),
    ("senest ", "last"),
    ("til og med ", "last"),
    ("inden ", "before"),
    ("før ", "before"),
    ("frem til ", "until"),
    ("indtil ", "until"),
)
_END_PREFIX: Final = "udgangen af "
_IN_PREFIXES: Final = ("i løbet af ", "i ")
_AFTER_PREFIX: Final = "efter "
#: ``pr. 31.03.2019`` and ``per 31.03.2019``: on that day.
_ON_PREFIXES: Final = ("pr. ", "pr ", "per ")
#: A time after a day (``"1. marts 2023 kl. 14"``, ``"kl. 14.00-16.00"``): kept as
#: written, and the window is the day. Anchored at the end: one match attempt per
#: position, each bounded by the pattern, so linear in the (bounded) text.
_TIME: Final = re.compile(
    r",? kl\.? ?(?P<hour>\d{1,2})(?:[.:](?P<minute>\d{2}))?"
    r"(?: ?[-–] ?(?P<hour2>\d{1,2})(?:[.:](?P<minute2>\d{2}))?)?$"
)
#: A weekday before a day (``"mandag den 24. juni 2019"``), checked against the day.
_WEEKDAYS: Final = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
_WEEKDAY_KEYS: Final = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
_WEEKDAY: Final = re.compile(r"(?P<weekday>[a-zæøå]+dag),? ")
_HOURS_PER_DAY: Final = 24
_MINUTES_PER_HOUR: Final = 60
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
    return _week(match["u_year"], int(match["u_week"]))


def _week(year_text: str, week: int) -> DateWindow:
    year = _year(year_text)
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
    return _school_year(match["sd_first"], match["sd_second"], named=True)


def _read_school_year(match: re.Match[str]) -> DateWindow:
    return _school_year(match["s_first"], match["s_second"], named=match["s_named"] is not None)


def _school_year(first_text: str, second_text: str, *, named: bool) -> DateWindow:
    if named and len(first_text) == len(second_text) == _SHORT_YEAR_DIGITS:
        # "skoleåret 23/24": a school year is the one place Danish writes both years
        # short, and only this century's school years are planned.
        first_text = f"20{first_text}"
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
    return _numeric_day(match["n_day"], match["n_month"], match["n_year"], match["n_sep"])


def _read_slash(match: re.Match[str]) -> DateWindow:
    """``31/3 2019`` and ``31/3-2019``: day/month, then the year."""
    return _numeric_day(match["sl_day"], match["sl_month"], match["sl_year"], "/")


def _numeric_day(day: str, month: str, year_text: str, separator: str) -> DateWindow:
    if len(year_text) <= _SHORT_YEAR_DIGITS:
        # "5/3-13": 1913 or 2013? A year is never guessed.
        before_year = "-" if separator == "/" else separator
        example = f"{day}{separator}{month}{before_year}20{int(year_text):02d}"
        values = {"year": year_text, "example": example}
        raise _UnreadableError(Text("date.short-year", values))
    return DateWindow.exact(_day(_year(year_text), int(month), int(day)))


def _read_weeks(match: re.Match[str]) -> DateWindow:
    """``uge 8-10 2013``: from the Monday of the first week to the Sunday of the last."""
    year = match["ws_year"]
    first = _week(year, int(match["ws_first"]))
    last = _week(year, int(match["ws_last"]))
    if first.latest > last.latest:
        values = {"first": match["ws_first"], "last": match["ws_last"]}
        raise _UnreadableError(Text("date.weeks-order", values))
    return DateWindow(first.earliest, last.latest)


def _read_winter(match: re.Match[str]) -> DateWindow:
    """``vinteren 2022/23``: December 2022 to February 2023."""
    first_text, second_text = match["v_first"], match["v_second"]
    if len(first_text) != _YEAR_DIGITS or len(second_text) not in {
        _SHORT_YEAR_DIGITS,
        _YEAR_DIGITS,
    }:
        raise _UnreadableError(Text("date.winter-form"))
    first = _year(first_text)
    if int(second_text) != (first + 1) % 10 ** len(second_text):
        raise _UnreadableError(Text("date.winter-next", {"first": first, "second": first + 1}))
    return _months(first, *_WINTER, _year(str(first + 1)))


def _summer_holiday(year: int) -> DateWindow:
    # The last Saturday of June to the Sunday before the second Monday of August.
    june_end = date(year, 6, 30)
    saturday = june_end - ((june_end.weekday() - 5) % 7) * _ONE_DAY
    august = date(year, 8, 1)
    second_monday = august + ((-august.weekday()) % 7 + 7) * _ONE_DAY
    return DateWindow(saturday, second_monday - _ONE_DAY)


def _autumn_holiday(year: int) -> DateWindow:
    # ISO week 42, from the Saturday before it to its Sunday.
    monday = date.fromisocalendar(year, 42, 1)
    return DateWindow(monday - 2 * _ONE_DAY, monday + 6 * _ONE_DAY)


def _winter_holiday(year: int) -> DateWindow:
    # ISO weeks 7 and 8: schools take one of them, municipalities differ.
    return DateWindow(date.fromisocalendar(year, 7, 1), date.fromisocalendar(year, 8, 7))


def _christmas_holiday(year: int) -> DateWindow:
    return DateWindow(date(year, 12, 21), date(_year(str(year + 1)), 1, 2))


def _easter_holiday(year: int) -> DateWindow:
    # The Saturday before Palm Sunday to Easter Monday.
    easter = _easter(year)
    return DateWindow(easter - 8 * _ONE_DAY, easter + _ONE_DAY)


#: School holidays as most Danish schools have them (municipalities differ by a few
#: days; a document that needs the exact days writes them).
_HOLIDAYS: Final[dict[str, Callable[[int], DateWindow]]] = {
    "sommerferie": _summer_holiday,
    "efterårsferie": _autumn_holiday,
    "vinterferie": _winter_holiday,
    "juleferie": _christmas_holiday,
    "påskeferie": _easter_holiday,
}


def _read_holiday(match: re.Match[str]) -> DateWindow:
    return _HOLIDAYS[match["h_name"]](_year(match["h_year"]))


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
    "weeks": _read_weeks,
    "slash": _read_slash,
    "winter": _read_winter,
    "holiday": _read_holiday,
    "iso": _read_iso,
    "numeric": _read_numeric,
    "day": _read_day,
    "months": _read_months,
    "word": _read_word,
    "year": _read_year,
}


def _strip_in(text: str) -> str:
    for prefix in _IN_PREFIXES:
        if text.startswith(prefix):
            return text.removeprefix(prefix)
    return text


def _read_form(text: str) -> DateWindow:
    """Read one form, or one form with what may stand around it.

    ``udgangen af`` (its last day) and ``efter`` (the month after it) before any form; a
    time after a day (``kl. 14``), ``pr.``/``per`` and a weekday before one.
    """
    text = _strip_in(text)
    if text.startswith(_END_PREFIX):
        return DateWindow.exact(_read_form(text.removeprefix(_END_PREFIX)).latest)
    if text.startswith(_AFTER_PREFIX):
        return _month_after(_read_form(text.removeprefix(_AFTER_PREFIX)))
    time = _TIME.search(text) if "kl" in text else None  # most texts have no time
    if time is not None:
        _check_time(time)
        return _one_day(_read_form(text[: time.start()]), "date.time-day")
    for prefix in _ON_PREFIXES:
        if text.startswith(prefix):
            return _one_day(_read_form(text.removeprefix(prefix)), "date.on-day")
    weekday = _WEEKDAY.match(text) if "dag" in text else None
    if weekday is not None and weekday["weekday"] in _WEEKDAYS:
        day = _one_day(_read_form(text[weekday.end() :]), "date.weekday-day")
        _check_weekday(day.latest, weekday["weekday"])
        return day
    match = _FORM.fullmatch(text)
    if match is None or match.lastgroup is None:
        raise _UnreadableError(_UNREADABLE, specific=False)
    return _READERS[match.lastgroup](match)


def _one_day(window: DateWindow, key: str) -> DateWindow:
    """``window`` if it is one day; else why a day was needed (a time, pr., a weekday)."""
    if not window.is_exact:
        raise _UnreadableError(Text(key, {"window": format_window(window)}))
    return window


def _check_time(time: re.Match[str]) -> None:
    for hour, minute in ((time["hour"], time["minute"]), (time["hour2"], time["minute2"])):
        if hour is None:
            continue
        if int(hour) > _HOURS_PER_DAY or (minute is not None and int(minute) >= _MINUTES_PER_HOUR):
            written = hour if minute is None else f"{hour}.{minute}"
            raise _UnreadableError(Text("date.no-time", {"time": written}))


def _check_weekday(day: date, written: str) -> None:
    right = _WEEKDAYS[day.weekday()]
    if written != right:
        name = Text(f"date.weekday.{_WEEKDAY_KEYS[day.weekday()]}")
        values = {"day": _format_day(day), "weekday": name, "written": written}
        raise _UnreadableError(Text("date.wrong-weekday", values))


def _month_after(window: DateWindow) -> DateWindow:
    """``efter X``: the month that begins the day after X ends."""
    latest = window.latest
    if latest.year == _MAX_YEAR and latest.month == _MONTHS_PER_YEAR:
        values = {"year": _MAX_YEAR + 1, "low": _MIN_YEAR, "high": _MAX_YEAR}
        raise _UnreadableError(Text("date.year-range", values))
    first = latest + _ONE_DAY
    year, month = divmod(first.year * _MONTHS_PER_YEAR + first.month, _MONTHS_PER_YEAR)
    month += 1  # the month after the first day's, as a 1-based month of ``year``
    if year > _MAX_YEAR:
        values = {"year": year, "low": _MIN_YEAR, "high": _MAX_YEAR}
        raise _UnreadableError(Text("date.year-range", values))
    last_day = _last_day(year, month)
    if first.day > last_day:  # a month from 31 January ends on February's last day
        return DateWindow(first, date(year, month, last_day))
    return DateWindow(first, date(year, month, first.day) - _ONE_DAY)


def _read_range(text: str, separators: re.Pattern[str]) -> DateWindow | None:
    """Read ``X<separator>Y`` at the first separator where both sides are forms.

    Returns ``None`` if there is no such separator. Raises the reason a side cannot be
    read where the separator is unambiguous (not a bare hyphen, which dates contain).
    """
    side_error: _UnreadableError | None = None
    for separator in separators.finditer(text):
        try:
            last = _read_form(text[separator.end() :])
            first = _read_first(text[: separator.start()], last)
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


def _read_first(text: str, last: DateWindow) -> DateWindow:
    """The first side of a range; without a year, in the year the last side begins.

    ``"medio november - ultimo december 2024"`` writes the year once, at the end.
    """
    try:
        return _read_form(text)
    except _UnreadableError as error:
        if error.specific and error.reason != _NO_YEAR:
            raise
        try:
            return _read_form(f"{text} {last.first_day.year}")
        except _UnreadableError:
            raise error from None


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
    for prefix, ends in _DEADLINE_PREFIXES:
        if text.startswith(prefix):
            rest = text.removeprefix(prefix)
            following = _read_window(rest)
            return DateWindow.deadline(_deadline_day(following, ends, rest))
    return _read_window(text)


def _deadline_day(following: DateWindow, ends: str, rest: str) -> date:
    """The last day of a deadline on ``following`` (see :data:`_DEADLINE_PREFIXES`)."""
    first = following.first_day  # only prefixes make deadlines: never one here
    if ends == "last" or rest.startswith(_END_PREFIX):
        # "inden udgangen af 2. kvartal": by the day named, as 1.0 read it
        return following.latest
    if ends == "until" and following.is_exact:
        return first
    return first - _ONE_DAY  # before the year 1000 is refused by _read_in_range


def _read_in_range(text: str) -> DateWindow:
    """Read normalized text, and refuse a window that reaches before the year 1000."""
    window = _read(text)
    if window.first_day.year < _MIN_YEAR:
        raise _UnreadableError(Text("date.before-year", {"low": _MIN_YEAR}))
    return window


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
        raise _too_long(text)
    normalized = _normalize(text)
    try:
        window = _read_in_range(normalized)
    except _UnreadableError as error:
        reason = error.reason
        if reason == _NO_YEAR or (not error.specific and _has_form_but_no_year(normalized)):
            if year is not None:
                # Shown and dumped with its year: "medio maj" alone would lose it.
                return _read_with_year(text, normalized, year)
            reason = _NO_YEAR
        raise DateFormatError(text, str(reason), said=reason) from None
    return DateWindow(window.earliest, window.latest, written=_as_written(text))


def _as_written(text: str) -> str:
    """The text as the document wrote it, its runs of whitespace one space."""
    return " ".join(text.split())


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
