"""Languages: every text velfaerd writes for a person, in Danish and in English.

The texts live in one catalogue file per language, ``velfaerd/locale/<lang>.toml``,
keyed by stable ids (``cli.found``, ``load.no-such-file``, ``rules.REV001.summary``):
a translator edits that file and never reads Python. English rule texts are written
beside each rule (where its author, or a plugin's, writes them); every other English
text is in ``en.toml``. A text missing from a language falls back to English, so a
plugin rule without Danish texts still works in Danish.

Placeholders are :meth:`str.format` fields (``{agreement!r}``, ``{count}``); both
languages of one text name the same fields (the test suite checks it).

>>> text("cli.all-passed", "da")
'Ingen fund: alle regler er overholdt.'
>>> count("error", 2, "da"), count("warning", 1, "en")
('2 fejl', '1 warning')
>>> format_date(dt.date(2024, 6, 30), "da")
'30. juni 2024'

The library's language is :attr:`velfaerd.Config.lang` (English unless set) and it never
reads the environment; only the command line does, through
:func:`language_from_environment`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import string
from collections.abc import Mapping
from importlib import resources
from typing import Any

import attrs
import tomli

from velfaerd._exceptions import ConfigError

__all__ = [
    "DANISH_MONTHS",
    "DEFAULT_LANGUAGE",
    "ENVIRONMENT_VARIABLE",
    "LANGUAGES",
    "Text",
    "catalogue",
    "check_language",
    "count",
    "every",
    "format_date",
    "format_number",
    "language_from_environment",
    "localize",
    "lookup",
    "placeholders",
    "text",
]

#: The languages velfaerd speaks.
LANGUAGES = ("en", "da")

#: The language of the library unless :attr:`velfaerd.Config.lang` says otherwise.
DEFAULT_LANGUAGE = "en"

#: The environment variable the command line reads when ``--lang`` is not given.
ENVIRONMENT_VARIABLE = "VELFAERD_LANG"

#: The Danish month names, January first (the one table: :mod:`velfaerd.dates` reads and
#: writes its dates with it).
DANISH_MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PERIOD = re.compile(r"^(\d+) (year|month|week|day)s?$")


def check_language(lang: object, where: str = "lang") -> str:
    """Return ``lang`` if velfaerd speaks it, else raise :class:`~velfaerd.ConfigError`.

    >>> check_language("da")
    'da'
    """
    if isinstance(lang, str) and lang in LANGUAGES:
        return lang
    choices = ", ".join(map(repr, LANGUAGES))
    raise ConfigError(Text("config.lang", {"where": where, "choices": choices, "found": lang}))


@functools.cache
def catalogue(lang: str) -> Mapping[str, Any]:
    """Return the catalogue of a language: the parsed ``velfaerd/locale/<lang>.toml``."""
    check_language(lang)
    data = (
        resources.files("velfaerd").joinpath("locale").joinpath(f"{lang}.toml").read_text("utf-8")
    )
    return tomli.loads(data)


def lookup(key: str, lang: str) -> Any | None:  # noqa: ANN401 - a text or a table
    """Return the entry at a dotted key of one language's catalogue, or ``None``."""
    node: Any = catalogue(lang)
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


