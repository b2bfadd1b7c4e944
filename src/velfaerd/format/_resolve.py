"""What is resolved once a document is structured: relative dates.

A milestone's ``due`` may be written relative to the agreement's ``start`` or ``slut``
or to another milestone (``"3 måneder efter temadag"``). The converter keeps what was
written in :attr:`~velfaerd.model.Milestone.relative`; here each is given its window —
the anchor's window moved by the period — so that the rules see a plain ``due``.

An anchor that names no milestone, anchors that form a loop, and an anchor without a
date leave the milestone undated: the first two are findings (``REF002``, ``MIL001``),
not load errors, so that every problem is reported at once.
"""

from __future__ import annotations

import calendar
from typing import TYPE_CHECKING

import attrs

from velfaerd.dates import DateWindow

if TYPE_CHECKING:
    import datetime as dt

    from velfaerd.dates import Period, RelativeDate
    from velfaerd.model import Agreement, Milestone

__all__ = ["resolve_agreement", "resolve_agreements", "shift_window"]


def _is_month_end(day: dt.date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def _shift_day(day: dt.date, period: Period, *, before: bool, month_end: bool) -> dt.date:
    shifted = period.after(day, -1 if before else 1)
    if month_end and period.unit in {"months", "years"}:
        return shifted.replace(day=calendar.monthrange(shifted.year, shifted.month)[1])
    return shifted


def shift_window(window: DateWindow, relative: RelativeDate) -> DateWindow | None:
    """Move ``window`` by the relative date's period (a month's end stays a month's end).

    Returns ``None`` where the result is not a date Python can hold.
    """
    try:
        earliest = (
            None
            if window.earliest is None
            else _shift_day(
                window.earliest, relative.period, before=relative.before, month_end=False
            )
        )
        latest = _shift_day(
            window.latest,
            relative.period,
            before=relative.before,
            month_end=_is_month_end(window.latest),
        )
    except (OverflowError, ValueError):
        return None
    return DateWindow(earliest, latest)


def _anchor_window(
    agreement: Agreement,
    anchor: str,
    milestones: dict[str, Milestone],
    resolved: dict[int, DateWindow | None],
    visiting: set[int],
) -> DateWindow | None:
    if anchor == "start":
        return None if agreement.start is None else DateWindow.exact(agreement.start)
    if anchor == "slut":
        return None if agreement.end is None else DateWindow.exact(agreement.end)
    target = milestones.get(anchor)
    if target is None:
        return None  # REF002
    return _due(agreement, target, milestones, resolved, visiting)


def _due(
    agreement: Agreement,
    milestone: Milestone,
    milestones: dict[str, Milestone],
    resolved: dict[int, DateWindow | None],
    visiting: set[int],
) -> DateWindow | None:
    relative = milestone.relative
    if relative is None:
        return milestone.due
    key = id(milestone)  # not its id: an id defined twice (REF001) is two milestones
    if key in resolved:
        return resolved[key]
    if key in visiting:
        return None  # a loop: MIL001
    visiting.add(key)
    anchor = _anchor_window(agreement, relative.anchor, milestones, resolved, visiting)
    visiting.discard(key)
    window = None if anchor is None else shift_window(anchor, relative)
    resolved[key] = window
    return window


def resolve_agreement(agreement: Agreement) -> Agreement:
    """Give every milestone with a relative date its ``due`` window.

    Milestones without one are left as they are; the agreement is returned unchanged
    (the same object) when none has one.
    """
    if not any(m.relative is not None for m in agreement.milestones):
        return agreement
    milestones: dict[str, Milestone] = {}
    for milestone in agreement.milestones:
        milestones.setdefault(milestone.id, milestone)
    resolved: dict[int, DateWindow | None] = {}
    updated = tuple(
        m
        if m.relative is None
        else attrs.evolve(m, due=_due(agreement, m, milestones, resolved, set()))
        for m in agreement.milestones
    )
    # An id defined twice (REF001): an anchor names its first definition.
    return attrs.evolve(agreement, milestones=updated)


def resolve_agreements(items: tuple[Agreement, ...]) -> tuple[Agreement, ...]:
    """Resolve the relative dates of each agreement (see :func:`resolve_agreement`)."""
    return tuple(resolve_agreement(agreement) for agreement in items)
