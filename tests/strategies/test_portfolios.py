"""``velfaerd.strategies`` portfolios: the portfolios drawn use every key of the format."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from tests._hypothesis import scaled

import velfaerd
from velfaerd import strategies as vst
from velfaerd.model import MilestoneStatus


def test_the_strategies_draw_every_new_key() -> None:
    seen: set[str] = set()

    # 60 draws under the ci profile: fewer miss a key now and then.
    @scaled(90)
    @given(vst.portfolios(max_agreements=2, max_milestones=5))
    def collect(portfolio: velfaerd.Portfolio) -> None:
        seen.update(f"actor.{a.kind.value}" for a in portfolio.actors)
        seen.update("members" for a in portfolio.actors if a.members)
        seen.update("policy.basis" for p in portfolio.policies if p.basis)
        for agreement in portfolio.agreements:
            for name in ("year", "status", "version", "supersedes"):
                if getattr(agreement, name) is not None:
                    seen.add(name)
            seen.update(("basis",) if agreement.basis else ())
            seen.update(("budget",) if agreement.budget else ())
            seen.update("commitment.budget" for c in agreement.commitments if c.budget)
            for m in agreement.milestones:
                if m.relative is not None:
                    anchor = m.relative.anchor
                    seen.add(f"relative.{anchor if anchor in {'start', 'slut'} else 'milestone'}")
                if m.status is MilestoneStatus.IN_PROGRESS:
                    seen.add("in_progress")
                seen.update(("moved_to",) if m.moved_to is not None else ())
                seen.update(f"occurrence.{o.status.value}" for o in m.occurrences)
                seen.update("minutes" for o in m.occurrences if o.minutes)
            seen.update(("agreement.indicators",) if agreement.indicators else ())
            seen.update("commitment.indicators" for c in agreement.commitments if c.indicators)

    collect()
    assert {
        "actor.party",
        "actor.region",
        "members",
        "policy.basis",
        "year",
        "status",
        "version",
        "supersedes",
        "basis",
        "budget",
        "commitment.budget",
        "relative.start",
        "relative.slut",
        "relative.milestone",
        "in_progress",
        "moved_to",
        "occurrence.met",
        "occurrence.partially_met",
        "minutes",
        "agreement.indicators",
        "commitment.indicators",
    } <= seen


def describe(report: velfaerd.Report) -> list[str]:
    return [f"{f.code} {f.path}: {f.message}" for f in report.findings]


@scaled(10)
@given(vst.portfolios())
def test_every_valid_draw_gives_no_finding(portfolio: velfaerd.Portfolio) -> None:
    report = velfaerd.check(portfolio)
    assert report.findings == (), describe(report)


@scaled(10)
@given(vst.portfolios(in_force_on=dt.date(2024, 6, 1)))
def test_valid_draws_in_force_give_no_finding_on_that_day(portfolio: velfaerd.Portfolio) -> None:
    report = velfaerd.check(portfolio, as_of=dt.date(2024, 6, 1))
    assert report.findings == (), describe(report)


@scaled(8)
@given(vst.portfolios(min_agreements=3, max_agreements=3, min_milestones=4, max_milestones=4))
def test_sizes_are_honoured(portfolio: velfaerd.Portfolio) -> None:
    assert len(portfolio.agreements) == 3
    for agreement in portfolio.agreements:
        activities = [m for m in agreement.milestones if m.kind.value not in {"review", "approval"}]
        assert len(activities) == 4
    assert velfaerd.check(portfolio).findings == ()


def _drawing(gaps: list[int]) -> st.DrawFn:
    """A draw function that gives the approval gaps (the one thing _approvals draws)."""

    def draw(_strategy: object, _label: object = None) -> list[int]:
        return gaps

    return cast("st.DrawFn", draw)


@scaled(100)
@given(
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31)),
    st.lists(st.integers(1, 20), min_size=3, max_size=3),
)
def test_generated_approvals_are_strictly_ordered_working_days_before_the_start(
    start: dt.date, gaps: list[int]
) -> None:
    # Regression (found by the long profile): approvals moved onto working days one by
    # one fell on one day (Friday 28 January 2005 three times; 24 and 27 December 2004),
    # and violating("APR001"), which swaps two approvals' dates, then found nothing.
    approvals = vst._approvals(_drawing(gaps), start, "auraskolen")
    days = [m.due.latest for m in approvals if m.due is not None and m.due.is_exact]
    assert len(days) == 3
    assert days == sorted(set(days)), days
    assert all(day < start for day in days)
    assert all(day.weekday() < 5 for day in days)


@pytest.mark.parametrize(
    "start",
    [dt.date(2005, 1, 31), dt.date(2004, 12, 28), dt.date(2005, 3, 29), dt.date(2024, 12, 27)],
)
def test_swapping_two_approvals_is_always_apr001(start: dt.date) -> None:
    # The two counterexamples the long profile found, and two more around holidays.
    for gaps in itertools.product((1, 2, 3), repeat=3):
        approvals = vst._approvals(_drawing(list(gaps)), start, "auraskolen")
        days = [m.due for m in approvals]
        assert len(set(days)) == 3, (start, gaps, days)


@pytest.mark.parametrize(
    ("bounds", "named"),
    [
        ({"max_commitments": 0}, "max_commitments=0"),
        ({"min_agreements": 0}, "min_agreements=0"),
        ({"min_agreements": 3, "max_agreements": 2}, "min_agreements=3 and max_agreements=2"),
        ({"min_agreements": 13, "max_agreements": 13}, "min_agreements=13"),
        ({"min_milestones": 5, "max_milestones": 4}, "min_milestones=5 and max_milestones=4"),
        ({"min_milestones": -1}, "min_milestones=-1"),
    ],
)
def test_bounds_no_portfolio_meets_are_refused_by_name(bounds: dict[str, Any], named: str) -> None:
    # Before, max_commitments=0 was an IndexError from inside the strategy, and
    # min_agreements=0 quietly drew one agreement.
    strategies: list[st.SearchStrategy[Any]] = [vst.portfolios(**bounds)]
    if "agreements" not in named:
        strategies.append(vst.agreements(**bounds))
    for strategy in strategies:

        @given(strategy)
        def draw(_: object) -> None:
            pytest.fail("drawn")

        with pytest.raises(InvalidArgument, match=re.escape(named)):
            draw()
