"""The application: the endpoint table, the limits on each request, the access log.

Every endpoint that takes files is a row of :data:`ENDPOINTS`: how its body is read
(:mod:`velfaerd.serve._requests`), the work that answers it
(:mod:`velfaerd.serve._work`), and what the OpenAPI document says of it. A command
of the command line becomes an endpoint by adding a row, as ``status`` and ``diff`` did.

Each request's body is read up to the limit (413 past it, before the rest is read),
then read, loaded and checked in a worker thread under a time limit: past it, the
client is answered 503 at once, and the abandoned work (bounded by the input limits)
ends on its own. At most :data:`THREADS` requests work at once in a process; the
others wait, within their own time limit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import anyio
import anyio.to_thread
import attrs
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import Route

from velfaerd.__about__ import __version__
from velfaerd.cli._serve import ENVIRONMENT
from velfaerd.i18n import LANGUAGES, Text
from velfaerd.serve import _page, _work
from velfaerd.serve._requests import (
    CHECK_KEYS,
    DIFF_KEYS,
    FILES_KEYS,
    INTERNAL,
    METHOD_NOT_ALLOWED,
    STATUS_KEYS,
    TIMEOUT,
    TOO_LARGE,
    TOO_MANY_FILES,
    UNSUPPORTED,
    WRONG_SHAPE,
    DiffRequest,
    FilesRequest,
    Limits,
    RequestError,
    from_diff_json,
    from_json,
    from_query,
    language,
)

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from starlette.requests import Request
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "ENDPOINTS",
    "THREADS",
    "Endpoint",
    "create_app",
    "from_environment",
    "limits_from_environment",
    "read_diff",
    "read_files",
]

#: Requests that work at once in one process (the others wait their turn).
THREADS = 4

#: The access log: one line per request, in the common log format with the time taken.
LOG = logging.getLogger("velfaerd.serve")

JSON = "application/json"
_METHOD_NOT_ALLOWED = 405
TOML = "application/toml"


@attrs.frozen(kw_only=True)
class Endpoint:
    """A ``POST /v1/<name>`` endpoint that takes files: how it is read, worked and described.

    ``read`` turns the body (its media type and the query) into the request ``work``
    answers; ``keys`` are the JSON body's keys. ``summary``, ``description``,
    ``request_schema`` and ``response`` are what the OpenAPI document says of it
    (``response``: media type → the name of its schema under ``components``).
    """

    name: str
    keys: tuple[str, ...]
    work: Callable[[Any], _work.Answer]
    summary: str
    description: str
    response: dict[str, str]
    request_schema: str = "FilesRequest"
    #: Whether it also reads one TOML document (``application/toml``) as its body.
    reads_toml: bool = True
    read: Callable[[bytes, str, Sequence[tuple[str, str]], tuple[str, ...], str], Any] = (
        attrs.field(factory=lambda: read_files)
    )

    @property
    def path(self) -> str:
        """Where it answers."""
        return f"/v1/{self.name}"


def read_files(
    body: bytes, media_type: str, query: Sequence[tuple[str, str]], keys: tuple[str, ...], lang: str
) -> FilesRequest:
    """Files from a JSON body, or one TOML document with the options in the query."""
    if media_type == JSON:
        if query:
            raise _query_with_json(query[0][0])
        return from_json(body, keys, lang)
    if media_type == TOML:
        return from_query(body, query, keys, lang)
    raise _unsupported(media_type, f"{JSON} or {TOML}")


def read_diff(
    body: bytes, media_type: str, query: Sequence[tuple[str, str]], keys: tuple[str, ...], lang: str
) -> DiffRequest:
    """Two sides' files from a JSON body ``{"old": {…}, "new": {…}, …}`` (only JSON)."""
    if media_type != JSON:
        raise _unsupported(media_type, JSON)
    if query:
        raise _query_with_json(query[0][0])
    return from_diff_json(body, keys, lang)


