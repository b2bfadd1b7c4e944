"""The written forms of a date, one at a time: their grammar, tables and readers.

One regular expression has an alternative per form (``primo juni 2013``, ``uge 8
2013``, ``1. kvartal 2019``, ``skoleåret 2013/2014``, ``sommerferien 2022`` …), so that
one match finds the form of a text and ``lastgroup`` names it; a reader per form turns
the groups into a :class:`~velfaerd.dates.DateWindow`, or says why it cannot
(:class:`_UnreadableError`). What stands around a form (deadlines, ranges, a time, a
weekday) is :mod:`velfaerd.dates._reading`'s.
"""

# Split from the reading of a whole text (velfaerd.dates._reading) along the grammar's
# own seam: a form is a closed thing (a pattern, a table, a reader), while the prefixes,
# ranges and deadlines combine forms. Each half then fits in one reading.

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Final

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
from velfaerd.dates._window import _MONTH_THIRDS, _SCHOOL_YEAR, _WINTER, DateWindow
from velfaerd.i18n import Text

if TYPE_CHECKING:
    from collections.abc import Callable

# Private to velfaerd.dates: its reader imports the names it needs.
__all__: list[str] = []


_YEAR_DIGITS: Final = 4
_SHORT_YEAR_DIGITS: Final = 2

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


def _read_one(text: str) -> DateWindow:
    """Read ``text`` as exactly one form, with nothing around it."""
    match = _FORM.fullmatch(text)
    if match is None or match.lastgroup is None:
        raise _UnreadableError(_UNREADABLE, specific=False)
    return _READERS[match.lastgroup](match)
