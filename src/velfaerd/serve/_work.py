"""The work of each endpoint, from a read request to the bytes of its answer.

Plain functions, run in a worker thread under the request's time limit: they load
the files from the request's bytes (nothing is read from the server's disk, nothing
is written, nothing is kept from one request to the next), and answer with what the
command line prints for the same files and options — its own code renders it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from velfaerd.cli import _formats
from velfaerd.cli._commands import rule_list
from velfaerd.cli._rule_text import LOAD_RULES
from velfaerd.config import Config
from velfaerd.errors import ConfigError, Problem
from velfaerd.format._convert import Document
from velfaerd.format._loading import load_bytes, load_found
from velfaerd.format._provenance import FileLines, record
from velfaerd.i18n import Text, text
from velfaerd.serve._requests import (
    LOAD_FAILED,
    UNKNOWN_RULE,
    WRONG_SHAPE,
    RequestError,
    kind,
    type_name,
    wrong_shape,
)

if TYPE_CHECKING:
    from velfaerd.errors import LoadError
    from velfaerd.format._loading import LeftOut
    from velfaerd.model import Portfolio
    from velfaerd.report import Report
    from velfaerd.serve._requests import DiffRequest, FilesRequest

__all__ = [
    "Answer",
    "calendar",
    "check",
    "check_report",
    "diff",
    "explain",
    "json_answer",
    "load",
    "rules",
    "status",
    "timeline",
]

JSON = "application/json"
#: The longest ``within`` read (``"12 måneder"`` is ten characters).
_LONGEST_PERIOD = 40


@attrs.frozen(kw_only=True)
class Answer:
    """An answer's status, media type and bytes."""

    body: bytes
    media_type: str = JSON
    status: int = 200


def json_answer(data: object, status: int = 200) -> Answer:
    """``data`` as JSON, as the command line writes it (two-space indent, UTF-8)."""
    body = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return Answer(body=body.encode("utf-8"), status=status)


def load(request: FilesRequest) -> tuple[Portfolio, LoadError | None]:
    """The portfolio of the request's files that load, and the problems of the others.

    :func:`velfaerd.load_partial` of the files, as ``velfaerd check`` loads them, with
    each file's bytes taken from the request: a name is never opened.
    """
    given = dict(request.files)

    def load_one(path: Path, source: str, problems: list[Problem]) -> Document | LeftOut | None:
        del path  # only a name: its bytes are the request's
        data = given[source]
        loaded = load_bytes(data, source, problems)
        if isinstance(loaded, Document):
            record(loaded, FileLines(source, data))
        return loaded

    # Names are plain (str(Path(name)) == name): each finding names the file as sent.
    return load_found([Path(name) for name, _ in request.files], [], load_one)


def _config(request: FilesRequest) -> Config:
    """The request's selection as the command line's flags make it, codes checked."""
    if request.select == ():
        said = Text(
            "serve.error.wrong-type",
            {"key": "select", "expected": kind("some-codes"), "found": "[]"},
        )
        raise RequestError(422, WRONG_SHAPE, said, key="select")
    _known_codes("select", request.select or ())
    _known_codes("ignore", request.ignore)
    _known_codes("extend_select", request.extend_select)
    if request.select is None:
        return Config(ignore=request.ignore, extend_select=request.extend_select, lang=request.lang)
    return Config(
        select=request.select,
        ignore=request.ignore,
        extend_select=request.extend_select,
        lang=request.lang,
    )


def _known_codes(key: str, codes: tuple[str, ...]) -> None:
    """Refuse (422) a code or prefix no rule has: the configuration's own test, per key."""
    try:
        if key == "select":
            Config(select=codes)
        elif key == "ignore":
            Config(ignore=codes)
        else:
            Config(extend_select=codes)
    except ConfigError as error:  # it names the setting, the code and the nearest codes
        raise RequestError(422, UNKNOWN_RULE, error.said, key=key) from None


def check_report(request: FilesRequest) -> tuple[Report, list[Problem]]:
    """The report of ``velfaerd check`` on the request's files, and their load problems."""
    from velfaerd.rules._engine import check as run_check  # noqa: PLC0415 - with the rules

    config = _config(request)
    portfolio, error = load(request)
    report = run_check(portfolio, config, as_of=request.as_of, left_out=error)
    return report, list(error.problems) if error is not None else []


def check(request: FilesRequest) -> Answer:
    """``POST /v1/check``: what ``velfaerd check --output-format json`` prints."""
    report, _ = check_report(request)
    summary = _formats.Summary.of(report.findings, report, lang=request.lang)
    rendered = _formats.render("json", report.findings, summary)
    return Answer(body=rendered.encode("utf-8"))


def _drawable(request: FilesRequest) -> tuple[Portfolio, Report]:
    """The portfolio and its report, when every file loads (as the commands draw)."""
    from velfaerd.rules._engine import check as run_check  # noqa: PLC0415 - with the rules

    portfolio, error = load(request)
    if error is not None:
        said = Text("serve.error.load-failed", {"count": len(error.problems)})
        raise RequestError(422, LOAD_FAILED, said, key="files")
    return portfolio, run_check(portfolio, Config(lang=request.lang), as_of=request.as_of)


def _unknown_agreement(error: Exception) -> RequestError:
    said = Text("serve.error.in-key", {"key": "agreement", "reason": str(error)})
    return RequestError(422, WRONG_SHAPE, said, key="agreement")


