"""``velfaerd.strategies``' mutations: each rule has one, and it gives exactly that rule's code."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._hypothesis import scaled

import velfaerd
from velfaerd import rules
from velfaerd import strategies as vst

CODES_WITHOUT_AS_OF = sorted(r.code for r in rules.all_rules() if not r.needs_as_of)


CODES_WITH_AS_OF = sorted(r.code for r in rules.all_rules() if r.needs_as_of)


def describe(report: velfaerd.Report) -> list[str]:
    return [f"{f.code} {f.path}: {f.message}" for f in report.findings]


# One test per rule code: a few examples each (the ``long`` profile runs 40 times more);
# test_check_is_deterministic_and_independent_of_order draws every code's portfolios too,
# and the documentation's example (tests/test_docs_testing_example.py) asserts the same
# of three more per code.
@pytest.mark.parametrize("code", CODES_WITHOUT_AS_OF)
@scaled(3)
@given(data=st.data())
def test_violating_gives_exactly_that_code(code: str, data: st.DataObject) -> None:
    portfolio = data.draw(vst.violating(code))
    # An opt-in rule (IND003) runs when its code is selected; the others always do.
    report = velfaerd.check(portfolio, config=velfaerd.Config(extend_select=[code]))
    assert report.codes() == {code}, describe(report)


@pytest.mark.parametrize("code", CODES_WITH_AS_OF)
@scaled(10)
@given(data=st.data())
def test_violating_with_as_of_gives_exactly_that_code(code: str, data: st.DataObject) -> None:
    as_of = dt.date(2024, 6, 1)
    portfolio = data.draw(vst.violating(code, as_of=as_of))
    report = velfaerd.check(portfolio, as_of=as_of)
    assert report.codes() == {code}, describe(report)


def test_every_rule_has_a_mutation() -> None:
    # Fails when a rule is added without a way to make it fire.
    assert set(CODES_WITHOUT_AS_OF) <= set(vst.MUTATIONS)
    assert set(CODES_WITH_AS_OF) <= vst.AS_OF_CODES
    assert set(vst.MUTATIONS) | vst.AS_OF_CODES == {r.code for r in rules.all_rules()}


def test_violating_needs_as_of_where_the_rule_does() -> None:
    with pytest.raises(ValueError, match="as_of"):
        vst.violating("MIL005")
    with pytest.raises(KeyError, match="no mutation"):
        vst.violating("XYZ999")


@scaled(15)
@given(vst.mutations(), vst.portfolios())
def test_mutations_apply_or_say_why_not(
    mutation: vst.Mutation, portfolio: velfaerd.Portfolio
) -> None:
    try:
        changed = mutation.apply(portfolio)
    except vst.NotApplicableError:
        return
    assert mutation.code in velfaerd.check(changed).codes()
