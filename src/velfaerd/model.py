"""The domain model: actors, policies, principles, agreements and their milestones.

Every class is an immutable, slotted attrs class with keyword-only arguments. The
model knows no file format and no rule: :mod:`velfaerd` loads it from TOML, and
:mod:`velfaerd.rules` checks it. Validators guard only hard invariants (a window's
earliest day is not after its latest); business rules (every theme covered, an annual
review, approvals in order) are findings of :func:`velfaerd.check`, so that every
problem in a portfolio is reported at once.

Glossary (Danish → velfaerd):

* *aktør, part* → :class:`Actor`; *Byrådet* is an actor of kind ``council``, an
  *udvalg* a ``committee``, a *forvaltning* an ``administration``.
* *politik* → :class:`Policy`, its *temaer* → :class:`Theme`.
* *princip, ledelsesprincip* → :class:`Principle`.
* *samarbejdsaftale, udviklingsaftale, velfærdsaftale, partnerskab,
  implementeringsplan* → :class:`Agreement` with a :class:`AgreementKind`.
* *pejlemærke, indsats, aktivitet, mål* → :class:`Commitment`.
* *milepæl, godkendelse, opfølgningsmøde* → :class:`Milestone`.
* *fase* → :class:`Phase`; *godkendelsesgang* → :class:`ApprovalProcess`.
* *frisættelse* (a rule set aside by the council) → :class:`Waiver`.

Lookups by id follow one convention, a mapping's: ``portfolio.agreement(id)`` returns
the object or raises :class:`KeyError` naming the id, like ``mapping[id]``;
``portfolio.get_agreement(id)`` returns it or ``None``, like ``mapping.get(id)``. So do
the lookups inside an object: :meth:`Agreement.get_milestone`,
:meth:`Agreement.get_commitment`, :meth:`Agreement.get_phase`, :meth:`Policy.get_theme`
and :meth:`ApprovalProcess.get_step`. (``agreement.milestone(id)`` and its kin still
return ``None`` for an unknown id, with a :class:`DeprecationWarning`: they will raise
:class:`KeyError`, as the portfolio's do.)

>>> from velfaerd import Actor, ActorKind
>>> council = Actor(id="byraadet", name="Byrådet", kind=ActorKind.COUNCIL)
>>> council.kind.value
'council'
>>> council == Actor(id="byraadet", name="Byrådet", kind="council")
True
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING, Final, NamedTuple

import attrs

# The converters and lookups by id that every model class shares, and the follow-up
# records of format 1.2, live in velfaerd._fields and velfaerd._records (split from
# here to keep each module one concept); the records are public here and in velfaerd.
from velfaerd._fields import _child, _child_or_none, _items, _optional_strings, _strings
from velfaerd._kinds import (
    ActorKind,
    AgreementKind,
    AgreementStatus,
    BasisKind,
    Better,
    MilestoneKind,
    MilestoneStatus,
    OccurrenceStatus,
    actor_kind,
    agreement_kind,
    milestone_kind,
    milestone_status,
)
from velfaerd._origin import Origin
from velfaerd._records import Indicator, IndicatorBaseline, Measurement, Occurrence, Target
from velfaerd.dates import DateWindow, Period, RelativeDate

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

__all__ = [
    "MAX_ID_LENGTH",
    "Actor",
    "ActorKind",
    "Agreement",
    "AgreementKind",
    "AgreementStatus",
    "ApprovalProcess",
    "Basis",
    "BasisKind",
    "Better",
    "Budget",
    "Commitment",
    "Indicator",
    "IndicatorBaseline",
    "Measurement",
    "Milestone",
    "MilestoneKind",
    "MilestoneStatus",
    "Municipality",
    "Occurrence",
    "OccurrenceStatus",
    "Origin",
    "Phase",
    "Policy",
    "Portfolio",
    "Principle",
    "Step",
    "Target",
    "Theme",
    "Waiver",
]


#: The most characters an id has, and a reference to one (``parties``, ``depends_on``,
#: a waiver's ``rule``, an approval's ``round`` …): the loader refuses a longer one
#: (``LOAD003``) before anything else reads it. Findings quote ids, often many times
#: each, so that an id's length multiplies the size of a report; the longest id in
#: the examples has 51 characters.
MAX_ID_LENGTH: Final = 200


@attrs.frozen(kw_only=True)
class Municipality:
    """A municipality (*kommune*): a file's ``[municipality]`` table."""

    name: str
    code: int | None = None
    """The municipality's number (Esbjerg is 561)."""
    description: str | None = None
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Actor:
    """An actor or party (*aktør*, *part*).

    ``part_of`` names another actor (a school board is part of its school, a
    committee part of the council); ``aliases`` are other names it goes by
    (``"BFU"``); ``since`` and ``until`` bound its existence.
    """

    id: str
    name: str
    kind: ActorKind = attrs.field(converter=actor_kind)
    part_of: str | None = None
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    since: DateWindow | None = None
    until: DateWindow | None = None
    members: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    """The actors a group is (*KKR*: the councils of a region)."""
    description: str | None = None
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Basis:
    """A law, decision, agreement, policy or strategy something rests on (*grundlag*).

    ``ref`` may name a policy or agreement loaded with it.
    """

    title: str
    kind: BasisKind | None = attrs.field(
        default=None, converter=attrs.converters.optional(BasisKind)
    )
    url: str | None = None
    ref: str | None = None
    date: DateWindow | None = None
    description: str | None = None
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Budget:
    """Money set aside (*budget*, *økonomi*): ``amount`` in whole kroner.

    ``approximate`` marks an amount the document hedges (*ca.*); ``every`` makes it
    recur (``"1 year"``: *årligt*); ``year`` is the year it is for.
    """

    amount: int
    approximate: bool = False
    every: Period | None = None
    year: int | None = None
    description: str | None = None
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Theme:
    """A theme (*tema*) of a policy, or a focus area (*fokusområde*) of an agreement."""

    id: str
    name: str
    description: str | None = None
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Policy:
    """A policy (*politik*) adopted by the council, with its themes.

    Versions of a policy are separate policies with their own ids.
    """

    id: str
    name: str
    themes: tuple[Theme, ...] = attrs.field(default=(), converter=_items)
    adopted: DateWindow | None = None
    adopted_by: str | None = None
    basis: tuple[Basis, ...] = attrs.field(default=(), converter=_items)
    description: str | None = None
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False)

    def theme(self, theme_id: str) -> Theme | None:
        """Return the theme with this id.

        An unknown id gives ``None`` and a :class:`DeprecationWarning`: it will raise
        :class:`KeyError`. :meth:`get_theme` returns ``None``.
        """
        return _child_or_none(self.themes, theme_id, "Policy.theme", self.id)

    def get_theme(self, theme_id: str) -> Theme | None:
        """Return the theme with this id, or ``None``."""
        return _child(self.themes, theme_id)


