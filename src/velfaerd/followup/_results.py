"""What the follow-up report says: its typed, frozen results and their JSON form.

A :class:`Status` holds one :class:`AgreementFollowUp` per agreement, and each of those
its lists of :class:`Due` items, :class:`Unrecorded` reviews and :class:`IndicatorStatus`
values. These classes only hold and shape what :func:`velfaerd.followup.status` found
(``_compute``); writing them for a reader is ``_writing``'s job.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

import attrs

from velfaerd.dates import DateWindow, Period, format_window

# The results write themselves through the writer (to_text, to_markdown): this module
# imports _writing, and _writing names these classes only in annotations, so the two
# make no cycle.
from velfaerd.followup._writing import SAID_IN_THE_LISTS, Writer
from velfaerd.model import Better, Measurement, MilestoneKind, Target
from velfaerd.report import Finding

__all__ = [
    "STATUS_VERSION",
    "AgreementFollowUp",
    "Due",
    "IndicatorStatus",
    "Status",
    "Unrecorded",
]

# The version of Status.to_dict's shape (documented in velfaerd.followup).
STATUS_VERSION: Final = 1


@attrs.frozen(kw_only=True)
class Due:
    """A milestone, or one occurrence of a recurring one, as the report lists it.

    ``due`` is the date as planned (the occurrence's, for a recurring milestone);
    ``moved_to`` where it was moved; ``occurrence`` which occurrence (``0``: the
    milestone's ``due``; ``None``: it does not recur); ``status`` what is recorded
    (the milestone's, or the occurrence's record; ``"planned"`` without one);
    ``held_on`` when it took place; ``path`` its key path (the record's, where there
    is one).
    """

    milestone: str
    title: str
    kind: MilestoneKind
    due: DateWindow
    moved_to: DateWindow | None = None
    occurrence: int | None = None
    status: str = "planned"
    held_on: DateWindow | None = None
    responsible: str | None = None
    path: str = ""

    @property
    def when(self) -> DateWindow:
        """When it is (or was) to happen: where it was moved to, else as planned."""
        return self.moved_to if self.moved_to is not None else self.due

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: dates as ``{"text", "earliest", "latest"}``."""
        return {
            "milestone": self.milestone,
            "title": self.title,
            "kind": self.kind.value,
            "occurrence": self.occurrence,
            "due": _window(self.due),
            "moved_to": _window(self.moved_to),
            "status": self.status,
            "held_on": _window(self.held_on),
            "responsible": self.responsible,
            "path": self.path,
        }


@attrs.frozen(kw_only=True)
class Unrecorded:
    """A recurring review with ended occurrences that nothing records (``REV004``)."""

    milestone: str
    title: str
    count: int
    latest: tuple[DateWindow, ...]
    """The latest of them, newest first (at most :data:`MAX_UNRECORDED_NAMED`)."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "milestone": self.milestone,
            "title": self.title,
            "count": self.count,
            "latest": [_window(w) for w in self.latest],
        }


@attrs.frozen(kw_only=True)
class IndicatorStatus:
    """An indicator's latest value against its next target.

    ``latest`` is the last measurement dated on or before the day; ``target`` the first
    target whose ``by`` has not ended by the day, else the last one; ``reached`` whether
    the latest value reaches it in the direction ``better`` says (``None``: nothing
    measured, no target, or the direction not said); ``passed`` whether the target's
    ``by`` has ended on the day (a target not reached is then missed, else not yet).
    """

    id: str
    name: str
    commitment: str | None
    unit: str | None
    better: Better | None
    baseline: float | None
    latest: Measurement | None
    target: Target | None
    reached: bool | None
    passed: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        latest, target = self.latest, self.target
        return {
            "id": self.id,
            "name": self.name,
            "commitment": self.commitment,
            "unit": self.unit,
            "better": None if self.better is None else self.better.value,
            "baseline": self.baseline,
            "latest": None if latest is None else {"value": latest.value, "on": _window(latest.on)},
            "target": None if target is None else {"value": target.value, "by": _window(target.by)},
            "reached": self.reached,
            "passed": self.passed,
        }


@attrs.frozen(kw_only=True)
class AgreementFollowUp:
    """One agreement's follow-up on the day: see the module documentation."""

    id: str
    title: str
    start: dt.date | None
    end: dt.date | None
    overdue: tuple[Due, ...] = ()
    upcoming: tuple[Due, ...] = ()
    held: tuple[Due, ...] = ()
    unrecorded: tuple[Unrecorded, ...] = ()
    indicators: tuple[IndicatorStatus, ...] = ()
    findings: tuple[Finding, ...] = ()

    @property
    def quiet(self) -> bool:
        """Whether there is nothing to say about it on the day."""
        return not (
            self.overdue
            or self.upcoming
            or self.held
            or self.unrecorded
            or self.indicators
            or any(f.code not in SAID_IN_THE_LISTS for f in self.findings)
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "id": self.id,
            "title": self.title,
            "start": None if self.start is None else self.start.isoformat(),
            "end": None if self.end is None else self.end.isoformat(),
            "overdue": [item.to_dict() for item in self.overdue],
            "upcoming": [item.to_dict() for item in self.upcoming],
            "held": [item.to_dict() for item in self.held],
            "unrecorded": [item.to_dict() for item in self.unrecorded],
            "indicators": [item.to_dict() for item in self.indicators],
            "findings": [finding.to_dict() for finding in self.findings],
        }


@attrs.frozen(kw_only=True)
class Status:
    """The follow-up of a portfolio on a day (:func:`status`).

    ``findings`` holds the findings that need ``as_of`` and concern no one agreement
    (none of velfaerd's rules gives such a finding today; a plugin's may).
    """

    as_of: dt.date
    within: Period
    agreements: tuple[AgreementFollowUp, ...]
    findings: tuple[Finding, ...] = ()
    lang: str = "en"

    @property
    def window(self) -> tuple[dt.date, dt.date]:
        """The days looked at: from ``within`` before ``as_of`` to ``within`` after."""
        return self.within.before(self.as_of), self.within.after(self.as_of)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data, the shape documented in ``docs/cli.md``.

        ``{"version": 1, "lang", "as_of", "within", "from", "to", "agreements": [{"id",
        "title", "start", "end", "overdue", "upcoming", "held", "unrecorded",
        "indicators", "findings"}], "findings"}``; a date is ``{"text", "earliest",
        "latest"}`` (``earliest`` ``null`` for a deadline), a finding as in
        :meth:`velfaerd.Report.to_dict`. Keys are only ever added.
        """
        first, last = self.window
        return {
            "version": STATUS_VERSION,
            "lang": self.lang,
            "as_of": self.as_of.isoformat(),
            "within": str(self.within),
            "from": first.isoformat(),
            "to": last.isoformat(),
            "agreements": [agreement.to_dict() for agreement in self.agreements],
            "findings": [finding.to_dict() for finding in self.findings],
        }

    def to_text(self, lang: str | None = None) -> str:
        """The report as plain text, for a terminal or an e-mail."""
        return Writer(self, lang or self.lang, markdown=False).write()

    def to_markdown(self, lang: str | None = None) -> str:
        """The report as Markdown, for a wiki or a pull request."""
        return Writer(self, lang or self.lang, markdown=True).write()


def _window(window: DateWindow | None) -> dict[str, Any] | None:
    if window is None:
        return None
    return {
        "text": format_window(window),
        "earliest": None if window.earliest is None else window.earliest.isoformat(),
        "latest": window.latest.isoformat(),
    }
