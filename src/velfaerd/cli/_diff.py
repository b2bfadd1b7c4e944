"""``velfaerd diff``: what a revision changed and what it broke, for a reviewer.

Two files or directories (``velfaerd diff OLD NEW``), or a git revision against the
work tree (``velfaerd diff --git REV [PATH…]``) or two revisions (``--git A..B``), read
with git itself (:mod:`velfaerd.cli._git`). Both sides are loaded and checked;
:func:`velfaerd.diff` compares them. The output is ``text`` (grouped by agreement),
``json`` (:meth:`velfaerd.Diff.to_dict`) or ``markdown`` (a summary line, then tables:
a pull-request comment). Exit 1 when the revision introduces an error, else 0; 2 on
misuse (a revision or path that does not exist, ``--git`` outside a repository).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from velfaerd.cli._common import (
    CHOSEN,
    EXIT_FAILURE,
    EXIT_OK,
    UsageError,
    emit,
    found_config,
    output_language,
    parse_as_of,
    read_config,
)
from velfaerd.cli._formats import location, printable
from velfaerd.i18n import Text, count, lookup, text

if TYPE_CHECKING:
    import argparse

    from velfaerd.errors import LoadError
    from velfaerd.model import Portfolio
    from velfaerd.report import Finding
    from velfaerd.revisions import Change, Diff, Loader

__all__ = ["FORMATS", "add_command", "format_markdown", "format_text", "run"]

FORMATS = ("text", "json", "markdown")

_WHITESPACE = re.compile(r"\s+")
#: The longest value shown in text and markdown (json has them whole).
_SHOWN = 120


def _h(key: str) -> str:
    """The help text ``cli.help.<key>`` in the command line's language."""
    return text(f"cli.help.{key}", CHOSEN.get())


def add_command(commands: Any) -> argparse.ArgumentParser:  # noqa: ANN401 - argparse's subparsers
    """Add ``velfaerd diff`` to the parser's commands; its parser (for ``--lang``)."""
    differ = commands.add_parser(
        "diff",
        help=_h("diff"),
        description=_h("diff-description"),
        epilog=_h("diff-exit-codes"),
    )
    differ.add_argument("paths", nargs="*", metavar="PATH", help=_h("diff-paths"))
    differ.add_argument("--git", metavar="REV", help=_h("diff-git"))
    differ.add_argument(
        "--output-format", choices=FORMATS, default="text", help=_h("diff-output-format")
    )
    differ.add_argument("--output-file", type=Path, metavar="FILE", help=_h("output-file"))
    differ.add_argument("--as-of", metavar="DATE", help=_h("as-of"))
    differ.add_argument("--config", type=Path, metavar="FILE", help=_h("config"))
    differ.add_argument("--traceback", action="store_true", help=_h("traceback"))
    differ.set_defaults(handler=run)
    return differ  # type: ignore[no-any-return]


def run(args: argparse.Namespace) -> int:
    """``velfaerd diff``: load and check both sides, compare, write the output."""
    config_file = args.config or found_config()
    CHOSEN.set(output_language(args, config_file))
    as_of = parse_as_of(args.as_of)
    config, _ = read_config(args.config)
    config = config.merge(lang=output_language(args, config_file))
    lang = config.lang
    CHOSEN.set(lang)
    old, new, loader = _sides(args)
    from velfaerd.revisions import compare  # noqa: PLC0415 - the loader and rules, only here
    from velfaerd.rules._engine import check  # noqa: PLC0415

    old_report = check(old[0], config, as_of, left_out=old[1])
    new_report = check(new[0], config, as_of, left_out=new[1])
    result = compare(old[0], new[0], old_report, new_report, alike=loader.alike)
    if args.output_format == "json":
        written = json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
    elif args.output_format == "markdown":
        written = format_markdown(result, lang)
    else:
        written = format_text(result, lang)
    emit(written, args.output_file)
    return EXIT_FAILURE if result.introduces_error else EXIT_OK


_Loaded = tuple["Portfolio", "LoadError | None"]


