"""An agreement's approval process: its approvals and the order of its steps.

The helpers the approval rules (``APR``), the milestone rules (``MIL002`` leaves the
order a process implies to ``APR001``) and the reference rules (``REF002``: loops of
``after``) share. The ``*_of`` and ``ordered_steps`` helpers compute once per check
through the index's memo.
"""

from __future__ import annotations

import functools
from collections import deque
from typing import TYPE_CHECKING

from velfaerd.model import MilestoneKind, MilestoneStatus

if TYPE_CHECKING:
    from collections.abc import Iterator

    from velfaerd.model import Agreement, ApprovalProcess, Milestone, Step
    from velfaerd.rules import Context

__all__ = [
    "ancestors",
    "approvals_of",
    "direct_steps",
    "earlier_steps",
    "first_steps",
    "ordered_steps",
    "process_approvals",
    "process_of",
    "step_ids",
]


def process_of(ctx: Context, agreement: Agreement) -> ApprovalProcess | None:
    """The agreement's approval process, or ``None`` when it names none or an unknown one.

    :param ctx: the check's context (its index resolves the process id).
    :param agreement: the agreement.
    """
    if agreement.approval_process is None:
        return None
    return ctx.index.processes.get(agreement.approval_process)


def process_approvals(agreement: Agreement, process: ApprovalProcess) -> list[Milestone]:
    """The approval milestones of an agreement that take part in its process.

    Those of kind ``approval`` that name a ``step`` of ``process`` and are not
    cancelled, in document order.

    :param agreement: the agreement.
    :param process: its approval process.
    """
    return _approvals(agreement, {step.id for step in process.steps})


def _approvals(agreement: Agreement, steps: set[str]) -> list[Milestone]:
    approval, cancelled = MilestoneKind.APPROVAL, MilestoneStatus.CANCELLED
    return [
        milestone
        for milestone in agreement.milestones
        if milestone.kind is approval
        and milestone.step is not None
        and milestone.step in steps
        and milestone.status is not cancelled
    ]


def approvals_of(ctx: Context, agreement: Agreement, process: ApprovalProcess) -> list[Milestone]:
    """:func:`process_approvals`, computed once per check (do not change the list)."""
    steps = step_ids(ctx, process)
    return ctx.index.once("approvals", agreement, lambda a: _approvals(a, steps))


def step_ids(ctx: Context, process: ApprovalProcess) -> set[str]:
    """The ids of a process's steps, once per check (do not change the set)."""
    return ctx.index.once("step-ids", process, lambda p: {step.id for step in p.steps})


def first_steps(ctx: Context, process: ApprovalProcess) -> dict[str, Step]:
    """Each step id's first step, in order, once per check (do not change the mapping)."""
    return ctx.index.once("first-steps", process, _first_steps)


def _first_steps(process: ApprovalProcess) -> dict[str, Step]:
    seen: dict[str, Step] = {}
    for step in process.steps:
        seen.setdefault(step.id, step)
    return seen


def ordered_steps(ctx: Context, process: ApprovalProcess) -> dict[str, list[str]]:
    """:func:`earlier_steps`, computed once per check (do not change the mapping)."""
    return ctx.index.once("earlier-steps", process, earlier_steps)


def earlier_steps(process: ApprovalProcess) -> dict[str, list[str]]:
    """Map each step id to the steps it must follow, directly or through others.

    The transitive closure of :meth:`~velfaerd.model.ApprovalProcess.predecessors`, in
    the order they are reached (nearest first). Steps that ``after`` names but the
    process does not define are left out (``REF002`` reports them), and a cycle of
    ``after`` stops where it closes: a step is never among its own earlier steps.

    :param process: the approval process.

    >>> from velfaerd.model import ApprovalProcess, Step
    >>> process = ApprovalProcess(
    ...     id="p",
    ...     steps=[
    ...         Step(id="a", name="A"),
    ...         Step(id="b", name="B"),
    ...         Step(id="c", name="C", after=[]),
    ...         Step(id="d", name="D"),
    ...     ],
    ... )
    >>> earlier_steps(process)
    {'a': [], 'b': ['a'], 'c': [], 'd': ['c']}
    """
    return {step_id: list(steps) for step_id, steps in _closure(process).items()}


@functools.lru_cache(maxsize=8)
def direct_steps(process: ApprovalProcess) -> dict[str, tuple[str, ...]]:
    """Each step's id mapped to the defined steps it must follow directly.

    :meth:`~velfaerd.model.ApprovalProcess.predecessors` for every step at once, in
    one pass (the first definition of an id counts), without the ids the process does
    not define.
    """
    known: dict[str, tuple[str, ...]] = {}
    for index, step in enumerate(process.steps):
        if step.id not in known:
            previous = (process.steps[index - 1].id,) if index else ()
            known[step.id] = step.after if step.after is not None else previous
    return {
        step_id: tuple(p for p in dict.fromkeys(after) if p in known)
        for step_id, after in known.items()
    }


def ancestors(direct: dict[str, tuple[str, ...]], step_id: str) -> Iterator[str]:
    """The steps ``step_id`` must follow, directly or through others, nearest first."""
    reached: set[str] = {step_id}
    queue = deque(direct[step_id])
    while queue:
        current = queue.popleft()
        if current in reached:
            continue
        reached.add(current)
        yield current
        queue.extend(direct[current])


@functools.lru_cache(maxsize=8)
def _closure(process: ApprovalProcess) -> dict[str, tuple[str, ...]]:
    # Computed once per process for the rules that share it.
    direct = direct_steps(process)
    return {step_id: tuple(ancestors(direct, step_id)) for step_id in direct}
