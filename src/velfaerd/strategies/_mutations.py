"""Mutations: named changes that make exactly one rule code fire on a valid portfolio.

:data:`MUTATIONS` holds one :class:`Mutation` per rule code; :func:`mutations` draws
them, for a downstream suite to apply to its own portfolios, and :func:`violating`
draws a valid portfolio (from :func:`portfolios`), prepares it to hold what the
mutation changes, and applies it. Rules that need ``as_of`` (:data:`AS_OF_CODES`) are
made to fire by a milestone overdue on that day instead.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs
from hypothesis import strategies as st

from velfaerd.dates import DateWindow, Period, shift
from velfaerd.model import (
    Actor,
    ActorKind,
    Agreement,
    AgreementKind,
    AgreementStatus,
    Better,
    Commitment,
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
    COMMITMENTS,
    COMMITTEE,
    COUNCIL,
    FOLLOW_UPS,
    GOALS,
    PROCESS,
    approval_process,
)
from velfaerd.strategies._dates import working_day
from velfaerd.strategies._milestones import approval
from velfaerd.strategies._portfolios import portfolios

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "AS_OF_CODES",
    "MUTATIONS",
    "Mutation",
    "NotApplicableError",
    "mutations",
    "violating",
]


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
    council = p.get_actor(COUNCIL) or (p.actors[0] if p.actors else None)
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
    party = p.get_actor(COUNCIL)
    if not starts or party is None:
        msg = "no dated agreement with the council as party"
        raise NotApplicableError(msg)
    gone = DateWindow.exact(min(starts) - dt.timedelta(days=400))
    actors_ = tuple(attrs.evolve(a, until=gone) if a.id == COUNCIL else a for a in p.actors)
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
                *(c if c.follow_up else attrs.evolve(c, follow_up=FOLLOW_UPS[0]) for c in rest),
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
        due=DateWindow.exact(working_day(agreement.start - dt.timedelta(days=30), forward=False)),
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


def _mut_review_cancelled(p: Portfolio) -> Portfolio:
    # Every review replaced by one every six months, whose second occurrence is cancelled:
    # the plan is fine (REV001), what happened leaves most of a year without a review.
    index, agreement = _pick(p, lambda a: a.start is not None and a.end is not None, "with a term")
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
    return _replace_agreement(p, index, changed)


def _mut_target_missed(p: Portfolio) -> Portfolio:
    index, agreement = _pick(p, lambda a: a.start is not None, "with a start")
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
    return _replace_agreement(p, index, changed)


def _mut_indicator_removed(p: Portfolio) -> Portfolio:
    index, agreement = _pick(p, lambda a: bool(a.commitments), "with commitments")
    first = agreement.commitments[0]
    bare = attrs.evolve(first, id="indsats-uden-indikator", goals=first.goals or (GOALS[0],))
    changed = attrs.evolve(
        agreement, commitments=(*agreement.commitments, attrs.evolve(bare, indicators=()))
    )
    return _replace_agreement(p, index, changed)


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
        attrs.evolve(m, approver=COUNCIL) if m.id == target else m for m in agreement.milestones
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
    last_step = approval_process().steps[-1].id
    last = next((m.id for m in _approvals_of(agreement) if m.step == last_step), None)
    if last is None:
        msg = f"no approval of the step {last_step!r}"
        raise NotApplicableError(msg)
    late_day = DateWindow.exact(working_day(agreement.start + dt.timedelta(days=1)))
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
    return _replace_agreement(
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
    return _add_milestones(portfolio, 0, review)


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
    return _replace_agreement(portfolio, 0, changed)


#: The mutations of the rules that need ``as_of``: each given the portfolio (in force on
#: that day) and the day.
AS_OF_MUTATIONS: dict[str, Callable[[Portfolio, dt.date], Portfolio]] = {
    "MIL005": _mut_overdue,
    "REV004": _mut_review_unrecorded,
    "IND001": _mut_target_unmeasured,
}

# Codes whose rules need ``as_of`` (documented in velfaerd.strategies).
AS_OF_CODES = frozenset(AS_OF_MUTATIONS)


def _fixed_approvals(agreement: Agreement) -> tuple[Milestone, ...]:
    """An approval of every step, 30, 20 and 10 days before the start (on working days)."""
    assert agreement.start is not None  # noqa: S101 - generated agreements have one
    institution = agreement.parties[-1]
    return tuple(
        approval(
            step,
            working_day(agreement.start - dt.timedelta(days=30 - 10 * number), forward=False),
            institution,
        )
        for number, step in enumerate(approval_process().steps)
    )


def _with_commitment(agreement: Agreement) -> Agreement:
    """The agreement with a focus area of its own and a commitment to it, with a goal."""
    theme = Theme(id="fokus-trivsel", name="Trivsel og sundhed")
    commitment = Commitment(
        id="indsats-trivsel",
        title=COMMITMENTS[5],
        themes=(theme.id,),
        goals=(GOALS[5],),
        follow_up=FOLLOW_UPS[3],
    )
    return attrs.evolve(
        agreement,
        themes=(*agreement.themes, theme),
        commitments=(*agreement.commitments, commitment),
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
            approval_process=PROCESS,
            milestones=(*agreement.milestones, *_fixed_approvals(agreement)),
        )
    if code in {"APR004", "AGR002"} and _is_plan(agreement):
        agreement = attrs.evolve(agreement, kind=AgreementKind.COOPERATION)
    if code in {"COV002", "COV003"} and not any(a.commitments for a in portfolio.agreements):
        agreement = _with_commitment(agreement)
    if code == "IND003" and not agreement.commitments:
        agreement = _with_commitment(agreement)
    if code == "REV001" and agreement.review_every is None:
        agreement = attrs.evolve(agreement, review_every=Period(1, "years"))
    return _replace_agreement(portfolio, 0, agreement)


def mutations(codes: Sequence[str] | None = None) -> st.SearchStrategy[Mutation]:
    """Draw one of the named mutations (of ``codes``, when given)."""
    chosen = [MUTATIONS[c] for c in codes] if codes is not None else list(MUTATIONS.values())
    return st.sampled_from(chosen)


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
        mutate = AS_OF_MUTATIONS[code]
        return portfolios(in_force_on=as_of, **options).map(lambda p: mutate(p, as_of))
    mutation = MUTATIONS.get(code)
    if mutation is None:
        msg = f"no mutation makes {code!r} fire; known: {', '.join(sorted(MUTATIONS))}"
        raise KeyError(msg)
    base = portfolios(in_force_on=as_of, **options) if as_of is not None else portfolios(**options)
    return base.map(lambda p: mutation.apply(_prepare(code, p)))
