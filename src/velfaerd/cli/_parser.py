"""The command line's arguments: one parser, its errors one line (:class:`UsageError`)."""

from __future__ import annotations

import argparse
import contextlib
import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from velfaerd.__about__ import __version__
from velfaerd.cli import _check, _commands, _diff, _serve
from velfaerd.cli._common import CHOSEN, PROG, UsageError
from velfaerd.cli._formats import FORMATS
from velfaerd.cli._pictures import add_commands as add_picture_commands
from velfaerd.cli._status import add_command as add_status_command
from velfaerd.format._files import DEFAULT_MAX_FILE_SIZE
from velfaerd.i18n import DEFAULT_LANGUAGE, LANGUAGES, Text, text

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["argparse_language", "build_parser"]


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, raised as :class:`UsageError`."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(Text("cli.see-help", {"message": message, "prog": self.prog}))


def _h(key: str, **values: object) -> str:
    """The help text ``cli.help.<key>`` in the command line's language."""
    return text(f"cli.help.{key}", CHOSEN.get(), **values)


def _add_lang(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    # Given before or after the command; the command's does not hide the program's.
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None if top else argparse.SUPPRESS,
        help=_h("lang"),
    )


def _add_traceback(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--traceback", action="store_true", help=_h("traceback"))


def build_parser() -> _Parser:
    """The parser of ``velfaerd`` and its commands, each with its handler.

    Its help is in the command line's language (:data:`CHOSEN`); so are argparse's
    own words while :func:`argparse_language` is in force. It is built once for each
    language and kept: parsing leaves a parser as it was, and building one is most of
    what a run found in the cache costs (1.3 ms: argparse looks each of its words up
    through :mod:`gettext` on the file system).
    """
    return _built(CHOSEN.get())


@functools.cache
def _built(lang: str) -> _Parser:  # noqa: ARG001 - the key: the texts are in ``lang``
    parser = _Parser(prog=PROG, description=_h("program"), epilog=_h("exit-codes"))
    parser.add_argument(
        "--version", action="version", version=f"{PROG} {__version__}", help=_h("version")
    )
    _add_traceback(parser)
    _add_lang(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    checker = commands.add_parser(
        "check",
        help=_h("check"),
        description=_h("check-description"),
        epilog=_h("exit-codes"),
    )
    checker.add_argument("paths", nargs="+", metavar="PATH", help=_h("paths"))
    checker.add_argument(
        "--output-format", choices=FORMATS, default="text", help=_h("output-format")
    )
    checker.add_argument("--output-file", type=Path, metavar="FILE", help=_h("output-file"))
    checker.add_argument("--statistics", action="store_true", help=_h("statistics"))
    checker.add_argument("--select", metavar="CODES", help=_h("select"))
    checker.add_argument("--ignore", metavar="CODES", help=_h("ignore"))
    checker.add_argument("--extend-select", metavar="CODES", help=_h("extend-select"))
    checker.add_argument("--as-of", metavar="DATE", help=_h("as-of"))
    checker.add_argument("--config", type=Path, metavar="FILE", help=_h("config"))
    checker.add_argument(
        "--max-file-size",
        type=int,
        metavar="BYTES",
        help=_h("max-file-size", size=DEFAULT_MAX_FILE_SIZE),
    )
    checker.add_argument("--jobs", "-j", type=int, metavar="N", help=_h("jobs"))
    checker.add_argument("--exit-zero", action="store_true", help=_h("exit-zero"))
    checker.add_argument("--warnings-as-errors", action="store_true", help=_h("warnings-as-errors"))
    checker.add_argument("--baseline", type=Path, metavar="FILE", help=_h("baseline"))
    checker.add_argument("--write-baseline", type=Path, metavar="FILE", help=_h("write-baseline"))
    loudness = checker.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help=_h("quiet"))
    loudness.add_argument("-v", "--verbose", action="store_true", help=_h("verbose"))
    checker.add_argument("--no-plugins", action="store_true", help=_h("no-plugins"))
    checker.add_argument("--no-cache", action="store_true", help=_h("no-cache"))
    checker.add_argument("--cache-dir", type=Path, metavar="DIR", help=_h("cache-dir"))
    _add_traceback(checker)
    _add_lang(checker)
    checker.set_defaults(handler=_check.run)

    lister = commands.add_parser("rules", help=_h("rules"), description=_h("rules-description"))
    lister.add_argument(
        "--output-format",
        choices=("text", "json"),
        default="text",
        help=_h("rules-output-format"),
    )
    lister.add_argument("--no-plugins", action="store_true", help=_h("rules-no-plugins"))
    _add_traceback(lister)
    _add_lang(lister)
    lister.set_defaults(handler=_commands.rules)

    explainer = commands.add_parser(
        "explain", help=_h("explain"), description=_h("explain-description")
    )
    explainer.add_argument("code", metavar="RULE", help=_h("explain-code"))
    _add_traceback(explainer)
    _add_lang(explainer)
    explainer.set_defaults(handler=_commands.explain)
    add_picture_commands(commands)
    add_status_command(commands)
    _add_lang(_diff.add_command(commands))

    schemer = commands.add_parser("schema", help=_h("schema"), description=_h("schema-description"))
    schemer.add_argument("-o", "--output", metavar="FILE", type=Path, help=_h("schema-output"))
    _add_traceback(schemer)
    schemer.add_argument("--lang", choices=LANGUAGES, default=None, help=_h("schema-lang"))
    schemer.set_defaults(handler=_commands.schema)
    _serve.add_command(commands)
    return parser


#: argparse's own messages, as it writes them in English, and their catalogue keys.
_ARGPARSE_KEYS = {
    "usage: ": "usage",
    "positional arguments": "positionals",
    "options": "options",
    "optional arguments": "optional-arguments",  # Python 3.10's heading
    "show this help message and exit": "help",
    "unrecognized arguments: %s": "unrecognized",
    "the following arguments are required: %s": "required",
    "invalid choice: %(value)r (choose from %(choices)s)": "invalid-choice",
    "argument %(argument_name)s: %(message)s": "argument",
    "expected one argument": "expected-one",
    "expected at least one argument": "expected-at-least-one",
    "expected at most one argument": "expected-at-most-one",
    "invalid %(type)s value: %(value)r": "invalid-value",
    "not allowed with argument %s": "not-allowed",
    "one of the arguments %s is required": "one-required",
    "ambiguous option: %(option)s could match %(matches)s": "ambiguous",
    "ignored explicit argument %r": "ignored-explicit",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "unknown-parser",
    "expected %s argument": "expected-n-one",
    "expected %s arguments": "expected-n-other",
}


@contextlib.contextmanager
def argparse_language(lang: str) -> Iterator[None]:
    """The words of argparse itself (``usage:``, its errors) in ``lang``, for this block.

    argparse looks its words up through :mod:`gettext` in its module's globals at the
    moment it writes them, and velfaerd installs no catalogue for the whole process:
    so the two names are replaced for this block only, and put back after it.
    """
    if lang == DEFAULT_LANGUAGE:
        yield
        return

    def gettext(message: str) -> str:
        key = _ARGPARSE_KEYS.get(message)
        return message if key is None else text(f"argparse.{key}", lang)

    def ngettext(singular: str, plural: str, count: int) -> str:
        return gettext(singular if count == 1 else plural)

    module: Any = argparse
    saved = module._, module.ngettext
    module._, module.ngettext = gettext, ngettext
    try:
        yield
    finally:
        module._, module.ngettext = saved
