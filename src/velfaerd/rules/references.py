"""The reference rules (``REF``): ids defined once, references that resolve, lifetimes.

* ``REF001`` — an id is defined twice;
* ``REF002`` — a reference names nothing known (or, for a theme, two things);
* ``REF003`` — an actor takes part on a date outside its ``since``–``until``.
"""

from __future__ import annotations

from itertools import chain
from typing import TYPE_CHECKING

from velfaerd.dates import DateWindow
from velfaerd.rules import Context, Violation, all_rules, rule
from velfaerd.rules._certainty import before
from velfaerd.rules._examples import ACTORS
from velfaerd.rules._graphs import cycle_through, cycles, strongly_connected
from velfaerd.rules._processes import direct_steps
from velfaerd.rules._suggest import Suggester

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Iterator, Mapping
    from collections.abc import Set as AbstractSet

    from velfaerd.model import Actor, Agreement, ApprovalProcess, Milestone, Policy, Portfolio

__all__ = ["actor_outside_lifetime", "duplicate_id", "unknown_reference"]

_HEAD = ACTORS

#: The anchors of a relative date that name the agreement's term, not a milestone.
_TERM_ANCHORS = frozenset({"start", "slut"})

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
    ctx: Context, kind: str, items: Iterable[object], agreement: str | None
) -> Iterator[Violation]:
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
        yield from _duplicates(ctx, "theme", agreement.themes, agreement.id)
        yield from _duplicates(ctx, "commitment", agreement.commitments, agreement.id)
        yield from _duplicates(ctx, "milestone", agreement.milestones, agreement.id)
        yield from _duplicates(ctx, "phase", agreement.phases, agreement.id)


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


