"""The coverage rules (``COV``): every theme covered, goals, follow-up, institutions.

* ``COV001`` — a theme the agreement takes up has no commitment (*every theme covered*);
* ``COV002`` — a commitment has no goal;
* ``COV003`` — a commitment has no follow-up, neither its own nor the agreement's;
* ``COV004`` — an institution is party to no agreement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from velfaerd._texts import shortened
from velfaerd.dates import DateWindow
from velfaerd.model import Actor, ActorKind, Agreement
from velfaerd.rules import Context, Violation, rule
from velfaerd.rules._examples import ACTORS

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator

__all__ = [
    "commitment_without_follow_up",
    "commitment_without_goal",
    "institution_without_agreement",
    "uncovered_theme",
]

_HEAD = ACTORS

_COV001_FAILING = (
    _HEAD
    + """
[[policies]]
id = "bu-politik"
name = "Børn- og Ungepolitikken"
themes = [
  { id = "faellesskaber", name = "Sunde og udviklende fællesskaber" },
  { id = "udsatte", name = "Børn og unge i udsatte positioner" },
]

[[agreements]]
id = "aftale"
title = "Samarbejdsaftale mellem Byrådet og Auraskolen"
kind = "cooperation"
parties = ["byraadet", "auraskolen"]
start = 2021-03-15
end = 2022-03-14
policies = ["bu-politik"]
follow_up = "Årligt opfølgningsmøde."

[[agreements.commitments]]
id = "erhvervsklasser"
title = "At oprette erhvervsklasser"
themes = ["faellesskaber"]
goals = ["Flere elever vælger en erhvervsuddannelse."]

[[agreements.milestones]]
id = "opfoelgning"
title = "Opfølgningsmøde"
kind = "review"
due = 2022-03-01
"""
)

_COV001_FIXED = _COV001_FAILING.replace(
    'themes = ["faellesskaber"]', 'themes = ["faellesskaber", "udsatte"]'
)


#: The owner :meth:`~velfaerd.query.Index.taken_up` gives an own focus area.
_OWN = "agreement"


def _where(agreement: Agreement, owner: str) -> str:
    # The key that takes the theme up: own focus areas, covers, or all of the policies.
    if owner == _OWN:
        return "themes"
    return "policies" if agreement.covers is None else "covers"


@rule(
    "COV001",
    name="uncovered-theme",
    severity="error",
    summary="a theme the agreement takes up has no commitment",
    description=(
        "Every theme an agreement takes up must be named by at least one of its "
        "commitments: its own focus areas (``themes``), and the themes of its "
        "policies — only those ``covers`` names when it is given, all of them when it "
        "is not. One finding per uncovered theme, at the agreement's ``themes``, "
        "``covers`` or ``policies``. A commitment covers a theme by naming its id; an id "
        "that two policy versions (or a policy and the agreement) share is covered by "
        "one commitment naming it, and reported once (the ambiguity is ``REF002``'s). "
        "Unknown policies, and ``covers`` ids that name no theme, are ``REF002``'s, not "
        "this rule's."
    ),
    why=(
        "An agreement that takes up a theme of the policy and commits to nothing under "
        "it leaves the council without a way to follow up on that part of the policy."
    ),
    failing=_COV001_FAILING,
    fixed=_COV001_FIXED,
    messages={
        "default": "theme {theme!r} ({name}) of policy {owner!r} has no commitment in "
        "agreement {agreement!r}",
        "own": "focus area {theme!r} ({name}) of agreement {agreement!r} has no commitment",
    },
)
def uncovered_theme(ctx: Context) -> Iterator[Violation]:
    """Yield each theme an agreement takes up that none of its commitments names.

    :param ctx: the checking context.
    :return: one violation per uncovered theme id, at the agreement.
    """
    for agreement in ctx.portfolio.agreements:
        named = {theme for c in agreement.commitments for theme in c.themes}
        if _covered(agreement, named):
            continue  # what it takes up is named (almost always): no generator
        seen: set[str] = set()
        for theme_id, owner, theme in ctx.index.taken_up(agreement):
            if theme_id in named or theme_id in seen:
                continue
            seen.add(theme_id)
            yield Violation(
                subject=theme_id,
                at=agreement,
                key=_where(agreement, owner),
                variant="own" if owner == _OWN else "default",
                agreement=agreement.id,
                evidence={
                    "agreement": agreement.id,
                    "theme": theme_id,
                    "name": shortened(getattr(theme, "name", theme_id)),
                    "owner": owner,
                },
            )


def _covered(agreement: Agreement, named: set[str]) -> bool:
    """Whether the commitments name every theme the agreement takes up (a fast path).

    Its own focus areas, and with ``covers`` the themes of its policies it names (all
    that :meth:`~velfaerd.query.Index.taken_up` yields, whatever the policies hold);
    without ``covers``, ``False``: the policies' themes are read in full.
    """
    return (
        agreement.covers is not None
        and named.issuperset(agreement.covers)
        and all(theme.id in named for theme in agreement.themes)
    )


_COV002_FAILING = (
    _HEAD
    + """
