"""``velfaerd.strategies.milestone_graphs``: dated in the order of their dependencies."""

from __future__ import annotations

from hypothesis import given

import velfaerd
from velfaerd import strategies as vst


@given(vst.milestone_graphs(max_milestones=15))
def test_milestone_graphs_are_dated_in_dependency_order(
    milestones: tuple[velfaerd.Milestone, ...],
) -> None:
    by_id = {m.id: m for m in milestones}
    for milestone in milestones:
        for dependency in milestone.depends_on:
            assert milestone.due is not None
            assert not milestone.due.possibly_before(by_id[dependency].due)  # type: ignore[arg-type]
