"""The approval rules (``APR``): an agreement's approvals follow its approval process.

An agreement names an ``approval_process`` (*godkendelsesgang*): ordered steps, each
taken by an actor of a kind or by named actors. Its approval milestones that name a
step of that process take part in it (a cancelled approval does not); they are grouped
by ``round`` (approvals without a round form a round of their own), and the rules
compare approvals within a round:

* ``APR001`` — a step is dated before an earlier step of the process;
* ``APR002`` — a step of the process has no approval milestone;
* ``APR003`` — an approval is made by an actor who may not take its step;
* ``APR004`` — an approval is dated after the agreement's start.

The earlier steps of a step are those it must follow, directly or through others
(:func:`earlier_steps`). These helpers live in ``rules._processes``, which
:mod:`velfaerd.rules.milestones` shares, so that the order a process implies is checked
by ``APR001`` alone; they are still importable from here.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from velfaerd._texts import shortened
from velfaerd.dates import DateWindow
from velfaerd.rules import Context, Violation, rule
from velfaerd.rules._certainty import before
from velfaerd.rules._processes import (
    ancestors,
    approvals_of,
    direct_steps,
    earlier_steps,
    first_steps,
    ordered_steps,
    process_approvals,
    process_of,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Iterator

    from velfaerd.model import Agreement, ApprovalProcess, Milestone

__all__ = [
    "ancestors",
    "approvals_of",
    "approvals_out_of_order",
    "approved_after_start",
    "direct_steps",
    "earlier_steps",
    "missing_approval",
    "ordered_steps",
    "process_approvals",
    "process_of",
    "unauthorised_approver",
]


# Helpers ------------------------------------------------------------------------------


def _rounds(approvals: list[Milestone]) -> dict[str | None, list[Milestone]]:
    rounds: dict[str | None, list[Milestone]] = defaultdict(list)
    for milestone in approvals:
        rounds[milestone.round].append(milestone)
    return dict(rounds)


def _by_step(approvals: list[Milestone]) -> dict[str, list[Milestone]]:
    steps: dict[str, list[Milestone]] = defaultdict(list)
    for milestone in approvals:
        if milestone.step is not None:
            steps[milestone.step].append(milestone)
    return dict(steps)


# APR001 -------------------------------------------------------------------------------

_PROCESS = """
[[actors]]
id = "skolen"
name = "Skolen"
kind = "institution"

[[actors]]
id = "omraadechef"
name = "Områdechef"
kind = "manager"

