"""Dumping: the model → dicts (the converter) → TOML text.

The TOML writer is small and hand-written rather than a dependency (tomli-w): the
format needs only strings, integers, booleans, dates, arrays, inline tables and arrays
of tables, and writing them by hand lets velfaerd choose a layout people edit
comfortably — ``[[agreements.milestones]]`` sections, one theme per line — in the
order the format reference (``docs/format.md``) lists the keys.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from velfaerd.errors import LoadError, VelfaerdError
from velfaerd.format._convert import converter
from velfaerd.format._values import FORMAT_VERSION
from velfaerd.model import STRUCTURE, Portfolio

__all__ = ["DumpError", "dump"]

# Lists of tables written as [[sections]]; every other list of tables is inline.
_SECTIONS = frozenset(
    {
        "actors",
        "policies",
        "principles",
        "approval_processes",
        "agreements",
        "commitments",
        "milestones",
        "phases",
        "occurrences",
        "indicators",
    }
)
_WIDTH = 88


class DumpError(VelfaerdError, ValueError):
    """A portfolio that one TOML file cannot hold."""


def dump(portfolio: Portfolio) -> str:
    """Write a portfolio as TOML text in the velfaerd format.

    Loading the text gives an equal portfolio. A file holds at most one
    ``[municipality]``: a portfolio of several municipalities raises
    :class:`DumpError`.

    >>> from velfaerd import Actor, Portfolio
    >>> print(dump(Portfolio(actors=[Actor(id="bfu", name="BFU", kind="committee")])))
    format = 1
    <BLANKLINE>
    [[actors]]
    id = "bfu"
    name = "BFU"
    kind = "committee"
    <BLANKLINE>
    """
    try:
        text = _dump(portfolio)
    except (ValueError, TypeError, RecursionError) as error:
        if isinstance(error, DumpError):
            raise
        msg = f"cannot write the portfolio as TOML: {_short(str(error))}"
        raise DumpError(msg) from None
    _check_round_trip(portfolio, text)
    return text


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_round_trip(portfolio: Portfolio, text: str) -> None:
    """Refuse to write what would not load back equal: nothing is lost silently."""
    from velfaerd.format._loading import loads  # noqa: PLC0415 - _loading imports this module's peers

    try:
        loaded = loads(text, source="<dump>")
    except LoadError as error:
        first = error.problems[0]
        where = f" at {first.path}" if first.path else ""
        msg = f"the portfolio cannot be written so that it loads back{where}: {first.message}"
        raise DumpError(msg) from None
    if loaded != portfolio:
        msg = "the portfolio cannot be written so that it loads back equal"
        raise DumpError(msg)


def _dump(portfolio: Portfolio) -> str:
    if len(portfolio.municipalities) > 1:
        names = ", ".join(m.name for m in portfolio.municipalities)
        msg = f"one file holds one municipality, and this portfolio has several: {names}"
        raise DumpError(msg)
    out = [f"format = {FORMAT_VERSION}"]
    if portfolio.municipalities:
        out += ["", "[municipality]"]
        _write_table(converter.unstructure(portfolio.municipalities[0]), "municipality", out)
    for key in STRUCTURE[Portfolio].children:
        for item in getattr(portfolio, key):
            out += ["", f"[[{key}]]"]
            _write_table(converter.unstructure(item), key, out)
    return "\n".join(out) + "\n"


def _write_table(table: dict[str, Any], prefix: str, out: list[str]) -> None:
    sections: list[tuple[str, list[dict[str, Any]]]] = []
    for key, value in table.items():
        if key in _SECTIONS and isinstance(value, list) and value and isinstance(value[0], dict):
            sections.append((key, value))
        else:
            out.append(f"{key} = {_value(value, indent='')}")
    for key, items in sections:
        for item in items:
            out += ["", f"[[{prefix}.{key}]]"]
            _write_table(item, f"{prefix}.{key}", out)


def _value(value: object, indent: str) -> str:  # noqa: PLR0911 - one return per TOML type
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)  # the shortest text that reads back as the same float
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        pairs = ", ".join(f"{key} = {_value(item, indent)}" for key, item in value.items())
        return f"{{ {pairs} }}" if pairs else "{}"
    if isinstance(value, list):
        parts = [_value(item, indent + "  ") for item in value]
        inline = f"[{', '.join(parts)}]"
        if len(inline) <= _WIDTH and not any(isinstance(item, dict) for item in value):
            return inline
        inner = "".join(f"\n{indent}  {part}," for part in parts)
        return f"[{inner}\n{indent}]"
    msg = f"cannot write {type(value).__name__} as TOML"  # pragma: no cover
    raise TypeError(msg)  # pragma: no cover


_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _string(text: str) -> str:
    parts = ['"']
    for char in text:
        escaped = _ESCAPES.get(char)
        if escaped is not None:
            parts.append(escaped)
        elif char < " " or char == "\x7f":
            parts.append(f"\\u{ord(char):04x}")
        else:
            parts.append(char)
    parts.append('"')
    return "".join(parts)
