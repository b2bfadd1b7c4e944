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

from typing import TYPE_CHECKING

import attrs

from velfaerd.dates import DateWindow, shift

if TYPE_CHECKING:
    from velfaerd.dates import RelativeDate
    from velfaerd.model import Agreement, Milestone

__all__ = ["resolve_agreement", "resolve_agreements", "shift_window"]


def shift_window(window: DateWindow, relative: RelativeDate) -> DateWindow | None:
    """Move ``window`` by the relative date's period (a month's end stays a month's end).

    Returns ``None`` where the result is not a date Python can hold.
    """
    try:
        return shift(window, relative.period, -1 if relative.before else 1)
    except (OverflowError, ValueError):
        return None


def _due(
    agreement: Agreement,
    milestone: Milestone,
    milestones: dict[str, Milestone],
    resolved: dict[int, DateWindow | None],
) -> DateWindow | None:
    """The window of ``milestone``'s ``due``, following its anchors one by one.

    Iterative, not recursive: a chain of anchors as long as the document can hold is
    walked in a loop, and a loop of anchors is found when the walk meets a milestone
    already on it. Each milestone's window is kept in ``resolved`` (keyed by the
    object: an id defined twice, ``REF001``, is two milestones), so that every
    milestone of the agreement is walked once.
    """
    path: list[Milestone] = []  # each waits on the window of the next
    on_path: set[int] = set()
    current = milestone
    window: DateWindow | None
    while True:
        relative = current.relative
        if relative is None:
            window = current.due
            break
        key = id(current)
        if key in resolved:
            window = resolved[key]
            break
        if key in on_path:
            window = None  # a loop (MIL001): undated, as is everything waiting on it
            break
        path.append(current)
        on_path.add(key)
        anchor = relative.anchor
        if anchor == "start":
            window = None if agreement.start is None else DateWindow.exact(agreement.start)
            break
        if anchor == "slut":
            window = None if agreement.end is None else DateWindow.exact(agreement.end)
            break
        target = milestones.get(anchor)
        if target is None:
            window = None  # REF002
            break
        current = target
    for waiting in reversed(path):
        relative = waiting.relative
        if window is not None and relative is not None:
            window = shift_window(window, relative)
        resolved[id(waiting)] = window
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
        m if m.relative is None else attrs.evolve(m, due=_due(agreement, m, milestones, resolved))
        for m in agreement.milestones
    )
    # An id defined twice (REF001): an anchor names its first definition.
    return attrs.evolve(agreement, milestones=updated)


def resolve_agreements(items: tuple[Agreement, ...]) -> tuple[Agreement, ...]:
    """Resolve the relative dates of each agreement (see :func:`resolve_agreement`)."""
    return tuple(resolve_agreement(agreement) for agreement in items)