@attrs.frozen(kw_only=True)
class Principle:
    """A principle (*princip*, *ledelsesprincip*) that agreements may rest on."""

    id: str
    text: str
    group: str | None = None
    description: str | None = None
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Step:
    """A step of an :class:`ApprovalProcess`.

    Who may take the step is given by actor kind, by actor ids, or both (either
    suffices). ``after`` lists the steps it must follow: ``None`` (the default) means
    the step listed before it; an empty tuple leaves it unordered.
    """

    id: str
    name: str
    actor_kind: ActorKind | None = attrs.field(
        default=None, converter=attrs.converters.optional(ActorKind)
    )
    actors: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    after: tuple[str, ...] | None = attrs.field(default=None, converter=_optional_strings)
    description: str | None = None
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class ApprovalProcess:
    """The ordered steps an agreement must pass (*godkendelsesgang*).

    >>> process = ApprovalProcess(
    ...     id="lokal",
    ...     steps=[Step(id="a", name="Indgået"), Step(id="b", name="Godkendt")],
    ... )
    >>> process.predecessors("b")
    ('a',)
    >>> process.predecessors("a")
    ()
    """

    id: str
    steps: tuple[Step, ...] = attrs.field(default=(), converter=_items)
    description: str | None = None
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False)

    def step(self, step_id: str) -> Step | None:
        """Return the step with this id.

        An unknown id gives ``None`` and a :class:`DeprecationWarning`: it will raise
        :class:`KeyError`. :meth:`get_step` returns ``None``.
        """
        return _child_or_none(self.steps, step_id, "ApprovalProcess.step", self.id)

    def get_step(self, step_id: str) -> Step | None:
        """Return the step with this id, or ``None``."""
        return _child(self.steps, step_id)

    def predecessors(self, step_id: str) -> tuple[str, ...]:
        """Return the ids of the steps that ``step_id`` must follow directly."""
        for index, step in enumerate(self.steps):
            if step.id == step_id:
                if step.after is not None:
                    return step.after
                return (self.steps[index - 1].id,) if index else ()
        return ()


