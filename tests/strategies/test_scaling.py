"""velfaerd.strategies.scaled: example counts relative to the loaded hypothesis profile."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from velfaerd import DateWindow
from velfaerd import strategies as vst


@given(
    examples=st.integers(1, 10_000),
    baseline=st.integers(1, 1_000),
    profile_examples=st.integers(1, 10_000),
)
def test_the_count_scales_with_the_profile_and_is_never_zero(
    examples: int, baseline: int, profile_examples: int
) -> None:
    profile = settings(max_examples=profile_examples)
    count = vst.scaled(examples, baseline=baseline, profile=profile).max_examples
    exact = examples * profile_examples / baseline
    if exact < 1:
        assert count == 1
    else:
        assert abs(count - exact) <= 0.5


def test_under_the_baseline_profile_the_count_is_the_one_asked_for() -> None:
    assert vst.scaled(7, baseline=25, profile=settings(max_examples=25)).max_examples == 7


def test_every_other_setting_comes_from_the_profile() -> None:
    profile = settings(max_examples=50, derandomize=True, database=None, deadline=None)
    chosen = vst.scaled(10, baseline=25, profile=profile)
    assert (chosen.derandomize, chosen.database, chosen.deadline) == (True, None, None)


def test_by_default_it_scales_the_loaded_profile_from_hypothesis_default() -> None:
    # The suite's loaded profile (ci: 25 examples, or long) is what a decorator sees.
    loaded = settings().max_examples
    assert vst.scaled(100).max_examples == max(1, round(100 * loaded / 100))
    assert vst.scaled(100).derandomize == settings().derandomize


@vst.scaled(2, baseline=25)
@given(vst.date_windows())
def test_it_decorates_a_property_test(window: DateWindow) -> None:
    assert window.contains(window.latest)
