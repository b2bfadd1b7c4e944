"""A JSON Schema (draft 2020-12) of velfaerd's TOML format, for editors.

The schema is generated from the model — the keys the loader reads
(:func:`velfaerd.format._convert.known_keys`), their types, the choices of each enum — so that
it cannot drift from what :func:`velfaerd.load` accepts. Each key's ``description`` is
its meaning in the format reference (``docs/format.md``), with the Danish words a
document uses for it, and after a blank line the same in Danish (the Danish catalogue's
``[schema.<Table>]``); ``json_schema("en")`` and ``json_schema("da")`` give one
language. Unknown keys are refused (``additionalProperties: false``), as the loader
refuses them.

Editors that read JSON Schema for TOML — Taplo and the *Even Better TOML* extension
for VS Code — then complete keys and underline mistakes as you type. The package ships
the schema as ``velfaerd/velfaerd.schema.json``; ``velfaerd schema -o FILE`` writes it.

It validates TOML *documents*, as an editor reads them, where a TOML date is a string
of the format ``date``. The dicts ``tomllib`` and ``tomli`` return hold a
:class:`datetime.date` there, which no JSON Schema type is: check parsed data with
:func:`velfaerd.from_dict`, or extend a ``jsonschema`` validator to take a date where
the schema says ``"format": "date"`` (``docs/cli.md``, "Parsed data").

>>> schema = json_schema()
>>> schema["$schema"]
'https://json-schema.org/draft/2020-12/schema'
>>> schema["$defs"]["Actor"]["properties"]["kind"]["enum"][:3]
['council', 'committee', 'administration']
>>> schema["$defs"]["Agreement"]["required"]
['id', 'title', 'kind', 'parties']
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import types
import typing
from importlib import resources
from typing import Any, Union

import attrs

from velfaerd.dates import DateWindow, Period
from velfaerd.format._convert import ID_KEYS, Document, known_keys
from velfaerd.format._reference import MEANINGS
from velfaerd.format._values import FORMAT_VERSION
from velfaerd.i18n import check_language, lookup
from velfaerd.model import MAX_ID_LENGTH

__all__ = ["json_schema", "schema_text", "shipped_schema"]

_SHIPPED = "velfaerd.schema.json"

_DATE: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "format": "date"},
        {"type": "string", "minLength": 1},
    ],
}
_PERIOD: dict[str, Any] = {
    "type": "string",
    "pattern": r"^\s*(\d+|[A-Za-zæøåÆØÅé]+)\s*[A-Za-zæøåÆØÅ]+\s*$",
}
_YEAR: dict[str, Any] = {"type": "integer", "minimum": 1000, "maximum": 9999}
#: An indicator's value: a number, or Danish text with a decimal comma (``"3,9"``).
_VALUE: dict[str, Any] = {
    "anyOf": [
        {"type": "number"},
        {"type": "string", "pattern": r"^\s*[-+−]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?\s*$"},
    ]
}

#: Keys whose TOML form is not what their Python type says.
_SPECIAL: dict[tuple[str, str], dict[str, Any]] = {
    ("Document", "format"): {"type": "integer", "const": FORMAT_VERSION},
    ("Agreement", "review_every"): {"anyOf": [_PERIOD, {"type": "string", "const": "none"}]},
    ("Agreement", "year"): _YEAR,
    ("Budget", "year"): _YEAR,
    ("IndicatorBaseline", "value"): _VALUE,
    ("Target", "value"): _VALUE,
    ("Measurement", "value"): _VALUE,
    ("Budget", "amount"): {
        "anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "minLength": 1}]
    },
}

_ROLE = re.compile(r"\s*\(\{ref\}`[^`]*`\)|\{(?:ref|doc)\}`[^`]*`")
_CODE_ROLE = re.compile(r"\{(?:func|class|attr|meth)\}`~?([^`]*)`")


def _plain(text: str) -> str:
    """The format reference's Markdown, without Sphinx roles (an editor shows it raw)."""
    return _CODE_ROLE.sub(r"`\1`", _ROLE.sub("", text)).strip()


def _english(cls_name: str, key: str) -> str | None:
    entry = MEANINGS["en"].get(cls_name, {}).get(key)
    if entry is None:
        return None
    meaning, danish = entry
    text = _plain(meaning)
    if danish:
        text += f" (Danish: {danish.replace('*', '')})"
    return text


def _danish(cls_name: str, key: str) -> str | None:
    entry = lookup(f"schema.{cls_name}.{key}", "da")
    return _plain(entry) if isinstance(entry, str) and entry.strip() else None


