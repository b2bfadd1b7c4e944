"""The output formats of ``velfaerd check``: text, concise, json, sarif and github.

Each formatter is a pure function from the findings (load problems included) and a
:class:`Summary` to the text to print, so that it can be tested without a terminal or
a subprocess. Load problems (:class:`~velfaerd.errors.Problem`) are shown like
findings with the severity ``error`` and their ``LOAD`` code.

>>> from velfaerd.report import Finding
>>> finding = Finding(
...     code="COV002",
...     severity="warning",
...     message="commitment 'trivsel' has no goal",
...     source="aftale.toml",
...     path="agreements[0].commitments[1]",
...     line=42,
... )
>>> print(format_concise([finding], Summary.of([finding])), end="")
aftale.toml:42:1: COV002 [warning] commitment 'trivsel' has no goal
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path, PurePath, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import attrs

from velfaerd.cli._rule_text import LOAD_RULES, RuleText
from velfaerd.errors import Problem
from velfaerd.i18n import count, text
from velfaerd.report import FINGERPRINT_VERSION, Finding, Report, RuleStatus, Severity

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from velfaerd.rules import Rule

__all__ = [
    "FORMATS",
    "INFORMATION_URI",
    "SARIF_SCHEMA",
    "Summary",
    "file_of",
    "format_concise",
    "format_github",
    "format_json",
    "format_sarif",
    "format_statistics",
    "format_text",
    "location",
    "render",
]

#: The names accepted by ``--output-format``.
FORMATS = ("text", "concise", "json", "sarif", "github")

#: Where a SARIF viewer sends a reader who wants to know what velfaerd is.
INFORMATION_URI = "https://pypi.org/project/velfaerd/"

#: The JSON schema of SARIF 2.1.0.
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

Item = Finding | Problem


def file_of(finding: Finding) -> str:
    """The file, or ``<unknown>``; control characters escaped (no terminal escapes)."""
    return printable(finding.source or "<unknown>")


def location(finding: Finding) -> str:
    """``file:line:col`` (column 1 when unknown), else ``file::path``, else ``file``."""
    if finding.line is not None:
        return f"{file_of(finding)}:{finding.line}:{finding.column or 1}"
    if finding.path:
        return f"{file_of(finding)}::{finding.path}"
    return file_of(finding)


def _finding(item: Item, lang: str = "en") -> Finding:
    """The finding of an item: a load problem becomes its finding, its message in ``lang``.

    :meth:`Finding.from_problem` is the one way it does; a finding's message was
    written by :func:`velfaerd.check` in the language of its configuration.
    """
    return Finding.from_problem(item, lang) if isinstance(item, Problem) else item


def _findings(items: Iterable[Item], lang: str = "en") -> list[Finding]:
    """The findings of the items, in their order (:meth:`Finding.sort_key`)."""
    return sorted((_finding(item, lang) for item in items), key=Finding.sort_key)


@attrs.frozen(kw_only=True)
class Summary:
    """What the output says besides the findings: counts, waived findings, rule status."""

    errors: int = 0
    warnings: int = 0
    infos: int = 0
    waived: tuple[Finding, ...] = ()
    rules: tuple[RuleStatus, ...] = ()
    as_of: str | None = None
    lang: str = "en"
    left_out: int = 0  # files that could not be loaded and were not checked
    known: tuple[Finding, ...] = ()  # set aside by a baseline

    @classmethod
    def of(
        cls, items: Iterable[Item], report: Report | None = None, *, lang: str | None = None
    ) -> Summary:
        """Count the findings and load problems; take the rest from ``report``.

        ``lang`` is the language of the output: the report's unless given.
        """
        counts = Counter(_finding(item).severity for item in items)
        if lang is None:
            lang = report.lang if report is not None else "en"
        return cls(
            errors=counts[Severity.ERROR],
            warnings=counts[Severity.WARNING],
            infos=counts[Severity.INFO],
            waived=report.waived if report is not None else (),
            rules=report.rules if report is not None else (),
            as_of=report.as_of if report is not None else None,
            lang=lang,
            known=report.known if report is not None else (),
        )

    @property
    def ok(self) -> bool:
        """``True`` when no finding is an error (and nothing failed to load)."""
        return self.errors == 0


#: A run of whitespace (each run matched once, whatever its length: the pattern has
#: nothing to backtrack into, so a long run of spaces costs its length, not its square).
_WHITESPACE = re.compile(r"\s+")


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    r"""Escape control characters, so that a file name cannot write terminal escapes.

    >>> printable("a\x1b[2Jb\nc.toml")
    'a\\x1b[2Jb\\nc.toml'
    """
    return _CONTROL.sub(lambda match: repr(match[0])[1:-1], text)


def _flat(message: str) -> str:
    """The message on one line, so that each finding is one line of output."""
    return printable(_WHITESPACE.sub(_one_line, message).strip())


def _one_line(run: re.Match[str]) -> str:
    """A run of whitespace with a line break in it as one space; any other as it is."""
    text = run[0]
    return " " if "\n" in text or "\r" in text else text


_COLOURS = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.INFO: "\x1b[1;36m",
}
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_RESET = "\x1b[0m"


def format_text(
    items: Sequence[Item], summary: Summary, *, color: bool = False, closing: bool = True
) -> str:
    """Render findings grouped by file, then a summary line.

    Each line is ``file:line:col: CODE [severity] message`` (column 1 where it is not
    known; ``file::path`` where the line is not known); a blank line separates files.
    ``color`` adds ANSI colours; ``closing=False`` leaves out the summary line.

    >>> print(format_text([], Summary()), end="")
    All checks passed.
    """

    def paint(text: str, style: str) -> str:
        return f"{style}{text}{_RESET}" if color else text

    lang = summary.lang
    labels = {level: f"[{text('severity.' + level.value, lang)}]" for level in Severity}
    findings = _findings(items, lang)
    blocks: list[str] = []
    current: str | None = None
    lines: list[str] = []
    for finding in findings:
        if file_of(finding) != current and lines:
            blocks.append("\n".join(lines))
            lines = []
        current = file_of(finding)
        lines.append(
            f"{paint(location(finding), _BOLD)}: "
            f"{paint(finding.code, _COLOURS[finding.severity])} "
            f"{paint(labels[finding.severity], _DIM)} {_flat(finding.message)}"
        )
    if lines:
        blocks.append("\n".join(lines))
    if not closing:
        return "\n\n".join(blocks) + "\n" if blocks else ""
    if findings:
        # Only files: a directory that holds no *.toml file is no file with a finding.
        sources = {finding.source or "" for finding in findings}
        files = len({source for source in sources if not Path(source).is_dir()})
        counts = (
            f"{count('error', summary.errors, lang)}, {count('warning', summary.warnings, lang)}"
        )
        if summary.infos:
            counts += f", {count('info', summary.infos, lang)}"
        last = text("cli.found", lang, counts=counts, files=count("file", files, lang))
    else:
        last = text("cli.all-passed", lang)
    if summary.waived:
        waived = count("finding", len(summary.waived), lang)
        last += " " + text("cli.waived", lang, findings=waived)
    if summary.left_out:
        left_out = count("file", summary.left_out, lang)
        last += " " + text("cli.left-out", lang, files=left_out)
    last += _known(summary)
    blocks.append(paint(last, _BOLD))
    return "\n\n".join(blocks) + "\n"


def _known(summary: Summary) -> str:
    """What the summary line says of the findings a baseline set aside (if any)."""
    if not summary.known:
        return ""
    known = count("known-finding", len(summary.known), summary.lang)
    return " " + text("cli.known", summary.lang, findings=known)


def format_concise(items: Sequence[Item], summary: Summary) -> str:
    """Render one line per finding: ``file:line:col: CODE [severity] message``.

    Where no line is known, ``file::path: CODE [severity] message``. Nothing else is
    printed.
    """
    labels = {level: text("severity." + level.value, summary.lang) for level in Severity}
    return "".join(
        f"{location(finding)}: {finding.code} [{labels[finding.severity]}] "
        f"{_flat(finding.message)}\n"
        for finding in _findings(items, summary.lang)
    )


def _report(items: Sequence[Item], summary: Summary) -> Report:
    """The report the output shows: its findings with the load problems among them.

    What ``json`` prints is this report's :meth:`~velfaerd.Report.to_dict`, and what
    ``sarif`` says of the counts is its summary: neither writes the shape again.
    """
    return Report(
        findings=tuple(_findings(items, summary.lang)),
        waived=summary.waived,
        rules=summary.rules,
        as_of=summary.as_of,
        lang=summary.lang,
        known=summary.known,
    )


def format_json(items: Sequence[Item], summary: Summary) -> str:
    """Render ``{"version": 1, "findings": [...], "summary": {...}}``.

    It is :meth:`velfaerd.Report.to_dict` of the report shown, with load problems among
    the findings under their ``LOAD`` codes (with empty ``evidence``), in the order of
    :meth:`Finding.sort_key` (as every format lists them); ``lang`` is the language of
    the messages.
    """
    data = _report(items, summary).to_dict()
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


_SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _artifact(source: str) -> dict[str, str]:
    path = PurePath(source)
    if path.is_absolute():
        try:
            return {"uri": path.as_uri()}
        except ValueError:  # pragma: no cover - a Windows path without a drive
            pass
    posix = PurePosixPath(*path.parts) if path.parts else PurePosixPath(source)
    return {"uri": quote(str(posix), safe="/", errors="surrogateescape"), "uriBaseId": "%SRCROOT%"}


def _sarif_rule(
    code: str, name: str, *, summary: str, full: str, level: str, markdown: str
) -> dict[str, Any]:
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": full},
        "help": {"text": full, "markdown": markdown},
        "defaultConfiguration": {"level": level},
        "helpUri": INFORMATION_URI,
    }


def format_sarif(
    items: Sequence[Item],
    summary: Summary,
    *,
    rules: Sequence[Rule | RuleText],
    version: str,
) -> str:
    """Render a SARIF 2.1.0 log with one run.

    ``tool.driver.rules`` lists every rule in ``rules`` and the ``LOAD`` codes; each
    result names its rule by ``ruleId`` and ``ruleIndex``, and its file and line.
    The rules' descriptions are in the summary's language, as the messages are (a
    :class:`RuleText` is taken as it is: make it in that language).
    """
    lang = summary.lang
    texts = [rule if isinstance(rule, RuleText) else RuleText.of(rule, lang) for rule in rules]
    descriptors: list[dict[str, Any]] = [
        _sarif_rule(
            rule.code,
            rule.name,
            summary=rule.summary,
            full=" ".join(rule.description.split()),
            level=_SARIF_LEVELS[rule.severity],
            markdown=rule.explanation,
        )
        for rule in texts
    ]
    descriptors.extend(
        _sarif_rule(
            load.code,
            load.name,
            summary=load.summary,
            full=load.description,
            level="error",
            markdown=f"# {load.code} ({load.name})\n\n{load.description}\n",
        )
        for load in (load_rule.translated(lang) for load_rule in LOAD_RULES)
    )
    index = {descriptor["id"]: position for position, descriptor in enumerate(descriptors)}
    results = [_sarif_result(finding, index) for finding in _findings(items, lang)]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "velfaerd",
                        "version": version,
                        "semanticVersion": version,
                        "informationUri": INFORMATION_URI,
                        "rules": descriptors,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {
                    "summary": _report(items, summary).to_dict()["summary"],
                    "asOf": summary.as_of,
                    "lang": lang,
                },
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _sarif_result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {"ruleId": finding.code}
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    result["level"] = _SARIF_LEVELS[finding.severity]
    text = finding.message if finding.line is not None or not finding.path else None
    result["message"] = {"text": text or f"{finding.path}: {finding.message}"}
    location: dict[str, Any] = {}
    if finding.source is not None:
        physical: dict[str, Any] = {"artifactLocation": _artifact(finding.source)}
        if finding.line is not None:
            region = {"startLine": finding.line}
            if finding.column is not None:
                region["startColumn"] = finding.column
            physical["region"] = region
        location["physicalLocation"] = physical
    if finding.path:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.path, "kind": "member"}]
    result["locations"] = [location] if location else []
    # Code scanning tracks an alert across commits by these, not by its line.
    result["partialFingerprints"] = {f"velfaerd/v{FINGERPRINT_VERSION}": finding.fingerprint}
    properties: dict[str, Any] = {"severity": finding.severity.value}
    if finding.subject:
        properties["subject"] = finding.subject
    if finding.evidence:
        properties["evidence"] = finding.evidence
    result["properties"] = properties
    return result


_GITHUB_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(escaped)


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(items: Sequence[Item], summary: Summary) -> str:
    r"""Render GitHub Actions workflow commands, one per finding.

    ``::error file=F,line=L,col=C,title=CODE::message`` (``::warning`` and
    ``::notice`` by severity), escaped as GitHub requires.

    >>> from velfaerd.report import Finding
    >>> finding = Finding(code="REV001", severity="error", message="50%", source="a.toml", line=3)
    >>> format_github([finding], Summary.of([finding]))
    '::error file=a.toml,line=3,col=1,title=REV001::50%25\n'
    """
    lines = []
    for finding in _findings(items, summary.lang):
        properties = []
        if finding.source is not None:
            properties.append(f"file={_escape_property(finding.source)}")
        if finding.line is not None:
            properties.append(f"line={finding.line}")
            properties.append(f"col={finding.column or 1}")
        properties.append(f"title={_escape_property(finding.code)}")
        message = finding.message
        if finding.line is None and finding.path:
            message = f"{finding.path}: {message}"
        command = _GITHUB_COMMANDS[finding.severity]
        lines.append(f"::{command} {','.join(properties)}::{_escape_data(message)}\n")
    return "".join(lines)


def format_statistics(
    items: Sequence[Item], names: dict[str, str], *, as_json: bool = False, lang: str = "en"
) -> str:
    """Render the number of findings per code, most frequent first.

    ``names`` maps codes to rule names. As text, one line per code: count, code,
    severity and name; as JSON, a list of ``{"code", "name", "severity", "count"}``.
    """
    findings = _findings(items)
    counts = Counter(finding.code for finding in findings)
    severities = {finding.code: finding.severity.value for finding in findings}
    rows = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    if as_json:
        data = [
            {
                "code": code,
                "name": names.get(code, ""),
                "severity": severities[code],
                "count": count,
            }
            for code, count in rows
        ]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if not rows:
        return text("cli.all-passed", lang) + "\n"
    width = max(len(str(number)) for _, number in rows)
    labels = {level.value: f"[{text('severity.' + level.value, lang)}]" for level in Severity}
    label_width = max(len(label) for label in labels.values())
    code_width = max(len(code) for code, _ in rows)
    return "".join(
        f"{number:>{width}}  {code:<{code_width}}  "
        f"{labels[severities[code]]:<{label_width}}  "
        f"{names.get(code, '')}".rstrip()
        + "\n"
        for code, number in rows
    )


def render(
    output_format: str,
    items: Sequence[Item],
    summary: Summary,
    *,
    rules: Sequence[Rule | RuleText] = (),
    version: str = "",
    color: bool = False,
) -> str:
    """Render in the named format (one of :data:`FORMATS`).

    :raises ValueError: for an unknown format.
    """
    if output_format == "text":
        return format_text(items, summary, color=color)
    if output_format == "concise":
        return format_concise(items, summary)
    if output_format == "json":
        return format_json(items, summary)
    if output_format == "sarif":
        return format_sarif(items, summary, rules=rules, version=version)
    if output_format == "github":
        return format_github(items, summary)
    msg = f"unknown output format {output_format!r}; expected one of {', '.join(FORMATS)}"
    raise ValueError(msg)