class _Checker:
    """Walks every reference of a portfolio and yields the ones that resolve to nothing."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.index = ctx.index
        self.codes = [r.code for r in all_rules(plugins=ctx.config.plugins)]
        # Every prefix of every code (the empty one too): what a waiver may name.
        self.prefixes = {code[:end] for code in self.codes for end in range(len(code) + 1)}
        left_out = ctx.left_out
        self.left_out_ids = left_out.defined if left_out is not None else frozenset()
        self.unreadable = left_out.unreadable if left_out is not None else ()
        self.suggesters: dict[int, Suggester] = {}

    def _missing(
        self,
        at: object,
        field: str,
        value: str,
        expected: str,
        known: Collection[str],
        *,
        agreement: str | None,
    ) -> Violation:
        suggestions: list[str] = []
        if not self.ctx.only_counted(agreement):
            suggester = self.suggesters.get(id(known))
            if suggester is None:
                suggester = self.suggesters[id(known)] = Suggester(known)
            suggestions = suggester.suggest(value)
        unreadable = bool(self.unreadable)
        return Violation(
            subject=value,
            at=at,
            key=field,
            agreement=agreement,
            # While a file could not be read, the id may be defined there: a warning.
            variant="unreadable" if unreadable else "default",
            possible=unreadable,
            evidence={
                "files": ", ".join(self.unreadable),
                "field": field,
                "id": value,
                "expected": expected,
                "suggestions": suggestions,
                "hint": _hint(suggestions, "en")["hint"],
            },
        )

    def refs(
        self,
        at: object,
        field: str,
        values: Iterable[str | None],
        expected: str,
        known: Collection[str],
        *,
        agreement: str | None,
    ) -> Iterator[Violation]:
        for value in values:
            if value is not None and value not in known and value not in self.left_out_ids:
                yield self._missing(at, field, value, expected, known, agreement=agreement)

    def actors(
        self, at: object, field: str, values: Iterable[str | None], *, agreement: str | None
    ) -> Iterator[Violation]:
        yield from self.refs(at, field, values, "actor", self.index.actors, agreement=agreement)

    def loops(self) -> Iterator[Violation]:
        """Each loop of ``part_of`` (actors, agreements) and of a process's ``after``."""
        actors = self.index.actors
        yield from self._loops(
            {key: [a.part_of] if a.part_of in actors else [] for key, a in actors.items()},
            actors,
            "actor",
            "part_of",
        )
        agreements = self.index.agreements
        yield from self._loops(
            {key: [a.part_of] if a.part_of in agreements else [] for key, a in agreements.items()},
            agreements,
            "agreement",
            "part_of",
        )
        for process in self.index.processes.values():
            steps: dict[str, object] = {}
            for step in process.steps:
                steps.setdefault(step.id, step)
            graph = {key: list(after) for key, after in direct_steps(process).items()}
            yield from self._loops(graph, steps, "step", "after")

    def _loops(
        self, graph: dict[str, list[str]], objects: Mapping[str, object], kind: str, field: str
    ) -> Iterator[Violation]:
        for component in strongly_connected(graph):
            if len(component) == 1 and component[0] not in graph[component[0]]:
                continue
            loop = cycle_through(graph, component[0], set(component))
            yield Violation(
                subject=component[0],
                at=objects[component[0]],
                key=field,
                variant="loop",
                agreement=None,
                evidence={
                    "field": field,
                    "id": component[0],
                    "expected": kind,
                    "loop": loop,
                    "path": " → ".join(loop),
                },
            )

    def run(self) -> Iterator[Violation]:
        yield from self.loops()
        p = self.ctx.portfolio
        for actor in p.actors:
            yield from self.actors(actor, "part_of", [actor.part_of], agreement=None)
            yield from self.actors(actor, "members", actor.members, agreement=None)
        yield from self.member_loops()
        for policy in p.policies:
            yield from self.actors(policy, "adopted_by", [policy.adopted_by], agreement=None)
            yield from self.basis(policy, agreement=None)
        for process in p.approval_processes:
            steps = {s.id for s in process.steps}  # once per process: per step was quadratic
            for step in process.steps:
                yield from self.actors(step, "actors", step.actors, agreement=None)
                if step.after is not None:
                    yield from self.refs(step, "after", step.after, "step", steps, agreement=None)
        for agreement in p.agreements:
            yield from self.agreement(agreement)

    def member_loops(self) -> Iterator[Violation]:
        """One finding per group of actors that are members of each other."""
        actors: dict[str, Actor] = {}
        for actor in self.ctx.portfolio.actors:
            actors.setdefault(actor.id, actor)
        graph = {
            actor_id: [m for m in dict.fromkeys(actor.members) if m in actors]
            for actor_id, actor in actors.items()
        }
        for component in cycles(graph):
            start = min(component)
            loop = cycle_through(graph, start, set(component))
            yield Violation(
                subject=start,
                at=actors[component[0]],
                key="members",
                variant="member-loop",
                agreement=None,
                evidence={
                    "field": "members",
                    "id": start,
                    "loop": loop,
                    "chain": " → ".join(loop),
                },
            )

    def basis(self, at: Policy | Agreement, *, agreement: str | None) -> Iterator[Violation]:
        if not at.basis:
            return
        # Once per check, not once per agreement: that was quadratic in agreements.
        index = self.index
        known = index.once(
            "basis-targets", index, lambda i: frozenset({*i.policies, *i.agreements})
        )
        for basis in at.basis:
            yield from self.refs(
                basis, "ref", [basis.ref], "policy or agreement", known, agreement=agreement
            )

    def agreement(self, agreement: Agreement) -> Iterator[Violation]:
        a_id = agreement.id
        index = self.index
        yield from self.actors(agreement, "parties", agreement.parties, agreement=a_id)
        yield from self.refs(
            agreement,
            "supersedes",
            [agreement.supersedes],
            "agreement",
            index.agreements,
            agreement=a_id,
        )
        yield from self.basis(agreement, agreement=a_id)
        yield from self.refs(
            agreement, "policies", agreement.policies, "policy", index.policies, agreement=a_id
        )
        yield from self.refs(
            agreement,
            "principles",
            agreement.principles,
            "principle",
            index.principles,
            agreement=a_id,
        )
        yield from self.refs(
            agreement,
            "approval_process",
            [agreement.approval_process],
            "approval process",
            index.processes,
            agreement=a_id,
        )
        yield from self.refs(
            agreement, "part_of", [agreement.part_of], "agreement", index.agreements, agreement=a_id
        )
        policy_themes = {
            theme.id
            for policy_id in agreement.policies
            if (policy := index.policies.get(policy_id)) is not None
            for theme in policy.themes
        }
        known_policies = all(policy_id in index.policies for policy_id in agreement.policies)
        if agreement.covers is not None and known_policies:
            yield from self.refs(
                agreement,
                "covers",
                agreement.covers,
                "theme of its policies",
                policy_themes,
                agreement=a_id,
            )
        owners = index.theme_owners(agreement)
        commitments = {c.id for c in agreement.commitments}
        milestones = {m.id for m in agreement.milestones}
        phases = {ph.id for ph in agreement.phases}
        if not _commitments_resolve(agreement, owners, index.actors, index.principles):
            for commitment in agreement.commitments:
                yield from self._themes(agreement, commitment, owners, known_policies)
                yield from self.actors(commitment, "owner", [commitment.owner], agreement=a_id)
                yield from self.refs(
                    commitment,
                    "principles",
                    commitment.principles,
                    "principle",
                    index.principles,
                    agreement=a_id,
                )
        process = index.processes.get(agreement.approval_process or "")
        steps = {s.id for s in process.steps} if process is not None else set()
        yield from self._milestone_refs(
            agreement,
            milestones=milestones,
            commitments=commitments,
            phases=phases,
            process=process,
            steps=steps,
        )
        for waiver in agreement.waivers:
            yield from self.actors(waiver, "granted_by", [waiver.granted_by], agreement=a_id)
            rule_code = waiver.rule.strip().upper()
            if rule_code not in self.prefixes and rule_code != "ALL":
                yield Violation(
                    subject=waiver.rule,
                    at=waiver,
                    key="rule",
                    variant="rule",
                    agreement=None,  # a waiver cannot waive the finding about itself
                    evidence={"field": "rule", "id": waiver.rule, "agreement": a_id},
                )

    def _milestone_refs(
        self,
        agreement: Agreement,
        *,
        milestones: set[str],
        commitments: set[str],
        phases: set[str],
        process: ApprovalProcess | None,
        steps: set[str],
    ) -> Iterator[Violation]:
        known_actors = self.index.actors
        known = {
            "milestones": milestones,
            "commitments": commitments,
            "phases": phases,
            "actors": known_actors.keys(),
            "steps": steps,
        }
        if _all_resolve(agreement.milestones, **known):
            return  # nothing to report: spare the loop below
        for milestone in agreement.milestones:
            if _all_resolve((milestone,), **known):
                continue  # nothing to report: spare the generators of the full check
            yield from self._milestone(
                agreement,
                milestone,
                milestones=milestones,
                commitments=commitments,
                phases=phases,
                process=process,
                steps=steps,
            )

    def _milestone(
        self,
        agreement: Agreement,
        milestone: Milestone,
        *,
        milestones: set[str],
        commitments: set[str],
        phases: set[str],
        process: ApprovalProcess | None,
        steps: set[str],
    ) -> Iterator[Violation]:
        """Every reference of one milestone that names nothing."""
        a_id = agreement.id
        yield from self.refs(
            milestone,
            "depends_on",
            milestone.depends_on,
            "milestone",
            milestones,
            agreement=a_id,
        )
        yield from self.refs(
            milestone,
            "commitments",
            milestone.commitments,
            "commitment",
            commitments,
            agreement=a_id,
        )
        yield from self.refs(milestone, "phase", [milestone.phase], "phase", phases, agreement=a_id)
        if milestone.relative is not None and milestone.relative.anchor not in _TERM_ANCHORS:
            yield from self.refs(
                milestone,
                "due",
                [milestone.relative.anchor],
                "milestone (the anchor of a relative date)",
                milestones,
                agreement=a_id,
            )
        yield from self.actors(milestone, "responsible", [milestone.responsible], agreement=a_id)
        yield from self.actors(milestone, "participants", milestone.participants, agreement=a_id)
        yield from self.actors(milestone, "approver", [milestone.approver], agreement=a_id)
        if milestone.step is not None:
            if agreement.approval_process is None:
                yield Violation(
                    subject=milestone.step,
                    at=milestone,
                    key="step",
                    variant="no-process",
                    agreement=a_id,
                    evidence={"field": "step", "id": milestone.step, "agreement": a_id},
                )
            elif process is not None:
                yield from self.refs(
                    milestone, "step", [milestone.step], "step", steps, agreement=a_id
                )

    def _themes(
        self,
        agreement: Agreement,
        commitment: object,
        owners: dict[str, list[str]],
        known_policies: bool,  # noqa: FBT001 - an internal helper
    ) -> Iterator[Violation]:
        for theme_id in commitment.themes:  # type: ignore[attr-defined]
            found = owners.get(theme_id, [])
            if len(found) > 1:
                yield Violation(
                    subject=theme_id,
                    at=commitment,
                    key="themes",
                    variant="ambiguous",
                    agreement=agreement.id,
                    evidence={
                        "field": "themes",
                        "id": theme_id,
                        "owners": [("the agreement" if o == "agreement" else o) for o in found],
                    },
                )
            elif not found and known_policies:
                yield self._missing(
                    commitment,
                    "themes",
                    theme_id,
                    "theme of the agreement or its policies",
                    owners,
                    agreement=agreement.id,
                )


