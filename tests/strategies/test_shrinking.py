"""A deliberately broken check is caught, and hypothesis shrinks the example small."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import Phase, find, settings

from velfaerd import strategies as vst

if TYPE_CHECKING:
    from collections.abc import Iterator

    import velfaerd


def broken_due_before_dependency(portfolio: velfaerd.Portfolio) -> Iterator[str]:
    """A copy of MIL002 with its comparison turned round: the bug to be found."""
    for agreement in portfolio.agreements:
        due = {m.id: m.due for m in agreement.milestones}
        for milestone in agreement.milestones:
            for dependency in milestone.depends_on:
                mine, theirs = milestone.due, due.get(dependency)
                if mine is not None and theirs is not None and theirs.certainly_before(mine):
                    yield milestone.id


def test_the_shrunk_counterexample_is_small() -> None:
    # A valid portfolio must give no finding: the broken copy gives one, and the
    # example hypothesis shrinks to is one agreement with a handful of milestones.
    #
    # Shrinking guarantees only that the example still fails and that hypothesis found
    # no smaller one nearby: from some random seeds it stops at a local minimum (an
    # extra agreement left over). So the search runs from a fixed seed, in every
    # profile, and the claim is checked where it is reproducible. Every step of the
    # shrink draws a portfolio again: small ones (at most two agreements, three
    # activities and one commitment each, without the phases, waivers and recurring
    # reviews the broken rule does not look at) keep the search to about 90 draws.
    minimal = find(
        vst.portfolios(
            max_agreements=2,
            max_milestones=3,
            max_commitments=1,
            phases=False,
            waivers=False,
            recurring_reviews=False,
        ),
        lambda p: any(broken_due_before_dependency(p)),
        # Finding and shrinking is what is tested: not what explaining the result costs.
        settings=settings(
            max_examples=2000,
            database=None,
            derandomize=True,
            phases=(Phase.generate, Phase.shrink),
        ),
    )
    assert list(broken_due_before_dependency(minimal))
    assert len(minimal.agreements) == 1
    assert len(minimal.agreements[0].milestones) <= 5
