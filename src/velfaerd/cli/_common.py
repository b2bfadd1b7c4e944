"""What the commands of the command line share: exit codes, the usage error, the language.

The language of the messages (:data:`CHOSEN`), the one-line error (:func:`fail`),
writing the output (:func:`emit`), and what ``check`` and the pictures both read: the
configuration, ``--as-of``, the output file that must not be an input.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import itertools
import os
import re
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING

from velfaerd.config import Config, _codes_checked_later, _configured_language, find_config
from velfaerd.errors import ConfigError
from velfaerd.i18n import Text, language_from_environment, text

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterable, Sequence

__all__ = [
    "CHOSEN",
    "EXIT_FAILURE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "PROG",
    "UsageError",
    "emit",
    "fail",
    "found_config",
    "output_language",
    "parse_as_of",
    "read_config",
    "refuse_input_as_output",
    "say",
    "silence_stdout",
    "use_color",
]

#: No finding is an error.
EXIT_OK = 0
#: A finding is an error, or a file could not be loaded.
EXIT_FAILURE = 1
#: velfaerd was misused, or failed unexpectedly.
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

PROG = "velfaerd"


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


#: The language of the command line's messages, once known (the flag's, else the
#: environment's; the configuration's from when it is read).
CHOSEN: contextvars.ContextVar[str] = contextvars.ContextVar("velfaerd_cli_lang", default="en")


class UsageError(Exception):
    """velfaerd was misused: the message says how, and the exit code is 2.

    ``said`` is the message still to be written in the reader's language.
    """

    def __init__(self, said: Text | str) -> None:
        self.said = said
        super().__init__(str(said))

    def render(self, lang: str) -> str:
        """The message in ``lang``."""
        return self.said.render(lang) if isinstance(self.said, Text) else self.said


def _one_line(text: str) -> str:
    return "; ".join(part.strip() for part in str(text).splitlines() if part.strip())


def fail(message: str, lang: str = "en") -> None:
    """Write ``message`` on stderr as one line: ``velfaerd: error: …`` in ``lang``."""
    sys.stderr.write(f"{PROG}: {text('cli.error', lang)}: {_one_line(message)}\n")
    sys.stderr.flush()


def say(message: str) -> None:
    """Write a line for the reader on stderr (``-v``), prefixed with the program's name."""
    sys.stderr.write(f"{PROG}: {message}\n")


def silence_stdout() -> None:
    """Point standard output at the null device: nothing more is written, nor fails."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # pragma: no cover - no real stdout
        pass


def _write(stream: IO[str] | None, text: str) -> None:
    if stream is None:
        raise UsageError(Text("cli.stdout-closed"))
    try:
        try:
            stream.write(text)
        except UnicodeEncodeError:
            encoding = getattr(stream, "encoding", None) or "ascii"
            stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
        stream.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as error:  # a full disk, a closed descriptor
        silence_stdout()
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise UsageError(Text("cli.cannot-write-output", {"reason": reason})) from None


def emit(text: str, output_file: Path | None) -> None:
    """Write the output to ``output_file``, else to stdout.

    :raises UsageError: when it cannot be written.
    """
    if output_file is None:
        _write(sys.stdout, text)
        return
    try:
        # A file name that is not UTF-8 comes back as surrogates: escape, never fail.
        output_file.write_bytes(text.encode("utf-8", "backslashreplace"))
    except OSError as error:
        said = Text(
            "cli.cannot-write", {"file": str(output_file), "reason": error.strerror or error}
        )
        raise UsageError(said) from None


def use_color(output_file: Path | None) -> bool:
    """Whether ``text`` is coloured: on a terminal, without ``NO_COLOR`` or ``--output-file``."""
    if output_file is not None or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(sys.stdout, "isatty", None)
    try:
        return bool(isatty is not None and isatty())
    except (OSError, ValueError):  # a closed standard output: said when it is written
        return False


def parse_as_of(value: str | None) -> dt.date | None:
    """The day ``--as-of`` names (``YYYY-MM-DD`` or ``today``); ``None`` when not given.

    :raises UsageError: for anything else.
    """
    if value is None:
        return None
    if value.strip().lower() == "today":
        return dt.date.today()  # noqa: DTZ011 - the one place that reads today's date, on request
    if _ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise UsageError(Text("cli.as-of-invalid", {"value": value}))


def read_config(given: Path | None) -> tuple[Config, Path | None]:
    """The configuration of ``--config``, else the one found from here, and its file.

    Its codes are not checked against the rules yet (that loads them).

    :raises UsageError: when it cannot be read or is wrong.
    """
    path = given if given is not None else find_config(Path.cwd())
    if path is None:
        return Config(), None
    if given is not None and not given.is_file():
        raise UsageError(Text("cli.config-not-found", {"file": str(given)}))
    try:
        # Its codes are checked against the rules once they are loaded (_load_rules).
        with _codes_checked_later():
            return Config.from_file(path), path
    except ConfigError as error:
        raise UsageError(error.said) from None


def output_language(args: argparse.Namespace, config_path: Path | None = None) -> str:
    """The flag's language, else the configuration's, else the environment's.

    :raises UsageError: when ``VELFAERD_LANG`` names a language velfaerd does not speak.
    """
    if args.lang is not None:
        return str(args.lang)
    configured = _configured_language(config_path)
    if configured is not None:
        return configured
    try:
        return language_from_environment(os.environ)
    except ConfigError as error:
        raise UsageError(error.said) from None


def refuse_input_as_output(
    read: Iterable[Path],
    output_file: Path | None,
    *,
    option: str = "--output-file",
    also: Sequence[Path] = (),
) -> None:
    """Refuse an output file that is one of the files read: writing it would replace it.

    ``read`` is what the one walk of the paths found (:func:`~velfaerd.format._files.find`),
    and ``also`` the configuration file read beside. The same file is the same inode,
    whatever the name: a symlink or a hard link to an input is refused too. ``option``
    names the flag in the message (``check``'s ``--output-file``, the pictures'
    ``-o/--output``).
    """
    if output_file is None or not output_file.exists():
        return
    for candidate in itertools.chain(read, also):
        try:
            same = candidate.samefile(output_file)
        except OSError:
            continue
        if same:
            said = Text("cli.output-is-input", {"option": option, "file": str(output_file)})
            raise UsageError(said)


def found_config() -> Path | None:
    """The configuration file found from the working directory, if any."""
    try:
        return find_config(Path.cwd())
    except OSError:  # pragma: no cover - the working directory is gone
        return None