[[approval_processes]]
id = "lokal-aftale"
steps = [
  { id = "indgaaet", name = "Aftalen er indgået", actor_kind = "institution" },
  { id = "godkendt", name = "Godkendt af områdechef", actor_kind = "manager" },
]
"""

_PLAN = """
[[agreements]]
id = "plan-2021"
title = "Implementeringsplan for skolen"
kind = "implementation_plan"
parties = ["skolen"]
start = 2021-01-01
end = 2021-12-31
approval_process = "lokal-aftale"
"""


def _approval(milestone_id: str, step: str, approver: str, due: str) -> str:
    return (
        "\n[[agreements.milestones]]\n"
        f'id = "{milestone_id}"\n'
        f'title = "Godkendelse: {step}"\n'
        'kind = "approval"\n'
        f"due = {due}\n"
        f'step = "{step}"\n'
        f'approver = "{approver}"\n'
    )


def _example(*approvals: tuple[str, str, str, str], kind: str = "") -> str:
    plan = _PLAN
    if kind:  # a two-party agreement that promises no yearly review, like a plan
        plan = plan.replace('"implementation_plan"', f'"{kind}"\nreview_every = "none"')
        plan = plan.replace('parties = ["skolen"]', 'parties = ["skolen", "omraadechef"]')
        plan = plan.replace("Implementeringsplan for skolen", "Kontrakt med skolen")
    text = _PROCESS + plan + "".join(_approval(*approval) for approval in approvals)
    return text.lstrip("\n")


#: One approval is reported against at most this many approvals of earlier steps.
MAX_PER_APPROVAL = 10
#: One approval is compared with at most this many approvals of earlier steps.
MAX_COUNTED = 500


@rule(
    "APR001",
    name="approvals-out-of-order",
    severity="error",
    summary="approval steps are dated out of the process's order",
    description=(
        "Within each round, every approval of a step is compared with every approval of "
        "each step it must follow (directly or through others; by default the step "
        "listed before it, none with `after = []`). An approval dated certainly before "
        "an approval of an earlier step is an error; one whose date only possibly "
        "comes before (the windows overlap) is a warning. A step approved twice is "
        "checked at both dates. Undated and cancelled approvals are not compared, nor "
        "approvals of different rounds. One approval is reported against at most "
        f"{MAX_PER_APPROVAL} earlier approvals (the nearest steps first); one more finding "
        f"says how many others it comes before (among the nearest {MAX_COUNTED} approvals "
        "of earlier steps: beyond, it says *at least*)."
    ),
    why=(
        "An agreement approved in the wrong order (signed off before the board has "
        "discussed it) was not approved as the municipality's process requires."
    ),
    failing=_example(
        ("indgaaet", "indgaaet", "skolen", '"15. februar 2021"'),
        ("godkendt", "godkendt", "omraadechef", '"1. februar 2021"'),
    ),
    fixed=_example(
        ("indgaaet", "indgaaet", "skolen", '"15. januar 2021"'),
        ("godkendt", "godkendt", "omraadechef", '"1. februar 2021"'),
    ),
    messages={
        "default": (
            "approval {milestone!r} of step {step!r} is dated {due}, before approval "
            "{earlier!r} of the earlier step {earlier_step!r} ({earlier_due})"
        ),
        "default-possible": (
            "approval {milestone!r} of step {step!r} ({due}) may come before approval "
            "{earlier!r} of the earlier step {earlier_step!r} ({earlier_due})"
        ),
        "more": (
            "approval {milestone!r} of step {step!r} ({due}) also comes before {more} more "
            "approvals of earlier steps"
        ),
        "more-at-least": (
            "approval {milestone!r} of step {step!r} ({due}) also comes before at least "
            "{more} more approvals of earlier steps"
        ),
        "more-one": (
            "approval {milestone!r} of step {step!r} ({due}) also comes before 1 more "
            "approval of an earlier step"
        ),
        "more-at-least-one": (
            "approval {milestone!r} of step {step!r} ({due}) also comes before at least 1 "
            "more approval of an earlier step"
        ),
    },
)
def approvals_out_of_order(ctx: Context) -> Iterator[Violation]:
    """Yield an approval dated before an approval of an earlier step in its round."""
    for agreement in ctx.portfolio.agreements:
        process = process_of(ctx, agreement)
        if process is None:
            continue
        earlier = ordered_steps(ctx, process)
        for round_, approvals in _shared_rounds(ctx, agreement, process).items():
            by_step = _by_step(approvals)
            for milestone in approvals:
                due = milestone.due
                if due is None or milestone.step is None:
                    continue
                if milestone.step not in earlier:
                    continue  # an unknown step is REF002's
                steps = earlier[milestone.step]
                if _after_every_earlier(due, steps, by_step):
                    continue  # in order (almost always): no generator
                yield from _against_earlier(agreement, milestone, round_, steps, by_step)


def _shared_rounds(
    ctx: Context, agreement: Agreement, process: ApprovalProcess
) -> dict[str | None, list[Milestone]]:
    """:func:`_rounds` of the agreement's approvals, once per check (APR001 and APR002)."""
    return ctx.index.once(
        "approval-rounds", agreement, lambda a: _rounds(approvals_of(ctx, a, process))
    )


def _after_every_earlier(
    due: DateWindow, steps: Iterable[str], by_step: dict[str, list[Milestone]]
) -> bool:
    """Whether ``due`` is not even possibly before any approval of the earlier steps.

    ``APR001``'s fast path: then :func:`_against_earlier` finds nothing (each of its
    comparisons is :func:`before`, and this is the test it decides first). ``False``
    when unsure: for a deadline, and beyond ``MAX_COUNTED`` comparisons, which the
    full reading bounds.
    """
    earliest = due.earliest
    if earliest is None:
        return False
    compared = 0
    for step in steps:
        for other in by_step.get(step, ()):
            other_due = other.due
            if (other_due is not None and earliest < other_due.latest) or compared >= MAX_COUNTED:
                return False
            compared += 1
    return True


