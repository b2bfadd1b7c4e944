"""``velfaerd.strategies`` portfolios: the portfolios drawn use every key of the format."""

from __future__ import annotations

from hypothesis import given
from tests._hypothesis import scaled

import velfaerd
from velfaerd import strategies as vst
from velfaerd.model import MilestoneStatus


def test_the_strategies_draw_every_new_key() -> None:
    seen: set[str] = set()

    @scaled(60)
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
