"""Registration with hypothesis: what ``st.from_type(velfaerd.Agreement)`` and friends draw.

:func:`strategy_for` gives the strategy for one model class; :data:`REGISTERED_TYPES`
names every class that has one. Hypothesis learns of them through velfaerd's entry
point, :mod:`velfaerd._hypothesis_setup`, which must stay cheap to import (hypothesis
runs it on its own import, in every project where velfaerd is installed): it registers
each class with a resolver that imports this package only when first asked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from velfaerd.dates import DateWindow, Period
from velfaerd.model import (
    STRUCTURE,
    Actor,
    Agreement,
    ApprovalProcess,
    Basis,
    Budget,
    Commitment,
    Indicator,
    IndicatorBaseline,
    Measurement,
    Milestone,
    Municipality,
    Occurrence,
    Phase,
    Policy,
    Portfolio,
    Principle,
    Step,
    Target,
    Theme,
    Waiver,
)
from velfaerd.strategies._content import (
    COMMITMENTS,
    COUNCIL,
    FOLLOW_UPS,
    GOALS,
    LAWS,
    MUNICIPALITIES,
    PRINCIPLES,
    THEMES,
    approval_process,
    slug,
)
from velfaerd.strategies._dates import date_windows, periods
from velfaerd.strategies._followup import indicator, occurrence
from velfaerd.strategies._milestones import milestone_graphs
from velfaerd.strategies._portfolios import actors, agreements, budgets, policies, portfolios

__all__ = ["REGISTERED_TYPES", "strategy_for"]


_INDICATORS = st.builds(
    indicator,
    st.integers(min_value=0, max_value=100),
    st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.dates(min_value=dt.date(2031, 1, 1), max_value=dt.date(2035, 12, 31)),
    st.none(),
)


def _for_type() -> dict[type, st.SearchStrategy[Any]]:
    """Each registered class and its strategy: every class of the model, and the dates'.

    The classes are those of the model's table (``velfaerd.model.STRUCTURE``), in its
    order, then the dates' ``DateWindow`` and ``Period``; ``velfaerd._hypothesis_setup``
    registers the same classes from the same table. A model class without a strategy here raises
    :class:`KeyError` when this package is imported.
    """
    drawn: dict[type, st.SearchStrategy[Any]] = {
        Portfolio: portfolios(),
        Agreement: agreements(),
        DateWindow: date_windows(),
        Period: periods(),
        Basis: st.sampled_from(LAWS),
        Budget: budgets(),
        Policy: policies(),
        Theme: policies().flatmap(lambda p: st.sampled_from(p.themes)),
        Actor: actors().flatmap(st.sampled_from),
        Municipality: st.sampled_from(MUNICIPALITIES).map(
            lambda m: Municipality(name=m[0], code=m[1])
        ),
        Principle: st.sampled_from(PRINCIPLES).map(
            lambda t: Principle(id="ledelse-1", text=t, group="ledelsesprincipper")
        ),
        ApprovalProcess: st.just(approval_process()),
        Step: st.sampled_from(approval_process().steps),
        Milestone: milestone_graphs(min_milestones=1, max_milestones=5).flatmap(st.sampled_from),
        Commitment: st.builds(
            Commitment,
            id=st.just("indsats-1"),
            title=st.sampled_from(COMMITMENTS),
            themes=st.lists(st.sampled_from(THEMES), min_size=1, max_size=2, unique=True).map(
                lambda names: tuple(f"tema-{slug(n)}" for n in names)
            ),
            goals=st.lists(st.sampled_from(GOALS), min_size=1, max_size=2, unique=True).map(tuple),
            follow_up=st.sampled_from(FOLLOW_UPS),
        ),
        Phase: st.builds(Phase, id=st.just("opstart"), name=st.just("Opstart")),
        Waiver: st.just(Waiver(rule="MIL005", reason="Frisat af Byrådet.", granted_by=COUNCIL)),
        Indicator: _INDICATORS,
        IndicatorBaseline: _INDICATORS.map(lambda i: i.baseline),
        Target: _INDICATORS.map(lambda i: i.targets[0]),
        Measurement: _INDICATORS.map(lambda i: i.measurements[0]),
        Occurrence: st.builds(occurrence, date_windows(), st.integers(min_value=0, max_value=100)),
    }
    return {cls: drawn[cls] for cls in (*STRUCTURE, DateWindow, Period)}


def strategy_for(cls: type) -> st.SearchStrategy[Any]:
    """Return the strategy ``st.from_type(cls)`` uses for a velfaerd model class.

    :raises KeyError: for a class velfaerd has no strategy for.
    """
    return _for_type()[cls]


# The classes ``st.from_type`` draws valid values of (documented in velfaerd.strategies).
REGISTERED_TYPES: tuple[type, ...] = tuple(_for_type())
