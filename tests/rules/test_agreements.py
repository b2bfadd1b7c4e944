"""The agreement rules AGR001–AGR004: terms, entry and what supersedes what."""

from __future__ import annotations

import pytest
from tests._documents import AGREEMENT, load
from tests.rules._helpers import DURATION, edit, run

import velfaerd


def test_rev001_a_reversed_term_is_agr001s(valid_text: str) -> None:
    text = edit(valid_text, DURATION, "end = 2020-01-01\n")
    codes = run(text).codes()
    assert "AGR001" in codes
    assert not codes & {"REV001", "REV002"}


# AGR001 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "finding"),
    [
        # The commonest way to write a term: the start is derived from entered.
        ('entered = "september 2021"\nduration = "3 years"\n', None),
        ('entered = "september 2021"\n', None),
        # A start of its own is compared with entered, certainly or possibly.
        ('entered = "september 2021"\nstart = 2021-09-10\n', "warning"),
        ('entered = "september 2021"\nstart = 2021-08-01\n', "error"),
        ('entered = "september 2021"\nstart = 2021-10-01\n', None),
        ("entered = 2021-04-01\nstart = 2021-03-15\n", "error"),
    ],
)
def test_agr001_compares_entered_with_a_written_start(term: str, finding: str | None) -> None:
    report = velfaerd.check(load(AGREEMENT + term), config=velfaerd.Config(select=["AGR001"]))
    assert [f.severity for f in report.findings] == ([] if finding is None else [finding])


# AGR004 -------------------------------------------------------------------------------------


def _two(new_term: str, old_term: str) -> str:
    old = AGREEMENT.split("[[agreements]]")[1].replace('id = "aftale"', 'id = "gammel"')
    return AGREEMENT + f'supersedes = "gammel"\n{new_term}' + "[[agreements]]" + old + old_term


@pytest.mark.parametrize(
    ("new_term", "old_term", "fires"),
    [
        ("start = 2021-03-15\nend = 2024-03-14\n", "start = 2018-08-01\nend = 2021-07-31\n", True),
        ("start = 2021-07-31\n", "start = 2018-08-01\nend = 2021-07-31\n", True),
        ("start = 2021-08-01\nend = 2024-07-31\n", "start = 2018-08-01\nend = 2021-07-31\n", False),
        ("start = 2015-01-01\nend = 2016-12-31\n", "start = 2018-08-01\nend = 2021-07-31\n", False),
        ("start = 2021-03-15\n", "start = 2018-08-01\n", False),  # the old term is open
        ("", "start = 2018-08-01\nend = 2021-07-31\n", False),  # the new has no start
    ],
)
def test_agr004(new_term: str, old_term: str, fires: bool) -> None:
    report = velfaerd.check(
        load(_two(new_term, old_term)), config=velfaerd.Config(select=["AGR004"])
    )
    assert (report.codes() == {"AGR004"}) is fires
    if fires:
        (finding,) = report.findings
        assert (finding.severity, finding.path, finding.subject) == (
            "warning",
            "agreements[0].supersedes",
            "aftale",
        )
        assert finding.evidence["superseded"] == "gammel"
        assert "gammel" in finding.message
