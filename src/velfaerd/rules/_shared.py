"""What several rules read of one agreement's milestones, computed once per check.

The rules run one after another, each over every agreement; what more than one of them
reads of an agreement (its reviews, its milestones by id) is computed by the first that
asks, through the index's memo (:meth:`~velfaerd.query.Index.once`), and read by the
others. Each helper here is the one function its memo's kind is computed by.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from velfaerd.model import MilestoneKind, MilestoneStatus

if TYPE_CHECKING:
    from velfaerd.model import Agreement, Milestone
    from velfaerd.rules import Context

__all__ = ["first_milestones", "reviews"]


def reviews(ctx: Context, agreement: Agreement) -> list[Milestone]:
    """The agreement's review milestones that are not cancelled, in document order.

    What every ``REV`` rule reads: an agreement has one or two reviews among twenty
    milestones, and each rule looks at those alone (do not change the list).
    """
    return ctx.index.once("reviews", agreement, _reviews)


def _reviews(agreement: Agreement) -> list[Milestone]:
    review, cancelled = MilestoneKind.REVIEW, MilestoneStatus.CANCELLED
    return [m for m in agreement.milestones if m.kind is review and m.status is not cancelled]


def first_milestones(ctx: Context, agreement: Agreement) -> dict[str, Milestone]:
    """Each milestone id's first milestone, in document order, once per check."""
    return ctx.index.once("first-milestones", agreement, _first)


def _first(agreement: Agreement) -> dict[str, Milestone]:
    milestones = agreement.milestones
    by_id = {milestone.id: milestone for milestone in milestones}
    if len(by_id) == len(milestones):
        return by_id  # each id once (almost always): one comprehension
    first: dict[str, Milestone] = {}
    for milestone in milestones:
        first.setdefault(milestone.id, milestone)
    return first
