"""``velfaerd status --output-format html``: the follow-up as one self-contained page.

Like the timeline: inline CSS, no script, nothing fetched; a column on a phone, the
lists side by side on a wide screen, and A4 portrait on paper. Each agreement is a
section; each list (overdue, coming up, held, reviews without a record, indicators,
findings) a table or a list under its heading, in the report's language.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from velfaerd.followup import SAID_IN_THE_LISTS, number, reached_key, shown, term
from velfaerd.i18n import format_date, text

if TYPE_CHECKING:
    from velfaerd.followup import AgreementFollowUp, Due, IndicatorStatus, Status

__all__ = ["status_page"]

_CSS = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;padding:1rem;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,
"Helvetica Neue",Arial,sans-serif;color:#1b1b1b;background:#fff;max-width:78rem}
h1{font-size:1.4rem;margin:0 0 .25rem}
h2{font-size:1.1rem;margin:1.6rem 0 .2rem;overflow-wrap:anywhere}
h3{font-size:.95rem;margin:.8rem 0 .3rem}
p{margin:.2rem 0}
.term,.window{color:#555;font-size:.9rem}
.lists{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,22rem),1fr));
gap:.2rem 1.5rem}
.list{min-width:0;break-inside:avoid}
ul{margin:0;padding:0;list-style:none}
li{padding:.3rem .4rem;border-left:.3rem solid #b9c9dc;margin:.25rem 0;background:#f7f9fb;
overflow-wrap:anywhere}
.overdue li{border-color:#c00000;background:#fdf1f1}
.upcoming li{border-color:#1f5fa6}
.held li{border-color:#2e7d32;background:#f1f8f1}
.unrecorded li{border-color:#b26a00;background:#fff7e6}
.findings li{border-color:#8a0000;font-size:.9rem}
.when{font-weight:600;white-space:nowrap}
.id{color:#555;font-size:.85rem}
.note{display:block;color:#555;font-size:.85rem}
.yes{color:#2e7d32;font-weight:600}
.no{color:#c00000;font-weight:600}
code{font:600 .8rem ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.quiet{color:#555}
footer{margin-top:2rem;font-size:.8rem;color:#555}
@media (max-width:640px){body{padding:.6rem}}
@page{size:A4 portrait;margin:12mm}
@media print{body{padding:0;font-size:9.5pt;max-width:none}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}h2,h3{break-after:avoid}
section{break-inside:auto}}
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


class _Page:
    def __init__(self, report: Status, lang: str) -> None:
        self.report = report
        self.lang = lang

    def t(self, key: str, **values: object) -> str:
        return _e(text(f"status.{key}", self.lang, **values))

    def due(self, item: Due) -> str:
        extra = []
        if item.moved_to is not None:
            extra.append(self.t("moved-to", date=shown(item.moved_to, self.lang)))
        if item.held_on is not None:
            extra.append(self.t("held-on", date=shown(item.held_on, self.lang)))
        if item.status != "planned":
            extra.append(_e(text(f"status.state.{item.status}", self.lang)))
        note = f'<span class="note">{" · ".join(extra)}</span>' if extra else ""
        return (
            f'<li><span class="when">{_e(shown(item.due, self.lang))}</span> '
            f'{_e(item.title)} <span class="id">({_e(item.milestone)})</span>{note}</li>'
        )

    def indicator(self, item: IndicatorStatus) -> str:
        unit = f" {item.unit}" if item.unit else ""
        parts = []
        if item.latest is not None:
            value = number(item.latest.value, self.lang) + unit
            parts.append(self.t("latest", value=value, on=shown(item.latest.on, self.lang)))
        else:
            parts.append(self.t("not-measured"))
        if item.target is not None:
            value = number(item.target.value, self.lang) + unit
            parts.append(self.t("target", value=value, by=shown(item.target.by, self.lang)))
        if item.better is not None:
            parts.append(self.t(f"better-{item.better.value}"))
        if item.reached is not None:
            css = "yes" if item.reached else "no"
            parts.append(f'<span class="{css}">{self.t(reached_key(item))}</span>')
        return (
            f'<li>{_e(item.name)} <span class="id">({_e(item.id)})</span>'
            f'<span class="note">{" · ".join(parts)}</span></li>'
        )

    def agreement(self, agreement: AgreementFollowUp) -> str:
        head = (
            f'<section id="{_e(agreement.id)}"><h2>{_e(agreement.title)}</h2>'
            f'<p class="term">{_e(term(agreement, self.lang))} · '
            f"<code>{_e(agreement.id)}</code></p>"
        )
        if agreement.quiet:
            return f'{head}<p class="quiet">{self.t("quiet")}</p></section>'
        lists = []
        for key, items in (
            ("overdue", agreement.overdue),
            ("upcoming", agreement.upcoming),
            ("held", agreement.held),
        ):
            if items:
                lists.append(self.block(key, "".join(self.due(i) for i in items)))
        if agreement.unrecorded:
            rows = "".join(
                "<li>"
                + self.t(
                    "unrecorded-item",
                    title=u.title,
                    milestone=u.milestone,
                    count=u.count,
                    dates=", ".join(shown(w, self.lang) for w in u.latest),
                )
                + "</li>"
                for u in agreement.unrecorded
            )
            lists.append(self.block("unrecorded", rows))
        if agreement.indicators:
            rows = "".join(self.indicator(i) for i in agreement.indicators)
            lists.append(self.block("indicators", rows))
        findings = [f for f in agreement.findings if f.code not in SAID_IN_THE_LISTS]
        if findings:
            rows = "".join(f"<li><code>{_e(f.code)}</code> {_e(f.message)}</li>" for f in findings)
            lists.append(self.block("findings", rows))
        return f'{head}<div class="lists">{"".join(lists)}</div></section>'

    def block(self, key: str, rows: str) -> str:
        return f'<div class="list {key}"><h3>{self.t(key)}</h3><ul>{rows}</ul></div>'

    def page(self) -> str:
        report = self.report
        first, last = report.window
        title = self.t("title", date=format_date(report.as_of, self.lang))
        within = text(
            "status.window",
            self.lang,
            within=_within(report, self.lang),
            first=format_date(first, self.lang),
            last=format_date(last, self.lang),
        )
        sections = "".join(self.agreement(a) for a in report.agreements)
        if not report.agreements:
            sections = f"<p>{self.t('nothing')}</p>"
        if report.findings:
            rows = "".join(
                f"<li><code>{_e(f.code)}</code> {_e(f.message)}</li>" for f in report.findings
            )
            sections += f"<section>{self.block('other-findings', rows)}</section>"
        return (
            f'<!DOCTYPE html>\n<html lang="{_e(self.lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            f'<header><h1>{title}</h1><p class="window">{_e(within)}</p></header>\n'
            f"<main>{sections}</main>\n"
            f"<footer>velfaerd status</footer>\n</body>\n</html>\n"
        )


def _within(report: Status, lang: str) -> str:
    from velfaerd.i18n import localize  # noqa: PLC0415

    shown = localize("within", str(report.within), lang)
    return shown if isinstance(shown, str) else str(report.within)


def status_page(report: Status, lang: str | None = None) -> str:
    """The report as one self-contained HTML page (no script, nothing fetched)."""
    return _Page(report, lang or report.lang).page()