@attrs.frozen(kw_only=True)
class Commitment:
    """What a party commits to under a theme (*pejlemærke*, *indsats*, *mål*)."""

    id: str
    title: str
    themes: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    owner: str | None = None
    goals: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    follow_up: str | None = None
    principles: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    budget: tuple[Budget, ...] = attrs.field(default=(), converter=_items)
    indicators: tuple[Indicator, ...] = attrs.field(default=(), converter=_items)
    """The measured goals of the commitment (format 1.2)."""
    description: str | None = None
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Milestone:
    """A dated event (*milepæl*): an activity, meeting, review, approval ….

    ``due`` is a :class:`~velfaerd.DateWindow` (``None``: not yet scheduled). With
    ``every`` it recurs from ``due`` until ``until`` or the agreement's end.

    ``relative`` keeps a due date written relative to another (``"3 måneder efter
    start"``); ``due`` is then that date resolved when the portfolio is loaded (or
    ``None`` where the anchor has no date), and ``dump`` writes ``relative`` back.
    """

    id: str
    title: str
    due: DateWindow | None = None
    kind: MilestoneKind = attrs.field(default=MilestoneKind.ACTIVITY, converter=milestone_kind)
    depends_on: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    phase: str | None = None
    responsible: str | None = None
    participants: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    approver: str | None = None
    step: str | None = None
    round: str | None = None
    commitments: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    every: Period | None = None
    until: DateWindow | None = None
    tentative: bool = False
    status: MilestoneStatus = attrs.field(
        default=MilestoneStatus.PLANNED, converter=milestone_status
    )
    met_on: DateWindow | None = None
    moved_to: DateWindow | None = None
    """The date it was moved to (format 1.2); ``due`` stays what was planned."""
    occurrences: tuple[Occurrence, ...] = attrs.field(default=(), converter=_items)
    """What happened at occurrences of a recurring milestone (format 1.2)."""
    relative: RelativeDate | None = None
    description: str | None = None
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Phase:
    """An ordered period (*fase*) of an agreement; ``start`` and ``end`` are inclusive."""

    id: str
    name: str
    start: dt.date | None = None
    end: dt.date | None = None
    description: str | None = None
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Waiver:
    """A rule set aside for one agreement by the council (*frisættelse*)."""

    rule: str
    reason: str
    granted_by: str | None = None
    granted: DateWindow | None = None
    description: str | None = None
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False)


_ONE_YEAR = Period(1, "years")


def _default_start(agreement: Agreement) -> dt.date | None:
    entered = agreement.entered
    if entered is None:
        return None
    return entered.first_day


def _default_end(agreement: Agreement) -> dt.date | None:
    if agreement.duration is None or agreement.start is None:
        return None
    return agreement.duration.end_of_term(agreement.start)


def _default_review_every(agreement: Agreement) -> Period | None:
    return None if agreement.kind is AgreementKind.IMPLEMENTATION_PLAN else _ONE_YEAR


