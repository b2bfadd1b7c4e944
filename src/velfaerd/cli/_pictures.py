"""The commands ``velfaerd graph``, ``velfaerd timeline`` and ``velfaerd calendar``.

:func:`add_commands` defines their arguments (argparse only, so that ``velfaerd check``
pays nothing for them); each handler imports what it draws with when it runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from velfaerd.cli._common import (
    CHOSEN,
    UsageError,
    fail,
    output_language,
    parse_as_of,
    read_config,
    refuse_input_as_output,
)
from velfaerd.i18n import LANGUAGES, text

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from velfaerd.model import Portfolio
    from velfaerd.report import Report

__all__ = ["add_commands", "load_inputs", "set_language", "write_output"]


def _h(key: str) -> str:
    """The help text ``cli.help.<key>`` in the command line's language."""
    return text(f"cli.help.{key}", CHOSEN.get())


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help=_h("paths"))
    parser.add_argument("--agreement", metavar="ID", help=_h("agreement"))
    parser.add_argument("--traceback", action="store_true", help=_h("traceback"))
    # Given before or after the command: the command's does not hide the program's.
    parser.add_argument(
        "--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=_h("pictures-lang")
    )


def add_commands(commands: argparse._SubParsersAction[Any]) -> None:
    """Add the three commands to the ``velfaerd`` parser's subcommands."""
    graph = commands.add_parser("graph", help=_h("graph"), description=_h("graph-description"))
    _common(graph)
    graph.add_argument(
        "--format", choices=("mermaid", "dot"), default="mermaid", help=_h("graph-format")
    )
    graph.add_argument("-o", "--output", type=Path, metavar="FILE", help=_h("graph-output"))
    graph.set_defaults(handler=_graph)
    _file_command(commands, "timeline").set_defaults(handler=_timeline)
    _file_command(commands, "calendar").set_defaults(handler=_calendar)


def _file_command(commands: argparse._SubParsersAction[Any], name: str) -> argparse.ArgumentParser:
    """A command that writes one file, dated ``--as-of``, in a language (``--lang``)."""
    parser: argparse.ArgumentParser = commands.add_parser(
        name, help=_h(name), description=_h(f"{name}-description")
    )
    _common(parser)
    parser.add_argument(
        "-o", "--output", type=Path, metavar="FILE", required=True, help=_h(f"{name}-output")
    )
    parser.add_argument("--as-of", metavar="DATE", help=_h(f"{name}-as-of"))
    return parser


def _load(args: argparse.Namespace) -> Portfolio | None:
    """Load the paths; on load problems, print them and return ``None``.

    :raises UsageError: when a path does not exist, or when ``-o`` names a file the
        command reads (an input, or the configuration): it would be overwritten.
    """
    from velfaerd.config import find_config  # noqa: PLC0415
    from velfaerd.errors import LoadError  # noqa: PLC0415
    from velfaerd.format._files import find  # noqa: PLC0415
    from velfaerd.format._loading import load  # noqa: PLC0415
    from velfaerd.i18n import Text  # noqa: PLC0415
    from velfaerd.pictures._text import text  # noqa: PLC0415

    paths = [Path(raw) for raw in args.paths]
    for raw, path in zip(args.paths, paths, strict=True):
        if not raw:
            raise UsageError(Text("problem.empty-path"))
        if not path.exists():
            raise UsageError(Text("cli.no-such-path", {"path": raw}))
    config = find_config(Path.cwd())
    refuse_input_as_output(
        find(paths), args.output, option="-o/--output", also=() if config is None else (config,)
    )
    try:
        return load(paths)
    except LoadError as error:
        for problem in error.problems:
            sys.stderr.write(f"{problem}\n")
        lang = CHOSEN.get()
        fail(text(lang, "cli.load_failed", count=len(error.problems)), lang)
        return None


#: For ``velfaerd status``: load the paths as the pictures do (``-o`` is ``args.output``).
load_inputs = _load


def _report(portfolio: Portfolio, as_of: dt.date | None) -> Report:
    from velfaerd.rules._engine import check  # noqa: PLC0415

    config, _ = read_config(None)
    return check(portfolio, config, as_of=as_of)


def _write(output: Path | None, data: bytes) -> None:
    from velfaerd.i18n import Text  # noqa: PLC0415

    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as error:
        said = Text("cli.cannot-write", {"file": str(output), "reason": error.strerror or error})
        raise UsageError(said) from None


def _unknown(error: Exception) -> Exception:

    return UsageError(f"--agreement: {error}")


def _graph(args: argparse.Namespace) -> int:
    from velfaerd import pictures  # noqa: PLC0415

    lang = _language(args)
    draw = pictures.mermaid if args.format == "mermaid" else pictures.dot
    return _draw(
        args,
        lambda portfolio: draw(
            portfolio, _report(portfolio, None), agreement=args.agreement, lang=lang
        ).encode("utf-8"),
    )


def _draw(args: argparse.Namespace, make: Callable[[Portfolio], bytes]) -> int:
    """Load the paths, make a picture of them, and write it: what each command does.

    Exit 1 when a file does not load (its problems are printed); an unknown
    ``--agreement`` is a usage error.
    """
    from velfaerd import pictures  # noqa: PLC0415

    portfolio = _load(args)
    if portfolio is None:
        return 1
    try:
        data = make(portfolio)
    except pictures.UnknownAgreementError as error:
        raise _unknown(error) from None
    _write(args.output, data)
    return 0


def _language(args: argparse.Namespace) -> str:
    """``--lang``, else the configuration's ``lang``, else the environment's, as ``check``.

    Every message from here on (a refused ``-o``, a load problem) is in that language.
    """
    from velfaerd.config import find_config  # noqa: PLC0415

    lang = output_language(args, find_config(Path.cwd()))
    CHOSEN.set(lang)
    return lang


def _timeline(args: argparse.Namespace) -> int:
    from velfaerd import pictures  # noqa: PLC0415

    lang = _language(args)
    as_of = parse_as_of(args.as_of)
    return _draw(
        args,
        lambda portfolio: pictures.timeline(
            portfolio,
            _report(portfolio, as_of),
            as_of=as_of,
            lang=lang,
            agreement=args.agreement,
        ).encode("utf-8"),
    )


#: For ``velfaerd status``: the language chosen, as the pictures choose it.
set_language = _language
#: For ``velfaerd status``: write to ``-o``, else standard output.
write_output = _write


def _calendar(args: argparse.Namespace) -> int:
    from velfaerd import pictures  # noqa: PLC0415

    lang = _language(args)
    as_of = parse_as_of(args.as_of)
    return _draw(
        args,
        lambda portfolio: pictures.calendar(
            portfolio, agreement=args.agreement, as_of=as_of, lang=lang
        ),
    )
