"""Writing the follow-up report for a reader: plain text or Markdown, Danish or English.

:class:`Writer` lays a :class:`~velfaerd.followup.Status` out one section per agreement,
each list under its heading; the small functions here (:func:`number`, :func:`shown`,
:func:`term`, :func:`reached_key`) are also what the HTML page of ``velfaerd.pictures``
writes with, so that every form says a date, a value and a term alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from velfaerd.i18n import format_date, localize, text

if TYPE_CHECKING:
    # Annotations only: _results imports this module (to_text, to_markdown).
    from velfaerd.dates import DateWindow, Period
    from velfaerd.followup._results import (
        AgreementFollowUp,
        Due,
        IndicatorStatus,
        Status,
        Unrecorded,
    )

__all__ = ["SAID_IN_THE_LISTS", "Writer", "number", "reached_key", "shown", "term"]

# The codes the text, Markdown and HTML forms leave out (documented in velfaerd.followup):
# the writer's concern, so it lives here and the results' ``quiet`` reads it.
SAID_IN_THE_LISTS: Final = frozenset({"MIL005", "REV004"})


def number(value: float, lang: str) -> str:
    """A value as the reader writes it: ``3,9`` in Danish, ``3.9`` in English.

    >>> from velfaerd.followup import number
    >>> number(3.9, "da"), number(4.0, "en"), number(1250, "da")
    ('3,9', '4', '1250')
    """
    written = str(int(value)) if float(value).is_integer() else repr(float(value))
    return written.replace(".", ",") if lang == "da" else written


class Writer:
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

    >>> import datetime as dt
    >>> from velfaerd.dates import DateWindow
    >>> from velfaerd.followup import shown
    >>> shown(DateWindow.exact(dt.date(2022, 3, 10)), "en")
    '10 March 2022'
    """
    shown_text = localize("due", str(window), lang)
    return shown_text if isinstance(shown_text, str) else str(window)
