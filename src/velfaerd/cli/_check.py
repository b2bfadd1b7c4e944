"""``velfaerd check``: its settings, and a run through the run cache, the file cache and the pool.

A run found in the cache of whole runs (:mod:`velfaerd.cli._runcache`) loads and checks
nothing; otherwise each file is loaded through the cache of files
(:mod:`velfaerd.cli._filecache`), parsed in ``--jobs`` processes when it pays
(:mod:`velfaerd.cli._pool`), and the portfolio is checked.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from velfaerd.__about__ import __version__
from velfaerd.cli import _formats
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
    refuse_input_as_output,
    say,
    use_color,
)
from velfaerd.cli._rule_text import LOAD_RULES, RuleText
from velfaerd.cli._store import DEFAULT_DIRECTORY, CacheDirectory
from velfaerd.config import Config, _check_known, _codes_checked_later
from velfaerd.errors import ConfigError, RuleRegistrationError
from velfaerd.format._files import DEFAULT_MAX_FILE_SIZE, find
from velfaerd.i18n import Text, count, format_number, text
from velfaerd.report import NEEDS_AS_OF, NOT_SELECTED

# The loader, the checker and the rules are imported when they are needed: a run found
# in the cache needs none of them.

if TYPE_CHECKING:
    import argparse
    import datetime as dt
    from collections.abc import Iterable, Sequence

    from velfaerd.cli._runcache import Inputs, RunCache
    from velfaerd.errors import LoadError, Problem
    from velfaerd.format._files import Found
    from velfaerd.model import Portfolio
    from velfaerd.report import Finding, Report
    from velfaerd.rules import Rule

__all__ = ["run"]


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


def _validate(codes: Iterable[str], where: str, known: Sequence[str]) -> None:
    """Refuse a flag's code or prefix that no rule has (the configuration's own test)."""
    try:
        _check_known(codes, where, known)
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
    # The codes are checked against the rules once they are loaded (_load_rules): a run
    # found in the cache loads none.
    with _codes_checked_later():
        config, config_path = read_config(args.config)
        if args.no_plugins:
            config = config.merge(plugins=False)
        config = config.merge(lang=output_language(args, config_path))
        CHOSEN.set(config.lang)  # what follows is said in the configuration's language
        read = config
        config = _merged(config, select, ignore, extend)
    return _Settings(
        config=config, read=read, path=config_path, select=select, ignore=ignore, extend=extend
    )


def _merged(
    config: Config,
    select: tuple[str, ...] | None,
    ignore: tuple[str, ...],
    extend: tuple[str, ...],
) -> Config:
    """The configuration with the flags' codes: the flags win."""
    if select is not None:
        # --select replaces the configuration's selection; the flags alone decide.
        return config.merge(select=select, ignore=ignore, extend_select=extend)
    # A flag wins over the configuration: --extend-select REV undoes an ignore of REV002
    # in the configuration.
    kept = tuple(code for code in config.ignore if not any(code.startswith(e) for e in extend))
    return config.merge(ignore=(*kept, *ignore), extend_select=(*config.extend_select, *extend))


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
    if settings.path is not None:
        try:
            settings.read.check_codes()  # as Config(...) checks them: one test
        except ConfigError as error:
            said = Text("config.in-file", {"source": str(settings.path), "error": error.said})
            raise UsageError(said) from None
    return rules


def _check_arguments(args: argparse.Namespace, config_file: Path | None) -> Found:
    """Refuse what cannot be checked; return what the one walk of the paths found.

    The check loads exactly these files, ``-v`` counts them and the run cache reads
    them: the paths are walked once.
    """
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
    found = find(paths)
    also = () if config_file is None else (config_file,)
    refuse_input_as_output(found, args.output_file, also=also)
    if args.write_baseline is not None:  # never written over an input
        refuse_input_as_output(found, args.write_baseline, also=also)
    return found


def run(args: argparse.Namespace) -> int:
    """``velfaerd check``: the run found in the cache, or the files loaded and checked."""
    started = time.perf_counter()
    # Every message from here on is in the language the configuration may choose.
    config_file = args.config or found_config()
    CHOSEN.set(output_language(args, config_file))
    walked = _check_arguments(args, config_file)
    as_of = parse_as_of(args.as_of)
    settings = _settings(args)
    config = settings.config
    lang = config.lang
    store = None if args.no_cache else _cache_store(args, lang)
    run_cache, inputs, unkept = _run_cache(args, store, settings, as_of, walked)
    found = run_cache.get() if run_cache is not None else None
    if run_cache is not None and found is not None:
        report, problems, texts = found.report, found.problems, found.rules
        if args.verbose:
            _say_configuration(settings, len(walked), len(texts))
            directory = str(run_cache.store.directory)
            say(text("cli.verbose-run-found", lang, directory=directory))
    else:
        rules = _load_rules(settings)
        if run_cache is not None and unkept is None:
            from velfaerd.cli import _runcache  # noqa: PLC0415 - imported by _run_cache

            unkept = _runcache.unkept(rules)
        if args.verbose:
            _say_configuration(settings, len(walked), len(rules))
            if store is not None:
                _say_run_cache(store, unkept, lang)
        # Every file that loads is checked; the problems of the others are shown beside.
        portfolio, error = _load(walked, args, store, inputs)
        from velfaerd.rules._engine import check  # noqa: PLC0415 - not needed by a run in the cache

        report = check(portfolio, config, as_of=as_of, left_out=error)
        problems = error.problems if error is not None else ()
        texts = tuple(RuleText.of(rule, lang) for rule in rules)
        if run_cache is not None and unkept is None:
            from velfaerd.cli._runcache import Run  # noqa: PLC0415 - imported by _run_cache

            run_cache.put(Run(report=report, problems=problems, rules=texts))
    if args.baseline is not None or args.write_baseline is not None or config.baseline:
        from velfaerd.cli import _baseline  # noqa: PLC0415 - only with a baseline

        report = _baseline.apply(args, config, report)
    return _finish(args, lang, (report, problems, texts), started)


