"""Format 1.2: recorded occurrences, moved dates and indicators, read and written back.

Additive: every 1.0 and 1.1 file loads as before (the other tests of ``tests/format``
and ``tests/data``); a record names exactly one scheduled occurrence, or the file does
not load (``LOAD004`` naming the candidates).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._documents import YEARLY_REVIEW
from tests._hypothesis import scaled
from tests.test_schema import errors

import velfaerd
from velfaerd import strategies as vst
from velfaerd.model import Better, OccurrenceStatus

EVERY_KEY = Path(__file__).parent.parent / "data" / "format-1-2.toml"


def _record(due: str, extra: str = "") -> str:
    occurrence = f'[[agreements.milestones.occurrences]]\ndue = {due}\nstatus = "met"\n{extra}'
    return f"{YEARLY_REVIEW}\n{occurrence}"


def _problem(text: str) -> velfaerd.Problem:
    with pytest.raises(velfaerd.LoadError) as caught:
        velfaerd.loads(text, source="aftale.toml")
    (problem,) = caught.value.problems
    return problem


def test_a_file_with_every_key_of_1_2_loads_dumps_and_loads_back_equal() -> None:
    text = EVERY_KEY.read_text(encoding="utf-8")
    portfolio = velfaerd.load(EVERY_KEY)
    assert velfaerd.loads(velfaerd.dump(portfolio)) == portfolio
    assert errors(text) == []
    assert errors(velfaerd.dump(portfolio)) == []
    agreement = portfolio.agreements[0]
    review, day = agreement.milestones
    assert [o.status for o in review.occurrences] == [OccurrenceStatus.MET, OccurrenceStatus.MOVED]
    assert review.occurrences[0].held_on == velfaerd.DateWindow.exact(dt.date(2022, 3, 8))
    assert str(review.occurrences[1].moved_to) == "april 2023"
    assert str(day.moved_to) == "uge 44 2022"
    indicator = agreement.commitments[0].indicators[0]
    assert indicator.better is Better.HIGHER
    assert indicator.baseline is not None
    assert (indicator.baseline.value, indicator.targets[0].value) == (3.8, 4.0)
    assert [m.value for m in indicator.measurements] == [3.9, 4.1]
    assert agreement.indicators[0].targets[0].value == 5
    # Where each new object is, for findings: occurrences and indicators have key paths.
    assert review.occurrences[1].origin is not None
    assert review.occurrences[1].origin.path == "agreements[0].milestones[0].occurrences[1]"
    assert indicator.origin is not None
    assert indicator.origin.line == 38


def test_the_file_with_every_key_checks_clean() -> None:
    report = velfaerd.check(velfaerd.load(EVERY_KEY), as_of=dt.date(2023, 9, 1))
    assert report.findings == ()


@pytest.mark.parametrize(
    ("written", "value"),
    [("3.9", 3.9), ("45", 45), ('"3,9"', 3.9), ('"1.250"', 1250), ('"-0,5"', -0.5)],
)
def test_a_value_is_a_number_or_danish_text(written: str, value: float) -> None:
    text = f"{YEARLY_REVIEW}\n[[agreements.indicators]]\nid = 'i'\nname = 'I'\n"
    text += f"measurements = [{{ value = {written}, on = 2022-01-01 }}]\n"
    (measurement,) = velfaerd.loads(text).agreements[0].indicators[0].measurements
    assert measurement.value == value
    assert type(measurement.value) is type(value)


@pytest.mark.parametrize("written", ['"3.9"', '"tre"', "nan", "inf", '"3,9 %"', "true"])
def test_a_value_that_is_no_number_is_a_load_error_that_says_so(written: str) -> None:
    text = f"{YEARLY_REVIEW}\n[[agreements.indicators]]\nid = 'i'\nname = 'I'\n"
    text += f'targets = [{{ value = {written}, by = "2022" }}]\n'
    problem = _problem(text)
    assert (problem.code, problem.path) == (
        "LOAD003",
        "agreements[0].indicators[0].targets[0].value",
    )
    assert "a number, or Danish text such as" in problem.message
    assert problem.text is not None
    assert "et tal eller dansk tekst" in problem.text.render("da")


def test_a_record_names_its_occurrence_by_any_date_form_overlapping_it() -> None:
    for due in ('"marts 2023"', "2023-03-07", '"1. kvartal 2023"', '"2023"'):
        (review,) = velfaerd.loads(_record(due)).agreements[0].milestones
        assert review.occurrences[0].due.first_day.year == 2023


def test_a_record_that_names_no_occurrence_names_the_nearest() -> None:
    problem = _problem(_record('"juni 2023"'))
    assert (problem.code, problem.path, problem.line) == (
        "LOAD004",
        "agreements[0].milestones[0].occurrences[0].due",
        18,
    )
    assert problem.message == (
        "'juni 2023' names no scheduled occurrence of 'opfoelgning'; "
        "the nearest: primo marts 2023, primo marts 2024"
    )
    assert problem.text is not None
    assert problem.text.render("da") == (
        "'juni 2023' rammer ingen planlagt forekomst af 'opfoelgning'; "
        "de nærmeste: primo marts 2023, primo marts 2024"
    )


def test_a_record_after_the_last_occurrence_names_the_last() -> None:
    assert _problem(_record('"marts 2026"')).message.endswith("the nearest: primo marts 2024")


def test_a_record_that_names_two_occurrences_names_both() -> None:
    problem = _problem(_record('"2022-2023"'))
    assert problem.code == "LOAD004"
    assert "primo marts 2022, primo marts 2023; write the one meant" in problem.message


def test_two_records_of_one_occurrence_and_a_record_on_a_single_milestone() -> None:
    twice = (
        _record('"marts 2022"')
        + '\n[[agreements.milestones.occurrences]]\ndue = 2022-03-04\nstatus = "cancelled"\n'
    )
    problem = _problem(twice)
    assert problem.path == "agreements[0].milestones[0].occurrences[1].due"
    assert "that occurrences[0] records" in problem.message
    single = _record('"marts 2022"').replace('every = "1 year"\n', "")
    assert "does not recur" in _problem(single).message


def test_an_unknown_occurrence_status_lists_the_choices() -> None:
    problem = _problem(_record('"marts 2022"').replace('status = "met"', 'status = "afholdt"'))
    assert (problem.code, problem.path) == (
        "LOAD003",
        "agreements[0].milestones[0].occurrences[0].status",
    )
    assert "'met', 'not_met', 'partially_met', 'cancelled', 'in_progress', 'moved'" in (
        problem.message
    )


@scaled(10)
@given(vst.portfolios(max_agreements=2, max_milestones=4), st.data())
def test_portfolios_with_format_1_2_round_trip_and_validate(
    portfolio: velfaerd.Portfolio, data: st.DataObject
) -> None:
    indicator = data.draw(st.from_type(velfaerd.Indicator))
    occurrence = data.draw(st.from_type(velfaerd.Occurrence))
    assert indicator.targets
    assert occurrence.status in OccurrenceStatus
    text = velfaerd.dump(portfolio)
    assert velfaerd.loads(text) == portfolio
    assert errors(text) == []
