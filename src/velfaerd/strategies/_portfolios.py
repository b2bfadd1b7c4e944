"""Actors, policies, budgets, agreements and portfolios, valid by construction.

:func:`portfolios` draws one municipality's actors, a policy, principles, the approval
process and agreements; :func:`agreements`, :func:`actors`, :func:`policies` and
:func:`budgets` draw the parts. Nothing is filtered: every theme an agreement takes up
gets a commitment, its milestones come from ``_milestones`` (dependency graphs,
reviews, approvals, phases), and the keys of format 1.1 are added in ways that change
no finding.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING, Any

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from velfaerd.dates import DateWindow, Period
from velfaerd.format._resolve import resolve_agreement
from velfaerd.model import (
    Actor,
    ActorKind,
    Agreement,
    AgreementKind,
    AgreementStatus,
    Basis,
    BasisKind,
    Budget,
    Commitment,
    MilestoneKind,
    MilestoneStatus,
    Municipality,
    Policy,
    Portfolio,
    Principle,
    Theme,
    Waiver,
)
from velfaerd.strategies._content import (
    ADMINISTRATION,
    AGREEMENT_KINDS,
    BUDGET_TEXTS,
    COMMITMENTS,
    COMMITTEE,
    COUNCIL,
    FOLLOW_UPS,
    GOALS,
    INSTITUTIONS,
    LAWS,
    MANAGER,
    MUNICIPALITIES,
    POLICIES,
    PRINCIPLES,
    PROCESS,
    THEMES,
    TITLES,
    VERSIONS,
    approval_process,
    slug,
)
from velfaerd.strategies._dates import relative_dues
from velfaerd.strategies._followup import with_format_1_2, with_records
from velfaerd.strategies._milestones import (
    approvals_before,
    in_phase,
    milestone_graphs,
    phases_within,
    reviews_within,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from velfaerd.model import Milestone

__all__ = ["actors", "agreements", "budgets", "policies", "portfolios"]

_EARLIEST = dt.date(2005, 1, 1)
_LATEST_START = dt.date(2035, 12, 31)

# Strategies are built once, not at every draw: building and validating one costs more
# than drawing from it. The same strategy draws the same values from the same choices.
_integers = functools.cache(st.integers)
_sampled = functools.cache(st.sampled_from)
_BOOLEANS = st.booleans()
_KINDS = st.sampled_from(AGREEMENT_KINDS)
_STARTS = st.dates(min_value=_EARLIEST, max_value=_LATEST_START)
_STYLES = st.integers(0, 2)
_ENTERED_GAPS = st.integers(0, 30)
_BEFORE_NOW = st.integers(40, 700)
_FOLLOW_UPS = st.sampled_from(FOLLOW_UPS)
_MAYBE_FOLLOW_UP = st.one_of(st.none(), _FOLLOW_UPS)
_GOALS = st.lists(st.sampled_from(GOALS), min_size=1, max_size=2, unique=True)
_COMMITMENT_TITLES = st.sampled_from(COMMITMENTS)
_OWN_THEMES = st.lists(st.sampled_from(THEMES), max_size=2, unique=True)
_REVIEW_EVERY = st.sampled_from((Period(1, "years"), Period(1, "years"), Period(6, "months")))
_ADOPTED = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31))
_POLICY_NAMES = st.sampled_from(POLICIES)
_POLICY_BASIS = st.lists(st.sampled_from(LAWS), max_size=1)
_MILLIONS = st.integers(0, 40)
_THOUSANDS = st.sampled_from((0, 250, 500))
_KRONER = st.sampled_from((0, 0, 1))
_EVERY = st.sampled_from((None, Period(1, "years")))
_BUDGET_TEXTS = st.sampled_from(BUDGET_TEXTS)
_MUNICIPALITIES = st.sampled_from(MUNICIPALITIES)
_POLICY_OR_NOT = st.integers(0, 3)
_PRINCIPLE_TEXTS = st.lists(st.sampled_from(PRINCIPLES), max_size=2, unique=True)


@functools.cache
def _theme_names(max_themes: int) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(THEMES), min_size=1, max_size=max_themes, unique=True)


@functools.cache
def _principles(principle_ids: tuple[str, ...]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(principle_ids), max_size=1) if principle_ids else st.just([])


@functools.cache
def _institution_names(min_size: int, max_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(
        st.sampled_from(INSTITUTIONS), min_size=min_size, max_size=max_size, unique=True
    )


def _check_bounds(
    *,
    min_milestones: int,
    max_milestones: int,
    max_commitments: int,
    min_agreements: int = 1,
    max_agreements: int = 1,
) -> None:
    """Refuse bounds that no valid portfolio meets, naming the argument.

    As hypothesis's own strategies do, with :class:`hypothesis.errors.InvalidArgument`:
    a bound out of range is the test's mistake, not an example to shrink.
    """
    problems = []
    if not 1 <= min_agreements <= max_agreements:
        problems.append(
            f"min_agreements={min_agreements} and max_agreements={max_agreements}: "
            "a portfolio has at least one agreement, and min_agreements <= max_agreements"
        )
    if min_agreements > len(INSTITUTIONS):
        problems.append(
            f"min_agreements={min_agreements}: at most {len(INSTITUTIONS)} agreements "
            "(one per institution)"
        )
    if not 0 <= min_milestones <= max_milestones:
        problems.append(
            f"min_milestones={min_milestones} and max_milestones={max_milestones}: "
            "0 <= min_milestones <= max_milestones"
        )
    if max_commitments < 1:
        problems.append(
            f"max_commitments={max_commitments}: every theme taken up needs a commitment "
            "(COV001), so at least 1"
        )
    if problems:
        raise InvalidArgument("; ".join(problems))


def _base_actors() -> list[Actor]:
    return [
        Actor(id=COUNCIL, name="Byrådet", kind=ActorKind.COUNCIL),
        Actor(
            id=COMMITTEE,
            name="Børn & Familieudvalget",
            kind=ActorKind.COMMITTEE,
            part_of=COUNCIL,
            aliases=("BFU",),
        ),
        Actor(id=ADMINISTRATION, name="Børn & Unge", kind=ActorKind.ADMINISTRATION),
        Actor(id=MANAGER, name="Områdechef for skoler og dagtilbud", kind=ActorKind.MANAGER),
    ]


def _institution(name: str) -> list[Actor]:
    institution = slug(name)
    return [
        Actor(id=institution, name=name, kind=ActorKind.INSTITUTION),
        Actor(
            id=f"{institution}-bestyrelse",
            name=f"{name}s bestyrelse",
            kind=ActorKind.BOARD,
            part_of=institution,
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
        st.sampled_from(INSTITUTIONS), min_size=1, max_size=max_institutions, unique=True
    ).map(lambda names: _base_actors() + [a for n in names for a in _institution(n)])


@st.composite
def policies(draw: st.DrawFn, *, policy_id: str = "bu-politik", max_themes: int = 4) -> Policy:
    """Draw a policy adopted by the council, with 1 to ``max_themes`` themes."""
    names = draw(_theme_names(max_themes))
    adopted = draw(_ADOPTED)
    return Policy(
        id=policy_id,
        name=draw(_POLICY_NAMES),
        themes=tuple(Theme(id=f"tema-{slug(n)}", name=n) for n in names),
        adopted=DateWindow(adopted.replace(day=1), adopted.replace(day=1) + dt.timedelta(days=27)),
        adopted_by=COUNCIL,
        basis=tuple(draw(_POLICY_BASIS)),
    )


_POLICY = policies()
_INSTITUTIONS = st.sampled_from(INSTITUTIONS)


@st.composite
def budgets(draw: st.DrawFn, *, year: int | None = None) -> Budget:
    """Draw a budget: whole kroner, maybe approximate (*ca.*), yearly, for a year."""
    millions = draw(_MILLIONS)
    thousands = draw(_THOUSANDS)
    return Budget(
        amount=millions * 1_000_000 + thousands * 1_000 + draw(_KRONER),
        approximate=draw(_BOOLEANS),
        every=draw(_EVERY),
        year=draw(_sampled((None, year))) if year is not None else None,
        description=draw(_BUDGET_TEXTS),
    )


def _predecessor(agreement: Agreement) -> Agreement:
    """An earlier plan that ``agreement`` supersedes, ended the day before it starts."""
    assert agreement.start is not None  # noqa: S101 - the first agreement has a term
    end = agreement.start - dt.timedelta(days=1)
    return Agreement(
        id=f"{agreement.id}-forrige",
        title=f"{agreement.title} (forrige udgave)",
        kind=AgreementKind.IMPLEMENTATION_PLAN,
        parties=(ADMINISTRATION,),
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
        members=(COUNCIL, _REGION),
        aliases=("KKR",),
    ),
)


def _themes_taken_up(
    draw: st.DrawFn, policy: Policy | None
) -> tuple[tuple[Theme, ...], tuple[str, ...] | None, list[str]]:
    """Own focus areas, ``covers`` (or ``None``: all), and every theme id taken up."""
    own_names = draw(_OWN_THEMES)
    own = tuple(Theme(id=f"fokus-{slug(n)}", name=n) for n in own_names)
    if policy is None:
        return own, None, [t.id for t in own]
    all_ids = tuple(t.id for t in policy.themes)
    if draw(_BOOLEANS):
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
    own_follow_up = _MAYBE_FOLLOW_UP if inherited_follow_up else _FOLLOW_UPS
    principles = _principles(tuple(principle_ids))
    return tuple(
        Commitment(
            id=f"indsats-{index + 1}",
            title=draw(_COMMITMENT_TITLES),
            themes=tuple(
                dict.fromkeys([*themes, *draw(st.lists(st.sampled_from(taken), max_size=1))])
            ),
            owner=institution,
            goals=tuple(draw(_GOALS)),
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
    kind = draw(_KINDS)
    start = draw(_STARTS) if around is None else around - dt.timedelta(days=draw(_BEFORE_NOW))
    years = draw(_integers(2 if around is not None else 1, 4))
    duration = Period(years, "years")
    end = duration.end_of_term(start)
    # A partnership may be open-ended (Varde's phase 2); the first agreement never is,
    # so that every mutation finds an agreement with a term.
    open_ended = (
        not first and around is None and kind is AgreementKind.PARTNERSHIP and draw(_BOOLEANS)
    )
    style = draw(_STYLES)  # 0: duration, 1: end, 2: both
    entered_gap = draw(_ENTERED_GAPS)

    own, covers, taken = _themes_taken_up(draw, policy)
    agreement_follow_up = draw(_MAYBE_FOLLOW_UP)
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
            responsible=(institution, ADMINISTRATION),
        )
    )
    phase_list = phases_within(draw, start, end) if phases and not open_ended else ()
    activities = tuple(in_phase(m, phase_list) for m in activities)
    review_every = None if kind is AgreementKind.IMPLEMENTATION_PLAN else draw(_REVIEW_EVERY)
    reviews: list[Milestone] = []
    if review_every is not None:
        reviews = reviews_within(
            draw,
            start,
            None if open_ended else end,
            review_every,
            recurring=recurring_reviews and draw(_BOOLEANS),
        )
    approvals = approvals_before(draw, start, institution) if draw(_BOOLEANS) else []
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
    if waivers and draw(_BOOLEANS):
        waiver_list = (
            Waiver(
                rule="MIL005",
                reason="Byrådet har frisat skolen fra opfølgning på enkelte aktiviteter.",
                granted_by=COUNCIL,
                granted=DateWindow.exact(start),
            ),
        )
    fields: dict[str, Any] = {
        "id": agreement_id,
        "title": TITLES[kind].format(institution_name),
        "kind": kind,
        "parties": (COUNCIL, institution),
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
        "approval_process": PROCESS if approvals else None,
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
    basis = [LAWS[variant % len(LAWS)]]
    if policy is not None and variant % 2:
        basis.append(Basis(title=policy.name, kind=BasisKind.POLICY, ref=policy.id))

    def budget(offset: int) -> Budget:
        number = variant + offset
        return Budget(
            amount=(number % 40) * 1_000_000 + (number % 3) * 250_000 + number % 2,
            approximate=number % 2 == 0,
            every=Period(1, "years") if number % 3 == 0 else None,
            year=start.year if number % 3 == 1 else None,
            description=BUDGET_TEXTS[number % len(BUDGET_TEXTS)],
        )

    statuses = (None, *AgreementStatus)
    versions = (None, *VERSIONS)
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
    relative = relative_dues(tuple(milestones), agreement, mode=variant % 3 + 1)
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
    Bounds that no valid agreement meets raise :class:`hypothesis.errors.InvalidArgument`.
    """
    _check_bounds(
        min_milestones=min_milestones,
        max_milestones=max_milestones,
        max_commitments=max_commitments,
    )
    name = draw(_INSTITUTIONS)
    policy = draw(_POLICY)
    agreement = draw(
        _agreement(
            agreement_id=f"aftale-{slug(name)}",
            institution=slug(name),
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
    if draw(_BOOLEANS):
        agreement = _with_format_1_1(agreement, 0, policy, in_force=False)
    if draw(_BOOLEANS):
        agreement = with_format_1_2(agreement, 0, None)
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
    its approvals and reviews, and up to ``max_commitments`` commitments. Bounds that no
    valid portfolio meets (no agreement, a minimum above its maximum, no commitment)
    raise :class:`hypothesis.errors.InvalidArgument` naming them.

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
    _check_bounds(
        min_agreements=min_agreements,
        max_agreements=max_agreements,
        min_milestones=min_milestones,
        max_milestones=max_milestones,
        max_commitments=max_commitments,
    )
    names = draw(_institution_names(min_agreements, max_agreements))
    municipality, code = draw(_MUNICIPALITIES)
    # Format 1.1's actors, and an earlier version the first agreement supersedes.
    more_actors, predecessor, format_1_1, format_1_2 = (draw(_BOOLEANS) for _ in range(4))
    policy = draw(_POLICY) if draw(_POLICY_OR_NOT) else None
    principle_texts = draw(_PRINCIPLE_TEXTS)
    principles = tuple(
        Principle(id=f"ledelse-{i + 1}", text=text, group="ledelsesprincipper")
        for i, text in enumerate(principle_texts)
    )
    items = [
        draw(
            _agreement(
                agreement_id=f"aftale-{slug(name)}",
                institution=slug(name),
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
    if format_1_2:
        items = [with_format_1_2(item, index, in_force_on) for index, item in enumerate(items)]
    elif in_force_on is not None:
        # In force on a day, every review that has ended is recorded as held (REV004).
        items = [with_records(item, in_force_on) for item in items]
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
        approval_processes=(approval_process(),),
        agreements=tuple(items),
    )