[[agreements]]
id = "aftale"
title = "Udviklingsaftale"
kind = "development"
parties = ["byraadet", "auraskolen"]
start = 2021-01-01
end = 2021-12-31
follow_up = "Status i kvalitetsrapporten."
themes = [{ id = "trivsel", name = "Trivsel og sundhed" }]

[[agreements.commitments]]
id = "trivselsindsats"
title = "Trivselsmålinger og dialog med forældre"
themes = ["trivsel"]

[[agreements.milestones]]
id = "status"
title = "Status"
kind = "review"
due = 2021-06-01
"""
)
_COV002_FIXED = _COV002_FAILING.replace(
    'themes = ["trivsel"]\n', 'themes = ["trivsel"]\ngoals = ["Trivslen stiger."]\n'
)


@rule(
    "COV002",
    name="commitment-without-goal",
    severity="warning",
    summary="a commitment has no goal",
    description=(
        "A commitment (*pejlemærke*, *indsats*) should state at least one goal: a "
        "commitment with an empty ``goals`` is reported, at the commitment."
    ),
    why="Without a goal, nobody can tell at the follow-up whether the commitment was kept.",
    failing=_COV002_FAILING,
    fixed=_COV002_FIXED,
    messages={"default": "commitment {commitment!r} has no goal"},
)
def commitment_without_goal(ctx: Context) -> Iterator[Violation]:
    """Yield each commitment with an empty ``goals``.

    :param ctx: the checking context.
    :return: one violation per commitment, at the commitment.
    """
    for agreement in ctx.portfolio.agreements:
        for commitment in agreement.commitments:
            if not commitment.goals:
                yield Violation(
                    subject=commitment.id,
                    at=commitment,
                    agreement=agreement.id,
                    evidence={"agreement": agreement.id, "commitment": commitment.id},
                )


_COV003_FAILING = _COV002_FIXED.replace('follow_up = "Status i kvalitetsrapporten."\n', "")
_COV003_FIXED = _COV002_FIXED


def _said(text: str | None) -> bool:
    return text is not None and bool(text.strip())


@rule(
    "COV003",
    name="commitment-without-follow-up",
    severity="warning",
    summary="a commitment has no follow-up, neither its own nor the agreement's",
    description=(
        "A commitment needs follow-up (*opfølgning*): its own ``follow_up``, or the "
        "agreement's, which every commitment without its own inherits. An empty text "
        "counts as none. Reported at the commitment."
    ),
    why="A commitment that is never followed up on is a promise nobody checks.",
    failing=_COV003_FAILING,
    fixed=_COV003_FIXED,
    messages={
        "default": "commitment {commitment!r} has no follow-up, and agreement {agreement!r} "
        "has none to inherit"
    },
)
def commitment_without_follow_up(ctx: Context) -> Iterator[Violation]:
    """Yield each commitment with no follow-up of its own or inherited.

    :param ctx: the checking context.
    :return: one violation per commitment, at the commitment.
    """
    for agreement in ctx.portfolio.agreements:
        if _said(agreement.follow_up):
            continue
        for commitment in agreement.commitments:
            if not _said(commitment.follow_up):
                yield Violation(
                    subject=commitment.id,
                    at=commitment,
                    agreement=agreement.id,
                    evidence={"agreement": agreement.id, "commitment": commitment.id},
                )


_COV004_FAILING = (
    _COV002_FIXED
    + """
