"""DateWindow: reading the Danish date forms, writing them back, the order of windows."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._hypothesis import scaled

from velfaerd.dates import (
    DateWindow,
    format_window,
    parse_window,
)
from velfaerd.errors import DateFormatError


def window(first: str | None, last: str) -> DateWindow:
    """Build a window from ISO dates (``None`` for a deadline)."""
    return DateWindow(
        None if first is None else date.fromisoformat(first), date.fromisoformat(last)
    )


def day(iso: str) -> DateWindow:
    return window(iso, iso)


FORMS = [
    # exact days
    ("5. december 2012", day("2012-12-05")),
    ("5 december 2012", day("2012-12-05")),
    ("8.september 2017", day("2017-09-08")),
    ("15.03.2021", day("2021-03-15")),
    ("26-11-2012", day("2012-11-26")),
    ("2012-11-26", day("2012-11-26")),
    ("d. 15.03.2021", day("2021-03-15")),
    ("den 5. december 2012", day("2012-12-05")),
    ("5. dec. 2012", day("2012-12-05")),
    ("5. dec 2012", day("2012-12-05")),
    ("3. sep 2013", day("2013-09-03")),
    ("3. sept. 2013", day("2013-09-03")),
    ("29. februar 2024", day("2024-02-29")),
    ("1. jan 2013", day("2013-01-01")),
    ("1. okt. 2013", day("2013-10-01")),
    # months
    ("juni 2013", window("2013-06-01", "2013-06-30")),
    ("januar 2013", window("2013-01-01", "2013-01-31")),
    ("februar 2024", window("2024-02-01", "2024-02-29")),
    ("marts 2013", window("2013-03-01", "2013-03-31")),
    ("april 2013", window("2013-04-01", "2013-04-30")),
    ("maj 2013", window("2013-05-01", "2013-05-31")),
    ("juli 2013", window("2013-07-01", "2013-07-31")),
    ("august 2013", window("2013-08-01", "2013-08-31")),
    ("september 2013", window("2013-09-01", "2013-09-30")),
    ("oktober 2013", window("2013-10-01", "2013-10-31")),
    ("november 2013", window("2013-11-01", "2013-11-30")),
    ("december 2013", window("2013-12-01", "2013-12-31")),
    ("aug. 2013", window("2013-08-01", "2013-08-31")),
    # month ranges
    ("februar-marts 2013", window("2013-02-01", "2013-03-31")),
    ("februar - marts 2013", window("2013-02-01", "2013-03-31")),
    ("februar–marts 2013", window("2013-02-01", "2013-03-31")),
    ("februar – marts 2013", window("2013-02-01", "2013-03-31")),
    # primo, medio, ultimo of a month
    ("primo juni 2013", window("2013-06-01", "2013-06-10")),
    ("medio januar 2013", window("2013-01-11", "2013-01-20")),
    ("ultimo juni 2013", window("2013-06-21", "2013-06-30")),
    ("ultimo februar 2024", window("2024-02-21", "2024-02-29")),
    ("begyndelsen af marts 2014", window("2014-03-01", "2014-03-10")),
    ("i begyndelsen af marts 2014", window("2014-03-01", "2014-03-10")),
    ("midten af maj 2013", window("2013-05-11", "2013-05-20")),
    ("slutningen af august 2013", window("2013-08-21", "2013-08-31")),
    # primo, medio, ultimo of a year
    ("primo 2019", window("2019-01-01", "2019-04-30")),
    ("medio 2019", window("2019-05-01", "2019-08-31")),
    ("ultimo 2019", window("2019-09-01", "2019-12-31")),
    ("slutningen af 2019", window("2019-09-01", "2019-12-31")),
    ("begyndelsen af 2019", window("2019-01-01", "2019-04-30")),
    ("midten af 2019", window("2019-05-01", "2019-08-31")),
    # ISO weeks
    ("uge 8 2013", window("2013-02-18", "2013-02-24")),
    ("uge 8, 2013", window("2013-02-18", "2013-02-24")),
    ("uge 8 i 2013", window("2013-02-18", "2013-02-24")),
    ("uge 1 2015", window("2014-12-29", "2015-01-04")),
    ("uge 53 2015", window("2015-12-28", "2016-01-03")),
    ("uge 53 2020", window("2020-12-28", "2021-01-03")),
    # quarters
    ("1. kvartal 2019", window("2019-01-01", "2019-03-31")),
    ("2. kvartal 2019", window("2019-04-01", "2019-06-30")),
    ("3. kvartal 2019", window("2019-07-01", "2019-09-30")),
    ("4. kvartal 2019", window("2019-10-01", "2019-12-31")),
    ("første kvartal 2019", window("2019-01-01", "2019-03-31")),
    ("andet kvartal 2019", window("2019-04-01", "2019-06-30")),
    ("tredje kvartal 2019", window("2019-07-01", "2019-09-30")),
    ("fjerde kvartal 2019", window("2019-10-01", "2019-12-31")),
    ("1. kvartal af 2019", window("2019-01-01", "2019-03-31")),
    ("4. kvartal i 2019", window("2019-10-01", "2019-12-31")),
    # halves
    ("1. halvår 2013", window("2013-01-01", "2013-06-30")),
    ("første halvår af 2013", window("2013-01-01", "2013-06-30")),
    ("2. halvår 2013", window("2013-07-01", "2013-12-31")),
    ("andet halvår 2013", window("2013-07-01", "2013-12-31")),
    # years and school years
    ("2013", window("2013-01-01", "2013-12-31")),
    ("skoleåret 2013/2014", window("2013-08-01", "2014-07-31")),
    ("skoleåret 2014/15", window("2014-08-01", "2015-07-31")),
    ("2014/15", window("2014-08-01", "2015-07-31")),
    ("2013/2014", window("2013-08-01", "2014-07-31")),
    ("skoleåret 1999/00", window("1999-08-01", "2000-07-31")),
    # seasons
    ("foråret 2019", window("2019-03-01", "2019-05-31")),
    ("sommeren 2019", window("2019-06-01", "2019-08-31")),
    ("efteråret 2019", window("2019-09-01", "2019-11-30")),
    ("vinteren 2019", window("2019-12-01", "2020-02-29")),
    ("forår 2019", window("2019-03-01", "2019-05-31")),
    ("sommer 2019", window("2019-06-01", "2019-08-31")),
    ("efterår 2019", window("2019-09-01", "2019-11-30")),
    ("vinter 2020", window("2020-12-01", "2021-02-28")),
    # "i" before any form
    ("i juni 2013", window("2013-06-01", "2013-06-30")),
    ("i 2013", window("2013-01-01", "2013-12-31")),
    ("i uge 8 2013", window("2013-02-18", "2013-02-24")),
    ("i skoleåret 2013/2014", window("2013-08-01", "2014-07-31")),
    # udgangen af: the last day
    ("udgangen af september 2014", day("2014-09-30")),
    ("udgangen af 2. kvartal 2019", day("2019-06-30")),
    ("i udgangen af 2014", day("2014-12-31")),
    # deadlines
    # inden and før: the day before what follows begins
    ("inden juni 2013", window(None, "2013-05-31")),
    ("før juni 2013", window(None, "2013-05-31")),
    ("inden 1. marts 2024", window(None, "2024-02-29")),
    ("inden skoleåret 2013/2014", window(None, "2013-07-31")),
    ("inden uge 8 2013", window(None, "2013-02-17")),
    # senest and til og med: its last day
    ("senest juni 2013", window(None, "2013-06-30")),
    ("senest med juni 2013", window(None, "2013-06-30")),
    ("senest 1. maj 2013", window(None, "2013-05-01")),
    ("inden udgangen af 2. kvartal 2019", window(None, "2019-06-30")),
    ("senest med udgangen af skoleåret 2013/2014", window(None, "2014-07-31")),
    ("senest i uge 8 2013", window(None, "2013-02-24")),
    ("frem til skoleåret 2013/2014", window(None, "2013-07-31")),
    ("til og med juni 2013", window(None, "2013-06-30")),
    ("til og med 30. september 2024", window(None, "2024-09-30")),
    # frem til and indtil: on one day, else the day before it begins
    ("frem til 1. maj 2013", window(None, "2013-05-01")),
    ("frem til 30. september 2024", window(None, "2024-09-30")),
    ("indtil 30. september 2024", window(None, "2024-09-30")),
    ("frem til 2014", window(None, "2013-12-31")),
    ("indtil skoleåret 2013/2014", window(None, "2013-07-31")),
    ("frem til udgangen af 2014", window(None, "2014-12-31")),
    # general ranges
    ("juni 2013 - august 2014", window("2013-06-01", "2014-08-31")),
    ("juni 2013–august 2014", window("2013-06-01", "2014-08-31")),
    ("juni 2013-august 2014", window("2013-06-01", "2014-08-31")),
    ("fra juni 2013 til august 2014", window("2013-06-01", "2014-08-31")),
    ("2013 - 2015", window("2013-01-01", "2015-12-31")),
    ("2013-2015", window("2013-01-01", "2015-12-31")),
    ("5. december 2012 - 7. december 2012", window("2012-12-05", "2012-12-07")),
    ("2012-11-26 - 2013-01-05", window("2012-11-26", "2013-01-05")),
    ("26-11-2012 - 05-01-2013", window("2012-11-26", "2013-01-05")),
    ("uge 8 2013 - uge 10 2013", window("2013-02-18", "2013-03-10")),
    ("fra 1. kvartal 2019 til udgangen af juni 2019", window("2019-01-01", "2019-06-30")),
    # case, whitespace and a trailing full stop
    ("PRIMO JUNI 2013", window("2013-06-01", "2013-06-10")),
    ("Skoleåret 2013/2014", window("2013-08-01", "2014-07-31")),
    ("SKOLEÅRET 2013/14", window("2013-08-01", "2014-07-31")),
    ("  primo   juni\t2013  ", window("2013-06-01", "2013-06-10")),
    ("juni 2013.", window("2013-06-01", "2013-06-30")),
    ("Senest 1. Maj 2013.", window(None, "2013-05-01")),
]


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_parse_window_reads_every_form(text: str, expected: DateWindow) -> None:
    assert parse_window(text) == expected


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_every_form_writes_a_form_that_reads_back(text: str, expected: DateWindow) -> None:
    assert parse_window(format_window(parse_window(text))) == expected


ERRORS = [
    ("21. maj april 2013", "not a date form"),
    ("31. februar 2021", "februar 2021 has 28 days"),
    ("30. februar 2024", "februar 2024 has 29 days"),
    ("31.04.2021", "april 2021 has 30 days"),
    ("0. maj 2013", "no day 0"),
    ("uge 54 2013", "2013 has 52 ISO weeks"),
    ("uge 53 2013", "2013 has 52 ISO weeks"),
    ("uge 0 2013", "no week 0"),
    ("skoleåret 2013/2015", "2013/2014"),
    ("skoleåret 2013/15", "2013/2014"),
    ("2013/12", "2013/2014"),
    ("", "empty"),
    ("   ", "empty"),
    ("13. måned 2013", "'måned' is not a month"),
    ("15.13.2021", "no month 13"),
    ("2021-13-01", "no month 13"),
    ("15.03-2021", "not a date form"),
    ("juni 2014 - maj 2014", "ends before it begins"),
    ("fra 2015 til 2014", "ends before it begins"),
    ("marts-februar 2013", "marts comes after februar"),
    ("999", "outside 1000–9999"),
    ("juni 10000", "outside 1000–9999"),
    ("5. maj 0999", "outside 1000–9999"),
    ("15.03.21", "two digits, and a year is never guessed"),
    ("vinteren 9999", "outside 1000–9999"),
    ("frem til 1000", "before the year 1000"),
    ("1. januar", "no year"),
    ("juni", "no year"),
    ("primo juni", "no year"),
    ("uge 8", "no year"),
    ("1. kvartal", "no year"),
    ("senest 1. maj", "no year"),
    ("5. kvartal 2019", "4 quarters"),
    ("3. halvår 2019", "2 halves"),
    ("primo jule 2013", "'jule' is not a month"),
    ("høsten 2013", "not a month or a season"),
    ("31. februar 2021 - 5. marts 2021", "februar 2021 has 28 days"),
    ("fra juni 2013", "fra <date> til <date>"),
    ("senest senest 2013", "'senest' is not a month or a season"),
    ("frem til senest 2013", "'senest' is not a month or a season"),
    ("uge 8 2013 2014", "not a date form"),
    ("foo 12", "'foo' is not a month or a season"),
    ("juni 2013 -", "not a date form"),
    ("i morgen", "not a date form"),
]


@pytest.mark.parametrize(("text", "reason"), ERRORS)
def test_unreadable_text_is_an_error_that_quotes_it(text: str, reason: str) -> None:
    with pytest.raises(DateFormatError) as caught:
        parse_window(text)
    assert repr(text) in str(caught.value)
    assert reason in str(caught.value)
    assert caught.value.text == text


def test_a_date_format_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="no year"):
        parse_window("1. januar")


CANONICAL = [
    (day("2012-12-05"), "5. december 2012"),
    (window("2013-06-01", "2013-06-30"), "juni 2013"),
    (window("2013-06-01", "2013-06-10"), "primo juni 2013"),
    (window("2013-01-11", "2013-01-20"), "medio januar 2013"),
    (window("2013-02-21", "2013-02-28"), "ultimo februar 2013"),
    (window("2013-02-01", "2013-03-31"), "februar-marts 2013"),
    (window("2013-01-01", "2013-05-31"), "januar-maj 2013"),
    (window("2019-04-01", "2019-06-30"), "2. kvartal 2019"),
    (window("2013-07-01", "2013-12-31"), "2. halvår 2013"),
    (window("2013-01-01", "2013-12-31"), "2013"),
    (window("2019-01-01", "2019-04-30"), "primo 2019"),
    (window("2019-05-01", "2019-08-31"), "medio 2019"),
    (window("2019-09-01", "2019-12-31"), "ultimo 2019"),
    (window("2019-03-01", "2019-05-31"), "foråret 2019"),
    (window("2019-06-01", "2019-08-31"), "sommeren 2019"),
    (window("2019-09-01", "2019-11-30"), "efteråret 2019"),
    (window("2019-12-01", "2020-02-29"), "vinteren 2019"),
    (window("2013-08-01", "2014-07-31"), "skoleåret 2013/2014"),
    (window("2013-02-18", "2013-02-24"), "uge 8 2013"),
    (window("2014-12-29", "2015-01-04"), "uge 1 2015"),
    (window(None, "2013-05-01"), "senest 1. maj 2013"),
    (window("2013-06-01", "2014-08-31"), "juni 2013 - august 2014"),
    (window("2013-01-01", "2015-12-31"), "2013 - 2015"),
    (window("2013-02-03", "2013-02-05"), "3. februar 2013 - 5. februar 2013"),
    (window("2013-02-19", "2013-02-25"), "19. februar 2013 - 25. februar 2013"),
]


@pytest.mark.parametrize(("window_", "text"), CANONICAL)
def test_format_window_writes_the_most_specific_form(window_: DateWindow, text: str) -> None:
    assert format_window(window_) == text
    assert str(window_) == text
    assert parse_window(text) == window_


def test_a_window_is_never_reversed() -> None:
    with pytest.raises(ValueError, match="after its latest day"):
        window("2013-06-02", "2013-06-01")


def test_a_window_holds_dates_not_datetimes() -> None:
    with pytest.raises(TypeError, match=r"latest must be a datetime\.date"):
        DateWindow(None, datetime(2013, 6, 1))  # noqa: DTZ001 (a naive datetime on purpose)
    with pytest.raises(TypeError, match=r"earliest must be a datetime\.date"):
        DateWindow("2013-06-01", date(2013, 6, 1))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("primo juni 2013", "2013-06-01"),
        ("5. december 2012", "2012-12-05"),
        ("vinteren 2019", "2019-12-01"),
        ("senest 1. maj 2013", "2013-05-01"),  # a deadline: its one day
        ("frem til skoleåret 2013/2014", "2013-07-31"),
    ],
)
def test_first_day(text: str, first: str) -> None:
    window = parse_window(text)
    assert window.first_day == date.fromisoformat(first)
    assert window.contains(window.first_day)


def test_exact_and_deadline_constructors() -> None:
    exact = DateWindow.exact(date(2013, 5, 1))
    assert exact == day("2013-05-01")
    assert exact.is_exact
    assert not exact.is_deadline
    deadline = DateWindow.deadline(date(2013, 5, 1))
    assert deadline == window(None, "2013-05-01")
    assert deadline.is_deadline
    assert not deadline.is_exact
    assert not parse_window("juni 2013").is_exact


def test_windows_are_hashable_and_compare_by_value() -> None:
    assert len({parse_window("juni 2013"), parse_window("i juni 2013")}) == 1


def test_repr_shows_the_dates() -> None:
    assert repr(parse_window("primo juni 2013")) == (
        "DateWindow(earliest=datetime.date(2013, 6, 1), latest=datetime.date(2013, 6, 10))"
    )


@pytest.mark.parametrize(
    ("first", "second", "certainly", "possibly"),
    [
        ("juni 2013", "juli 2013", True, True),
        ("juni 2013", "1. juli 2013", True, True),
        ("juni 2013", "30. juni 2013", False, True),
        ("30. juni 2013", "juni 2013", False, False),
        ("juni 2013", "1. juni 2013", False, False),
        ("1. juni 2013", "1. juni 2013", False, False),
        ("1. juni 2013", "2. juni 2013", True, True),
        ("juli 2013", "juni 2013", False, False),
        ("2013", "juni 2013", False, True),
        ("juni 2013", "2013", False, True),
        # a deadline is never possibly before anything, but can be certainly before
        ("senest 1. maj 2013", "juni 2013", True, False),
        ("senest 1. maj 2013", "senest 1. juni 2013", False, False),
        ("senest 1. juli 2013", "juni 2013", False, False),
        # nothing is certainly before a deadline; something early may be before it
        ("juni 2013", "senest 1. juli 2013", False, True),
        ("juni 2013", "senest 1. juni 2013", False, False),
    ],
)
def test_comparisons(first: str, second: str, certainly: bool, possibly: bool) -> None:
    a, b = parse_window(first), parse_window(second)
    assert a.certainly_before(b) is certainly
    assert a.possibly_before(b) is possibly


def test_contains() -> None:
    june = parse_window("juni 2013")
    assert june.contains(date(2013, 6, 1))
    assert june.contains(date(2013, 6, 30))
    assert not june.contains(date(2013, 7, 1))
    assert not june.contains(date(2013, 5, 31))
    deadline = parse_window("senest 1. maj 2013")
    assert deadline.contains(date(1999, 1, 1))
    assert deadline.contains(date(2013, 5, 1))
    assert not deadline.contains(date(2013, 5, 2))


# Properties ---------------------------------------------------------------------------

MONTHS = (
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

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
years = st.integers(min_value=1900, max_value=2100)


def _window(pair: tuple[date, date]) -> DateWindow:
    first, last = sorted(pair)
    return DateWindow(first, last)


spans = st.tuples(days, days).map(_window)
deadlines = st.builds(DateWindow.deadline, days)
windows = st.one_of(spans, deadlines, days.map(DateWindow.exact))


@st.composite
def whole_months(draw: st.DrawFn) -> DateWindow:
    """Windows from the first day of a month to the last day of a month."""
    first, last = sorted((draw(days), draw(days)))
    end = calendar.monthrange(last.year, last.month)[1]
    return DateWindow(first.replace(day=1), last.replace(day=end))


DAY_FORMS = (
    "{d}. {month} {y}",
    "{d} {month} {y}",
    "{d}.{month} {y}",
    "{d}. {abbr}. {y}",
    "{d:02}.{m:02}.{y}",
    "{d:02}-{m:02}-{y}",
    "{y}-{m:02}-{d:02}",
    "d. {d}.{m}.{y}",
)


def _write_day(day: date, form: str) -> str:
    month = MONTHS[day.month - 1]
    return form.format(d=day.day, m=day.month, y=day.year, month=month, abbr=month[:3])


def _forms_in(year: int) -> st.SearchStrategy[str]:
    """Texts in each named Danish form, in ``year``."""
    month = st.sampled_from(MONTHS)
    weeks = date(year, 12, 28).isocalendar()[1]
    in_year = st.dates(min_value=date(year, 1, 1), max_value=date(year, 12, 31))
    month_pairs = st.lists(st.integers(0, 11), min_size=2, max_size=2).map(sorted)
    month_parts = st.sampled_from(["primo", "medio", "ultimo", "begyndelsen af", "midten af"])
    year_parts = st.sampled_from(["primo", "medio", "ultimo", "slutningen af"])
    quarters = st.sampled_from(["1.", "2.", "3.", "4.", "første", "andet", "tredje", "fjerde"])
    halves = st.sampled_from(["1.", "2.", "første", "andet"])
    seasons = st.sampled_from(["foråret", "sommeren", "efteråret", "vinteren", "forår"])
    deadlines = st.sampled_from(["senest", "inden", "senest med", "frem til"])
    return st.one_of(
        st.builds(_write_day, in_year, st.sampled_from(DAY_FORMS)),
        month.map(lambda name: f"{name} {year}"),
        month_pairs.map(lambda pair: f"{MONTHS[pair[0]]}-{MONTHS[pair[1]]} {year}"),
        st.tuples(month_parts, month).map(lambda pm: f"{pm[0]} {pm[1]} {year}"),
        year_parts.map(lambda part: f"{part} {year}"),
        st.integers(1, weeks).map(lambda week: f"uge {week} {year}"),
        quarters.map(lambda quarter: f"{quarter} kvartal {year}"),
        halves.map(lambda half: f"{half} halvår af {year}"),
        st.just(str(year)),
        st.just(f"skoleåret {year}/{(year + 1) % 100:02d}"),
        seasons.map(lambda season: f"{season} {year}"),
        month.map(lambda name: f"i udgangen af {name} {year}"),
        st.tuples(deadlines, month).map(lambda dm: f"{dm[0]} {dm[1]} {year}"),
    )


form_texts = years.flatmap(_forms_in)
named_windows = form_texts.map(parse_window)


@scaled(100)
@given(windows)
def test_every_window_reads_back_as_written(window: DateWindow) -> None:
    assert parse_window(format_window(window)) == window


@scaled(100)
@given(whole_months())
def test_every_span_of_whole_months_reads_back_as_written(window: DateWindow) -> None:
    assert parse_window(format_window(window)) == window


@scaled(100)
@given(named_windows)
def test_every_named_window_reads_back_as_written(window: DateWindow) -> None:
    text = format_window(window)
    assert parse_window(text) == window
    assert format_window(parse_window(text)) == text


@scaled(100)
@given(form_texts)
def test_case_does_not_matter(text: str) -> None:
    assert parse_window(text.upper()) == parse_window(text)
    assert parse_window(text.swapcase()) == parse_window(text)


@scaled(100)
@given(windows)
def test_a_window_contains_its_bounds(window: DateWindow) -> None:
    assert window.contains(window.latest)
    assert not window.contains(window.latest + timedelta(days=1))
    if window.earliest is not None:
        assert window.contains(window.earliest)
        assert not window.contains(window.earliest - timedelta(days=1))


@scaled(100)
@given(windows, windows)
def test_two_windows_are_never_each_certainly_before_the_other(
    a: DateWindow, b: DateWindow
) -> None:
    assert not (a.certainly_before(b) and b.certainly_before(a))


@scaled(100)
@given(windows, windows)
def test_certainly_before_rules_out_the_other_order(a: DateWindow, b: DateWindow) -> None:
    if a.certainly_before(b):
        assert not b.possibly_before(a)


@scaled(100)
@given(windows, windows)
def test_certainly_before_implies_possibly_before_unless_a_deadline(
    a: DateWindow, b: DateWindow
) -> None:
    if a.certainly_before(b) and not a.is_deadline:
        assert a.possibly_before(b)


@scaled(100)
@given(windows, windows)
def test_nothing_is_certainly_before_a_deadline_and_a_deadline_never_possibly_before(
    a: DateWindow, b: DateWindow
) -> None:
    assert not a.certainly_before(DateWindow.deadline(b.latest))
    assert not DateWindow.deadline(a.latest).possibly_before(b)


@scaled(100)
@given(days, days)
def test_for_exact_days_certainly_and_possibly_agree(x: date, y: date) -> None:
    a, b = DateWindow.exact(x), DateWindow.exact(y)
    assert a.certainly_before(b) is a.possibly_before(b) is (x < y)


@scaled(100)
@given(spans, spans, st.data())
def test_comparisons_say_what_the_days_in_the_windows_do(
    a: DateWindow, b: DateWindow, data: st.DataObject
) -> None:
    assert a.earliest is not None
    assert b.earliest is not None
    x = data.draw(st.dates(min_value=a.earliest, max_value=a.latest))
    y = data.draw(st.dates(min_value=b.earliest, max_value=b.latest))
    if a.certainly_before(b):
        assert x < y
    if not a.possibly_before(b):
        assert x >= y
    # the witnesses: the earliest of a is before the latest of b exactly when possibly
    assert a.possibly_before(b) is (a.earliest < b.latest)
    assert a.certainly_before(b) is (a.latest < b.earliest)
