"""Testing a municipal system with velfaerd's Hypothesis strategies.

This is the complete downstream test module of the documentation page "Testing your
system with velfaerd" (docs/testing.md includes this file), so it runs with
velfaerd's own tests and the page cannot go stale.

The system under test is ``intake``: what a municipal case-handling system calls when
a school uploads its agreement file. It stores the agreements velfaerd finds no error
in, turns the rest away with the rule codes, shows the warnings, and lists the
milestones that are past due.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st

import velfaerd
from velfaerd import rules
from velfaerd import strategies as vst

# --- The system under test -------------------------------------------------------------


@attrs.frozen
class Intake:
    """What the system did with an upload."""

    stored: tuple[str, ...]  # the ids of the agreements it stored
    rejected: tuple[str, ...]  # the codes of the errors that turned the upload away
    warnings: tuple[str, ...]  # the codes of the warnings shown to the school
    overdue: tuple[str, ...]  # the milestones past due on the day of the upload


def intake(portfolio: velfaerd.Portfolio, today: dt.date | None = None) -> Intake:
    """Check an upload, and store its agreements unless velfaerd finds an error."""
    report = velfaerd.check(portfolio, as_of=today)
    errors = sorted({f.code for f in report.findings if f.severity is velfaerd.Severity.ERROR})
    warnings = sorted({f.code for f in report.findings if f.severity is velfaerd.Severity.WARNING})
    overdue = sorted(f.subject for f in report.findings if f.code == "MIL005")
    stored = () if errors else tuple(agreement.id for agreement in portfolio.agreements)
    return Intake(
        stored=stored, rejected=tuple(errors), warnings=tuple(warnings), overdue=tuple(overdue)
    )


def store(agreement: velfaerd.Agreement) -> str:
    """Serialise one agreement as the system keeps it: a TOML document."""
    return velfaerd.dump(velfaerd.Portfolio(agreements=[agreement]))


def restore(text: str) -> velfaerd.Agreement:
    """Read back what :func:`store` wrote."""
    (agreement,) = velfaerd.loads(text).agreements
    return agreement


# --- The tests ---------------------------------------------------------------------------

# The rules that do not need an as-of date, by default severity, from the registry:
# a rule added to velfaerd is tested here without a change to this file.
ERRORS = sorted(
    r.code for r in rules.all_rules() if r.severity.value == "error" and not r.needs_as_of
)
WARNINGS = sorted(
    r.code for r in rules.all_rules() if r.severity.value == "warning" and not r.needs_as_of
)
TODAY = dt.date(2024, 6, 1)
# Each example draws a whole portfolio: a few examples per test, and fewer still for the
# tests run once per rule code, keep the whole module to seconds.
FEW = settings(max_examples=5)
PER_CODE = settings(max_examples=3)


@FEW
@given(vst.portfolios())
def test_a_valid_upload_is_stored_whole(portfolio: velfaerd.Portfolio) -> None:
    result = intake(portfolio)
    assert result.stored == tuple(agreement.id for agreement in portfolio.agreements)
    assert result.rejected == ()
    assert result.warnings == ()


@pytest.mark.parametrize("code", ERRORS)
@PER_CODE
@given(data=st.data())
def test_an_upload_that_breaks_a_rule_is_turned_away_naming_it(
    code: str, data: st.DataObject
) -> None:
    portfolio = data.draw(vst.violating(code))
    result = intake(portfolio)
    assert result.stored == ()
    assert result.rejected == (code,)


@pytest.mark.parametrize("code", WARNINGS)
@PER_CODE
@given(data=st.data())
def test_a_warning_is_shown_but_the_upload_is_stored(code: str, data: st.DataObject) -> None:
    portfolio = data.draw(vst.violating(code))
    result = intake(portfolio)
    assert result.stored == tuple(agreement.id for agreement in portfolio.agreements)
    assert result.warnings == (code,)


@FEW
@given(vst.violating("MIL005", as_of=TODAY))
def test_milestones_past_due_are_listed(portfolio: velfaerd.Portfolio) -> None:
    result = intake(portfolio, today=TODAY)
    assert result.overdue
    assert result.rejected == ()


@given(vst.portfolios(), vst.mutations())
def test_every_named_mutation_of_a_valid_upload_is_caught(
    portfolio: velfaerd.Portfolio, mutation: vst.Mutation
) -> None:
    try:
        broken = mutation.apply(portfolio)
    except vst.NotApplicableError:
        reject()  # this portfolio lacks what the mutation changes
    result = intake(broken)
    assert mutation.code in result.rejected + result.warnings


@FEW
@given(st.from_type(velfaerd.Agreement))
def test_an_agreement_is_stored_and_restored_unchanged(agreement: velfaerd.Agreement) -> None:
    assert restore(store(agreement)) == agreement
