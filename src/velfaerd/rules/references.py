"""The reference rules (``REF``): ids defined once, references that resolve, lifetimes.

* ``REF001`` — an id is defined twice;
* ``REF002`` — a reference names nothing known (or, for a theme, two things);
* ``REF003`` — an actor takes part on a date outside its ``since``–``until``.
"""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING

from velfaerd.dates import DateWindow
from velfaerd.rules import Context, Violation, rule
from velfaerd.rules._certainty import before
from velfaerd.rules._examples import ACTORS
from velfaerd.rules._resolution import ReferenceChecker, hint
from velfaerd.rules._shared import first_milestones

if TYPE_CHECKING:
    from collections.abc import Collection, Iterator

    from velfaerd.model import Actor, Agreement, Portfolio

__all__ = ["actor_outside_lifetime", "duplicate_id", "unknown_reference"]

_HEAD = ACTORS


_TAIL = """
[[agreements]]
id = "aftale"
title = "Samarbejdsaftale mellem Byrådet og Auraskolen"
kind = "cooperation"
parties = ["byraadet", "auraskolen"]
review_every = "none"
"""

_REF001_FAILING = (
    _HEAD
    + """
[[actors]]
id = "auraskolen"
name = "Auraskolen, afdeling Hjerting"
kind = "unit"
"""
    + _TAIL
)
_REF001_FIXED = _REF001_FAILING.replace(
    'id = "auraskolen"\nname = "Auraskolen, afdeling Hjerting"\nkind = "unit"',
    'id = "auraskolen-hjerting"\nname = "Auraskolen, afdeling Hjerting"\nkind = "unit"\n'
    'part_of = "auraskolen"',
)


def _first_place(ctx: Context, obj: object) -> str:
    source, path, line, _ = ctx.index.locate(obj)
    if source is not None and line is not None:
        return f"{source}:{line}"
    return f"{source}::{path}" if source else path


def _duplicates(
    ctx: Context, kind: str, items: Collection[object], agreement: str | None
) -> Iterator[Violation]:
    try:
        if len(set(map(_ID, items))) == len(items):
            return  # each id once (almost always): told in C, not item by item
    except TypeError:  # an id that cannot be hashed (built so in Python): as below
        pass
    first: dict[str, object] = {}
    for item in items:
        item_id: str = item.id  # type: ignore[attr-defined]
        if item_id not in first:
            first[item_id] = item
            continue
        yield Violation(
            subject=item_id,
            at=item,
            key="id",
            agreement=agreement,
            evidence={"id": item_id, "kind": kind, "first": _first_place(ctx, first[item_id])},
        )


#: An item's id.
_ID = operator.attrgetter("id")


@rule(
    "REF001",
    name="duplicate-id",
    severity="error",
    summary="an id is defined twice",
    description=(
        "Actor, policy, principle, approval-process and agreement ids are unique across "
        "everything loaded together, each kind on its own; theme ids within their policy "
        "or agreement; commitment, milestone and phase ids within their agreement; step "
        "ids within their process. Each repeated definition is a finding that names where "
        "the first one is."
    ),
    why="A reference to an id defined twice may mean either: every check after it guesses.",
    failing=_REF001_FAILING,
    fixed=_REF001_FIXED,
    messages={"default": "{kind} id {id!r} is already defined at {first}"},
)
def duplicate_id(ctx: Context) -> Iterator[Violation]:
    """Yield each repeated definition of an id in its scope."""
    p = ctx.portfolio
    yield from _duplicates(ctx, "actor", p.actors, None)
    yield from _duplicates(ctx, "policy", p.policies, None)
    yield from _duplicates(ctx, "principle", p.principles, None)
    yield from _duplicates(ctx, "approval process", p.approval_processes, None)
    yield from _duplicates(ctx, "agreement", p.agreements, None)
    for policy in p.policies:
        yield from _duplicates(ctx, "theme", policy.themes, None)
    for process in p.approval_processes:
        yield from _duplicates(ctx, "step", process.steps, None)
    for agreement in p.agreements:
        if (
            _once_each(agreement.themes)
            and _once_each(agreement.commitments)
            and _milestones_once_each(ctx, agreement)
            and _once_each(agreement.phases)
        ):
            continue  # each id once (almost every agreement): no generator for any
        yield from _duplicates(ctx, "theme", agreement.themes, agreement.id)
        yield from _duplicates(ctx, "commitment", agreement.commitments, agreement.id)
        yield from _duplicates(ctx, "milestone", agreement.milestones, agreement.id)
        yield from _duplicates(ctx, "phase", agreement.phases, agreement.id)


