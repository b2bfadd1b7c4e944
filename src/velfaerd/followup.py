"""What a secretariat asks on Monday morning: what is overdue, what comes up, what was held.

:func:`status` reads a portfolio on a day (``as_of``) and says, per agreement: the
milestones (and occurrences of recurring ones) whose window has ended and that are not
met (*overdue*); what comes up within ``within`` of the day (*upcoming*); what was held
within ``within`` before it (*held*); the recurring reviews with ended occurrences that
nothing records (*unrecorded*, as ``REV004``); each indicator's latest value against its
next target, in the direction ``better`` says; and the findings of the rules that need
an as-of date (``MIL005``, ``REV004``, ``IND001``).

A :class:`Status` is typed and frozen; :meth:`Status.to_dict` is its stable JSON form
(the command line's ``--output-format json``, and the service's ``/v1/status``), and
:meth:`Status.to_text` and :meth:`Status.to_markdown` write it for a reader, in Danish
or English. Nothing reads today's date: ``as_of`` is always given. Every list is
found arithmetically (occurrences of recurring milestones are never all listed), so the
status of a portfolio costs time linear in its size.

The module is ``velfaerd.followup``; the package exports :func:`status` and
:class:`Status` as ``velfaerd.status`` and ``velfaerd.Status``.

>>> import datetime, velfaerd
>>> portfolio = velfaerd.loads('''
... [[agreements]]
... id = "aftale"
... title = "Samarbejdsaftale"
... kind = "cooperation"
... parties = ["byraadet", "skolen"]
... start = 2021-03-15
... duration = "3 years"
...
... [[agreements.milestones]]
... id = "opfoelgning"
... title = "Årligt opfølgningsmøde"
... kind = "review"
... due = "primo marts 2022"
... every = "1 year"
... ''')
>>> report = velfaerd.status(portfolio, as_of=datetime.date(2022, 2, 1))
>>> [(item.milestone, str(item.due)) for item in report.agreements[0].upcoming]
[('opfoelgning', 'primo marts 2022')]
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, Final

import attrs

from velfaerd.dates import DateWindow, Period, format_window, parse_period
from velfaerd.i18n import format_date, localize, text
from velfaerd.model import (
    Agreement,
    Better,
    Measurement,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    OccurrenceStatus,
    Portfolio,
    Target,
)
from velfaerd.query import Index
from velfaerd.report import Finding
from velfaerd.rules._recurrence import Recurrence
from velfaerd.rules.indicators import indicators_of, meets

if TYPE_CHECKING:
    from velfaerd.config import Config
    from velfaerd.model import Indicator, Occurrence

__all__ = [
    "DEFAULT_WITHIN",
    "SAID_IN_THE_LISTS",
    "STATUS_VERSION",
    "AgreementFollowUp",
    "Due",
    "IndicatorStatus",
    "Status",
    "Unrecorded",
    "parse_within",
    "shown",
    "status",
]

#: The version of :meth:`Status.to_dict`'s shape: a key is only ever added.
STATUS_VERSION: Final = 1
#: The codes whose findings the text, Markdown and HTML forms leave out, because the
#: lists already say them (``MIL005``: overdue; ``REV004``: reviews without a record);
#: :meth:`Status.to_dict` keeps every finding.
SAID_IN_THE_LISTS: Final = frozenset({"MIL005", "REV004"})
#: How far ahead (and back) the report looks unless told: 60 days.
DEFAULT_WITHIN: Final = Period(60, "days")
#: The most occurrences of one recurring milestone a list names (the report is read).
MAX_PER_MILESTONE: Final = 12
#: The most dates of occurrences without a record named per review.
MAX_UNRECORDED_NAMED: Final = 5

_WITHIN = re.compile(r"\s*(\d{1,5})\s*([dwmy])\s*", re.IGNORECASE)
_UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}
_DONE = frozenset({MilestoneStatus.MET, MilestoneStatus.CANCELLED})
_HELD = frozenset({OccurrenceStatus.MET, OccurrenceStatus.PARTIALLY_MET})
_CLOSED = frozenset({OccurrenceStatus.MET, OccurrenceStatus.CANCELLED, OccurrenceStatus.NOT_MET})


def parse_within(value: str) -> Period:
    """A window's length: ``"60d"``, ``"8w"``, ``"2m"``, ``"1y"``, or any period form.

    >>> from velfaerd.followup import parse_within
    >>> str(parse_within("60d")), str(parse_within("2 måneder"))
    ('60 days', '2 months')

    :raises velfaerd.DateFormatError: for text that is neither.
    """
    short = _WITHIN.fullmatch(value)
    if short is not None:
        return Period(int(short[1]), _UNITS[short[2].lower()])  # type: ignore[arg-type]
    return parse_period(value)


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
        return _Writer(self, lang or self.lang, markdown=False).write()

    def to_markdown(self, lang: str | None = None) -> str:
        """The report as Markdown, for a wiki or a pull request."""
        return _Writer(self, lang or self.lang, markdown=True).write()


def _window(window: DateWindow | None) -> dict[str, Any] | None:
    if window is None:
        return None
    return {
        "text": format_window(window),
        "earliest": None if window.earliest is None else window.earliest.isoformat(),
        "latest": window.latest.isoformat(),
    }


# Finding what to say ------------------------------------------------------------------


def status(
    portfolio: Portfolio,
    *,
    as_of: dt.date,
    within: Period = DEFAULT_WITHIN,
    agreement: str | None = None,
    config: Config | None = None,
) -> Status:
    """The follow-up of every agreement (or only ``agreement``) on the day ``as_of``.

    ``within`` is how far ahead *upcoming* and how far back *held* look (60 days unless
    given). ``config`` selects, ignores and words the findings (its ``lang`` is the
    report's language); only the rules that need an as-of date are run.

    :raises KeyError: when ``agreement`` names no agreement of the portfolio.
    """
    from velfaerd.config import Config  # noqa: PLC0415 - the configuration loads the rules
    from velfaerd.rules import all_rules  # noqa: PLC0415
    from velfaerd.rules._engine import check  # noqa: PLC0415

    if agreement is not None:
        portfolio.agreement(agreement)  # KeyError naming it
    config = config or Config()
    dated = [rule.code for rule in all_rules(plugins=config.plugins) if rule.needs_as_of]
    codes = [code for code in dated if config.enabled(code)]
    findings: tuple[Finding, ...] = ()
    if codes:
        chosen = attrs.evolve(config, select=tuple(codes), extend_select=())
        findings = check(portfolio, chosen, as_of=as_of).findings
    index = Index(portfolio, as_of=as_of)
    first, last = within.before(as_of), within.after(as_of)
    owners = _owners(index, portfolio)
    by_agreement: dict[int, list[Finding]] = {}
    elsewhere: list[Finding] = []
    for finding in findings:
        owner = _owner(finding, owners)
        if owner is None:
            elsewhere.append(finding)
        else:
            by_agreement.setdefault(owner, []).append(finding)
    follow_ups = tuple(
        _follow_up(index, item, as_of, (first, last), tuple(by_agreement.get(number, ())))
        for number, item in enumerate(portfolio.agreements)
        if agreement is None or item.id == agreement
    )
    return Status(
        as_of=as_of,
        within=within,
        agreements=follow_ups,
        findings=tuple(elsewhere) if agreement is None else (),
        lang=config.lang,
    )


def _where(index: Index, item: Agreement) -> tuple[str | None, str]:
    """An agreement's file and key path, without finding its line.

    (A line is found by scanning the file once; the report needs none, and on a large
    file the scan costs more than the whole report.)
    """
    origin = item.origin
    if origin is not None:
        return origin.source, origin.path
    source, path, _, _ = index.locate(item)
    return source, path


def _owners(index: Index, portfolio: Portfolio) -> dict[tuple[str | None, str], int]:
    """Each agreement's file and key path, to the agreement's position."""
    owners: dict[tuple[str | None, str], int] = {}
    for number, item in enumerate(portfolio.agreements):
        owners.setdefault(_where(index, item), number)
    return owners


def _owner(finding: Finding, owners: dict[tuple[str | None, str], int]) -> int | None:
    head = finding.path.split(".", 1)[0]
    return owners.get((finding.source, head))


def _follow_up(
    index: Index,
    agreement: Agreement,
    as_of: dt.date,
    window: tuple[dt.date, dt.date],
    findings: tuple[Finding, ...],
) -> AgreementFollowUp:
    overdue: list[Due] = []
    upcoming: list[Due] = []
    held: list[Due] = []
    unrecorded: list[Unrecorded] = []
    base = _where(index, agreement)[1]
    for number, milestone in enumerate(agreement.milestones):
        path = f"{base}.milestones[{number}]" if base else f"milestones[{number}]"
        if milestone.due is None or milestone.status is MilestoneStatus.CANCELLED:
            continue
        if milestone.every is None:
            _single(milestone, path, as_of, window, (overdue, upcoming, held))
            continue
        recurrence = Recurrence.of(index, agreement, milestone)
        records = index.records(agreement, milestone)
        _recurring(
            milestone,
            path,
            recurrence,
            records,
            as_of=as_of,
            window=window,
            lists=(overdue, upcoming, held),
        )
        missing = _unrecorded(milestone, recurrence, records, as_of)
        if missing is not None:
            unrecorded.append(missing)
    return AgreementFollowUp(
        id=agreement.id,
        title=agreement.title,
        start=agreement.start,
        end=agreement.end,
        overdue=tuple(sorted(overdue, key=_order)),
        upcoming=tuple(sorted(upcoming, key=_order)),
        held=tuple(sorted(held, key=_order)),
        unrecorded=tuple(unrecorded),
        indicators=tuple(
            _indicator(commitment, indicator, as_of)
            for commitment, indicator in indicators_of(agreement)
        ),
        findings=findings,
    )


def _order(item: Due) -> tuple[dt.date, dt.date, str, int]:
    when = item.when
    return (when.first_day, when.latest, item.milestone, item.occurrence or 0)


_Lists = tuple[list[Due], list[Due], list[Due]]


def _single(
    milestone: Milestone,
    path: str,
    as_of: dt.date,
    window: tuple[dt.date, dt.date],
    lists: _Lists,
) -> None:
    overdue, upcoming, held = lists
    due = milestone.due
    if due is None:  # pragma: no cover - the caller skips undated ones
        return
    item = Due(
        milestone=milestone.id,
        title=milestone.title,
        kind=milestone.kind,
        due=due,
        moved_to=milestone.moved_to,
        status=milestone.status.value,
        held_on=milestone.met_on,
        responsible=milestone.responsible,
        path=path,
    )
    when = item.when
    if milestone.status is MilestoneStatus.MET:
        day = (milestone.met_on or when).latest
        if window[0] <= day <= as_of:
            held.append(item)
    elif milestone.status not in _DONE:
        if when.latest < as_of:
            overdue.append(item)
        elif when.first_day <= window[1]:
            upcoming.append(item)


def _recurring(
    milestone: Milestone,
    path: str,
    recurrence: Recurrence,
    records: dict[int, Occurrence],
    *,
    as_of: dt.date,
    window: tuple[dt.date, dt.date],
    lists: _Lists,
) -> None:
    overdue, upcoming, held = lists
    count = recurrence.count
    # Upcoming: the occurrences without a record, not ended on the day, that begin
    # within the window (the records are read below).
    k = recurrence.first_at_or_after(lambda day: day >= as_of, latest=True, near=as_of)
    shown = 0
    while k < count and shown < MAX_PER_MILESTONE:
        scheduled = recurrence.window(k)
        if scheduled.first_day > window[1]:
            break
        if k not in records:
            upcoming.append(_occurrence(milestone, path, k, scheduled, None))
            shown += 1
        k += 1
    # What the records say (records are few; occurrences may not be): held, or still to
    # come where they were moved to, or overdue there.
    positions = {id(r): n for n, r in enumerate(milestone.occurrences)}
    for k, record in sorted(records.items()):
        if k >= count or record.status in _CLOSED - _HELD:
            continue
        item = _occurrence(milestone, path, k, recurrence.window(k), record, positions=positions)
        if record.status in _HELD:
            day = (record.held_on or item.when).latest
            if window[0] <= day <= as_of:
                held.append(item)
        elif item.when.latest < as_of:
            overdue.append(item)  # moved, or begun, and its (new) window has ended
        elif item.when.first_day <= window[1]:
            upcoming.append(item)


def _occurrence(
    milestone: Milestone,
    path: str,
    k: int,
    scheduled: DateWindow,
    record: Occurrence | None,
    *,
    positions: dict[int, int] | None = None,
) -> Due:
    if record is None or positions is None:
        return Due(
            milestone=milestone.id,
            title=milestone.title,
            kind=milestone.kind,
            due=scheduled,
            occurrence=k,
            responsible=milestone.responsible,
            path=path,
        )
    number = positions[id(record)]
    return Due(
        milestone=milestone.id,
        title=milestone.title,
        kind=milestone.kind,
        due=scheduled,
        moved_to=record.moved_to,
        occurrence=k,
        status=record.status.value,
        held_on=record.held_on,
        responsible=milestone.responsible,
        path=f"{path}.occurrences[{number}]",
    )


def _unrecorded(
    milestone: Milestone, recurrence: Recurrence, records: dict[int, Occurrence], as_of: dt.date
) -> Unrecorded | None:
    if milestone.kind is not MilestoneKind.REVIEW:
        return None
    ended = min(
        recurrence.count,
        recurrence.first_at_or_after(lambda day: day >= as_of, latest=True, near=as_of),
    )
    count = ended - sum(1 for k in records if k < ended)
    if count <= 0:
        return None
    latest: list[DateWindow] = []
    k = ended - 1
    while k >= 0 and len(latest) < MAX_UNRECORDED_NAMED:
        if k not in records:
            latest.append(recurrence.window(k))
        k -= 1
    return Unrecorded(
        milestone=milestone.id, title=milestone.title, count=count, latest=tuple(latest)
    )


def _measured_by(indicator: Indicator, as_of: dt.date) -> Measurement | None:
    known = [m for m in indicator.measurements if m.on.first_day <= as_of]
    return max(known, key=lambda m: (m.on.latest, m.on.first_day), default=None)


def _next_target(indicator: Indicator, as_of: dt.date) -> Target | None:
    ordered = sorted(indicator.targets, key=lambda t: (t.by.latest, t.by.first_day))
    coming = [t for t in ordered if t.by.latest >= as_of]
    return coming[0] if coming else (ordered[-1] if ordered else None)


def _indicator(commitment: object, indicator: Indicator, as_of: dt.date) -> IndicatorStatus:
    latest = _measured_by(indicator, as_of)
    target = _next_target(indicator, as_of)
    reached = (
        None
        if latest is None or target is None
        else meets(latest.value, target.value, indicator.better)
    )
    return IndicatorStatus(
        id=indicator.id,
        name=indicator.name,
        commitment=getattr(commitment, "id", None),
        unit=indicator.unit,
        better=indicator.better,
        baseline=None if indicator.baseline is None else indicator.baseline.value,
        latest=latest,
        target=target,
        reached=reached,
        passed=target is not None and target.by.latest < as_of,
    )


# Writing it ---------------------------------------------------------------------------


def number(value: float, lang: str) -> str:
    """A value as the reader writes it: ``3,9`` in Danish, ``3.9`` in English.

    >>> from velfaerd.followup import number
    >>> number(3.9, "da"), number(4.0, "en"), number(1250, "da")
    ('3,9', '4', '1250')
    """
    written = str(int(value)) if float(value).is_integer() else repr(float(value))
    return written.replace(".", ",") if lang == "da" else written


class _Writer:
    """Text or Markdown, one section per agreement, each list under its heading."""

    def __init__(self, report: Status, lang: str, *, markdown: bool) -> None:
        self.report = report
        self.lang = lang
        self.markdown = markdown
        self.out: list[str] = []

    def t(self, key: str, **values: object) -> str:
        return text(f"status.{key}", self.lang, **values)

    def heading(self, level: int, title: str) -> None:
        if self.markdown:
            self.out += ["#" * level + " " + title, ""]
        else:
            underline = "=" if level == 1 else "-"
            self.out += [title, underline * len(title), ""]

    def write(self) -> str:
        report = self.report
        first, last = report.window
        self.heading(1, self.t("title", date=format_date(report.as_of, self.lang)))
        self.out += [
            self.t(
                "window",
                within=_period(report.within, self.lang),
                first=format_date(first, self.lang),
                last=format_date(last, self.lang),
            ),
            "",
        ]
        if not report.agreements:
            self.out += [self.t("nothing"), ""]
        for agreement in report.agreements:
            self.agreement(agreement)
        if report.findings:
            self.heading(2, self.t("other-findings"))
            self.out += [self.item(finding.message) for finding in report.findings] + [""]
        return "\n".join(self.out).rstrip("\n") + "\n"

    def item(self, line: str) -> str:
        return f"- {line}" if self.markdown else f"  - {line}"

    def term(self, agreement: AgreementFollowUp) -> str:
        return term(agreement, self.lang)

    def agreement(self, agreement: AgreementFollowUp) -> None:
        title = f"{agreement.title} ({agreement.id})"
        self.heading(2, title)
        self.out += [self.term(agreement), ""]
        if agreement.quiet:
            self.out += [self.t("quiet"), ""]
            return
        for key, items in (
            ("overdue", agreement.overdue),
            ("upcoming", agreement.upcoming),
            ("held", agreement.held),
        ):
            if items:
                self.section(key, [self.due(item) for item in items])
        if agreement.unrecorded:
            self.section("unrecorded", [self.unrecorded(u) for u in agreement.unrecorded])
        if agreement.indicators:
            self.section("indicators", [self.indicator(i) for i in agreement.indicators])
        findings = [f for f in agreement.findings if f.code not in SAID_IN_THE_LISTS]
        if findings:
            self.section("findings", [f"{f.code} {f.message}" for f in findings])

    def section(self, key: str, lines: list[str]) -> None:
        label = self.t(key)
        self.out += [f"**{label}**" if self.markdown else f"{label}:"]
        self.out += [self.item(line) for line in lines]
        self.out += [""]

    def due(self, item: Due) -> str:
        when = shown(item.due, self.lang)
        parts = [f"{when}: {item.title} ({item.milestone})"]
        if item.moved_to is not None:
            parts.append(self.t("moved-to", date=shown(item.moved_to, self.lang)))
        if item.held_on is not None:
            parts.append(self.t("held-on", date=shown(item.held_on, self.lang)))
        if item.status != "planned":
            parts.append(text(f"status.state.{item.status}", self.lang))
        return " — ".join(parts)

    def unrecorded(self, item: Unrecorded) -> str:
        dates = ", ".join(shown(w, self.lang) for w in item.latest)
        return self.t(
            "unrecorded-item",
            title=item.title,
            milestone=item.milestone,
            count=item.count,
            dates=dates,
        )

    def indicator(self, item: IndicatorStatus) -> str:
        unit = f" {item.unit}" if item.unit else ""
        parts = [item.name]
        if item.latest is not None:
            parts.append(
                self.t(
                    "latest",
                    value=number(item.latest.value, self.lang) + unit,
                    on=shown(item.latest.on, self.lang),
                )
            )
        else:
            parts.append(self.t("not-measured"))
        if item.target is not None:
            parts.append(
                self.t(
                    "target",
                    value=number(item.target.value, self.lang) + unit,
                    by=shown(item.target.by, self.lang),
                )
            )
        if item.better is not None:
            parts.append(self.t(f"better-{item.better.value}"))
        if item.reached is not None:
            parts.append(self.t(reached_key(item)))
        return " — ".join(parts)


def reached_key(item: IndicatorStatus) -> str:
    """The words for where an indicator stands against its target (``status.<key>``)."""
    if item.reached:
        return "reached"
    return "missed" if item.passed else "not-reached"


def term(agreement: AgreementFollowUp, lang: str) -> str:
    """The agreement's term in words: from its start to its end, either left open."""
    start = None if agreement.start is None else format_date(agreement.start, lang)
    end = None if agreement.end is None else format_date(agreement.end, lang)
    if start is None and end is None:
        return text("status.term-unknown", lang)
    if start is None:
        return text("status.term-until", lang, end=end)
    if end is None:
        return text("status.term-open", lang, start=start)
    return text("status.term", lang, start=start, end=end)


def _period(period: Period, lang: str) -> str:
    from velfaerd.i18n import localize  # noqa: PLC0415

    shown = localize("within", str(period), lang)
    return shown if isinstance(shown, str) else str(period)


def shown(window: DateWindow, lang: str) -> str:
    """A date as a reader of ``lang`` sees it: as written, a day in the reader's words.

    ``primo juni 2013`` as the document wrote it; a single day as ``10 March 2022`` or
    ``10. marts 2022``.

    >>> from velfaerd.followup import shown
    >>> shown(DateWindow.exact(dt.date(2022, 3, 10)), "en")
    '10 March 2022'
    """
    shown_text = localize("due", str(window), lang)
    return shown_text if isinstance(shown_text, str) else str(window)
