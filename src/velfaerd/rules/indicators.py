"""The indicator rules (``IND``): measured goals measured, and met.

* ``IND001`` — a target's date has passed and nothing was measured since its window
  began (needs ``as_of``);
* ``IND002`` — the first measurement on or after a target's date misses the target, in
  the direction the indicator's ``better`` says;
* ``IND003`` — a commitment has goals and no indicator (``info``, not in the default
  selection: ``--extend-select IND003``).

Each target is compared with the measurements of its own indicator: linear in the
number of targets and measurements (the measurements are sorted once per indicator).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from velfaerd.model import Agreement, Better, Commitment, Indicator, Measurement, Target
from velfaerd.rules import Context, Violation, rule
from velfaerd.rules._examples import YEARLY_REVIEW

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator, Mapping
    from typing import Any

__all__ = [
    "commitment_without_indicator",
    "first_measurement_after",
    "indicators_of",
    "meets",
    "target_missed",
    "target_not_measured",
]

_HEAD = (
    YEARLY_REVIEW
    + """
[[agreements.milestones.occurrences]]
due = "marts 2022"
status = "met"

[[agreements.milestones.occurrences]]
due = "marts 2023"
status = "met"

[[agreements.milestones.occurrences]]
due = "marts 2024"
status = "met"

