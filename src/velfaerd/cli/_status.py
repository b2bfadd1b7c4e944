"""The command ``velfaerd status``: what is overdue, coming up and held on a day.

A report, not a check: exit 0 whatever it says, 1 when a file does not load (its
problems are printed), 2 on misuse (no ``--as-of``, an unreadable ``--within``, an
unknown ``--agreement``, an ``-o`` that names an input).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from velfaerd.cli._common import UsageError, parse_as_of, read_config
from velfaerd.cli._pictures import load_inputs, set_language, write_output
from velfaerd.i18n import LANGUAGES, Text

if TYPE_CHECKING:
    import argparse

__all__ = ["OUTPUT_FORMATS", "add_command"]

#: What ``--output-format`` may be.
OUTPUT_FORMATS = ("text", "json", "markdown", "html")


def add_command(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``velfaerd status`` to the parser's subcommands."""
    parser = commands.add_parser(
        "status",
        help="say what is overdue, coming up and held on a day, per agreement",
        description=(
            "Per agreement: overdue milestones, what comes up within the window, what was "
            "recently held, reviews without a record, each indicator's latest value against "
            "its next target, and the findings that need the date. A report: exit 0."
        ),
        epilog="Exit codes: 0 a report, 1 a file could not be loaded, 2 misuse.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files and directories")
    parser.add_argument(
        "--as-of", metavar="DATE", required=True, help="the day, as YYYY-MM-DD or 'today'"
    )
    parser.add_argument(
        "--within",
        metavar="PERIOD",
        default="60d",
        help="how far ahead and back to look: 60d, 8w, 2m, 1y (default: 60d)",
    )
    parser.add_argument("--agreement", metavar="ID", help="only the agreement with this id")
    parser.add_argument(
        "--output-format", choices=OUTPUT_FORMATS, default="text", help="default: text"
    )
    parser.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE (default: stdout)"
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="da or en (default: the configuration's lang, then VELFAERD_LANG, then the locale)",
    )
    parser.add_argument(
        "--traceback", action="store_true", help="show the traceback of an internal error"
    )
    parser.set_defaults(handler=_status)


def _status(args: argparse.Namespace) -> int:
    import json  # noqa: PLC0415

    import attrs  # noqa: PLC0415

    from velfaerd.errors import DateFormatError  # noqa: PLC0415
    from velfaerd.status import parse_within, status  # noqa: PLC0415

    lang = set_language(args)
    as_of = parse_as_of(args.as_of)
    if as_of is None:  # pragma: no cover - argparse requires it
        raise UsageError(Text("cli.as-of-invalid", {"value": ""}))
    try:
        within = parse_within(args.within)
    except DateFormatError:
        raise UsageError(Text("cli.within-invalid", {"value": args.within})) from None
    portfolio = load_inputs(args)
    if portfolio is None:
        return 1
    config, _ = read_config(None)
    config = attrs.evolve(config, lang=lang)
    try:
        report = status(
            portfolio, as_of=as_of, within=within, agreement=args.agreement, config=config
        )
    except KeyError:
        known = ", ".join(a.id for a in portfolio.agreements)
        said = Text("cli.unknown-agreement", {"agreement": args.agreement, "known": known})
        raise UsageError(said) from None
    if args.output_format == "json":
        out = json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    elif args.output_format == "markdown":
        out = report.to_markdown(lang)
    elif args.output_format == "html":
        from velfaerd.pictures._status import status_page  # noqa: PLC0415

        out = status_page(report, lang)
    else:
        out = report.to_text(lang)
    write_output(args.output, out.encode("utf-8"))
    return 0
