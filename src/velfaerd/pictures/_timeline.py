"""The timeline: one self-contained HTML page with every agreement on a shared time axis.

Inline CSS, a few inline SVG symbols, no script, no font and nothing fetched: the file
can be mailed, opened offline and printed. Per agreement it shows its term and phases,
then a row per milestone: the title and date as written (wrapping on a phone), what it
waits on (links), its findings with their codes, and a lane on the shared time axis —

* an exact date is a point;
* an approximate date is the window it is: a bar with soft ends;
* a deadline (*senest*) is a bar open to the left, ending hard on its day;
* a recurring milestone is marked at each occurrence (as far as the rules look:
  the agreement's end, ``until``, or on an open-ended agreement the first occurrence
  after its last dated event or ``as_of``); occurrences closer together than the
  lane can show apart (a :data:`MAX_MARKS`-th of the axis) are one band from the
  first to the last, and are not listed;
* what a milestone waits on is a link under its title, and a dotted line in its lane
  from the end of what it waits on to its own start (dashed for the order an approval
  process implies; red where it may begin before what it waits on has ended);
* ``as_of`` is a dashed line across every lane.

The page is bounded by what it draws, not by the dates: at most 20 gridlines per lane
(years, or decades, centuries … on a long axis), at most :data:`MAX_MARKS` marks per
recurring milestone, each occurrence computed only when it is drawn. Every date from
0001-01-01 to 9999-12-31 can be drawn.

Below 640 px the lane goes under its label, so the page reads on a 375 px phone
without scrolling sideways; printed, it keeps rows whole.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from pathlib import PurePath
from typing import TYPE_CHECKING

from velfaerd.followup import number as _number
from velfaerd.graph import milestone_graph
from velfaerd.i18n import format_date
from velfaerd.model import MilestoneKind, MilestoneStatus
from velfaerd.pictures._common import Marks, as_written, marks, municipality_of, select
from velfaerd.pictures._text import every, kind, text
from velfaerd.query import Index
from velfaerd.report import render
from velfaerd.rules._recurrence import Recurrence
from velfaerd.rules.indicators import indicators_of, meets

if TYPE_CHECKING:
    from velfaerd.dates import DateWindow
    from velfaerd.model import Agreement, Indicator, Measurement, Milestone, Portfolio
    from velfaerd.report import Finding, Report

__all__ = ["MAX_MARKS", "timeline"]

#: The most occurrences of one recurring milestone drawn in its lane: closer together
#: than a ``MAX_MARKS - 1``-th of the axis, they are drawn as one band.
MAX_MARKS = 400

_MAX_TICKS = 8  # labelled ticks on the axis
_MAX_GRID = 20  # gridlines in a lane
# The shortest a period can be, in days: whether its occurrences can be told apart.
_SHORTEST = {"days": 1, "weeks": 7, "months": 28, "years": 365}
_DEADLINE_DAYS = 45  # how far to the left a deadline's bar fades in

_CSS = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;padding:1rem;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,
"Helvetica Neue",Arial,sans-serif;color:#1b1b1b;background:#fff}
h1{font-size:1.4rem;margin:0 0 .25rem}
h2{font-size:1.1rem;margin:1.5rem 0 .2rem;overflow-wrap:anywhere}
p{margin:.2rem 0}
small{color:#555}
a{color:#1f5fa6}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;padding:0;margin:.5rem 0;list-style:none;
font-size:.85rem}
.legend li{display:flex;align-items:center;gap:.35rem}
.rows{list-style:none;margin:.3rem 0 0;padding:0}
.row{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);gap:.2rem .75rem;
align-items:center;border-top:1px solid #e8e8e8;padding:.3rem 0;break-inside:avoid}
.label{min-width:0;overflow-wrap:anywhere}
.label .date{white-space:normal}
.lane{position:relative;height:1.3rem;margin:0 .5rem;overflow:hidden}
.axis .lane{height:1.4rem}
.tick{position:absolute;top:0;bottom:0;border-left:1px solid #e3e3e3}
.tick span{position:absolute;left:.2rem;top:0;font-size:.75rem;color:#555;white-space:nowrap}
.bar,.point{position:absolute;top:.35rem;height:.6rem;--c:#1f5fa6}
.bar{min-width:.5rem;border-radius:.3rem}
.point{width:.7rem;height:.7rem;top:.3rem;margin-left:-.35rem;border-radius:50%;background:var(--c)}
.window{background:linear-gradient(to right,transparent,var(--c) 35%,var(--c) 65%,transparent)}
.deadline{border-radius:0 .3rem .3rem 0;background:linear-gradient(to right,transparent,var(--c))}
.band{background:repeating-linear-gradient(to right,var(--c) 0 2px,transparent 2px 4px)}
.term .bar{background:#b9c9dc}
.term .bar.open{background:linear-gradient(to right,#b9c9dc 80%,transparent)}
.phase .bar{background:#cfe0bf}
.found .bar,.found .point{--c:#c00000}
.tentative .bar,.tentative .point{opacity:.55}
.cancelled .title{text-decoration:line-through}
.cancelled .bar,.cancelled .point{opacity:.3}
.point.st-met,.bar.st-met{--c:#2e7d32}
.point.st-missed,.bar.st-missed{--c:#c00000;border-radius:0}
.point.st-moved,.bar.st-moved{opacity:.45;background:transparent;border:2px dashed var(--c)}
.point.st-overdue,.bar.st-overdue{box-shadow:0 0 0 2px #fff,0 0 0 4px #c00000}
.indicator .target{position:absolute;top:.25rem;width:.8rem;height:.8rem;margin-left:-.4rem;
transform:rotate(45deg);border:2px solid #6b4a00;background:#fff1cc}
.indicator .point{--c:#6b7f99}
.indicator .point.st-met{--c:#2e7d32}
.indicator .point.st-missed{--c:#c00000}
.wait{position:absolute;top:.62rem;height:0;border-top:2px dotted #6b7f99}
.wait.implied{border-top-style:dashed}
.wait.early{border-top-color:#c00000}
.asof{position:absolute;top:0;bottom:0;border-left:2px dashed #c00000}
.findings{margin:.2rem 0 0;padding:0;list-style:none;font-size:.85rem}
.findings li{margin:.1rem 0}
code{font:600 .8rem ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:0 .2rem;
border-radius:.2rem;background:#fbe3e3;color:#8a0000}
.warning code{background:#fff1cc;color:#6b4a00}
.info code{background:#e4eefb;color:#1f4f86}
footer{margin-top:2rem;font-size:.8rem;color:#555}
@media (max-width:640px){body{padding:.6rem}.row{grid-template-columns:minmax(0,1fr)}}
@page{size:A4 landscape;margin:12mm}
@media print{body{padding:0;font-size:9.5pt}a{color:inherit;text-decoration:none}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}h2{break-after:avoid}}
"""

