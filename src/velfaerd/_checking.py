"""Checking: the model and its index → findings → a report."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from velfaerd._gc import paused_gc
from velfaerd.config import Config, _match_length
from velfaerd.i18n import text
from velfaerd.report import Finding, Report, RuleStatus, Severity, render
from velfaerd.rules import Context, Rule, Violation, all_rules

if TYPE_CHECKING:
    from velfaerd.model import Portfolio

__all__ = ["NEEDS_AS_OF", "NOT_SELECTED", "check"]

#: Why a rule did not run (``RuleStatus.reason``; data, so always in English).
NOT_SELECTED = "not selected"
NEEDS_AS_OF = "needs an as-of date (as_of)"


def check(
    portfolio: Portfolio, config: Config | None = None, as_of: dt.date | None = None
) -> Report:
    """Check a portfolio against every selected rule and return the report.

    ``as_of`` is the day "now" means for the rules that need one (``MIL005``, and
    ``COV004``'s "in force"); without it they do not run, and the report says so.
    Nothing reads today's date implicitly.

    >>> import velfaerd
    >>> portfolio = velfaerd.loads('''
    ... [[agreements]]
    ... id = "aftale"
    ... title = "Samarbejdsaftale"
    ... kind = "cooperation"
    ... parties = ["byraadet"]
    ... ''')
    >>> report = velfaerd.check(portfolio)
    >>> sorted(report.codes())
    ['AGR002', 'REF002']
    >>> report.ok
    False
    """
    if config is None:
        config = Config()
    if as_of is not None and (isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date)):
        msg = f"as_of must be a datetime.date, not {type(as_of).__name__}"
        raise TypeError(msg)
    with paused_gc():
        return _check(portfolio, config, as_of)


def _check(portfolio: Portfolio, config: Config, as_of: dt.date | None) -> Report:
    context = Context(portfolio=portfolio, config=config, as_of=as_of)
    waivers = {
        agreement.id: tuple(waiver.rule.strip().upper() for waiver in agreement.waivers)
        for agreement in portfolio.agreements
        if agreement.waivers
    }
    findings: list[Finding] = []
    waived: list[Finding] = []
    statuses: list[RuleStatus] = []
    for rule in all_rules(plugins=config.plugins):
        if not config.enabled(rule.code):
            statuses.append(RuleStatus(code=rule.code, ran=False, reason=NOT_SELECTED))
            continue
        if rule.needs_as_of and as_of is None:
            statuses.append(RuleStatus(code=rule.code, ran=False, reason=NEEDS_AS_OF))
            continue
        context.code = rule.code
        for violation in rule.check(context):
            finding = _finding(rule, violation, context)
            if config.ignored_in(rule.code, finding.source):
                continue
            codes = waivers.get(violation.agreement or "", ())
            if codes and _match_length(rule.code, codes) >= 0:
                waived.append(finding)
            else:
                findings.append(finding)
        statuses.append(RuleStatus(code=rule.code, ran=True))
    return Report.build(
        findings,
        waived,
        statuses,
        as_of=as_of.isoformat() if as_of is not None else None,
        lang=config.lang,
    )


def _finding(rule: Rule, violation: Violation, context: Context) -> Finding:
    severity = context.config.severity.get(rule.code, rule.severity)
    variant = violation.variant
    evidence = dict(violation.evidence)
    prefix = ""
    if violation.possible:
        if severity is Severity.ERROR:
            severity = Severity.WARNING
        evidence.setdefault("certainty", "possible")
        if f"{variant}-possible" in rule.messages:
            variant = f"{variant}-possible"
        else:
            prefix = text("check.possibly", context.config.lang) + " "
    message = prefix + render(rule.code, variant, evidence, context.config.lang)
    source, path, line, _ = context.index.locate(violation.at, violation.key)
    return Finding(
        code=rule.code,
        severity=severity,
        message=message,
        subject=violation.subject,
        source=source,
        path=path,
        line=line,
        evidence=evidence,
        variant=variant,
    )