def _query_with_json(name: str) -> RequestError:
    said = Text("serve.error.query-with-json", {"key": name})
    return RequestError(422, WRONG_SHAPE, said, key=name)


def _unsupported(given: str, accepted: str) -> RequestError:
    said = Text("serve.error.media-type", {"given": given, "accepted": accepted})
    return RequestError(415, UNSUPPORTED, said)


#: The endpoints that take files (a command of the command line is a row).
ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        name="check",
        keys=CHECK_KEYS,
        work=_work.check,
        summary="Check agreement files",
        description=(
            "What `velfaerd check --output-format json` prints for the same files and "
            "options: the report, with files that do not load as LOAD findings."
        ),
        response={JSON: "Report"},
        request_schema="CheckRequest",
    ),
    Endpoint(
        name="timeline",
        keys=FILES_KEYS,
        work=_work.timeline,
        summary="Draw the agreements' timeline",
        description=(
            "The self-contained HTML page `velfaerd timeline` writes. Every file must load."
        ),
        response={"text/html": "Timeline"},
    ),
    Endpoint(
        name="calendar",
        keys=FILES_KEYS,
        work=_work.calendar,
        summary="Export the dated milestones as iCalendar",
        description=(
            "The RFC 5545 file `velfaerd calendar` writes: one all-day event per dated "
            "milestone. Every file must load."
        ),
        response={"text/calendar": "Calendar"},
    ),
    Endpoint(
        name="status",
        keys=STATUS_KEYS,
        work=_work.status,
        summary="Say what is overdue, coming up and held on a day",
        description=(
            "What `velfaerd status --output-format json` prints for the same files and "
            "options: per agreement, the milestones overdue on `as_of` (required), those "
            "coming up and held within `within` of it (60d unless given), the reviews "
            "nothing records, the indicators against their targets, and the findings of "
            "the rules that need a date. Every file must load."
        ),
        response={JSON: "Status"},
        request_schema="StatusRequest",
    ),
    Endpoint(
        name="diff",
        keys=DIFF_KEYS,
        work=_work.diff,
        summary="Compare two revisions of agreement files",
        description=(
            "What `velfaerd diff OLD NEW --output-format json` prints: the objects added, "
            "removed and changed (by id, each change naming the key and its old and new "
            "value), and the findings the new revision introduces and resolves. A file "
            "that does not load is a LOAD finding of its side."
        ),
        response={JSON: "Diff"},
        request_schema="DiffRequest",
        reads_toml=False,
        read=read_diff,
    ),
)


def limits_from_environment(environ: dict[str, str] | None = None) -> Limits:
    """The limits ``velfaerd serve`` set in the environment (the defaults where unset)."""
    environ = dict(os.environ if environ is None else environ)
    values: dict[str, Any] = {}
    for field, name in ENVIRONMENT.items():
        if name in environ:
            values[field] = float(environ[name]) if field == "time_limit" else int(environ[name])
    return Limits(**values)


def from_environment() -> Starlette:
    """The application with the limits of the environment: what ``velfaerd serve`` runs."""
    return create_app(limits_from_environment())


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").partition(";")[0].strip().lower()


def _answer(answer: _work.Answer, **headers: str) -> Response:
    return Response(
        answer.body,
        status_code=answer.status,
        media_type=answer.media_type,
        headers=headers or None,
    )