_LEGEND_SYMBOLS = {
    "exact": '<circle cx="14" cy="6" r="5" fill="#1f5fa6"/>',
    "window": (
        '<defs><linearGradient id="lg-w"><stop offset="0" stop-color="#1f5fa6" '
        'stop-opacity="0"/><stop offset=".35" stop-color="#1f5fa6"/><stop offset=".65" '
        'stop-color="#1f5fa6"/><stop offset="1" stop-color="#1f5fa6" stop-opacity="0"/>'
        '</linearGradient></defs><rect x="0" y="2" width="28" height="8" rx="4" '
        'fill="url(#lg-w)"/>'
    ),
    "deadline": (
        '<defs><linearGradient id="lg-d"><stop offset="0" stop-color="#1f5fa6" '
        'stop-opacity="0"/><stop offset="1" stop-color="#1f5fa6"/></linearGradient></defs>'
        '<rect x="0" y="2" width="28" height="8" fill="url(#lg-d)"/>'
    ),
    "as_of": '<line x1="14" y1="0" x2="14" y2="12" stroke="#c00000" stroke-width="2" '
    'stroke-dasharray="3 2"/>',
    "finding": '<circle cx="14" cy="6" r="5" fill="#c00000"/>',
    "met": '<circle cx="14" cy="6" r="5" fill="#2e7d32"/>',
    "missed": '<rect x="9" y="1" width="10" height="10" fill="#c00000"/>',
    "moved": '<circle cx="14" cy="6" r="4" fill="none" stroke="#1f5fa6" stroke-width="2" '
    'stroke-dasharray="2 2"/>',
    "overdue": '<circle cx="14" cy="6" r="3" fill="#1f5fa6" stroke="#c00000" stroke-width="2"/>',
    "target": '<rect x="10" y="2" width="8" height="8" fill="#fff1cc" stroke="#6b4a00" '
    'stroke-width="2" transform="rotate(45 14 6)"/>',
}

