"""Checking: the model and its index → findings → a report."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from velfaerd._gc import paused_gc
from velfaerd.config import Config, _match_length
from velfaerd.i18n import text
from velfaerd.report import (
    NEEDS_AS_OF,
    NOT_SELECTED,
    Finding,
    Report,
    RuleStatus,
    Severity,
    render,
)
from velfaerd.rules import Context, Rule, Violation, all_rules

if TYPE_CHECKING:
    from velfaerd.errors import LoadError
    from velfaerd.model import Portfolio

__all__ = [
    "MAX_FINDINGS_PER_RULE",
    "MAX_FINDINGS_PER_RULE_IN_CHECK",
    "NEEDS_AS_OF",
    "NOT_SELECTED",
    "check",
]

#: One rule reports at most this many findings for one agreement (or for the
#: portfolio outside agreements); one more finding says how many were left out.
MAX_FINDINGS_PER_RULE = 100

#: One rule reports at most this many findings in one check, over every agreement;
#: one more finding says how many more were left out. Without it a megabyte of
#: agreements of 400 bytes, each with a hundred unknown parties, was 219,000 findings
#: (90 MB of json, 1 GB of memory); a report now holds at most this many findings
#: per rule, each quoting ids of at most 200 characters and names shortened to 80.
MAX_FINDINGS_PER_RULE_IN_CHECK = 10_000


def check(
    portfolio: Portfolio,
    config: Config | None = None,
    as_of: dt.date | None = None,
    *,
    left_out: LoadError | None = None,
) -> Report:
    """Check a portfolio against every selected rule and return the report.

    ``as_of`` is the day "now" means for the rules that need one (``MIL005``, and
    ``COV004``'s "in force"); without it they do not run, and the report says so.
    Nothing reads today's date implicitly. ``left_out`` is the error of
    :func:`velfaerd.load_partial`: its problems are in the report, each an error
    under its ``LOAD`` code (:meth:`Finding.from_problem`), so that the report is
    not ``ok`` and lists what the command line lists; references to the ids of files
    left out are not unknown (``REF002``), and while a file could not be read at all,
    an unknown reference is a warning that says it may be defined there.

    A rule reports at most :data:`MAX_FINDINGS_PER_RULE` findings for one agreement,
    and at most :data:`MAX_FINDINGS_PER_RULE_IN_CHECK` in all; one more finding of
    that rule says how many more there were.

    :raises ConfigError: when the configuration names a code or prefix no rule has
        (:meth:`Config.check_codes`).

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
    else:
        config.check_codes()  # again: the rules a code names may have changed since
    if as_of is not None and (isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date)):
        msg = f"as_of must be a datetime.date, not {type(as_of).__name__}"
        raise TypeError(msg)
    with paused_gc():
        return _check(portfolio, config, as_of, left_out)


def _check(
    portfolio: Portfolio, config: Config, as_of: dt.date | None, left_out: LoadError | None
) -> Report:
    context = Context(portfolio=portfolio, config=config, as_of=as_of, left_out=left_out)
    waivers = {
        # A blank code (built in Python; the loader refuses one) waives nothing, not all.
        agreement.id: tuple(
            waiver.rule.strip().upper() for waiver in agreement.waivers if waiver.rule.strip()
        )
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
        counts: dict[str | None, int] = {}
        waived_counts: dict[str | None, int] = {}
        context.saturated = set()
        shown = beyond = 0  # findings of the rule made, and those only counted for the cap
        first_beyond: Violation | None = None
        for violation in rule.check(context):
            source = context.index.locate(violation.at, violation.key)[0]
            if config.ignored_in(rule.code, source):
                continue
            codes = waivers.get(violation.agreement or "", ())
            is_waived = bool(codes) and _match_length(rule.code, codes) >= 0
            bucket = waived_counts if is_waived else counts
            seen = bucket[violation.agreement] = bucket.get(violation.agreement, 0) + 1
            if seen >= MAX_FINDINGS_PER_RULE and not is_waived:
                # A rule may skip costly evidence (suggestions) of what is only counted.
                context.saturated.add(violation.agreement)
            if seen > MAX_FINDINGS_PER_RULE:
                continue  # counted: said below (waived ones beyond the bound are dropped)
            if shown >= MAX_FINDINGS_PER_RULE_IN_CHECK:
                if not is_waived:  # counted: said below, where the first one is
                    beyond += 1
                    first_beyond = first_beyond or violation
                context.saturated.add(violation.agreement)
                continue
            shown += 1
            finding = _finding(rule, violation, context)
            (waived if is_waived else findings).append(finding)
        findings.extend(
            _left_out(rule, agreement, count - MAX_FINDINGS_PER_RULE, context)
            for agreement, count in sorted(counts.items(), key=lambda pair: pair[0] or "")
            if count > MAX_FINDINGS_PER_RULE
        )
        if first_beyond is not None:
            findings.append(_left_out(rule, None, beyond, context, at=first_beyond))
        statuses.append(RuleStatus(code=rule.code, ran=True))
    if left_out is not None:
        # Load problems are no rule's: never selected, ignored, waived or bounded.
        findings.extend(Finding.from_problem(problem, config.lang) for problem in left_out.problems)
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


def _left_out(
    rule: Rule,
    agreement: str | None,
    more: int,
    context: Context,
    *,
    at: Violation | None = None,
) -> Finding:
    """The finding that says how many findings of a rule were not reported.

    Those beyond the bound of one agreement (or of the portfolio outside agreements),
    at the agreement; or, given the first of them ``at``, those beyond the bound of the
    whole check, where that first one is.
    """
    where = None if agreement is None else context.index.agreements.get(agreement)
    if at is None:
        source, path, line, _ = context.index.locate(where)
    else:
        source, path, line, _ = context.index.locate(at.at, at.key)
    in_check = at is not None
    limit = MAX_FINDINGS_PER_RULE_IN_CHECK if in_check else MAX_FINDINGS_PER_RULE
    if in_check:
        key = "check.left-out-check"
    else:
        key = "check.left-out-agreement" if agreement is not None else "check.left-out"
    return Finding(
        code=rule.code,
        severity=context.config.severity.get(rule.code, rule.severity),
        message=text(
            key,
            context.config.lang,
            more=more,
            code=rule.code,
            agreement=agreement,
            limit=limit,
        ),
        subject=agreement or "",
        source=source,
        path=path,
        line=line,
        evidence={"left_out": more, "agreement": agreement, "limit": limit},
        variant="left-out",
    )