def _hint(suggestions: object, lang: str) -> dict[str, str]:
    """The ``hint`` of ``REF002``'s messages in ``lang``: the suggestions, if any."""
    if not isinstance(suggestions, (list, tuple)):
        return {}
    from velfaerd.i18n import text  # noqa: PLC0415 - the catalogues load on first use

    names = ", ".join(map(repr, suggestions))
    return {"hint": text("common.did-you-mean", lang, names=names) if suggestions else ""}


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
    localize=lambda evidence, lang: _hint(evidence.get("suggestions"), lang),
)
def unknown_reference(ctx: Context) -> Iterator[Violation]:
    """Yield each reference that resolves to nothing, or to two themes."""
    yield from _Checker(ctx).run()


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
    for agreement in ctx.portfolio.agreements:
        yield from _parties(ctx, agreement)
        yield from _milestone_roles(ctx, agreement)


def _parties(ctx: Context, agreement: Agreement) -> Iterator[Violation]:
    if agreement.start is None:
        return
    last = max(agreement.end or agreement.start, agreement.start)
    term = DateWindow(agreement.start, last)
    for party in dict.fromkeys(agreement.parties):
        actor = ctx.index.actors.get(party)
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


def _milestone_roles(ctx: Context, agreement: Agreement) -> Iterator[Violation]:
    # Only an actor with a since or an until can be outside it: most have neither.
    bounded = ctx.index.once("bounded-actors", ctx.portfolio, _bounded)
    if not bounded:
        return
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


