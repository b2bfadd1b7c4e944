"""Relative dates: a period before or after an anchor (``"2 år efter start"``)."""

from __future__ import annotations

import re
from typing import Final

import attrs

from velfaerd.dates._period import Period, parse_period
from velfaerd.dates._reading import parse_window
from velfaerd.dates._text import MAX_DATE_LENGTH, _too_long
from velfaerd.errors import DateFormatError
from velfaerd.i18n import Text

__all__ = ["END_ANCHORS", "START_ANCHORS", "RelativeDate", "looks_relative", "parse_relative"]

#: The anchors of a relative date that name the agreement's own term.
START_ANCHORS: Final = frozenset({"start", "opstart"})
END_ANCHORS: Final = frozenset({"slut", "end"})

#: ``<period> efter|før <anchor>`` over text whose whitespace is single spaces
#: (:func:`_spaced`): words and spaces cannot overlap, so a failing match backtracks
#: through each word boundary once, never through every split of a run of spaces.
_RELATIVE: Final = re.compile(
    r"(?P<period>[^ ]+(?: [^ ]+)*?) (?P<direction>efter|før|after|before) (?P<anchor>[^ ].*)",
    re.IGNORECASE,
)
_ANCHOR_ID: Final = re.compile(r"[^\s]+")
_DANISH_UNITS: Final[dict[str, tuple[str, str]]] = {
    "years": ("år", "år"),
    "months": ("måned", "måneder"),
    "weeks": ("uge", "uger"),
    "days": ("dag", "dage"),
}


@attrs.frozen(kw_only=True)
class RelativeDate:
    """A date written relative to another: ``"2 år efter start"``, ``"3 måneder før slut"``.

    ``anchor`` is ``"start"`` or ``"slut"`` (the agreement's term; ``"opstart"`` and
    ``"end"`` are read as these) or the id of a milestone of the same agreement. The
    date is the anchor's window moved by ``period``, forward or (``before``) back.
    ``written`` keeps the text as the document wrote it (it takes no part in equality),
    and ``str()`` gives it back.

    >>> relative = parse_relative("to år efter start")
    >>> relative.period, relative.before, relative.anchor
    (Period(count=2, unit='years'), False, 'start')
    >>> str(relative)
    'to år efter start'
    >>> str(RelativeDate(period=Period(6, "months"), before=True, anchor="slut"))
    '6 måneder før slut'
    """

    period: Period
    before: bool = False
    anchor: str
    written: str | None = attrs.field(default=None, eq=False, repr=False)

    def __str__(self) -> str:
        """The text as written, or the canonical Danish form."""
        if self.written is not None:
            return self.written
        singular, plural = _DANISH_UNITS[self.period.unit]
        unit = singular if self.period.count == 1 else plural
        direction = "før" if self.before else "efter"
        return f"{self.period.count} {unit} {direction} {self.anchor}"


def _spaced(text: str) -> str:
    """``text`` with each run of whitespace one space, and none at either end."""
    return " ".join(text.split())


def _relative_match(text: str) -> re.Match[str] | None:
    """Match ``text`` against :data:`_RELATIVE`, if it is short enough to be a date."""
    if len(text) > MAX_DATE_LENGTH:
        return None
    return _RELATIVE.fullmatch(_spaced(text))


def looks_relative(text: str) -> bool:
    """Whether ``text`` has the shape of a relative date (``<period> efter|før <anchor>``).

    A text longer than :data:`MAX_DATE_LENGTH` is no date of any kind: it is never
    matched (:func:`parse_window` says it is too long).

    >>> looks_relative("3 måneder  efter temadag"), looks_relative("1" + " " * 30_000 + "x")
    (True, False)
    """
    return _relative_match(text) is not None


def parse_relative(text: str) -> RelativeDate:
    """Read a relative date: ``<period> efter|før <anchor>``.

    The period is any form :func:`parse_period` reads (``"2 år"``, ``"seks måneder"``);
    the anchor is ``start`` (also ``opstart``), ``slut`` (also ``end``) or a milestone
    id.

    :raises DateFormatError: if the text is not of that shape, its period cannot be
        read, or its anchor is a date (a date is written as a date, not relative to one).

    >>> parse_relative("3 måneder efter temadag").anchor
    'temadag'
    >>> parse_relative("fem-seks måneder efter start")
    Traceback (most recent call last):
    ...
    velfaerd.errors.DateFormatError: cannot read 'fem-seks måneder efter start': its period \
'fem-seks måneder' cannot be read: ...
    """
    if len(text) > MAX_DATE_LENGTH:
        raise _too_long(text)
    match = _relative_match(text)
    if match is None:
        said = Text("date.relative-form")
        raise DateFormatError(text, said.render(), said=said)
    try:
        period = parse_period(match["period"])
    except DateFormatError as error:
        reason = error.said.values["reason"]
        said = Text("date.relative-period", {"period": match["period"], "reason": reason})
        raise DateFormatError(text, said.render(), said=said) from None
    anchor = match["anchor"].strip()
    lowered = anchor.lower()
    if lowered in START_ANCHORS:
        anchor = "start"
    elif lowered in END_ANCHORS:
        anchor = "slut"
    else:
        _check_anchor(text, anchor)
    before = match["direction"].lower() in {"før", "before"}
    return RelativeDate(period=period, before=before, anchor=anchor, written=text)


def _check_anchor(text: str, anchor: str) -> None:
    try:
        parse_window(anchor)
    except DateFormatError:
        pass
    else:
        said = Text("date.anchor-is-date", {"anchor": anchor})
        raise DateFormatError(text, said.render(), said=said)
    if _ANCHOR_ID.fullmatch(anchor) is None:
        said = Text("date.anchor-not-id", {"anchor": anchor})
        raise DateFormatError(text, said.render(), said=said)
