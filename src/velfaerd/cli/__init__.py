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

>>> main(["explain", "NOPE999"])
2
"""

from __future__ import annotations

import argparse
import contextvars
import datetime as dt
import os
import re
import sys
import time
import traceback
from pathlib import Path
from typing import IO, TYPE_CHECKING, NoReturn

import attrs

from velfaerd.__about__ import __version__
from velfaerd.cli import _output
from velfaerd.cli._pictures import add_commands as add_picture_commands
from velfaerd.cli._store import DEFAULT_DIRECTORY, CacheDirectory
from velfaerd.config import Config, find_config
from velfaerd.errors import ConfigError, RuleRegistrationError
from velfaerd.format._files import DEFAULT_MAX_FILE_SIZE
from velfaerd.i18n import LANGUAGES, Text, count, language_from_environment, text
from velfaerd.report import NEEDS_AS_OF, NOT_SELECTED

# The loader, the checker and the rules are imported when they are needed: a run found
# in the cache needs none of them.

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from velfaerd.cli._runcache import Inputs, RunCache
    from velfaerd.errors import LoadError, Problem
    from velfaerd.model import Portfolio
    from velfaerd.report import Finding, Report
    from velfaerd.rules import Rule

__all__ = ["EXIT_FAILURE", "EXIT_OK", "EXIT_USAGE", "UsageError", "main"]

#: No finding is an error.
EXIT_OK = 0
#: A finding is an error, or a file could not be loaded.
EXIT_FAILURE = 1
#: velfaerd was misused, or failed unexpectedly.
EXIT_USAGE = 2
_EXIT_INTERRUPTED = 130

PROG = "velfaerd"

#: The families of the built-in rules, by the letters of their codes (in English; the
#: catalogues hold them in every language as ``cli.family.<letters>``).
FAMILIES = {
    "REF": "references",
    "COV": "coverage",
    "REV": "reviews",
    "APR": "approvals",
    "MIL": "milestones",
    "AGR": "agreements",
    "CAL": "calendar",
}

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


#: The language of the command line's messages, once known (the flag's, else the
#: environment's; the configuration's from when it is read).
_CHOSEN: contextvars.ContextVar[str] = contextvars.ContextVar("velfaerd_cli_lang", default="en")


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


def _build_parser() -> _Parser:
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
        choices=_output.FORMATS,
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
        help="parse files in N processes when there is much to parse (default: the CPUs "
        "this process may use; 1: in this process only)",
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
    checker.set_defaults(handler=_check)

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
    lister.set_defaults(handler=_rules)

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
    explainer.set_defaults(handler=_explain)
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
    schemer.set_defaults(handler=_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit code.

    :param argv: the arguments (without the program name); ``sys.argv[1:]`` if
        ``None``.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    lang = _language(arguments)
    token = _CHOSEN.set(lang)
    try:
        return _main(arguments)
    except UsageError as error:
        lang = _CHOSEN.get()
        _fail(error.render(lang), lang)
        return EXIT_USAGE
    except KeyboardInterrupt:
        lang = _CHOSEN.get()
        _fail(text("cli.interrupted", lang), lang)
        return _EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``velfaerd check … | head``): say nothing more.
        _silence_stdout()
        return EXIT_FAILURE
    except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback
        lang = _CHOSEN.get()
        if "--traceback" in arguments:
            traceback.print_exc()
        _fail(
            text("cli.internal-error", lang, error=f"{type(error).__name__}: {error}")
            + ("" if "--traceback" in arguments else text("cli.rerun-traceback", lang)),
            lang,
        )
        return EXIT_USAGE
    finally:
        _CHOSEN.reset(token)


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


def _main(arguments: list[str]) -> int:
    parser = _build_parser()
    try:
        args = parser.parse_args(arguments)
    except SystemExit as done:  # --help and --version
        return done.code if isinstance(done.code, int) else EXIT_OK
    if args.command is None:
        raise UsageError(Text("cli.command-required", {"prog": PROG}))
    result: int = args.handler(args)
    return result


def _one_line(text: str) -> str:
    return "; ".join(part.strip() for part in str(text).splitlines() if part.strip())


def _fail(message: str, lang: str = "en") -> None:
    sys.stderr.write(f"{PROG}: {text('cli.error', lang)}: {_one_line(message)}\n")
    sys.stderr.flush()


def _say(message: str) -> None:
    sys.stderr.write(f"{PROG}: {message}\n")


def _silence_stdout() -> None:
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
        _silence_stdout()
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise UsageError(Text("cli.cannot-write-output", {"reason": reason})) from None


def _emit(text: str, output_file: Path | None) -> None:
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


def _use_color(output_file: Path | None) -> bool:
    if output_file is not None or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(sys.stdout, "isatty", None)
    try:
        return bool(isatty is not None and isatty())
    except (OSError, ValueError):  # a closed standard output: said when it is written
        return False


# --- check ------------------------------------------------------------------------------


def _parse_as_of(value: str | None) -> dt.date | None:
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


def _split_codes(value: str | None, option: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    codes = tuple(part.strip().upper() for part in value.split(",") if part.strip())
    if not codes and option == "--select":
        # An empty selection would run no rule and report "All checks passed."
        raise UsageError(Text("cli.select-empty", {"option": option}))
    for code in codes:
        if not code.isalnum():
            raise UsageError(Text("cli.not-a-code", {"option": option, "code": code}))
    return codes


def _known(code: str, known: Sequence[str]) -> bool:
    return code == "ALL" or any(rule.startswith(code) for rule in known)


def _unknown_code_message(code: str, where: str, known: Sequence[str]) -> Text:
    import difflib  # noqa: PLC0415 - only on the error path

    candidates = sorted({*known, *(c.rstrip("0123456789") for c in known)})
    near = difflib.get_close_matches(code, candidates, n=3, cutoff=0.5)
    hint: Text | str = Text("common.did-you-mean", {"names": ", ".join(near)}) if near else ""
    if code.startswith("LOAD"):
        hint = Text("cli.load-not-selectable")
    return Text("cli.unknown-code", {"where": where, "code": code, "hint": hint})


def _validate(codes: Iterable[str], where: str, known: Sequence[str]) -> None:
    for code in codes:
        if not _known(code, known):
            raise UsageError(_unknown_code_message(code, where, known))


def _validate_config(config: Config, source: str, known: Sequence[str]) -> None:
    _validate(config.select, f"{source}: select", known)
    _validate(config.ignore, f"{source}: ignore", known)
    _validate(config.extend_select, f"{source}: extend-select", known)
    _validate(config.severity, f"{source}: severity", known)
    for pattern, codes in config.per_file_ignores.items():
        _validate(codes, f"{source}: per-file-ignores {pattern!r}", known)


def _read_config(given: Path | None) -> tuple[Config, Path | None]:
    path = given if given is not None else find_config(Path.cwd())
    if path is None:
        return Config(), None
    if given is not None and not given.is_file():
        raise UsageError(Text("cli.config-not-found", {"file": str(given)}))
    try:
        return Config.from_file(path), path
    except ConfigError as error:
        raise UsageError(error.said) from None


def _configured_language(path: Path | None) -> str | None:
    """The ``lang`` a configuration file sets, or ``None`` where it sets none."""
    if path is None:
        return None
    import tomli  # noqa: PLC0415 - already imported by the configuration

    data: object
    try:
        data = tomli.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError, RecursionError):  # unreadable, not TOML, nested too deep
        return None  # the configuration itself says why, when it is read in full
    if path.name == "pyproject.toml" and isinstance(data, dict):
        tool = data.get("tool")
        data = tool.get("velfaerd") if isinstance(tool, dict) else None
    lang = data.get("lang") if isinstance(data, dict) else None
    return lang if isinstance(lang, str) else None


def _output_language(args: argparse.Namespace, config_path: Path | None = None) -> str:
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


@attrs.frozen(kw_only=True)
class _Settings:
    """What ``check``'s flags and configuration say, before any rule is loaded."""

    config: Config  # as it takes effect
    read: Config  # as the configuration file gave it, with --no-plugins and the language
    path: Path | None  # the configuration file
    select: tuple[str, ...] | None
    ignore: tuple[str, ...]
    extend: tuple[str, ...]

    def key(self) -> tuple[object, ...]:
        """What the result depends on, for the cache of whole runs (their reprs say it).

        The codes of the flags and the configuration as read are there besides the
        configuration that takes effect, since they are checked against the rules: a
        run found in the cache was checked with the same.
        """
        return (
            self.read,
            self.path is not None,
            self.select,
            self.ignore,
            self.extend,
            self.config,
            self.config.plugins_enabled(),
        )


