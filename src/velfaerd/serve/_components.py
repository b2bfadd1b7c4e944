"""The components of the OpenAPI document: every schema its operations name.

:func:`schemas` describes the API's own request and response bodies (``Files``,
``CheckRequest``, ``Report``, ``Status``, ``Error``, …), each named and described;
:func:`format_schemas` turns the format's JSON Schema into components (``Document``
and its tables), so that a file the API carries is described by the format itself.
The document (``_openapi``) refers to them by :func:`ref`. They are apart from it
because they are the API's data, and the document its paths and operations.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from velfaerd.serve._requests import ERROR_CODES, MAX_NAME_LENGTH

if TYPE_CHECKING:
    from velfaerd.serve._requests import Limits

__all__ = ["format_schemas", "ref", "schemas"]


def ref(name: str) -> dict[str, str]:
    """A reference to the component schema ``name``."""
    return {"$ref": f"#/components/schemas/{name}"}


def format_schemas() -> dict[str, Any]:
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


def schemas(limits: Limits) -> dict[str, Any]:
    """The API's own component schemas, their bounds those of ``limits``."""
    toml_text = {
        "type": "string",
        "contentMediaType": "application/toml",
        "contentSchema": ref("Document"),
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
                "files": ref("Files"),
                "as_of": ref("AsOf"),
                "select": {**ref("Codes"), "description": "check only these (--select)"},
                "ignore": {**ref("Codes"), "description": "skip these (--ignore)"},
                "extend_select": {**ref("Codes"), "description": "also these"},
                "lang": ref("Lang"),
            },
        },
        "FilesRequest": {
            "type": "object",
            "description": "Files to draw, as `velfaerd timeline` and `calendar` draw them.",
            "required": ["files"],
            "additionalProperties": False,
            "properties": {
                "files": ref("Files"),
                "as_of": ref("AsOf"),
                "lang": ref("Lang"),
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
                "files": ref("Files"),
                "as_of": {**ref("AsOf"), "description": "the day looked from (required)"},
                "within": {
                    "type": "string",
                    "description": (
                        "how far ahead and back to look (--within): 60d, 8w, 2m, 1y or a "
                        "period as the format writes one; 60d unless given"
                    ),
                    "examples": ["60d", "8w", "2m", "1y"],
                },
                "lang": ref("Lang"),
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
                "old": {**ref("Files"), "description": "the files before the revision"},
                "new": {**ref("Files"), "description": "the files after it"},
                "as_of": ref("AsOf"),
                "select": {**ref("Codes"), "description": "check only these"},
                "ignore": {**ref("Codes"), "description": "skip these"},
                "extend_select": {**ref("Codes"), "description": "also these"},
                "lang": ref("Lang"),
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
                "due": ref("DateWindow"),
                "moved_to": ref("DateWindow"),
                "status": {"type": "string"},
                "held_on": ref("DateWindow"),
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
                    "items": ref("Due"),
                    "description": "ended and not met",
                },
                "upcoming": {
                    "type": "array",
                    "items": ref("Due"),
                    "description": "due within `within` after the day",
                },
                "held": {
                    "type": "array",
                    "items": ref("Due"),
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
                "findings": {"type": "array", "items": ref("Finding")},
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
                "lang": ref("Lang"),
                "as_of": {"type": "string", "format": "date"},
                "within": {"type": "string", "description": "the period, such as 60 days"},
                "from": {"type": "string", "format": "date", "description": "first day"},
                "to": {"type": "string", "format": "date", "description": "last day"},
                "agreements": {"type": "array", "items": ref("FollowUp")},
                "findings": {
                    "type": "array",
                    "items": ref("Finding"),
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
                "lang": ref("Lang"),
                "changes": {"type": "array", "items": ref("Change")},
                "introduced": {"type": "array", "items": ref("Finding")},
                "resolved": {"type": "array", "items": ref("Finding")},
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
                "lang": ref("Lang"),
                "as_of": {"type": ["string", "null"], "description": "the day 'now' meant"},
                "findings": {"type": "array", "items": ref("Finding")},
                "waived": {
                    "type": "array",
                    "items": ref("Finding"),
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
        "Rules": {"type": "array", "items": ref("Rule"), "description": "Every rule."},
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
                "lang": ref("Lang"),
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
