"""Finding what the follow-up report says: :func:`status` and the arithmetic behind it.

:func:`status` runs the rules that need an as-of date, sorts their findings to the
agreements they concern, and walks each agreement's milestones and indicators once:
a milestone that does not recur is overdue, upcoming or held by its own dates; a
recurring one's occurrences are found by :class:`~velfaerd.rules._recurrence.Recurrence`
around the day (never all listed), and its records read after. The results are the
classes of ``_results``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

import attrs

from velfaerd.dates import DateWindow, Period, parse_period
from velfaerd.followup._results import AgreementFollowUp, Due, IndicatorStatus, Status, Unrecorded
from velfaerd.model import (
    Agreement,
    Measurement,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    OccurrenceStatus,
    Portfolio,
    Target,
)
from velfaerd.query import Index
from velfaerd.rules._recurrence import Recurrence
from velfaerd.rules.indicators import indicators_of, meets

if TYPE_CHECKING:
    import datetime as dt

    from velfaerd.config import Config
    from velfaerd.model import Indicator, Occurrence
    from velfaerd.report import Finding

__all__ = ["DEFAULT_WITHIN", "MAX_PER_MILESTONE", "MAX_UNRECORDED_NAMED", "parse_within", "status"]

# How far ahead (and back) the report looks unless told (documented in velfaerd.followup).
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