def _settings(args: argparse.Namespace) -> _Settings:
    select = _split_codes(args.select, "--select")
    ignore = _split_codes(args.ignore, "--ignore") or ()
    extend = _split_codes(args.extend_select, "--extend-select") or ()
    config, config_path = _read_config(args.config)
    if args.no_plugins:
        config = config.merge(plugins=False)
    config = config.merge(lang=_output_language(args, config_path))
    _CHOSEN.set(config.lang)  # what follows is said in the configuration's language
    read = config
    try:
        if select is not None:
            # --select replaces the configuration's selection; the flags alone decide.
            config = config.merge(select=select, ignore=ignore, extend_select=extend)
        else:
            # A flag wins over the configuration: --extend-select REV undoes an
            # ignore of REV002 in the configuration.
            kept = tuple(
                code for code in config.ignore if not any(code.startswith(e) for e in extend)
            )
            config = config.merge(
                ignore=(*kept, *ignore), extend_select=(*config.extend_select, *extend)
            )
    except ConfigError as error:  # pragma: no cover - the codes were checked by _split_codes
        raise UsageError(error.said) from None
    return _Settings(
        config=config, read=read, path=config_path, select=select, ignore=ignore, extend=extend
    )


def _load_rules(settings: _Settings) -> tuple[Rule, ...]:
    """The rules, with every code the flags and the configuration name checked against them."""
    from velfaerd.rules import all_rules  # noqa: PLC0415 - not needed by a run in the cache

    try:
        rules = all_rules(plugins=settings.read.plugins)
    except RuleRegistrationError as error:
        raise UsageError(Text("cli.cannot-load-rules", {"error": str(error)})) from None
    known = [rule.code for rule in rules]
    _validate(settings.select or (), "--select", known)
    _validate(settings.ignore, "--ignore", known)
    _validate(settings.extend, "--extend-select", known)
    if settings.path is not None and settings.read.plugins_enabled():
        # Without plugins their codes are not known, so a configuration naming them
        # is not checked against the rules.
        _validate_config(settings.read, str(settings.path), known)
    return rules


