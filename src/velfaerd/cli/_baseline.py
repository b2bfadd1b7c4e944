"""``velfaerd check --baseline`` and ``--write-baseline``: only new findings, after the cache.

The baseline is applied to the report a run gave, whether it was checked or found in the
run cache (:mod:`velfaerd.cli._runcache`): the cache keeps every finding, and a changed
baseline file needs no new check, nor can it make a cached run wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from velfaerd.baseline import Baseline
from velfaerd.cli._common import UsageError, say
from velfaerd.errors import BaselineError
from velfaerd.i18n import Text, count, text

if TYPE_CHECKING:
    import argparse

    from velfaerd.config import Config
    from velfaerd.report import Report

__all__ = ["apply"]


def apply(args: argparse.Namespace, config: Config, report: Report) -> Report:
    """The report without the findings of the baseline; the baseline written first if asked.

    ``--write-baseline FILE`` writes every finding of the run (so writing again prunes
    what no longer occurs) and then shows none of them. ``--baseline FILE``, else the
    configuration's ``baseline``, sets aside the findings it knows; ``-v`` says which of
    its entries no longer match.

    :raises UsageError: for a baseline that cannot be read or written (exit 2).
    """
    lang = config.lang
    given: Path | None = args.baseline
    path = given if given is not None else (Path(config.baseline) if config.baseline else None)
    if args.write_baseline is not None:
        return _write(args, report, lang)
    if path is None:
        return report
    try:
        baseline = Baseline.load(path)
    except BaselineError as error:
        raise UsageError(error.said) from None
    shown = report.without(baseline)
    if args.verbose:
        known = count("known-finding", len(shown.known) - len(report.known), lang)
        say(text("cli.verbose-baseline", lang, file=str(path), known=known, entries=len(baseline)))
        for entry in baseline.unmatched(report.findings):
            times = text("cli.verbose-baseline-times", lang, count=entry.count)
            said = text(
                "cli.verbose-baseline-stale",
                lang,
                file=str(path),
                code=entry.code,
                subject=entry.subject,
                fingerprint=entry.fingerprint,
                times=times if entry.count > 1 else "",
            )
            say(said)
    return shown


def _write(args: argparse.Namespace, report: Report, lang: str) -> Report:
    target: Path = args.write_baseline
    if args.baseline is not None and args.baseline.resolve() == target.resolve():
        raise UsageError(Text("cli.baseline-and-write", {"file": str(target)}))
    baseline = Baseline.of(report.findings)
    try:
        baseline.write(target)
    except OSError as error:
        said = Text("cli.cannot-write", {"file": str(target), "reason": error.strerror or error})
        raise UsageError(said) from None
    if not args.quiet:
        findings = count("finding", len(baseline), lang)
        say(text("cli.baseline-written", lang, findings=findings, file=str(target)))
    return report.without(baseline)
