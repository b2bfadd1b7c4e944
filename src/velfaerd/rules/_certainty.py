"""Whether one date window lies before another: certainly, possibly, or not at all.

The one reading of approximate dates every rule that compares two windows shares
(``AGR``, ``APR001``, ``APR004``, ``MIL002``, ``REF003``): a finding is certain when
every day of one window is before every day of the other, and only possible (a
warning) when some reading of the windows puts it before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from velfaerd.dates import DateWindow

__all__ = ["before"]


def before(window: DateWindow, other: DateWindow) -> bool | None:
    """Whether ``window`` lies before ``other``, as a violation's ``possible`` says it.

    ``False`` when it certainly does (:meth:`~velfaerd.dates.DateWindow.certainly_before`),
    ``True`` when it only possibly does
    (:meth:`~velfaerd.dates.DateWindow.possibly_before`), ``None`` when it does not.

    >>> from velfaerd.dates import parse_window
    >>> june = parse_window("juni 2013")
    >>> before(june, parse_window("1. juli 2013")), before(june, parse_window("30. juni 2013"))
    (False, True)
    >>> before(parse_window("juli 2013"), june) is None
    True
    """
    if window.earliest is not None and window.earliest >= other.latest:
        return None  # not even possibly before: the commonest case, decided first
    if window.certainly_before(other):
        return False
    return True if window.possibly_before(other) else None
