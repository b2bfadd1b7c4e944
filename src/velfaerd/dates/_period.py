"""Periods: spans of calendar time (``"1 year"``, ``"3 måneder"``) and moving a day by them."""

from __future__ import annotations

import functools
import re
from datetime import date, timedelta
from typing import Final, Literal

import attrs

from velfaerd.dates._calendar import (
    _MONTHS_PER_YEAR,
    _ONE_DAY,
    _last_day,
    is_month_end,
    last_of_month,
)
from velfaerd.dates._text import MAX_DATE_LENGTH, _normalize, _too_long
from velfaerd.dates._window import DateWindow
from velfaerd.errors import DateFormatError
from velfaerd.i18n import Text

__all__ = ["Period", "parse_period", "shift"]

_Unit = Literal["years", "months", "weeks", "days"]
_UNITS: Final[tuple[_Unit, ...]] = ("years", "months", "weeks", "days")

# A count in digits may touch its unit ("6mdr"); a number word is a word of its own, so
# that "toårigt" is not "to" and a unit "årigt".
_PERIOD: Final = re.compile(r"(?P<count>\d+(?= ?)|[a-zæøå]+(?= )) ?(?P<unit>[a-zæøå]+)")
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
    # abbreviations, read after a trailing full stop is dropped ("12 mdr.")
    "mdr": "months",
    "md": "months",
    "mnd": "months",
}
#: Recurrences written as Danish words: how often, as a period.
_NAMED_PERIODS: Final[dict[str, tuple[int, _Unit]]] = {
    "årligt": (1, "years"),
    "årlig": (1, "years"),
    "hvert år": (1, "years"),
    "en gang om året": (1, "years"),
    "én gang om året": (1, "years"),
    "hvert andet år": (2, "years"),
    "halvårligt": (6, "months"),
    "halvårlig": (6, "months"),
    "hvert halve år": (6, "months"),
    "hvert halvår": (6, "months"),
    "to gange om året": (6, "months"),
    "to gange årligt": (6, "months"),
    "fire gange om året": (3, "months"),
    "fire gange årligt": (3, "months"),
    "kvartalsvis": (3, "months"),
    "hvert kvartal": (3, "months"),
    "månedligt": (1, "months"),
    "månedlig": (1, "months"),
    "hver måned": (1, "months"),
    "en gang om måneden": (1, "months"),
    "hver anden måned": (2, "months"),
    "ugentligt": (1, "weeks"),
    "ugentlig": (1, "weeks"),
    "hver uge": (1, "weeks"),
    "en gang om ugen": (1, "weeks"),
    "hver anden uge": (2, "weeks"),
    "dagligt": (1, "days"),
    "hver dag": (1, "days"),
}
#: ``hver 3. måned``, ``hvert 2. år``, ``hver tredje uge``: every n-th unit.
_EVERY_NTH: Final = re.compile(
    r"hvert? (?P<count>\d+\.|anden|andet|tredje|fjerde|femte|sjette) (?P<unit>[a-zæøå]+)"
)
_ORDINAL_WORDS: Final[dict[str, int]] = {
    "anden": 2,
    "andet": 2,
    "tredje": 3,
    "fjerde": 4,
    "femte": 5,
    "sjette": 6,
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
    written: str | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)
    """The text the period was read from (``"årligt"``); :func:`velfaerd.dump` writes it
    back. ``None`` for a period made in Python."""

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
    ``"2 weeks"``, ``"14 days"``, ``"1 år"``, ``"3 måneder"``, ``"12 mdr."``,
    ``"2 uger"``, ``"14 dage"`` (singular and plural alike); the count may be a Danish
    number word from ``en``/``et`` to ``tolv`` (``"to år"``, ``"seks måneder"``). So are
    the words Danish writes for how often: ``"årligt"``, ``"hvert år"``, ``"en gang om
    året"``, ``"hvert andet år"``, ``"halvårligt"``, ``"hvert halve år"``,
    ``"kvartalsvis"``, ``"månedligt"``, ``"hver måned"``, ``"ugentligt"``, ``"hver
    uge"``, ``"dagligt"`` and ``"hver 3. måned"`` (``hver``/``hvert``, an ordinal, a
    unit). The period keeps the text as ``written``.

    :raises DateFormatError: if the text is not such a period; the message quotes it.

    >>> parse_period("3 Måneder")
    Period(count=3, unit='months')
    >>> str(parse_period("2 år"))
    '2 years'
    >>> parse_period("kvartalsvis"), parse_period("hver 3. måned").written
    (Period(count=3, unit='months'), 'hver 3. måned')
    """
    if len(text) > MAX_DATE_LENGTH:
        raise _too_long(text, "date.period-too-long")
    count, unit = _read_period(text)
    return Period(count, unit, written=" ".join(text.split()))


def _read_every_nth(text: str, nth: re.Match[str]) -> tuple[int, _Unit]:
    """``hver 3. måned``, ``hver tredje uge``: every n-th unit."""
    word = nth["count"]
    count = _ORDINAL_WORDS[word] if word in _ORDINAL_WORDS else int(word.rstrip("."))
    unit = _PERIOD_UNITS.get(nth["unit"])
    if unit is None:
        said = Text("date.not-a-unit", {"unit": nth["unit"], "forms": _PERIOD_FORMS})
        raise DateFormatError(text, said.render(), said=said)
    if count < 1:
        said = Text("date.period-at-least", {"forms": _PERIOD_FORMS})
        raise DateFormatError(text, said.render(), said=said)
    return count, unit


def _other_gender(normalized: str) -> str | None:
    """``hvert måned`` → ``hver måned``: the named period with the other *hver*, if any."""
    first, _, rest = normalized.partition(" ")
    swapped = {"hver": "hvert", "hvert": "hver"}.get(first)
    if swapped is None or f"{swapped} {rest}" not in _NAMED_PERIODS:
        return None
    return f"{swapped} {rest}"


def _read_period(text: str) -> tuple[int, _Unit]:
    normalized = _normalize(text)
    named = _NAMED_PERIODS.get(normalized)
    if named is not None:
        return named
    nth = _EVERY_NTH.fullmatch(normalized)
    if nth is not None:
        return _read_every_nth(text, nth)
    other_gender = _other_gender(normalized)
    if other_gender is not None:  # "hver år": Danish says "hvert år"
        said = Text("date.every-gender", {"right": other_gender})
        raise DateFormatError(text, said.render(), said=said)
    match = _PERIOD.fullmatch(normalized)
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
    return count, unit


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


_CALENDAR_UNITS: Final = frozenset({"months", "years"})


def _shift_day(day: date, period: Period, times: int, *, month_end: bool) -> date:
    shifted = period.after(day, times)
    if month_end and period.unit in _CALENDAR_UNITS:
        return last_of_month(shifted)
    return shifted


def shift(window: DateWindow, period: Period, times: int) -> DateWindow:
    """Return ``window`` moved by ``times`` periods (a month's end stays a month's end).

    Each day moves as :meth:`Period.after` moves it; a window that ends on the last day
    of a month, moved by months or years, ends on the last day of the month reached. A
    deadline stays a deadline. This is the ``times``-th recurrence of a recurring
    milestone and the window of a relative date (``times`` is -1 for *før*).

    :raises OverflowError: if a day is not a date Python can hold.

    >>> import datetime
    >>> march = DateWindow(datetime.date(2022, 3, 1), datetime.date(2022, 3, 31))
    >>> shift(march, Period(1, "months"), 1)
    DateWindow(earliest=datetime.date(2022, 4, 1), latest=datetime.date(2022, 4, 30))
    >>> february = DateWindow(datetime.date(2024, 2, 21), datetime.date(2024, 2, 29))
    >>> str(shift(february, Period(1, "years"), -1))
    'ultimo februar 2023'
    """
    if times == 0:
        return window
    earliest = (
        None
        if window.earliest is None
        else _shift_day(window.earliest, period, times, month_end=False)
    )
    latest = _shift_day(window.latest, period, times, month_end=is_month_end(window.latest))
    return DateWindow(earliest, latest)
