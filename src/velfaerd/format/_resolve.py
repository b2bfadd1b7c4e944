"""What is resolved once a document is structured: relative dates, recorded occurrences.

A milestone's ``due`` may be written relative to the agreement's ``start`` or ``slut``
or to another milestone (``"3 måneder efter temadag"``). The converter keeps what was
written in :attr:`~velfaerd.model.Milestone.relative`; here each is given its window —
the anchor's window moved by the period — so that the rules see a plain ``due``.

An anchor that names no milestone, anchors that form a loop, and an anchor without a
date leave the milestone undated: the first two are findings (``REF002``, ``MIL001``),
not load errors, so that every problem is reported at once.

A record of what happened at an occurrence of a recurring milestone names the
occurrence by its ``due``, which must overlap exactly one scheduled occurrence:
:func:`unmatched_occurrences` says which records do not (a load error, ``LOAD004``,
naming the candidates), found arithmetically and never by listing the occurrences.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from velfaerd.dates import DateWindow, format_window, shift
from velfaerd.i18n import Text

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator

    from velfaerd.dates import Period, RelativeDate
    from velfaerd.model import Agreement, Milestone

__all__ = [
    "resolve_agreement",
    "resolve_agreements",
    "scheduled_occurrences",
    "shift_window",
    "unmatched_occurrences",
]


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


# A period's average length in days, to guess which occurrence falls on a day.
_AVERAGE_DAYS = {"days": 1.0, "weeks": 7.0, "months": 30.436875, "years": 365.2425}
#: The most scheduled occurrences a message names as candidates.
_MAX_CANDIDATES = 3


def _reaches(due: DateWindow, every: Period, k: int, day: dt.date) -> bool:
    # Occurrences beyond the last date Python holds reach every day.
    found = _occurrence(due, every, k)
    return found is None or found.latest >= day


def _first_reaching(due: DateWindow, every: Period, day: dt.date) -> int:
    """The first occurrence whose last day is on or after ``day`` (monotone in ``k``).

    A guess from the period's average length, then doubling beyond it or bisection below
    it: a few dozen date computations however long the windows are (a window of
    centuries every day overlaps millions of occurrences).
    """
    days = (day - due.first_day).days
    guess = max(0, int(days / (every.count * _AVERAGE_DAYS[every.unit])))
    if _reaches(due, every, 0, day):
        return 0
    low, high = 0, max(1, guess)
    step = 1
    while not _reaches(due, every, high, day):
        low, high, step = high, high + step, step * 2
    while high - low > 1:
        middle = (low + high) // 2
        if _reaches(due, every, middle, day):
            high = middle
        else:
            low = middle
    return high


def _occurrence(due: DateWindow, every: Period, k: int) -> DateWindow | None:
    try:
        return shift(due, every, k)
    except (OverflowError, ValueError):
        return None


def scheduled_occurrences(
    due: DateWindow, every: Period, last: dt.date | None, window: DateWindow
) -> tuple[list[tuple[int, DateWindow]], list[tuple[int, DateWindow]]]:
    """The scheduled occurrences that overlap ``window``, and the nearest ones.

    A milestone recurs from ``due`` every ``every`` while an occurrence's first day is
    not after ``last`` (``None``: for ever). Returns the overlapping occurrences (at
    most three: a record needs one) as ``(k, window)``, and the occurrences just
    before and after ``window`` (to suggest when none overlaps). Arithmetic: the first
    occurrence that reaches the window is found by bisection, then at most four are read.
    """
    k = _first_reaching(due, every, window.first_day)
    overlapping: list[tuple[int, DateWindow]] = []
    near: list[tuple[int, DateWindow]] = []
    before = _occurrence(due, every, k - 1) if k > 0 else None
    if before is not None and (last is None or before.first_day <= last):
        near.append((k - 1, before))
    while len(overlapping) < _MAX_CANDIDATES:
        current = _occurrence(due, every, k)
        if current is None or (last is not None and current.first_day > last):
            break
        if current.first_day > window.latest:
            near.append((k, current))
            break
        if current.latest >= window.first_day:
            overlapping.append((k, current))
        else:
            near[:] = [(k, current)]
        k += 1
    if not overlapping and not near and last is not None:
        # Beyond the last occurrence: name the last one (found within a few steps back).
        for back in range(k - 1, max(k - 50, -1), -1):
            found = _occurrence(due, every, back)
            if found is not None and found.first_day <= last:
                near.append((back, found))
                break
    return overlapping, near


def _last_day(agreement: Agreement, milestone: Milestone) -> dt.date | None:
    if milestone.until is not None:
        return milestone.until.latest
    return agreement.end


def _listed(windows: list[tuple[int, DateWindow]]) -> str:
    return ", ".join(format_window(window) for _, window in windows) or "—"


def unmatched_occurrences(agreement: Agreement) -> Iterator[tuple[int, int, Text]]:
    """Each record of an occurrence that names none, or two, scheduled occurrences.

    Yields ``(milestone index, record index, what is wrong)``: a record on a milestone
    that does not recur (or has no date), one whose ``due`` overlaps no scheduled
    occurrence (naming the nearest) or more than one (naming them), and a second record
    of an occurrence already recorded.
    """
    for m, milestone in enumerate(agreement.milestones):
        if not milestone.occurrences:
            continue
        due, every = milestone.due, milestone.every
        if due is None or every is None:
            for r, _ in enumerate(milestone.occurrences):
                yield m, r, Text("problem.occurrence-not-recurring", {"milestone": milestone.id})
            continue
        last = _last_day(agreement, milestone)
        seen: dict[int, int] = {}
        for r, record in enumerate(milestone.occurrences):
            overlapping, near = scheduled_occurrences(due, every, last, record.due)
            values = {"due": format_window(record.due), "milestone": milestone.id}
            if not overlapping:
                said = Text("problem.occurrence-none", {**values, "candidates": _listed(near)})
            elif len(overlapping) > 1:
                said = Text(
                    "problem.occurrence-two", {**values, "candidates": _listed(overlapping)}
                )
            elif overlapping[0][0] in seen:
                said = Text(
                    "problem.occurrence-twice", {**values, "other": seen[overlapping[0][0]]}
                )
            else:
                seen[overlapping[0][0]] = r
                continue
            yield m, r, said
