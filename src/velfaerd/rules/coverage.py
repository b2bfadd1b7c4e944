"""The coverage rules (``COV``): every theme covered, goals, follow-up, institutions.

* ``COV001`` — a theme the agreement takes up has no commitment (*every theme covered*);
* ``COV002`` — a commitment has no goal;
* ``COV003`` — a commitment has no follow-up, neither its own nor the agreement's;
* ``COV004`` — an institution is party to no agreement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from velfaerd.dates import DateWindow
from velfaerd.model import ActorKind, Agreement
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


def _where(owner: str) -> str:
    return "themes" if owner == "agreement" else "policies"


@rule(
    "COV001",
    name="uncovered-theme",
    severity="error",
    summary="a theme the agreement takes up has no commitment",
    description=(
        "Every theme an agreement takes up must be named by at least one of its "
        "commitments: its own focus areas (``themes``), and the themes of its "
        "policies — only those ``covers`` names when it is given, all of them when it "
        "is not. A theme id is resolved among the agreement's own themes and its "
        "policies' themes; ids that resolve to nothing are ``REF002``'s, not this rule's."
    ),
    why=(
        "An agreement that takes up a theme of the policy and commits to nothing under "
        "it leaves the council without a way to follow up on that part of the policy."
    ),
    failing=_COV001_FAILING,
    fixed=_COV001_FIXED,
    messages={
        "default": "theme {theme!r} ({name}) of {source_of} has no commitment in agreement "
        "{agreement!r}",
    },
)
def uncovered_theme(ctx: Context) -> Iterator[Violation]:
    """Yield each theme taken up that no commitment names."""
    for agreement in ctx.portfolio.agreements:
        named = {theme for c in agreement.commitments for theme in c.themes}
        seen: set[str] = set()
        for theme_id, owner, theme in ctx.index.taken_up(agreement):
            if theme_id in named or theme_id in seen:
                continue
            seen.add(theme_id)
            source_of = "the agreement" if owner == "agreement" else f"policy {owner!r}"
            yield Violation(
                subject=theme_id,
                at=agreement,
                key=_where(owner),
                agreement=agreement.id,
                evidence={
                    "agreement": agreement.id,
                    "theme": theme_id,
                    "name": getattr(theme, "name", theme_id),
                    "owner": owner,
                    "source_of": source_of,
                },
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
    description="A commitment (*pejlemærke*, *indsats*) should state at least one goal.",
    why="Without a goal, nobody can tell at the follow-up whether the commitment was kept.",
    failing=_COV002_FAILING,
    fixed=_COV002_FIXED,
    messages={"default": "commitment {commitment!r} has no goal"},
)
def commitment_without_goal(ctx: Context) -> Iterator[Violation]:
    """Yield each commitment with no goal."""
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


@rule(
    "COV003",
    name="commitment-without-follow-up",
    severity="warning",
    summary="a commitment has no follow-up, neither its own nor the agreement's",
    description=(
        "A commitment needs follow-up (*opfølgning*): its own ``follow_up``, or the "
        "agreement's, which every commitment without its own inherits."
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
    """Yield each commitment with no follow-up of its own or inherited."""
    for agreement in ctx.portfolio.agreements:
        if agreement.follow_up:
            continue
        for commitment in agreement.commitments:
            if not commitment.follow_up:
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
    return (agreement.start is None or agreement.start <= as_of) and (
        agreement.end is None or as_of <= agreement.end
    )


@rule(
    "COV004",
    name="institution-without-agreement",
    severity="warning",
    summary="an institution is party to no agreement",
    description=(
        "Every actor of kind ``institution`` should be party to an agreement, itself or "
        "through a unit of it (an actor of kind ``unit`` that is ``part_of`` it). With "
        "``as_of``, only agreements in force that day count, and institutions that "
        "certainly do not exist that day (``since``/``until``) are not checked."
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
    """Yield each institution that no agreement (in force) has as a party."""
    as_of = ctx.as_of
    covered: set[str] = set()
    for agreement in ctx.portfolio.agreements:
        if as_of is not None and not _in_force(agreement, as_of):
            continue
        for party in agreement.parties:
            covered.add(party)
            covered.update(ctx.index.ancestors(party))
    today = DateWindow.exact(as_of) if as_of is not None else None
    seen: set[str] = set()
    for actor in ctx.portfolio.actors:
        if actor.kind is not ActorKind.INSTITUTION or actor.id in covered or actor.id in seen:
            continue
        seen.add(actor.id)
        if today is not None and (
            (actor.until is not None and actor.until.certainly_before(today))
            or (actor.since is not None and today.certainly_before(actor.since))
        ):
            continue
        evidence: dict[str, object] = {"institution": actor.id, "as_of": None}
        variant = "default"
        if as_of is not None:
            evidence["as_of"] = as_of.isoformat()
            variant = "in-force"
        yield Violation(subject=actor.id, at=actor, variant=variant, evidence=evidence)