def _against_earlier(
    agreement: Agreement,
    milestone: Milestone,
    round_: str | None,
    steps: Iterable[str],
    by_step: dict[str, list[Milestone]],
) -> Iterator[Violation]:
    """At most MAX_PER_APPROVAL violations of one approval, then one that counts the rest.

    A reversed chain of n steps has n²/2 pairs out of order: each approval is reported
    against its nearest earlier steps, and the others only counted, up to
    MAX_COUNTED comparisons ("at least" that many, beyond).
    """
    reported = 0
    more = 0
    compared = 0
    at_least = False
    for step in steps:
        if compared >= MAX_COUNTED:
            at_least = True
            break
        for other in by_step.get(step, ()):
            compared += 1
            if reported >= MAX_PER_APPROVAL:
                if _before(milestone, other):
                    more += 1
                continue
            violation = _out_of_order(agreement, milestone, other, round_)
            if violation is not None:
                reported += 1
                yield violation
    if more:
        yield Violation(
            subject=milestone.id,
            at=milestone,
            key="due",
            agreement=agreement.id,
            # One approval, or several: the messages' nouns agree with the count.
            variant=("more-at-least" if at_least else "more") + ("-one" if more == 1 else ""),
            evidence={
                "milestone": milestone.id,
                "step": milestone.step,
                "due": str(milestone.due),
                "more": more,
                "round": round_,
            },
        )


def _before(milestone: Milestone, other: Milestone) -> bool:
    due, other_due = milestone.due, other.due
    if due is None or other_due is None:
        return False
    return before(due, other_due) is not None


def _out_of_order(
    agreement: Agreement, milestone: Milestone, other: Milestone, round_: str | None
) -> Violation | None:
    due, other_due = milestone.due, other.due
    if due is None or other_due is None:
        return None
    possible = before(due, other_due)
    if possible is None:
        return None
    return Violation(
        subject=milestone.id,
        at=milestone,
        key="due",
        agreement=agreement.id,
        possible=possible,
        evidence={
            "milestone": milestone.id,
            "step": milestone.step,
            "due": str(due),
            "earlier": other.id,
            "earlier_step": other.step,
            "earlier_due": str(other_due),
            "round": round_,
        },
    )


# APR002 -------------------------------------------------------------------------------


@rule(
    "APR002",
    name="missing-approval",
    severity="error",
    summary="a step of the agreement's approval process has no approval milestone",
    description=(
        "Every step of the agreement's approval process needs an approval milestone "
        "that names it (dated or not; a cancelled one does not count). Where approvals "
        "are grouped in rounds, each round that has any approval needs one for every "
        "step (approvals without a round form a round of their own); an agreement with "
        "a process and no approval of it at all misses every step, one finding each. "
        "The finding points at the agreement's `approval_process` and names the step."
    ),
    why=(
        "A step without an approval is a decision nobody can show was taken: the "
        "agreement may be in force without, say, the school board having discussed it."
    ),
    failing=_example(("indgaaet", "indgaaet", "skolen", '"15. januar 2021"')),
    fixed=_example(
        ("indgaaet", "indgaaet", "skolen", '"15. januar 2021"'),
        ("godkendt", "godkendt", "omraadechef", "2021-02-01"),
    ),
    messages={
        "default": "step {step!r} of approval process {process!r} has no approval milestone",
        "round": (
            "step {step!r} of approval process {process!r} has no approval milestone in "
            "round {round!r}"
        ),
    },
)
def missing_approval(ctx: Context) -> Iterator[Violation]:
    """Yield each step of the process without an approval, in each round that has any."""
    for agreement in ctx.portfolio.agreements:
        process = process_of(ctx, agreement)
        if process is None:
            continue
        rounds = _shared_rounds(ctx, agreement, process) or {None: []}
        for round_, approvals in rounds.items():
            taken = {milestone.step for milestone in approvals}
            for step in first_steps(ctx, process).values():
                if step.id in taken:
                    continue
                yield Violation(
                    subject=step.id,
                    at=agreement,
                    key="approval_process",
                    agreement=agreement.id,
                    variant="default" if round_ is None else "round",
                    evidence={
                        "step": step.id,
                        "step_name": shortened(step.name),
                        "process": process.id,
                        "round": round_,
                    },
                )


# APR003 -------------------------------------------------------------------------------


