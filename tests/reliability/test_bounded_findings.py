"""Items 10, 11 and 13 of issue 14: hostile sizes give bounded findings, counted."""

from __future__ import annotations

import datetime as dt

import pytest

import velfaerd
from velfaerd.rules.approvals import MAX_PER_APPROVAL

_HEAD = """
[[actors]]
id = "a"
name = "A"
kind = "council"

[[actors]]
id = "b"
name = "B"
kind = "council"
"""


def _reversed_chain(steps: int) -> str:
    out = [_HEAD, '[[approval_processes]]\nid = "p"\n']
    out += [f'[[approval_processes.steps]]\nid = "s{i}"\nname = "S{i}"\n' for i in range(steps)]
    out.append(
        '[[agreements]]\nid = "x"\ntitle = "X"\nkind = "cooperation"\nparties = ["a", "b"]\n'
        'approval_process = "p"\n'
    )
    first = dt.date(2021, 3, 1)
    out += [
        f'[[agreements.milestones]]\nid = "m{i}"\ntitle = "M"\nkind = "approval"\n'
        f'step = "s{i}"\ndue = {first + dt.timedelta(days=steps - i)}\n'
        for i in range(steps)
    ]
    return "".join(out)


def test_an_approval_is_reported_against_its_nearest_earlier_steps_and_the_rest_counted() -> None:
    steps = MAX_PER_APPROVAL + 5
    report = velfaerd.check(velfaerd.loads(_reversed_chain(steps)))
    last = [f for f in report.findings if f.code == "APR001" and f.subject == f"m{steps - 1}"]
    plain = [f for f in last if f.variant != "more"]
    (more,) = [f for f in last if f.variant == "more"]
    assert len(plain) == MAX_PER_APPROVAL
    assert {f.evidence["earlier"] for f in plain} == {
        f"m{steps - 2 - i}" for i in range(MAX_PER_APPROVAL)
    }
    assert more.evidence["more"] == steps - 1 - MAX_PER_APPROVAL
    assert f"{steps - 1 - MAX_PER_APPROVAL} more approvals of earlier steps" in more.message


@pytest.mark.parametrize("count", [101, 150])
def test_many_wrong_items_in_an_array_are_one_problem(count: int) -> None:
    items = ", ".join(["1"] * count)
    text = f'[[agreements]]\nid = "x"\ntitle = "X"\nkind = "cooperation"\nparties = [{items}]\n'
    with pytest.raises(velfaerd.LoadError) as caught:
        velfaerd.loads(text)
    (problem,) = caught.value.problems
    assert problem.path == "agreements[0].parties"
    assert f"found {count} items that are not" in problem.message
