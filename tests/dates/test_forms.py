"""The written forms of dates that format 1.1 added.

Two-year spans, quarters, school years, a year from context, relative dates and
periods in words.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._documents import AGREEMENT, days, load, milestone, problem, round_trip

import velfaerd
from velfaerd import strategies as vst
from velfaerd.dates import DateWindow, Period, RelativeDate, parse_period, parse_relative
from velfaerd.errors import DateFormatError

NEW_FORMS = [
    # "udkast til Rammeaftale 2021-22": two years, the second written short
    ("2021-22", days("2021-01-01", "2022-12-31")),
    ("1999-00", days("1999-01-01", "2000-12-31")),
    ("2021 - 22", days("2021-01-01", "2022-12-31")),
    # quarters: "1. kvt. 2019", "Q1 2019"
    ("1. kvt. 2019", days("2019-01-01", "2019-03-31")),
    ("2. kvt 2019", days("2019-04-01", "2019-06-30")),
    ("Q1 2019", days("2019-01-01", "2019-03-31")),
    ("q4 2019", days("2019-10-01", "2019-12-31")),
    ("Q3, 2019".replace(",", ""), days("2019-07-01", "2019-09-30")),
    ("inden udgangen af Q2 2019", days(None, "2019-06-30")),
    # "skoleåret 2013-2014" with a hyphen, as well as a slash
    ("skoleåret 2013-2014", days("2013-08-01", "2014-07-31")),
    ("skoleåret 2013-14", days("2013-08-01", "2014-07-31")),
    ("Skoleåret 2013 - 2014", days("2013-08-01", "2014-07-31")),
]


@pytest.mark.parametrize(("text", "expected"), NEW_FORMS)
def test_new_date_forms(text: str, expected: DateWindow) -> None:
    assert velfaerd.parse_window(text) == expected


@pytest.mark.parametrize(("text", "expected"), NEW_FORMS)
def test_new_date_forms_round_trip_in_a_file(text: str, expected: DateWindow) -> None:
    portfolio = load(AGREEMENT + milestone("m", f'"{text}"'))
    assert portfolio.agreements[0].milestones[0].due == expected
    round_trip(portfolio)


def test_2021_12_says_why_and_what_to_write() -> None:
    found = problem(AGREEMENT + milestone("m", '"2021-12"'))
    assert found.code == "LOAD003"
    assert found.path == "agreements[0].milestones[0].due"
    assert "'2021-12'" in found.message
    assert "neither as a month nor as two years" in found.message
    assert '"december 2021"' in found.message
    assert '"2021-2022"' in found.message


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2021-25", "run into the next year"),
        ("Q5 2019", "no Q5"),
        ("5. kvt. 2019", "no 5. kvartal"),
        ("skoleåret 2013-2015", "runs into the next year"),
        ("2021-2", "not a date form"),
    ],
)
def test_bad_new_forms_say_why(text: str, reason: str) -> None:
    with pytest.raises(DateFormatError, match=reason):
        velfaerd.parse_window(text)


def test_a_plain_hyphenated_range_of_years_is_still_a_range() -> None:
    assert velfaerd.parse_window("2013-2014") == days("2013-01-01", "2014-12-31")


YEARLESS = [
    ("medio maj", days("2013-05-11", "2013-05-20")),
    ("1. december", days("2013-12-01", "2013-12-01")),
    ("December", days("2013-12-01", "2013-12-31")),
    ("uge 8", days("2013-02-18", "2013-02-24")),
    ("i foråret", days("2013-03-01", "2013-05-31")),
    ("3. kvartal", days("2013-07-01", "2013-09-30")),
    ("inden udgangen af 2. kvartal", days(None, "2013-06-30")),
    ("februar-marts", days("2013-02-01", "2013-03-31")),
    ("primo juni 2014", days("2014-06-01", "2014-06-10")),  # its own year wins
]


@pytest.mark.parametrize(("text", "expected"), YEARLESS)
def test_year_from_context(text: str, expected: DateWindow) -> None:
    assert velfaerd.parse_window(text, year=2013) == expected
    portfolio = load(AGREEMENT + "year = 2013\n" + milestone("m", f'"{text}"'))
    agreement = portfolio.agreements[0]
    assert agreement.year == 2013
    assert agreement.milestones[0].due == expected
    round_trip(portfolio)


RELATIVE = [
    ("2 år efter start", Period(2, "years"), False, "start"),
    ("to år efter start", Period(2, "years"), False, "start"),
    ("et år efter opstart", Period(1, "years"), False, "start"),
    ("6 måneder før slut", Period(6, "months"), True, "slut"),
    ("seks måneder før end", Period(6, "months"), True, "slut"),
    ("3 måneder efter temadag", Period(3, "months"), False, "temadag"),
    ("tolv uger efter temadag", Period(12, "weeks"), False, "temadag"),
    ("14 dage før temadag", Period(14, "days"), True, "temadag"),
    ("1 year after start", Period(1, "years"), False, "start"),
]


@pytest.mark.parametrize(("text", "period", "before", "anchor"), RELATIVE)
def test_relative_dates_read(text: str, period: Period, before: bool, anchor: str) -> None:
    relative = parse_relative(text)
    assert (relative.period, relative.before, relative.anchor) == (period, before, anchor)
    assert str(relative) == text


def test_period_number_words() -> None:
    words = [
        "en",
        "et",
        "to",
        "tre",
        "fire",
        "fem",
        "seks",
        "syv",
        "otte",
        "ni",
        "ti",
        "elleve",
        "tolv",
    ]
    counts = [parse_period(f"{word} måneder").count for word in words]
    assert counts == [1, 1, *range(2, 13)]
    with pytest.raises(DateFormatError, match="'tretten' is not a number"):
        parse_period("tretten måneder")


@given(vst.periods(), st.booleans(), st.sampled_from(["start", "slut", "temadag", "m-2"]))
def test_relative_dates_round_trip_through_text(period: Period, before: bool, anchor: str) -> None:
    relative = RelativeDate(period=period, before=before, anchor=anchor)
    assert parse_relative(str(relative)) == relative


# Danish as it is written: the forms of the eight documents encoded in round 3 -----------

#: Every form, and its window exactly: one table, read alone and in a file.
AS_WRITTEN = [
    # day/month and the year after a space or a hyphen
    ("31/3 2019", days("2019-03-31", "2019-03-31")),
    ("31/3-2019", days("2019-03-31", "2019-03-31")),
    ("d. 5/3-2013", days("2013-03-05", "2013-03-05")),
    # a weekday before the day, checked against it
    ("mandag den 24. juni 2019", days("2019-06-24", "2019-06-24")),
    ("Mandag d. 24. juni 2019", days("2019-06-24", "2019-06-24")),
    ("mandag, 24.06.2019", days("2019-06-24", "2019-06-24")),
    # a time after the day: the window is the day
    ("1. marts 2023 kl. 14", days("2023-03-01", "2023-03-01")),
    ("1. marts 2023 kl. 14.00-16.00", days("2023-03-01", "2023-03-01")),
    ("onsdag den 1. marts 2023, kl. 9:30", days("2023-03-01", "2023-03-01")),
    # pr. and per: the day
    ("pr. 31.03.2019", days("2019-03-31", "2019-03-31")),
    ("per 1. januar 2020", days("2020-01-01", "2020-01-01")),
    # ranges with the year once, at the end
    ("medio november - ultimo december 2024", days("2024-11-11", "2024-12-31")),
    ("fra medio november til ultimo december 2024", days("2024-11-11", "2024-12-31")),
    ("uge 8-10 2013", days("2013-02-18", "2013-03-10")),
    ("uge 8 - uge 10 2013", days("2013-02-18", "2013-03-10")),
    ("juni/juli 2022", days("2022-06-01", "2022-07-31")),
    ("juni-juli 2022", days("2022-06-01", "2022-07-31")),
    # a winter across two years
    ("vinteren 2022/23", days("2022-12-01", "2023-02-28")),
    ("vinteren 2023/2024", days("2023-12-01", "2024-02-29")),
    # "i løbet af" before any form
    ("i løbet af efteråret 2021", days("2021-09-01", "2021-11-30")),
    ("i løbet af uge 8 2013", days("2013-02-18", "2013-02-24")),
    # start and starten af: as primo
    ("start 2022", days("2022-01-01", "2022-04-30")),
    ("starten af 2022", days("2022-01-01", "2022-04-30")),
    ("starten af juni 2022", days("2022-06-01", "2022-06-10")),
    # a school year with both years short
    ("skoleåret 23/24", days("2023-08-01", "2024-07-31")),
    ("skoleåret 23-24", days("2023-08-01", "2024-07-31")),
    # school holidays as most Danish schools have them
    ("sommerferien 2022", days("2022-06-25", "2022-08-07")),
    ("sommerferien 2023", days("2023-06-24", "2023-08-13")),
    ("efterårsferien 2022", days("2022-10-15", "2022-10-23")),
    ("vinterferien 2023", days("2023-02-13", "2023-02-26")),
    ("juleferien 2022", days("2022-12-21", "2023-01-02")),
    ("påskeferien 2023", days("2023-04-01", "2023-04-10")),
    ("påskeferien 2024", days("2024-03-23", "2024-04-01")),
    # before and after them
    ("inden sommerferien 2022", days(None, "2022-06-24")),
    ("efter sommerferien 2022", days("2022-08-08", "2022-09-07")),
    ("efter juni 2013", days("2013-07-01", "2013-07-31")),
    ("efter 30. januar 2021", days("2021-01-31", "2021-02-28")),
    ("senest efter efterårsferien 2022", days(None, "2022-11-23")),
]


@pytest.mark.parametrize(("text", "expected"), AS_WRITTEN)
def test_danish_as_it_is_written(text: str, expected: DateWindow) -> None:
    assert velfaerd.parse_window(text) == expected


@pytest.mark.parametrize(("text", "expected"), AS_WRITTEN)
def test_dump_writes_back_what_was_written(text: str, expected: DateWindow) -> None:
    portfolio = load(AGREEMENT + milestone("m", f'"{text}"'))
    assert portfolio.agreements[0].milestones[0].due == expected
    assert f'due = "{text}"' in velfaerd.dump(portfolio)
    round_trip(portfolio)


def test_a_window_is_shown_as_written() -> None:
    # A window of days keeps its words; a capital that began a line is made small.
    assert str(velfaerd.parse_window("I løbet af efteråret 2021")) == "i løbet af efteråret 2021"
    assert str(velfaerd.parse_window("Q1 2019")) == "Q1 2019"
    # One day is shown in its reader's form, whatever digits it was written in.
    assert str(velfaerd.parse_window("pr. 31.03.2019")) == "31. marts 2019"


#: Each near miss, and what its message says is wrong.
NEAR_MISSES = [
    (
        "5/3-13",
        (
            "the year '13' has two digits, and a year is never guessed; "
            'write it with four, as in "5/3-2013"'
        ),
    ),
    ("15.03.21", 'write it with four, as in "15.03.2021"'),
    ("tirsdag den 24. juni 2019", "24. juni 2019 is a Monday (mandag), not a tirsdag"),
    ("mandag juni 2019", "a weekday belongs before one day, and juni 2019 is more than one day"),
    ("juni 2023 kl. 14", "a time (kl.) belongs after one day"),
    ("1. marts 2023 kl. 25", "there is no time 25 in a day"),
    ("1. marts 2023 kl. 14.75", "there is no time 14.75 in a day"),
    ("pr. juni 2019", "pr. and per name one day"),
    ("uge 10-8 2013", "week 10 comes after week 8"),
    ("juli/juni 2022", "juli comes after juni"),
    ("vinteren 2022/24", "a winter runs into the next year, as in vinteren 2022/2023"),
    ("vinteren 22/23", 'a winter across two years is written "vinteren 2022/23"'),
    ("skoleåret 23/25", "a school year runs into the next year, as in 2023/2024"),
    ("sommerferien", "no year"),
    ("efter 9999", "outside 1000–9999"),
    ("medio november - ultimo december", "no year"),
]


@pytest.mark.parametrize(("text", "reason"), NEAR_MISSES)
def test_near_misses_say_what_is_wrong(text: str, reason: str) -> None:
    with pytest.raises(DateFormatError) as caught:
        velfaerd.parse_window(text)
    assert f"cannot read {text!r}: " in str(caught.value)
    assert reason in str(caught.value)


def test_a_wrong_weekday_is_named_in_danish() -> None:
    found = problem(AGREEMENT + milestone("m", '"fredag den 24. juni 2019"'))
    assert found.code == "LOAD003"
    assert "24. juni 2019 er en mandag, ikke en fredag" in found.render("da")


#: Every period, and what it is: `every` and `review_every` keep what was written.
PERIODS_AS_WRITTEN = [
    ("årligt", Period(1, "years")),
    ("hvert år", Period(1, "years")),
    ("en gang om året", Period(1, "years")),
    ("hvert andet år", Period(2, "years")),
    ("halvårligt", Period(6, "months")),
    ("hvert halve år", Period(6, "months")),
    ("kvartalsvis", Period(3, "months")),
    ("hver 3. måned", Period(3, "months")),
    ("hver tredje måned", Period(3, "months")),
    ("månedligt", Period(1, "months")),
    ("hver måned", Period(1, "months")),
    ("ugentligt", Period(1, "weeks")),
    ("hver uge", Period(1, "weeks")),
    ("hver 14. dag", Period(14, "days")),
    ("12 mdr.", Period(12, "months")),
    ("2 uger", Period(2, "weeks")),
]


@pytest.mark.parametrize(("text", "expected"), PERIODS_AS_WRITTEN)
def test_periods_as_written(text: str, expected: Period) -> None:
    period = parse_period(text)
    assert period == expected
    assert period.written == text
    document = AGREEMENT.replace('review_every = "none"', f'review_every = "{text}"')
    portfolio = load(
        document + milestone("m", "2021-03-01", 'kind = "review"', f'every = "{text}"')
    )
    agreement = portfolio.agreements[0]
    assert (agreement.review_every, agreement.milestones[0].every) == (expected, expected)
    dumped = velfaerd.dump(portfolio)
    assert f'review_every = "{text}"' in dumped
    assert f'every = "{text}"' in dumped
    round_trip(portfolio)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("hver år", 'Danish writes "hvert år"'),
        ("hvert måned", 'Danish writes "hver måned"'),
        ("toårigt", "a period is a count and a unit"),
        ("hver 0. måned", "a period is at least 1"),
        ("hver 3. kvartal", "'kvartal' is not a unit"),
    ],
)
def test_period_near_misses_say_what_is_wrong(text: str, reason: str) -> None:
    with pytest.raises(DateFormatError) as caught:
        parse_period(text)
    assert reason in str(caught.value)
