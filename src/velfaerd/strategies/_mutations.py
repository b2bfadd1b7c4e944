"""The named mutations: for each rule code, a change that makes exactly it fire.

:data:`MUTATIONS` holds one :class:`~velfaerd.strategies.Mutation` per rule code that
fires on a portfolio alone, each applied to any valid portfolio prepared for it;
:data:`AS_OF_MUTATIONS` those of the rules that need ``as_of`` (:data:`AS_OF_CODES`),
made to fire by something overdue on that day instead. Drawing and preparing a
portfolio for them is ``_violating``'s job; what a mutation is, ``_mutation``'s.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import TYPE_CHECKING

import attrs

from velfaerd.dates import DateWindow, Period, shift
from velfaerd.model import (
    Actor,
    ActorKind,
    Agreement,
    AgreementStatus,
    Better,
    Indicator,
    Measurement,
    Milestone,
    MilestoneKind,
    Occurrence,
    OccurrenceStatus,
    Phase,
    Portfolio,
    Target,
    Theme,
)
from velfaerd.strategies._content import (
    ADMINISTRATION,
    COMMITTEE,
    COUNCIL,
    FOLLOW_UPS,
    GOALS,
    approval_process,
)
from velfaerd.strategies._dates import working_day
from velfaerd.strategies._mutation import (
    Mutation,
    NotApplicableError,
    add_milestones,
    approvals_of,
    is_plan,
    pick,
    replace_agreement,
)

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["AS_OF_CODES", "AS_OF_MUTATIONS", "MUTATIONS"]


def _mut_duplicate_actor(p: Portfolio) -> Portfolio:
    council = p.get_actor(COUNCIL) or (p.actors[0] if p.actors else None)
    if council is None:
        msg = "no actor"
        raise NotApplicableError(msg)
    return attrs.evolve(p, actors=(*p.actors, attrs.evolve(council, name=council.name + " (kopi)")))


def _mut_unknown_responsible(p: Portfolio) -> Portfolio:
    index, _ = pick(p, lambda _: True, "at all")
    return add_milestones(
        p, index, Milestone(id="ukendt-ansvarlig", title="Møde", responsible="ukendt-aktør")
    )


def _mut_party_gone(p: Portfolio) -> Portfolio:
    starts = [a.start for a in p.agreements if a.start is not None]
    party = p.get_actor(COUNCIL)
    if not starts or party is None:
        msg = "no dated agreement with the council as party"
        raise NotApplicableError(msg)
    gone = DateWindow.exact(min(starts) - dt.timedelta(days=400))
    actors_ = tuple(attrs.evolve(a, until=gone) if a.id == COUNCIL else a for a in p.actors)
    return attrs.evolve(p, actors=actors_)


def _mut_uncovered_theme(p: Portfolio) -> Portfolio:
    index, agreement = pick(p, lambda _: True, "at all")
    theme = Theme(id="fokus-ny-udækket", name="Et nyt fokusområde uden indsats")
    return replace_agreement(p, index, attrs.evolve(agreement, themes=(*agreement.themes, theme)))


def _mut_goal_removed(p: Portfolio) -> Portfolio:
    index, agreement = pick(p, lambda a: bool(a.commitments), "with commitments")
    first, *rest = agreement.commitments
    return replace_agreement(
        p, index, attrs.evolve(agreement, commitments=(attrs.evolve(first, goals=()), *rest))
    )


def _mut_follow_up_removed(p: Portfolio) -> Portfolio:
    index, agreement = pick(p, lambda a: bool(a.commitments), "with commitments")
    first, *rest = agreement.commitments
    return replace_agreement(
        p,
        index,
        attrs.evolve(
            agreement,
            follow_up=None,
            commitments=(
                attrs.evolve(first, follow_up=None),
                *(c if c.follow_up else attrs.evolve(c, follow_up=FOLLOW_UPS[0]) for c in rest),
            ),
        ),
    )


def _mut_orphan_institution(p: Portfolio) -> Portfolio:
    orphan = Actor(id="skolen-uden-aftale", name="Skolen uden aftale", kind=ActorKind.INSTITUTION)
    return attrs.evolve(p, actors=(*p.actors, orphan))


def _mut_reviews_removed(p: Portfolio) -> Portfolio:
    index, agreement = pick(
        p, lambda a: a.review_every is not None and a.start is not None, "that needs reviews"
    )
    kept = tuple(m for m in agreement.milestones if m.kind is not MilestoneKind.REVIEW)
    return replace_agreement(p, index, attrs.evolve(agreement, milestones=kept))


def _mut_review_before_start(p: Portfolio) -> Portfolio:
    index, agreement = pick(p, lambda a: a.start is not None, "with a start")
    assert agreement.start is not None  # noqa: S101 - _pick checked it
    review = Milestone(
        id="opfoelgning-foer-start",
        title="Opfølgning før aftalen begynder",
        kind=MilestoneKind.REVIEW,
        due=DateWindow.exact(working_day(agreement.start - dt.timedelta(days=30), forward=False)),
    )
    return add_milestones(p, index, review)


def _mut_undated_recurring_review(p: Portfolio) -> Portfolio:
    index, agreement = pick(p, lambda a: a.start is not None, "with a start")
    review = Milestone(
        id="opfoelgning-udateret",
        title="Mindst en gang om året",
        kind=MilestoneKind.REVIEW,
        every=agreement.review_every or Period(1, "years"),
    )
    return add_milestones(p, index, review)


def _mut_review_cancelled(p: Portfolio) -> Portfolio:
    # Every review replaced by one every six months, whose second occurrence is cancelled:
    # the plan is fine (REV001), what happened leaves most of a year without a review.
    index, agreement = pick(p, lambda a: a.start is not None and a.end is not None, "with a term")
    assert agreement.start is not None  # noqa: S101 - _pick checked it
    half_year = Period(6, "months")
    due = DateWindow.exact(working_day(agreement.start + dt.timedelta(days=14)))
    review = Milestone(
        id="opfoelgning-halvaarlig",
        title="Halvårligt opfølgningsmøde",
        kind=MilestoneKind.REVIEW,
        due=due,
        every=half_year,
        responsible=COMMITTEE,
        occurrences=(
            Occurrence(
                due=shift(due, half_year, 1),
                status=OccurrenceStatus.CANCELLED,
                note="Aflyst: udvalget nåede det ikke.",
            ),
        ),
    )
    kept = tuple(m for m in agreement.milestones if m.kind is not MilestoneKind.REVIEW)
    changed = attrs.evolve(agreement, review_every=half_year, milestones=(*kept, review))
    return replace_agreement(p, index, changed)


def _mut_target_missed(p: Portfolio) -> Portfolio:
    index, agreement = pick(p, lambda a: a.start is not None, "with a start")
    assert agreement.start is not None  # noqa: S101 - _pick checked it
    by = DateWindow.exact(agreement.start + dt.timedelta(days=365))
    missed = Indicator(
        id="indikator-trivsel",
        name="Gennemsnitlig trivsel",
        unit="point",
        better=Better.HIGHER,
        targets=(Target(value=4.0, by=by),),
        measurements=(Measurement(value=3.7, on=by),),
    )
    changed = attrs.evolve(agreement, indicators=(*agreement.indicators, missed))
    return replace_agreement(p, index, changed)


def _mut_indicator_removed(p: Portfolio) -> Portfolio:
    index, agreement = pick(p, lambda a: bool(a.commitments), "with commitments")
    first = agreement.commitments[0]
    bare = attrs.evolve(first, id="indsats-uden-indikator", goals=first.goals or (GOALS[0],))
    changed = attrs.evolve(
        agreement, commitments=(*agreement.commitments, attrs.evolve(bare, indicators=()))
    )
    return replace_agreement(p, index, changed)


def _with_approvals(p: Portfolio) -> tuple[int, Agreement, list[Milestone]]:
    index, agreement = pick(p, lambda a: len(approvals_of(a)) >= 3, "with approvals")  # noqa: PLR2004
    return index, agreement, approvals_of(agreement)


def _mut_approvals_swapped(p: Portfolio) -> Portfolio:
    index, agreement, approvals = _with_approvals(p)
    first, second = approvals[0], approvals[1]
    swapped = {
        first.id: attrs.evolve(first, due=second.due),
        second.id: attrs.evolve(second, due=first.due),
    }
    milestones = tuple(swapped.get(m.id, m) for m in agreement.milestones)
    return replace_agreement(p, index, attrs.evolve(agreement, milestones=milestones))


def _mut_approval_removed(p: Portfolio) -> Portfolio:
    index, agreement, approvals = _with_approvals(p)
    gone = approvals[-1].id
    kept = tuple(m for m in agreement.milestones if m.id != gone)
    return replace_agreement(p, index, attrs.evolve(agreement, milestones=kept))


def _mut_wrong_approver(p: Portfolio) -> Portfolio:
    index, agreement, approvals = _with_approvals(p)
    target = approvals[0].id
    milestones = tuple(
        attrs.evolve(m, approver=COUNCIL) if m.id == target else m for m in agreement.milestones
    )
    return replace_agreement(p, index, attrs.evolve(agreement, milestones=milestones))


def _mut_approved_after_start(p: Portfolio) -> Portfolio:
    index, agreement = pick(
        p,
        lambda a: len(approvals_of(a)) >= 3 and not is_plan(a) and a.start is not None,  # noqa: PLR2004
        "with approvals that is not a plan",
    )
    assert agreement.start is not None  # noqa: S101 - _pick checked it
    # The approval of the last step: moving it later keeps the steps in order.
    last_step = approval_process().steps[-1].id
    last = next((m.id for m in approvals_of(agreement) if m.step == last_step), None)
    if last is None:
        msg = f"no approval of the step {last_step!r}"
        raise NotApplicableError(msg)
    late_day = DateWindow.exact(working_day(agreement.start + dt.timedelta(days=1)))
    milestones = tuple(
        attrs.evolve(m, due=late_day) if m.id == last else m for m in agreement.milestones
    )
    return replace_agreement(p, index, attrs.evolve(agreement, milestones=milestones))


def _mut_cycle(p: Portfolio) -> Portfolio:
    index, _ = pick(p, lambda _: True, "at all")
    return add_milestones(
        p,
        index,
        Milestone(id="hoenen", title="Hønen", depends_on=("aegget",)),
        Milestone(id="aegget", title="Ægget", depends_on=("hoenen",)),
    )


def _mut_due_before_dependency(p: Portfolio) -> Portfolio:
    index, agreement = pick(p, lambda a: a.start is not None, "with a start")
    assert agreement.start is not None  # noqa: S101 - _pick checked it
    first = agreement.start + dt.timedelta(days=20)
    return add_milestones(
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
    index, agreement = pick(p, lambda a: a.start is not None, "with a start")
    span_start = (
        agreement.entered.earliest
        if agreement.entered and agreement.entered.earliest
        else agreement.start
    )
    assert span_start is not None  # noqa: S101 - _pick checked it
    return add_milestones(
        p,
        index,
        Milestone(
            id="foer-aftalen",
            title="Aktivitet før aftalen",
            due=DateWindow.exact(span_start - dt.timedelta(days=60)),
        ),
    )


def _mut_meeting_on_sunday(p: Portfolio) -> Portfolio:
    index, agreement = pick(p, lambda a: a.start is not None and a.end is not None, "with a term")
    assert agreement.start is not None  # noqa: S101 - _pick checked it
    # The first Sunday two weeks into the term: inside its span, in no phase.
    day = agreement.start + dt.timedelta(days=14)
    sunday = day + dt.timedelta(days=(6 - day.weekday()) % 7)
    return add_milestones(
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
    index, agreement = pick(p, lambda a: a.start is not None, "with a start")
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
    return replace_agreement(p, index, attrs.evolve(agreement, phases=(*agreement.phases, *extra)))


def _mut_entered_late(p: Portfolio) -> Portfolio:
    index, agreement = pick(p, lambda a: a.start is not None, "with a start")
    assert agreement.start is not None  # noqa: S101 - _pick checked it
    entered = DateWindow.exact(agreement.start + dt.timedelta(days=1))
    return replace_agreement(
        p, index, attrs.evolve(agreement, entered=entered, start=agreement.start)
    )


def _mut_one_party(p: Portfolio) -> Portfolio:
    index, agreement = pick(
        p,
        lambda a: not is_plan(a) and len(set(a.parties)) >= 2,  # noqa: PLR2004
        "with two parties that is not a plan",
    )
    return replace_agreement(p, index, attrs.evolve(agreement, parties=agreement.parties[1:]))


def _mut_duration_disagrees(p: Portfolio) -> Portfolio:
    index, agreement = pick(p, lambda a: a.start is not None and a.end is not None, "with a term")
    wrong = Period((agreement.end.year - agreement.start.year) + 7, "years")  # type: ignore[union-attr]
    return replace_agreement(
        p, index, attrs.evolve(agreement, duration=wrong, start=agreement.start, end=agreement.end)
    )


def _mut_overlapping_revision(p: Portfolio) -> Portfolio:
    index, agreement = pick(p, lambda a: a.start is not None and a.end is not None, "with a term")
    # Its own copies of the milestones and the rest: one object in two agreements would
    # have two key paths, and a finding about it only one of them.
    revision = attrs.evolve(
        copy.deepcopy(agreement),
        id=f"{agreement.id}-revideret",
        supersedes=agreement.id,
        version="revideret",
        status=AgreementStatus.ADOPTED,
    )
    items = list(p.agreements)
    items.insert(index + 1, revision)
    return attrs.evolve(p, agreements=tuple(items))


# Every named mutation, by the rule code it makes fire (documented in velfaerd.strategies).
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
        Mutation(
            "REV005",
            "review-cancelled",
            "a half-yearly review's second occurrence is recorded cancelled",
            _mut_review_cancelled,
        ),
        Mutation(
            "IND002",
            "target-missed",
            "an indicator measured short of its target",
            _mut_target_missed,
        ),
        Mutation(
            "IND003",
            "indicator-removed",
            "a commitment with goals and no indicator (selected with extend_select)",
            _mut_indicator_removed,
        ),
    )
}


def _mut_overdue(portfolio: Portfolio, as_of: dt.date) -> Portfolio:
    agreement = portfolio.agreements[0]
    overdue = Milestone(
        id="forsinket",
        title="Aktivitet der ikke blev gennemført",
        due=DateWindow.exact(as_of - dt.timedelta(days=1)),
        responsible=ADMINISTRATION,
    )
    # Drop any waiver of MIL005, which would set the finding aside.
    waivers = tuple(w for w in agreement.waivers if w.rule != "MIL005")
    return replace_agreement(
        portfolio,
        0,
        attrs.evolve(agreement, milestones=(*agreement.milestones, overdue), waivers=waivers),
    )


def _mut_review_unrecorded(portfolio: Portfolio, as_of: dt.date) -> Portfolio:
    # A second yearly review, from the start, of which nothing is recorded.
    agreement = portfolio.agreements[0]
    assert agreement.start is not None  # noqa: S101 - drawn in force: it has a start
    review = Milestone(
        id="opfoelgning-uden-referat",
        title="Årligt dialogmøde med skolebestyrelsen",
        kind=MilestoneKind.REVIEW,
        due=DateWindow.exact(working_day(agreement.start)),
        every=agreement.review_every or Period(1, "years"),
        responsible=COMMITTEE,
    )
    if review.due is not None and review.due.latest >= as_of:  # pragma: no cover
        msg = "the agreement starts on the as-of date"
        raise NotApplicableError(msg)
    return add_milestones(portfolio, 0, review)


def _mut_target_unmeasured(portfolio: Portfolio, as_of: dt.date) -> Portfolio:
    agreement = portfolio.agreements[0]
    unmeasured = Indicator(
        id="indikator-fravaer",
        name="Elevfravær",
        unit="%",
        better=Better.LOWER,
        targets=(Target(value=5.0, by=DateWindow.exact(as_of - dt.timedelta(days=10))),),
    )
    changed = attrs.evolve(agreement, indicators=(*agreement.indicators, unmeasured))
    return replace_agreement(portfolio, 0, changed)


#: The mutations of the rules that need ``as_of``: each given the portfolio (in force on
#: that day) and the day.
AS_OF_MUTATIONS: dict[str, Callable[[Portfolio, dt.date], Portfolio]] = {
    "MIL005": _mut_overdue,
    "REV004": _mut_review_unrecorded,
    "IND001": _mut_target_unmeasured,
}

# Codes whose rules need ``as_of`` (documented in velfaerd.strategies).
AS_OF_CODES = frozenset(AS_OF_MUTATIONS)
