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
