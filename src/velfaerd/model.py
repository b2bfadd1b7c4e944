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

>>> from velfaerd import Actor, ActorKind
>>> council = Actor(id="byraadet", name="Byrådet", kind=ActorKind.COUNCIL)
>>> council.kind.value
'council'
>>> council == Actor(id="byraadet", name="Byrådet", kind="council")
True
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from typing import TYPE_CHECKING, Any, Final, NoReturn, Protocol, cast

import attrs

from velfaerd.dates import DateWindow, Period, RelativeDate

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

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
    "Budget",
    "Commitment",
    "Milestone",
    "MilestoneKind",
    "MilestoneStatus",
    "Municipality",
    "Origin",
    "Phase",
    "Policy",
    "Portfolio",
    "Principle",
    "Step",
    "Theme",
    "Waiver",
]


#: The most characters an id has, and a reference to one (``parties``, ``depends_on``,
#: a waiver's ``rule``, an approval's ``round`` …): the loader refuses a longer one
#: (``LOAD003``) before anything else reads it. Findings quote ids, often many times
#: each, so that an id's length multiplies the size of a report; the longest id in
#: the examples has 51 characters.
MAX_ID_LENGTH: Final = 200


class ActorKind(str, enum.Enum):
    """What kind of actor (*aktør*) an :class:`Actor` is."""

    COUNCIL = "council"
    """*Byrådet*, *Kommunalbestyrelsen*: the city council."""
    COMMITTEE = "committee"
    """An *udvalg*, a standing committee of the council."""
    ADMINISTRATION = "administration"
    """A *forvaltning* or *fagsekretariat*."""
    INSTITUTION = "institution"
    """A school, daycare, club or other *institution*."""
    UNIT = "unit"
    """A department of an institution (``part_of`` it)."""
    BOARD = "board"
    """A *skolebestyrelse* or *forældrebestyrelse*."""
    MANAGER = "manager"
    """An *områdechef* or *skoleleder*."""
    GROUP = "group"
    """Several actors spoken of together, a working group, a network."""
    GOVERNMENT = "government"
    """The state or one of its agencies."""
    PARTNER = "partner"
    """An outside partner."""
    PARTY = "party"
    """A political party (*parti*)."""
    REGION = "region"
    """A region (*regionsråd*, *Region Syddanmark*)."""


class AgreementKind(str, enum.Enum):
    """What kind of agreement an :class:`Agreement` is."""

    COOPERATION = "cooperation"
    """*Samarbejdsaftale*, e.g. between the city council and a school."""
    DEVELOPMENT = "development"
    """*Udviklingsaftale* for an administration or institution."""
    WELFARE = "welfare"
    """*Velfærdsaftale* of the national welfare trial."""
    PARTNERSHIP = "partnership"
    """*Partnerskab*."""
    CONTRACT = "contract"
    """*Kontrakt*, as in *aftalestyring*."""
    IMPLEMENTATION_PLAN = "implementation_plan"
    """*Implementeringsplan*: dated milestones, no yearly review by default."""
    PROGRAMME = "programme"
    """A standing programme of activities."""


class MilestoneKind(str, enum.Enum):
    """What kind of event a :class:`Milestone` is."""

    ACTIVITY = "activity"
    MEETING = "meeting"
    REVIEW = "review"
    """*Opfølgning*: counts for the annual review rule (``REV001``)."""
    DECISION = "decision"
    APPROVAL = "approval"
    """*Godkendelse*: with a ``step``, takes part in the approval process."""
    DELIVERY = "delivery"
    CONFERENCE = "conference"


class MilestoneStatus(str, enum.Enum):
    """Where a :class:`Milestone` stands."""

    PLANNED = "planned"
    MET = "met"
    NOT_MET = "not_met"
    PARTIALLY_MET = "partially_met"
    CANCELLED = "cancelled"
    IN_PROGRESS = "in_progress"
    """*Iværksat*, *i gang*: begun and not yet met."""


class AgreementStatus(str, enum.Enum):
    """Where an :class:`Agreement` stands (absent: the document does not say)."""

    DRAFT = "draft"
    """*Udkast*."""
    PROPOSED = "proposed"
    """*Forslag*, sent for approval."""
    ADOPTED = "adopted"
    """*Vedtaget*, *godkendt*."""
    REVOKED = "revoked"
    """*Ophævet*, or replaced by another."""


