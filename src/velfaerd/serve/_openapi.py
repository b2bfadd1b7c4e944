"""The OpenAPI 3.1 document of the API (``GET /openapi.json``).

Every request and response schema is named under ``components.schemas`` and described
(those components are ``_components``; this module lays out the paths, the operations
and their examples). Where the API carries agreement files, their schema is the
format's own JSON Schema (:func:`velfaerd.schema.json_schema`): a file is a TOML text
whose content is a ``Document``, and the format's tables are components beside the
API's. The examples are a real document of ``examples/`` (shipped with the package as
``velfaerd/serve/example.toml``) and what the service answers for it.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import TYPE_CHECKING, Any

from velfaerd.__about__ import __version__

# The component schemas are their own module (_components): this one lays out the
# paths and operations that refer to them, and the examples they show.
from velfaerd.serve._components import format_schemas, ref, schemas
from velfaerd.serve._requests import DIFF_KEYS, files_request, from_diff_json

if TYPE_CHECKING:
    from collections.abc import Sequence

    from velfaerd.serve._app import Endpoint
    from velfaerd.serve._requests import Limits

__all__ = ["EXAMPLE_NAME", "document", "example", "revised_example"]

#: The name the examples give the shipped example document.
EXAMPLE_NAME = "esbjerg-auraskolen.toml"
_EXAMPLE_AS_OF = "2013-09-01"


def example() -> str:
    """The example agreement file (``examples/esbjerg-auraskolen.toml``)."""
    return resources.files("velfaerd.serve").joinpath("example.toml").read_text(encoding="utf-8")


_ERRORS = {
    "400": "The body is not JSON, or not UTF-8.",
    "413": "The body is larger than the limit, or names more files than the limit.",
    "415": "The body's content type is not one this endpoint reads.",
    "422": "The request's shape is wrong: the error names the key.",
    "503": "The request took longer than the time limit, and was stopped.",
}


def _error_responses(*statuses: str) -> dict[str, Any]:
    return {
        status: {
            "description": _ERRORS[status],
            "content": {"application/json": {"schema": ref("Error")}},
        }
        for status in statuses
    }


_ACCEPT_LANGUAGE = {
    "name": "Accept-Language",
    "in": "header",
    "required": False,
    "description": "da chooses Danish (a lang in the request wins).",
    "schema": {"type": "string"},
}


def _query(name: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "string"},
    }


#: What each option is, as a query parameter beside a TOML body.
_QUERY = {
    "name": "the document's name in the findings (default: document.toml)",
    "as_of": "the day 'now' means, YYYY-MM-DD",
    "select": "comma-separated rule codes or prefixes to check",
    "ignore": "comma-separated rule codes or prefixes to skip",
    "extend_select": "comma-separated codes to check besides",
    "lang": "da or en",
    "agreement": "only the agreement with this id",
    "within": "how far ahead and back to look: 60d, 8w, 2m or 1y",
}


def _toml_query(keys: Sequence[str]) -> list[dict[str, Any]]:
    """The query parameters of an endpoint's options beside a TOML body."""
    return [_query(key, _QUERY[key]) for key in ("name", *keys) if key in _QUERY]


@functools.cache
def _examples() -> dict[str, Any]:
    """The example request, and what the service answers for it."""
    from velfaerd.serve import _work  # noqa: PLC0415 - the examples are answers

    files = {EXAMPLE_NAME: example()}
    options = {"as_of": _EXAMPLE_AS_OF, "lang": "da"}
    request = files_request([(EXAMPLE_NAME, example().encode("utf-8"))], options, "en")
    report = json.loads(_work.check(request).body)
    revised = {EXAMPLE_NAME: revised_example()}
    status_options = {"as_of": "2022-02-01", "within": "60d", "lang": "da"}
    status_request = files_request(
        [(EXAMPLE_NAME, revised_example().encode("utf-8"))], status_options, "en"
    )
    diff_request = from_diff_json(
        json.dumps({"old": files, "new": revised, "lang": "da"}).encode("utf-8"), DIFF_KEYS, "en"
    )
    return {
        "check": ({"files": files, **options}, report),
        "status": (
            {"files": revised, **status_options},
            json.loads(_work.status(status_request).body),
        ),
        "diff": (
            {"old": files, "new": revised, "lang": "da"},
            json.loads(_work.diff(diff_request).body),
        ),
        # The drawings' example: the files, as the check's.
        "files": ({"files": files, "as_of": _EXAMPLE_AS_OF, "lang": "da"}, None),
    }


def revised_example() -> str:
    """The example agreement file, revised: its yearly review dated (for status and diff)."""
    return example().replace('every = "1 year"  #', 'due = "primo marts 2022"\nevery = "1 year"  #')