def _refuse_input_as_output(paths: Sequence[Path], output_file: Path | None) -> None:
    """Refuse an output file that is one of the files to check: it would replace it."""
    if output_file is None or not output_file.exists():
        return
    from velfaerd.format._files import discover  # noqa: PLC0415 - only with --output-file

    for candidate in discover(paths, []):
        try:
            same = candidate.samefile(output_file)
        except OSError:
            continue
        if same:
            raise UsageError(Text("cli.output-is-input", {"file": str(output_file)}))


def _count_files(paths: Iterable[Path]) -> int:
    count = 0
    for path in paths:
        if path.is_dir():
            count += sum(
                1
                for candidate in path.rglob("*.toml")
                if candidate.is_file()
                and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
            )
        else:
            count += 1
    return count


def _check_arguments(args: argparse.Namespace) -> list[Path]:
    """Refuse what cannot be checked; return the paths."""
    paths = [Path(raw) for raw in args.paths]
    for raw, path in zip(args.paths, paths, strict=True):
        if not raw:
            raise UsageError(Text("problem.empty-path"))
        if not os.path.lexists(path):
            raise UsageError(Text("cli.no-such-path", {"path": raw}))
    if args.statistics and args.output_format not in {"text", "json"}:
        raise UsageError(Text("cli.statistics-format", {"format": args.output_format}))
    if args.max_file_size is not None and args.max_file_size < 1:
        raise UsageError(Text("cli.max-file-size", {"value": args.max_file_size}))
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(Text("cli.jobs", {"value": args.jobs}))
    _refuse_input_as_output(paths, args.output_file)
    return paths