def _milestones_once_each(ctx: Context, agreement: Agreement) -> bool:
    """:func:`_once_each` of the milestones, read from the first of each id (shared)."""
    try:
        return len(first_milestones(ctx, agreement)) == len(agreement.milestones)
    except TypeError:  # an id that cannot be hashed (built so in Python)
        return False


def _once_each(items: Collection[object]) -> bool:
    """Whether each item's id is there once (told in C); ``False`` when unsure."""
    if len(items) < 2:  # noqa: PLR2004 - no pair at all
        return True
    try:
        return len(set(map(_ID, items))) == len(items)
    except TypeError:  # an id that cannot be hashed (built so in Python)
        return False


_REF002_FAILING = (
    _HEAD
    + _TAIL
    + """
[[agreements.milestones]]
id = "moede"
title = "Møde med Børn & Familieudvalget"
responsible = "bfu"
"""
)
_REF002_FIXED = (
    _HEAD
    + """
[[actors]]
id = "bfu"
name = "Børn & Familieudvalget"
kind = "committee"
part_of = "byraadet"
"""
    + _TAIL
    + """
[[agreements.milestones]]
id = "moede"
title = "Møde med Børn & Familieudvalget"
responsible = "bfu"
"""
)


@rule(
    "REF002",
    name="unknown-reference",
    severity="error",
    summary="a reference names nothing known",
    description=(
        "Every reference must name something defined: actors (``parties``, ``part_of``, "
        "``adopted_by``, ``owner``, ``responsible``, ``participants``, ``approver``, a "
        "step's ``actors``, a waiver's ``granted_by``), policies, principles, approval "
        "processes, agreements (``part_of``, ``supersedes``), a ``basis``'s ``ref`` (a "
        "policy or agreement), an actor's ``members``, the anchor of a relative ``due`` "
        "(a milestone of the same agreement), the themes a commitment names (among the "
        "agreement's own themes and its policies' themes — an id found in two of those "
        "is ambiguous, and also a finding), ``covers`` (themes of its policies), the "
        "milestones, commitments and phases of the same agreement, the steps of its "
        "approval process, and a waiver's rule code. The finding suggests the nearest "
        "known ids. No actor may be its own member, directly or through others: each "
        "such loop is one finding that names it. A reference that goes round in a loop "
        "(an actor or an agreement ``part_of`` itself, through others or not, or steps "
        "whose ``after`` come back to themselves) is also a finding, naming the loop once."
    ),
    why="A reference to nothing is usually a typo, and every rule that follows it guesses.",
    failing=_REF002_FAILING,
    fixed=_REF002_FIXED,
    messages={
        "default": "{field} names {id!r}, which is no known {expected}{hint}",
        "unreadable": "{field} names {id!r}, which is no known {expected}{hint}; it may be "
        "defined in {files}, which could not be read",
        "unreadable-possible": "{field} names {id!r}, which is no known {expected}{hint}; it "
        "may be defined in {files}, which could not be read",
        "ambiguous": "theme {id!r} is ambiguous: it is defined by {owners}",
        "no-process": "milestone names the step {id!r}, but agreement {agreement!r} has no "
        "approval process",
        "rule": "waiver names the rule {id!r}, which is no known rule code or prefix",
        "loop": "{field} of {expected} {id!r} goes round in a loop: {path}",
        "member-loop": "actor {id!r} is its own member: {chain}",
    },
    localize=lambda evidence, lang: hint(evidence.get("suggestions"), lang),
)
def unknown_reference(ctx: Context) -> Iterator[Violation]:
    """Yield each reference that resolves to nothing, or to two themes."""
    yield from ReferenceChecker(ctx).run()


