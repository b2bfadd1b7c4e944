"""The agreement rules (``AGR``): the term, the parties and the stated duration.

* ``AGR001`` — the term is reversed, or the agreement was entered after it started;
* ``AGR002`` — an agreement has fewer than two parties;
* ``AGR003`` — the stated ``duration`` disagrees with ``start`` and ``end``;
* ``AGR004`` — an agreement's term overlaps the term of the agreement it supersedes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from velfaerd.dates import DateWindow
from velfaerd.model import AgreementKind
from velfaerd.rules import Context, Violation, rule
from velfaerd.rules._certainty import before
from velfaerd.rules._examples import ACTORS

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["duration_mismatch", "invalid_term", "overlaps_superseded", "too_few_parties"]

_HEAD = (
    ACTORS
    + """
[[agreements]]
id = "aftale"
title = "Samarbejdsaftale mellem Byrådet og Auraskolen"
kind = "cooperation"
parties = ["byraadet", "auraskolen"]
review_every = "none"
"""
)

_AGR001_FAILING = _HEAD + "entered = 2021-04-01\nstart = 2021-03-15\nend = 2024-03-14\n"
_AGR001_FIXED = _HEAD + "entered = 2021-03-15\nstart = 2021-03-15\nend = 2024-03-14\n"


@rule(
    "AGR001",
    name="invalid-term",
    severity="error",
    summary="an agreement's term is empty or reversed, or it was entered after it started",
    description=(
        "An agreement's ``end`` must not come before its ``start``, and it cannot have "
        "been ``entered`` after it started. An ``entered`` window that only possibly "
        "falls after the start gives a warning. A ``start`` on the first day of "
        "``entered`` is the one velfaerd derives when none is written, and is not "
        "compared with it."
    ),
    why="A reversed term or a start before the agreement existed makes every date check "
    "on it meaningless.",
    failing=_AGR001_FAILING,
    fixed=_AGR001_FIXED,
    messages={
        "reversed": "agreement {agreement!r} ends {end}, before it starts {start}",
        "entered-late": "agreement {agreement!r} was entered {entered}, after it started {start}",
        "entered-late-possible": "agreement {agreement!r} was possibly entered ({entered}) "
        "after it started {start}",
        "default": "agreement {agreement!r} has an invalid term",
    },
)
def invalid_term(ctx: Context) -> Iterator[Violation]:
    """Yield each reversed term and each agreement entered after its start."""
    for agreement in ctx.portfolio.agreements:
        start, end = agreement.start, agreement.end
        if start is not None and end is not None and end < start:
            yield Violation(
                subject=agreement.id,
                at=agreement,
                key="end",
                variant="reversed",
                agreement=agreement.id,
                evidence={
                    "agreement": agreement.id,
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                },
            )
        entered = agreement.entered
        # A start equal to the first day of ``entered`` is the one the model derives
        # when none is written (and dump leaves it out): comparing ``entered`` with it
        # would report "possibly entered (september 2021) after it started 1 September"
        # for the commonest way of writing a term, so only a start of its own counts.
        if entered is None or start is None or start == entered.first_day:
            continue
        began = DateWindow.exact(start)
        possible = before(began, entered)
        if possible is not None:
            yield Violation(
                subject=agreement.id,
                at=agreement,
                key="entered",
                variant="entered-late",
                possible=possible,
                agreement=agreement.id,
                evidence={
                    "agreement": agreement.id,
                    "entered": str(entered),
                    "start": start.isoformat(),
                },
            )


_AGR002_FAILING = _HEAD.replace('parties = ["byraadet", "auraskolen"]', 'parties = ["auraskolen"]')
_AGR002_FIXED = _HEAD


@rule(
    "AGR002",
    name="too-few-parties",
    severity="error",
    summary="an agreement has fewer than two parties",
    description=(
        "An agreement is made between at least two distinct parties. An implementation "
        "plan (``implementation_plan``), which an administration makes for itself, is "
        "exempt."
    ),
    why="An agreement with one party binds nobody to anybody.",
    failing=_AGR002_FAILING,
    fixed=_AGR002_FIXED,
    messages={
        "default": "agreement {agreement!r} has fewer than two distinct parties: {parties}",
    },
)
def too_few_parties(ctx: Context) -> Iterator[Violation]:
    """Yield each agreement (not a plan) with fewer than two distinct parties."""
    for agreement in ctx.portfolio.agreements:
        if agreement.kind is AgreementKind.IMPLEMENTATION_PLAN:
            continue
        distinct = list(dict.fromkeys(agreement.parties))
        if len(distinct) < 2:  # noqa: PLR2004 - two parties make an agreement
            yield Violation(
                subject=agreement.id,
                at=agreement,
                key="parties",
                agreement=agreement.id,
                evidence={
                    "agreement": agreement.id,
                    "parties": distinct,
                    "count": len(distinct),
                },
            )


_AGR003_FAILING = _HEAD + 'start = 2021-03-15\nduration = "3 years"\nend = 2023-03-14\n'
_AGR003_FIXED = _HEAD + 'start = 2021-03-15\nduration = "3 years"\nend = 2024-03-14\n'


@rule(
    "AGR003",
    name="duration-mismatch",
    severity="warning",
    summary="an agreement's stated duration disagrees with its start and end",
    description=(
        "When an agreement states ``duration`` and also ``start`` and ``end``, the end "
        'must be the day before the start plus the duration (``"3 years"`` from '
        "2021-03-15 ends 2024-03-14). Without an explicit ``end``, the end is derived "
        "from the duration and they always agree."
    ),
    why="Two different ends for one agreement leave the follow-up without a deadline "
    "everybody agrees on.",
    failing=_AGR003_FAILING,
    fixed=_AGR003_FIXED,
    messages={
        "default": "agreement {agreement!r} runs {duration} from {start}, which ends "
        "{expected}, but its end is {end}",
    },
)
def duration_mismatch(ctx: Context) -> Iterator[Violation]:
    """Yield each agreement whose duration and end disagree."""
    for agreement in ctx.portfolio.agreements:
        duration, start, end = agreement.duration, agreement.start, agreement.end
        if duration is None or start is None or end is None:
            continue
        expected = duration.end_of_term(start)
        if expected != end:
            yield Violation(
                subject=agreement.id,
                at=agreement,
                key="end",
                agreement=agreement.id,
                evidence={
                    "agreement": agreement.id,
                    "duration": str(duration),
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                    "expected": expected.isoformat(),
                },
            )


_AGR004_OLD = """
[[agreements]]
id = "aftale-2018"
title = "Samarbejdsaftale mellem Byrådet og Auraskolen 2018-2021"
kind = "cooperation"
parties = ["byraadet", "auraskolen"]
review_every = "none"
start = 2018-08-01
end = 2021-07-31
"""
_AGR004_FAILING = (
    _HEAD.replace('id = "aftale"', 'id = "aftale-2021"')
    + 'supersedes = "aftale-2018"\nversion = "revideret marts 2021"\n'
    + "start = 2021-03-15\nend = 2024-03-14\n"
    + _AGR004_OLD
)
_AGR004_FIXED = _AGR004_FAILING.replace("start = 2021-03-15", "start = 2021-08-01")


@rule(
    "AGR004",
    name="overlaps-superseded",
    severity="warning",
    summary="an agreement's term overlaps the term of the agreement it supersedes",
    description=(
        "An agreement that ``supersedes`` another replaces it: the new term should begin "
        "after the old one ends. The rule fires when the terms certainly overlap — both "
        "have a ``start``, the old one has an ``end``, and the new one starts on or before "
        "that end (and, if it has an end, does not end before the old one starts). An "
        "old agreement without an end ends when it is replaced, so it never overlaps. An "
        "unknown ``supersedes`` is ``REF002``'s."
    ),
    why="Two versions of one agreement in force at once leave the parties bound by both "
    "sets of commitments, and every review and deadline counted twice.",
    failing=_AGR004_FAILING,
    fixed=_AGR004_FIXED,
    messages={
        "default": "agreement {agreement!r} ({start} to {end}) overlaps agreement "
        "{superseded!r} ({superseded_start} to {superseded_end}), which it supersedes",
        "open": "agreement {agreement!r} (from {start}, open-ended) overlaps agreement "
        "{superseded!r} ({superseded_start} to {superseded_end}), which it supersedes",
    },
)
def overlaps_superseded(ctx: Context) -> Iterator[Violation]:
    """Yield each agreement whose term certainly overlaps the one it supersedes."""
    portfolio = ctx.portfolio
    for agreement in portfolio.agreements:
        if agreement.supersedes is None or agreement.supersedes == agreement.id:
            continue
        old = portfolio.get_agreement(agreement.supersedes)
        if old is None or old.start is None or old.end is None or agreement.start is None:
            continue
        if agreement.start > old.end:
            continue
        if agreement.end is not None and agreement.end < old.start:
            continue
        evidence = {
            "agreement": agreement.id,
            "start": agreement.start.isoformat(),
            "superseded": old.id,
            "superseded_start": old.start.isoformat(),
            "superseded_end": old.end.isoformat(),
        }
        if agreement.end is not None:
            evidence["end"] = agreement.end.isoformat()
        yield Violation(
            subject=agreement.id,
            at=agreement,
            key="supersedes",
            agreement=agreement.id,
            variant="default" if agreement.end is not None else "open",
            evidence=evidence,
        )
