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
from velfaerd.report import REPORT_VERSION, Finding, RuleStatus, Severity

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from velfaerd.report import Report
    from velfaerd.rules import Rule

__all__ = [
    "FORMATS",
    "INFORMATION_URI",
    "SARIF_SCHEMA",
    "Entry",
    "Summary",
    "format_concise",
    "format_github",
    "format_json",
    "format_sarif",
    "format_statistics",
    "format_text",
    "render",
]

#: The names accepted by ``--output-format``.
FORMATS = ("text", "concise", "json", "sarif", "github")

#: Where a SARIF viewer sends a reader who wants to know what velfaerd is.
INFORMATION_URI = "https://pypi.org/project/velfaerd/"

#: The JSON schema of SARIF 2.1.0.
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

Item = Finding | Problem


@attrs.frozen(kw_only=True)
class Entry:
    """One line of output: a finding (a load problem is one too), as it is shown."""

    code: str
    severity: Severity
    message: str
    subject: str = ""
    source: str | None = None
    path: str = ""
    line: int | None = None
    column: int | None = None
    evidence: dict[str, Any] = attrs.field(factory=dict, hash=False)

    @classmethod
    def of(cls, item: Item, lang: str = "en") -> Entry:
        """Return the entry of a finding or a load problem (which is an error).

        A load problem becomes its finding (:meth:`Finding.from_problem`, the one way
        it does), its message written in ``lang``; a finding's was written by
        :func:`velfaerd.check` in the language of its configuration.
        """
        finding = _finding(item, lang)
        return cls(
            code=finding.code,
            severity=finding.severity,
            message=finding.message,
            subject=finding.subject,
            source=finding.source,
            path=finding.path,
            line=finding.line,
            column=finding.column,
            evidence=dict(finding.evidence),
        )

    @property
    def file(self) -> str:
        """The file, or ``<unknown>``; control characters escaped (no terminal escapes)."""
        return printable(self.source or "<unknown>")

    @property
    def location(self) -> str:
        """``file:line:col`` (column 1 when unknown), else ``file::path``, else ``file``."""
        if self.line is not None:
            return f"{self.file}:{self.line}:{self.column or 1}"
        if self.path:
            return f"{self.file}::{self.path}"
        return self.file

    def to_dict(self) -> dict[str, Any]:
        """Return the entry in the shape of :meth:`Finding.to_dict`."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "subject": self.subject,
            "source": self.source,
            "path": self.path,
            "line": self.line,
            "evidence": self.evidence,
        }


def _finding(item: Item, lang: str) -> Finding:
    return Finding.from_problem(item, lang) if isinstance(item, Problem) else item


def _entries(items: Iterable[Item], lang: str = "en") -> list[Entry]:
    """The entries of the items, in the order of findings (:meth:`Finding.sort_key`)."""
    findings = sorted((_finding(item, lang) for item in items), key=Finding.sort_key)
    return [Entry.of(finding) for finding in findings]


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

    @classmethod
    def of(
        cls, items: Iterable[Item], report: Report | None = None, *, lang: str | None = None
    ) -> Summary:
        """Count the findings and load problems; take the rest from ``report``.

        ``lang`` is the language of the output: the report's unless given.
        """
        counts = Counter(Entry.of(item).severity for item in items)
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
        )

    @property
    def ok(self) -> bool:
        """``True`` when no finding is an error (and nothing failed to load)."""
        return self.errors == 0

    def to_dict(self) -> dict[str, Any]:
        """Return the counts in the shape of ``Report.to_dict()["summary"]``."""
        return {
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
            "waived": len(self.waived),
            "ok": self.ok,
        }


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
    entries = _entries(items, lang)
    blocks: list[str] = []
    current: str | None = None
    lines: list[str] = []
    for entry in entries:
        if entry.file != current and lines:
            blocks.append("\n".join(lines))
            lines = []
        current = entry.file
        lines.append(
            f"{paint(entry.location, _BOLD)}: "
            f"{paint(entry.code, _COLOURS[entry.severity])} "
            f"{paint(labels[entry.severity], _DIM)} {_flat(entry.message)}"
        )
    if lines:
        blocks.append("\n".join(lines))
    if not closing:
        return "\n\n".join(blocks) + "\n" if blocks else ""
    if entries:
        # Only files: a directory that holds no *.toml file is no file with a finding.
        sources = {entry.source or "" for entry in entries}
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
    blocks.append(paint(last, _BOLD))
    return "\n\n".join(blocks) + "\n"


def format_concise(items: Sequence[Item], summary: Summary) -> str:
    """Render one line per finding: ``file:line:col: CODE [severity] message``.

    Where no line is known, ``file::path: CODE [severity] message``. Nothing else is
    printed.
    """
    labels = {level: text("severity." + level.value, summary.lang) for level in Severity}
    return "".join(
        f"{entry.location}: {entry.code} [{labels[entry.severity]}] {_flat(entry.message)}\n"
        for entry in _entries(items, summary.lang)
    )


def format_json(items: Sequence[Item], summary: Summary) -> str:
    """Render ``{"version": 1, "findings": [...], "summary": {...}}``.

    The shape is that of :meth:`velfaerd.Report.to_dict`, with load problems among the
    findings under their ``LOAD`` codes (with empty ``evidence``), in the order of
    :meth:`Finding.sort_key` (as every format lists them); ``lang`` is the language of
    the messages.
    """
    entries = _entries(items, summary.lang)
    data = {
        "version": REPORT_VERSION,
        "lang": summary.lang,
        "as_of": summary.as_of,
        "findings": [entry.to_dict() for entry in entries],
        "waived": [finding.to_dict() for finding in summary.waived],
        "rules": [
            {"code": status.code, "ran": status.ran, "reason": status.reason}
            for status in sorted(summary.rules, key=lambda status: status.code)
        ],
        "summary": summary.to_dict(),
    }
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
    results = [_sarif_result(entry, index) for entry in _entries(items, lang)]
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
                    "summary": summary.to_dict(),
                    "asOf": summary.as_of,
                    "lang": lang,
                },
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _sarif_result(entry: Entry, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {"ruleId": entry.code}
    if entry.code in index:
        result["ruleIndex"] = index[entry.code]
    result["level"] = _SARIF_LEVELS[entry.severity]
    text = entry.message if entry.line is not None or not entry.path else None
    result["message"] = {"text": text or f"{entry.path}: {entry.message}"}
    location: dict[str, Any] = {}
    if entry.source is not None:
        physical: dict[str, Any] = {"artifactLocation": _artifact(entry.source)}
        if entry.line is not None:
            region = {"startLine": entry.line}
            if entry.column is not None:
                region["startColumn"] = entry.column
            physical["region"] = region
        location["physicalLocation"] = physical
    if entry.path:
        location["logicalLocations"] = [{"fullyQualifiedName": entry.path, "kind": "member"}]
    result["locations"] = [location] if location else []
    properties: dict[str, Any] = {"severity": entry.severity.value}
    if entry.subject:
        properties["subject"] = entry.subject
    if entry.evidence:
        properties["evidence"] = entry.evidence
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
    for entry in _entries(items, summary.lang):
        properties = []
        if entry.source is not None:
            properties.append(f"file={_escape_property(entry.source)}")
        if entry.line is not None:
            properties.append(f"line={entry.line}")
            properties.append(f"col={entry.column or 1}")
        properties.append(f"title={_escape_property(entry.code)}")
        message = entry.message
        if entry.line is None and entry.path:
            message = f"{entry.path}: {message}"
        command = _GITHUB_COMMANDS[entry.severity]
        lines.append(f"::{command} {','.join(properties)}::{_escape_data(message)}\n")
    return "".join(lines)


def format_statistics(
    items: Sequence[Item], names: dict[str, str], *, as_json: bool = False, lang: str = "en"
) -> str:
    """Render the number of findings per code, most frequent first.

    ``names`` maps codes to rule names. As text, one line per code: count, code,
    severity and name; as JSON, a list of ``{"code", "name", "severity", "count"}``.
    """
    entries = _entries(items)
    counts = Counter(entry.code for entry in entries)
    severities = {entry.code: entry.severity.value for entry in entries}
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
