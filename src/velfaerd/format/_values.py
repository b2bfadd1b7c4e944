"""Each TOML value read as the model's value: the hooks of the one converter.

Reading is strict: a value must already have the TOML type the model asks for (``id =
5`` is not the string ``"5"``, ``true`` is not ``1``), and an id is measured before
anything else reads it. Dates, periods, amounts and numbers are read in their written
forms (``"primo juni 2013"``, ``"ca. 1,5 mio. kr. årligt"``, ``"1.234,5"``), and an
enum's value in English or Danish. Each hook raises :class:`InvalidValueError`, whose
message :mod:`velfaerd.format._problems` places at the value's key path.

:mod:`velfaerd.format._convert` builds the converter from these hooks, by type and by
key.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import difflib
import functools
import itertools
import math
import re
from typing import TYPE_CHECKING, Any

from cattrs.errors import IterableValidationError, IterableValidationNote

from velfaerd._texts import shortened
from velfaerd.amounts import MAX_KRONER, Amount, format_amount, parse_amount
from velfaerd.dates import (
    DateWindow,
    Period,
    RelativeDate,
    looks_relative,
    parse_period,
    parse_relative,
    parse_window,
)
from velfaerd.errors import DateFormatError
from velfaerd.format._danish import danish_value
from velfaerd.i18n import Text

if TYPE_CHECKING:
    import enum
    from collections.abc import Callable

from velfaerd.model import (
    MAX_ID_LENGTH,
)

__all__ = [
    "CHOICES",
    "FORMAT_VERSION",
    "ID_ARRAYS",
    "InvalidValueError",
    "described",
    "enum_factory",
    "expect",
    "ids_hook",
    "in_year_of",
    "structure_amount",
    "structure_bool",
    "structure_date",
    "structure_due",
    "structure_first_day",
    "structure_format",
    "structure_id",
    "structure_int",
    "structure_last_day",
    "structure_number",
    "structure_period",
    "structure_review_every",
    "structure_rule_code",
    "structure_str",
    "structure_window",
    "structure_year",
]


#: The format version this library reads and writes.
FORMAT_VERSION = 1


class InvalidValueError(ValueError):
    """A value of the wrong type or form; the message says what was expected.

    ``said`` is the message still to be written in a language (:mod:`velfaerd.i18n`).
    """

    def __init__(self, said: Text | str) -> None:
        # A plain str (a message not yet in the catalogues) is shown as it is.
        self.said = said if isinstance(said, Text) else None
        super().__init__(str(said))


_TYPE_NAMES: dict[type, str] = {
    str: "string",
    bool: "boolean",
    int: "integer",
    float: "float",
    dt.date: "date",
    dt.datetime: "date-time",
    dt.time: "time",
    list: "array",
    dict: "table",
}


def described(value: object) -> Text:
    """Describe a TOML value for an error message: ``integer 5``, ``a table``.

    >>> str(described(5)), described({}).render("da")
    ('integer 5', 'en tabel')
    """
    if isinstance(value, dict):
        return Text("problem.found-table")
    if isinstance(value, list):
        return Text("problem.found-array")
    name = _TYPE_NAMES.get(type(value))
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:  # noqa: PLR2004
        # Too long to show, or even to convert to text.
        bits = f"({value.bit_length()} bits)"
        return Text("problem.found-value", {"type": Text("problem.type.integer"), "value": bits})
    text = repr(value.isoformat()) if isinstance(value, (dt.date, dt.time)) else repr(value)
    if len(text) > 60:  # noqa: PLR2004 - keep messages on one line
        text = text[:57] + "…"
    kind: Text | str = Text(f"problem.type.{name}") if name else type(value).__name__
    return Text("problem.found-value", {"type": kind, "value": text})


def expect(kind: str, value: object) -> InvalidValueError:
    # kind: a key of problem.kind in the catalogues ("string", "window").
    return InvalidValueError(
        Text("problem.expected", {"kind": Text(f"problem.kind.{kind}"), "found": described(value)})
    )


def structure_str(value: object, _: object) -> str:
    if type(value) is str:
        return value
    raise expect("string", value)


_INT_BITS = 63  # TOML integers are 64-bit signed; no number in the format is larger


def structure_int(value: object, _: object) -> int:
    if type(value) is int:
        if -(2**_INT_BITS) <= value < 2**_INT_BITS:
            return value
        raise expect("integer-64", value)
    raise expect("integer", value)


def structure_bool(value: object, _: object) -> bool:
    if type(value) is bool:
        return value
    raise expect("boolean", value)


def structure_date(value: object, _: object) -> dt.date:
    if type(value) is dt.date:
        return value
    raise expect("date", value)


#: The year of the agreement being structured (its ``year`` key), for dates without one.
_CONTEXT_YEAR: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "velfaerd_context_year", default=None
)
_MIN_YEAR, _MAX_YEAR = 1000, 9999


@functools.lru_cache(maxsize=4096)
def _window(value: dt.date | str, year: int | None) -> DateWindow:
    # Windows are immutable, and a portfolio writes the same few dates again and
    # again: each is read once (per year of context). A text that cannot be read
    # raises every time.
    if isinstance(value, dt.date):
        return DateWindow.exact(value)
    return parse_window(value, year=year)


def structure_window(value: object, _: object) -> DateWindow:
    if type(value) is dt.date:
        return _window(value, None)
    if type(value) is str:
        return _window(value, _CONTEXT_YEAR.get())
    raise expect("window", value)


def structure_first_day(value: object, _: object) -> dt.date:
    window = structure_window(value, None)
    if window.earliest is None:
        raise InvalidValueError(Text("problem.first-day", {"value": value}))
    return window.earliest


def structure_last_day(value: object, _: object) -> dt.date:
    return structure_window(value, None).latest


_period = functools.lru_cache(maxsize=256)(parse_period)


def structure_period(value: object, _: object) -> Period:
    if type(value) is str:
        return _period(value)
    raise expect("period", value)


def structure_review_every(value: object, _: object) -> Period | None:
    if type(value) is str and value.strip().lower() == "none":
        return None
    return structure_period(value, None)


def _id_too_long(value: str) -> InvalidValueError:
    values = {"limit": MAX_ID_LENGTH, "length": len(value), "start": shortened(value, 40)}
    return InvalidValueError(Text("problem.id-too-long", values))


def structure_id(value: object, _: object) -> str:
    """An id, or a reference to one: a string of at most :data:`MAX_ID_LENGTH` characters."""
    if type(value) is str:
        if len(value) <= MAX_ID_LENGTH:
            return value
        raise _id_too_long(value)
    raise expect("string", value)


def ids_hook(inner: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """Wrap the hook of an array of strings so that each item is an id (:func:`structure_id`).

    Each item too long is a problem at its index; the array is otherwise structured by
    ``inner``, which says what else is wrong with it.
    """

    def structure(value: object, cl: Any) -> Any:
        if type(value) is list and value and _too_long(value):
            # Each item that is too long, or no string, is a problem at its index (at
            # most as many as a file reports).
            wrong = (
                _at_index(index, item)
                for index, item in enumerate(value)
                if type(item) is not str or len(item) > MAX_ID_LENGTH
            )
            errors = list(itertools.islice(wrong, _MAX_ID_PROBLEMS))
            raise IterableValidationError("an item is no id", errors, cl)
        return inner(value, cl)

    ID_ARRAYS.add(structure)
    return structure


#: The hooks of arrays of ids (:func:`ids_hook`); the fast path reads an array of one
#: id without a call (:data:`_SHORTCUTS`). Made once per converter and field.
ID_ARRAYS: set[Callable[[Any, Any], Any]] = set()

#: The most problems an array of ids gives (a file reports at most 200 in all).
_MAX_ID_PROBLEMS = 200


def _too_long(items: list[Any]) -> bool:
    """Whether a string of ``items`` (a non-empty array of ids) is longer than an id may be.

    Measured in C first (``max(map(len, ...))``): an array of ids is read for every
    milestone, and a generator over its items cost more than the rest of it. When no
    item is longer than an id may be, no string is; otherwise (or where an item has no
    length) the strings are measured one by one.
    """
    try:
        if max(map(len, items)) <= MAX_ID_LENGTH:
            return False
    except TypeError:  # an item without a length: not a string, measured below
        pass
    return any(type(item) is str and len(item) > MAX_ID_LENGTH for item in items)


def _at_index(index: int, item: object) -> InvalidValueError:
    error = _id_too_long(item) if type(item) is str else expect("string", item)
    # As cattrs notes where an item is (Python 3.10 has no add_note).
    error.__notes__ = [IterableValidationNote(f"@ index {index}", index, str)]  # type: ignore[attr-defined]
    return error


def structure_rule_code(value: object, _: object) -> str:
    code = structure_id(value, None)
    if not code.strip() or not code.strip().isalnum():
        # An empty code would match every rule as a prefix and waive them all.
        raise expect("rule-code", value)
    return code


def structure_year(value: object, _: object) -> int:
    if type(value) is int and _MIN_YEAR <= value <= _MAX_YEAR:
        return value
    raise expect("year", value)


@functools.lru_cache(maxsize=4096)
def _due(value: str, year: int | None) -> DateWindow | RelativeDate:
    # Like _window: each text read once (per year of context); both results immutable.
    if looks_relative(value):
        try:
            return parse_relative(value)
        except DateFormatError as error:
            # "senest efter efterårsferien 2022" has the shape of a relative date
            # (a "period" before "efter") and is a deadline: a window, if it reads as one.
            try:
                return _window(value, year)
            except DateFormatError:
                raise error from None
    return _window(value, year)


def structure_due(value: object, _: object) -> DateWindow | RelativeDate:
    # A relative date is kept as written; _with_relative moves it to `relative`, and
    # velfaerd.format._resolve gives `due` its window once the whole agreement is known.
    if type(value) is str:
        return _due(value, _CONTEXT_YEAR.get())
    return structure_window(value, None)


def structure_amount(value: object, _: object) -> int | Amount:
    if type(value) is int:
        if value < 0:
            raise InvalidValueError(Text("problem.negative-amount", {"found": described(value)}))
        if value > MAX_KRONER:  # dump could not write it as a TOML integer
            values = {"limit": format_amount(MAX_KRONER), "found": described(value)}
            raise InvalidValueError(Text("problem.amount-too-large", values))
        return value
    if type(value) is str:
        return parse_amount(value)
    raise expect("amount", value)


#: The longest text a value of an indicator may be (``"1.234.567,89"`` has 12).
_MAX_NUMBER_TEXT = 40
#: A number as Danish writes it: thousands after points, decimals after a comma.
_DANISH_NUMBER = re.compile(r"[-+−]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")


def structure_number(value: object, _: object) -> float:
    """An indicator's value: a TOML integer or float, or Danish text (``"3,9"``).

    An integer stays an integer (``45`` is not written back as ``45.0``); a float must
    be finite (``nan`` is no measurement).
    """
    if type(value) is int:
        return structure_int(value, None)
    if type(value) is float:
        if math.isfinite(value):
            return value
        raise expect("number", value)
    if type(value) is str and len(value) <= _MAX_NUMBER_TEXT:
        text = value.strip()
        if _DANISH_NUMBER.fullmatch(text):
            text = text.replace("−", "-").replace(".", "").replace(",", ".")
            return float(text) if "." in text else int(text)
    raise expect("number", value)


def structure_format(value: object, _: object) -> int:
    if type(value) is int and value == FORMAT_VERSION:
        return value
    raise InvalidValueError(
        Text("problem.format-version", {"version": FORMAT_VERSION, "found": described(value)})
    )


def enum_factory(cl: type[enum.Enum]) -> Any:
    allowed = {member.value: member for member in cl}
    listing = ", ".join(repr(value) for value in allowed)

    def structure(value: object, _: object) -> enum.Enum:
        if type(value) is str and value in allowed:
            return allowed[value]
        values = {"choices": listing, "found": described(value)}
        near = _near_value(value, cl, list(allowed))
        if near is not None:
            key = "problem.expected-one-of-danish" if near[1] else "problem.expected-one-of-near"
            raise InvalidValueError(Text(key, {**values, "near": near[0]}))
        raise InvalidValueError(Text("problem.expected-one-of", values))

    CHOICES[structure] = allowed  # the fast path looks a value up in the same table
    return structure


#: The members each enum hook gives, by the strings it accepts (for the fast path's
#: generated constructors; a hook per enum and converter, made once).
CHOICES: dict[Callable[[Any, Any], Any], dict[str, enum.Enum]] = {}


_LONGEST_WORD = 40  # the longest value looked up among the Danish words and near misses


def _near_value(value: object, cl: type[enum.Enum], allowed: list[str]) -> tuple[str, bool] | None:
    """The value meant by ``value``, and whether it was a Danish word (``samarbejdsaftale``)."""
    if type(value) is not str or len(value) > _LONGEST_WORD:
        return None
    danish = danish_value(value, cl)
    if danish is not None:
        return danish, True
    near = difflib.get_close_matches(value.lower(), allowed, n=1)
    return (near[0], False) if near else None


def in_year_of(value: dict[str, Any], structure: Callable[[], Any]) -> Any:
    """Structure an agreement with its ``year`` as the year of dates without one."""
    year = value.get("year")
    valid = type(year) is int and _MIN_YEAR <= year <= _MAX_YEAR
    token = _CONTEXT_YEAR.set(year if valid else None)
    try:
        return structure()
    finally:
        _CONTEXT_YEAR.reset(token)
