"""The calendar rule (``CAL``): meetings on days nobody meets.

* ``CAL001`` — a meeting, review, decision, approval or conference is dated on one
  exact day that is a Saturday, a Sunday or a Danish public holiday.

The holidays are the ``holidays`` package's Denmark (its public holidays, with
Grundlovsdag from its optional ones); the package is imported when the rule runs, not
when :mod:`velfaerd` is imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from velfaerd.model import MilestoneKind, MilestoneStatus
from velfaerd.rules import Context, Violation, rule
from velfaerd.rules._examples import ACTORS

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator

    from velfaerd.dates import DateWindow
    from velfaerd.model import Milestone

__all__ = ["CHECKED_KINDS", "day_off", "on_day_off"]

#: The kinds of milestone that people meet for, and so fall on working days.
CHECKED_KINDS = frozenset(
    {
        MilestoneKind.MEETING,
        MilestoneKind.REVIEW,
        MilestoneKind.DECISION,
        MilestoneKind.APPROVAL,
        MilestoneKind.CONFERENCE,
    }
)

#: The Danish names of Saturday and Sunday: data (``day`` in the evidence), like the
#: holiday package's Danish names of the holidays.
WEEKEND_DAYS = {5: "lørdag", 6: "søndag"}
_GRUNDLOVSDAG = (6, 5)
_SATURDAY = 5
_holidays_by_year: dict[int, dict[dt.date, str]] = {}


def _holidays(year: int) -> dict[dt.date, str]:
    """Denmark's public holidays of ``year`` with their Danish names, and Grundlovsdag."""
    cached = _holidays_by_year.get(year)
    if cached is not None:
        return cached
    import holidays  # noqa: PLC0415 - imported when the rule runs, not with velfaerd

    public = holidays.country_holidays("DK", years=year, language="da")
    optional = holidays.country_holidays("DK", years=year, language="da", categories=("optional",))
    days = {day: str(name) for day, name in public.items()}
    days.update(
        {day: str(name) for day, name in optional.items() if (day.month, day.day) == _GRUNDLOVSDAG}
    )
    _holidays_by_year[year] = days
    return days


def day_off(day: dt.date) -> tuple[str, str] | None:
    """Why ``day`` is not a working day in Denmark: ``("holiday", name)``, ``("weekend", name)``.

    ``None`` for a working day. A holiday on a weekend is named as the holiday.

    >>> import datetime
    >>> day_off(datetime.date(2024, 5, 9))
    ('holiday', 'Kristi himmelfartsdag')
    >>> day_off(datetime.date(2013, 4, 7))
    ('weekend', 'søndag')
    >>> day_off(datetime.date(2024, 4, 26)) is None  # Store Bededag was abolished in 2024
    True
    >>> day_off(datetime.date(2023, 5, 5))
    ('holiday', 'Store bededag')
    """
    name = _holidays(day.year).get(day)
    if name is not None:
        return "holiday", name
    if day.weekday() >= _SATURDAY:
        return "weekend", WEEKEND_DAYS[day.weekday()]
    return None


def on_day_off(day: dt.date) -> bool:
    """Whether ``day`` is a Saturday, a Sunday or a Danish public holiday."""
    return day_off(day) is not None


_HEAD = (
    ACTORS
    + """
[[agreements]]
id = "aftale"
title = "Samarbejdsaftale mellem Byrådet og Auraskolen"
kind = "cooperation"
parties = ["byraadet", "auraskolen"]
start = 2024-01-01
end = 2024-12-31

[[agreements.milestones]]
id = "opfoelgning"
title = "Årligt møde om opfølgning på aftalen"
kind = "review"
"""
)

_FAILING = _HEAD + "due = 2024-05-09  # Kristi himmelfartsdag\n"
_FIXED = _HEAD + "due = 2024-05-08\n"

_MESSAGES = {
    "weekend": "{milestone!r} is dated {date}, which is a weekend day ({day})",
    "holiday": "{milestone!r} is dated {date}, which is {day}, a Danish public holiday",
    "default": "{milestone!r} is dated {date}, which is a weekend day ({day})",
}


@rule(
    "CAL001",
    name="meeting-on-day-off",
    severity="warning",
    summary=(
        "a meeting, review, decision, approval or conference is dated on a Saturday, a Sunday"
        " or a Danish public holiday"
    ),
    description=(
        "A milestone of kind ``meeting``, ``review``, ``decision``, ``approval`` or "
        "``conference`` whose date is one exact day that is a Saturday, a Sunday or a Danish "
        "public holiday (the ``holidays`` package's Denmark: Store Bededag until 2023 and not"
        " from 2024; Grundlovsdag included). Windows (``primo juni 2013``), deadlines, other "
        "kinds and cancelled milestones are left alone; of a recurring milestone, the date "
        "written (its first occurrence) is checked."
    ),
    why=(
        "Councils, committees and schools do not meet on a Sunday or on Kristi "
        "himmelfartsdag: such a date is almost always a typing error (a wrong day or year) "
        "that nobody notices until the invitation goes out."
    ),
    failing=_FAILING,
    fixed=_FIXED,
    messages=_MESSAGES,
)
def meeting_on_day_off(ctx: Context) -> Iterator[Violation]:
    """Yield each meeting-like milestone dated on a weekend day or a holiday."""
    # Each day is looked up once: the same few hundred days recur across agreements.
    days: dict[dt.date, tuple[str, str] | None] = {}
    for agreement in ctx.portfolio.agreements:
        for milestone in agreement.milestones:
            due = milestone.due
            if (
                due is None
                or milestone.kind not in CHECKED_KINDS
                or due.earliest is None
                or due.earliest != due.latest
                or milestone.status is MilestoneStatus.CANCELLED
            ):
                continue
            day = due.earliest
            why = days[day] if day in days else days.setdefault(day, day_off(day))
            if why is not None:
                yield _violation(agreement.id, milestone, due, why)


def _violation(
    agreement: str, milestone: Milestone, due: DateWindow, why: tuple[str, str]
) -> Violation:
    variant, name = why
    return Violation(
        subject=milestone.id,
        at=milestone,
        key="due",
        variant=variant,
        agreement=agreement,
        evidence={
            "agreement": agreement,
            "milestone": milestone.id,
            "kind": milestone.kind.value,
            "date": str(due),
            "day": name,
            "reason": variant,
        },
    )