def _finish(
    args: argparse.Namespace,
    lang: str,
    result: tuple[Report, Sequence[Problem], Sequence[RuleText]],
    started: float,
) -> int:
    """Write the output of a check, whether it ran or was found in the cache."""
    report, problems, rules = result
    items = report.findings  # the load problems among them (check's left_out)
    left_out = len({problem.source for problem in problems} - {"<none>"})
    summary = attrs.evolve(_formats.Summary.of(items, report, lang=lang), left_out=left_out)
    if args.verbose:
        reasons = {NOT_SELECTED: "cli.reason-not-selected", NEEDS_AS_OF: "cli.reason-needs-as-of"}
        for status in report.rules:
            if not status.ran and status.reason != NOT_SELECTED:
                reason = status.reason or ""
                shown = text(reasons[reason], lang) if reason in reasons else reason
                say(text("cli.verbose-not-run", lang, code=status.code, reason=shown))
    written = _render(args, items, summary, rules)
    emit(written, args.output_file)
    if args.verbose:
        seconds = format_number(time.perf_counter() - started, lang)
        say(text("cli.verbose-done", lang, seconds=seconds))
    failing = summary.errors > 0 or (args.warnings_as_errors and summary.warnings > 0)
    return EXIT_OK if args.exit_zero or not failing else EXIT_FAILURE


def _say_configuration(settings: _Settings, files: int, rules: int) -> None:
    lang = settings.config.lang
    found = (
        settings.path if settings.path is not None else text("cli.verbose-no-configuration", lang)
    )
    say(text("cli.verbose-configuration", lang, path=found))
    said = count("file", files, lang)
    say(text("cli.verbose-checking", lang, files=said, rules=rules))


def _say_run_cache(store: CacheDirectory, unkept: str | None, lang: str) -> None:
    directory = str(store.directory)
    if unkept is None:
        say(text("cli.verbose-run-missed", lang, directory=directory))
    else:
        reason = text(unkept, lang)
        say(text("cli.verbose-run-unkept", lang, directory=directory, reason=reason))


def _cache_store(args: argparse.Namespace, lang: str) -> CacheDirectory | None:
    """The cache directory, or ``None`` when it is not safe to use (said with ``-v``)."""
    store = CacheDirectory(_cache_directory(args))
    if store.refused is None:
        return store
    if args.verbose:
        reason = text(store.refused, lang)
        say(text("cli.verbose-cache-unused", lang, directory=str(store.directory), reason=reason))
    return None


def _cache_directory(args: argparse.Namespace) -> Path:
    given = args.cache_dir or os.environ.get("VELFAERD_CACHE_DIR") or DEFAULT_DIRECTORY
    return Path(given)


def _run_cache(
    args: argparse.Namespace,
    store: CacheDirectory | None,
    settings: _Settings,
    as_of: dt.date | None,
    found: Found,
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
    inputs = _runcache.read_inputs(found, args.max_file_size)
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
    paths: Found,
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
        lang = CHOSEN.get()
        say(
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
    """The processes to parse in: ``--jobs``, else :func:`main`'s default for its caller."""
    if args.jobs is not None:
        return int(args.jobs)
    if args.default_jobs is not None:
        return int(args.default_jobs)
    from velfaerd.cli._pool import default_jobs  # noqa: PLC0415 - only when loading

    return default_jobs()


def _render(
    args: argparse.Namespace,
    items: Sequence[Finding | Problem],
    summary: _formats.Summary,
    rules: Sequence[RuleText],
) -> str:
    if args.statistics:
        names = {rule.code: rule.name for rule in rules}
        names.update({load_rule.code: load_rule.name for load_rule in LOAD_RULES})
        return _formats.format_statistics(
            items, names, as_json=args.output_format == "json", lang=summary.lang
        )
    color = args.output_format == "text" and use_color(args.output_file)
    if args.output_format == "text" and args.quiet:
        return _formats.format_text(items, summary, color=color, closing=False)
    return _formats.render(
        args.output_format, items, summary, rules=rules, version=__version__, color=color
    )
