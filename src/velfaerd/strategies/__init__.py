"""Hypothesis strategies for valid, and deliberately invalid, agreements.

Install the extra: ``pip install velfaerd[hypothesis]``. ``import velfaerd`` never
imports hypothesis; this module does.

Every strategy here is *valid by construction*: what it draws gives no finding from
:func:`velfaerd.check` (without ``as_of``). Nothing is filtered: dependency graphs are
built from a drawn order, reviews are placed so that no stretch exceeds
``review_every``, approvals are dated in the order of their steps, and every theme an
agreement takes up gets a commitment. The content is Danish: councils, schools and
daycares, themes from real children-and-youth policies, *æøå* included.

:func:`violating` draws a valid portfolio and applies one named :class:`Mutation`, so
that exactly one rule code fires; :func:`mutations` draws the mutations themselves,
for a downstream suite to apply to its own portfolios.

.. code-block:: python

    from hypothesis import given

    import velfaerd
    from velfaerd import strategies as vst


    @given(vst.portfolios())
    def test_my_system_accepts_valid_agreements(portfolio: velfaerd.Portfolio) -> None:
        assert velfaerd.check(portfolio).findings == ()


    @given(vst.violating("REV001"))
    def test_my_system_flags_missing_reviews(portfolio: velfaerd.Portfolio) -> None:
        assert velfaerd.check(portfolio).codes() == {"REV001"}

The model classes are registered with hypothesis (through its entry point), so
``st.from_type(velfaerd.Agreement)`` draws valid agreements wherever velfaerd and
hypothesis are installed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs
from hypothesis import strategies as st

from velfaerd.dates import DateWindow, Period, RelativeDate
from velfaerd.format._resolve import resolve_agreement
from velfaerd.model import (
    Actor,
    ActorKind,
    Agreement,
    AgreementKind,
    AgreementStatus,
    ApprovalProcess,
    Basis,
    BasisKind,
    Budget,
    Commitment,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    Municipality,
    Phase,
    Policy,
    Portfolio,
    Principle,
    Step,
    Theme,
    Waiver,
)
from velfaerd.strategies._scaling import scaled

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "AS_OF_CODES",
    "MUTATIONS",
    "REGISTERED_TYPES",
    "Mutation",
    "NotApplicableError",
    "actors",
    "agreements",
    "budgets",
    "date_windows",
    "milestone_graphs",
    "mutations",
    "periods",
    "policies",
    "portfolios",
    "scaled",
    "strategy_for",
    "violating",
]

# --------------------------------------------------------------------------------------
# Danish content
# --------------------------------------------------------------------------------------

_MUNICIPALITIES = (
    ("Esbjerg Kommune", 561),
    ("Københavns Kommune", 101),
    ("Varde Kommune", 573),
    ("Aarhus Kommune", 751),
    ("Skanderborg Kommune", 746),
    ("Ærø Kommune", 492),
    ("Frederiksberg Kommune", 147),
    ("Næstved Kommune", 370),
)
_INSTITUTIONS = (
    "Auraskolen",
    "Nørrebro Park Skole",
    "Skovvangskolen",
    "Børnehuset Mælkebøtten",
    "Vuggestuen Solsikken",
    "Fritidsklubben Ørnen",
    "Sønderrisskolen",
    "Hjerting Skole",
    "Daginstitutionen Æblehaven",
    "Ungdomsskolen",
    "Læringscenter Øst",
    "Bryndum Skole",
)
_THEMES = (
    "Sunde og udviklende fællesskaber",
    "Børn og unge i udsatte positioner",
    "Læring og dannelse",
    "Trivsel og sundhed",
    "Tidlig indsats",
    "Forældresamarbejde",
    "Sammenhængende overgange",
    "Digital dannelse",
    "Bevægelse og læring",
    "Sprog og læsning",
    "Inkluderende læringsmiljøer",
    "Internationalt udsyn",
)
_POLICIES = (
    "Børn- og Ungepolitikken",
    "Sammenhængende børnepolitik",
    "Dagtilbudspolitikken",
    "Skolepolitikken",
    "Mål for forpligtende samarbejde",
)
_COMMITMENTS = (
    "At oprette erhvervsklasser på en udskolingsårgang",
    "Målrettede inkluderende læringsmiljøer",
    "Fælles læringsdage for ledere og ressourcepersoner",
    "Sparringsgrupper på tværs af distrikter",
    "Styrket overgang fra dagtilbud til skole",
    "Trivselsmålinger og dialog med forældre",
    "Sprogindsats i dagtilbuddene",
    "Bevægelse i undervisningen hver dag",
)
_GOALS = (
    "Alle elever oplever at høre til i et fællesskab.",
    "Færre børn i segregerede tilbud.",
    "Flere elever vælger en erhvervsuddannelse.",
    "Forældrene oplever et godt samarbejde.",
    "Alle børn er sprogligt parate ved skolestart.",
    "Trivslen stiger i den nationale trivselsmåling.",
)
_FOLLOW_UPS = (
    "Årligt opfølgningsmøde med Børn & Familieudvalget.",
    "Status i kvalitetsrapporten.",
    "Drøftes på skolebestyrelsesmøde hvert halve år.",
    "Trivselsmåling hvert år.",
)
_ACTIVITIES = (
    "Temadag for ledere",
    "Workshop om læringsmiljøer",
    "Læringssamtale",
    "Netværksmøde",
    "Handleplan udarbejdes",
    "Konference om stærkere læringsfællesskaber",
    "Evaluering af indsatsen",
    "Forældremøde",
    "Kompetenceudvikling af medarbejdere",
    "Kick-off for projektet",
)
_PRINCIPLES = (
    "Ledelse der søger og finder prototyper.",
    "Ledelse med tydelig retning og høj faglighed.",
    "Ledelse der samarbejder på tværs.",
    "Ledelse der inddrager børn og forældre.",
)
_ACTIVITY_KINDS = (
    MilestoneKind.ACTIVITY,
    MilestoneKind.MEETING,
    MilestoneKind.DELIVERY,
    MilestoneKind.CONFERENCE,
    MilestoneKind.DECISION,
)
#: The kinds CAL001 keeps off weekends and holidays.
_MEETING_KINDS = frozenset(
    {
        MilestoneKind.MEETING,
        MilestoneKind.REVIEW,
        MilestoneKind.DECISION,
        MilestoneKind.APPROVAL,
        MilestoneKind.CONFERENCE,
    }
)
_AGREEMENT_KINDS = (
    AgreementKind.COOPERATION,
    AgreementKind.DEVELOPMENT,
    AgreementKind.WELFARE,
    AgreementKind.PARTNERSHIP,
    AgreementKind.CONTRACT,
    AgreementKind.PROGRAMME,
    AgreementKind.IMPLEMENTATION_PLAN,
)
_TITLES = {
    AgreementKind.COOPERATION: "Samarbejdsaftale mellem Byrådet og {}",
    AgreementKind.DEVELOPMENT: "Udviklingsaftale for {}",
    AgreementKind.WELFARE: "Velfærdsaftale med {}",
    AgreementKind.PARTNERSHIP: "Partnerskab om gode læringsmiljøer med {}",
    AgreementKind.CONTRACT: "Kontrakt med {}",
    AgreementKind.PROGRAMME: "Stærkere læringsfællesskaber på {}",
    AgreementKind.IMPLEMENTATION_PLAN: "Implementeringsplan for {}",
}

_EARLIEST = dt.date(2005, 1, 1)
_LATEST_START = dt.date(2035, 12, 31)
_COUNCIL = "byraadet"
_COMMITTEE = "bfu"
_ADMINISTRATION = "forvaltningen"
_MANAGER = "omraadechef"
_PROCESS = "lokal-godkendelse"


def _working_day(day: dt.date, *, forward: bool = True) -> dt.date:
    """The nearest working day on or after (or before) ``day``: no weekend, no holiday.

    Meetings, reviews, decisions, approvals and conferences on exact days are dated
    on working days, so that valid data gives no ``CAL001``.
    """
    from velfaerd.rules.calendar import on_day_off  # noqa: PLC0415 - imports holidays

    step = dt.timedelta(days=1 if forward else -1)
    while on_day_off(day):
        day += step
    return day


def _slug(text: str) -> str:
    keep = [c if c.isalnum() else "-" for c in text.lower()]
    return "-".join(part for part in "".join(keep).split("-") if part)


# --------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------


def _named_window(day: dt.date, form: int) -> DateWindow:
    """A window in a named Danish form that starts on or after ``day``."""
    if form == 0:
        return DateWindow.exact(day)
    if form == 1:  # the ISO week after day
        monday = day + dt.timedelta(days=(7 - day.weekday()) % 7)
        return DateWindow(monday, monday + dt.timedelta(days=6))
    # a month, or its primo/medio/ultimo, starting on or after day
    month_start = (
        day if day.day == 1 else (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    )
    next_month = (month_start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    last = next_month - dt.timedelta(days=1)
    if form == 2:  # noqa: PLR2004 - the forms are numbered
        return DateWindow(month_start, last)
    if form == 3:  # noqa: PLR2004
        return DateWindow(month_start, month_start.replace(day=10))
    if form == 4:  # noqa: PLR2004
        return DateWindow(month_start.replace(day=11), month_start.replace(day=20))
    return DateWindow(month_start.replace(day=21), last)


_FORMS = 6


@st.composite
def date_windows(
    draw: st.DrawFn,
    *,
    min_value: dt.date = dt.date(1990, 1, 1),
    max_value: dt.date = dt.date(2060, 12, 31),
    deadlines: bool = True,
) -> DateWindow:
    """Draw a date window: a day, a week, a month, primo/medio/ultimo, a range, a deadline.

    >>> import datetime
    >>> from hypothesis import find
    >>> find(date_windows(), lambda w: w.is_deadline).latest <= datetime.date(2060, 12, 31)
    True
    """
    day = draw(st.dates(min_value=min_value, max_value=max_value - dt.timedelta(days=62)))
    kind = draw(st.integers(0, _FORMS + (1 if deadlines else 0)))
    if kind < _FORMS:
        return _named_window(day, kind)
    if kind == _FORMS:
        length = draw(st.integers(1, 60))
        return DateWindow(day, day + dt.timedelta(days=length))
    return DateWindow.deadline(day)


def periods() -> st.SearchStrategy[Period]:
    """Draw a period such as ``"1 year"``, ``"6 months"``, ``"2 weeks"`` or ``"10 days"``."""
    return st.builds(
        Period,
        st.integers(1, 12),
        st.sampled_from(("years", "months", "weeks", "days")),
    )


def _min_days(period: Period) -> int:
    """The fewest days a period can span, whatever day it starts."""
    per = {"years": 365, "months": 28, "weeks": 7, "days": 1}[period.unit]
    return period.count * per


# --------------------------------------------------------------------------------------
# Actors and policies
# --------------------------------------------------------------------------------------


def _base_actors() -> list[Actor]:
    return [
        Actor(id=_COUNCIL, name="Byrådet", kind=ActorKind.COUNCIL),
        Actor(
            id=_COMMITTEE,
            name="Børn & Familieudvalget",
            kind=ActorKind.COMMITTEE,
            part_of=_COUNCIL,
            aliases=("BFU",),
        ),
        Actor(id=_ADMINISTRATION, name="Børn & Unge", kind=ActorKind.ADMINISTRATION),
        Actor(id=_MANAGER, name="Områdechef for skoler og dagtilbud", kind=ActorKind.MANAGER),
    ]


def _institution(name: str) -> list[Actor]:
    slug = _slug(name)
    return [
        Actor(id=slug, name=name, kind=ActorKind.INSTITUTION),
        Actor(
            id=f"{slug}-bestyrelse",
            name=f"{name}s bestyrelse",
            kind=ActorKind.BOARD,
            part_of=slug,
        ),
    ]


def actors(*, max_institutions: int = 4) -> st.SearchStrategy[list[Actor]]:
    """Draw the actors of a municipality.

    The council, its committee, the administration, a manager, and institutions, each
    with its board (``part_of`` it).

    Each institution needs an agreement to be valid (``COV004``): a portfolio drawn
    by :func:`portfolios` makes one for each.
    """
    return st.lists(
        st.sampled_from(_INSTITUTIONS), min_size=1, max_size=max_institutions, unique=True
    ).map(lambda names: _base_actors() + [a for n in names for a in _institution(n)])


@st.composite
def policies(draw: st.DrawFn, *, policy_id: str = "bu-politik", max_themes: int = 4) -> Policy:
    """Draw a policy adopted by the council, with 1 to ``max_themes`` themes."""
    names = draw(st.lists(st.sampled_from(_THEMES), min_size=1, max_size=max_themes, unique=True))
    adopted = draw(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)))
    return Policy(
        id=policy_id,
        name=draw(st.sampled_from(_POLICIES)),
        themes=tuple(Theme(id=f"tema-{_slug(n)}", name=n) for n in names),
        adopted=DateWindow(adopted.replace(day=1), adopted.replace(day=1) + dt.timedelta(days=27)),
        adopted_by=_COUNCIL,
        basis=tuple(draw(st.lists(st.sampled_from(_LAWS), max_size=1))),
    )


# --------------------------------------------------------------------------------------
# Format 1.1: basis, budgets, relative dates, status and versions
# --------------------------------------------------------------------------------------

#: Laws, decisions and strategies real documents rest on.
_LAWS = (
    Basis(title="Lov om Ungdomsskoler", kind=BasisKind.LAW),
    Basis(
        title="Folkeskoleloven",
        kind=BasisKind.LAW,
        url="https://www.retsinformation.dk/eli/lta/2022/1396",
    ),
    Basis(
        title="Kommuneaftalen for 2011",
        kind=BasisKind.AGREEMENT,
        date=DateWindow(dt.date(2010, 6, 1), dt.date(2010, 6, 30)),
    ),
    Basis(title="Socialstyrelsens centrale udmeldinger", kind=BasisKind.STRATEGY),
    Basis(
        title="Byrådets beslutning om aftalestyring",
        kind=BasisKind.DECISION,
        description="Besluttet på byrådsmødet.",
    ),
)
_BUDGET_TEXTS = (
    None,
    "hvoraf to af disse tilgår almensystemet",
    "til kompetenceudvikling",
)
_VERSIONS = ("revideret marts 2014", "udkast", "version 2", "2. udgave")


@st.composite
def budgets(draw: st.DrawFn, *, year: int | None = None) -> Budget:
    """Draw a budget: whole kroner, maybe approximate (*ca.*), yearly, for a year."""
    millions = draw(st.integers(0, 40))
    thousands = draw(st.sampled_from((0, 250, 500)))
    return Budget(
        amount=millions * 1_000_000 + thousands * 1_000 + draw(st.sampled_from((0, 0, 1))),
        approximate=draw(st.booleans()),
        every=draw(st.sampled_from((None, Period(1, "years")))),
        year=draw(st.sampled_from((None, year))) if year is not None else None,
        description=draw(st.sampled_from(_BUDGET_TEXTS)),
    )


def _relative(
    milestones: tuple[Milestone, ...], agreement: Agreement, *, mode: int
) -> tuple[Milestone, ...]:
    """Write some activities' dues relative to the start, the end or another activity.

    Each chosen activity is first narrowed to the first day of its window (a day within
    a window that broke no rule breaks none), and then written relative to an anchor
    that resolves to that very day; an activity is anchored only on an activity dated
    before it, so there is no loop. Approvals and reviews are left alone: the
    mutations remove them and move their dates.
    """
    # Activities and deliveries: a meeting narrowed to a Saturday would be CAL001.
    kinds = {MilestoneKind.ACTIVITY, MilestoneKind.DELIVERY}
    choices = {
        m.id: (number + mode) % 4
        for number, m in enumerate(milestones)
        if m.kind in kinds and m.due is not None and m.due.earliest is not None
    }
    narrowed = [
        attrs.evolve(m, due=DateWindow.exact(m.due.earliest))  # type: ignore[union-attr,arg-type]
        if choices.get(m.id)
        else m
        for m in milestones
    ]
    exact = [m for m in narrowed if m.id in choices and m.due is not None and m.due.is_exact]
    result: list[Milestone] = []
    for milestone in narrowed:
        choice = choices.get(milestone.id, 0)
        day = milestone.due.latest if milestone.due is not None else None
        relative: RelativeDate | None = None
        if day is None or not choice:
            result.append(milestone)
            continue
        anchors = [m for m in exact if m.due is not None and m.due.latest < day]
        if choice in {1, 3} and anchors:
            anchor = anchors[-1]
            days = (day - anchor.due.latest).days  # type: ignore[union-attr]
            relative = RelativeDate(period=Period(days, "days"), anchor=anchor.id)
        elif choice != 2 and agreement.start is not None and day > agreement.start:  # noqa: PLR2004
            days = (day - agreement.start).days
            relative = RelativeDate(period=Period(days, "days"), anchor="start")
        elif agreement.end is not None and day < agreement.end:
            days = (agreement.end - day).days
            relative = RelativeDate(period=Period(days, "days"), before=True, anchor="slut")
        result.append(milestone if relative is None else attrs.evolve(milestone, relative=relative))
    return tuple(result)


def _predecessor(agreement: Agreement) -> Agreement:
    """An earlier plan that ``agreement`` supersedes, ended the day before it starts."""
    assert agreement.start is not None  # noqa: S101 - the first agreement has a term
    end = agreement.start - dt.timedelta(days=1)
    return Agreement(
        id=f"{agreement.id}-forrige",
        title=f"{agreement.title} (forrige udgave)",
        kind=AgreementKind.IMPLEMENTATION_PLAN,
        parties=(_ADMINISTRATION,),
        start=Period(2, "years").before(agreement.start),
        end=end,
        status=AgreementStatus.REVOKED,
        version="første udgave",
    )


#: Actors of format 1.1: a region, a political party, and KKR with its members.
_REGION = "region-syddanmark"
_MORE_ACTORS = (
    Actor(id=_REGION, name="Region Syddanmark", kind=ActorKind.REGION),
    Actor(id="socialdemokratiet", name="Socialdemokratiet", kind=ActorKind.PARTY),
    Actor(
        id="kkr-syddanmark",
        name="KKR Syddanmark",
        kind=ActorKind.GROUP,
        members=(_COUNCIL, _REGION),
        aliases=("KKR",),
    ),
)


def _process() -> ApprovalProcess:
    return ApprovalProcess(
        id=_PROCESS,
        steps=(
            Step(id="indgaaet", name="Aftalen er indgået", actor_kind=ActorKind.INSTITUTION),
            Step(id="bestyrelse", name="Drøftet med bestyrelsen", actor_kind=ActorKind.BOARD),
            Step(id="godkendt", name="Godkendt af områdechef", actors=(_MANAGER,)),
        ),
    )


_APPROVERS = {"indgaaet": "{inst}", "bestyrelse": "{inst}-bestyrelse", "godkendt": _MANAGER}


# --------------------------------------------------------------------------------------
# Milestones
# --------------------------------------------------------------------------------------


@st.composite
def milestone_graphs(
    draw: st.DrawFn,
    *,
    start: dt.date = dt.date(2021, 8, 1),
    end: dt.date = dt.date(2024, 7, 31),
    min_milestones: int = 0,
    max_milestones: int = 8,
    approximate: bool = True,
    responsible: Sequence[str] = (_ADMINISTRATION,),
    prefix: str = "m",
) -> tuple[Milestone, ...]:
    """Draw activities whose ``depends_on`` form a DAG, dated in dependency order.

    Every milestone lies within ``start`` + 7 days to ``end``, and starts no earlier
    than the latest day of each milestone it depends on, so no reading of the dates
    puts it before a dependency. The order of the tuple is shuffled relative to the
    dependency order, as in real documents.
    """
    count = draw(st.integers(min(min_milestones, max_milestones), max_milestones))
    first = start + dt.timedelta(days=7)
    span = max(0, (end - first).days - 40)
    ready: list[dt.date] = []
    items: list[Milestone] = []
    for index in range(count):
        deps: list[int] = []
        if index:
            deps = draw(st.lists(st.integers(0, index - 1), max_size=min(index, 3), unique=True))
        floor = max([first, *(ready[d] for d in deps)])
        gap = draw(st.integers(0, max(0, min(span // max(count, 1), 60))))
        day = min(floor + dt.timedelta(days=gap), end - dt.timedelta(days=35))
        day = max(day, floor)
        form = draw(st.integers(0, _FORMS - 1)) if approximate else 0
        due = _named_window(day, form)
        if due.latest > end:
            due = DateWindow.exact(day)
        title = draw(st.sampled_from(_ACTIVITIES))
        kind = draw(st.sampled_from(_ACTIVITY_KINDS))
        if due.is_exact and kind in _MEETING_KINDS:
            # Later, never earlier: what it waits on stays before it (at most 5 days on).
            due = DateWindow.exact(_working_day(due.latest))
        ready.append(due.latest)
        items.append(
            Milestone(
                id=f"{prefix}{index + 1}",
                title=title,
                kind=kind,
                due=due,
                depends_on=tuple(f"{prefix}{d + 1}" for d in deps),
                responsible=draw(st.sampled_from(tuple(responsible))),
                tentative=draw(st.booleans()) if approximate else False,
            )
        )
    return tuple(draw(st.permutations(items)))


def _reviews(
    draw: st.DrawFn, start: dt.date, end: dt.date | None, period: Period, *, recurring: bool
) -> list[Milestone]:
    """Reviews so that no stretch of the term is longer than ``period``."""
    limit = _min_days(period)
    if recurring:
        # The first occurrence lies within the term, at most one period after the start.
        room = limit if end is None else min(limit, (end - start).days)
        offset = draw(st.integers(0, room))
        first = _working_day(start + dt.timedelta(days=offset))
        if (first - start).days > room:
            first = _working_day(start + dt.timedelta(days=offset), forward=False)
        return [
            Milestone(
                id="opfoelgning",
                title="Årligt møde om opfølgning på aftalen",
                kind=MilestoneKind.REVIEW,
                due=DateWindow.exact(first),
                every=period,
                responsible=_COMMITTEE,
            )
        ]
    horizon = end if end is not None else start + dt.timedelta(days=3 * 366)
    reviews: list[Milestone] = []
    day = start
    while (horizon - day).days > limit or not reviews:
        step = draw(st.integers(max(1, limit // 2), limit))
        previous = day
        day = min(day + dt.timedelta(days=step), horizon)
        # A working day: later while the stretch stays short enough and in the term,
        # else earlier (a stretch is at least 84 days, a run of days off at most 5).
        later = _working_day(day)
        day = (
            later
            if later <= horizon and (later - previous).days <= limit
            else _working_day(day, forward=False)
        )
        reviews.append(
            Milestone(
                id=f"opfoelgning-{len(reviews) + 1}",
                title="Opfølgningsmøde",
                kind=MilestoneKind.REVIEW,
                due=DateWindow.exact(day),
                responsible=_COMMITTEE,
            )
        )
        if day >= horizon:
            break
    return reviews


def _approvals(draw: st.DrawFn, start: dt.date, institution: str) -> list[Milestone]:
    """One approval per step, on working days strictly in step order before ``start``.

    The days are counted back from ``start``, each a working day before the one after
    it: moving them onto working days one by one could make two steps fall on one day
    (a Saturday and a Sunday both onto the Friday), and then no mutation could put the
    steps out of order.
    """
    gaps = draw(st.lists(st.integers(1, 20), min_size=3, max_size=3))
    days: list[dt.date] = []
    day = start
    for gap in gaps:
        day = _working_day(day - dt.timedelta(days=gap), forward=False)
        days.append(day)
    days.reverse()
    return [
        Milestone(
            id=f"godkendelse-{step.id}",
            title=step.name,
            kind=MilestoneKind.APPROVAL,
            due=DateWindow.exact(when),
            step=step.id,
            approver=_APPROVERS[step.id].format(inst=institution),
            status=MilestoneStatus.MET,
        )
        for step, when in zip(_process().steps, days, strict=True)
    ]


def _phases(draw: st.DrawFn, start: dt.date, end: dt.date) -> tuple[Phase, ...]:
    count = draw(st.integers(0, 3))
    if count == 0 or (end - start).days < 10 * count:
        return ()
    cuts = sorted(
        draw(
            st.lists(
                st.integers(1, (end - start).days - 1),
                min_size=count - 1,
                max_size=count - 1,
                unique=True,
            )
        )
    )
    bounds = [start, *(start + dt.timedelta(days=c) for c in cuts), end + dt.timedelta(days=1)]
    names = ("Opstart", "Implementering", "Forankring")
    return tuple(
        Phase(
            id=_slug(names[i]),
            name=names[i],
            start=bounds[i],
            end=bounds[i + 1] - dt.timedelta(days=1),
        )
        for i in range(count)
    )


def _in_phase(milestone: Milestone, phases: tuple[Phase, ...]) -> Milestone:
    if milestone.due is None or milestone.due.earliest is None:
        return milestone
    for phase in phases:
        if (
            phase.start is not None
            and phase.end is not None
            and phase.start <= milestone.due.earliest
            and milestone.due.latest <= phase.end
        ):
            return attrs.evolve(milestone, phase=phase.id)
    return milestone


# --------------------------------------------------------------------------------------
# Agreements
# --------------------------------------------------------------------------------------


def _themes_taken_up(
    draw: st.DrawFn, policy: Policy | None
) -> tuple[tuple[Theme, ...], tuple[str, ...] | None, list[str]]:
    """Own focus areas, ``covers`` (or ``None``: all), and every theme id taken up."""
    own_names = draw(st.lists(st.sampled_from(_THEMES), max_size=2, unique=True))
    own = tuple(Theme(id=f"fokus-{_slug(n)}", name=n) for n in own_names)
    if policy is None:
        return own, None, [t.id for t in own]
    all_ids = tuple(t.id for t in policy.themes)
    if draw(st.booleans()):
        return own, None, [*(t.id for t in own), *all_ids]
    chosen = st.lists(st.sampled_from(all_ids), min_size=1, max_size=len(all_ids), unique=True)
    covers = tuple(draw(chosen))
    return own, covers, [*(t.id for t in own), *covers]


def _commitments(
    draw: st.DrawFn,
    taken: list[str],
    *,
    institution: str,
    inherited_follow_up: bool,
    principle_ids: Sequence[str],
    max_commitments: int,
) -> tuple[Commitment, ...]:
    """A commitment for every theme taken up (the last ones share one past the limit)."""
    groups = [[theme] for theme in taken[:max_commitments]]
    if len(taken) > max_commitments:
        groups[-1].extend(taken[max_commitments:])
    own_follow_up = st.sampled_from(_FOLLOW_UPS)
    if inherited_follow_up:
        own_follow_up = st.one_of(st.none(), own_follow_up)
    goals = st.lists(st.sampled_from(_GOALS), min_size=1, max_size=2, unique=True)
    principles = (
        st.lists(st.sampled_from(tuple(principle_ids)), max_size=1)
        if principle_ids
        else st.just([])
    )
    return tuple(
        Commitment(
            id=f"indsats-{index + 1}",
            title=draw(st.sampled_from(_COMMITMENTS)),
            themes=tuple(
                dict.fromkeys([*themes, *draw(st.lists(st.sampled_from(taken), max_size=1))])
            ),
            owner=institution,
            goals=tuple(draw(goals)),
            follow_up=draw(own_follow_up),
            principles=tuple(draw(principles)),
        )
        for index, themes in enumerate(groups)
    )


@st.composite
def _agreement(
    draw: st.DrawFn,
    *,
    agreement_id: str,
    institution: str,
    institution_name: str,
    policy: Policy | None,
    principle_ids: Sequence[str],
    min_milestones: int,
    max_milestones: int,
    max_commitments: int,
    approximate: bool,
    recurring_reviews: bool,
    phases: bool,
    waivers: bool,
    around: dt.date | None,
    first: bool = False,
) -> Agreement:
    kind = draw(st.sampled_from(_AGREEMENT_KINDS))
    if around is None:
        start = draw(st.dates(min_value=_EARLIEST, max_value=_LATEST_START))
    else:
        start = around - dt.timedelta(days=draw(st.integers(40, 700)))
    years = draw(st.integers(2 if around is not None else 1, 4))
    duration = Period(years, "years")
    end = duration.end_of_term(start)
    # A partnership may be open-ended (Varde's phase 2); the first agreement never is,
    # so that every mutation finds an agreement with a term.
    open_ended = (
        not first and around is None and kind is AgreementKind.PARTNERSHIP and draw(st.booleans())
    )
    style = draw(st.integers(0, 2))  # 0: duration, 1: end, 2: both
    entered_gap = draw(st.integers(0, 30))

    own, covers, taken = _themes_taken_up(draw, policy)
    agreement_follow_up = draw(st.one_of(st.none(), st.sampled_from(_FOLLOW_UPS)))
    commitments = _commitments(
        draw,
        taken,
        institution=institution,
        inherited_follow_up=agreement_follow_up is not None,
        principle_ids=principle_ids,
        max_commitments=max_commitments,
    )

    activity_end = end if not open_ended else start + dt.timedelta(days=3 * 365)
    activities = draw(
        milestone_graphs(
            start=start,
            end=activity_end,
            min_milestones=min_milestones,
            max_milestones=max_milestones,
            approximate=approximate,
            responsible=(institution, _ADMINISTRATION),
        )
    )
    phase_list = _phases(draw, start, end) if phases and not open_ended else ()
    activities = tuple(_in_phase(m, phase_list) for m in activities)
    review_every = (
        None
        if kind is AgreementKind.IMPLEMENTATION_PLAN
        else draw(st.sampled_from((Period(1, "years"), Period(1, "years"), Period(6, "months"))))
    )
    reviews: list[Milestone] = []
    if review_every is not None:
        reviews = _reviews(
            draw,
            start,
            None if open_ended else end,
            review_every,
            recurring=recurring_reviews and draw(st.booleans()),
        )
    approvals = _approvals(draw, start, institution) if draw(st.booleans()) else []
    everything = [*approvals, *activities, *reviews]
    if around is not None:
        # Everything due before "now" has happened.
        everything = [
            attrs.evolve(m, status=MilestoneStatus.MET)
            if m.due is not None and m.every is None and m.due.latest < around
            else m
            for m in everything
        ]
    milestones = tuple(draw(st.permutations(everything)))
    waiver_list: tuple[Waiver, ...] = ()
    if waivers and draw(st.booleans()):
        waiver_list = (
            Waiver(
                rule="MIL005",
                reason="Byrådet har frisat skolen fra opfølgning på enkelte aktiviteter.",
                granted_by=_COUNCIL,
                granted=DateWindow.exact(start),
            ),
        )
    fields: dict[str, Any] = {
        "id": agreement_id,
        "title": _TITLES[kind].format(institution_name),
        "kind": kind,
        "parties": (_COUNCIL, institution),
        "entered": DateWindow.exact(start - dt.timedelta(days=entered_gap))
        if entered_gap
        else None,
        "start": start,
        "policies": (policy.id,) if policy is not None else (),
        "covers": covers,
        "principles": tuple(principle_ids),
        "themes": own,
        "commitments": tuple(commitments),
        "milestones": milestones,
        "phases": phase_list,
        "waivers": waiver_list,
        "approval_process": _PROCESS if approvals else None,
        "review_every": review_every,
        "follow_up": agreement_follow_up,
        "purpose": "At tydeliggøre parternes bidrag til opfyldelsen af politikken.",
    }
    if not open_ended:
        if style in (0, 2):
            fields["duration"] = duration
        if style in (1, 2):
            fields["end"] = end
    else:
        fields["end"] = None
    return Agreement(**fields)


def _with_format_1_1(
    agreement: Agreement, variant: int, policy: Policy | None, *, in_force: bool
) -> Agreement:
    """Give an agreement the keys of format 1.1; none of them changes a finding.

    Derived from ``variant`` (and the agreement's start) rather than drawn, so that a
    portfolio's examples shrink as well as before: one draw turns all of it on or off.
    """
    start = agreement.start or dt.date(2020, 1, 1)
    variant += start.toordinal()
    basis = [_LAWS[variant % len(_LAWS)]]
    if policy is not None and variant % 2:
        basis.append(Basis(title=policy.name, kind=BasisKind.POLICY, ref=policy.id))

    def budget(offset: int) -> Budget:
        number = variant + offset
        return Budget(
            amount=(number % 40) * 1_000_000 + (number % 3) * 250_000 + number % 2,
            approximate=number % 2 == 0,
            every=Period(1, "years") if number % 3 == 0 else None,
            year=start.year if number % 3 == 1 else None,
            description=_BUDGET_TEXTS[number % len(_BUDGET_TEXTS)],
        )

    statuses = (None, *AgreementStatus)
    versions = (None, *_VERSIONS)
    agreement = attrs.evolve(
        agreement,
        year=start.year if variant % 2 == 0 else None,
        status=statuses[variant % len(statuses)],
        version=versions[variant % len(versions)],
        basis=tuple(basis),
        budget=tuple(budget(k) for k in range(variant % 3)),
        commitments=tuple(
            attrs.evolve(c, budget=(budget(number + 1),)) if number % 2 == 0 else c
            for number, c in enumerate(agreement.commitments)
        ),
    )
    if in_force:
        # In force on a day, a milestone past it is met: no status or date may change.
        return agreement
    milestones = list(agreement.milestones)
    # The first planned activity is under way (iværksat).
    for index, m in enumerate(milestones):
        if m.kind is MilestoneKind.ACTIVITY and m.status is MilestoneStatus.PLANNED:
            milestones[index] = attrs.evolve(m, status=MilestoneStatus.IN_PROGRESS)
            break
    relative = _relative(tuple(milestones), agreement, mode=variant % 3 + 1)
    return resolve_agreement(attrs.evolve(agreement, milestones=relative))


@st.composite
def agreements(
    draw: st.DrawFn,
    *,
    min_milestones: int = 0,
    max_milestones: int = 12,
    max_commitments: int = 4,
    approximate: bool = True,
    recurring_reviews: bool = True,
    phases: bool = True,
    waivers: bool = True,
) -> Agreement:
    """Draw one agreement that is valid in a portfolio with its actors and policy.

    Its parties are ``byraadet`` and an institution; it rests on the policy
    ``bu-politik`` and the approval process ``lokal-godkendelse`` — as drawn by
    :func:`portfolios`, which is the strategy to use when the agreement is checked.
    """
    name = draw(st.sampled_from(_INSTITUTIONS))
    policy = draw(policies())
    agreement = draw(
        _agreement(
            agreement_id=f"aftale-{_slug(name)}",
            institution=_slug(name),
            institution_name=name,
            policy=policy,
            principle_ids=(),
            min_milestones=min_milestones,
            max_milestones=max_milestones,
            max_commitments=max_commitments,
            approximate=approximate,
            recurring_reviews=recurring_reviews,
            phases=phases,
            waivers=waivers,
            around=None,
        )
    )
    if draw(st.booleans()):
        agreement = _with_format_1_1(agreement, 0, policy, in_force=False)
    return agreement


@st.composite
def portfolios(
    draw: st.DrawFn,
    *,
    min_agreements: int = 1,
    max_agreements: int = 3,
    min_milestones: int = 0,
    max_milestones: int = 12,
    max_commitments: int = 4,
    approximate: bool = True,
    recurring_reviews: bool = True,
    phases: bool = True,
    waivers: bool = True,
    in_force_on: dt.date | None = None,
) -> Portfolio:
    """Draw a valid portfolio.

    One municipality's actors, a policy, principles, an approval process and
    ``min_agreements`` to ``max_agreements`` agreements (at most 12: one per
    institution), each with ``min_milestones`` to ``max_milestones`` activities besides
    its approvals and reviews.

    ``check`` gives no finding for what it draws (without ``as_of``). With
    ``in_force_on``, every agreement is in force on that day and every milestone due
    before it is met, so ``check(portfolio, as_of=in_force_on)`` finds nothing either.

    >>> from hypothesis import given, settings
    >>> import velfaerd
    >>> @settings(max_examples=5)
    ... @given(portfolios(max_agreements=2, max_milestones=4))
    ... def test(portfolio):
    ...     assert velfaerd.check(portfolio).findings == ()
    >>> test()
    """
    names = draw(
        st.lists(
            st.sampled_from(_INSTITUTIONS),
            min_size=max(1, min(min_agreements, max_agreements)),
            max_size=max_agreements,
            unique=True,
        )
    )
    municipality, code = draw(st.sampled_from(_MUNICIPALITIES))
    # Format 1.1's actors, and an earlier version the first agreement supersedes.
    more_actors, predecessor, format_1_1 = (draw(st.booleans()) for _ in range(3))
    policy = draw(policies()) if draw(st.integers(0, 3)) else None
    principle_texts = draw(st.lists(st.sampled_from(_PRINCIPLES), max_size=2, unique=True))
    principles = tuple(
        Principle(id=f"ledelse-{i + 1}", text=text, group="ledelsesprincipper")
        for i, text in enumerate(principle_texts)
    )
    items = [
        draw(
            _agreement(
                agreement_id=f"aftale-{_slug(name)}",
                institution=_slug(name),
                institution_name=name,
                policy=policy,
                principle_ids=tuple(p.id for p in principles),
                min_milestones=min_milestones,
                max_milestones=max_milestones,
                max_commitments=max_commitments,
                approximate=approximate,
                recurring_reviews=recurring_reviews,
                phases=phases,
                waivers=waivers,
                around=in_force_on,
                first=index == 0,
            )
        )
        for index, name in enumerate(names)
    ]
    if format_1_1:
        in_force = in_force_on is not None
        items = [
            _with_format_1_1(item, index, policy, in_force=in_force)
            for index, item in enumerate(items)
        ]
    actor_list = _base_actors() + [a for n in names for a in _institution(n)]
    if more_actors:
        actor_list += _MORE_ACTORS
    if in_force_on is None and len(items) < max_agreements and predecessor:
        first = items[0]
        previous = _predecessor(first)
        items = [attrs.evolve(first, supersedes=previous.id), *items[1:], previous]
    return Portfolio(
        municipalities=(Municipality(name=municipality, code=code),),
        actors=tuple(draw(st.permutations(actor_list))),
        policies=(policy,) if policy is not None else (),
        principles=principles,
        approval_processes=(_process(),),
        agreements=tuple(items),
    )


# --------------------------------------------------------------------------------------
# Mutations
# --------------------------------------------------------------------------------------


class NotApplicableError(ValueError):
    """A mutation cannot be applied to this portfolio (it lacks what it changes)."""


@attrs.frozen
class Mutation:
    """A named change that makes one rule code fire on a valid portfolio.

    ``apply`` returns the changed portfolio or raises :class:`NotApplicableError`.
    """

    code: str
    name: str
    description: str
    apply: Callable[[Portfolio], Portfolio] = attrs.field(repr=False, eq=False)


def _replace_agreement(portfolio: Portfolio, index: int, agreement: Agreement) -> Portfolio:
    items = list(portfolio.agreements)
    items[index] = agreement
    return attrs.evolve(portfolio, agreements=tuple(items))


def _pick(
    portfolio: Portfolio, test: Callable[[Agreement], bool], what: str
) -> tuple[int, Agreement]:
    for index, agreement in enumerate(portfolio.agreements):
        if test(agreement):
            return index, agreement
    msg = f"no agreement {what}"
    raise NotApplicableError(msg)


def _is_plan(agreement: Agreement) -> bool:
    return agreement.kind is AgreementKind.IMPLEMENTATION_PLAN


def _add_milestones(portfolio: Portfolio, index: int, *new: Milestone) -> Portfolio:
    agreement = portfolio.agreements[index]
    return _replace_agreement(
        portfolio, index, attrs.evolve(agreement, milestones=(*agreement.milestones, *new))
    )


def _approvals_of(agreement: Agreement) -> list[Milestone]:
    return [m for m in agreement.milestones if m.kind is MilestoneKind.APPROVAL and m.step]


def _mut_duplicate_actor(p: Portfolio) -> Portfolio:
    council = p.get_actor(_COUNCIL) or (p.actors[0] if p.actors else None)
    if council is None:
        msg = "no actor"
        raise NotApplicableError(msg)
    return attrs.evolve(p, actors=(*p.actors, attrs.evolve(council, name=council.name + " (kopi)")))


def _mut_unknown_responsible(p: Portfolio) -> Portfolio:
    index, _ = _pick(p, lambda _: True, "at all")
    return _add_milestones(
        p, index, Milestone(id="ukendt-ansvarlig", title="Møde", responsible="ukendt-aktør")
    )


def _mut_party_gone(p: Portfolio) -> Portfolio:
    starts = [a.start for a in p.agreements if a.start is not None]
    party = p.get_actor(_COUNCIL)
    if not starts or party is None:
        msg = "no dated agreement with the council as party"
        raise NotApplicableError(msg)
    gone = DateWindow.exact(min(starts) - dt.timedelta(days=400))
    actors_ = tuple(attrs.evolve(a, until=gone) if a.id == _COUNCIL else a for a in p.actors)
    return attrs.evolve(p, actors=actors_)


def _mut_uncovered_theme(p: Portfolio) -> Portfolio:
    index, agreement = _pick(p, lambda _: True, "at all")
    theme = Theme(id="fokus-ny-udækket", name="Et nyt fokusområde uden indsats")
    return _replace_agreement(p, index, attrs.evolve(agreement, themes=(*agreement.themes, theme)))


def _mut_goal_removed(p: Portfolio) -> Portfolio:
    index, agreement = _pick(p, lambda a: bool(a.commitments), "with commitments")
    first, *rest = agreement.commitments
    return _replace_agreement(
        p, index, attrs.evolve(agreement, commitments=(attrs.evolve(first, goals=()), *rest))
    )


def _mut_follow_up_removed(p: Portfolio) -> Portfolio:
    index, agreement = _pick(p, lambda a: bool(a.commitments), "with commitments")
    first, *rest = agreement.commitments
    return _replace_agreement(
        p,
        index,
        attrs.evolve(
            agreement,
            follow_up=None,
            commitments=(
                attrs.evolve(first, follow_up=None),
                *(c if c.follow_up else attrs.evolve(c, follow_up=_FOLLOW_UPS[0]) for c in rest),
            ),
        ),
    )


def _mut_orphan_institution(p: Portfolio) -> Portfolio:
    orphan = Actor(id="skolen-uden-aftale", name="Skolen uden aftale", kind=ActorKind.INSTITUTION)
    return attrs.evolve(p, actors=(*p.actors, orphan))


def _mut_reviews_removed(p: Portfolio) -> Portfolio:
    index, agreement = _pick(
        p, lambda a: a.review_every is not None and a.start is not None, "that needs reviews"
    )
    kept = tuple(m for m in agreement.milestones if m.kind is not MilestoneKind.REVIEW)
    return _replace_agreement(p, index, attrs.evolve(agreement, milestones=kept))


def _mut_review_before_start(p: Portfolio) -> Portfolio:
    index, agreement = _pick(p, lambda a: a.start is not None, "with a start")
    assert agreement.start is not None  # noqa: S101 - _pick checked it
    review = Milestone(
        id="opfoelgning-foer-start",
        title="Opfølgning før aftalen begynder",
        kind=MilestoneKind.REVIEW,
        due=DateWindow.exact(_working_day(agreement.start - dt.timedelta(days=30), forward=False)),
    )
    return _add_milestones(p, index, review)


def _mut_undated_recurring_review(p: Portfolio) -> Portfolio:
    index, agreement = _pick(p, lambda a: a.start is not None, "with a start")
    review = Milestone(
        id="opfoelgning-udateret",
        title="Mindst en gang om året",
        kind=MilestoneKind.REVIEW,
        every=agreement.review_every or Period(1, "years"),
    )
    return _add_milestones(p, index, review)


def _with_approvals(p: Portfolio) -> tuple[int, Agreement, list[Milestone]]:
    index, agreement = _pick(p, lambda a: len(_approvals_of(a)) >= 3, "with approvals")  # noqa: PLR2004
    return index, agreement, _approvals_of(agreement)


def _mut_approvals_swapped(p: Portfolio) -> Portfolio:
    index, agreement, approvals = _with_approvals(p)
    first, second = approvals[0], approvals[1]
    swapped = {
        first.id: attrs.evolve(first, due=second.due),
        second.id: attrs.evolve(second, due=first.due),
    }
    milestones = tuple(swapped.get(m.id, m) for m in agreement.milestones)
    return _replace_agreement(p, index, attrs.evolve(agreement, milestones=milestones))


def _mut_approval_removed(p: Portfolio) -> Portfolio:
    index, agreement, approvals = _with_approvals(p)
    gone = approvals[-1].id
    kept = tuple(m for m in agreement.milestones if m.id != gone)
    return _replace_agreement(p, index, attrs.evolve(agreement, milestones=kept))


def _mut_wrong_approver(p: Portfolio) -> Portfolio:
    index, agreement, approvals = _with_approvals(p)
    target = approvals[0].id
    milestones = tuple(
        attrs.evolve(m, approver=_COUNCIL) if m.id == target else m for m in agreement.milestones
    )
    return _replace_agreement(p, index, attrs.evolve(agreement, milestones=milestones))


def _mut_approved_after_start(p: Portfolio) -> Portfolio:
    index, agreement = _pick(
        p,
        lambda a: len(_approvals_of(a)) >= 3 and not _is_plan(a) and a.start is not None,  # noqa: PLR2004
        "with approvals that is not a plan",
    )
    assert agreement.start is not None  # noqa: S101 - _pick checked it
    # The approval of the last step: moving it later keeps the steps in order.
    last_step = _process().steps[-1].id
    last = next((m.id for m in _approvals_of(agreement) if m.step == last_step), None)
    if last is None:
        msg = f"no approval of the step {last_step!r}"
        raise NotApplicableError(msg)
    late_day = DateWindow.exact(_working_day(agreement.start + dt.timedelta(days=1)))
    milestones = tuple(
        attrs.evolve(m, due=late_day) if m.id == last else m for m in agreement.milestones
    )
    return _replace_agreement(p, index, attrs.evolve(agreement, milestones=milestones))


def _mut_cycle(p: Portfolio) -> Portfolio:
    index, _ = _pick(p, lambda _: True, "at all")
    return _add_milestones(
        p,
        index,
        Milestone(id="hoenen", title="Hønen", depends_on=("aegget",)),
        Milestone(id="aegget", title="Ægget", depends_on=("hoenen",)),
    )


def _mut_due_before_dependency(p: Portfolio) -> Portfolio:
    index, agreement = _pick(p, lambda a: a.start is not None, "with a start")
    assert agreement.start is not None  # noqa: S101 - _pick checked it
    first = agreement.start + dt.timedelta(days=20)
    return _add_milestones(
        p,
        index,
        Milestone(id="forudsaetning", title="Forudsætning", due=DateWindow.exact(first)),
        Milestone(
            id="for-tidlig",
            title="For tidlig",
            due=DateWindow.exact(first - dt.timedelta(days=5)),
            depends_on=("forudsaetning",),
        ),
    )


def _mut_activity_before_span(p: Portfolio) -> Portfolio:
    index, agreement = _pick(p, lambda a: a.start is not None, "with a start")
    span_start = (
        agreement.entered.earliest
        if agreement.entered and agreement.entered.earliest
        else agreement.start
    )
    assert span_start is not None  # noqa: S101 - _pick checked it
    return _add_milestones(
        p,
        index,
        Milestone(
            id="foer-aftalen",
            title="Aktivitet før aftalen",
            due=DateWindow.exact(span_start - dt.timedelta(days=60)),
        ),
    )


def _mut_meeting_on_sunday(p: Portfolio) -> Portfolio:
    index, agreement = _pick(p, lambda a: a.start is not None and a.end is not None, "with a term")
    assert agreement.start is not None  # noqa: S101 - _pick checked it
    # The first Sunday two weeks into the term: inside its span, in no phase.
    day = agreement.start + dt.timedelta(days=14)
    sunday = day + dt.timedelta(days=(6 - day.weekday()) % 7)
    return _add_milestones(
        p,
        index,
        Milestone(
            id="moede-paa-en-soendag",
            title="Dialogmøde om aftalen",
            kind=MilestoneKind.MEETING,
            due=DateWindow.exact(sunday),
        ),
    )


def _mut_phases_overlap(p: Portfolio) -> Portfolio:
    index, agreement = _pick(p, lambda a: a.start is not None, "with a start")
    assert agreement.start is not None  # noqa: S101 - _pick checked it
    last = agreement.phases[-1] if agreement.phases else None
    if last is not None and last.start is not None and last.end is not None:
        extra: tuple[Phase, ...] = (
            Phase(id="fase-overlap", name="Overlappende fase", start=last.start, end=last.end),
        )
    else:
        start = agreement.start
        extra = (
            Phase(id="fase-a", name="Fase A", start=start, end=start + dt.timedelta(days=30)),
            Phase(
                id="fase-b",
                name="Fase B",
                start=start + dt.timedelta(days=20),
                end=start + dt.timedelta(days=60),
            ),
        )
    return _replace_agreement(p, index, attrs.evolve(agreement, phases=(*agreement.phases, *extra)))


def _mut_entered_late(p: Portfolio) -> Portfolio:
    index, agreement = _pick(p, lambda a: a.start is not None, "with a start")
    assert agreement.start is not None  # noqa: S101 - _pick checked it
    entered = DateWindow.exact(agreement.start + dt.timedelta(days=1))
    return _replace_agreement(
        p, index, attrs.evolve(agreement, entered=entered, start=agreement.start)
    )


def _mut_one_party(p: Portfolio) -> Portfolio:
    index, agreement = _pick(
        p,
        lambda a: not _is_plan(a) and len(set(a.parties)) >= 2,  # noqa: PLR2004
        "with two parties that is not a plan",
    )
    return _replace_agreement(p, index, attrs.evolve(agreement, parties=agreement.parties[1:]))


def _mut_duration_disagrees(p: Portfolio) -> Portfolio:
    index, agreement = _pick(p, lambda a: a.start is not None and a.end is not None, "with a term")
    wrong = Period((agreement.end.year - agreement.start.year) + 7, "years")  # type: ignore[union-attr]
    return _replace_agreement(
        p, index, attrs.evolve(agreement, duration=wrong, start=agreement.start, end=agreement.end)
    )


def _mut_overlapping_revision(p: Portfolio) -> Portfolio:
    index, agreement = _pick(p, lambda a: a.start is not None and a.end is not None, "with a term")
    revision = attrs.evolve(
        agreement,
        id=f"{agreement.id}-revideret",
        supersedes=agreement.id,
        version="revideret",
        status=AgreementStatus.ADOPTED,
    )
    items = list(p.agreements)
    items.insert(index + 1, revision)
    return attrs.evolve(p, agreements=tuple(items))


#: Every named mutation, by the rule code it makes fire.
MUTATIONS: dict[str, Mutation] = {
    m.code: m
    for m in (
        Mutation("REF001", "duplicate-actor", "the council is defined twice", _mut_duplicate_actor),
        Mutation(
            "REF002",
            "unknown-responsible",
            "a milestone names an unknown actor",
            _mut_unknown_responsible,
        ),
        Mutation(
            "REF003",
            "party-ceased",
            "the council ceased to exist before the agreements",
            _mut_party_gone,
        ),
        Mutation(
            "COV001",
            "uncovered-focus-area",
            "a focus area without commitment",
            _mut_uncovered_theme,
        ),
        Mutation("COV002", "goal-removed", "a commitment loses its goals", _mut_goal_removed),
        Mutation(
            "COV003",
            "follow-up-removed",
            "a commitment and its agreement lose their follow-up",
            _mut_follow_up_removed,
        ),
        Mutation(
            "COV004",
            "institution-without-agreement",
            "an institution is party to nothing",
            _mut_orphan_institution,
        ),
        Mutation(
            "REV001", "reviews-removed", "an agreement loses every review", _mut_reviews_removed
        ),
        Mutation(
            "REV002",
            "review-before-start",
            "a review dated before the term",
            _mut_review_before_start,
        ),
        Mutation(
            "REV003",
            "undated-recurring-review",
            "a recurring review with no date",
            _mut_undated_recurring_review,
        ),
        Mutation(
            "APR001",
            "approvals-swapped",
            "the first two approvals swap dates",
            _mut_approvals_swapped,
        ),
        Mutation(
            "APR002", "approval-removed", "the last step loses its approval", _mut_approval_removed
        ),
        Mutation(
            "APR003", "wrong-approver", "the council takes a school's step", _mut_wrong_approver
        ),
        Mutation(
            "APR004",
            "approved-after-start",
            "the last approval comes after the start",
            _mut_approved_after_start,
        ),
        Mutation("MIL001", "dependency-cycle", "two milestones wait on each other", _mut_cycle),
        Mutation(
            "MIL002",
            "due-before-dependency",
            "a milestone is due before what it waits on",
            _mut_due_before_dependency,
        ),
        Mutation(
            "MIL003",
            "activity-before-agreement",
            "an activity before the agreement's span",
            _mut_activity_before_span,
        ),
        Mutation("MIL004", "phases-overlap", "two phases overlap", _mut_phases_overlap),
        Mutation(
            "AGR001", "entered-after-start", "entered the day after it started", _mut_entered_late
        ),
        Mutation("AGR002", "one-party", "an agreement with one party", _mut_one_party),
        Mutation(
            "AGR003",
            "duration-disagrees",
            "the duration disagrees with start and end",
            _mut_duration_disagrees,
        ),
        Mutation(
            "AGR004",
            "overlapping-revision",
            "a revision of an agreement supersedes it over the same term",
            _mut_overlapping_revision,
        ),
        Mutation(
            "CAL001", "meeting-on-sunday", "a meeting dated on a Sunday", _mut_meeting_on_sunday
        ),
    )
}

#: Codes whose rules need ``as_of``: :func:`violating` takes ``as_of`` for them.
AS_OF_CODES = frozenset({"MIL005"})


def _fixed_approvals(agreement: Agreement) -> tuple[Milestone, ...]:
    assert agreement.start is not None  # noqa: S101 - generated agreements have one
    institution = agreement.parties[-1]
    return tuple(
        Milestone(
            id=f"godkendelse-{step.id}",
            title=step.name,
            kind=MilestoneKind.APPROVAL,
            due=DateWindow.exact(
                _working_day(agreement.start - dt.timedelta(days=30 - 10 * number), forward=False)
            ),
            step=step.id,
            approver=_APPROVERS[step.id].format(inst=institution),
            status=MilestoneStatus.MET,
        )
        for number, step in enumerate(_process().steps)
    )


def _prepare(code: str, portfolio: Portfolio) -> Portfolio:
    """Make a drawn portfolio hold what the mutation for ``code`` changes.

    Every change keeps the portfolio valid: approvals dated in order before the start,
    a review requirement on an agreement without reviews (then fixed by REV001's
    mutation removing them), a plan turned into a cooperation agreement.
    """
    agreement = portfolio.agreements[0]
    if code in {"APR001", "APR002", "APR003", "APR004"} and len(_approvals_of(agreement)) < 3:  # noqa: PLR2004
        agreement = attrs.evolve(
            agreement,
            approval_process=_PROCESS,
            milestones=(*agreement.milestones, *_fixed_approvals(agreement)),
        )
    if code in {"APR004", "AGR002"} and _is_plan(agreement):
        agreement = attrs.evolve(agreement, kind=AgreementKind.COOPERATION)
    if code in {"COV002", "COV003"} and not any(a.commitments for a in portfolio.agreements):
        theme = Theme(id="fokus-trivsel", name="Trivsel og sundhed")
        commitment = Commitment(
            id="indsats-trivsel",
            title=_COMMITMENTS[5],
            themes=(theme.id,),
            goals=(_GOALS[5],),
            follow_up=_FOLLOW_UPS[3],
        )
        agreement = attrs.evolve(
            agreement,
            themes=(*agreement.themes, theme),
            commitments=(*agreement.commitments, commitment),
        )
    if code == "REV001" and agreement.review_every is None:
        agreement = attrs.evolve(agreement, review_every=Period(1, "years"))
    return _replace_agreement(portfolio, 0, agreement)


def mutations(codes: Sequence[str] | None = None) -> st.SearchStrategy[Mutation]:
    """Draw one of the named mutations (of ``codes``, when given)."""
    chosen = [MUTATIONS[c] for c in codes] if codes is not None else list(MUTATIONS.values())
    return st.sampled_from(chosen)


def _mut_overdue(portfolio: Portfolio, as_of: dt.date) -> Portfolio:
    agreement = portfolio.agreements[0]
    overdue = Milestone(
        id="forsinket",
        title="Aktivitet der ikke blev gennemført",
        due=DateWindow.exact(as_of - dt.timedelta(days=1)),
        responsible=_ADMINISTRATION,
    )
    # Drop any waiver of MIL005, which would set the finding aside.
    waivers = tuple(w for w in agreement.waivers if w.rule != "MIL005")
    return _replace_agreement(
        portfolio,
        0,
        attrs.evolve(agreement, milestones=(*agreement.milestones, overdue), waivers=waivers),
    )


def violating(
    code: str,
    *,
    as_of: dt.date | None = None,
    **options: Any,  # noqa: ANN401 - for portfolios()
) -> st.SearchStrategy[Portfolio]:
    """Draw a portfolio that breaks exactly one rule: ``check`` gives only ``code``.

    ``options`` go to :func:`portfolios`. For a rule that needs ``as_of``
    (``MIL005``), pass it: the portfolio's agreements are in force on that day, and
    ``check(portfolio, as_of=as_of)`` gives only ``code``.

    :raises KeyError: for a code with no mutation.
    :raises ValueError: for a code that needs ``as_of`` without it.
    """
    if code in AS_OF_CODES:
        if as_of is None:
            msg = f"{code} needs as_of: violating({code!r}, as_of=datetime.date(...))"
            raise ValueError(msg)
        return portfolios(in_force_on=as_of, **options).map(lambda p: _mut_overdue(p, as_of))
    mutation = MUTATIONS.get(code)
    if mutation is None:
        msg = f"no mutation makes {code!r} fire; known: {', '.join(sorted(MUTATIONS))}"
        raise KeyError(msg)
    base = portfolios(in_force_on=as_of, **options) if as_of is not None else portfolios(**options)
    return base.map(lambda p: mutation.apply(_prepare(code, p)))


# --------------------------------------------------------------------------------------
# Registration with hypothesis: st.from_type(velfaerd.Agreement) and friends
# --------------------------------------------------------------------------------------


def _for_type() -> dict[type, st.SearchStrategy[Any]]:
    return {
        Portfolio: portfolios(),
        Agreement: agreements(),
        DateWindow: date_windows(),
        Period: periods(),
        Policy: policies(),
        Theme: policies().flatmap(lambda p: st.sampled_from(p.themes)),
        Actor: actors().flatmap(st.sampled_from),
        Municipality: st.sampled_from(_MUNICIPALITIES).map(
            lambda m: Municipality(name=m[0], code=m[1])
        ),
        Principle: st.sampled_from(_PRINCIPLES).map(
            lambda t: Principle(id="ledelse-1", text=t, group="ledelsesprincipper")
        ),
        ApprovalProcess: st.just(_process()),
        Step: st.sampled_from(_process().steps),
        Milestone: milestone_graphs(min_milestones=1, max_milestones=5).flatmap(st.sampled_from),
        Commitment: st.builds(
            Commitment,
            id=st.just("indsats-1"),
            title=st.sampled_from(_COMMITMENTS),
            themes=st.lists(st.sampled_from(_THEMES), min_size=1, max_size=2, unique=True).map(
                lambda names: tuple(f"tema-{_slug(n)}" for n in names)
            ),
            goals=st.lists(st.sampled_from(_GOALS), min_size=1, max_size=2, unique=True).map(tuple),
            follow_up=st.sampled_from(_FOLLOW_UPS),
        ),
        Phase: st.builds(Phase, id=st.just("opstart"), name=st.just("Opstart")),
        Waiver: st.just(Waiver(rule="MIL005", reason="Frisat af Byrådet.", granted_by=_COUNCIL)),
    }


def strategy_for(cls: type) -> st.SearchStrategy[Any]:
    """Return the strategy ``st.from_type(cls)`` uses for a velfaerd model class.

    :raises KeyError: for a class velfaerd has no strategy for.
    """
    return _for_type()[cls]


#: The classes ``st.from_type`` draws valid values of.
REGISTERED_TYPES: tuple[type, ...] = (
    Portfolio,
    Agreement,
    DateWindow,
    Period,
    Policy,
    Theme,
    Actor,
    Municipality,
    Principle,
    ApprovalProcess,
    Step,
    Milestone,
    Commitment,
    Phase,
    Waiver,
)
