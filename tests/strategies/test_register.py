"""The model's classes registered with hypothesis: ``st.from_type`` draws valid values."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from tests._hypothesis import scaled

import velfaerd
from velfaerd import strategies as vst


@scaled(10)
@given(st.from_type(velfaerd.Agreement), st.from_type(velfaerd.DateWindow))
def test_from_type_gives_meaningful_values(
    agreement: velfaerd.Agreement, window: velfaerd.DateWindow
) -> None:
    assert len(agreement.parties) == 2
    assert agreement.title
    assert window.earliest is None or window.earliest <= window.latest


@scaled(10)
@given(st.from_type(velfaerd.Portfolio))
def test_from_type_portfolio_is_valid(portfolio: velfaerd.Portfolio) -> None:
    assert velfaerd.check(portfolio).findings == ()


@scaled(5)  # each example draws every class
@given(st.data())
def test_every_model_class_is_registered_with_hypothesis(data: st.DataObject) -> None:
    for cls in vst.REGISTERED_TYPES:
        assert isinstance(data.draw(st.from_type(cls)), cls)


@given(st.from_type(velfaerd.Milestone), st.from_type(velfaerd.Theme))
def test_from_type_milestones_and_themes(
    milestone: velfaerd.Milestone, theme: velfaerd.Theme
) -> None:
    assert milestone.title
    assert theme.id.startswith("tema-")
