"""Milestones as an RFC 5545 iCalendar file, built with the ``icalendar`` library.

Every dated milestone is an all-day ``VEVENT``:

* ``SUMMARY`` is its title; a date wider than a day adds the window as written
  (``Temadag (uge 8 2013)``), so that nobody takes the day shown for the day meant;
* ``DTSTART`` is the first day of its window, or the day of a deadline (*senest*);
  the event lasts that one day (``DTEND`` the day after; on 9999-12-31, the last day
  a date can hold, no ``DTEND``: an all-day event without one lasts its day,
  RFC 5545 § 3.6.1). A window of weeks or months (``skoleåret
  2013/2014``) is not drawn as an event that long, which would fill the calendar
  and hide the days that matter: the event marks where the window begins, and the
  description says so;
* ``DESCRIPTION`` gives the agreement, the date as written, the kind, the
  responsible and the participants (by name where the actor is known);
* a recurring milestone carries an ``RRULE`` (``FREQ=YEARLY;INTERVAL=N``,
  ``MONTHLY``, ``WEEKLY``, ``DAILY``) with ``UNTIL`` from ``until`` or the
  agreement's end (none on an open-ended agreement);
* ``UID`` is ``<municipality>/<agreement id>/<milestone id>@velfaerd`` (ids
  percent-encoded), so that importing a newer file updates the events it imported
  before rather than duplicating them;
* a cancelled milestone is ``STATUS:CANCELLED``, a tentative one ``TENTATIVE``;
* every text is what RFC 5545 allows in a ``TEXT`` value: no control character but
  the tab (:func:`plain`).

The output is byte-for-byte the same for the same input: ``DTSTAMP`` is ``as_of`` at
midnight UTC, or, without it, the fixed 1970-01-01T00:00:00Z, never the clock.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from velfaerd.__about__ import __version__
from velfaerd.i18n import format_date
from velfaerd.model import MilestoneStatus
from velfaerd.pictures._common import as_written, municipality_of, select, slug
from velfaerd.pictures._text import every, kind, text

if TYPE_CHECKING:
    from velfaerd.model import Agreement, Milestone, Portfolio

__all__ = ["FIXED_DTSTAMP", "calendar", "plain", "uid"]

#: The ``DTSTAMP`` of every event when no ``as_of`` is given.
FIXED_DTSTAMP = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)

_FREQUENCIES = {"years": "YEARLY", "months": "MONTHLY", "weeks": "WEEKLY", "days": "DAILY"}


# Line breaks, as Python reads lines (str.splitlines), and the other controls: C0 but
# the tab and the line feed, DEL and C1.
_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def plain(text: str) -> str:
    r"""``text`` with no character that RFC 5545 forbids in a ``TEXT`` value.

    RFC 5545 (§ 3.3.11) allows no ``CONTROL`` character (U+0000–U+001F and U+007F)
    in a text but the tab. What a line break is to Python (CR, LF, CR LF, VT, FF,
    U+001C–U+001E, NEL, U+2028, U+2029) stays a line break, which the file writes
    as ``\n``; any other control character (ESC, BEL, NUL, DEL, C1 …) becomes a
    space, so that the words on either side stay apart and nothing a terminal or a
    calendar might act on is kept; a lone surrogate (only a portfolio made in Python
    can hold one) becomes U+FFFD, as a decoder would have made it. A byte order mark
    (U+FEFF, invisible) is left out: icalendar drops it at the start of a value, so a
    title that began with one was read back without it.

    >>> plain("Møde\x1b[31m rødt\r\nnæste\x0blinje\tfane\x00")
    'Møde [31m rødt\nnæste\nlinje\tfane '
    """
    text = _CONTROLS.sub(" ", _BREAKS.sub("\n", text)).replace("\ufeff", "")
    return _SURROGATES.sub("\ufffd", text)


def uid(municipality: str, agreement: str, milestone: str) -> str:
    """The stable ``UID`` of a milestone's event.

    >>> uid("Københavns Kommune", "plan-2012", "møde 1")
    'koebenhavns-kommune/plan-2012/m%C3%B8de%201@velfaerd'
    """
    owner = slug(municipality) or "velfaerd"
    return f"{owner}/{quote(agreement, safe='-_.')}/{quote(milestone, safe='-_.')}@velfaerd"


def _who(portfolio: Portfolio, actor_id: str) -> str:
    actor = portfolio.get_actor(actor_id)
    return actor_id if actor is None else actor.name


def _description(
    portfolio: Portfolio, agreement: Agreement, milestone: Milestone, lang: str
) -> str:
    assert milestone.due is not None  # noqa: S101 - only dated milestones become events
    due = milestone.due
    lines = [
        f"{text(lang, 'calendar.agreement')}: {agreement.title} ({agreement.id})",
        f"{text(lang, 'calendar.date')}: {as_written(milestone)}",
        f"{text(lang, 'calendar.kind')}: {kind(lang, milestone.kind.value)}",
    ]
    if due.earliest is None:
        lines.append(text(lang, "calendar.deadline", last=format_date(due.latest, lang)))
    elif not due.is_exact:
        lines.append(text(lang, "calendar.window", first=format_date(due.earliest, lang)))
    if milestone.every is not None:
        often = every(lang, milestone.every.count, milestone.every.unit)
        lines.append(text(lang, "calendar.every", every=often))
    if milestone.responsible is not None:
        lines.append(
            f"{text(lang, 'calendar.responsible')}: {_who(portfolio, milestone.responsible)}"
        )
    if milestone.participants:
        names = ", ".join(_who(portfolio, p) for p in milestone.participants)
        lines.append(f"{text(lang, 'calendar.participants')}: {names}")
    if milestone.description:
        lines.extend(("", milestone.description.strip()))
    return "\n".join(lines)


def calendar(
    portfolio: Portfolio,
    *,
    agreement: str | None = None,
    as_of: dt.date | None = None,
    lang: str = "en",
) -> bytes:
    """Return the dated milestones as an iCalendar file (UTF-8 bytes, CRLF lines).

    :param agreement: only the milestones of the agreement with this id.
    :param as_of: the ``DTSTAMP`` of every event (midnight UTC); else a fixed stamp.
    :param lang: ``"en"`` or ``"da"``: the words of the descriptions.
    :raises velfaerd.pictures.UnknownAgreementError: when no agreement has that id.
    """
    import icalendar  # noqa: PLC0415 - imported when a calendar is made

    stamp = (
        FIXED_DTSTAMP
        if as_of is None
        else dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.timezone.utc)
    )
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//velfaerd//velfaerd {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", plain(text(lang, "calendar.name")))
    for chosen in select(portfolio, agreement):
        municipality = municipality_of(portfolio, chosen)
        for milestone in chosen.milestones:
            due = milestone.due
            if due is None:
                continue
            day = due.first_day
            event = icalendar.Event()
            event.add("uid", uid(municipality, chosen.id, milestone.id))
            event.add("dtstamp", stamp)
            event.add("dtstart", day)
            if day < dt.date.max:
                event.add("dtend", day + dt.timedelta(days=1))
            summary = milestone.title if due.is_exact else f"{milestone.title} ({due})"
            event.add("summary", plain(summary))
            event.add("description", plain(_description(portfolio, chosen, milestone, lang)))
            event.add("categories", [plain(kind(lang, milestone.kind.value))])
            event.add("transp", "TRANSPARENT")
            if milestone.status is MilestoneStatus.CANCELLED:
                event.add("status", "CANCELLED")
            elif milestone.tentative:
                event.add("status", "TENTATIVE")
            if milestone.every is not None:
                rule: dict[str, object] = {
                    "freq": _FREQUENCIES[milestone.every.unit],
                    "interval": milestone.every.count,
                }
                until = milestone.until.latest if milestone.until is not None else chosen.end
                if until is not None:
                    rule["until"] = until
                event.add("rrule", rule)
            cal.add_component(event)
    return bytes(cal.to_ical())