def _error(error: RequestError, lang: str, **headers: str) -> Response:
    return _answer(_work.json_answer(error.to_dict(lang), error.status), **headers)


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused (413) as soon as it is longer than ``limit`` bytes."""
    too_large = RequestError(413, TOO_LARGE, Text("serve.error.too-large", {"limit": limit}))
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


class _Service:
    """The application's state: its limits, and the threads its work runs in."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._limiter: anyio.CapacityLimiter | None = None

    async def run(self, job: Callable[[], _work.Answer], lang: str) -> Response:
        """``job`` in a worker thread, answered 503 when it takes too long.

        Whatever the job raises is a 500 with the error's name, never a traceback.
        """
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(THREADS)
        seconds = self.limits.time_limit
        try:
            with anyio.fail_after(seconds):
                answer = await anyio.to_thread.run_sync(
                    _guarded, job, lang, abandon_on_cancel=True, limiter=self._limiter
                )
        except TimeoutError:
            said = Text("serve.error.timeout", {"seconds": f"{seconds:g}"})
            return _error(RequestError(503, TIMEOUT, said), lang, **{"Retry-After": "5"})
        return _answer(answer)

    def endpoint(self, endpoint: Endpoint) -> Callable[[Request], Any]:
        async def answer(request: Request) -> Response:
            lang = language(request.headers.get("accept-language"))
            try:
                body = await read_body(request, self.limits.max_body)
            except RequestError as error:
                return _error(error, lang)
            media_type = _media_type(request)
            query = list(request.query_params.multi_items())

            def job() -> _work.Answer:
                said = lang
                try:
                    read = endpoint.read(body, media_type, query, endpoint.keys, lang)
                    said = getattr(read, "lang", lang)
                    self.count_files(read)
                    return endpoint.work(read)
                except RequestError as error:
                    return _work.json_answer(error.to_dict(said), error.status)

            return await self.run(job, lang)

        return answer

    def count_files(self, read: object) -> None:
        """Refuse (413) more files than the limit."""
        files = getattr(read, "files", ())
        if len(files) > self.limits.max_files:
            said = Text(
                "serve.error.too-many-files",
                {"count": len(files), "limit": self.limits.max_files},
            )
            raise RequestError(413, TOO_MANY_FILES, said, key="files")

    async def rules(self, request: Request) -> Response:
        lang = self._lang(request)
        return await self.run(lambda: _work.rules(lang), lang)

    async def rule(self, request: Request) -> Response:
        lang = self._lang(request)
        code = str(request.path_params["code"])

        def job() -> _work.Answer:
            try:
                return _work.explain(code, lang)
            except RequestError as error:
                return _work.json_answer(error.to_dict(lang), error.status)

        return await self.run(job, lang)

    async def schema(self, request: Request) -> Response:
        from velfaerd.schema import json_schema  # noqa: PLC0415 - only for this endpoint

        given = request.query_params.get("lang")
        if given is not None and given not in LANGUAGES:
            lang = language(request.headers.get("accept-language"))
            return _error(_lang_error(given), lang)
        return _answer(_work.json_answer(json_schema(given)))

    async def healthz(self, request: Request) -> Response:
        del request
        return _answer(_work.json_answer({"status": "ok", "version": __version__}))

    async def openapi(self, request: Request) -> Response:
        from velfaerd.serve._openapi import document  # noqa: PLC0415 - only when asked

        root = request.scope.get("root_path", "")
        return _answer(_work.json_answer(document(ENDPOINTS, self.limits, server=root or "/")))

    async def page(self, request: Request) -> Response:
        lang = self._lang(request)
        if request.method == "GET":
            html = _page.form(lang)
            return Response(html, media_type="text/html; charset=utf-8", headers=_page.HEADERS)
        try:
            body = await read_body(request, self.limits.max_body)
        except RequestError as error:
            body_html = _page.failed(error.to_dict(lang)["error"]["message"], lang)
            return Response(
                body_html,
                status_code=error.status,
                media_type="text/html; charset=utf-8",
                headers=_page.HEADERS,
            )
        content_type = request.headers.get("content-type", "")

        def job() -> _work.Answer:
            return _page.results(body, content_type, lang, self.limits.max_files)

        response = await self.run(job, lang)
        response.headers.update(_page.HEADERS)
        return response

    def _lang(self, request: Request) -> str:
        """``?lang=``, else ``Accept-Language``.

        :raises RequestError: 422 for a language velfaerd does not speak.
        """
        given = request.query_params.get("lang")
        if given is None:
            return language(request.headers.get("accept-language"))
        if given not in LANGUAGES:
            raise _lang_error(given)
        return given


