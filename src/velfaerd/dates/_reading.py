"""Reading a written date: :func:`parse_window`, forms combined with what surrounds them.

A text is one form (:mod:`velfaerd.dates._forms`) or forms combined: a deadline
(*senest*, *inden*, *frem til* …), *udgangen af* or *efter* before a form, a time after a
day and *pr.* or a weekday before one, and ranges of two forms (``juni 2013 - august
2014``, ``fra … til …``), the year written once at the end. The forms themselves are
listed in :mod:`velfaerd.dates`.
"""

# Split from the window's value class (velfaerd.dates._window), which this module
# builds, and from the grammar of single forms (velfaerd.dates._forms), which it
# combines: reading imports both, neither imports it.

from __future__ import annotations

import re
from datetime import date
from typing import Final

from velfaerd.dates._calendar import _MAX_YEAR, _MIN_YEAR, _MONTHS_PER_YEAR, _ONE_DAY, _last_day
from velfaerd.dates._forms import _NO_YEAR, _read_one, _UnreadableError
from velfaerd.dates._text import MAX_DATE_LENGTH, _normalize, _too_long
from velfaerd.dates._window import DateWindow, _format_day, format_window
from velfaerd.errors import DateFormatError
from velfaerd.i18n import Text

__all__ = ["parse_window"]


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
    return _read_one(text)


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
