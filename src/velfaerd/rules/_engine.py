"""Checking: the model and its index → findings → a report."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs

from velfaerd._gc import paused_gc
from velfaerd.config import Config, match_length
from velfaerd.i18n import text
from velfaerd.report import (
    NEEDS_AS_OF,
    NOT_IDENTITY,
    NOT_SELECTED,
    Finding,
    Report,
    RuleStatus,
    Severity,
    _ids_fingerprint,
    _Messages,
    fingerprint,
)
from velfaerd.rules import Context, Rule, Violation, all_rules

if TYPE_CHECKING:
    from collections.abc import Mapping

    from velfaerd.errors import LoadError
    from velfaerd.model import Portfolio

__all__ = [
    "MAX_FINDINGS_IN_CHECK",
    "MAX_FINDINGS_PER_RULE",
    "NEEDS_AS_OF",
    "NOT_SELECTED",
    "check",
]

#: One rule reports at most this many findings for one agreement (or for the
#: portfolio outside agreements); one more finding says how many were left out.
MAX_FINDINGS_PER_RULE = 100

#: The rules report at most this many findings in one check, all together; beyond
#: it, each rule's findings are counted, and one more finding of the rule says how
#: many. Without it a megabyte of agreements of 460 bytes, each with a hundred unknown
#: parties, was 219,000 findings (90 MB of json, 1 GB of memory). With it, and ids of
#: at most 200 characters, names quoted by their first 80, a report's size no longer
#: grows with its input beyond that of this many findings.
MAX_FINDINGS_IN_CHECK = 10_000


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
    and the rules at most :data:`MAX_FINDINGS_IN_CHECK` in all; one more finding of
    a rule says how many more of its findings there were.

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
    made = _Made(messages=_Messages(config.lang))
    statuses: list[RuleStatus] = []
    for rule in all_rules(plugins=config.plugins):
        if not config.enabled(rule.code):
            statuses.append(RuleStatus(code=rule.code, ran=False, reason=NOT_SELECTED))
            continue
        if rule.needs_as_of and as_of is None:
            statuses.append(RuleStatus(code=rule.code, ran=False, reason=NEEDS_AS_OF))
            continue
        _run(rule, context, waivers, made)
        statuses.append(RuleStatus(code=rule.code, ran=True))
    findings = made.findings
    if left_out is not None:
        # Load problems are no rule's: never selected, ignored, waived or bounded.
        findings.extend(Finding.from_problem(problem, config.lang) for problem in left_out.problems)
    return Report.build(
        findings,
        made.waived,
        statuses,
        as_of=as_of.isoformat() if as_of is not None else None,
        lang=config.lang,
    )


@attrs.define
class _Made:
    """The findings made so far in a check, waived or not."""

    messages: _Messages  # in the check's language: each template found once
    findings: list[Finding] = attrs.Factory(list)
    waived: list[Finding] = attrs.Factory(list)
    shown: int = 0  # both together: at most MAX_FINDINGS_IN_CHECK

    @property
    def full(self) -> bool:
        return self.shown >= MAX_FINDINGS_IN_CHECK


def _run(rule: Rule, context: Context, waivers: dict[str, tuple[str, ...]], made: _Made) -> None:
    """Run one rule: its findings up to the bounds, and those that count the rest."""
    config = context.config
    context.code = rule.code
    counts: dict[str | None, int] = {}
    waived_counts: dict[str | None, int] = {}
    context.saturated = set()
    beyond = 0  # findings of the rule only counted: the check has enough
    first_beyond: tuple[object, str | None] | None = None  # where the first is
    for violation in rule.check(context):
        origin = getattr(violation.at, "origin", None)  # its file, as locate says
        if config.ignored_in(rule.code, None if origin is None else origin.source):
            continue
        is_waived = match_length(rule.code, waivers.get(violation.agreement or "", ())) >= 0
        bucket = waived_counts if is_waived else counts
        seen = bucket[violation.agreement] = bucket.get(violation.agreement, 0) + 1
        if seen >= MAX_FINDINGS_PER_RULE and not is_waived:
            # A rule may skip costly evidence (suggestions) of what is only counted.
            context.saturated.add(violation.agreement)
        if seen > MAX_FINDINGS_PER_RULE:
            continue  # counted: said below (waived ones beyond the bound are dropped)
        if made.full:
            if not is_waived:  # counted: said below, where the first one is
                beyond += 1
                first_beyond = first_beyond or (violation.at, violation.key)
            context.saturated.add(violation.agreement)
            continue
        made.shown += 1
        finding = _finding(rule, violation, context, made.messages)
        (made.waived if is_waived else made.findings).append(finding)
    _count_the_rest(rule, context, counts, made, (beyond, first_beyond))


def _count_the_rest(
    rule: Rule,
    context: Context,
    counts: dict[str | None, int],
    made: _Made,
    beyond: tuple[int, tuple[object, str | None] | None],
) -> None:
    """The findings of a rule that say how many more it found than it reported.

    One per agreement beyond its bound (while the check has room), and one for all
    beyond the check's bound (``beyond``: how many, and where the first is).
    """
    more, first = beyond
    for agreement, count in sorted(counts.items(), key=lambda pair: pair[0] or ""):
        if count <= MAX_FINDINGS_PER_RULE:
            continue
        if not made.full:
            made.shown += 1
            made.findings.append(_left_out(rule, agreement, count - MAX_FINDINGS_PER_RULE, context))
        else:
            more += count - MAX_FINDINGS_PER_RULE
            where = None if agreement is None else context.index.agreements.get(agreement)
            first = first or (where, None)
    if first is not None:
        made.findings.append(_left_out(rule, None, more, context, at=first))


def _finding(rule: Rule, violation: Violation, context: Context, messages: _Messages) -> Finding:
    severity = context.config.severity.get(rule.code, rule.severity)
    variant = violation.variant
    evidence = violation.evidence  # read here; the finding keeps a copy of its own
    prefix = ""
    if violation.possible:
        if severity is Severity.ERROR:
            severity = Severity.WARNING
        evidence = dict(evidence)
        evidence.setdefault("certainty", "possible")
        if f"{variant}-possible" in rule.messages:
            variant = f"{variant}-possible"
        else:
            prefix = text("check.possibly", context.config.lang) + " "
    message = prefix + messages.render(rule.code, variant, evidence)
    index = context.index
    source, path, line, _ = index.locate(violation.at, violation.key)
    scope = index.scope(violation.at, violation.key)
    identity = _ids_of(evidence, index.ids)
    subject = violation.subject
    return Finding(
        code=rule.code,
        severity=severity,
        message=message,
        subject=subject,
        source=source,
        path=path,
        line=line,
        evidence=evidence,
        variant=variant,
        fingerprint=(
            _ids_fingerprint(rule.code, variant, subject, identity, scope)
            if type(subject) is str  # as it should be: else as fingerprint() writes it
            else fingerprint(rule.code, variant, subject, identity, scope)
        ),
    )


def _ids_of(evidence: Mapping[str, Any], ids: frozenset[str]) -> dict[str, str | list[str]]:
    """The ids in a finding's evidence, by key: what its fingerprint is made of besides.

    Dates, counts and words are left out: a finding about the same objects keeps its
    fingerprint when a date it compared moves (it is the same problem, still there).
    """
    identity: dict[str, str | list[str]] = {}
    for key, value in evidence.items():
        if key in NOT_IDENTITY:
            continue
        if isinstance(value, str):
            if value in ids:
                identity[key] = value
        elif isinstance(value, (list, tuple)):
            named = [item for item in value if isinstance(item, str) and item in ids]
            if named:
                identity[key] = named
    return identity


def _left_out(
    rule: Rule,
    agreement: str | None,
    more: int,
    context: Context,
    *,
    at: tuple[object, str | None] | None = None,
) -> Finding:
    """The finding that says how many findings of a rule were not reported.

    Those beyond the bound of one agreement (or of the portfolio outside agreements),
    at the agreement; or, given where the first of them is (``at``: an object and
    its key), those beyond the bound of the check, there.
    """
    where = None if agreement is None else context.index.agreements.get(agreement)
    if at is None:
        source, path, line, _ = context.index.locate(where)
    else:
        source, path, line, _ = context.index.locate(*at)
    in_check = at is not None
    limit = MAX_FINDINGS_IN_CHECK if in_check else MAX_FINDINGS_PER_RULE
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
