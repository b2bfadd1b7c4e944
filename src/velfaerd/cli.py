"""The command line: ``velfaerd check``, ``velfaerd rules`` and ``velfaerd explain``.

Exit codes:

- ``0``: no finding is an error (or ``--exit-zero`` was given);
- ``1``: a finding is an error, or a file could not be loaded (``--warnings-as-errors``
  makes warnings count too);
- ``2``: velfaerd was misused (an unknown option, rule code or prefix, a bad
  configuration or ``--as-of`` date, a path that does not exist) or failed
  unexpectedly. A one-line message on stderr says why; never a traceback, unless
  ``--traceback`` asks for it.

>>> main(["explain", "NOPE999"])
2
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import time
import traceback
from pathlib import Path
from typing import IO, TYPE_CHECKING, NoReturn

from velfaerd import _output
from velfaerd.__about__ import __version__
from velfaerd._checking import check
from velfaerd._loading import load
from velfaerd.config import Config, find_config
from velfaerd.errors import ConfigError, LoadError, RuleRegistrationError
from velfaerd.rules import all_rules, get_rule

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from velfaerd.errors import Problem
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

#: The families of the built-in rules, by the letters of their codes.
FAMILIES = {
    "REF": "references",
    "COV": "coverage",
    "REV": "reviews",
    "APR": "approvals",
    "MIL": "milestones",
    "AGR": "agreements",
}

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class UsageError(Exception):
    """velfaerd was misused: the message says how, and the exit code is 2."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, raised as :class:`UsageError`."""

    def error(self, message: str) -> NoReturn:
        msg = f"{message} (see '{self.prog} --help')"
        raise UsageError(msg)


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
        "--no-cache", action="store_true", help="load every file afresh; read and write no cache"
    )
    checker.add_argument(
        "--cache-dir",
        type=Path,
        metavar="DIR",
        help="keep each file's loaded data in DIR (default: .velfaerd_cache)",
    )
    checker.add_argument(
        "--traceback", action="store_true", help="show the traceback of an internal error"
    )
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
    lister.set_defaults(handler=_rules)

    explainer = commands.add_parser(
        "explain",
        help="explain a rule, with a failing and a fixed example",
        description="Explain what a rule checks, why, and how to fix what it finds.",
    )
    explainer.add_argument("code", metavar="CODE", help="a rule code, such as REV001")
    explainer.add_argument(
        "--traceback", action="store_true", help="show the traceback of an internal error"
    )
    explainer.set_defaults(handler=_explain)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit code.

    :param argv: the arguments (without the program name); ``sys.argv[1:]`` if
        ``None``.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        return _main(arguments)
    except UsageError as error:
        _fail(str(error))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _fail("interrupted")
        return _EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``velfaerd check … | head``): say nothing more.
        _silence_stdout()
        return EXIT_FAILURE
    except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback
        if "--traceback" in arguments:
            traceback.print_exc()
        _fail(
            f"internal error: {type(error).__name__}: {error}"
            + ("" if "--traceback" in arguments else " (rerun with --traceback to see where)")
        )
        return EXIT_USAGE


def _main(arguments: list[str]) -> int:
    parser = _build_parser()
    try:
        args = parser.parse_args(arguments)
    except SystemExit as done:  # --help and --version
        return done.code if isinstance(done.code, int) else EXIT_OK
    if args.command is None:
        msg = f"a command is required: check, rules or explain (see '{PROG} --help')"
        raise UsageError(msg)
    result: int = args.handler(args)
    return result


def _one_line(text: str) -> str:
    return "; ".join(part.strip() for part in str(text).splitlines() if part.strip())


def _fail(message: str) -> None:
    sys.stderr.write(f"{PROG}: error: {_one_line(message)}\n")
    sys.stderr.flush()


def _say(message: str) -> None:
    sys.stderr.write(f"{PROG}: {message}\n")


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # pragma: no cover - no real stdout
        pass


def _write(stream: IO[str], text: str) -> None:
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
    stream.flush()


def _emit(text: str, output_file: Path | None) -> None:
    if output_file is None:
        _write(sys.stdout, text)
        return
    try:
        output_file.write_text(text, encoding="utf-8")
    except OSError as error:
        msg = f"cannot write the output file {str(output_file)!r}: {error.strerror or error}"
        raise UsageError(msg) from None


def _use_color(output_file: Path | None) -> bool:
    if output_file is not None or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(isatty is not None and isatty())


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
    msg = f"--as-of: expected a date as YYYY-MM-DD or 'today', found {value!r}"
    raise UsageError(msg)


