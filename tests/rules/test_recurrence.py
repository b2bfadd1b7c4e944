"""Recurrences (``velfaerd.rules._recurrence``) and REV001, reasoned arithmetically.

Issue 14, item 7 (false REV001 errors) and items 12 and 14 (hostile cadences): reviews
from a month end do not drift, a daily review over a thousand years is counted, not
listed, and ``fits`` is never longer from any day.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._documents import AGREEMENT_X, COUNCILS
from tests._hypothesis import scaled

import velfaerd
from velfaerd.dates import Period
from velfaerd.rules._recurrence import fits
from velfaerd.rules.reviews import MAX_LISTED

_BASE = (
    "\n"
    + COUNCILS
    + "\n"
    + AGREEMENT_X
    + """\
start = {start}
{term}
{review_every}
"""
)

_REVIEW = """
[[agreements.milestones]]
id = "r{number}"
title = "R"
kind = "review"
due = {due}
every = "{every}"
"""


def _check(
    start: str, term: str, review_every: str, reviews: list[tuple[str, str]], **kwargs: object
) -> velfaerd.Report:
    text = _BASE.format(start=start, term=term, review_every=review_every) + "".join(
        _REVIEW.format(number=n, due=due, every=every) for n, (due, every) in enumerate(reviews)
    )
    return velfaerd.check(velfaerd.loads(text), **kwargs)  # type: ignore[arg-type]


def test_a_daily_review_for_a_hundred_years_is_enough() -> None:
    report = _check(
        "2020-01-01", 'duration = "100 years"', 'review_every = "1 day"', [("2020-01-01", "1 day")]
    )
    assert [f for f in report.findings if f.code == "REV001"] == []


@pytest.mark.parametrize("day", ["2020-08-29", "2020-08-30", "2020-08-31"])
def test_six_monthly_reviews_from_a_month_end_do_not_drift(day: str) -> None:
    report = _check(day, 'duration = "1 year"', 'review_every = "6 months"', [(day, "6 months")])
    assert [f for f in report.findings if f.code == "REV001"] == []


def test_daily_reviews_over_a_thousand_years() -> None:
    # benchmarks/bench_hostile.py runs a thousand of them; a hundred show the point here.
    reviews = [(f"2020-01-{1 + n % 28:02d}", "1 day") for n in range(100)]
    report = _check("2020-01-01", 'duration = "1000 years"', "", reviews)
    assert [f for f in report.findings if f.code == "REV001"] == []


def test_a_cadence_too_long_is_reported_and_bounded() -> None:
    report = _check(
        "2020-01-01", 'duration = "100 years"', 'review_every = "1 day"', [("2020-01-01", "2 days")]
    )
    findings = [f for f in report.findings if f.code == "REV001"]
    assert len(findings) == 101
    (note,) = [f for f in findings if f.variant == "left-out"]
    # A cadence longer than review_every is listed up to MAX_LISTED occurrences.
    assert note.evidence["left_out"] == MAX_LISTED - 100


@pytest.mark.parametrize("as_of", [None, dt.date(9999, 12, 31)])
def test_a_yearly_review_to_the_last_year_does_not_overflow(as_of: dt.date | None) -> None:
    report = _check("2020-01-01", 'end = "9999"', "", [("2020-06-01", "1 year")], as_of=as_of)
    assert "REV001" not in report.codes()


def test_an_open_ended_term_to_the_last_day() -> None:
    report = _check("2020-01-01", "", "", [("2020-06-01", "1 year")], as_of=dt.date(9999, 12, 31))
    assert "REV001" not in report.codes()


_UNITS = st.sampled_from(["days", "weeks", "months", "years"])


@scaled(4)
@given(
    every=st.builds(Period, st.integers(1, 30), _UNITS),
    period=st.builds(Period, st.integers(1, 30), _UNITS),
    day=st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
)
def test_fits_means_never_longer_from_any_day(every: Period, period: Period, day: dt.date) -> None:
    if fits(every, period):
        assert every.after(day) <= period.after(day)
