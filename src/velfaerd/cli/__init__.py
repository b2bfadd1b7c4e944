"""The command line: ``velfaerd check``, ``rules``, ``explain``, and the pictures.

Exit codes:

- ``0``: no finding is an error (or ``--exit-zero`` was given);
- ``1``: a finding is an error, or a file could not be loaded (``--warnings-as-errors``
  makes warnings count too);
- ``2``: velfaerd was misused (an unknown option, rule code or prefix, a bad
  configuration or ``--as-of`` date, a path that does not exist) or failed
  unexpectedly. A one-line message on stderr says why; never a traceback, unless
  ``--traceback`` asks for it.

The language (``--lang da|en``) is the flag's, else ``lang`` in the configuration
(``check``), else ``VELFAERD_LANG``, else the locale (``LC_ALL``, ``LC_MESSAGES``,
``LANG`` beginning with ``da``), else English.

The commands live in private modules: ``_parser`` (the arguments), ``_check`` (the
check, through the caches ``_runcache``, ``_filecache``, ``_store`` and the pool
``_pool``), ``_commands`` (rules, explain, schema), ``_pictures`` (graph, timeline,
calendar), ``_formats`` and ``_rule_text`` (what is printed), and ``_common`` (what
they share: exit codes, :class:`UsageError`, the language of the messages).

>>> main(["explain", "NOPE999"])
2
"""

from __future__ import annotations

import os
import sys
import traceback
from typing import TYPE_CHECKING

from velfaerd.cli import _parser
from velfaerd.cli._common import (
    CHOSEN,
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    PROG,
    UsageError,
    fail,
    silence_stdout,
)
from velfaerd.errors import ConfigError
from velfaerd.i18n import LANGUAGES, Text, language_from_environment, text

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["EXIT_FAILURE", "EXIT_OK", "EXIT_USAGE", "UsageError", "main"]


def main(argv: Sequence[str] | None = None, *, default_jobs: int | None = None) -> int:
    """Run the command line and return the exit code.

    :param argv: the arguments (without the program name); ``None``: this process's
        own command line, ``sys.argv[1:]`` (as the ``velfaerd`` script and ``python -m
        velfaerd`` call it).
    :param default_jobs: the processes ``check`` parses in unless ``--jobs`` says:
        ``None`` is the CPUs this process may use for its own command line
        (``argv`` ``None``), and 1 for a program's call with ``argv``: a program that
        embeds velfaerd gets no processes it did not ask for.
    """
    if default_jobs is not None and default_jobs < 1:
        message = f"default_jobs must be at least 1, not {default_jobs}"
        raise ValueError(message)
    arguments = list(sys.argv[1:] if argv is None else argv)
    if default_jobs is None and argv is not None:
        default_jobs = 1
    lang = _language(arguments)
    token = CHOSEN.set(lang)
    try:
        return _main(arguments, default_jobs)
    except UsageError as error:
        lang = CHOSEN.get()
        fail(error.render(lang), lang)
        return EXIT_USAGE
    except KeyboardInterrupt:
        lang = CHOSEN.get()
        fail(text("cli.interrupted", lang), lang)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``velfaerd check … | head``): say nothing more.
        silence_stdout()
        return EXIT_FAILURE
    except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback
        lang = CHOSEN.get()
        if "--traceback" in arguments:
            traceback.print_exc()
        fail(
            text("cli.internal-error", lang, error=f"{type(error).__name__}: {error}")
            + ("" if "--traceback" in arguments else text("cli.rerun-traceback", lang)),
            lang,
        )
        return EXIT_USAGE
    finally:
        CHOSEN.reset(token)


def _language(arguments: Sequence[str], flag: str | None = None) -> str:
    """The language before the configuration is read: the flag's, else the environment's."""
    if flag is None:
        for position, argument in enumerate(arguments):
            if argument == "--":
                break
            if argument == "--lang" and position + 1 < len(arguments):
                flag = arguments[position + 1]
            elif argument.startswith("--lang="):
                flag = argument.partition("=")[2]
    if flag in LANGUAGES:
        return flag
    try:
        return language_from_environment(os.environ)
    except ConfigError:
        return "en"  # a wrong VELFAERD_LANG is said by the command that reads it


def _main(arguments: list[str], default_jobs: int | None = None) -> int:
    try:
        with _parser.argparse_language(CHOSEN.get()):
            args = _parser.build_parser().parse_args(arguments)
    except SystemExit as done:  # --help and --version
        return done.code if isinstance(done.code, int) else EXIT_OK
    args.default_jobs = default_jobs  # None: the CPUs
    if args.command is None:
        raise UsageError(Text("cli.command-required", {"prog": PROG}))
    result: int = args.handler(args)
    return result