def timeline(request: FilesRequest) -> Answer:
    """``POST /v1/timeline``: the page ``velfaerd timeline`` writes."""
    from velfaerd import pictures  # noqa: PLC0415 - networkx, only when drawn

    portfolio, report = _drawable(request)
    try:
        page = pictures.timeline(
            portfolio,
            report,
            as_of=request.as_of,
            lang=request.lang,
            agreement=request.agreement,
        )
    except pictures.UnknownAgreementError as error:
        raise _unknown_agreement(error) from None
    return Answer(body=page.encode("utf-8"), media_type="text/html; charset=utf-8")


def calendar(request: FilesRequest) -> Answer:
    """``POST /v1/calendar``: the iCalendar file ``velfaerd calendar`` writes."""
    from velfaerd import pictures  # noqa: PLC0415 - icalendar, only when drawn

    portfolio, _ = _drawable(request)
    try:
        data = pictures.calendar(
            portfolio, agreement=request.agreement, as_of=request.as_of, lang=request.lang
        )
    except pictures.UnknownAgreementError as error:
        raise _unknown_agreement(error) from None
    return Answer(body=data, media_type="text/calendar; charset=utf-8")


def status(request: FilesRequest) -> Answer:
    """``POST /v1/status``: what ``velfaerd status --output-format json`` prints.

    As the command: ``as_of`` is required, ``within`` is ``60d`` unless given, and every
    file must load.
    """
    from velfaerd.errors import DateFormatError  # noqa: PLC0415 - only for this endpoint
    from velfaerd.followup import parse_within  # noqa: PLC0415
    from velfaerd.followup import status as follow_up  # noqa: PLC0415

    if request.as_of is None:
        wrong_shape("as_of", "missing-key", key="as_of")
    given = request.extra.get("within", "60d")
    if not isinstance(given, str):
        wrong_shape("within", "wrong-type", expected=kind("string"), found=type_name(given))
    try:
        # A period is a few characters: a longer text is refused before it is parsed.
        within = parse_within(given if len(given) <= _LONGEST_PERIOD else "")
    except DateFormatError:
        wrong_shape("within", "within", value=given[:_LONGEST_PERIOD])
    portfolio, error = load(request)
    if error is not None:  # as the command, which prints the problems and exits 1
        said = Text("serve.error.load-failed-status", {"count": len(error.problems)})
        raise RequestError(422, LOAD_FAILED, said, key="files")
    agreement = request.agreement
    try:
        report = follow_up(
            portfolio,
            as_of=request.as_of,
            within=within,
            agreement=agreement,
            config=Config(lang=request.lang),
        )
    except KeyError:
        known = ", ".join(item.id for item in portfolio.agreements)
        wrong_shape("agreement", "unknown-agreement", agreement=agreement, known=known)
    return json_answer(report.to_dict())


def diff(request: DiffRequest) -> Answer:
    """``POST /v1/diff``: what ``velfaerd diff OLD NEW --output-format json`` prints.

    Both sides are loaded from the request's bytes (a file that does not load is a
    ``LOAD`` finding of its side) and checked with the request's options.
    """
    from velfaerd.revisions import Loader, compare  # noqa: PLC0415 - only for this endpoint
    from velfaerd.rules._engine import check as run_check  # noqa: PLC0415 - with the rules

    config = _config(request.new)
    loader = Loader()  # a file both sides have alike is loaded once
    old, old_error = loader.load_data(request.old.files)
    new, new_error = loader.load_data(request.new.files)
    old_report = run_check(old, config, as_of=request.new.as_of, left_out=old_error)
    new_report = run_check(new, config, as_of=request.new.as_of, left_out=new_error)
    return json_answer(compare(old, new, old_report, new_report, alike=loader.alike).to_dict())


def rules(lang: str) -> Answer:
    """``GET /v1/rules``: what ``velfaerd rules --output-format json`` prints."""
    return json_answer(rule_list(lang))


def explain(code: str, lang: str) -> Answer:
    """``GET /v1/rules/{code}``: a rule (by code or name) or a ``LOAD`` code, explained."""
    from velfaerd.rules import all_rules  # noqa: PLC0415 - with the rules

    wanted = code.strip()
    for load_rule in LOAD_RULES:
        if wanted.upper() == load_rule.code or wanted.lower() == load_rule.name:
            said = load_rule.translated(lang)
            return json_answer(
                {
                    "code": said.code,
                    "name": said.name,
                    "family": "LOAD",
                    "severity": "error",
                    "summary": said.summary,
                    "explanation": (
                        f"# {said.code} ({said.name})\n\n"
                        f"{text('cli.load-explained', lang)}\n\n{said.description}\n"
                    ),
                }
            )
    known = all_rules()
    for rule in known:
        if wanted.upper() == rule.code or wanted.lower() == rule.name:
            said_rule = rule.translated(lang)
            return json_answer(
                {
                    "code": said_rule.code,
                    "name": said_rule.name,
                    "family": said_rule.family,
                    "severity": said_rule.severity.value,
                    "summary": said_rule.summary,
                    "explanation": said_rule.explanation,
                }
            )
    import difflib  # noqa: PLC0415 - only on the error path

    near = difflib.get_close_matches(wanted.upper(), [rule.code for rule in known], n=3)
    hint: Text | str = Text("common.did-you-mean", {"names": ", ".join(near)}) if near else ""
    unknown = Text("serve.error.unknown-rule", {"code": wanted[:100], "hint": hint})
    raise RequestError(404, UNKNOWN_RULE, unknown, key="code")
