"""The command ``velfaerd status``: what is overdue, coming up and held on a day.

A report, not a check: exit 0 whatever it says, 1 when a file does not load (its
problems are printed), 2 on misuse (no ``--as-of``, an unreadable ``--within``, an
unknown ``--agreement``, an ``-o`` that names an input).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from velfaerd.cli._common import CHOSEN, UsageError, parse_as_of, read_config
from velfaerd.cli._pictures import load_inputs, set_language, write_output
from velfaerd.i18n import LANGUAGES, Text, text

__all__ = ["OUTPUT_FORMATS", "add_command"]

#: What ``--output-format`` may be.
OUTPUT_FORMATS = ("text", "json", "markdown", "html")


def _h(key: str) -> str:
    """The help text ``cli.help.<key>`` in the command line's language."""
    return text(f"cli.help.{key}", CHOSEN.get())


def add_command(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``velfaerd status`` to the parser's subcommands."""
    parser = commands.add_parser(
        "status",
        help=_h("status"),
        description=_h("status-description"),
        epilog=_h("status-exit-codes"),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help=_h("paths"))
    parser.add_argument("--as-of", metavar="DATE", required=True, help=_h("status-as-of"))
    parser.add_argument("--within", metavar="PERIOD", default="60d", help=_h("status-within"))
    parser.add_argument("--agreement", metavar="ID", help=_h("agreement"))
    parser.add_argument(
        "--output-format", choices=OUTPUT_FORMATS, default="text", help=_h("status-output-format")
    )
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help=_h("graph-output"))
    parser.add_argument(
        "--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=_h("pictures-lang")
    )
    parser.add_argument("--traceback", action="store_true", help=_h("traceback"))
    parser.set_defaults(handler=_status)


def _status(args: argparse.Namespace) -> int:
    import json  # noqa: PLC0415

    import attrs  # noqa: PLC0415

    from velfaerd.errors import DateFormatError  # noqa: PLC0415
    from velfaerd.followup import parse_within, status  # noqa: PLC0415

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
