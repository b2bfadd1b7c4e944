"""Period: reading periods, calendar arithmetic with them, the end of a term."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._hypothesis import scaled

from velfaerd.dates import (
    MAX_DATE_LENGTH,
    Period,
    parse_period,
)
from velfaerd.errors import DateFormatError

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


PERIODS = [
    ("1 year", Period(1, "years")),
    ("2 years", Period(2, "years")),
    ("6 months", Period(6, "months")),
    ("3 months", Period(3, "months")),
    ("1 month", Period(1, "months")),
    ("2 weeks", Period(2, "weeks")),
    ("14 days", Period(14, "days")),
    ("1 år", Period(1, "years")),
    ("3 år", Period(3, "years")),
    ("3 måneder", Period(3, "months")),
    ("1 måned", Period(1, "months")),
    ("2 uger", Period(2, "weeks")),
    ("1 uge", Period(1, "weeks")),
    ("14 dage", Period(14, "days")),
    ("1 dag", Period(1, "days")),
    ("1 Year", Period(1, "years")),
    ("3 MÅNEDER", Period(3, "months")),
    ("  2   weeks ", Period(2, "weeks")),
]


@pytest.mark.parametrize(("text", "expected"), PERIODS)
def test_parse_period(text: str, expected: Period) -> None:
    assert parse_period(text) == expected
    assert parse_period(str(expected)) == expected


@pytest.mark.parametrize(
    ("period", "text"),
    [
        (Period(1, "years"), "1 year"),
        (Period(2, "years"), "2 years"),
        (Period(1, "months"), "1 month"),
        (Period(3, "months"), "3 months"),
        (Period(1, "weeks"), "1 week"),
        (Period(14, "days"), "14 days"),
    ],
)
def test_str_of_a_period_is_canonical_english(period: Period, text: str) -> None:
    assert str(period) == text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "a count and a unit"),
        ("year", "a count and a unit"),
        ("one year", "a count and a unit"),
        ("1.5 years", "a count and a unit"),
        ("-1 year", "a count and a unit"),
        ("0 days", "at least 1"),
        ("2 fortnights", "'fortnights' is not a unit"),
        ("3 kvartaler", "'kvartaler' is not a unit"),
        ("1 year 2 months", "a count and a unit"),
    ],
)
def test_unreadable_period_is_an_error_that_quotes_it(text: str, reason: str) -> None:
    with pytest.raises(DateFormatError) as caught:
        parse_period(text)
    assert repr(text) in str(caught.value)
    assert reason in str(caught.value)
    assert '"14 dage"' in str(caught.value)


def test_a_period_is_at_least_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Period(0, "days")
    with pytest.raises(TypeError, match="must be an int"):
        Period(True, "days")  # noqa: FBT003 (a bool is not a count)
    with pytest.raises(ValueError, match="must be in"):
        Period(1, "fortnights")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("period", "start", "times", "expected"),
    [
        (Period(1, "months"), "2021-01-31", 1, "2021-02-28"),
        (Period(1, "months"), "2024-01-31", 1, "2024-02-29"),
        (Period(1, "months"), "2024-01-31", 2, "2024-03-31"),
        (Period(1, "months"), "2024-01-31", 3, "2024-04-30"),
        (Period(1, "months"), "2024-03-31", -1, "2024-02-29"),
        (Period(3, "months"), "2023-11-30", 1, "2024-02-29"),
        (Period(3, "months"), "2023-11-30", 4, "2024-11-30"),
        (Period(1, "years"), "2024-02-29", 1, "2025-02-28"),
        (Period(1, "years"), "2024-02-29", 4, "2028-02-29"),
        (Period(2, "years"), "2013-06-15", 3, "2019-06-15"),
        (Period(2, "weeks"), "2013-12-25", 1, "2014-01-08"),
        (Period(14, "days"), "2013-12-25", 2, "2014-01-22"),
        (Period(1, "months"), "2013-12-15", 0, "2013-12-15"),
        (Period(1, "months"), "2013-12-15", 1, "2014-01-15"),
    ],
)
def test_period_after(period: Period, start: str, times: int, expected: str) -> None:
    assert period.after(date.fromisoformat(start), times) == date.fromisoformat(expected)


def test_period_after_defaults_to_once() -> None:
    assert Period(1, "months").after(date(2021, 1, 31)) == date(2021, 2, 28)


@pytest.mark.parametrize(
    ("period", "start", "times", "expected"),
    [
        (Period(1, "months"), "2021-03-31", 1, "2021-02-28"),
        (Period(1, "years"), "2024-02-29", 1, "2023-02-28"),
        (Period(1, "years"), "2028-02-29", 4, "2024-02-29"),
        (Period(2, "weeks"), "2014-01-08", 1, "2013-12-25"),
        (Period(6, "months"), "2014-01-15", 3, "2012-07-15"),
    ],
)
def test_period_before(period: Period, start: str, times: int, expected: str) -> None:
    assert period.before(date.fromisoformat(start), times) == date.fromisoformat(expected)


def test_period_beyond_the_dates_python_holds_overflows() -> None:
    with pytest.raises(OverflowError):
        Period(1, "years").after(date(9999, 6, 1))
    with pytest.raises(OverflowError):
        Period(1, "days").after(date(9999, 12, 31))


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (Period(2, "years"), "2009-01-01", "2010-12-31"),
        (Period(1, "years"), "2024-03-01", "2025-02-28"),
        (Period(3, "years"), "2021-03-15", "2024-03-14"),
        (Period(1, "years"), "2024-02-29", "2025-02-28"),
        (Period(4, "years"), "2024-02-29", "2028-02-28"),
        (Period(1, "months"), "2021-03-01", "2021-03-31"),
        (Period(1, "months"), "2021-01-31", "2021-02-28"),
        (Period(1, "months"), "2021-01-28", "2021-02-27"),
        (Period(6, "months"), "2021-08-31", "2022-02-28"),
        (Period(2, "weeks"), "2021-03-01", "2021-03-14"),
        (Period(1, "days"), "2021-03-01", "2021-03-01"),
        (Period(14, "days"), "2021-12-25", "2022-01-07"),
    ],
)
def test_end_of_term(period: Period, start: str, end: str) -> None:
    assert period.end_of_term(date.fromisoformat(start)) == date.fromisoformat(end)


# A period text is measured before a pattern sees it --------------------------------------


def test_a_period_longer_than_the_limit_says_so() -> None:
    with pytest.raises(DateFormatError) as caught:
        parse_period("1" + " " * 1_000_000 + "år")
    assert caught.value.said.render("en").endswith(
        f"a period is at most {MAX_DATE_LENGTH} characters, and this text has 1000003"
    )
    assert "et interval er højst 200 tegn" in caught.value.said.render("da")


# Properties ---------------------------------------------------------------------------

periods = st.builds(
    Period,
    st.integers(min_value=1, max_value=24),
    st.sampled_from(["years", "months", "weeks", "days"]),
)
times = st.integers(min_value=0, max_value=40)


@scaled(100)
@given(periods, days, times, times)
def test_period_after_is_monotonic_in_times(period: Period, day: date, j: int, k: int) -> None:
    j, k = sorted((j, k))
    assert period.after(day, j) <= period.after(day, k)
    if j < k:
        assert period.after(day, j) < period.after(day, k)


@scaled(100)
@given(periods, days)
def test_period_after_zero_times_is_the_day(period: Period, day: date) -> None:
    assert period.after(day, 0) == day
    assert period.before(day, 0) == day


@scaled(100)
@given(periods, days.filter(lambda day: day.day <= 28), times)
def test_before_undoes_after_when_the_day_exists_in_every_month(
    period: Period, day: date, k: int
) -> None:
    assert period.before(period.after(day, k), k) == day
    assert period.after(period.before(day, k), k) == day


@scaled(100)
@given(periods, days, times)
def test_after_is_computed_from_the_day_without_drift(period: Period, day: date, k: int) -> None:
    if period.unit in {"years", "months"}:
        shifted = period.after(day, k)
        last = calendar.monthrange(shifted.year, shifted.month)[1]
        assert shifted.day == min(day.day, last)


@scaled(100)
@given(periods, days)
def test_a_term_ends_the_day_before_the_next_begins(period: Period, start: date) -> None:
    end = period.end_of_term(start)
    following = period.after(start)
    assert start <= end <= following
    if start.day <= 28:
        assert end == following - timedelta(days=1)
