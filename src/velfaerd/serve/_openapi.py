"""The OpenAPI 3.1 document of the API (``GET /openapi.json``).

Every request and response schema is named under ``components.schemas`` and described.
Where the API carries agreement files, their schema is the format's own JSON Schema
(:func:`velfaerd.schema.json_schema`): a file is a TOML text whose content is a
``Document``, and the format's tables are components beside the API's. The examples
are a real document of ``examples/`` (shipped with the package as
``velfaerd/serve/example.toml``) and what the service answers for it.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import TYPE_CHECKING, Any

from velfaerd.__about__ import __version__
from velfaerd.serve._requests import (
    DIFF_KEYS,
    ERROR_CODES,
    MAX_NAME_LENGTH,
    files_request,
    from_diff_json,
)

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


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _format_schemas() -> dict[str, Any]:
    """The format's JSON Schema as components: ``Document`` and its tables."""
    from velfaerd.schema import json_schema  # noqa: PLC0415 - only for this document

    schema = json.loads(
        json.dumps(json_schema("en")).replace('"#/$defs/', '"#/components/schemas/')
    )
    tables: dict[str, Any] = schema.pop("$defs")
    schema.pop("$schema")
    schema["description"] = (
        "An agreement file in velfaerd's TOML format, as its JSON Schema describes it "
        "(the same schema as GET /v1/schema). " + schema["description"]
    )
    return {"Document": schema, **tables}


