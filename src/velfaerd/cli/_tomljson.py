r"""Parsed TOML as JSON, for the per-file cache: data only, dates tagged.

What tomli gives (tables, arrays, strings, numbers, booleans, dates, datetimes and
times) is written as JSON, each date, datetime and time as a one-key table
``{"\0date": "…"}``; read back, the tags become the values they stand for. A string
of the data itself that starts with NUL could not be told from a tag, so data that
holds one is not written. Both the cache (:mod:`velfaerd.cli._filecache`) and the
pool's workers (:mod:`velfaerd.cli._pool`), which encode what they parse, use it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

__all__ = ["TOML_KINDS", "decode_toml", "encode_toml"]

#: The first byte of a payload: TOML data without dates, with tagged dates.
_PLAIN, _DATED = b"T", b"D"
#: The first bytes that mark a payload of TOML data.
TOML_KINDS = frozenset({_PLAIN, _DATED})
#: The key of a tagged date in TOML data, and what it tags.
_TAGS: dict[str, type[dt.date | dt.datetime | dt.time]] = {
    "\0datetime": dt.datetime,
    "\0date": dt.date,
    "\0time": dt.time,
}
_TAG_START = '"\\u0000'  # how a string that starts with NUL is written in JSON


def encode_toml(data: dict[str, Any]) -> bytes | None:
    r"""Parsed TOML as JSON, its dates, datetimes and times as ``{"\\0date": "…"}``.

    ``None`` when it cannot be kept: a string of the data itself that starts with NUL
    (the tags would not be told from it), or data JSON cannot hold.
    """
    tagged = 0

    def tag(value: object) -> dict[str, str]:
        nonlocal tagged
        for name, kind in _TAGS.items():
            if type(value) is kind:
                tagged += 1
                return {name: value.isoformat()}
        raise TypeError(type(value).__name__)

    try:
        written = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=tag)
    except (ValueError, TypeError, RecursionError):
        return None
    if written.count(_TAG_START) != tagged:
        return None
    return (_DATED if tagged else _PLAIN) + written.encode("utf-8")


def _untag(table: dict[str, Any]) -> object:
    if len(table) == 1:
        ((name, value),) = table.items()
        kind = _TAGS.get(name)
        if kind is not None:
            return kind.fromisoformat(value)
    return table


def decode_toml(payload: bytes) -> dict[str, Any]:
    """The TOML data :func:`encode_toml` wrote; :exc:`TypeError` or :exc:`ValueError` if not."""
    kind, body = payload[:1], payload[1:]
    if kind == _PLAIN:
        data = json.loads(body)
    elif kind == _DATED:
        data = json.loads(body, object_hook=_untag)
    else:
        raise TypeError(kind)
    if not isinstance(data, dict):
        raise TypeError(kind)
    return data
