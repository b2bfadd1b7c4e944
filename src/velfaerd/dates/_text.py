"""What every reader of a date text shares: the bound on its length and normalizing it."""

from __future__ import annotations

from typing import Final

from velfaerd.errors import DateFormatError
from velfaerd.i18n import Text

__all__ = ["MAX_DATE_LENGTH"]


def _normalize(text: str) -> str:
    return " ".join(text.lower().split()).rstrip(". ")


# The longest text parse_window, parse_period and parse_relative read (velfaerd.dates
# documents it).
MAX_DATE_LENGTH: Final = 200


def _too_long(text: str, key: str = "date.too-long") -> DateFormatError:
    said = Text(key, {"limit": MAX_DATE_LENGTH, "length": len(text)})
    return DateFormatError(text, said.render(), said=said)
