"""The calendar of velfaerd.dates: month names, month ends and the one shift."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._hypothesis import scaled

from velfaerd import i18n
from velfaerd.dates import (
    DateWindow,
    Period,
    format_window,
    is_month_end,
    last_of_month,
    parse_window,
    shift,
)

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
periods = st.builds(
    Period,
    st.integers(min_value=1, max_value=24),
    st.sampled_from(["years", "months", "weeks", "days"]),
)


# Month names --------------------------------------------------------------------------


@pytest.mark.parametrize("month", range(1, 13))
def test_the_month_names_dates_read_are_the_ones_i18n_writes(month: int) -> None:
    name = i18n.DANISH_MONTHS[month - 1]
    first = date(2021, month, 1)
    assert parse_window(f"{name} 2021").earliest == first
    assert parse_window(f"{name[:3]}. 2021").earliest == first
    assert format_window(DateWindow.exact(first)) == i18n.format_date(first, "da")


# Month ends ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "end"),
    [
        ("2024-02-10", "2024-02-29"),
        ("2023-02-28", "2023-02-28"),
        ("2100-02-01", "2100-02-28"),
        ("2000-02-01", "2000-02-29"),
        ("2021-04-30", "2021-04-30"),
        ("2021-12-01", "2021-12-31"),
    ],
)
def test_last_of_month(day: str, end: str) -> None:
    assert last_of_month(date.fromisoformat(day)) == date.fromisoformat(end)


@scaled(100)
@given(days)
def test_a_month_end_is_the_day_before_a_first(day: date) -> None:
    assert is_month_end(day) == ((day + timedelta(days=1)).day == 1)
    assert last_of_month(day).day == calendar.monthrange(day.year, day.month)[1]
    assert is_month_end(last_of_month(day))


# The shift ----------------------------------------------------------------------------


def _window(first: str | None, last: str) -> DateWindow:
    return DateWindow(
        None if first is None else date.fromisoformat(first), date.fromisoformat(last)
    )


@pytest.mark.parametrize(
    ("window", "period", "times", "expected"),
    [
        # a month's end stays a month's end, in either direction
        (_window("2022-03-01", "2022-03-31"), Period(1, "months"), 1, ("2022-04-01", "2022-04-30")),
        (
            _window("2022-03-01", "2022-03-31"),
            Period(1, "months"),
            -1,
            ("2022-02-01", "2022-02-28"),
        ),
        (_window("2023-02-21", "2023-02-28"), Period(1, "years"), 1, ("2024-02-21", "2024-02-29")),
        (_window("2024-01-31", "2024-01-31"), Period(1, "months"), 1, ("2024-02-29", "2024-02-29")),
        # a day that is no month's end moves as Period.after moves it
        (_window("2024-01-30", "2024-01-30"), Period(1, "months"), 1, ("2024-02-29", "2024-02-29")),
        (_window("2024-02-28", "2024-02-28"), Period(1, "months"), 1, ("2024-03-28", "2024-03-28")),
        # by days and weeks the month's end is not kept
        (_window("2022-04-30", "2022-04-30"), Period(1, "weeks"), 1, ("2022-05-07", "2022-05-07")),
        # a deadline stays a deadline
        (_window(None, "2013-05-31"), Period(1, "months"), 1, (None, "2013-06-30")),
    ],
)
def test_shift(
    window: DateWindow, period: Period, times: int, expected: tuple[str | None, str]
) -> None:
    assert shift(window, period, times) == _window(*expected)


@scaled(100)
@given(periods, days, days, st.integers(min_value=-40, max_value=40))
def test_shift_moves_each_day_as_a_period_does(
    period: Period, a: date, b: date, times: int
) -> None:
    first, last = sorted((a, b))
    shifted = shift(DateWindow(first, last), period, times)
    assert shifted.earliest == period.after(first, times)
    moved = period.after(last, times)
    if times and is_month_end(last) and period.unit in {"months", "years"}:
        assert shifted.latest == last_of_month(moved)
    else:
        assert shifted.latest == moved


def test_shift_zero_times_is_the_window() -> None:
    window = _window(None, "2013-05-31")
    assert shift(window, Period(1, "months"), 0) is window


def test_shift_beyond_the_dates_python_holds_overflows() -> None:
    with pytest.raises(OverflowError):
        shift(DateWindow.exact(date(9999, 12, 1)), Period(1, "months"), 1)
