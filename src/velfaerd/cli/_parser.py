"""The command line's arguments: one parser, its errors one line (:class:`UsageError`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NoReturn

from velfaerd.__about__ import __version__
from velfaerd.cli import _check, _commands, _serve
from velfaerd.cli._common import PROG, UsageError
from velfaerd.cli._formats import FORMATS
from velfaerd.cli._pictures import add_commands as add_picture_commands
from velfaerd.format._files import DEFAULT_MAX_FILE_SIZE
from velfaerd.i18n import LANGUAGES, Text

__all__ = ["build_parser"]


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, raised as :class:`UsageError`."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(Text("cli.see-help", {"message": message, "prog": self.prog}))


def _add_lang(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    # Given before or after the command; the command's does not hide the program's.
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None if top else argparse.SUPPRESS,
        help="the language of the output: da or en (default: VELFAERD_LANG, then the locale)",
    )


def build_parser() -> _Parser:
    """The parser of ``velfaerd`` and its commands, each with its handler."""
    parser = _Parser(
        prog=PROG,
        description=(
            "Check the agreements Danish municipalities make in their welfare areas: "
            "load TOML agreement files and report what the rules find."
        ),
        epilog="Exit codes: 0 clean, 1 error findings or load problems, 2 misuse.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument(
        "--traceback", action="store_true", help="show the traceback of an internal error"
    )
    _add_lang(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    checker = commands.add_parser(
        "check",
        help="check agreement files and directories",
        description=(
            "Load TOML files (and every *.toml below directories) and check them. "
            "Configuration is read from velfaerd.toml or [tool.velfaerd] in pyproject.toml "
            "in the current directory or its nearest parent; flags win."
        ),
        epilog="Exit codes: 0 clean, 1 error findings or load problems, 2 misuse.",
    )
    checker.add_argument("paths", nargs="+", metavar="PATH", help="files and directories")
    checker.add_argument(
        "--output-format",
        choices=FORMATS,
        default="text",
        help="how to print the findings (default: text)",
    )
    checker.add_argument(
        "--output-file", type=Path, metavar="FILE", help="write the output to FILE"
    )
    checker.add_argument(
        "--statistics",
        action="store_true",
        help="print the number of findings per code instead of the findings",
    )
    checker.add_argument(
        "--select", metavar="CODES", help="comma-separated rule codes or prefixes to check"
    )
    checker.add_argument(
        "--ignore", metavar="CODES", help="comma-separated rule codes or prefixes to skip"
    )
    checker.add_argument(
        "--extend-select",
        metavar="CODES",
        help="comma-separated rule codes or prefixes to check besides the selection",
    )
    checker.add_argument(
        "--as-of",
        metavar="DATE",
        help="the day 'now' means, as YYYY-MM-DD or 'today' (rules such as MIL005 need it)",
    )
    checker.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="read configuration from FILE (velfaerd.toml or pyproject.toml)",
    )
    checker.add_argument(
        "--max-file-size",
        type=int,
        metavar="BYTES",
        help=f"refuse files larger than BYTES (default: {DEFAULT_MAX_FILE_SIZE}, 64 MiB)",
    )
    checker.add_argument(
        "--jobs",
        "-j",
        type=int,
        metavar="N",
        help="parse files in N processes when there is much to parse, at most one per "
        "CPU this process may use (default: that many; 1: in this process only)",
    )
    checker.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when a finding is an error"
    )
    checker.add_argument(
        "--warnings-as-errors",
        action="store_true",
        help="exit 1 when a finding is a warning, too",
    )
    loudness = checker.add_mutually_exclusive_group()
    loudness.add_argument(
        "-q", "--quiet", action="store_true", help="print the findings and nothing else"
    )
    loudness.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="say on stderr which configuration, files and rules were used",
    )
    checker.add_argument(
        "--no-plugins", action="store_true", help="do not load rules from other packages"
    )
    checker.add_argument(
        "--no-cache",
        action="store_true",
        help="load and check every file afresh; read and write no cache",
    )
    checker.add_argument(
        "--cache-dir",
        type=Path,
        metavar="DIR",
        help="keep each file's loaded data and the latest runs' results in DIR (default: "
        "$VELFAERD_CACHE_DIR, else .velfaerd_cache)",
    )
    checker.add_argument(
        "--traceback", action="store_true", help="show the traceback of an internal error"
    )
    _add_lang(checker)
    checker.set_defaults(handler=_check.run)

    lister = commands.add_parser(
        "rules",
        help="list the rules by family",
        description="List every registered rule, by family.",
    )
    lister.add_argument(
        "--output-format", choices=("text", "json"), default="text", help="default: text"
    )
    lister.add_argument(
        "--no-plugins", action="store_true", help="leave out rules of other packages"
    )
    lister.add_argument(
        "--traceback", action="store_true", help="show the traceback of an internal error"
    )
    _add_lang(lister)
    lister.set_defaults(handler=_commands.rules)

    explainer = commands.add_parser(
        "explain",
        help="explain a rule, with a failing and a fixed example",
        description="Explain what a rule checks, why, and how to fix what it finds.",
    )
    explainer.add_argument(
        "code",
        metavar="RULE",
        help="a rule code or name, such as REV001 or annual-review-scheduled",
    )
    explainer.add_argument(
        "--traceback", action="store_true", help="show the traceback of an internal error"
    )
    _add_lang(explainer)
    explainer.set_defaults(handler=_commands.explain)
    add_picture_commands(commands)

    schemer = commands.add_parser(
        "schema",
        help="print the JSON Schema of the TOML format, for editors",
        description=(
            "Print the JSON Schema (draft 2020-12) of velfaerd's TOML format, for "
            "editors such as VS Code with Even Better TOML (Taplo)."
        ),
    )
    schemer.add_argument(
        "-o", "--output", metavar="FILE", type=Path, help="write it to FILE instead of stdout"
    )
    schemer.add_argument(
        "--traceback", action="store_true", help="show the traceback of an internal error"
    )
    schemer.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="the language of the descriptions: da or en (default: both, as shipped)",
    )
    schemer.set_defaults(handler=_commands.schema)
    _serve.add_command(commands)
    return parser