@rule(
    "APR003",
    name="unauthorised-approver",
    severity="error",
    summary="an approval is made by an actor who may not take that step",
    description=(
        "A step names who may take it: an `actor_kind`, a list of `actors`, or both "
        "(either suffices); a step with neither accepts anyone. An approval of the "
        "process whose `approver` is of another kind and not among the actors is "
        "reported. An approval without an approver is not this rule's concern, and an "
        "approver who is no known actor is `REF002`'s. Cancelled approvals are not "
        "checked."
    ),
    why=(
        "An approval by someone without the authority to give it is no approval: the "
        "agreement was not approved as the process requires."
    ),
    failing=_example(
        ("indgaaet", "indgaaet", "skolen", '"15. januar 2021"'),
        ("godkendt", "godkendt", "skolen", "2021-02-01"),
    ),
    fixed=_example(
        ("indgaaet", "indgaaet", "skolen", '"15. januar 2021"'),
        ("godkendt", "godkendt", "omraadechef", "2021-02-01"),
    ),
    messages={
        "default": (
            "approver {approver!r} ({approver_kind}) of {milestone!r} may not take step "
            "{step!r}: it is for actors of kind {allowed_kind} or {allowed_actors}"
        ),
        "kind": (
            "approver {approver!r} ({approver_kind}) of {milestone!r} may not take step "
            "{step!r}: it is for actors of kind {allowed_kind}"
        ),
        "actors": (
            "approver {approver!r} ({approver_kind}) of {milestone!r} may not take step "
            "{step!r}: it is for {allowed_actors}"
        ),
    },
)
def unauthorised_approver(ctx: Context) -> Iterator[Violation]:
    """Yield an approval whose approver is neither of the step's kind nor among its actors."""
    for agreement in ctx.portfolio.agreements:
        process = process_of(ctx, agreement)
        if process is None:
            continue
        steps = first_steps(ctx, process)
        for milestone in approvals_of(ctx, agreement, process):
            step = steps[milestone.step or ""]
            if milestone.approver is None or (step.actor_kind is None and not step.actors):
                continue
            actor = ctx.index.actors.get(milestone.approver)
            if actor is None or actor.kind is step.actor_kind or actor.id in step.actors:
                continue
            if step.actor_kind is None:
                variant = "actors"
            else:
                variant = "kind" if not step.actors else "default"
            yield Violation(
                subject=milestone.id,
                at=milestone,
                key="approver",
                agreement=agreement.id,
                variant=variant,
                evidence={
                    "milestone": milestone.id,
                    "approver": actor.id,
                    "approver_kind": actor.kind.value,
                    "step": step.id,
                    "allowed_kind": None if step.actor_kind is None else step.actor_kind.value,
                    "allowed_actors": list(step.actors),
                },
            )


# APR004 -------------------------------------------------------------------------------


@rule(
    "APR004",
    name="approved-after-start",
    severity="warning",
    summary="an approval is dated after the agreement's start",
    description=(
        "Every approval of the process (of any round) should be dated before the "
        "agreement starts. One whose date is certainly after the `start` is a warning; "
        "one that is only possibly after it (its window reaches past the start, or it "
        "is a deadline that may be met after it) is a warning that says so. Undated "
        "approvals are not checked, nor the approvals of an `implementation_plan`, "
        "which fall within it by design."
    ),
    why=(
        "An agreement that started before it was approved ran for a while without a "
        "mandate: what it committed to in that time was not yet agreed."
    ),
    failing=_example(
        ("indgaaet", "indgaaet", "skolen", '"uge 1 2021"'),
        ("godkendt", "godkendt", "omraadechef", '"februar 2021"'),
        kind="contract",
    ),
    fixed=_example(
        ("indgaaet", "indgaaet", "skolen", '"primo december 2020"'),
        ("godkendt", "godkendt", "omraadechef", '"medio december 2020"'),
        kind="contract",
    ),
    messages={
        "default": (
            "approval {milestone!r} of step {step!r} is dated {due}, after the "
            "agreement's start {start}"
        ),
        "default-possible": (
            "approval {milestone!r} of step {step!r} ({due}) may come after the "
            "agreement's start {start}"
        ),
    },
)
def approved_after_start(ctx: Context) -> Iterator[Violation]:
    """Yield an approval dated (certainly or possibly) after the agreement's start."""
    for agreement in ctx.portfolio.agreements:
        process = process_of(ctx, agreement)
        if process is None or agreement.start is None or ctx.index.is_plan(agreement):
            continue
        start: DateWindow | None = None
        for milestone in approvals_of(ctx, agreement, process):
            if milestone.due is None or milestone.due.latest <= agreement.start:
                continue  # not even possibly after the start (as before() decides first)
            start = start or DateWindow.exact(agreement.start)
            possible = before(start, milestone.due)
            if possible is None:
                continue
            yield _after_start(
                agreement, milestone, milestone.due, agreement.start, possible=possible
            )


def _after_start(
    agreement: Agreement, milestone: Milestone, due: DateWindow, start: dt.date, *, possible: bool
) -> Violation:
    return Violation(
        subject=milestone.id,
        at=milestone,
        key="due",
        agreement=agreement.id,
        possible=possible,
        evidence={
            "milestone": milestone.id,
            "step": milestone.step,
            "due": str(due),
            "start": start.isoformat(),
        },
    )
