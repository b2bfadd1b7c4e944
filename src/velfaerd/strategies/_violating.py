"""Drawing a portfolio that breaks exactly one rule: :func:`violating`, :func:`mutations`.

:func:`violating` draws a valid portfolio (from
:func:`~velfaerd.strategies.portfolios`), prepares it to hold what the mutation for the
code changes (approvals in order, a commitment, a review requirement), and applies the
mutation of ``_mutations``; for a rule that needs ``as_of``, it draws a portfolio in
force on that day and applies the as-of mutation.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs
from hypothesis import strategies as st

from velfaerd.dates import Period
from velfaerd.model import Agreement, AgreementKind, Commitment, Milestone, Portfolio, Theme
from velfaerd.strategies._content import COMMITMENTS, FOLLOW_UPS, GOALS, PROCESS, approval_process
from velfaerd.strategies._dates import working_day
from velfaerd.strategies._milestones import approval
from velfaerd.strategies._mutation import Mutation, approvals_of, is_plan, replace_agreement
from velfaerd.strategies._mutations import AS_OF_CODES, AS_OF_MUTATIONS, MUTATIONS
from velfaerd.strategies._portfolios import portfolios

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["mutations", "violating"]


def _fixed_approvals(agreement: Agreement) -> tuple[Milestone, ...]:
    """An approval of every step, 30, 20 and 10 days before the start (on working days)."""
    assert agreement.start is not None  # noqa: S101 - generated agreements have one
    institution = agreement.parties[-1]
    return tuple(
        approval(
            step,
            working_day(agreement.start - dt.timedelta(days=30 - 10 * number), forward=False),
            institution,
        )
        for number, step in enumerate(approval_process().steps)
    )


def _with_commitment(agreement: Agreement) -> Agreement:
    """The agreement with a focus area of its own and a commitment to it, with a goal."""
    theme = Theme(id="fokus-trivsel", name="Trivsel og sundhed")
    commitment = Commitment(
        id="indsats-trivsel",
        title=COMMITMENTS[5],
        themes=(theme.id,),
        goals=(GOALS[5],),
        follow_up=FOLLOW_UPS[3],
    )
    return attrs.evolve(
        agreement,
        themes=(*agreement.themes, theme),
        commitments=(*agreement.commitments, commitment),
    )


def _prepare(code: str, portfolio: Portfolio) -> Portfolio:
    """Make a drawn portfolio hold what the mutation for ``code`` changes.

    Every change keeps the portfolio valid: approvals dated in order before the start,
    a review requirement on an agreement without reviews (then fixed by REV001's
    mutation removing them), a plan turned into a cooperation agreement.
    """
    agreement = portfolio.agreements[0]
    if code in {"APR001", "APR002", "APR003", "APR004"} and len(approvals_of(agreement)) < 3:  # noqa: PLR2004
        agreement = attrs.evolve(
            agreement,
            approval_process=PROCESS,
            milestones=(*agreement.milestones, *_fixed_approvals(agreement)),
        )
    if code in {"APR004", "AGR002"} and is_plan(agreement):
        agreement = attrs.evolve(agreement, kind=AgreementKind.COOPERATION)
    if code in {"COV002", "COV003"} and not any(a.commitments for a in portfolio.agreements):
        agreement = _with_commitment(agreement)
    if code == "IND003" and not agreement.commitments:
        agreement = _with_commitment(agreement)
    if code == "REV001" and agreement.review_every is None:
        agreement = attrs.evolve(agreement, review_every=Period(1, "years"))
    return replace_agreement(portfolio, 0, agreement)


def mutations(codes: Sequence[str] | None = None) -> st.SearchStrategy[Mutation]:
    """Draw one of the named mutations (of ``codes``, when given)."""
    chosen = [MUTATIONS[c] for c in codes] if codes is not None else list(MUTATIONS.values())
    return st.sampled_from(chosen)


def violating(
    code: str,
    *,
    as_of: dt.date | None = None,
    **options: Any,  # noqa: ANN401 - for portfolios()
) -> st.SearchStrategy[Portfolio]:
    """Draw a portfolio that breaks exactly one rule: ``check`` gives only ``code``.

    ``options`` go to :func:`portfolios`. For a rule that needs ``as_of``
    (``MIL005``), pass it: the portfolio's agreements are in force on that day, and
    ``check(portfolio, as_of=as_of)`` gives only ``code``.

    :raises KeyError: for a code with no mutation.
    :raises ValueError: for a code that needs ``as_of`` without it.
    """
    if code in AS_OF_CODES:
        if as_of is None:
            msg = f"{code} needs as_of: violating({code!r}, as_of=datetime.date(...))"
            raise ValueError(msg)
        mutate = AS_OF_MUTATIONS[code]
        return portfolios(in_force_on=as_of, **options).map(lambda p: mutate(p, as_of))
    mutation = MUTATIONS.get(code)
    if mutation is None:
        msg = f"no mutation makes {code!r} fire; known: {', '.join(sorted(MUTATIONS))}"
        raise KeyError(msg)
    base = portfolios(in_force_on=as_of, **options) if as_of is not None else portfolios(**options)
    return base.map(lambda p: mutation.apply(_prepare(code, p)))