def _split_codes(value: str | None, option: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    codes = tuple(part.strip().upper() for part in value.split(",") if part.strip())
    for code in codes:
        if not code.isalnum():
            msg = f"{option}: {code!r} is not a rule code or prefix (such as REV001 or REV)"
            raise UsageError(msg)
    return codes


def _known(code: str, known: Sequence[str]) -> bool:
    return code == "ALL" or any(rule.startswith(code) for rule in known)


def _unknown_code_message(code: str, where: str, known: Sequence[str]) -> str:
    import difflib  # noqa: PLC0415 - only on the error path

    candidates = sorted({*known, *(c.rstrip("0123456789") for c in known)})
    near = difflib.get_close_matches(code, candidates, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    if code.startswith("LOAD"):
        hint = "; load problems are always reported and cannot be selected or ignored"
    return f"{where}: no rule has the code or prefix {code!r}{hint}"


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
        msg = f"--config: no such file: {str(given)!r}"
        raise UsageError(msg)
    try:
        return Config.from_file(path), path
    except ConfigError as error:
        raise UsageError(str(error)) from None


def _configure(args: argparse.Namespace) -> tuple[Config, tuple[Rule, ...], Path | None]:
    select = _split_codes(args.select, "--select")
    ignore = _split_codes(args.ignore, "--ignore") or ()
    extend = _split_codes(args.extend_select, "--extend-select") or ()
    config, config_path = _read_config(args.config)
    if args.no_plugins:
        config = config.merge(plugins=False)
    try:
        rules = all_rules(plugins=config.plugins)
    except RuleRegistrationError as error:
        msg = f"cannot load the rules: {error}"
        raise UsageError(msg) from None
    known = [rule.code for rule in rules]
    _validate(select or (), "--select", known)
    _validate(ignore, "--ignore", known)
    _validate(extend, "--extend-select", known)
    if config_path is not None and config.plugins_enabled():
        # Without plugins their codes are not known, so a configuration naming them
        # is not checked against the rules.
        _validate_config(config, str(config_path), known)
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
    except ConfigError as error:  # pragma: no cover - the codes were checked above
        raise UsageError(str(error)) from None
    return config, rules, config_path


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


def _check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    paths = [Path(raw) for raw in args.paths]
    for raw, path in zip(args.paths, paths, strict=True):
        if not path.exists():
            msg = f"no such file or directory: {raw!r}"
            raise UsageError(msg)
    as_of = _parse_as_of(args.as_of)
    config, rules, config_path = _configure(args)
    if args.verbose:
        _say(f"configuration: {config_path if config_path is not None else 'none found'}")
        _say(f"checking {_count_files(paths)} file(s) with {len(rules)} registered rules")
    items: list[Finding | Problem]
    report: Report | None = None
    try:
        portfolio = _load(paths, args)
    except LoadError as error:
        items = list(error.problems)
    else:
        report = check(portfolio, config, as_of=as_of)
        items = list(report.findings)
    summary = _output.Summary.of(items, report)
    if args.verbose and report is not None:
        for status in report.rules:
            if not status.ran and status.reason != "not selected":
                _say(f"{status.code} did not run: {status.reason}")
    text = _render(args, items, summary, rules)
    _emit(text, args.output_file)
    if args.verbose:
        _say(f"done in {time.perf_counter() - started:.2f} s")
    failing = summary.errors > 0 or (args.warnings_as_errors and summary.warnings > 0)
    return EXIT_OK if args.exit_zero or not failing else EXIT_FAILURE


def _load(paths: list[Path], args: argparse.Namespace) -> Portfolio:
    if args.no_cache:
        return load(paths)
    from velfaerd import _cache  # noqa: PLC0415 - hashlib and pickle only when caching

    cache = _cache.Cache(args.cache_dir or _cache.DEFAULT_DIRECTORY)
    portfolio = _cache.load_cached(paths, cache)
    if args.verbose:
        _say(f"cache {cache.directory}: {cache.hits} file(s) found, {cache.misses} loaded")
    return portfolio


def _render(
    args: argparse.Namespace,
    items: Sequence[Finding | Problem],
    summary: _output.Summary,
    rules: Sequence[Rule],
) -> str:
    if args.statistics:
        names = {rule.code: rule.name for rule in rules}
        names.update({load_rule.code: load_rule.name for load_rule in _output.LOAD_RULES})
        return _output.format_statistics(items, names, as_json=args.output_format == "json")
    color = args.output_format == "text" and _use_color(args.output_file)
    if args.output_format == "text" and args.quiet:
        return _output.format_text(items, summary, color=color, closing=False)
    return _output.render(
        args.output_format, items, summary, rules=rules, version=__version__, color=color
    )


# --- rules and explain ------------------------------------------------------------------


def _family_name(family: str, members: Sequence[Rule]) -> str:
    if family in FAMILIES:
        return FAMILIES[family]
    plugins = sorted({rule.plugin for rule in members if rule.plugin})
    return f"from {', '.join(plugins)}" if plugins else family.lower()


def _rules(args: argparse.Namespace) -> int:
    try:
        rules = all_rules(plugins=not args.no_plugins)
    except RuleRegistrationError as error:
        msg = f"cannot load the rules: {error}"
        raise UsageError(msg) from None
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
    rows = [(rule.code, rule.name, rule.severity.value, rule.summary) for rule in rules]
    rows += [(load.code, load.name, "error", load.summary) for load in _output.LOAD_RULES]
    code_width = max(len(row[0]) for row in rows)
    name_width = max(len(row[1]) for row in rows)

    def line(code: str, name: str, severity: str, summary: str) -> str:
        return f"  {code:<{code_width}}  {name:<{name_width}}  {severity:<7}  {summary}"

    blocks = [
        "\n".join(
            [
                f"{family}  {_family_name(family, members)}",
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
                "LOAD  loading (always reported; not rules)",
                *(line(load.code, load.name, "error", load.summary) for load in _output.LOAD_RULES),
            ]
        )
    )
    _emit("\n\n".join(blocks) + "\n", None)
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    code = args.code.strip().upper()
    for load_rule in _output.LOAD_RULES:
        if load_rule.code == code:
            _emit(
                f"# {load_rule.code} ({load_rule.name})\n\n"
                "A load problem: always an error, and it cannot be selected or ignored.\n\n"
                f"{load_rule.description}\n",
                None,
            )
            return EXIT_OK
    try:
        rule = get_rule(code)
    except KeyError as error:
        raise UsageError(str(error.args[0])) from None
    except RuleRegistrationError as error:
        msg = f"cannot load the rules: {error}"
        raise UsageError(msg) from None
    _emit(rule.explanation, None)
    return EXIT_OK
