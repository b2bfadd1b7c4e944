"""Properties of velfaerd.dates: round trips, the order of windows, calendar arithmetic."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st
from tests._hypothesis import scaled

from velfaerd.dates import DateWindow, Period, format_window, parse_window

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