[[actors]]
id = "hjerting-skole"
name = "Hjerting Skole"
kind = "institution"
"""
)
_COV004_FIXED = (
    _COV002_FIXED
    + """
[[actors]]
id = "hjerting-skole"
name = "Hjerting Skole"
kind = "unit"
part_of = "auraskolen"
"""
)


def _in_force(agreement: Agreement, as_of: dt.date) -> bool:
    # A missing start or end leaves the term unbounded on that side.
    return (agreement.start is None or agreement.start <= as_of) and (
        agreement.end is None or as_of <= agreement.end
    )


def _exists_on(actor: Actor, day: DateWindow) -> bool:
    # Not certainly gone (until before the day), nor certainly not yet there.
    gone = actor.until is not None and actor.until.certainly_before(day)
    unborn = actor.since is not None and day.certainly_before(actor.since)
    return not (gone or unborn)


@rule(
    "COV004",
    name="institution-without-agreement",
    severity="warning",
    summary="an institution is party to no agreement",
    description=(
        "Every actor of kind ``institution`` should be party to an agreement, itself or "
        "through a unit of it (an actor of kind ``unit`` whose ``part_of`` chain reaches "
        "it). With ``as_of``, only agreements in force that day count (``start`` to "
        "``end``; a missing start or end leaves that side open), and institutions that "
        "certainly do not exist that day (``until`` certainly before it, or ``since`` "
        "certainly after) are not checked. Without ``as_of`` every agreement counts. "
        "Reported at the institution; the evidence says whether ``as_of`` was applied."
    ),
    why=(
        "With *aftalestyring*, every school, daycare and club has an agreement with the "
        "council; one without is outside the municipality's steering."
    ),
    failing=_COV004_FAILING,
    fixed=_COV004_FIXED,
    messages={
        "default": "institution {institution!r} is party to no agreement",
        "in-force": "institution {institution!r} is party to no agreement in force on {as_of}",
    },
)
def institution_without_agreement(ctx: Context) -> Iterator[Violation]:
    """Yield each institution that no agreement (in force on ``as_of``) has as a party.

    :param ctx: the checking context; ``ctx.as_of`` limits the agreements that count.
    :return: one violation per institution, at the actor.
    """
    as_of = ctx.as_of
    actors = ctx.index.actors
    covered: set[str] = set()
    for agreement in ctx.portfolio.agreements:
        if as_of is not None and not _in_force(agreement, as_of):
            continue
        for party in agreement.parties:
            covered.add(party)
            known = actors.get(party)
            if known is not None and known.kind is ActorKind.UNIT:
                covered.update(ctx.index.ancestors(party))
    today = DateWindow.exact(as_of) if as_of is not None else None
    seen: set[str] = set()
    for actor in ctx.portfolio.actors:
        if actor.kind is not ActorKind.INSTITUTION or actor.id in covered or actor.id in seen:
            continue
        seen.add(actor.id)  # a second actor with the id is REF001's
        if today is not None and not _exists_on(actor, today):
            continue
        yield Violation(
            subject=actor.id,
            at=actor,
            variant="default" if as_of is None else "in-force",
            evidence={
                "institution": actor.id,
                "name": shortened(actor.name),
                "as_of": None if as_of is None else as_of.isoformat(),
                "as_of_applied": as_of is not None,
            },
        )