def _check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    # Every message from here on is in the language the configuration may choose.
    _CHOSEN.set(_output_language(args, args.config or _found_config()))
    paths = _check_arguments(args)
    as_of = _parse_as_of(args.as_of)
    settings = _settings(args)
    config = settings.config
    lang = config.lang
    store = None if args.no_cache else CacheDirectory(_cache_directory(args))
    run_cache, inputs, unkept = _run_cache(args, store, settings, as_of)
    found = run_cache.get() if run_cache is not None else None
    if run_cache is not None and found is not None:
        report, problems, texts = found.report, found.problems, found.rules
        if args.verbose:
            _say_configuration(settings, paths, len(texts))
            directory = str(run_cache.store.directory)
            _say(text("cli.verbose-run-found", lang, directory=directory))
    else:
        rules = _load_rules(settings)
        if run_cache is not None and unkept is None:
            from velfaerd.cli import _runcache  # noqa: PLC0415 - imported by _run_cache

            unkept = _runcache.unkept(rules)
        if args.verbose:
            _say_configuration(settings, paths, len(rules))
            if store is not None:
                _say_run_cache(store, unkept, lang)
        # Every file that loads is checked; the problems of the others are shown beside.
        portfolio, error = _load(paths, args, store, inputs)
        from velfaerd.rules._engine import check  # noqa: PLC0415 - not needed by a run in the cache

        report = check(portfolio, config, as_of=as_of, left_out=error)
        problems = error.problems if error is not None else ()
        texts = tuple(_output.RuleText.of(rule, lang) for rule in rules)
        if run_cache is not None and unkept is None:
            from velfaerd.cli._runcache import Run  # noqa: PLC0415 - imported by _run_cache

            run_cache.put(Run(report=report, problems=problems, rules=texts))
    return _finish(args, lang, (report, problems, texts), started)


def _finish(
    args: argparse.Namespace,
    lang: str,
    result: tuple[Report, Sequence[Problem], Sequence[_output.RuleText]],
    started: float,
) -> int:
    """Write the output of a check, whether it ran or was found in the cache."""
    report, problems, rules = result
    items: list[Finding | Problem] = [*report.findings, *problems]
    left_out = len({problem.source for problem in problems} - {"<none>"})
    summary = attrs.evolve(_output.Summary.of(items, report, lang=lang), left_out=left_out)
    if args.verbose:
        reasons = {NOT_SELECTED: "cli.reason-not-selected", NEEDS_AS_OF: "cli.reason-needs-as-of"}
        for status in report.rules:
            if not status.ran and status.reason != NOT_SELECTED:
                reason = status.reason or ""
                shown = text(reasons[reason], lang) if reason in reasons else reason
                _say(text("cli.verbose-not-run", lang, code=status.code, reason=shown))
    written = _render(args, items, summary, rules)
    _emit(written, args.output_file)
    if args.verbose:
        seconds = f"{time.perf_counter() - started:.2f}"
        _say(text("cli.verbose-done", lang, seconds=seconds))
    failing = summary.errors > 0 or (args.warnings_as_errors and summary.warnings > 0)
    return EXIT_OK if args.exit_zero or not failing else EXIT_FAILURE


def _say_configuration(settings: _Settings, paths: Iterable[Path], rules: int) -> None:
    lang = settings.config.lang
    found = (
        settings.path if settings.path is not None else text("cli.verbose-no-configuration", lang)
    )
    _say(text("cli.verbose-configuration", lang, path=found))
    files = count("file", _count_files(paths), lang)
    _say(text("cli.verbose-checking", lang, files=files, rules=rules))


def _say_run_cache(store: CacheDirectory, unkept: str | None, lang: str) -> None:
    directory = str(store.directory)
    if unkept is None:
        _say(text("cli.verbose-run-missed", lang, directory=directory))
    else:
        reason = text(unkept, lang)
        _say(text("cli.verbose-run-unkept", lang, directory=directory, reason=reason))


def _cache_directory(args: argparse.Namespace) -> Path:
    given = args.cache_dir or os.environ.get("VELFAERD_CACHE_DIR") or DEFAULT_DIRECTORY
    return Path(given)