def _description(cls_name: str, key: str, lang: str | None) -> str | None:
    """A key's description: English, Danish (English where it has none), or both.

    ``lang=None`` gives both, English first and the Danish after a blank line: Taplo
    shows a description as Markdown, so the two become two paragraphs of one hover.
    """
    english = _english(cls_name, key)
    if lang == "en":
        return english
    danish = _danish(cls_name, key)
    if lang == "da" or english is None or danish is None:
        return danish or english
    return f"{english}\n\n{danish}"


def _is_optional(annotation: object) -> bool:
    origin = typing.get_origin(annotation)
    return (origin is Union or origin is types.UnionType) and type(None) in typing.get_args(
        annotation
    )


def _type(annotation: object, defs: dict[str, Any], lang: str | None) -> dict[str, Any]:  # noqa: PLR0911
    if _is_optional(annotation):
        (inner,) = (a for a in typing.get_args(annotation) if a is not type(None))
        return _type(inner, defs, lang)
    if typing.get_origin(annotation) is tuple:
        item = typing.get_args(annotation)[0]
        return {"type": "array", "items": _type(item, defs, lang)}
    if annotation in {DateWindow, dt.date}:
        return dict(_DATE)
    if annotation is Period:
        return dict(_PERIOD)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return {"type": "string", "enum": [member.value for member in annotation]}
    if annotation is bool:
        return {"type": "boolean"}
    if annotation is int:
        return {"type": "integer"}
    if annotation is str:
        return {"type": "string"}
    if isinstance(annotation, type) and attrs.has(annotation):
        _define(annotation, defs, lang)
        return {"$ref": f"#/$defs/{annotation.__name__}"}
    msg = f"no JSON Schema type for {annotation!r}"  # pragma: no cover - a new model type
    raise TypeError(msg)  # pragma: no cover


def _id(schema: dict[str, Any]) -> dict[str, Any]:
    """An id, or an array of them: at most :data:`MAX_ID_LENGTH` characters each."""
    if schema.get("type") == "array":
        return {**schema, "items": _id(schema["items"])}
    return {**schema, "maxLength": MAX_ID_LENGTH}


def _define(cls: type, defs: dict[str, Any], lang: str | None) -> dict[str, Any]:
    name = cls.__name__
    if name in defs:
        return defs[name]  # type: ignore[no-any-return]
    table: dict[str, Any] = {"type": "object"}
    defs[name] = table
    hints = typing.get_type_hints(cls)
    fields = attrs.fields_dict(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for key in known_keys(cls):
        schema = dict(_SPECIAL.get((name, key)) or _type(hints[key], defs, lang))
        if key in ID_KEYS.get(cls, ()):
            schema = _id(schema)
        description = _description(name, key, lang)
        if description:
            schema = {"description": description, **schema}
        properties[key] = schema
        if fields[key].default is attrs.NOTHING:
            required.append(key)
    class_doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    if class_doc:
        table["description"] = " ".join(class_doc.split())
    table["properties"] = properties
    if required:
        table["required"] = required
    table["additionalProperties"] = False
    return table


def json_schema(lang: str | None = None) -> dict[str, Any]:
    """Return the JSON Schema of a velfaerd TOML file, as a dict.

    :param lang: the language of the keys' descriptions: ``"en"`` (the format
        reference's meaning, with the Danish words a document uses), ``"da"`` (the
        Danish catalogue's ``[schema.<Table>]`` texts; a key without one has its
        English), or ``None`` (the default, as shipped): both, English first and the
        Danish after a blank line.
    :raises ~velfaerd.ConfigError: for a language velfaerd does not speak.

    >>> description = json_schema()["$defs"]["Milestone"]["properties"]["met_on"]["description"]
    >>> print(description)
    when it was met (Danish: afholdt, gennemført)
    <BLANKLINE>
    hvornår den blev nået (i dokumenterne: afholdt, gennemført)
    >>> json_schema("da")["$defs"]["Milestone"]["properties"]["met_on"]["description"]
    'hvornår den blev nået (i dokumenterne: afholdt, gennemført)'
    """
    if lang is not None:
        check_language(lang)
    defs: dict[str, Any] = {}
    root = dict(_define(Document, defs, lang))
    del defs["Document"]
    root.pop("description", None)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "velfaerd",
        "description": (
            "Danish municipal welfare agreements in velfaerd's TOML format "
            f"(format {FORMAT_VERSION}): actors, policies, principles, approval "
            "processes and agreements with their commitments and milestones."
        ),
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def schema_text(lang: str | None = None) -> str:
    """Return :func:`json_schema` as JSON text, as the package ships it."""
    return json.dumps(json_schema(lang), ensure_ascii=False, indent=2) + "\n"


def shipped_schema() -> str:
    """Return the schema file shipped in the package (``velfaerd/velfaerd.schema.json``)."""
    return resources.files("velfaerd").joinpath(_SHIPPED).read_text(encoding="utf-8")
