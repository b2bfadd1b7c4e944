"""What a mutation is, and the edits of a portfolio that mutations share.

A :class:`Mutation` is a named change that makes one rule code fire on a valid
portfolio; it raises :class:`NotApplicableError` when the portfolio lacks what it
changes. The edits here (replace an agreement, pick one, add milestones, its
approvals) are what every mutation of ``_mutations`` and the preparing of
``_violating`` are written with, so they live once, below both.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from velfaerd.model import Agreement, AgreementKind, Milestone, MilestoneKind, Portfolio

__all__ = [
    "Mutation",
    "NotApplicableError",
    "add_milestones",
    "approvals_of",
    "is_plan",
    "pick",
    "replace_agreement",
]


class NotApplicableError(ValueError):
    """A mutation cannot be applied to this portfolio (it lacks what it changes)."""


@attrs.frozen
class Mutation:
    """A named change that makes one rule code fire on a valid portfolio.

    ``apply`` returns the changed portfolio or raises :class:`NotApplicableError`.
    """

    code: str
    name: str
    description: str
    apply: Callable[[Portfolio], Portfolio] = attrs.field(repr=False, eq=False)


def replace_agreement(portfolio: Portfolio, index: int, agreement: Agreement) -> Portfolio:
    """The portfolio with its agreement at ``index`` replaced."""
    items = list(portfolio.agreements)
    items[index] = agreement
    return attrs.evolve(portfolio, agreements=tuple(items))


def pick(
    portfolio: Portfolio, test: Callable[[Agreement], bool], what: str
) -> tuple[int, Agreement]:
    """The first agreement that passes ``test``, and its position; else not applicable."""
    for index, agreement in enumerate(portfolio.agreements):
        if test(agreement):
            return index, agreement
    msg = f"no agreement {what}"
    raise NotApplicableError(msg)


def is_plan(agreement: Agreement) -> bool:
    """Whether the agreement is an implementation plan."""
    return agreement.kind is AgreementKind.IMPLEMENTATION_PLAN


def add_milestones(portfolio: Portfolio, index: int, *new: Milestone) -> Portfolio:
    """The portfolio with milestones added to its agreement at ``index``."""
    agreement = portfolio.agreements[index]
    return replace_agreement(
        portfolio, index, attrs.evolve(agreement, milestones=(*agreement.milestones, *new))
    )


def approvals_of(agreement: Agreement) -> list[Milestone]:
    """The agreement's approvals of a step of its process."""
    return [m for m in agreement.milestones if m.kind is MilestoneKind.APPROVAL and m.step]
