"""The texts of the pictures and the calendar, from the catalogues (``[pictures]``).

The words themselves live in ``velfaerd/locale/<lang>.toml``, with every other text
velfaerd writes for a person; this module only names them the way the pictures ask.

>>> text("da", "timeline.as_of", date="1. juni 2024")
'Skæringsdato: 1. juni 2024'
>>> kind("da", "review"), period("da", 1, "years"), period("en", 3, "months")
('opfølgning', '1 år', '3 months')
>>> every("da", 1, "years"), every("en", 3, "months")
('hvert år', 'every 3 months')
"""

from __future__ import annotations

from velfaerd import i18n

__all__ = ["every", "kind", "period", "text"]

_UNITS = {"years": "year", "months": "month", "weeks": "week", "days": "day"}


def text(language: str, key: str, **values: object) -> str:
    """Return the text ``pictures.<key>`` in ``language`` (English where it has none)."""
    return i18n.text(f"pictures.{key}", language, **values)


def kind(language: str, value: str) -> str:
    """Name a milestone kind (``review``: ``opfølgning``) in ``language``."""
    return i18n.text(f"pictures.kind.{value}", language)


def every(language: str, count: int, unit: str) -> str:
    """Say how often a period recurs (``hvert år``, ``every 3 months``) in ``language``."""
    return i18n.every(count, unit, language)


def period(language: str, count: int, unit: str) -> str:
    """Write a period (``3 months``, ``3 måneder``) in ``language``."""
    form = "one" if count == 1 else "other"
    return i18n.text(f"period.{_UNITS[unit]}.{form}", language, n=count)