def _sides(args: argparse.Namespace) -> tuple[_Loaded, _Loaded, Loader]:
    """The two sides, loaded (what they share once): from the paths, or from git.

    And the loader, which knows which objects of one side are copies of the other's.
    """
    from velfaerd.revisions import Loader  # noqa: PLC0415 - only when loading

    loader = Loader()
    if args.git is None:
        if len(args.paths) != 2:  # noqa: PLR2004 - OLD and NEW
            raise UsageError(Text("diff.two-paths", {"count": len(args.paths)}))
        for raw in args.paths:
            if not raw or not Path(raw).exists():
                raise UsageError(Text("cli.no-such-path", {"path": raw}))
        return loader.load_paths(args.paths[0]), loader.load_paths(args.paths[1]), loader
    from velfaerd.cli import _git  # noqa: PLC0415 - only with --git

    old_revision, new_revision = _git.split_range(args.git)
    _git.toplevel()  # one line outside a repository
    paths = list(args.paths) or ["."]
    old = _from_git(_git.read_revision(old_revision, paths), loader)
    if new_revision is not None:
        return old, _from_git(_git.read_revision(new_revision, paths), loader), loader
    for raw in paths:
        if not Path(raw).exists():
            raise UsageError(Text("cli.no-such-path", {"path": raw}))
    return old, loader.load_paths(paths), loader


def _from_git(revision: tuple[list[tuple[str, bytes]], list[Any]], loader: Loader) -> _Loaded:
    from velfaerd.errors import LoadError  # noqa: PLC0415 - only when loading

    files, problems = revision
    portfolio, error = loader.load_data(files)
    if problems:  # links and files too large: load problems of this side, as a walk's are
        if error is None:
            error = LoadError(problems, files=len(files) + len(problems))
        else:
            error = LoadError(
                (*problems, *error.problems),
                defined=error.defined,
                unreadable=(*error.unreadable, *(p.source for p in problems)),
                files=error.files + len(problems),
            )
    return portfolio, error


# Rendering ----------------------------------------------------------------------------


def _kind(kind: str, lang: str) -> str:
    """The name of a kind of object in ``lang``; a class the catalogue lacks by its own name."""
    named = lookup(f"diff.kind.{kind}", lang)
    return named if isinstance(named, str) else kind.replace("_", " ")


def _value(value: object, lang: str) -> str:
    """A value on one line, shortened: text as it is, lists joined, nothing as a dash."""
    if value is None or value in ([], ""):
        return text("diff.nothing", lang)
    if isinstance(value, bool):
        return text("diff.yes" if value else "diff.no", lang)
    if isinstance(value, list):
        shown = ", ".join(_value(item, lang) for item in value)
    elif isinstance(value, dict):
        shown = json.dumps(value, ensure_ascii=False)
    else:
        shown = str(value)
    shown = printable(_WHITESPACE.sub(" ", shown).strip())
    return shown if len(shown) <= _SHOWN else shown[: _SHOWN - 1] + "…"


def _groups(result: Diff) -> dict[str | None, list[Change]]:
    """The changes by agreement (``None``: outside agreements, last), in their order."""
    groups: dict[str | None, list[Change]] = defaultdict(list)
    for change in result.changes:
        groups[change.agreement].append(change)
    if None in groups:
        groups[None] = groups.pop(None)  # last
    return groups


def _describe(change: Change, lang: str) -> str:
    what = f"{_kind(change.kind, lang)} {printable(change.id)!r}" if change.id else ""
    if change.change == "changed":
        values = {
            "what": what or text("diff.the-portfolio", lang),
            "key": change.key,
            "old": _value(change.old, lang),
            "new": _value(change.new, lang),
        }
        return text("diff.changed", lang, **values)
    label = change.new if change.change == "added" else change.old
    titled = f" ({_value(label, lang)})" if label else ""
    return text(f"diff.{change.change}", lang, what=what, title=titled)


