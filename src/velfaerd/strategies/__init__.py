"""Hypothesis strategies for valid, and deliberately invalid, agreements.

Install the extra: ``pip install velfaerd[hypothesis]``. ``import velfaerd`` never
imports hypothesis; this module does.

Every strategy here is *valid by construction*: what it draws gives no finding from
:func:`velfaerd.check` (without ``as_of``). Nothing is filtered: dependency graphs are
built from a drawn order, reviews are placed so that no stretch exceeds
``review_every``, approvals are dated in the order of their steps, and every theme an
agreement takes up gets a commitment. The content is Danish: councils, schools and
daycares, themes from real children-and-youth policies, *æøå* included.

:func:`violating` draws a valid portfolio and applies one named :class:`Mutation`, so
that exactly one rule code fires; :func:`mutations` draws the mutations themselves,
for a downstream suite to apply to its own portfolios.

.. code-block:: python

    from hypothesis import given

    import velfaerd
    from velfaerd import strategies as vst


    @given(vst.portfolios())
    def test_my_system_accepts_valid_agreements(portfolio: velfaerd.Portfolio) -> None:
        assert velfaerd.check(portfolio).findings == ()


    @given(vst.violating("REV001"))
    def test_my_system_flags_missing_reviews(portfolio: velfaerd.Portfolio) -> None:
        assert velfaerd.check(portfolio).codes() == {"REV001"}

The model classes are registered with hypothesis (through its entry point), so
``st.from_type(velfaerd.Agreement)`` draws valid agreements wherever velfaerd and
hypothesis are installed.
"""

# The strategies live in private modules, as hypothesis' own do, and this package
# re-exports the public ones: _content holds the Danish names, texts and ids; _dates date
# windows, periods and relative dates; _milestones an agreement's activities, reviews,
# approvals and phases; _portfolios actors, policies, budgets, agreements and portfolios;
# _mutation what a mutation is and the edits mutations share; _mutations the named
# mutations, by rule code; _violating violating() and mutations(), which draw and
# prepare a portfolio for them; _register what st.from_type draws.
# No ``from __future__ import annotations``: that would add a public name,
# ``annotations``, and the public names are exactly __all__.
from velfaerd.strategies import _milestones, _mutations, _register
from velfaerd.strategies._dates import date_windows, periods
from velfaerd.strategies._milestones import milestone_graphs
from velfaerd.strategies._mutation import Mutation, NotApplicableError
from velfaerd.strategies._portfolios import actors, agreements, budgets, policies, portfolios
from velfaerd.strategies._register import strategy_for
from velfaerd.strategies._scaling import scaled
from velfaerd.strategies._violating import mutations, violating

__all__ = [
    "AS_OF_CODES",
    "MUTATIONS",
    "REGISTERED_TYPES",
    "Mutation",
    "NotApplicableError",
    "actors",
    "agreements",
    "budgets",
    "date_windows",
    "milestone_graphs",
    "mutations",
    "periods",
    "policies",
    "portfolios",
    "scaled",
    "strategy_for",
    "violating",
]

# The tables are bound here rather than imported, so that the API page, which reads the
# comments of this module, describes them.

#: Every named mutation, by the rule code it makes fire.
MUTATIONS: dict[str, Mutation] = _mutations.MUTATIONS

#: Codes whose rules need ``as_of``: :func:`violating` takes ``as_of`` for them.
AS_OF_CODES = _mutations.AS_OF_CODES

#: The classes ``st.from_type`` draws valid values of.
REGISTERED_TYPES: tuple[type, ...] = _register.REGISTERED_TYPES

# tests/strategies/test_portfolios.py checks the dates of the approvals a portfolio is drawn with.
_approvals = _milestones.approvals_before