@attrs.frozen(kw_only=True)
class Agreement:
    """An agreement (*aftale*) between parties, with commitments and milestones.

    ``start`` defaults to the first day ``entered`` names; ``end`` to the day before
    ``start`` plus ``duration``. ``review_every`` defaults to one year, and to ``None``
    (no review required) for an implementation plan.

    >>> import datetime
    >>> agreement = Agreement(
    ...     id="a",
    ...     title="Samarbejdsaftale",
    ...     kind="cooperation",
    ...     parties=["byraadet", "skolen"],
    ...     entered=DateWindow.exact(datetime.date(2021, 3, 15)),
    ...     duration=Period(3, "years"),
    ... )
    >>> agreement.start, agreement.end
    (datetime.date(2021, 3, 15), datetime.date(2024, 3, 14))
    >>> str(agreement.review_every)
    '1 year'
    """

    id: str
    title: str
    kind: AgreementKind = attrs.field(converter=agreement_kind)
    parties: tuple[str, ...] = attrs.field(converter=_strings)
    entered: DateWindow | None = None
    start: dt.date | None = attrs.field(default=attrs.Factory(_default_start, takes_self=True))
    duration: Period | None = None
    end: dt.date | None = attrs.field(default=attrs.Factory(_default_end, takes_self=True))
    policies: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    covers: tuple[str, ...] | None = attrs.field(default=None, converter=_optional_strings)
    principles: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    themes: tuple[Theme, ...] = attrs.field(default=(), converter=_items)
    commitments: tuple[Commitment, ...] = attrs.field(default=(), converter=_items)
    milestones: tuple[Milestone, ...] = attrs.field(default=(), converter=_items)
    phases: tuple[Phase, ...] = attrs.field(default=(), converter=_items)
    waivers: tuple[Waiver, ...] = attrs.field(default=(), converter=_items)
    approval_process: str | None = None
    review_every: Period | None = attrs.field(
        default=attrs.Factory(_default_review_every, takes_self=True)
    )
    purpose: str | None = None
    follow_up: str | None = None
    part_of: str | None = None
    year: int | None = None
    """The year of every date in the agreement written without one (``"medio maj"``)."""
    status: AgreementStatus | None = attrs.field(
        default=None, converter=attrs.converters.optional(AgreementStatus)
    )
    version: str | None = None
    supersedes: str | None = None
    """The id of the agreement this one replaces."""
    basis: tuple[Basis, ...] = attrs.field(default=(), converter=_items)
    budget: tuple[Budget, ...] = attrs.field(default=(), converter=_items)
    indicators: tuple[Indicator, ...] = attrs.field(default=(), converter=_items)
    """Measured goals of the agreement as a whole (format 1.2)."""
    description: str | None = None
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False)

    def milestone(self, milestone_id: str) -> Milestone | None:
        """Return the milestone with this id.

        An unknown id gives ``None`` and a :class:`DeprecationWarning`: it will raise
        :class:`KeyError`. :meth:`get_milestone` returns ``None``.
        """
        return _child_or_none(self.milestones, milestone_id, "Agreement.milestone", self.id)

    def get_milestone(self, milestone_id: str) -> Milestone | None:
        """Return the milestone with this id, or ``None``."""
        return _child(self.milestones, milestone_id)

    def commitment(self, commitment_id: str) -> Commitment | None:
        """Return the commitment with this id.

        An unknown id gives ``None`` and a :class:`DeprecationWarning`: it will raise
        :class:`KeyError`. :meth:`get_commitment` returns ``None``.
        """
        return _child_or_none(self.commitments, commitment_id, "Agreement.commitment", self.id)

    def get_commitment(self, commitment_id: str) -> Commitment | None:
        """Return the commitment with this id, or ``None``."""
        return _child(self.commitments, commitment_id)

    def phase(self, phase_id: str) -> Phase | None:
        """Return the phase with this id.

        An unknown id gives ``None`` and a :class:`DeprecationWarning`: it will raise
        :class:`KeyError`. :meth:`get_phase` returns ``None``.
        """
        return _child_or_none(self.phases, phase_id, "Agreement.phase", self.id)

    def get_phase(self, phase_id: str) -> Phase | None:
        """Return the phase with this id, or ``None``."""
        return _child(self.phases, phase_id)


_SINGULAR = {
    "actors": "actor",
    "policies": "policy",
    "principles": "principle",
    "approval_processes": "approval process",
    "agreements": "agreement",
}


@attrs.frozen(kw_only=True)
class Portfolio:
    """Everything loaded together, with lookups by id.

    One municipality's directory, or several municipalities' files at once. Where two
    objects share an id (``REF001``), the lookups return the first.

    >>> portfolio = Portfolio(actors=[Actor(id="bfu", name="BFU", kind="committee")])
    >>> portfolio.actor("bfu").name
    'BFU'
    >>> portfolio.get_actor("nobody") is None
    True
    """

    municipalities: tuple[Municipality, ...] = attrs.field(default=(), converter=_items)
    actors: tuple[Actor, ...] = attrs.field(default=(), converter=_items)
    policies: tuple[Policy, ...] = attrs.field(default=(), converter=_items)
    principles: tuple[Principle, ...] = attrs.field(default=(), converter=_items)
    approval_processes: tuple[ApprovalProcess, ...] = attrs.field(default=(), converter=_items)
    agreements: tuple[Agreement, ...] = attrs.field(default=(), converter=_items)

    @functools.cached_property
    def _by_id(self) -> Mapping[str, Mapping[str, object]]:
        index: dict[str, dict[str, object]] = {}
        for name in STRUCTURE[Portfolio].children:  # every array of a portfolio has ids
            table: dict[str, object] = {}
            for item in getattr(self, name):
                table.setdefault(item.id, item)
            index[name] = table
        return index

    def _lookup(self, table: str, item_id: str) -> object:
        try:
            return self._by_id[table][item_id]
        except KeyError:
            msg = f"no {_SINGULAR[table]} with id {item_id!r}"
            raise KeyError(msg) from None

    def actor(self, actor_id: str) -> Actor:
        """Return the actor with this id; raise :class:`KeyError` if there is none."""
        return self._lookup("actors", actor_id)  # type: ignore[return-value]

    def policy(self, policy_id: str) -> Policy:
        """Return the policy with this id; raise :class:`KeyError` if there is none."""
        return self._lookup("policies", policy_id)  # type: ignore[return-value]

    def principle(self, principle_id: str) -> Principle:
        """Return the principle with this id; raise :class:`KeyError` if there is none."""
        return self._lookup("principles", principle_id)  # type: ignore[return-value]

    def approval_process(self, process_id: str) -> ApprovalProcess:
        """Return the approval process with this id; raise :class:`KeyError` if none."""
        return self._lookup("approval_processes", process_id)  # type: ignore[return-value]

    def agreement(self, agreement_id: str) -> Agreement:
        """Return the agreement with this id; raise :class:`KeyError` if there is none."""
        return self._lookup("agreements", agreement_id)  # type: ignore[return-value]

    def get_actor(self, actor_id: str) -> Actor | None:
        """Return the actor with this id, or ``None``."""
        return self._by_id["actors"].get(actor_id)  # type: ignore[return-value]

    def get_policy(self, policy_id: str) -> Policy | None:
        """Return the policy with this id, or ``None``."""
        return self._by_id["policies"].get(policy_id)  # type: ignore[return-value]

    def get_principle(self, principle_id: str) -> Principle | None:
        """Return the principle with this id, or ``None``."""
        return self._by_id["principles"].get(principle_id)  # type: ignore[return-value]

    def get_approval_process(self, process_id: str) -> ApprovalProcess | None:
        """Return the approval process with this id, or ``None``."""
        return self._by_id["approval_processes"].get(process_id)  # type: ignore[return-value]

    def get_agreement(self, agreement_id: str) -> Agreement | None:
        """Return the agreement with this id, or ``None``."""
        return self._by_id["agreements"].get(agreement_id)  # type: ignore[return-value]

    def iter_milestones(self) -> Iterator[tuple[Agreement, Milestone]]:
        """Yield every milestone with the agreement it belongs to."""
        for agreement in self.agreements:
            for milestone in agreement.milestones:
                yield agreement, milestone