class BasisKind(str, enum.Enum):
    """What kind of thing a :class:`Basis` is."""

    LAW = "law"
    """A law or order (*lov*, *bekendtgørelse*)."""
    DECISION = "decision"
    """A political decision (*beslutning*, *byrådsbeslutning*)."""
    AGREEMENT = "agreement"
    """An agreement (*Kommuneaftalen for 2011*)."""
    POLICY = "policy"
    """A policy (*politik*)."""
    STRATEGY = "strategy"
    """A strategy or plan (*strategi*, *central udmelding*)."""
    OTHER = "other"


class _KeyLocator(Protocol):
    """What finds the lines of a file's keys, when an :class:`Origin` is first asked."""

    def line(self, path: str) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        ...

    def keys(self, path: str, names: tuple[str, ...]) -> dict[str, int]:
        """The line of each of ``names`` below ``path`` that is in the file."""
        ...


class _Unresolved(enum.Enum):
    """A line not looked for yet (an enum, so that it stays itself when pickled)."""

    TOKEN = 0


_UNRESOLVED: Any = _Unresolved.TOKEN


class Origin:
    """Where an object was loaded from: its file, key path and line.

    Origins are kept beside the objects they describe and take no part in equality:
    the same data loaded from another file is equal.

    Loading records only the file and the key path. The lines are found when first
    asked for (by a finding, or by a caller): the file is then scanned for the lines
    of its keys, once for all the origins it holds.

    >>> origin = Origin(source="aftale.toml", path="agreements[0]", line=3, keys={"id": 4})
    >>> origin.line, origin.keys["id"]
    (3, 4)
    """

    __slots__ = ("_keys", "_line", "_locator", "_names", "path", "source")

    source: str
    """The file (or the ``source`` given to :func:`velfaerd.loads`)."""
    path: str
    """The key path of the object in its file, such as ``agreements[0].milestones[2]``."""
    _line: int | None
    _keys: Mapping[str, int]
    _locator: _KeyLocator | None
    _names: tuple[str, ...]

    def __init__(
        self,
        *,
        source: str,
        path: str,
        line: int | None = None,
        keys: Mapping[str, int] | None = None,
    ) -> None:
        """Record where an object came from."""
        _set_source(self, source)
        _set_path(self, path)
        _set_line(self, line)
        _set_keys(self, dict(keys) if keys else {})
        _set_locator(self, None)
        _set_names(self, ())

    @classmethod
    def _lazy(cls, locator: _KeyLocator, source: str, path: str, names: tuple[str, ...]) -> Origin:
        """An origin whose lines ``locator`` finds when they are first asked for."""
        origin: Origin = _new(cls)
        _set_source(origin, source)
        _set_path(origin, path)
        _set_line(origin, _UNRESOLVED)
        _set_keys(origin, _UNRESOLVED)
        _set_locator(origin, locator)
        _set_names(origin, names)
        return origin

    @property
    def line(self) -> int | None:
        """The line of the object's key or table header, where it can be found."""
        line: int | None = self._line
        if line is _UNRESOLVED:
            line = cast("_KeyLocator", self._locator).line(self.path)
            _set_line(self, line)
        return line

    @property
    def keys(self) -> Mapping[str, int]:
        """The line of each key of the object, where it can be found."""
        keys: Mapping[str, int] = self._keys
        if keys is _UNRESOLVED:
            keys = cast("_KeyLocator", self._locator).keys(self.path, self._names)
            _set_keys(self, keys)
        return keys

    def _state(self) -> tuple[str, str, int | None, Mapping[str, int]]:
        return (self.source, self.path, self.line, self.keys)

    def __eq__(self, other: object) -> bool:
        """Origins are equal when they name the same file, path, line and key lines."""
        if type(other) is not type(self):
            return NotImplemented
        return self._state() == other._state()

    def __hash__(self) -> int:
        """Hash the file, path and line."""
        return hash((self.source, self.path, self.line))

    def __repr__(self) -> str:
        """Show the file, path and line (the key lines are left out)."""
        return f"Origin(source={self.source!r}, path={self.path!r}, line={self.line!r})"

    def __setattr__(self, name: str, value: object) -> NoReturn:
        """Origins are immutable."""
        raise attrs.exceptions.FrozenInstanceError

    def __delattr__(self, name: str) -> NoReturn:
        """Origins are immutable."""
        raise attrs.exceptions.FrozenInstanceError

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle what is known, and the locator of what is not yet."""
        state = (self.source, self.path, self._line, self._keys, self._locator, self._names)
        return (_restore_origin, (state,))


_new = object.__new__
_SLOTS: Any = vars(Origin)
_set_source = _SLOTS["source"].__set__
_set_path = _SLOTS["path"].__set__
_set_line = _SLOTS["_line"].__set__
_set_keys = _SLOTS["_keys"].__set__
_set_locator = _SLOTS["_locator"].__set__
_set_names = _SLOTS["_names"].__set__


def _restore_origin(
    state: tuple[str, str, int | None, Mapping[str, int], _KeyLocator | None, tuple[str, ...]],
) -> Origin:
    origin: Origin = _new(Origin)
    source, path, line, keys, locator, names = state
    _set_source(origin, source)
    _set_path(origin, path)
    _set_line(origin, line)
    _set_keys(origin, keys)
    _set_locator(origin, locator)
    _set_names(origin, names)
    return origin


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    # Accept any iterable of ids from Python callers; keep tuples immutable.
    if type(value) is tuple:  # what the loader gives, and every default: as it is
        return value
    if isinstance(value, str):
        msg = f"expected a sequence of strings, found the string {value!r}"
        raise TypeError(msg)
    return tuple(value)


def _actor_kind(value: ActorKind | str) -> ActorKind:
    # A member passes through without a call of the enum: models are made by the
    # hundred thousand.
    return value if type(value) is ActorKind else ActorKind(value)


def _agreement_kind(value: AgreementKind | str) -> AgreementKind:
    return value if type(value) is AgreementKind else AgreementKind(value)


def _milestone_kind(value: MilestoneKind | str) -> MilestoneKind:
    return value if type(value) is MilestoneKind else MilestoneKind(value)


def _milestone_status(value: MilestoneStatus | str) -> MilestoneStatus:
    return value if type(value) is MilestoneStatus else MilestoneStatus(value)


def _items(value: Iterable[Any]) -> tuple[Any, ...]:
    return value if type(value) is tuple else tuple(value)


def _optional_strings(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else _strings(value)


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
    kind: ActorKind = attrs.field(converter=_actor_kind)
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
        """Return the theme with this id, or ``None``."""
        return next((theme for theme in self.themes if theme.id == theme_id), None)


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
        """Return the step with this id, or ``None``."""
        return next((step for step in self.steps if step.id == step_id), None)

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
    kind: MilestoneKind = attrs.field(default=MilestoneKind.ACTIVITY, converter=_milestone_kind)
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
        default=MilestoneStatus.PLANNED, converter=_milestone_status
    )
    met_on: DateWindow | None = None
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
    return entered.earliest if entered.earliest is not None else entered.latest


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
    kind: AgreementKind = attrs.field(converter=_agreement_kind)
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
    description: str | None = None
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False)

    def milestone(self, milestone_id: str) -> Milestone | None:
        """Return the milestone with this id, or ``None``."""
        return next((m for m in self.milestones if m.id == milestone_id), None)

    def commitment(self, commitment_id: str) -> Commitment | None:
        """Return the commitment with this id, or ``None``."""
        return next((c for c in self.commitments if c.id == commitment_id), None)

    def phase(self, phase_id: str) -> Phase | None:
        """Return the phase with this id, or ``None``."""
        return next((p for p in self.phases if p.id == phase_id), None)


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
        for name in ("actors", "policies", "principles", "approval_processes", "agreements"):
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


#: The fields of each model class that hold model objects of their own (the arrays of
#: tables of the format), in the format's order. The one list of the model's children:
#: loading stamps each object's key path by it (:mod:`velfaerd._provenance`), and the
#: rules' index gives objects built in Python the same paths by it, so that a finding
#: names the same key path however its portfolio was made. (A portfolio's
#: ``municipalities`` are no array: each file has one ``[municipality]`` table.)
_CHILDREN: Mapping[type, tuple[str, ...]] = {
    Portfolio: ("actors", "policies", "principles", "approval_processes", "agreements"),
    Policy: ("themes", "basis"),
    ApprovalProcess: ("steps",),
    Commitment: ("budget",),
    Agreement: ("themes", "commitments", "milestones", "phases", "waivers", "basis", "budget"),
}