def _summary(result: Diff, lang: str) -> str:
    agreements = {c.agreement for c in result.changes if c.agreement is not None}
    errors = sum(1 for f in result.introduced if f.severity.value == "error")
    changes = (
        text(
            "diff.summary-changes",
            lang,
            changes=count("change", len(result.changes), lang),
            added=result.count("added"),
            removed=result.count("removed"),
            changed=result.count("changed"),
            agreements=count("agreement", len(agreements), lang),
        )
        if result.changes
        else text("diff.summary-no-changes", lang)
    )
    findings = text(
        "diff.summary-findings",
        lang,
        introduced=count("finding", len(result.introduced), lang),
        errors=count("error", errors, lang),
        resolved=len(result.resolved),
    )
    return f"{changes}; {findings}"


def _finding_line(finding: Finding, lang: str) -> str:
    severity = text("severity." + finding.severity.value, lang)
    message = printable(_WHITESPACE.sub(" ", finding.message).strip())
    return f"{location(finding)}: {finding.code} [{severity}] {message}"


def format_text(result: Diff, lang: str = "en") -> str:
    """The diff as text: the changes grouped by agreement, the findings, a summary line."""
    blocks: list[str] = []
    for agreement, changes in _groups(result).items():
        head = (
            text("diff.agreement", lang, agreement=printable(agreement))
            if agreement is not None
            else text("diff.outside", lang)
        )
        marks = {"added": "+", "removed": "-", "changed": "~"}
        lines = [f"  {marks[c.change]} {_describe(c, lang)}" for c in changes]
        blocks.append("\n".join([head, *lines]))
    for title, findings in (
        ("diff.introduced", result.introduced),
        ("diff.resolved", result.resolved),
    ):
        if findings:
            lines = [f"  {_finding_line(f, lang)}" for f in findings]
            blocks.append("\n".join([text(title, lang), *lines]))
    blocks.append(_summary(result, lang))
    return "\n\n".join(blocks) + "\n"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def _cell(value: str) -> str:
    """Text safe in a markdown table cell: no markup, HTML or line break of the input's."""
    flat = _WHITESPACE.sub(" ", value).strip()
    return _MARKDOWN_SPECIAL.sub(lambda m: "\\" + m[1], flat) if flat else " "


def format_markdown(result: Diff, lang: str = "en") -> str:
    """The diff as markdown for a pull-request comment: a summary line, then tables.

    Every text from the documents is escaped: a document cannot write markup, links,
    images or HTML into the comment.
    """
    mark = "❌" if result.introduces_error else "✅"
    out = [f"{mark} **velfaerd diff**: {_cell(_summary(result, lang))}"]
    header = [
        text("diff.column-change", lang),
        text("diff.column-what", lang),
        text("diff.column-key", lang),
        text("diff.column-old", lang),
        text("diff.column-new", lang),
    ]
    for agreement, changes in _groups(result).items():
        head = (
            text("diff.agreement", lang, agreement=agreement)
            if agreement is not None
            else text("diff.outside", lang)
        )
        out += ["", f"#### {_cell(head.rstrip(':'))}", "", _row(header), _row(["---"] * 5)]
        for change in changes:
            what = f"{_kind(change.kind, lang)} {change.id}".strip()
            if change.change == "changed":
                before, after = _value(change.old, lang), _value(change.new, lang)
            elif change.change == "added":
                before, after = "", _value(change.new, lang) if change.new else ""
            else:
                before, after = _value(change.old, lang) if change.old else "", ""
            cells = [change.key or "", before, after]
            out.append(
                _row([text(f"diff.word-{change.change}", lang), _cell(what), *map(_cell, cells)])
            )
    columns = [
        text("diff.column-code", lang),
        text("diff.column-severity", lang),
        text("diff.column-where", lang),
        text("diff.column-message", lang),
    ]
    for title, findings in (
        ("diff.introduced", result.introduced),
        ("diff.resolved", result.resolved),
    ):
        if not findings:
            continue
        out += ["", f"#### {_cell(text(title, lang).rstrip(':'))}", "", _row(columns)]
        out.append(_row(["---"] * 4))
        out.extend(
            _row(
                [
                    f"`{f.code}`",
                    text("severity." + f.severity.value, lang),
                    _cell(location(f)),
                    _cell(f.message),
                ]
            )
            for f in findings
        )
    return "\n".join(out) + "\n"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