class _Values(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def text(key: str, lang: str = DEFAULT_LANGUAGE, /, **values: Any) -> str:  # noqa: ANN401
    """Return the text at ``key`` in ``lang`` (English where it has none), filled in.

    :raises KeyError: when not even English has the text.
    """
    template = lookup(key, lang)
    if not isinstance(template, str):
        template = lookup(key, DEFAULT_LANGUAGE)
    if not isinstance(template, str):
        msg = f"no text {key!r} in the catalogues"
        raise KeyError(msg)
    return string.Formatter().vformat(template, (), _Values(values)) if values else template


@attrs.frozen
class Text:
    """A text of the catalogues not yet written in a language: its key and values.

    A value may itself be a :class:`Text` (``expected {kind}`` with ``kind`` the
    catalogue's ``problem.kind.string``); it is written in the same language.

    >>> Text("problem.missing-key", {"key": "title"}).render("da")
    "den påkrævede nøgle 'title' mangler"
    """

    key: str
    values: Mapping[str, Any] = attrs.field(factory=dict, hash=False)

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """Write the text in ``lang`` (English where it has none)."""
        values = {
            name: value.render(lang) if isinstance(value, Text) else value
            for name, value in self.values.items()
        }
        return text(self.key, lang, **values)

    def __str__(self) -> str:
        """The English text."""
        return self.render(DEFAULT_LANGUAGE)


def count(noun: str, number: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """Return ``number`` and ``noun`` in agreement: ``1 fejl``, ``2 advarsler``."""
    form = "one" if number == 1 else "other"
    return text(f"count.{noun}.{form}", lang, n=number)


_ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(day: dt.date, lang: str = DEFAULT_LANGUAGE) -> str:
    """Write a day as its readers do: ``30 June 2024`` in English, ``30. juni 2024`` in Danish.

    >>> format_date(dt.date(2021, 7, 1)), format_date(dt.date(2021, 7, 1), "da")
    ('1 July 2021', '1. juli 2021')
    """
    if lang == "da":
        return f"{day.day}. {DANISH_MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {_ENGLISH_MONTHS[day.month - 1]} {day.year}"


def _period(number: str, unit: str, lang: str) -> str:
    form = "one" if number == "1" else "other"
    return text(f"period.{unit}.{form}", lang, n=number)


def every(count: int, unit: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """How often, in words: ``hvert år``, ``hver 3. måned``, ``every 2 weeks``.

    ``unit`` is a :class:`~velfaerd.dates.Period`'s (``"years"``) or singular.

    >>> every(1, "years", "da"), every(3, "months", "da"), every(2, "weeks")
    ('hvert år', 'hver 3. måned', 'every 2 weeks')
    """
    form = "one" if count == 1 else "other"
    return text(f"every.{unit.removesuffix('s')}.{form}", lang, n=count)


#: Evidence keys whose period says how often (``hvert år``), not how long (``1 år``).
_HOW_OFTEN = frozenset({"every"})


def localize(key: str, value: object, lang: str) -> object:  # noqa: PLR0911 - one per kind
    """Return an evidence value as a message in ``lang`` shows it.

    ISO dates are written in the reader's form (``1 July 2021``, ``1. juli 2021``),
    decimal numbers with the reader's decimal mark; in Danish, periods (``"1 year"``)
    are written in its words (``every``: how often, ``hvert år``), and the words of
    ``values.<key>`` in the catalogue (kinds, roles, statuses; also a comma-separated
    list of them) are translated. Ids, names and windows (already Danish) are left
    alone. Lists are localized item by item.

    >>> localize("start", "2021-03-15", "da"), localize("start", "2021-03-15", "en")
    ('15. marts 2021', '15 March 2021')
    >>> localize("due", "5. december 2012", "en"), localize("due", "primo juni 2013", "en")
    ('5 December 2012', 'primo juni 2013')
    >>> localize("review_every", "6 months", "da"), localize("every", "1 year", "da")
    ('6 måneder', 'hvert år')
    >>> localize("status", "planned", "da"), localize("kinds", "conference, meeting", "da")
    ('planlagt', 'konference, møde')
    """
    if isinstance(value, (list, tuple)):
        return [localize(key, item, lang) for item in value]
    if isinstance(value, float):
        return format_number(value, lang)
    if not isinstance(value, str):
        return value
    if _ISO_DATE.match(value):
        try:
            return format_date(dt.date.fromisoformat(value), lang)
        except ValueError:
            return value
    if lang == DEFAULT_LANGUAGE:
        return _ENGLISH_WEEKDAYS.get(value, value) if key == "day" else _english_day(value)
    period = _PERIOD.match(value)
    if period is not None:
        if key in _HOW_OFTEN:
            return every(int(period[1]), period[2], lang)
        return _period(period[1], period[2], lang)
    words = lookup(f"values.{key}", lang)
    return _translated(words, value) if isinstance(words, dict) else value


def _translated(words: Mapping[str, Any], value: str) -> str:
    """``value`` in the words of a ``values.<key>`` table; a list ``a, b`` word by word."""
    if isinstance(words.get(value), str):
        return str(words[value])
    parts = value.split(", ")
    if len(parts) > 1 and all(isinstance(words.get(part), str) for part in parts):
        return ", ".join(str(words[part]) for part in parts)
    return value


#: A weekday named in Danish evidence (``CAL001``'s ``day``), in English.
_ENGLISH_WEEKDAYS = {
    "mandag": "Monday",
    "tirsdag": "Tuesday",
    "onsdag": "Wednesday",
    "torsdag": "Thursday",
    "fredag": "Friday",
    "lørdag": "Saturday",
    "søndag": "Sunday",
}

#: One day as :func:`format_date` writes it in Danish (``5. december 2012``).
_DANISH_DAY = re.compile(r"^(\d{1,2})\. (" + "|".join(DANISH_MONTHS) + r") (\d{4})$")


def _english_day(value: str) -> str:
    """A day written in Danish (a window of one day, as velfaerd shows it), in English.

    A list of windows (``"3. juni 2023, marts 2022"``, as ``REV004`` names the
    occurrences it misses) has each of its days written so. Every other window keeps
    its Danish words: they are the document's.

    >>> _english_day("3. juni 2023, marts 2022")
    '3 June 2023, marts 2022'
    """
    if ", " in value:
        return ", ".join(_english_day(part) for part in value.split(", "))
    day = _DANISH_DAY.match(value)
    if day is None:
        return value
    month = DANISH_MONTHS.index(day[2])
    return f"{int(day[1])} {_ENGLISH_MONTHS[month]} {day[3]}"


def format_number(number: float, lang: str = DEFAULT_LANGUAGE, digits: int = 2) -> str:
    """Write a decimal number with the reader's decimal mark: ``0.25``, ``0,25``.

    >>> format_number(0.25), format_number(0.25, "da"), format_number(1.5, "da", 1)
    ('0.25', '0,25', '1,5')
    """
    written = f"{number:.{digits}f}"
    return written.replace(".", ",") if lang == "da" else written


def placeholders(template: str) -> set[tuple[str, str | None]]:
    """Return the fields of a template with their conversions: ``{("id", "r")}``.

    >>> sorted(placeholders("{kind} {id!r} at {first}"))
    [('first', None), ('id', 'r'), ('kind', None)]
    """
    return {
        (field, conversion)
        for _, field, _, conversion in string.Formatter().parse(template)
        if field is not None
    }


def _from_locale(value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    return "da" if value.lower().startswith("da") else DEFAULT_LANGUAGE


def language_from_environment(environ: Mapping[str, str]) -> str:
    """The command line's language when neither ``--lang`` nor configuration says.

    ``VELFAERD_LANG`` (``da`` or ``en``) first, then the locale: the first of
    ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set, Danish when it begins with
    ``da``; else English.

    >>> language_from_environment({"LANG": "da_DK.UTF-8"})
    'da'
    >>> language_from_environment({"VELFAERD_LANG": "en", "LC_ALL": "da_DK.UTF-8"})
    'en'
    """
    chosen = environ.get(ENVIRONMENT_VARIABLE, "").strip().lower()
    if chosen:
        return check_language(chosen, ENVIRONMENT_VARIABLE)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        found = _from_locale(environ.get(name, ""))
        if found is not None:
            return found
    return DEFAULT_LANGUAGE
