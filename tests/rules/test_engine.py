"""The engine (``velfaerd.rules._engine``): what it shares, waives and bounds.

What rules share changes no rule's findings, and guesses never change answers; a
waiver waives only what it names; the findings of one rule are bounded.
"""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import given
from hypothesis import strategies as st
from tests._documents import FAILING, VALID
from tests._hypothesis import scaled

import velfaerd
from velfaerd import rules
from velfaerd import strategies as vs
from velfaerd import strategies as vst
from velfaerd.dates import DateWindow, Period
from velfaerd.rules._engine import MAX_FINDINGS_PER_RULE
from velfaerd.rules._recurrence import Recurrence

_AS_OF = dt.date(2024, 6, 1)
# The rules of the default selection (an opt-in rule, IND003, runs only when named).
_CODES = sorted(rule.code for rule in rules.all_rules() if not rule.opt_in)


@scaled(10)
@given(st.sampled_from(sorted(vs.MUTATIONS)).flatmap(vs.violating))
def test_each_rule_finds_beside_the_others_what_it_finds_alone(
    portfolio: velfaerd.Portfolio,
) -> None:
    # A check computes what several rules read (the dependency graphs MIL001 and MIL002
    # share, occurrences, the index) once: what each rule finds must not depend on
    # which rules ran before it and filled what it reads.
    whole = velfaerd.check(portfolio, as_of=_AS_OF)
    assert whole.findings
    for code in _CODES:
        alone = velfaerd.check(portfolio, velfaerd.Config(select=[code]), as_of=_AS_OF)
        assert alone.findings == tuple(f for f in whole.findings if f.code == code), code


_UNITS = st.sampled_from(["days", "weeks", "months", "years"])
_DAYS = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))


@scaled(100)
@given(
    due=st.tuples(_DAYS, st.integers(0, 40)),
    every=st.builds(Period, st.integers(1, 30), _UNITS),
    threshold=_DAYS,
    near=st.none() | _DAYS,
    latest=st.booleans(),
    strict=st.booleans(),
)
def test_a_guess_where_to_start_never_changes_the_occurrence_found(
    *,
    due: tuple[dt.date, int],
    every: Period,
    threshold: dt.date,
    near: dt.date | None,
    latest: bool,
    strict: bool,
) -> None:
    first, days = due
    window = DateWindow(first, first + dt.timedelta(days=days))
    recurrence = Recurrence(window, every, 0, continues=True)

    def test(day: dt.date) -> bool:
        return day > threshold if strict else day >= threshold

    found = recurrence.first_at_or_after(test, latest=latest, near=near)
    # The smallest k that passes, counted the slow way from the first occurrence.
    assert found == recurrence.first_at_or_after(test, latest=latest)
    day = recurrence.window(found).latest if latest else recurrence.window(found).earliest
    assert day is not None
    assert test(day)
    if found > 0:
        before = recurrence.window(found - 1)
        earlier = before.latest if latest else before.earliest
        assert earlier is not None
        assert not test(earlier)


def test_a_guess_far_from_the_answer_still_finds_it() -> None:
    new_year = DateWindow.exact(dt.date(2000, 1, 1))
    yearly = Recurrence(new_year, Period(1, "years"), 0, continues=True)
    threshold = dt.date(2050, 6, 1)
    guesses = (dt.date(1000, 1, 1), dt.date(2000, 1, 1), dt.date(2049, 1, 1), dt.date(9999, 1, 1))
    for near in guesses:
        assert yearly.first_at_or_after(lambda d: d >= threshold, near=near) == 51


# Issue 14 (items 2-6): an input once silently taken the wrong way.
def test_a_blank_waiver_built_in_python_waives_nothing() -> None:
    portfolio = velfaerd.loads(FAILING)
    agreement = portfolio.agreements[0]
    blank = velfaerd.Waiver(rule="", reason="x")
    changed = attrs.evolve(portfolio, agreements=(attrs.evolve(agreement, waivers=(blank,)),))
    report = velfaerd.check(changed)
    assert "AGR002" in report.codes()
    assert not report.waived


# Issue 14 (items 25, 30): partial loading, and the bounds.
def test_findings_of_one_rule_for_one_agreement_are_bounded() -> None:
    extra = MAX_FINDINGS_PER_RULE + 7
    refs = ", ".join(f'"nobody{i}"' for i in range(extra))
    text = VALID.replace(
        'parties = ["byraadet", "auraskolen"]', f'parties = ["byraadet", "auraskolen", {refs}]', 1
    )
    report = velfaerd.check(velfaerd.loads(text))
    unknown = [f for f in report.findings if f.code == "REF002"]
    assert len(unknown) == MAX_FINDINGS_PER_RULE + 1
    (note,) = [f for f in unknown if f.variant == "left-out"]
    assert note.evidence["left_out"] == 7
    assert "and 7 more REF002 findings" in note.message


CODES_WITHOUT_AS_OF = sorted(r.code for r in rules.all_rules() if not r.needs_as_of)


def _shuffled(portfolio: velfaerd.Portfolio, data: st.DataObject) -> velfaerd.Portfolio:
    agreements = tuple(
        attrs.evolve(a, milestones=tuple(data.draw(st.permutations(a.milestones))))
        for a in portfolio.agreements
    )
    return attrs.evolve(
        portfolio,
        actors=tuple(data.draw(st.permutations(portfolio.actors))),
        agreements=tuple(data.draw(st.permutations(agreements))),
    )


def _keys(report: velfaerd.Report) -> list[tuple[str, str, str, str]]:
    # Paths (and REF001's "first defined at") name positions, which a shuffle changes:
    # compare what was found about what, and how it was worded.
    return sorted((f.code, f.subject, f.severity.value, f.variant) for f in report.findings)


@scaled(15)
@given(st.sampled_from(CODES_WITHOUT_AS_OF).flatmap(vst.violating), st.data())
def test_check_is_deterministic_and_independent_of_order(
    portfolio: velfaerd.Portfolio, data: st.DataObject
) -> None:
    first = velfaerd.check(portfolio)
    assert velfaerd.check(portfolio) == first
    assert _keys(velfaerd.check(_shuffled(portfolio, data))) == _keys(first)