def _commitments_resolve(
    agreement: Agreement,
    owners: Mapping[str, list[str]],
    actors: Collection[str],
    principles: Collection[str],
) -> bool:
    """Whether the commitments' references all resolve, each theme to one owner.

    ``REF002``'s fast path: when it is false, each commitment is checked in full.
    """
    for commitment in agreement.commitments:
        if commitment.owner is not None and commitment.owner not in actors:
            return False
        for theme_id in commitment.themes:
            if len(owners.get(theme_id, ())) != 1:
                return False
        for principle in commitment.principles:
            if principle not in principles:
                return False
    return True


def _all_resolve(
    items: tuple[Milestone, ...],
    *,
    milestones: AbstractSet[str],
    commitments: AbstractSet[str],
    phases: AbstractSet[str],
    actors: AbstractSet[str],
    steps: AbstractSet[str],
) -> bool:
    """Whether every reference of every milestone names what exists (``REF002``'s fast path).

    One set per kind of reference for all of ``items`` (an agreement's milestones, or
    one of them): most agreements have nothing to report. A step is left to the full
    check unless it is a step of the agreement's process.
    """
    people: set[str | None] = {m.responsible for m in items} | {m.approver for m in items}
    people.update(chain.from_iterable([m.participants for m in items]))
    people.discard(None)
    anchors = {m.relative.anchor for m in items if m.relative is not None}
    return (
        set(chain.from_iterable([m.depends_on for m in items])) <= milestones
        and set(chain.from_iterable([m.commitments for m in items])) <= commitments
        and {m.phase for m in items} - {None} <= phases
        and people <= actors
        and {m.step for m in items} - {None} <= steps
        and all(anchor in _TERM_ANCHORS or anchor in milestones for anchor in anchors)
    )