_REF003_FAILING = (
    _HEAD.replace(
        'id = "auraskolen"\nname = "Auraskolen"\nkind = "institution"',
        'id = "auraskolen"\nname = "Auraskolen"\nkind = "institution"\nuntil = "juli 2020"',
    )
    + _TAIL
    + "start = 2021-03-15\nend = 2024-03-14\n"
)
_REF003_FIXED = _HEAD + _TAIL + "start = 2021-03-15\nend = 2024-03-14\n"


def _outside(actor: Actor, window: DateWindow) -> tuple[bool, bool]:
    """Whether ``window`` is certainly, or possibly, outside the actor's lifetime."""
    readings = (
        None if actor.since is None else before(window, actor.since),
        None if actor.until is None else before(actor.until, window),
    )
    certain = False in readings
    return certain, True in readings and not certain


@rule(
    "REF003",
    name="actor-outside-lifetime",
    severity="warning",
    summary="an actor takes part on a date outside its since–until",
    description=(
        "An actor takes part as a party over the agreement's term (``start`` to "
        "``end``), and as approver or responsible of a milestone on its ``due``. That "
        "must lie within the actor's ``since``–``until``. A term with no end runs on: "
        "a party whose ``until`` has passed during it is a finding. Only possibly "
        "outside (approximate dates) gives the same warning, worded as possible."
    ),
    why="A school merged into another stops being a party: its agreements need a new one.",
    failing=_REF003_FAILING,
    fixed=_REF003_FIXED,
    messages={
        "default": "{actor!r} takes part as {role} on {when}, outside its existence "
        "({since} to {until})",
        "default-possible": "{actor!r} possibly takes part as {role} on {when}, outside "
        "its existence ({since} to {until})",
    },
)
def actor_outside_lifetime(ctx: Context) -> Iterator[Violation]:
    """Yield each party, approver or responsible outside the actor's lifetime."""
    # Only an actor with a since or an until can be outside it: most have neither, and
    # a portfolio whose actors all have neither has nothing to report.
    bounded = ctx.index.once("bounded-actors", ctx.portfolio, _bounded)
    if not bounded:
        return
    for agreement in ctx.portfolio.agreements:
        yield from _parties(agreement, bounded)
        yield from _milestone_roles(agreement, bounded)


def _parties(agreement: Agreement, bounded: dict[str, Actor]) -> Iterator[Violation]:
    if agreement.start is None:
        return
    last = max(agreement.end or agreement.start, agreement.start)
    term = DateWindow(agreement.start, last)
    for party in dict.fromkeys(agreement.parties):
        actor = bounded.get(party)
        if actor is None:
            continue
        certain, possible = _outside(actor, term)
        if agreement.end is None and actor.until is not None:
            # An open term runs on: it certainly outlives any until.
            certain, possible = True, False
        if certain or possible:
            yield _violation(
                agreement, agreement, actor, when=term, role="party", possible=possible
            )


def _bounded(portfolio: Portfolio) -> dict[str, Actor]:
    """The actors (first of each id) with a ``since`` or an ``until``."""
    first: dict[str, Actor] = {}
    for actor in portfolio.actors:
        first.setdefault(actor.id, actor)
    return {i: a for i, a in first.items() if a.since is not None or a.until is not None}


def _milestone_roles(agreement: Agreement, bounded: dict[str, Actor]) -> Iterator[Violation]:
    for milestone in agreement.milestones:
        if milestone.due is None:
            continue
        for role, actor_id in (
            ("approver", milestone.approver),
            ("responsible", milestone.responsible),
        ):
            actor = bounded.get(actor_id or "")
            if actor is None:
                continue
            certain, possible = _outside(actor, milestone.due)
            if certain or possible:
                yield _violation(
                    agreement, milestone, actor, when=milestone.due, role=role, possible=possible
                )


def _violation(
    agreement: Agreement,
    at: object,
    actor: Actor,
    *,
    when: DateWindow,
    role: str,
    possible: bool,
) -> Violation:
    return Violation(
        subject=actor.id,
        at=at,
        key="parties" if role == "party" else role,
        possible=possible,
        agreement=agreement.id,
        evidence={
            "actor": actor.id,
            "role": role,
            "when": str(when),
            "since": str(actor.since) if actor.since else "always",
            "until": str(actor.until) if actor.until else "now",
            "agreement": agreement.id,
        },
    )