#: The legend's entries that only a timeline with an as-of date, or with a status or an
#: indicator to show, needs.
_LEGEND_IF = {"as_of", "met", "missed", "moved", "overdue", "target"}

#: How a recorded occurrence, or a milestone's status, is drawn (``st-<class>``).
_STATUS_CLASS = {
    "met": "met",
    "partially_met": "met",
    "not_met": "missed",
    "cancelled": "missed",
    "moved": "moved",
}


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _multiples(first: int, last: int, step: int) -> int:
    return last // step - (first - 1) // step


def _step(
    first: int, last: int, most: int, base: int = 1, factors: tuple[int, ...] = (1, 2, 5)
) -> int:
    """The least of ``base`` × ``factors`` × 1, 10, 100 … with at most ``most`` multiples."""
    scale = base
    while True:
        for factor in factors:
            if _multiples(first, last, scale * factor) <= most:
                return scale * factor
        scale *= 10


def _tick_years(first: int, last: int) -> list[tuple[int, bool]]:
    """The years ``first`` to ``last`` with a gridline, and whether each is labelled.

    Up to :data:`_MAX_GRID` years, every year has a line and every few a label, from
    the first. A longer axis has a line every 2, 5, 10, 20, 50, 100 … years and a label
    on a round multiple of that, so that a lane never has more than :data:`_MAX_GRID`
    lines however many years it spans.

    >>> [year for year, labelled in _tick_years(2012, 2016) if labelled]
    [2012, 2013, 2014, 2015, 2016]
    >>> ticks = _tick_years(1000, 9999)
    >>> len(ticks), [year for year, labelled in ticks if labelled]
    (18, [2000, 4000, 6000, 8000])
    """
    years = last - first + 1
    if years <= _MAX_GRID:
        every = max(1, math.ceil(years / _MAX_TICKS))
        return [(year, (year - first) % every == 0) for year in range(first, last + 1)]
    grid = _step(first, last, _MAX_GRID)
    label = _step(first, last, _MAX_TICKS, grid, (1, 2, 4, 5))  # a multiple of grid
    start = -(-first // grid) * grid
    return [(year, year % label == 0) for year in range(start, last + 1, grid)]


class _Axis:
    """The shared time axis: whole years from the first to the last day drawn."""

    def __init__(self, days: list[dt.date]) -> None:
        first, last = (min(days), max(days)) if days else (dt.date(2000, 1, 1),) * 2
        self.first = dt.date(first.year, 1, 1)
        self.last = dt.date(last.year, 12, 31)
        self.span = (self.last - self.first).days + 1
        self._ticks = [
            (self.x(dt.date(year, 1, 1)), str(year) if labelled else None)
            for year, labelled in _tick_years(self.first.year, self.last.year)
        ]

    def x(self, day: dt.date) -> float:
        """Where ``day`` begins, in percent of the lane."""
        return max(0.0, min(100.0, (day - self.first).days * 100 / self.span))

    def end(self, day: dt.date) -> float:
        """Where ``day`` ends, in percent of the lane (also for 9999-12-31: no day after)."""
        return max(0.0, min(100.0, ((day - self.first).days + 1) * 100 / self.span))

    def ticks(self) -> list[tuple[float, str | None]]:
        """Where the gridlines are, each with its label (or ``None``)."""
        return self._ticks


def _days_of(window: DateWindow) -> tuple[dt.date, ...]:
    """The first and last day of a window (a deadline's only day)."""
    if window.earliest is None:
        return (window.latest,)
    return (window.earliest, window.latest)


def _pct(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") + "%"


class _Page:
    def __init__(
        self,
        portfolio: Portfolio,
        report: Report | None,
        as_of: dt.date | None,
        lang: str,
        agreements: tuple[Agreement, ...],
    ) -> None:
        self.portfolio = portfolio
        self.lang = lang
        self.as_of = as_of
        self.agreements = agreements
        self.everything = agreements == portfolio.agreements
        self.index = Index(portfolio, as_of=as_of)
        self.found: Marks = marks(portfolio, report)
        # Each recurring milestone's occurrences, counted without listing them: only
        # the first and the last are computed before the axis is known.
        self._agreements = {a.id: a for a in agreements}
        self.recurrences = {
            (a.id, i): Recurrence.of(self.index, a, m)
            for a in agreements
            for i, m in enumerate(a.milestones)
            if m.due is not None and m.every is not None
        }
        # Each agreement on an axis of its own term: a plan of 2012-14 beside an
        # agreement of 2018-24 is not squeezed into a tenth of the width.
        self.axes = {id(a): _Axis(self._days((a,))) for a in agreements}
        self.axis = _Axis(self._days(agreements))
        self._lane_parts = ("", "")
        self._use(self.axis)
        # What is shown only when there is one: a status, an overdue mark, a target.
        self.shown: set[str] = set()

    def _use(self, axis: _Axis) -> None:
        """Draw what follows on ``axis``."""
        self.axis = axis
        ticks = "".join(
            f'<span class="tick" style="left:{_pct(x)}"></span>' for x, _ in axis.ticks()
        )
        line = ""
        if self.as_of is not None:
            line = f'<span class="asof" style="left:{_pct(axis.x(self.as_of))}"></span>'
        self._lane_parts = (f'<div class="lane">{ticks}', f"{line}</div>")

    def _ends(self, agreement: Agreement) -> tuple[dt.date | None, dt.date | None]:
        end = agreement.end if agreement.end is not None else self.index.horizon(agreement)
        return agreement.start, end

    def _days(self, agreements: tuple[Agreement, ...]) -> list[dt.date]:
        days: list[dt.date] = []
        for agreement in agreements:
            days.extend(d for d in self._ends(agreement) if d is not None)
            for phase in agreement.phases:
                days.extend(d for d in (phase.start, phase.end) if d is not None)
            for m_index, milestone in enumerate(agreement.milestones):
                recurrence = self.recurrences.get((agreement.id, m_index))
                if recurrence is None:
                    if milestone.due is not None:
                        days.extend(_days_of(milestone.due))
                elif recurrence.count > 0:
                    days.extend(_days_of(recurrence.window(0)))
                    days.extend(_days_of(recurrence.window(recurrence.count - 1)))
                if milestone.moved_to is not None:
                    days.extend(_days_of(milestone.moved_to))
            for _, indicator in indicators_of(agreement):
                days.extend(d for t in indicator.targets for d in _days_of(t.by))
                days.extend(d for m in indicator.measurements for d in _days_of(m.on))
        if self.as_of is not None:
            days.append(self.as_of)
        return days

    def t(self, key: str, **values: object) -> str:
        return _e(text(self.lang, key, **values))

    # Pieces -------------------------------------------------------------------------

    def _findings(self, findings: list[Finding]) -> str:
        if not findings:
            return ""
        items = []
        for finding in findings:
            message = finding.message
            if self.lang != "en":
                message = render(finding.code, finding.variant, finding.evidence, self.lang)
            items.append(
                f'<li class="{_e(finding.severity.value)}"><code>{_e(finding.code)}</code> '
                f"{_e(message)}</li>"
            )
        return f'<ul class="findings">{"".join(items)}</ul>'

    def _lane(self, marks_html: str) -> str:
        before, after = self._lane_parts
        return f"{before}{marks_html}{after}"

    def _state(self, status: str | None, window: DateWindow | None) -> str:
        """The class of a mark: ``st-met``, ``st-missed``, ``st-moved``, ``st-overdue``."""
        chosen = _STATUS_CLASS.get(status or "")
        late = window is not None and self.as_of is not None and window.latest < self.as_of
        if chosen is None and late and status in {None, "planned", "in_progress"}:
            chosen = "overdue"
        if chosen is None:
            return ""
        self.shown.add(chosen)
        return f" st-{chosen}"

    def _bar(self, first: dt.date, last: dt.date, css: str, tip: str | None) -> str:
        left = self.axis.x(first)
        width = self.axis.end(last) - left
        title = "" if tip is None else f' title="{_e(tip)}"'
        return (
            f'<span class="bar {css}" style="left:{_pct(left)};width:{_pct(width)}"{title}></span>'
        )

    def _mark(self, window: DateWindow, tip: str | None, state: str = "") -> str:
        if window.earliest is None:
            back = min(_DEADLINE_DAYS, (window.latest - self.axis.first).days)
            first = window.latest - dt.timedelta(days=max(0, back))
            return self._bar(first, window.latest, "deadline" + state, tip)
        if window.is_exact:
            x = _pct(self.axis.x(window.earliest))
            title = "" if tip is None else f' title="{_e(tip)}"'
            return f'<span class="point{state}" style="left:{x}"{title}></span>'
        return self._bar(window.earliest, window.latest, "window" + state, tip)

    def _marks(self, key: tuple[str, int], milestone: Milestone, tip: str) -> tuple[str, int, bool]:
        """A milestone's marks, how many occurrences they show, and whether as one band.

        Occurrences closer together than a ``MAX_MARKS - 1``-th of the axis cannot be
        told apart in the lane: they are one band from the first occurrence's first
        day to the last's last day, and none between is computed. Otherwise there are
        at most :data:`MAX_MARKS` of them on the axis, each computed as it is drawn.
        The tip is said once, around them.
        """
        recurrence = self.recurrences.get(key)
        if recurrence is None:
            if milestone.due is None:
                return "", 0, False
            if milestone.moved_to is not None:
                # Where it was planned, faded; where it was moved to, as it stands.
                planned = self._mark(milestone.due, tip, self._state("moved", None))
                state = self._state(milestone.status.value, milestone.moved_to)
                return planned + self._mark(milestone.moved_to, tip, state), 1, False
            state = self._state(milestone.status.value, milestone.due)
            return self._mark(milestone.due, tip, state), 1, False
        count = recurrence.count
        if count == 0:
            return "", 0, False
        every = recurrence.every
        if count > 1 and _SHORTEST[every.unit] * every.count * (MAX_MARKS - 1) < self.axis.span:
            first = _days_of(recurrence.window(0))[0]
            last = recurrence.window(count - 1).latest
            return self._bar(first, last, "band", tip), count, True
        shown = min(count, MAX_MARKS)
        agreement = self._agreements[key[0]]
        records = self.index.records(agreement, milestone)
        cancelled = milestone.status is MilestoneStatus.CANCELLED
        parts = []
        for k in range(shown):
            window = recurrence.window(k)
            record = records.get(k)
            if record is None:
                # Not recorded: planned, or (a review, with an as-of date) overdue.
                review = milestone.kind is MilestoneKind.REVIEW and not cancelled
                parts.append(self._mark(window, None, self._state(None, window) if review else ""))
                continue
            parts.append(self._mark(window, None, self._state(record.status.value, None)))
            if record.moved_to is not None:
                parts.append(self._mark(record.moved_to, None))
        marks = "".join(parts)
        return f'<span class="series" title="{_e(tip)}">{marks}</span>', shown, False

    def _wait(self, before: DateWindow | None, after: DateWindow | None, *, implied: bool) -> str:
        """A line in the lane from the end of what a milestone waits on to its own start.

        Red where the milestone may begin before what it waits on has ended.
        """
        if before is None or after is None:
            return ""
        end = before.latest
        start = after.first_day
        first, last = min(end, start), max(end, start)
        left = self.axis.x(first)
        width = self.axis.x(last) - left
        css = "wait" + (" implied" if implied else "") + (" early" if start < end else "")
        return f'<span class="{css}" style="left:{_pct(left)};width:{_pct(width)}"></span>'

    def _axis_row(self) -> str:
        ticks = "".join(
            f'<span class="tick" style="left:{_pct(x)}"><span>{_e(label)}</span></span>'
            for x, label in self.axis.ticks()
            if label is not None
        )
        as_of = ""
        if self.as_of is not None:
            as_of = f'<span class="asof" style="left:{_pct(self.axis.x(self.as_of))}"></span>'
        return (
            '<li class="row axis" aria-hidden="true"><div class="label"></div>'
            f'<div class="lane">{ticks}{as_of}</div></li>'
        )

    def _term_row(self, agreement: Agreement) -> str:
        start, end = self._ends(agreement)
        first = format_date(start, self.lang) if start is not None else "?"
        last = (
            format_date(agreement.end, self.lang)
            if agreement.end is not None
            else self.t("timeline.open_end")
        )
        bar = ""
        if start is not None and end is not None and start <= end:
            css = "" if agreement.end is not None else "open"
            bar = self._bar(start, end, css, f"{first} – {last}")
        return (
            f'<li class="row term"><div class="label"><strong>{self.t("timeline.term")}'
            f'</strong><br><small class="date">{_e(first)} – {_e(last)}</small></div>'
            f"{self._lane(bar)}</li>"
        )

    def _phase_rows(self, agreement: Agreement) -> str:
        rows = []
        for phase in agreement.phases:
            dates = " – ".join(
                format_date(d, self.lang) if d is not None else "?"
                for d in (phase.start, phase.end)
            )
            bar = ""
            if phase.start is not None and phase.end is not None and phase.start <= phase.end:
                bar = self._bar(phase.start, phase.end, "", f"{phase.name}: {dates}")
            rows.append(
                f'<li class="row phase"><div class="label">{self.t("timeline.phase")}: '
                f'{_e(phase.name)}<br><small class="date">{_e(dates)}</small></div>'
                f"{self._lane(bar)}</li>"
            )
        return "".join(rows)

    def _milestone_row(
        self,
        a_index: int,
        agreement: Agreement,
        m_index: int,
        milestone: Milestone,
        waits: dict[int, list[tuple[int, bool]]],
    ) -> str:
        findings = self.found.of(agreement.id, milestone.id)
        css = ["row", "milestone", f"kind-{milestone.kind.value}"]
        if findings:
            css.append("found")
        if milestone.tentative:
            css.append("tentative")
        if milestone.status is MilestoneStatus.CANCELLED:
            css.append("cancelled")
        written = as_written(milestone)
        date = self.t("timeline.undated") if written is None else written
        notes = self._notes(milestone)
        tip = f"{milestone.title} – {date}"
        marks, shown, band = self._marks((agreement.id, m_index), milestone, tip)
        if milestone.every is not None:
            often = every(self.lang, milestone.every.count, milestone.every.unit)
            key = "timeline.every_band" if band else "timeline.every"
            notes.append(text(self.lang, key, every=often, count=shown))
        links = []
        for before, implied in waits.get(m_index, []):
            other = agreement.milestones[before]
            key = "timeline.approval_after" if implied else "timeline.waits_on"
            links.append(
                f'<br><small class="deps">{self.t(key)}: '
                f'<a href="#m{a_index}-{before}">{_e(other.title)}</a></small>'
            )
        lane = "".join(
            self._wait(agreement.milestones[before].due, milestone.due, implied=implied)
            for before, implied in waits.get(m_index, [])
        )
        lane += marks
        return (
            f'<li class="{" ".join(css)}" id="m{a_index}-{m_index}"><div class="label">'
            f'<span class="title">{_e(milestone.title)}</span><br>'
            f'<small class="date">{_e(date)} · {_e(", ".join(notes))}</small>'
            f"{''.join(links)}{self._findings(findings)}</div>{self._lane(lane)}</li>"
        )

    def _notes(self, milestone: Milestone) -> list[str]:
        """What the row says of a milestone beside its date: its kind, status, moves."""
        notes = [kind(self.lang, milestone.kind.value)]
        if milestone.tentative:
            notes.append(text(self.lang, "timeline.tentative"))
        if milestone.status is MilestoneStatus.MET:
            notes.append(text(self.lang, "timeline.met"))
        if milestone.status is MilestoneStatus.CANCELLED:
            notes.append(text(self.lang, "timeline.cancelled"))
        if milestone.moved_to is not None:
            notes.append(text(self.lang, "timeline.moved_to", date=str(milestone.moved_to)))
        if milestone.occurrences:
            notes.append(text(self.lang, "timeline.recorded", count=len(milestone.occurrences)))
        return notes

    def _waits(self, agreement: Agreement) -> dict[int, list[tuple[int, bool]]]:
        graph = milestone_graph(agreement, self.portfolio)
        position = {node: data["position"] for node, data in graph.nodes(data=True)}
        waits: dict[int, list[tuple[int, bool]]] = {}
        for before, after, data in sorted(graph.edges(data=True), key=lambda e: position[e[0]]):
            waits.setdefault(position[after], []).append(
                (position[before], bool(data.get("implied")))
            )
        return waits

    def _indicator_rows(self, agreement: Agreement) -> str:
        """One row per indicator: its targets as diamonds, its measurements as points."""
        rows = []
        for _, indicator in indicators_of(agreement):
            unit = f" {indicator.unit}" if indicator.unit else ""
            lane = []
            for target in indicator.targets:
                self.shown.add("target")
                tip = f"{_number(target.value, self.lang)}{unit} – {target.by}"
                x = _pct(self.axis.x(target.by.latest))
                lane.append(f'<span class="target" style="left:{x}" title="{_e(tip)}"></span>')
            notes = []
            for measurement in sorted(indicator.measurements, key=lambda m: m.on.first_day):
                met = self._measured(indicator, measurement)
                state = "" if met is None else (" st-met" if met else " st-missed")
                value = f"{_number(measurement.value, self.lang)}{unit}"
                lane.append(self._mark(measurement.on, f"{value} – {measurement.on}", state))
                notes.append(f"{value} ({measurement.on})")
            targets = ", ".join(
                f"{_number(t.value, self.lang)}{unit} {t.by}" for t in indicator.targets
            )
            said = self.t("timeline.indicator", targets=targets or "–")
            measured = "; ".join(notes) or self.t("timeline.not_measured")
            rows.append(
                f'<li class="row indicator"><div class="label"><span class="title">'
                f'{_e(indicator.name)}</span><br><small class="date">{said} · '
                f"{_e(measured)}</small></div>{self._lane(''.join(lane))}</li>"
            )
        return "".join(rows)

    @staticmethod
    def _measured(indicator: Indicator, measurement: Measurement) -> bool | None:
        """Whether a measurement reaches the target whose date it is nearest after."""
        passed = [t for t in indicator.targets if measurement.on.latest >= t.by.first_day]
        if not passed:
            return None
        target = max(passed, key=lambda t: t.by.first_day)
        return meets(measurement.value, target.value, indicator.better)

    def agreement(self, a_index: int, agreement: Agreement) -> str:
        municipality = municipality_of(self.portfolio, agreement)
        meta = " · ".join(part for part in (municipality, agreement.id) if part)
        waits = self._waits(agreement)
        self._use(self.axes[id(agreement)])
        rows = [self._axis_row(), self._term_row(agreement), self._phase_rows(agreement)]
        rows.extend(
            self._milestone_row(a_index, agreement, m_index, milestone, waits)
            for m_index, milestone in enumerate(agreement.milestones)
        )
        rows.append(self._indicator_rows(agreement))
        return (
            f'<section class="agreement" id="a{a_index}"><h2>{_e(agreement.title)}</h2>'
            f"<p><small>{_e(meta)}</small></p>"
            f"{self._findings(self.found.agreements.get(agreement.id, []))}"
            f'<ol class="rows">{"".join(rows)}</ol></section>'
        )

    def legend(self) -> str:
        shown = {*self.shown, *(("as_of",) if self.as_of is not None else ())}
        items = "".join(
            f'<li><svg width="28" height="12" viewBox="0 0 28 12" aria-hidden="true">'
            f"{symbol}</svg>{self.t(f'timeline.legend-{key}')}</li>"
            for key, symbol in _LEGEND_SYMBOLS.items()
            if key not in _LEGEND_IF or key in shown
        )
        return f'<ul class="legend" aria-label="{self.t("timeline.legend-title")}">{items}</ul>'

    def page(self) -> str:
        title = self.t("timeline.title")
        as_of = ""
        if self.as_of is not None:
            day = format_date(self.as_of, self.lang)
            as_of = f"<p>{self.t('timeline.as_of', date=day)}</p>"
        sections = "".join(self.agreement(i, a) for i, a in enumerate(self.agreements))
        if not self.agreements:
            sections = f"<p>{self.t('timeline.nothing')}</p>"
        other = ""
        if self.found.other and self.everything:
            other = (
                f'<section class="other"><h2>{self.t("timeline.findings")}</h2>'
                f"{self._findings(self.found.other)}</section>"
            )
        sources = sorted(
            {
                PurePath(a.origin.source).name
                for a in self.agreements
                if a.origin is not None and a.origin.source
            }
        )
        footer = self.t("timeline.generated", files=", ".join(sources) or "–")
        return (
            f'<!DOCTYPE html>\n<html lang="{_e(self.lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            f"<header><h1>{title}</h1>{as_of}{self.legend()}</header>\n"
            f"<main>{sections}{other}</main>\n<footer>{footer}</footer>\n</body>\n</html>\n"
        )


def timeline(
    portfolio: Portfolio,
    report: Report | None = None,
    *,
    as_of: dt.date | None = None,
    lang: str = "en",
    agreement: str | None = None,
) -> str:
    """Return the timeline of the portfolio's agreements as one self-contained HTML page.

    :param report: its findings are shown beside the milestone or agreement they
        concern (in ``lang``, with their codes); the others at the end.
    :param as_of: drawn as a line across the axis; it also bounds the recurrences of
        open-ended agreements.
    :param lang: ``"en"`` or ``"da"``.
    :param agreement: only the agreement with this id.
    :raises velfaerd.pictures.UnknownAgreementError: when no agreement has that id.

    >>> import velfaerd
    >>> from velfaerd.pictures import timeline
    >>> page = timeline(
    ...     velfaerd.loads('''
    ... [[agreements]]
    ... id = "plan"
    ... title = "Plan <1>"
    ... kind = "implementation_plan"
    ... parties = []
    ... [[agreements.milestones]]
    ... id = "a"
    ... title = "Temadag"
    ... due = "uge 8 2013"
    ... '''),
    ...     lang="da",
    ... )
    >>> "Plan &lt;1&gt;" in page and "uge 8 2013" in page and "<script" not in page
    True
    """
    chosen = select(portfolio, agreement)
    return _Page(portfolio, report, as_of, lang, chosen).page()