[[agreements.commitments]]
id = "trivsel"
title = "Elevernes trivsel skal øges"
goals = ["Den gennemsnitlige trivsel i udskolingen er mindst 4,0 i 2023."]
"""
)


def indicators_of(agreement: Agreement) -> Iterator[tuple[Commitment | None, Indicator]]:
    """Each indicator of an agreement, with its commitment (``None``: the agreement's own)."""
    for indicator in agreement.indicators:
        yield None, indicator
    for commitment in agreement.commitments:
        for indicator in commitment.indicators:
            yield commitment, indicator


def _counts_for(measurement: Measurement, target: Target) -> bool:
    # Dated on or after the start of the target's window (a deadline: its day).
    return measurement.on.latest >= target.by.first_day


def first_measurement_after(indicator: Indicator, target: Target) -> Measurement | None:
    """The first measurement dated on or after the start of the target's ``by``."""
    found = [m for m in indicator.measurements if _counts_for(m, target)]
    return min(found, key=lambda m: (m.on.first_day, m.on.latest), default=None)


def meets(value: float, target: float, better: Better | None) -> bool | None:
    """Whether ``value`` reaches ``target`` the way ``better`` says (``None``: not said)."""
    if better is Better.HIGHER:
        return value >= target
    if better is Better.LOWER:
        return value <= target
    return None


def _number(value: float) -> str:
    # As the format writes it: an integer without decimals.
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _numbers_in(evidence: Mapping[str, Any], lang: str) -> Mapping[str, Any]:
    """The values and targets written with the language's decimal mark (``3,9`` in Danish)."""
    if lang != "da":
        return {}
    return {
        key: evidence[key].replace(".", ",")
        for key in ("value", "target")
        if isinstance(evidence.get(key), str)
    }


def _evidence(
    agreement: Agreement, commitment: Commitment | None, indicator: Indicator, target: Target
) -> dict[str, object]:
    return {
        "agreement": agreement.id,
        "commitment": None if commitment is None else commitment.id,
        "indicator": indicator.id,
        "name": indicator.name,
        "target": _number(target.value),
        "unit": indicator.unit or "",
        "by": str(target.by),
    }


# IND001 -------------------------------------------------------------------------------

_IND001_FAILING = (
    _HEAD
    + """
[[agreements.commitments.indicators]]
id = "trivsel-udskoling"
name = "Gennemsnitlig trivsel i udskolingen"
unit = "point"
better = "higher"
baseline = { value = "3,8", on = "2021", source = "Den nationale trivselsmåling" }
targets = [{ value = "4,0", by = "2023" }]
measurements = [{ value = "3,9", on = "marts 2022" }]
"""
)
_IND001_FIXED = _IND001_FAILING.replace(
    'measurements = [{ value = "3,9", on = "marts 2022" }]',
    'measurements = [{ value = "3,9", on = "marts 2022" }, { value = "4,1", on = "marts 2023" }]',
)


@rule(
    "IND001",
    name="target-not-measured",
    severity="warning",
    summary="a target's date has passed and nothing was measured since its window began",
    description=(
        "With an as-of date, each target of an indicator whose ``by`` has passed (its "
        "latest day is before the as-of date) needs a measurement dated on or after the "
        "first day of ``by`` (a measurement whose window reaches that day counts). "
        "Indicators are those of the commitments and of the agreement itself."
    ),
    why=(
        "A goal with a number is only followed up if the number is measured: a target "
        "whose year has passed with no measurement says nothing about whether it was met."
    ),
    failing=_IND001_FAILING,
    fixed=_IND001_FIXED,
    messages={
        "default": (
            "indicator {indicator!r} was to reach {target} {unit} by {by}, and nothing "
            "has been measured since"
        ),
    },
    needs_as_of=True,
    localize=_numbers_in,
)
def target_not_measured(ctx: Context) -> Iterator[Violation]:
    """Yield each target whose ``by`` has passed with no measurement since it began.

    :param ctx: the checking context (with ``as_of``).
    :return: one violation per target, at its indicator's ``targets``.
    """
    as_of: dt.date | None = ctx.as_of
    if as_of is None:  # pragma: no cover - the engine runs it only with as_of
        return
    for agreement in ctx.portfolio.agreements:
        for commitment, indicator in indicators_of(agreement):
            for number, target in enumerate(indicator.targets):
                if target.by.latest >= as_of:
                    continue
                if any(_counts_for(m, target) for m in indicator.measurements):
                    continue
                yield Violation(
                    subject=indicator.id,
                    at=indicator,
                    key=f"targets[{number}]",
                    agreement=agreement.id,
                    evidence={
                        **_evidence(agreement, commitment, indicator, target),
                        "as_of": as_of.isoformat(),
                    },
                )


# IND002 -------------------------------------------------------------------------------

_IND002_FAILING = _IND001_FIXED.replace(
    '{ value = "4,1", on = "marts 2023" }', '{ value = "3,8", on = "marts 2023" }'
)
_IND002_FIXED = _IND001_FIXED


@rule(
    "IND002",
    name="target-missed",
    severity="warning",
    summary="the first measurement on or after a target's date misses the target",
    description=(
        "For each target of an indicator, the first measurement dated on or after the "
        "first day of its ``by`` is compared with the target's value in the direction "
        '``better`` says: with ``better = "higher"`` a lower value misses it, with '
        '``better = "lower"`` a higher one. An indicator that does not say which way is '
        "better is not judged, nor a target that nothing has been measured against yet "
        "(``IND001``'s, once its date has passed)."
    ),
    why=(
        "A missed target is what the annual review must discuss: the finding puts it on "
        "the agenda before the meeting, not after."
    ),
    failing=_IND002_FAILING,
    fixed=_IND002_FIXED,
    messages={
        "default": (
            "indicator {indicator!r} measured {value} {unit} ({on}), short of the target "
            "of {target} {unit} by {by} ({better} is better)"
        ),
    },
    localize=_numbers_in,
)
def target_missed(ctx: Context) -> Iterator[Violation]:
    """Yield each target that the first measurement on or after its date misses.

    :param ctx: the checking context.
    :return: one violation per target, at its indicator's ``targets``.
    """
    for agreement in ctx.portfolio.agreements:
        for commitment, indicator in indicators_of(agreement):
            if indicator.better is None or not indicator.measurements:
                continue
            for number, target in enumerate(indicator.targets):
                measured = first_measurement_after(indicator, target)
                if measured is None or meets(measured.value, target.value, indicator.better):
                    continue
                yield Violation(
                    subject=indicator.id,
                    at=indicator,
                    key=f"targets[{number}]",
                    agreement=agreement.id,
                    evidence={
                        **_evidence(agreement, commitment, indicator, target),
                        "value": _number(measured.value),
                        "on": str(measured.on),
                        "better": indicator.better.value,
                    },
                )


# IND003 -------------------------------------------------------------------------------

_IND003_FAILING = _HEAD
_IND003_FIXED = _IND001_FIXED


@rule(
    "IND003",
    name="commitment-without-indicator",
    severity="info",
    summary="a commitment has goals and no indicator",
    description=(
        "A commitment with ``goals`` but no ``indicators``: its goals are words, not "
        "numbers anyone measures. Not in the default selection (many agreements set "
        "goals to be discussed, not measured): select it with ``--extend-select "
        'IND003`` or ``extend-select = ["IND003"]``.'
    ),
    why=(
        "A goal with a baseline, a target and measurements can be followed up year by "
        "year; a goal in words only at the end of the term, if at all."
    ),
    failing=_IND003_FAILING,
    fixed=_IND003_FIXED,
    messages={
        "default": "commitment {commitment!r} has {count} goals and no indicator to measure them",
        "one": "commitment {commitment!r} has a goal and no indicator to measure it",
    },
    opt_in=True,
)
def commitment_without_indicator(ctx: Context) -> Iterator[Violation]:
    """Yield each commitment with goals and no indicator.

    :param ctx: the checking context.
    :return: one violation per commitment, at its ``goals``.
    """
    for agreement in ctx.portfolio.agreements:
        for commitment in agreement.commitments:
            if commitment.goals and not commitment.indicators:
                yield Violation(
                    subject=commitment.id,
                    at=commitment,
                    key="goals",
                    agreement=agreement.id,
                    variant="one" if len(commitment.goals) == 1 else "default",
                    evidence={
                        "agreement": agreement.id,
                        "commitment": commitment.id,
                        "count": len(commitment.goals),
                    },
                )
