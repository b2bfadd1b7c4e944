"""The milestone rules (``MIL``): dependencies, dates, phases and what is overdue.

* ``MIL001`` — the ``depends_on`` edges of an agreement's milestones form a cycle;
* ``MIL002`` — a milestone is due before a milestone it depends on;
* ``MIL003`` — a milestone lies outside the agreement's span;
* ``MIL004`` — a milestone lies outside its phase, or the phases are out of order;
* ``MIL005`` — a milestone is past due on ``as_of`` and not met.

Every check is linear in the number of milestones and dependencies: cycles are found
with an iterative Tarjan (no recursion, so a chain of 100,000 milestones is fine), and
one cycle is named per strongly connected component, never all of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from velfaerd.dates import DateWindow
from velfaerd.model import Agreement, Milestone, MilestoneKind, MilestoneStatus, Phase
from velfaerd.rules import Context, Violation, rule
from velfaerd.rules._certainty import before
from velfaerd.rules._graphs import cycle_through, cycles, strongly_connected
from velfaerd.rules._processes import approvals_of, ordered_steps, process_of
from velfaerd.rules._shared import first_milestones

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator

__all__ = [
    "cycle_through",
    "cycles",
    "dependency_cycle",
    "dependency_graph",
    "due_before_dependency",
    "milestone_outside_agreement",
    "milestone_outside_phase",
    "milestone_overdue",
    "overdue",
    "strongly_connected",
]


# Graph helpers ------------------------------------------------------------------------


def dependency_graph(agreement: Agreement) -> dict[str, list[str]]:
    """Map each milestone id to the ids it depends on that resolve within the agreement.

    Milestones are taken in document order, each id once (the first definition; a
    second one is ``REF001``'s); a dependency that names no milestone is left out
    (``REF002``'s), and a repeated one is kept once.

    :param agreement: the agreement whose milestones are read.
    """
    written: dict[str, tuple[str, ...]] = {}
    for milestone in agreement.milestones:
        if milestone.id not in written:
            written[milestone.id] = milestone.depends_on
    graph: dict[str, list[str]] = {}
    for node, targets in written.items():
        # Most milestones depend on none or one: spare them the general case.
        if not targets:
            graph[node] = []
        elif len(targets) == 1:
            graph[node] = [targets[0]] if targets[0] in written else []
        else:
            graph[node] = [target for target in dict.fromkeys(targets) if target in written]
    return graph


def _graph(ctx: Context, agreement: Agreement) -> dict[str, list[str]]:
    """The agreement's dependency graph, built once per check (shared, not to be changed)."""
    return ctx.index.once("dependency-graph", agreement, dependency_graph)


def _anchored_graph(ctx: Context, agreement: Agreement) -> dict[str, list[str]]:
    """The dependency graph with the edges of relative dates (the same one without any)."""

    def anchored(agreement: Agreement) -> dict[str, list[str]]:
        graph = _graph(ctx, agreement)
        if all(milestone.relative is None for milestone in agreement.milestones):
            return graph
        return _with_anchors({node: list(targets) for node, targets in graph.items()}, agreement)

    return ctx.index.once("anchored-graph", agreement, anchored)


def _cycles(ctx: Context, graph: dict[str, list[str]]) -> list[list[str]]:
    """:func:`cycles` of a graph the index holds, found once per check."""
    return ctx.index.once("cycles", graph, cycles)


@attrs.frozen
class _Dependencies:
    """What ``MIL001`` and ``MIL002`` read of an agreement's dependencies in one pass.

    ``backward``: every edge of the anchored dependency graph goes to a milestone
    before it, so there is no cycle (the cheap test of ``_graphs.cycles``, made without
    the graph). ``early``: the edges ``(milestone, dependency)`` of the dependency graph,
    in its order, whose milestone (with its ``due``) may be due before its dependency;
    the others cannot be ``MIL002``'s findings. Most agreements have neither a cycle
    nor an edge early.
    """

    backward: bool
    early: list[tuple[Milestone, DateWindow, Milestone]]


def _dependencies(ctx: Context, agreement: Agreement) -> _Dependencies:
    """:class:`_Dependencies` of an agreement, once per check."""
    return ctx.index.once(
        "dependencies", agreement, lambda a: _read_dependencies(a, first_milestones(ctx, a))
    )


def _read_dependencies(agreement: Agreement, first: dict[str, Milestone]) -> _Dependencies:
    # One loop over the first definitions, in document order, as dependency_graph
    # reads them; a dependency that names no milestone is no edge. _with_anchors adds
    # the anchor of every milestone's relative date, a second definition's too, to the
    # first's edges: an agreement with an id given twice is read in full.
    backward = len(first) == len(agreement.milestones)
    early: list[tuple[Milestone, DateWindow, Milestone]] = []
    seen: set[str] = set()
    add, get = seen.add, first.get  # bound once: this loop reads every milestone
    for milestone_id, milestone in first.items():
        targets = milestone.depends_on
        if targets:
            due = milestone.due
            for target in targets if len(targets) == 1 else dict.fromkeys(targets):
                dependency = get(target)
                if dependency is None:
                    continue
                if target not in seen:
                    backward = False
                other = dependency.due
                # Not even possibly before: the commonest case, decided as _certainty.before does.
                if (
                    due is not None
                    and other is not None
                    and (due.earliest is None or due.earliest < other.latest)
                ):
                    early.append((milestone, due, dependency))
        if milestone.relative is not None and backward:
            anchor = milestone.relative.anchor
            if anchor in first and anchor not in seen:
                backward = False
        add(milestone_id)
    return _Dependencies(backward, early)


_AGREEMENT = """
[[actors]]
id = "skolen"
name = "Skolen"
kind = "institution"

[[agreements]]
id = "plan-2021"
title = "Implementeringsplan for skolen"
kind = "implementation_plan"
parties = ["skolen"]
start = 2021-01-01
end = 2021-12-31
"""


def _milestone(milestone_id: str, *lines: str) -> str:
    body = "".join(f"{line}\n" for line in lines)
    return (
        f'\n[[agreements.milestones]]\nid = "{milestone_id}"\n'
        f'title = "{milestone_id.capitalize()}"\n{body}'
    )


def _example(*milestones: str, agreement: str = _AGREEMENT) -> str:
    return (agreement + "".join(milestones)).lstrip("\n")


# MIL001 -------------------------------------------------------------------------------


@rule(
    "MIL001",
    name="dependency-cycle",
    severity="error",
    summary="the milestones' dependencies form a cycle",
    description=(
        "The `depends_on` edges between an agreement's milestones (those that name a "
        "milestone of the same agreement), and the anchors of relative dates (`due = "
        '"3 måneder efter temadag"`), must not form a cycle. Each group of '
        "milestones that wait on each other (a strongly connected component of more "
        "than one milestone, or a milestone that depends on itself) is one finding, "
        "at the `depends_on` of the group's first milestone in document order. It "
        "names one cycle, not every cycle of the group: the shortest through the "
        "group's smallest id, which is the finding's subject, so that the finding does "
        "not depend on the order the milestones are listed in."
    ),
    why=(
        "Milestones that wait on each other can never start: the plan cannot be "
        "carried out in any order."
    ),
    failing=_example(
        _milestone("invitation", 'due = "primo marts 2021"', 'depends_on = ["temadag"]'),
        _milestone("temadag", 'due = "uge 12 2021"', 'depends_on = ["invitation"]'),
    ),
    fixed=_example(
        _milestone("invitation", 'due = "primo marts 2021"'),
        _milestone("temadag", 'due = "uge 12 2021"', 'depends_on = ["invitation"]'),
    ),
    messages={
        "default": "the milestones {milestones} depend on each other in a cycle: {cycle}",
        "self": "milestone {milestones!r} depends on itself",
    },
)
def dependency_cycle(ctx: Context) -> Iterator[Violation]:
    """Yield one finding per strongly connected component of the dependencies."""
    for agreement in ctx.portfolio.agreements:
        if _dependencies(ctx, agreement).backward:
            continue  # no cycle: the graph need not be built
        graph = _anchored_graph(ctx, agreement)
        milestones = first_milestones(ctx, agreement)
        for component in _cycles(ctx, graph):
            # Point at the first milestone of the cycle a reader meets; name the cycle
            # from its smallest id, so that the finding does not depend on their order.
            start = min(component)
            cycle = cycle_through(graph, start, set(component))
            first = milestones[component[0]]
            yield Violation(
                subject=start,
                at=first,
                key="depends_on" if first.depends_on or first.relative is None else "due",
                agreement=agreement.id,
                variant="self" if len(component) == 1 else "default",
                evidence={"cycle": cycle, "milestones": sorted(component)},
            )


def _with_anchors(graph: dict[str, list[str]], agreement: Agreement) -> dict[str, list[str]]:
    """Add the edge from each relative ``due`` to the milestone it is anchored on."""
    for milestone in agreement.milestones:
        relative = milestone.relative
        if relative is not None and relative.anchor in graph:
            targets = graph[milestone.id]
            if relative.anchor not in targets:
                targets.append(relative.anchor)
    return graph


# MIL002 -------------------------------------------------------------------------------


def _approval_order(ctx: Context, agreement: Agreement) -> set[tuple[str, str]]:
    """The ``(milestone, dependency)`` pairs whose order ``APR001`` checks.

    Both are approvals of the agreement's process in the same round, and the
    dependency's step is an earlier step of the milestone's.
    """
    process = process_of(ctx, agreement)
    if process is None:
        return set()
    earlier = ordered_steps(ctx, process)
    approvals = {m.id: m for m in reversed(approvals_of(ctx, agreement, process))}
    pairs: set[tuple[str, str]] = set()
    for milestone in approvals.values():
        for dependency_id in milestone.depends_on:
            dependency = approvals.get(dependency_id)
            if (
                dependency is not None
                and dependency.round == milestone.round
                and dependency.step in earlier[milestone.step or ""]
            ):
                pairs.add((milestone.id, dependency_id))
    return pairs


@rule(
    "MIL002",
    name="due-before-dependency",
    severity="error",
    summary="a milestone is due before a milestone it depends on",
    description=(
        "A milestone that declares `depends_on` another must not be due before it. "
        "Certainly before (every day of its window precedes every day of the other's) "
        "is an error; only possibly before (the windows overlap) is a warning. A "
        "deadline is never possibly before anything. Recurring milestones are compared "
        "at their first occurrence (`due`). Not checked: undated milestones, "
        "dependencies that name no milestone (`REF002`), dependencies inside a cycle "
        "(`MIL001`), and an approval that depends on an approval of an earlier step of "
        "the approval process in its round (that order is `APR001`'s alone)."
    ),
    why=(
        "A milestone scheduled before what it waits on cannot be met on time: the "
        "plan's dates contradict its own order."
    ),
    failing=_example(
        _milestone("invitation", 'due = "primo marts 2021"'),
        _milestone("temadag", 'due = "uge 8 2021"', 'depends_on = ["invitation"]'),
    ),
    fixed=_example(
        _milestone("invitation", 'due = "primo marts 2021"'),
        _milestone("temadag", 'due = "uge 12 2021"', 'depends_on = ["invitation"]'),
    ),
    messages={
        "default": (
            "milestone {milestone!r} is due {due}, before {dependency!r} ({dependency_due}) "
            "that it depends on"
        ),
        "default-possible": (
            "milestone {milestone!r} ({due}) may come before {dependency!r} "
            "({dependency_due}) that it depends on"
        ),
    },
)
def due_before_dependency(ctx: Context) -> Iterator[Violation]:
    """Yield a milestone due (certainly or possibly) before one it depends on."""
    for agreement in ctx.portfolio.agreements:
        dependencies = _dependencies(ctx, agreement)
        if not dependencies.early:
            continue  # no milestone may be due before what it depends on
        in_cycle: dict[str, int] = {}
        if not dependencies.backward:
            cycles_found = _cycles(ctx, _graph(ctx, agreement))
            in_cycle = {node: i for i, c in enumerate(cycles_found) for node in c}
        approval_order = _approval_order(ctx, agreement)
        for milestone, due, dependency in dependencies.early:
            milestone_id, dependency_id = milestone.id, dependency.id
            possible = _before(due, dependency.due)
            cycle = in_cycle.get(milestone_id)
            if (
                possible is None
                or (cycle is not None and cycle == in_cycle.get(dependency_id))
                or (milestone_id, dependency_id) in approval_order
            ):
                continue
            yield Violation(
                subject=milestone_id,
                at=milestone,
                key="depends_on",
                agreement=agreement.id,
                possible=possible,
                evidence={
                    "milestone": milestone_id,
                    "due": str(milestone.due),
                    "dependency": dependency_id,
                    "dependency_due": str(dependency.due),
                },
            )


def _before(due: DateWindow, other: DateWindow | None) -> bool | None:
    """``False`` if ``due`` is certainly before ``other``, ``True`` if possibly, else None."""
    return None if other is None else before(due, other)


# MIL003 -------------------------------------------------------------------------------


def _span_start(agreement: Agreement) -> dt.date | None:
    entered = agreement.entered
    if entered is None:
        return agreement.start
    return entered.first_day


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


@rule(
    "MIL003",
    name="milestone-outside-agreement",
    severity="warning",
    summary="a milestone lies outside the agreement's span",
    description=(
        "A milestone that is neither an approval nor a review must lie within the "
        "agreement's span: from the day it was `entered` (its earliest day, or its "
        "latest for a deadline), or from its `start` when it has no `entered`, to its "
        "`end` (either bound may be open). Only a milestone certainly outside is "
        "reported (its whole window before the span begins or after it ends); one "
        "whose window only overlaps a bound is not. A recurring milestone is checked "
        "at its first occurrence (`due`); undated ones are not checked. Approvals come "
        "before an agreement by nature (`APR004`), and reviews outside the term are "
        "`REV002`'s."
    ),
    why=(
        "An activity dated outside the agreement is either a typo in its date or work "
        "the agreement does not cover, and so nobody has committed to it."
    ),
    failing=_example(_milestone("temadag", 'due = "uge 8 2022"')),
    fixed=_example(_milestone("temadag", 'due = "uge 8 2021"')),
    messages={
        "default": (
            "milestone {milestone!r} is due {due}, outside the agreement's span ({start} to {end})"
        ),
        "before": (
            "milestone {milestone!r} is due {due}, before the agreement's span begins on {start}"
        ),
        "after": ("milestone {milestone!r} is due {due}, after the agreement's span ends on {end}"),
    },
)
def milestone_outside_agreement(ctx: Context) -> Iterator[Violation]:
    """Yield a milestone (not an approval or review) certainly outside the agreement."""
    skipped = {MilestoneKind.APPROVAL, MilestoneKind.REVIEW}
    for agreement in ctx.portfolio.agreements:
        start, end = _span_start(agreement), agreement.end
        if start is None and end is None:
            continue
        for milestone in agreement.milestones:
            due = milestone.due
            if due is None or milestone.kind in skipped:
                continue
            # Certainly outside [start, end], tested inline: most milestones lie within
            # the span, and a call per milestone cost more than its tests.
            if start is not None and due.latest < start:
                side = "before"
            elif end is not None and due.earliest is not None and due.earliest > end:
                side = "after"
            else:
                continue
            yield Violation(
                subject=milestone.id,
                at=milestone,
                key="due",
                agreement=agreement.id,
                variant=side,
                evidence={
                    "milestone": milestone.id,
                    "due": str(milestone.due),
                    "start": _iso(start),
                    "end": _iso(end),
                },
            )


# MIL004 -------------------------------------------------------------------------------

_PHASED = (
    _AGREEMENT
    + """
[[agreements.phases]]
id = "opstart"
name = "Opstart"
start = 2021-01-01
end = 2021-06-30

[[agreements.phases]]
id = "drift"
name = "Drift"
start = 2021-07-01
end = 2021-12-31
"""
)


@rule(
    "MIL004",
    name="milestone-outside-phase",
    severity="warning",
    summary="a milestone lies outside its phase, or phases overlap out of order",
    description=(
        "A dated milestone that names a `phase` must not lie certainly outside it: its "
        "whole window before the phase's `start` or after its `end` (either bound may "
        "be absent; a recurring milestone is checked at its first occurrence). The "
        "phases themselves are ordered as listed: a phase that starts on or before the "
        "end of the nearest earlier phase with an end overlaps it, and a phase whose "
        "`end` is before its `start` is reversed. A phase id that names no phase is "
        "`REF002`'s."
    ),
    why=(
        "Phases say what is done when; a milestone outside its phase, or phases that "
        "overlap, make the plan's order unclear to those who carry it out."
    ),
    failing=_example(
        _milestone("temadag", 'due = "uge 40 2021"', 'phase = "opstart"'), agreement=_PHASED
    ),
    fixed=_example(
        _milestone("temadag", 'due = "uge 40 2021"', 'phase = "drift"'), agreement=_PHASED
    ),
    messages={
        "default": "milestone {milestone!r} is due {due}, outside its phase {phase!r}",
        "outside": (
            "milestone {milestone!r} is due {due}, outside its phase {phase!r} ({start} to {end})"
        ),
        "overlap": (
            "phase {phase!r} starts {start}, on or before the end of the earlier phase "
            "{previous!r} ({previous_end})"
        ),
        "reversed": "phase {phase!r} ends {end}, before it starts {start}",
    },
)
def milestone_outside_phase(ctx: Context) -> Iterator[Violation]:
    """Yield milestones certainly outside their phase, and phases out of order."""
    for agreement in ctx.portfolio.agreements:
        if not agreement.phases:
            continue  # no phase to be outside of, nor out of order
        yield from _phase_order(agreement)
        phases: dict[str, Phase] = {}
        for phase in agreement.phases:
            phases.setdefault(phase.id, phase)
        for milestone in agreement.milestones:
            own = phases.get(milestone.phase or "")
            due = milestone.due
            if own is None or due is None:
                continue
            # Certainly outside the phase, tested inline (as MIL003): most are in it.
            start, end = own.start, own.end
            if not (
                (start is not None and due.latest < start)
                or (end is not None and due.earliest is not None and due.earliest > end)
            ):
                continue
            yield Violation(
                subject=milestone.id,
                at=milestone,
                key="due",
                agreement=agreement.id,
                variant="outside",
                evidence={
                    "milestone": milestone.id,
                    "due": str(milestone.due),
                    "phase": own.id,
                    "start": _iso(own.start),
                    "end": _iso(own.end),
                },
            )


def _phase_order(agreement: Agreement) -> Iterator[Violation]:
    previous: Phase | None = None
    for phase in agreement.phases:
        if phase.start is not None and phase.end is not None and phase.end < phase.start:
            yield Violation(
                subject=phase.id,
                at=phase,
                key="end",
                agreement=agreement.id,
                variant="reversed",
                evidence={
                    "phase": phase.id,
                    "start": phase.start.isoformat(),
                    "end": phase.end.isoformat(),
                },
            )
        if (
            previous is not None
            and previous.end is not None
            and phase.start is not None
            and phase.start <= previous.end
        ):
            yield Violation(
                subject=phase.id,
                at=phase,
                key="start",
                agreement=agreement.id,
                variant="overlap",
                evidence={
                    "phase": phase.id,
                    "start": phase.start.isoformat(),
                    "previous": previous.id,
                    "previous_end": previous.end.isoformat(),
                },
            )
        if phase.end is not None:
            previous = phase


# MIL005 -------------------------------------------------------------------------------


_DONE = frozenset({MilestoneStatus.MET, MilestoneStatus.CANCELLED})


def overdue(milestone: Milestone, as_of: dt.date) -> bool:
    """Whether a milestone is certainly past due on ``as_of`` and neither met nor cancelled.

    Undated milestones never are, nor recurring ones (with ``every``): their one
    status cannot speak for each occurrence. A milestone moved (``moved_to``) is due on
    the date it was moved to. ``MIL005`` reports these milestones, and
    :func:`velfaerd.graph.late` lists them.
    """
    due = milestone.moved_to or milestone.due
    return (
        due is not None
        and milestone.every is None
        and milestone.status not in _DONE
        and due.latest < as_of
    )


@rule(
    "MIL005",
    name="milestone-overdue",
    severity="warning",
    summary="a milestone is past due on the as-of date and not met",
    description=(
        "With an as-of date, a milestone whose `due` window has certainly passed (its "
        "latest day is before the as-of date) and whose `status` is neither `met` nor "
        "`cancelled` is overdue. Undated milestones are not checked, nor recurring ones "
        "(with `every`): their one status cannot speak for each occurrence; a milestone "
        "moved (`moved_to`) is due on the date it was moved to. Without an "
        "as-of date the rule does not run (nothing reads today's date), and the report "
        "says so."
    ),
    why=(
        "A milestone past its date and still only planned is either late or not "
        "followed up: either way the agreement's follow-up is behind."
    ),
    failing=_example(_milestone("temadag", 'due = "uge 8 2021"')),
    fixed=_example(_milestone("temadag", 'due = "uge 8 2021"', 'status = "met"')),
    messages={
        "default": ("milestone {milestone!r} was due {due} and is still {status} on {as_of}"),
    },
    needs_as_of=True,
)
def milestone_overdue(ctx: Context) -> Iterator[Violation]:
    """Yield a non-recurring milestone certainly past due on ``as_of`` and not met."""
    as_of = ctx.as_of
    if as_of is None:
        return
    for agreement in ctx.portfolio.agreements:
        for milestone in agreement.milestones:
            if overdue(milestone, as_of):
                moved = milestone.moved_to is not None
                yield Violation(
                    subject=milestone.id,
                    at=milestone,
                    key="moved_to" if moved else "due",
                    agreement=agreement.id,
                    evidence={
                        "milestone": milestone.id,
                        "due": str(milestone.moved_to if moved else milestone.due),
                        "status": milestone.status.value,
                        "as_of": as_of.isoformat(),
                    },
                )