def _guarded(job: Callable[[], _work.Answer], lang: str) -> _work.Answer:
    """The job's answer; an unexpected error logged, and answered 500 without a traceback."""
    try:
        return job()
    except Exception as error:
        LOG.exception("internal error")
        said = Text("serve.error.internal", {"error": type(error).__name__})
        return _work.json_answer(RequestError(500, INTERNAL, said).to_dict(lang), 500)


def _lang_error(value: str) -> RequestError:
    said = Text(
        "serve.error.lang", {"key": "lang", "languages": ", ".join(LANGUAGES), "value": value}
    )
    return RequestError(422, WRONG_SHAPE, said, key="lang")


async def _request_error(request: Request, error: Exception) -> Response:
    """A request refused before its work began, as the API's JSON."""
    assert isinstance(error, RequestError)  # noqa: S101 - registered for it alone
    return _error(error, language(request.headers.get("accept-language")))


async def _http_error(request: Request, error: Exception) -> Response:
    """Starlette's own errors (no such path, a method not allowed) as the API's JSON."""
    assert isinstance(error, HTTPException)  # noqa: S101 - registered for it alone
    lang = language(request.headers.get("accept-language"))
    if error.status_code == _METHOD_NOT_ALLOWED:
        allowed = (error.headers or {}).get("Allow", "")
        said = Text("serve.error.method", {"method": request.method, "allowed": allowed})
        return _error(RequestError(405, METHOD_NOT_ALLOWED, said), lang, Allow=allowed)
    said = Text("serve.error.not-found", {"path": request.url.path})
    return _error(RequestError(error.status_code, "not-found", said), lang)


class AccessLog:
    """One line per request in the common log format, with the milliseconds it took.

    ``127.0.0.1 - - [07/Dec/2026:02:18:57 +0000] "POST /v1/check HTTP/1.1" 200 1234 12.3``
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        size = 0

        async def sending(message: Message) -> None:
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = int(message["status"])
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            LOG.info(_log_line(scope, status, size, time.perf_counter() - started))


def _log_line(scope: Scope, status: int, size: int, seconds: float) -> str:
    client = scope.get("client") or ("-", 0)
    query = scope.get("query_string", b"")
    path = scope.get("path", "")  # with the root path in front, as the client asked
    target = path + ("?" + query.decode("latin-1") if query else "")
    target = target.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    when = dt.datetime.now(dt.timezone.utc).strftime("%d/%b/%Y:%H:%M:%S %z")
    request = f"{scope.get('method', '-')} {target} HTTP/{scope.get('http_version', '1.1')}"
    return f'{client[0]} - - [{when}] "{request}" {status} {size} {seconds * 1000:.1f}'


@contextlib.asynccontextmanager
async def _warm(app: Starlette) -> AsyncIterator[None]:
    """Import the rules before the first request, rather than in it."""
    del app
    from velfaerd.rules import all_rules  # noqa: PLC0415 - once, at startup

    all_rules()
    yield


def create_app(limits: Limits | None = None) -> Starlette:
    """The ASGI application of ``velfaerd serve``, with these limits (else the defaults)."""
    service = _Service(limits or Limits())
    routes = [
        Route("/", service.page, methods=["GET", "POST"]),
        Route("/healthz", service.healthz, methods=["GET"]),
        Route("/v1/healthz", service.healthz, methods=["GET"]),
        Route("/openapi.json", service.openapi, methods=["GET"]),
        Route("/v1/rules", service.rules, methods=["GET"]),
        Route("/v1/rules/{code}", service.rule, methods=["GET"]),
        Route("/v1/schema", service.schema, methods=["GET"]),
        *(
            Route(endpoint.path, service.endpoint(endpoint), methods=["POST"])
            for endpoint in ENDPOINTS
        ),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: _http_error, RequestError: _request_error},
        lifespan=_warm,
    )
    app.add_middleware(AccessLog)
    return app
