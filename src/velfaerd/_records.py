"""The model's follow-up records (format 1.2): indicators and a milestone's occurrences.

An :class:`Indicator` of a commitment is measured: where it stood
(:class:`IndicatorBaseline`), the values it is to reach (:class:`Target`) and the
values it was measured at (:class:`Measurement`). An :class:`Occurrence` records what
happened at one occurrence of a recurring milestone. They are leaves of the model,
public as ``velfaerd.model.X`` and ``velfaerd.X`` (:mod:`velfaerd.model` re-exports
them and lists them in its structure table).
"""

# Split from velfaerd.model along the format's own seam: these classes came with
# format 1.2 for following an agreement up, hold no other model class but each other,
# and are read by velfaerd.followup and the IND rules; the rest of the model (actors,
# policies, agreements, the portfolio and its lookups) is what every check reads.
# velfaerd.model imports them, never the reverse.

from __future__ import annotations

import attrs

from velfaerd._fields import _items
from velfaerd._kinds import Better, OccurrenceStatus
from velfaerd._origin import Origin
from velfaerd.dates import DateWindow

__all__ = ["Indicator", "IndicatorBaseline", "Measurement", "Occurrence", "Target"]


@attrs.frozen(kw_only=True)
class IndicatorBaseline:
    """Where an :class:`Indicator` stood when the agreement was made (*udgangspunkt*)."""

    value: float
    on: DateWindow | None = None
    source: str | None = None
    """Where the figure comes from (*kilde*: a survey, a statistic)."""
    description: str | None = None
    # No origin: a baseline is one inline table of its indicator, found by the
    # indicator's (``….baseline``), as a key is.


@attrs.frozen(kw_only=True)
class Target:
    """A value an :class:`Indicator` is to reach ``by`` a date (*målsætning*)."""

    value: float
    by: DateWindow
    description: str | None = None
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Measurement:
    """A value an :class:`Indicator` was measured at ``on`` a date (*måling*)."""

    value: float
    on: DateWindow
    source: str | None = None
    note: str | None = None
    description: str | None = None
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Indicator:
    """A measured goal (*indikator*, *måltal*): a baseline, targets and measurements.

    ``unit`` is what the values count (``"%"``, ``"point"``, ``"antal"``); ``better``
    says which way the indicator improves (``None``: the document does not say, and no
    measurement is judged against a target). Values are numbers: ``3.9``, or the
    Danish ``"3,9"`` in the format.
    """

    id: str
    name: str
    unit: str | None = None
    better: Better | None = attrs.field(default=None, converter=attrs.converters.optional(Better))
    baseline: IndicatorBaseline | None = None
    targets: tuple[Target, ...] = attrs.field(default=(), converter=_items)
    measurements: tuple[Measurement, ...] = attrs.field(default=(), converter=_items)
    description: str | None = None
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Occurrence:
    """What happened at one occurrence of a recurring milestone (*afholdt*, *aflyst* …).

    ``due`` names the scheduled occurrence it records: a date form that overlaps
    exactly one of them (the loader refuses one that overlaps none, or two).
    ``held_on`` is when it took place; ``moved_to`` where it was moved (with
    ``status = "moved"``); ``minutes`` a reference to the minutes (*referat*: a URL or
    a journal number).
    """

    due: DateWindow
    status: OccurrenceStatus = attrs.field(converter=OccurrenceStatus)
    held_on: DateWindow | None = None
    moved_to: DateWindow | None = None
    note: str | None = None
    minutes: str | None = None
    description: str | None = None
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False)