def _run_cache(
    args: argparse.Namespace,
    store: CacheDirectory | None,
    settings: _Settings,
    as_of: dt.date | None,
) -> tuple[RunCache | None, Inputs | None, str | None]:
    """The entry of this run, the files read for its key, and why it is not kept (if not).

    Without a cache, nothing. Every file is read here, once: a run checked after a
    miss loads these very bytes, so that what is kept is what the key says.
    """
    if store is None:
        return None, None, None
    from velfaerd.cli import _runcache  # noqa: PLC0415 - only with the cache

    unkept = _runcache.unkept()
    if unkept is not None:
        return None, None, unkept
    inputs = _runcache.read_inputs(args.paths, args.max_file_size)
    if inputs is None:
        return None, None, "cli.run-reason-unreadable"
    limit = DEFAULT_MAX_FILE_SIZE if args.max_file_size is None else args.max_file_size
    run_cache = _runcache.RunCache(
        store,
        settings=(*settings.key(), as_of, limit),
        paths=args.paths,
        inputs=inputs,
    )
    return run_cache, inputs, None


def _load(
    paths: list[Path],
    args: argparse.Namespace,
    store: CacheDirectory | None,
    inputs: Inputs | None,
) -> tuple[Portfolio, LoadError | None]:
    jobs = _jobs(args)
    if store is None:
        if jobs > 1:
            from velfaerd.cli import _pool  # noqa: PLC0415 - only when loading

            return _pool.load_partial(paths, jobs, max_file_size=args.max_file_size)
        from velfaerd.format._loading import load_partial  # noqa: PLC0415 - not needed by a cached run

        return load_partial(paths, max_file_size=args.max_file_size)
    from velfaerd.cli import _filecache as _cache  # noqa: PLC0415 - the loader, only when loading

    cache = _cache.Cache(store)
    if inputs is not None:
        loaded = _cache.load_cached_data(inputs.files, inputs.data, cache, jobs=jobs)
    else:
        loaded = _cache.load_cached_partial(
            paths, cache, max_file_size=args.max_file_size, jobs=jobs
        )
    if args.verbose:
        lang = _CHOSEN.get()
        _say(
            text(
                "cli.verbose-cache",
                lang,
                directory=str(cache.directory),
                found=count("file", cache.hits, lang),
                loaded=cache.misses,
            )
        )
    return loaded


def _jobs(args: argparse.Namespace) -> int:
    """The processes to parse in: ``--jobs``, else the CPUs this process may use."""
    from velfaerd.cli._pool import default_jobs  # noqa: PLC0415 - only when loading

    return int(args.jobs) if args.jobs is not None else default_jobs()


def _render(
    args: argparse.Namespace,
    items: Sequence[Finding | Problem],
    summary: _output.Summary,
    rules: Sequence[_output.RuleText],
) -> str:
    if args.statistics:
        names = {rule.code: rule.name for rule in rules}
        names.update({load_rule.code: load_rule.name for load_rule in _output.LOAD_RULES})
        return _output.format_statistics(
            items, names, as_json=args.output_format == "json", lang=summary.lang
        )
    color = args.output_format == "text" and _use_color(args.output_file)
    if args.output_format == "text" and args.quiet:
        return _output.format_text(items, summary, color=color, closing=False)
    return _output.render(
        args.output_format, items, summary, rules=rules, version=__version__, color=color
    )


# --- rules and explain ------------------------------------------------------------------


def _family_name(family: str, members: Sequence[Rule], lang: str = "en") -> str:
    if family in FAMILIES:
        return text(f"cli.family.{family}", lang)
    plugins = sorted({rule.plugin for rule in members if rule.plugin})
    return (
        text("cli.family-plugin", lang, plugins=", ".join(plugins)) if plugins else family.lower()
    )


def _found_config() -> Path | None:
    try:
        return find_config(Path.cwd())
    except OSError:  # pragma: no cover - the working directory is gone
        return None


