"""What ``REF002`` checks: every reference of a portfolio resolves, and none loops.

:class:`ReferenceChecker` walks the portfolio once, as the rule in
:mod:`velfaerd.rules.references` runs it; :func:`hint` writes the did-you-mean of its
messages in a language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from velfaerd.rules import Context, Violation, all_rules
from velfaerd.rules._graphs import cycle_through, cycles, strongly_connected
from velfaerd.rules._processes import direct_steps, step_ids
from velfaerd.rules._shared import first_milestones
from velfaerd.rules._suggest import Suggester

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Iterator, Mapping
    from collections.abc import Set as AbstractSet
    from typing import TypeAlias

    from velfaerd.model import Actor, Agreement, ApprovalProcess, Milestone, Policy
    from velfaerd.query import Index

    #: The ids a milestone of an agreement may name: its milestones, its commitments,
    #: its phases, the actors and its process's steps (a tuple: made for every agreement).
    _Known: TypeAlias = tuple[
        AbstractSet[str], AbstractSet[str], AbstractSet[str], AbstractSet[str], AbstractSet[str]
    ]

__all__ = ["ReferenceChecker", "hint"]

#: The anchors of a relative date that name the agreement's term, not a milestone.
_TERM_ANCHORS = frozenset({"start", "slut"})


class ReferenceChecker:
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
        # By the identity of the ids suggested from; each kept with its ids, which so
        # live as long as the checker: an agreement's set of milestone ids is made and
        # dropped per agreement, and a new set at a dropped one's address got the old
        # suggester (another agreement's ids).
        self.suggesters: dict[int, tuple[Collection[str], Suggester]] = {}
        # By the ids themselves, asked once per collection of ids: agreements written
        # from one template have the same milestone ids, and a suggester's answers
        # depend on its ids alone, so they share one (and its answers so far).
        self._suggester_of: dict[frozenset[str], Suggester] = {}
        # What agreements with the same policies share, by their policies.
        self._themes_of: dict[tuple[str, ...], set[str]] = {}
        self._owners_of: dict[tuple[str, ...], Mapping[str, list[str]]] = {}

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
            made = self.suggesters.get(id(known))
            if made is None:
                made = self.suggesters[id(known)] = (known, self._suggester(known))
            suggestions = made[1].suggest(value)
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
                # Most references have no suggestion (always, once only counted).
                "hint": hint(suggestions, "en")["hint"] if suggestions else "",
            },
        )

    def _suggester(self, known: Collection[str]) -> Suggester:
        """The suggester of these ids, made once per set of ids (linear: once per ``known``)."""
        ids = frozenset(known)
        found = self._suggester_of.get(ids)
        if found is None:
            found = self._suggester_of[ids] = Suggester(ids)
        return found

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
        if _no_loop(graph):
            return  # the common case, told without Tarjan's algorithm
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
        if not _actors_resolve(p.actors, self.index.actors.keys()):
            for actor in p.actors:
                yield from self.actors(actor, "part_of", [actor.part_of], agreement=None)
                yield from self.actors(actor, "members", actor.members, agreement=None)
        if any(actor.members for actor in p.actors):  # no members, no loop of them
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
            # The milestones are read once: the same loop tells whether they resolve
            # and, when one does not, which ones the full reading reads.
            known = self._known(agreement)
            unresolved = _unresolved(agreement.milestones, known)
            if not unresolved and self._quiet(agreement):
                continue  # every reference resolves (almost every agreement)
            yield from self.agreement(agreement, known, unresolved)

    def _known(self, agreement: Agreement) -> _Known:
        """The ids a milestone of the agreement may name, by kind (``_Known``)."""
        process = self.index.processes.get(agreement.approval_process or "")
        return (
            first_milestones(self.ctx, agreement).keys(),
            {c.id for c in agreement.commitments},
            {phase.id for phase in agreement.phases},
            self.index.actors.keys(),
            step_ids(self.ctx, process) if process is not None else frozenset(),
        )

    def _quiet(self, agreement: Agreement) -> bool:
        """Whether every reference of an agreement but its milestones' resolves.

        ``REF002``'s fast path, with :func:`_unresolved` for the milestones: what
        :meth:`agreement` reads, tested without a generator: its own references,
        ``covers``, its commitments' and its waivers'. ``False`` when one names nothing
        known (or a theme names two), and then the agreement is read in full (where a
        reference to an id of a file left out is no finding).
        """
        index = self.index
        return (
            _own_refs_resolve(agreement, index)
            and self._covers_resolve(agreement)
            and (
                not agreement.commitments
                or _commitments_resolve(
                    agreement, self._owners(agreement), index.actors, index.principles
                )
            )
            and all(
                (waiver.granted_by is None or waiver.granted_by in index.actors)
                and ((code := waiver.rule.strip().upper()) in self.prefixes or code == "ALL")
                for waiver in agreement.waivers
            )
        )

    def _covers_resolve(self, agreement: Agreement) -> bool:
        """Whether ``covers`` names themes of the agreement's policies (when all are known)."""
        policies = agreement.policies
        return (
            agreement.covers is None
            or not all(map(self.index.policies.__contains__, policies))
            or self._policy_themes(policies).issuperset(agreement.covers)
        )

    def _policy_themes(self, policies: tuple[str, ...]) -> set[str]:
        """The ids of the themes of known policies, once per list of policies."""
        found = self._themes_of.get(policies)
        if found is None:
            found = self._themes_of[policies] = {
                theme.id
                for policy_id in policies
                if (policy := self.index.policies.get(policy_id)) is not None
                for theme in policy.themes
            }
        return found

    def _owners(self, agreement: Agreement) -> Mapping[str, list[str]]:
        """:meth:`Index.theme_owners`, once per list of policies of agreements without themes."""
        if agreement.themes:
            return self.index.theme_owners(agreement)
        found = self._owners_of.get(agreement.policies)
        if found is None:
            found = self._owners_of[agreement.policies] = self.index.theme_owners(agreement)
        return found

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

    def agreement(
        self,
        agreement: Agreement,
        known: _Known,
        unresolved: list[Milestone],
    ) -> Iterator[Violation]:
        """Every reference of an agreement that names nothing, as the file has them.

        ``known``: what its milestones may name (:meth:`_known`); ``unresolved``: those
        of its milestones that name something else (:func:`_unresolved`), read in full.
        """
        a_id = agreement.id
        index = self.index
        if not _own_refs_resolve(agreement, index):
            yield from self._own_refs(agreement)
        known_policies = all(map(index.policies.__contains__, agreement.policies))
        if agreement.covers is not None and known_policies:
            policy_themes = {
                theme.id
                for policy_id in agreement.policies
                if (policy := index.policies.get(policy_id)) is not None
                for theme in policy.themes
            }
            yield from self.refs(
                agreement,
                "covers",
                agreement.covers,
                "theme of its policies",
                policy_themes,
                agreement=a_id,
            )
        owners = self._owners(agreement)
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
        for milestone in unresolved:
            yield from self._milestone(
                agreement,
                milestone,
                milestones=known[0],
                commitments=known[1],
                phases=known[2],
                process=process,
                steps=known[4],
            )
        for waiver in agreement.waivers:
            if waiver.granted_by is not None and waiver.granted_by not in index.actors:
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

    def _own_refs(self, agreement: Agreement) -> Iterator[Violation]:
        """The agreement's own references that name nothing (not its items')."""
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

    def _milestone(
        self,
        agreement: Agreement,
        milestone: Milestone,
        *,
        milestones: AbstractSet[str],
        commitments: AbstractSet[str],
        phases: AbstractSet[str],
        process: ApprovalProcess | None,
        steps: AbstractSet[str],
    ) -> Iterator[Violation]:
        """Every reference of one milestone that names nothing.

        A reference that resolves is passed over without a generator (each test is
        :meth:`refs`'s own): the milestone is read because one of its references does
        not, and its others do.
        """
        a_id = agreement.id
        m = milestone
        if m.depends_on and not all(map(milestones.__contains__, m.depends_on)):
            yield from self.refs(
                m, "depends_on", m.depends_on, "milestone", milestones, agreement=a_id
            )
        if m.commitments and not all(map(commitments.__contains__, m.commitments)):
            yield from self.refs(
                m, "commitments", m.commitments, "commitment", commitments, agreement=a_id
            )
        if m.phase is not None and m.phase not in phases:
            yield from self.refs(m, "phase", [m.phase], "phase", phases, agreement=a_id)
        if (
            m.relative is not None
            and m.relative.anchor not in _TERM_ANCHORS
            and m.relative.anchor not in milestones
        ):
            yield from self.refs(
                m,
                "due",
                [m.relative.anchor],
                "milestone (the anchor of a relative date)",
                milestones,
                agreement=a_id,
            )
        actors = self.index.actors
        if m.responsible is not None and m.responsible not in actors:
            yield from self.actors(m, "responsible", [m.responsible], agreement=a_id)
        if m.participants and not all(map(actors.__contains__, m.participants)):
            yield from self.actors(m, "participants", m.participants, agreement=a_id)
        if m.approver is not None and m.approver not in actors:
            yield from self.actors(m, "approver", [m.approver], agreement=a_id)
        if m.step is not None and (agreement.approval_process is None or m.step not in steps):
            yield from self._step(agreement, m, m.step, process, steps)

    def _step(
        self,
        agreement: Agreement,
        milestone: Milestone,
        step: str,
        process: ApprovalProcess | None,
        steps: AbstractSet[str],
    ) -> Iterator[Violation]:
        """A milestone's ``step`` that names nothing, or no process at all."""
        a_id = agreement.id
        if agreement.approval_process is None:
            yield Violation(
                subject=step,
                at=milestone,
                key="step",
                variant="no-process",
                agreement=a_id,
                evidence={"field": "step", "id": step, "agreement": a_id},
            )
        elif process is not None:
            yield from self.refs(milestone, "step", [step], "step", steps, agreement=a_id)

    def _themes(
        self,
        agreement: Agreement,
        commitment: object,
        owners: Mapping[str, list[str]],
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


def hint(suggestions: object, lang: str) -> dict[str, str]:
    """The ``hint`` of ``REF002``'s messages in ``lang``: the suggestions, if any."""
    if not isinstance(suggestions, (list, tuple)):
        return {}
    from velfaerd.i18n import text  # noqa: PLC0415 - the catalogues load on first use

    names = ", ".join(map(repr, suggestions))
    return {"hint": text("common.did-you-mean", lang, names=names) if suggestions else ""}


def _no_loop(graph: Mapping[str, list[str]]) -> bool:
    """Whether a graph where each node has at most one successor certainly has no loop.

    Each chain is followed once (``part_of``: an actor is part of one other): a node
    met again on the chain being followed is a loop; a chain that ends, or reaches
    one already followed, has none. ``False`` also for a node with more successors,
    which Tarjan's algorithm is left to read.
    """
    done: set[str] = set()
    for node in graph:
        chain: set[str] = set()
        current = node
        while current not in done:
            if current in chain:
                return False
            chain.add(current)
            successors = graph[current]
            if not successors:
                break
            if len(successors) > 1:
                return False
            current = successors[0]
        done |= chain
    return True


def _actors_resolve(actors: tuple[Actor, ...], known: AbstractSet[str]) -> bool:
    """Whether every actor's ``part_of`` and ``members`` name known actors (a fast path)."""
    named = {actor.part_of for actor in actors}
    named.discard(None)
    for actor in actors:
        if actor.members:
            named.update(actor.members)
    return named <= known


def _own_refs_resolve(agreement: Agreement, index: Index) -> bool:
    """Whether the agreement's own references all name what exists.

    ``REF002``'s fast path, as :func:`_unresolved` is for its milestones: one test in
    C per list, not a generator per reference; when it is false, each is checked in
    full (and a reference to a file left out is no finding there).
    """
    a = agreement
    return (
        all(map(index.actors.__contains__, a.parties))
        and (a.supersedes is None or a.supersedes in index.agreements)
        and all(
            basis.ref is None or basis.ref in index.policies or basis.ref in index.agreements
            for basis in a.basis
        )
        and all(map(index.policies.__contains__, a.policies))
        and all(map(index.principles.__contains__, a.principles))
        and (a.approval_process is None or a.approval_process in index.processes)
        and (a.part_of is None or a.part_of in index.agreements)
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


def _unresolved(items: tuple[Milestone, ...], known: _Known) -> list[Milestone]:
    """The milestones, in order, of which a reference names nothing known (``REF002``).

    Each reference tested where it is, in one loop over every milestone of every
    agreement: in Python 3.11 a milestone's attributes are read faster so than by a
    comprehension per kind, or a call or an ``all(map(...))`` per milestone or list.
    Empty for almost every agreement; otherwise what its full reading reads. A step
    counts as unresolved unless it is a step of the agreement's process, and an
    anchor unless it names the term or a milestone.
    """
    milestones, commitments, phases, actors, steps = known
    found: list[Milestone] = []
    for m in items:
        relative = m.relative
        if (
            (m.responsible is None or m.responsible in actors)
            and (m.approver is None or m.approver in actors)
            and (m.phase is None or m.phase in phases)
            and (m.step is None or m.step in steps)
            and (
                relative is None
                or relative.anchor in _TERM_ANCHORS
                or relative.anchor in milestones
            )
        ):
            # The lists (most hold none or one id), each left at its first unknown id.
            for reference in m.participants:
                if reference not in actors:
                    break
            else:
                for reference in m.depends_on:
                    if reference not in milestones:
                        break
                else:
                    for reference in m.commitments:
                        if reference not in commitments:
                            break
                    else:
                        continue  # every reference resolves
        found.append(m)
    return found