def _schemas(limits: Limits) -> dict[str, Any]:
    toml_text = {
        "type": "string",
        "contentMediaType": "application/toml",
        "contentSchema": _ref("Document"),
        "description": "The text of a TOML file in velfaerd's format.",
    }
    codes = {
        "type": "array",
        "items": {"type": "string", "pattern": "^[A-Za-z0-9]+$"},
        "description": "Rule codes or prefixes, such as REV001 or REV.",
    }
    finding = {
        "type": "object",
        "description": (
            "One thing a rule found, or a problem that kept a file from loading (its code "
            "LOAD001-LOAD005)."
        ),
        "required": ["code", "severity", "message", "source", "path", "line", "evidence"],
        "properties": {
            "code": {"type": "string", "description": "the rule's code, such as REV001"},
            "severity": {"enum": ["error", "warning", "info"]},
            "message": {"type": "string", "description": "what was found, in the language"},
            "subject": {"type": "string", "description": "the id of what it concerns"},
            "source": {"type": ["string", "null"], "description": "the file's name"},
            "path": {"type": "string", "description": "the key path in the file"},
            "line": {"type": ["integer", "null"], "description": "the line in the file"},
            "evidence": {"type": "object", "description": "the ids and dates compared"},
        },
    }
    return {
        "Files": {
            "type": "object",
            "description": (
                "Agreement files by name: each name is only a name (nothing is read from "
                "the server), written plainly as a relative or absolute path prints, at "
                f"most {MAX_NAME_LENGTH} characters; at most {limits.max_files} files."
            ),
            "additionalProperties": toml_text,
            "propertyNames": {"minLength": 1, "maxLength": MAX_NAME_LENGTH},
        },
        "TomlDocument": {
            **toml_text,
            "description": (
                "One agreement file as the body (`application/toml`); its name and the "
                "options are query parameters."
            ),
        },
        "AsOf": {
            "type": ["string", "null"],
            "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2}|today)$",
            "description": "The day 'now' means, as YYYY-MM-DD or 'today' (the server's).",
            "examples": ["2013-09-01"],
        },
        "Lang": {
            "enum": ["en", "da"],
            "description": "The language of the answer; else Accept-Language; else English.",
        },
        "Codes": {**codes, "type": ["array", "null"]},
        "CheckRequest": {
            "type": "object",
            "description": "Files to check, with the options of `velfaerd check`.",
            "required": ["files"],
            "additionalProperties": False,
            "properties": {
                "files": _ref("Files"),
                "as_of": _ref("AsOf"),
                "select": {**_ref("Codes"), "description": "check only these (--select)"},
                "ignore": {**_ref("Codes"), "description": "skip these (--ignore)"},
                "extend_select": {**_ref("Codes"), "description": "also these"},
                "lang": _ref("Lang"),
            },
        },
        "FilesRequest": {
            "type": "object",
            "description": "Files to draw, as `velfaerd timeline` and `calendar` draw them.",
            "required": ["files"],
            "additionalProperties": False,
            "properties": {
                "files": _ref("Files"),
                "as_of": _ref("AsOf"),
                "lang": _ref("Lang"),
                "agreement": {
                    "type": ["string", "null"],
                    "description": "only the agreement with this id (--agreement)",
                },
            },
        },
        "StatusRequest": {
            "type": "object",
            "description": "Files and a day, with the options of `velfaerd status`.",
            "required": ["files", "as_of"],
            "additionalProperties": False,
            "properties": {
                "files": _ref("Files"),
                "as_of": {**_ref("AsOf"), "description": "the day looked from (required)"},
                "within": {
                    "type": "string",
                    "description": (
                        "how far ahead and back to look (--within): 60d, 8w, 2m, 1y or a "
                        "period as the format writes one; 60d unless given"
                    ),
                    "examples": ["60d", "8w", "2m", "1y"],
                },
                "lang": _ref("Lang"),
                "agreement": {
                    "type": ["string", "null"],
                    "description": "only the agreement with this id (--agreement)",
                },
            },
        },
        "DiffRequest": {
            "type": "object",
            "description": (
                "Two revisions of the files, each checked with the options of `velfaerd "
                "diff` (its configuration's selection)."
            ),
            "required": ["old", "new"],
            "additionalProperties": False,
            "properties": {
                "old": {**_ref("Files"), "description": "the files before the revision"},
                "new": {**_ref("Files"), "description": "the files after it"},
                "as_of": _ref("AsOf"),
                "select": {**_ref("Codes"), "description": "check only these"},
                "ignore": {**_ref("Codes"), "description": "skip these"},
                "extend_select": {**_ref("Codes"), "description": "also these"},
                "lang": _ref("Lang"),
            },
        },
        "Finding": finding,
        "DateWindow": {
            "type": ["object", "null"],
            "description": (
                "A date as the document writes it (text), and the days it may mean "
                "(earliest is null for a deadline)."
            ),
            "required": ["text", "earliest", "latest"],
            "properties": {
                "text": {"type": "string"},
                "earliest": {"type": ["string", "null"], "format": "date"},
                "latest": {"type": "string", "format": "date"},
            },
        },
        "Due": {
            "type": "object",
            "description": "A milestone (or one occurrence of a recurring one) and its dates.",
            "required": ["milestone", "title", "kind", "occurrence", "due", "status"],
            "properties": {
                "milestone": {"type": "string", "description": "its id"},
                "title": {"type": "string"},
                "kind": {"type": "string"},
                "occurrence": {
                    "type": ["integer", "null"],
                    "description": "which occurrence of a recurring milestone (from 0)",
                },
                "due": _ref("DateWindow"),
                "moved_to": _ref("DateWindow"),
                "status": {"type": "string"},
                "held_on": _ref("DateWindow"),
                "responsible": {"type": ["string", "null"]},
                "path": {"type": "string", "description": "the key path in the file"},
            },
        },
        "FollowUp": {
            "type": "object",
            "description": "One agreement's follow-up on the day.",
            "required": [
                "id",
                "title",
                "start",
                "end",
                "overdue",
                "upcoming",
                "held",
                "unrecorded",
                "indicators",
                "findings",
            ],
            "properties": {
                "id": {"type": "string"},
                "title": {"type": "string"},
                "start": {"type": ["string", "null"], "format": "date"},
                "end": {"type": ["string", "null"], "format": "date"},
                "overdue": {
                    "type": "array",
                    "items": _ref("Due"),
                    "description": "ended and not met",
                },
                "upcoming": {
                    "type": "array",
                    "items": _ref("Due"),
                    "description": "due within `within` after the day",
                },
                "held": {
                    "type": "array",
                    "items": _ref("Due"),
                    "description": "held within `within` before the day",
                },
                "unrecorded": {
                    "type": "array",
                    "items": {"type": "object"},
                    "description": "recurring reviews with ended occurrences nothing records",
                },
                "indicators": {
                    "type": "array",
                    "items": {"type": "object"},
                    "description": "each indicator's latest value against its next target",
                },
                "findings": {"type": "array", "items": _ref("Finding")},
            },
        },
        "Status": {
            "type": "object",
            "description": (
                "What `velfaerd status --output-format json` prints: per agreement, what is "
                "overdue, coming up and held on the day."
            ),
            "required": ["version", "lang", "as_of", "within", "from", "to", "agreements"],
            "properties": {
                "version": {"const": 1, "description": "the version of this shape"},
                "lang": _ref("Lang"),
                "as_of": {"type": "string", "format": "date"},
                "within": {"type": "string", "description": "the period, such as 60 days"},
                "from": {"type": "string", "format": "date", "description": "first day"},
                "to": {"type": "string", "format": "date", "description": "last day"},
                "agreements": {"type": "array", "items": _ref("FollowUp")},
                "findings": {
                    "type": "array",
                    "items": _ref("Finding"),
                    "description": "findings of no one agreement",
                },
            },
        },
        "Change": {
            "type": "object",
            "description": (
                "An object added or removed, or one key of it changed (old and new values "
                "as the format writes them)."
            ),
            "required": ["change", "kind", "id", "scope", "agreement", "key", "old", "new"],
            "properties": {
                "change": {"enum": ["added", "removed", "changed"]},
                "kind": {"type": "string", "description": "the class, such as milestone"},
                "id": {"type": "string"},
                "scope": {"type": "string", "description": "the ids down to it"},
                "agreement": {"type": ["string", "null"]},
                "key": {"type": ["string", "null"]},
                "old": {"description": "the value before"},
                "new": {"description": "the value after"},
            },
        },
        "Diff": {
            "type": "object",
            "description": (
                "What `velfaerd diff --output-format json` prints: the changes, and the "
                "findings introduced and resolved (told apart by fingerprint)."
            ),
            "required": ["version", "lang", "changes", "introduced", "resolved", "summary"],
            "properties": {
                "version": {"const": 1, "description": "the version of this shape"},
                "lang": _ref("Lang"),
                "changes": {"type": "array", "items": _ref("Change")},
                "introduced": {"type": "array", "items": _ref("Finding")},
                "resolved": {"type": "array", "items": _ref("Finding")},
                "summary": {
                    "type": "object",
                    "description": "the counts; ok is false when an error is introduced",
                    "required": [
                        "added",
                        "removed",
                        "changed",
                        "introduced",
                        "introduced_errors",
                        "resolved",
                        "ok",
                    ],
                    "properties": {
                        "added": {"type": "integer", "minimum": 0},
                        "removed": {"type": "integer", "minimum": 0},
                        "changed": {"type": "integer", "minimum": 0},
                        "introduced": {"type": "integer", "minimum": 0},
                        "introduced_errors": {"type": "integer", "minimum": 0},
                        "resolved": {"type": "integer", "minimum": 0},
                        "ok": {"type": "boolean"},
                    },
                },
            },
        },
        "Report": {
            "type": "object",
            "description": (
                "What `velfaerd check --output-format json` prints: the findings in the "
                "order of the files, lines and codes, load problems among them."
            ),
            "required": ["version", "lang", "as_of", "findings", "waived", "rules", "summary"],
            "properties": {
                "version": {"const": 1, "description": "the version of this shape"},
                "lang": _ref("Lang"),
                "as_of": {"type": ["string", "null"], "description": "the day 'now' meant"},
                "findings": {"type": "array", "items": _ref("Finding")},
                "waived": {
                    "type": "array",
                    "items": _ref("Finding"),
                    "description": "findings a waiver set aside",
                },
                "rules": {
                    "type": "array",
                    "description": "whether each rule ran, and if not, why",
                    "items": {
                        "type": "object",
                        "required": ["code", "ran", "reason"],
                        "properties": {
                            "code": {"type": "string"},
                            "ran": {"type": "boolean"},
                            "reason": {"type": ["string", "null"]},
                        },
                    },
                },
                "summary": {
                    "type": "object",
                    "description": "the counts; ok is false when a finding is an error",
                    "required": ["errors", "warnings", "infos", "waived", "ok"],
                    "properties": {
                        "errors": {"type": "integer", "minimum": 0},
                        "warnings": {"type": "integer", "minimum": 0},
                        "infos": {"type": "integer", "minimum": 0},
                        "waived": {"type": "integer", "minimum": 0},
                        "ok": {"type": "boolean"},
                    },
                },
            },
        },
        "Rule": {
            "type": "object",
            "description": "A rule, as `velfaerd rules --output-format json` lists it.",
            "required": ["code", "name", "family", "severity", "summary", "needs_as_of"],
            "properties": {
                "code": {"type": "string"},
                "name": {"type": "string", "description": "its kebab-case name"},
                "family": {"type": "string", "description": "the letters of its code"},
                "severity": {"enum": ["error", "warning", "info"]},
                "summary": {"type": "string"},
                "needs_as_of": {"type": "boolean", "description": "runs only with as_of"},
                "plugin": {"type": ["string", "null"], "description": "the package adding it"},
            },
        },
        "Rules": {"type": "array", "items": _ref("Rule"), "description": "Every rule."},
        "RuleExplanation": {
            "type": "object",
            "description": "A rule or LOAD code explained, as `velfaerd explain` does.",
            "required": ["code", "name", "family", "severity", "summary", "explanation"],
            "properties": {
                "code": {"type": "string"},
                "name": {"type": "string"},
                "family": {"type": "string"},
                "severity": {"enum": ["error", "warning", "info"]},
                "summary": {"type": "string"},
                "explanation": {
                    "type": "string",
                    "description": "Markdown: what it checks, why, a failing and a fixed example",
                },
            },
        },
        "FormatSchema": {
            "type": "object",
            "description": "The JSON Schema (draft 2020-12) of the TOML format, for editors.",
        },
        "Timeline": {"type": "string", "description": "One self-contained HTML page."},
        "Calendar": {"type": "string", "description": "An iCalendar (RFC 5545) file."},
        "Page": {"type": "string", "description": "The HTML page for people."},
        "PageForm": {
            "type": "object",
            "description": "The page's form: files chosen, or a document pasted, and options.",
            "properties": {
                "files": {
                    "type": "array",
                    "items": {"type": "string", "format": "binary"},
                    "description": "agreement files, by their names",
                },
                "text": {"type": "string", "description": "a pasted TOML document"},
                "name": {"type": "string", "description": "the pasted document's name"},
                "lang": _ref("Lang"),
                "as_of": {"type": "string", "description": "YYYY-MM-DD, or empty"},
            },
        },
        "Health": {
            "type": "object",
            "description": "The service answers.",
            "required": ["status", "version"],
            "properties": {"status": {"const": "ok"}, "version": {"type": "string"}},
        },
        "OpenAPI": {"type": "object", "description": "This document."},
        "Error": {
            "type": "object",
            "description": "Why a request was not answered.",
            "required": ["error"],
            "additionalProperties": False,
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message"],
                    "additionalProperties": False,
                    "properties": {
                        "code": {"enum": list(ERROR_CODES), "description": "stable, for programs"},
                        "message": {"type": "string", "description": "for people, in the lang"},
                        "key": {"type": "string", "description": "the key that was wrong"},
                    },
                }
            },
        },
    }


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
            "content": {"application/json": {"schema": _ref("Error")}},
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
        "schema": _ref(endpoint.request_schema),
        "example": request_example,
    }
    content = {
        media_type: {"schema": _ref(schema)} for media_type, schema in endpoint.response.items()
    }
    if answer_example is not None:
        content["application/json"]["example"] = answer_example
    body: dict[str, Any] = {"application/json": json_request}
    described = "The files as JSON."
    parameters = [_ACCEPT_LANGUAGE]
    if endpoint.reads_toml:
        body["application/toml"] = {"schema": _ref("TomlDocument"), "example": example()}
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
                    "content": {media_type: {"schema": _ref(schema)}},
                },
                **(responses or {}),
            },
        }
    }


def _page_post() -> dict[str, Any]:
    """``POST /``: the page's form, answered with a page (its errors too)."""
    page = {"text/html": {"schema": _ref("Page")}}
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
            "content": {"multipart/form-data": {"schema": _ref("PageForm")}},
        },
        "responses": {
            "200": {"description": "The findings by file, and the timeline.", "content": page},
            **{status: {"description": said, "content": page} for status, said in failed.items()},
        },
    }


def document(endpoints: Sequence[Endpoint], limits: Limits, *, server: str = "/") -> dict[str, Any]:
    """The OpenAPI document of the endpoints, with these limits, served under ``server``."""
    lang = _query("lang", "da or en")
    lang["schema"] = _ref("Lang")
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
                "content": {"application/json": {"schema": _ref("Error")}},
            },
            **_error_responses("422"),
        },
    )
    schema_lang = _query("lang", "da or en (default: both, as shipped)")
    schema_lang["schema"] = _ref("Lang")
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
        "components": {"schemas": {**_schemas(limits), **_format_schemas()}},
    }