def _rules(args: argparse.Namespace) -> int:
    lang = _output_language(args, _found_config())
    _CHOSEN.set(lang)
    from velfaerd.rules import all_rules  # noqa: PLC0415 - not needed by check

    try:
        rules = tuple(rule.translated(lang) for rule in all_rules(plugins=not args.no_plugins))
    except RuleRegistrationError as error:
        raise UsageError(Text("cli.cannot-load-rules", {"error": str(error)})) from None
    if args.output_format == "json":
        import json  # noqa: PLC0415 - only for this output

        data = [
            {
                "code": rule.code,
                "name": rule.name,
                "family": rule.family,
                "severity": rule.severity.value,
                "summary": rule.summary,
                "needs_as_of": rule.needs_as_of,
                "plugin": rule.plugin,
            }
            for rule in rules
        ]
        _emit(json.dumps(data, ensure_ascii=False, indent=2) + "\n", None)
        return EXIT_OK
    families: dict[str, list[Rule]] = {}
    for rule in rules:
        families.setdefault(rule.family, []).append(rule)
    loads = [load.translated(lang) for load in _output.LOAD_RULES]
    severity = {level: text(f"severity.{level}", lang) for level in ("error", "warning", "info")}
    rows = [(rule.code, rule.name, rule.severity.value, rule.summary) for rule in rules]
    rows += [(load.code, load.name, "error", load.summary) for load in loads]
    severity_width = max(7, *(len(label) for label in severity.values()))
    code_width = max(len(row[0]) for row in rows)
    name_width = max(len(row[1]) for row in rows)

    def line(code: str, name: str, level: str, summary: str) -> str:
        shown = severity.get(level, level)
        return f"  {code:<{code_width}}  {name:<{name_width}}  {shown:<{severity_width}}  {summary}"

    blocks = [
        "\n".join(
            [
                f"{family}  {_family_name(family, members, lang)}",
                *(
                    line(rule.code, rule.name, rule.severity.value, rule.summary)
                    for rule in members
                ),
            ]
        )
        for family, members in families.items()
    ]
    blocks.append(
        "\n".join(
            [
                f"LOAD  {text('cli.load-family', lang)}",
                *(line(load.code, load.name, "error", load.summary) for load in loads),
            ]
        )
    )
    _emit("\n\n".join(blocks) + "\n", None)
    return EXIT_OK


def _wrap(text: str, width: int = 88) -> str:
    """Wrap the paragraphs of an explanation; headings and code blocks stay as they are."""
    import textwrap  # noqa: PLC0415 - only for explain

    blocks: list[str] = []
    fenced = False
    for block in text.split("\n\n"):
        if block.startswith("```") or fenced:
            fenced = block.count("```") % 2 == 1 if not fenced else block.count("```") % 2 == 0
            blocks.append(block)
        elif block.startswith("#"):
            blocks.append(block)
        else:
            blocks.append(textwrap.fill(" ".join(block.split()), width=width))
    return "\n\n".join(blocks)


def _by_name(name: str) -> str | None:
    """The code of the rule with this kebab-case name (``velfaerd rules`` prints them)."""
    from velfaerd.rules import all_rules  # noqa: PLC0415 - not needed by check

    wanted = name.strip().lower()
    for rule in all_rules():
        if rule.name == wanted:
            return rule.code
    return None


def _explain(args: argparse.Namespace) -> int:
    lang = _output_language(args, _found_config())
    _CHOSEN.set(lang)
    code = args.code.strip().upper()
    try:
        code = _by_name(args.code) or code
    except RuleRegistrationError as error:
        raise UsageError(Text("cli.cannot-load-rules", {"error": str(error)})) from None
    for load_rule in _output.LOAD_RULES:
        if code in {load_rule.code, load_rule.name.upper()}:
            load_rule = load_rule.translated(lang)  # noqa: PLW2901 - the same code, in lang
            _emit(
                f"# {load_rule.code} ({load_rule.name})\n\n"
                f"{text('cli.load-explained', lang)}\n\n"
                f"{load_rule.description}\n",
                None,
            )
            return EXIT_OK
    from velfaerd.rules import all_rules  # noqa: PLC0415 - not needed by check

    try:
        rules = {rule.code: rule for rule in all_rules()}
    except RuleRegistrationError as error:
        raise UsageError(Text("cli.cannot-load-rules", {"error": str(error)})) from None
    if code not in rules:
        import difflib  # noqa: PLC0415 - only on the error path

        near = difflib.get_close_matches(code, list(rules), n=3, cutoff=0.5)
        hint: Text | str = Text("common.did-you-mean", {"names": ", ".join(near)}) if near else ""
        raise UsageError(Text("cli.no-rule", {"code": args.code, "hint": hint}))
    _emit(_wrap(rules[code].translated(lang).explanation) + "\n", None)
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from velfaerd.schema import schema_text  # noqa: PLC0415 - only this command needs it

    # Only the flag chooses: the schema an editor reads should not depend on the locale.
    # Without it, both languages, as the package ships the schema.
    _emit(schema_text(args.lang), args.output)
    return EXIT_OK
