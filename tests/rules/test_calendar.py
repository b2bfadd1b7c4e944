"""CAL001: meetings, reviews, decisions, approvals and conferences on days off."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._documents import PARTIES
from tests._hypothesis import scaled
from tests.rules._helpers import line_of, only, run

import velfaerd
from velfaerd.report import render
from velfaerd.rules.calendar import CHECKED_KINDS, day_off

CAL = velfaerd.Config(select=["CAL"])

DOCUMENT = (
    PARTIES
    + """\
start = 2013-01-01
end = 2024-12-31

[[agreements.milestones]]
id = "moede"
title = "Dialogmøde"
kind = "{kind}"
due = {due}
{extra}
"""
)


def document(due: str, kind: str = "meeting", extra: str = "") -> str:
    return DOCUMENT.format(due=due, kind=kind, extra=extra)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2013, 4, 7), ("weekend", "søndag")),
        (dt.date(2013, 4, 6), ("weekend", "lørdag")),
        (dt.date(2024, 5, 9), ("holiday", "Kristi himmelfartsdag")),
        (dt.date(2023, 5, 5), ("holiday", "Store bededag")),
        (dt.date(2024, 4, 26), None),  # the fourth Friday after Easter, no longer a holiday
        (dt.date(2024, 6, 5), ("holiday", "Grundlovsdag")),
        (dt.date(2021, 6, 5), ("holiday", "Grundlovsdag")),  # a Saturday: named as the holiday
        (dt.date(2013, 12, 25), ("holiday", "Juledag")),
        (dt.date(2013, 4, 1), ("holiday", "Anden påskedag")),
        (dt.date(2013, 4, 2), None),
        (dt.date(2024, 12, 24), None),  # Juleaftensdag is not a public holiday
    ],
)
def test_day_off(day: dt.date, expected: tuple[str, str] | None) -> None:
    assert day_off(day) == expected


def test_a_meeting_on_a_sunday_is_named() -> None:
    text = document("2013-04-07")
    finding = only(run(text, CAL), "CAL001")
    assert finding.severity is velfaerd.Severity.WARNING
    assert finding.path == "agreements[0].milestones[0].due"
    assert finding.line == line_of(text, "due = 2013-04-07")
    assert finding.subject == "moede"
    assert finding.message == "'moede' is dated 7 April 2013, which is a weekend day (Sunday)"
    assert finding.evidence == {
        "agreement": "aftale",
        "milestone": "moede",
        "kind": "meeting",
        "date": "7. april 2013",
        "day": "søndag",
        "reason": "weekend",
    }
    danish = render(finding.code, finding.variant, finding.evidence, "da")
    assert danish == "'moede' er dateret 7. april 2013, som er en weekenddag (søndag)"


def test_a_decision_on_a_holiday_names_the_holiday() -> None:
    finding = only(run(document("2024-05-09", kind="decision"), CAL), "CAL001")
    assert finding.variant == "holiday"
    assert "Kristi himmelfartsdag" in finding.message
    assert "helligdag" in render(finding.code, finding.variant, finding.evidence, "da")


@pytest.mark.parametrize("kind", sorted(k.value for k in CHECKED_KINDS))
def test_every_checked_kind_fires(kind: str) -> None:
    assert run(document('"7. april 2013"', kind=kind), CAL).codes() == {"CAL001"}


@pytest.mark.parametrize("kind", ["activity", "delivery"])
def test_other_kinds_are_left_alone(kind: str) -> None:
    assert run(document("2013-04-07", kind=kind), CAL).findings == ()


@pytest.mark.parametrize(
    "due",
    ['"uge 14 2013"', '"april 2013"', '"senest 7. april 2013"', '"primo april 2013"'],
)
def test_windows_and_deadlines_are_left_alone(due: str) -> None:
    assert run(document(due), CAL).findings == ()


def test_a_cancelled_meeting_is_left_alone() -> None:
    assert run(document("2013-04-07", extra='status = "cancelled"'), CAL).findings == ()


def test_a_met_meeting_still_counts() -> None:
    assert run(document("2013-04-07", extra='status = "met"'), CAL).codes() == {"CAL001"}


def test_a_recurring_meeting_is_checked_on_the_date_written() -> None:
    # 2013-04-08 is a Monday; a year later it is a Tuesday, and in 2018 a Sunday:
    # later occurrences are the model's arithmetic, not what the document wrote.
    assert run(document("2013-04-08", extra='every = "1 year"'), CAL).findings == ()
    assert run(document("2013-04-07", extra='every = "1 year"'), CAL).codes() == {"CAL001"}


def test_the_store_bededag_abolition() -> None:
    assert run(document("2023-05-05"), CAL).codes() == {"CAL001"}
    assert run(document("2024-04-26"), CAL).findings == ()


def test_a_waiver_sets_it_aside() -> None:
    text = document("2013-04-07").replace(
        "end = 2024-12-31",
        'end = 2024-12-31\nwaivers = [{ rule = "CAL001", reason = "Lørdagsskole." }]',
    )
    report = run(text, CAL)
    assert report.findings == ()
    assert [f.code for f in report.waived] == ["CAL001"]


def _independent_day_off(day: dt.date) -> bool:
    public = holidays.country_holidays("DK", years=day.year)
    return day.weekday() >= 5 or day in public or (day.month, day.day) == (6, 5)


@scaled(100)
@given(
    day=st.dates(min_value=dt.date(2013, 1, 1), max_value=dt.date(2024, 12, 31)),
    kind=st.sampled_from(sorted(k.value for k in velfaerd.MilestoneKind)),
)
def test_fires_exactly_on_days_off_for_the_checked_kinds(day: dt.date, kind: str) -> None:
    report = run(document(day.isoformat(), kind=kind), CAL)
    expected = kind in {k.value for k in CHECKED_KINDS} and _independent_day_off(day)
    assert (report.codes() == {"CAL001"}) is expected
    assert len(report.findings) == int(expected)


def test_import_velfaerd_imports_neither_holidays_nor_icalendar() -> None:
    script = (
        "import sys, velfaerd\n"
        "print(','.join(m for m in ('holidays', 'icalendar') if m in sys.modules) or 'none')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "none"