#: Fields of a model class that are no key of the format: where an object came from,
#: and what a relative date resolved from (written back as the key ``due``).
NOT_KEYS = frozenset({"origin", "relative"})


class Entry(NamedTuple):
    """What one model class is made of, in the format's terms: its keys and children."""

    keys: tuple[str, ...]
    """The keys a table of the class may have, in the order of its fields."""
    children: tuple[str, ...]
    """The fields that hold arrays of model objects (arrays of tables), in the format's
    order. (A portfolio's ``municipalities`` are none: a file has one
    ``[municipality]`` table.)"""

    @classmethod
    def of(cls, model: type, *children: str) -> Entry:
        """The entry of an attrs class: its keys are its fields but :data:`NOT_KEYS`."""
        keys = tuple(field.name for field in attrs.fields(model) if field.name not in NOT_KEYS)
        return cls(keys, children)


#: Every model class and what it is made of: the one list of the model's structure.
#: Loading reads it for the classes it structures, the keys it knows and the arrays of
#: a document (:mod:`velfaerd.format`); provenance for the objects it stamps with their
#: key paths; dumping for the arrays it writes; the portfolio's lookups and
#: :class:`velfaerd.query.Index` for the same key paths of objects built in Python; the
#: strategies for the classes ``st.from_type`` draws. A class added to the model
#: without its entry fails the model's tests.
STRUCTURE: Mapping[type, Entry] = {
    Portfolio: Entry.of(
        Portfolio, "actors", "policies", "principles", "approval_processes", "agreements"
    ),
    Municipality: Entry.of(Municipality),
    Actor: Entry.of(Actor),
    Basis: Entry.of(Basis),
    Budget: Entry.of(Budget),
    Theme: Entry.of(Theme),
    Policy: Entry.of(Policy, "themes", "basis"),
    Principle: Entry.of(Principle),
    Step: Entry.of(Step),
    ApprovalProcess: Entry.of(ApprovalProcess, "steps"),
    IndicatorBaseline: Entry.of(IndicatorBaseline),
    Target: Entry.of(Target),
    Measurement: Entry.of(Measurement),
    Indicator: Entry.of(Indicator, "targets", "measurements"),
    Commitment: Entry.of(Commitment, "budget", "indicators"),
    Occurrence: Entry.of(Occurrence),
    Milestone: Entry.of(Milestone, "occurrences"),
    Phase: Entry.of(Phase),
    Waiver: Entry.of(Waiver),
    Agreement: Entry.of(
        Agreement,
        "themes",
        "commitments",
        "milestones",
        "phases",
        "waivers",
        "basis",
        "budget",
        "indicators",
    ),
}