def _operation(endpoint: Endpoint, limits: Limits) -> dict[str, Any]:
    del limits
    request_example, answer_example = _examples().get(endpoint.name, _examples()["files"])
    json_request: dict[str, Any] = {
        "schema": ref(endpoint.request_schema),
        "example": request_example,
    }
    content = {
        media_type: {"schema": ref(schema)} for media_type, schema in endpoint.response.items()
    }
    if answer_example is not None:
        content["application/json"]["example"] = answer_example
    body: dict[str, Any] = {"application/json": json_request}
    described = "The files as JSON."
    parameters = [_ACCEPT_LANGUAGE]
    if endpoint.reads_toml:
        body["application/toml"] = {"schema": ref("TomlDocument"), "example": example()}
        described = "The files as JSON, or one file as TOML with its name and options in the query."
        parameters += _toml_query(endpoint.keys)
    return {
        "operationId": endpoint.name,
        "summary": endpoint.summary,
        "description": endpoint.description,
        "parameters": parameters,
        "requestBody": {"required": True, "description": described, "content": body},
        "responses": {
            "200": {"description": endpoint.summary + ".", "content": content},
            **_error_responses("400", "413", "415", "422", "503"),
        },
    }


def _get(
    operation: str,
    summary: str,
    schema: str,
    media_type: str = "application/json",
    *,
    parameters: Sequence[dict[str, Any]] = (),
    responses: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "get": {
            "operationId": operation,
            "summary": summary,
            "parameters": [_ACCEPT_LANGUAGE, *parameters],
            "responses": {
                "200": {
                    "description": summary + ".",
                    "content": {media_type: {"schema": ref(schema)}},
                },
                **(responses or {}),
            },
        }
    }


def _page_post() -> dict[str, Any]:
    """``POST /``: the page's form, answered with a page (its errors too)."""
    page = {"text/html": {"schema": ref("Page")}}
    failed = {
        "413": "More bytes or files than the limits.",
        "415": "Not a form (multipart/form-data).",
        "422": "No file was chosen and nothing was pasted, or a name or date is wrong.",
        "503": "The check took longer than the time limit.",
    }
    return {
        "operationId": "page_check",
        "summary": "Check the files of the page's form",
        "requestBody": {
            "required": True,
            "content": {"multipart/form-data": {"schema": ref("PageForm")}},
        },
        "responses": {
            "200": {"description": "The findings by file, and the timeline.", "content": page},
            **{status: {"description": said, "content": page} for status, said in failed.items()},
        },
    }


def document(endpoints: Sequence[Endpoint], limits: Limits, *, server: str = "/") -> dict[str, Any]:
    """The OpenAPI document of the endpoints, with these limits, served under ``server``."""
    lang = _query("lang", "da or en")
    lang["schema"] = ref("Lang")
    paths: dict[str, Any] = {
        endpoint.path: {"post": _operation(endpoint, limits)} for endpoint in endpoints
    }
    paths["/v1/rules"] = _get(
        "rules", "List every rule", "Rules", parameters=[lang], responses=_error_responses("422")
    )
    paths["/v1/rules/{code}"] = _get(
        "explain",
        "Explain a rule or LOAD code",
        "RuleExplanation",
        parameters=[
            lang,
            {
                "name": "code",
                "in": "path",
                "required": True,
                "description": "a rule code or name, such as REV001 or annual-review-scheduled",
                "schema": {"type": "string"},
            },
        ],
        responses={
            "404": {
                "description": "No rule has this code or name.",
                "content": {"application/json": {"schema": ref("Error")}},
            },
            **_error_responses("422"),
        },
    )
    schema_lang = _query("lang", "da or en (default: both, as shipped)")
    schema_lang["schema"] = ref("Lang")
    paths["/v1/schema"] = _get(
        "schema",
        "The JSON Schema of the format",
        "FormatSchema",
        parameters=[schema_lang],
        responses=_error_responses("422"),
    )
    paths["/healthz"] = _get("healthz", "Whether the service answers", "Health")
    paths["/v1/healthz"] = _get("healthz_v1", "Whether the service answers", "Health")
    paths["/openapi.json"] = _get("openapi", "This document", "OpenAPI")
    paths["/"] = _get(
        "page",
        "The page for people",
        "Page",
        "text/html",
        parameters=[lang],
        responses=_error_responses("422"),
    )
    paths["/"]["post"] = _page_post()
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "velfaerd",
            "version": __version__,
            "description": (
                "Checks the agreements Danish municipalities make in their welfare areas: "
                "the checker of `velfaerd check` over HTTP. Nothing sent is kept or written."
            ),
        },
        "servers": [{"url": server}],
        "paths": paths,
        "components": {"schemas": {**schemas(limits), **format_schemas()}},
    }
