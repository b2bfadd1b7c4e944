"""The one cattrs converter between TOML data and the model, built once at import.

Structuring is strict: a value must already have the TOML type the model asks for
(``id = 5`` is not the string ``"5"``, ``true`` is not ``1``, a string is not an
array), unknown keys are refused, and every problem in a document is collected (cattrs'
detailed validation) before :mod:`velfaerd.format._loading` turns them into
:class:`~velfaerd.errors.Problem` objects with key paths.

Unstructuring (the model back to dicts, for dumping) is registered on the same
converter by :mod:`velfaerd.format._unstructure`.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import difflib
import functools
import itertools
import math
import re
import types
import typing
from typing import TYPE_CHECKING, Any, Union

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, override

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
from velfaerd.format._fastpath import generated_structure, generated_tuple, made_by
from velfaerd.format._unstructure import register_unstructure_hooks
from velfaerd.i18n import Text

if TYPE_CHECKING:
    import enum
    from collections.abc import Callable

from velfaerd.model import (
    MAX_ID_LENGTH,
    NOT_KEYS,
    STRUCTURE,
    Actor,
    ActorKind,
    Agreement,
    AgreementKind,
    AgreementStatus,
    ApprovalProcess,
    Basis,
    BasisKind,
    Better,
    Budget,
    Commitment,
    Entry,
    Indicator,
    IndicatorBaseline,
    Measurement,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    Municipality,
    OccurrenceStatus,
    Phase,
    Policy,
    Portfolio,
    Principle,
    Step,
    Target,
    Theme,
    Waiver,
)

__all__ = [
    "ID_KEYS",
    "Document",
    "InvalidValueError",
    "converter",
    "described",
    "fast_converter",
    "known_keys",
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


def _expect(kind: str, value: object) -> InvalidValueError:
    # kind: a key of problem.kind in the catalogues ("string", "window").
    return InvalidValueError(
        Text("problem.expected", {"kind": Text(f"problem.kind.{kind}"), "found": described(value)})
    )


def _structure_str(value: object, _: object) -> str:
    if type(value) is str:
        return value
    raise _expect("string", value)


_INT_BITS = 63  # TOML integers are 64-bit signed; no number in the format is larger


def _structure_int(value: object, _: object) -> int:
    if type(value) is int:
        if -(2**_INT_BITS) <= value < 2**_INT_BITS:
            return value
        raise _expect("integer-64", value)
    raise _expect("integer", value)


def _structure_bool(value: object, _: object) -> bool:
    if type(value) is bool:
        return value
    raise _expect("boolean", value)


def _structure_date(value: object, _: object) -> dt.date:
    if type(value) is dt.date:
        return value
    raise _expect("date", value)


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


def _structure_window(value: object, _: object) -> DateWindow:
    if type(value) is dt.date:
        return _window(value, None)
    if type(value) is str:
        return _window(value, _CONTEXT_YEAR.get())
    raise _expect("window", value)


def _structure_first_day(value: object, _: object) -> dt.date:
    window = _structure_window(value, None)
    if window.earliest is None:
        raise InvalidValueError(Text("problem.first-day", {"value": value}))
    return window.earliest


def _structure_last_day(value: object, _: object) -> dt.date:
    return _structure_window(value, None).latest


_period = functools.lru_cache(maxsize=256)(parse_period)


def _structure_period(value: object, _: object) -> Period:
    if type(value) is str:
        return _period(value)
    raise _expect("period", value)


def _structure_review_every(value: object, _: object) -> Period | None:
    if type(value) is str and value.strip().lower() == "none":
        return None
    return _structure_period(value, None)


def _id_too_long(value: str) -> InvalidValueError:
    values = {"limit": MAX_ID_LENGTH, "length": len(value), "start": shortened(value, 40)}
    return InvalidValueError(Text("problem.id-too-long", values))


def _structure_id(value: object, _: object) -> str:
    """An id, or a reference to one: a string of at most :data:`MAX_ID_LENGTH` characters."""
    if type(value) is str:
        if len(value) <= MAX_ID_LENGTH:
            return value
        raise _id_too_long(value)
    raise _expect("string", value)


def _ids_hook(inner: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """Wrap the hook of an array of strings so that each item is an id (:func:`_structure_id`).

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

    _ID_ARRAYS.add(structure)
    return structure


#: The hooks of arrays of ids (:func:`_ids_hook`); the fast path reads an array of one
#: id without a call (:data:`_SHORTCUTS`). Made once per converter and field.
_ID_ARRAYS: set[Callable[[Any, Any], Any]] = set()

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
    error = _id_too_long(item) if type(item) is str else _expect("string", item)
    # As cattrs notes where an item is (Python 3.10 has no add_note).
    error.__notes__ = [IterableValidationNote(f"@ index {index}", index, str)]  # type: ignore[attr-defined]
    return error


def _structure_rule_code(value: object, _: object) -> str:
    code = _structure_id(value, None)
    if not code.strip() or not code.strip().isalnum():
        # An empty code would match every rule as a prefix and waive them all.
        raise _expect("rule-code", value)
    return code


def _structure_year(value: object, _: object) -> int:
    if type(value) is int and _MIN_YEAR <= value <= _MAX_YEAR:
        return value
    raise _expect("year", value)


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


def _structure_due(value: object, _: object) -> DateWindow | RelativeDate:
    # A relative date is kept as written; _with_relative moves it to `relative`, and
    # velfaerd.format._resolve gives `due` its window once the whole agreement is known.
    if type(value) is str:
        return _due(value, _CONTEXT_YEAR.get())
    return _structure_window(value, None)


def _structure_amount(value: object, _: object) -> int | Amount:
    if type(value) is int:
        if value < 0:
            raise InvalidValueError(Text("problem.negative-amount", {"found": described(value)}))
        if value > MAX_KRONER:  # dump could not write it as a TOML integer
            values = {"limit": format_amount(MAX_KRONER), "found": described(value)}
            raise InvalidValueError(Text("problem.amount-too-large", values))
        return value
    if type(value) is str:
        return parse_amount(value)
    raise _expect("amount", value)


#: The longest text a value of an indicator may be (``"1.234.567,89"`` has 12).
_MAX_NUMBER_TEXT = 40
#: A number as Danish writes it: thousands after points, decimals after a comma.
_DANISH_NUMBER = re.compile(r"[-+−]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")


def _structure_number(value: object, _: object) -> float:
    """An indicator's value: a TOML integer or float, or Danish text (``"3,9"``).

    An integer stays an integer (``45`` is not written back as ``45.0``); a float must
    be finite (``nan`` is no measurement).
    """
    if type(value) is int:
        return _structure_int(value, None)
    if type(value) is float:
        if math.isfinite(value):
            return value
        raise _expect("number", value)
    if type(value) is str and len(value) <= _MAX_NUMBER_TEXT:
        text = value.strip()
        if _DANISH_NUMBER.fullmatch(text):
            text = text.replace("−", "-").replace(".", "").replace(",", ".")
            return float(text) if "." in text else int(text)
    raise _expect("number", value)


def _structure_format(value: object, _: object) -> int:
    if type(value) is int and value == FORMAT_VERSION:
        return value
    raise InvalidValueError(
        Text("problem.format-version", {"version": FORMAT_VERSION, "found": described(value)})
    )


def _enum_factory(cl: type[enum.Enum]) -> Any:
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

    _CHOICES[structure] = allowed  # the fast path looks a value up in the same table
    return structure


#: The members each enum hook gives, by the strings it accepts (for the fast path's
#: generated constructors; a hook per enum and converter, made once).
_CHOICES: dict[Callable[[Any, Any], Any], dict[str, enum.Enum]] = {}


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


def _is_homogenous_tuple(cl: Any) -> bool:
    args = typing.get_args(cl)
    return typing.get_origin(cl) is tuple and len(args) == 2 and args[1] is Ellipsis  # noqa: PLR2004


#: An array of strings with more wrong items than this is one problem, not one each.
_MAX_WRONG_ITEMS = 100


def _tuple_factory(cl: Any, conv: cattrs.Converter) -> Any:
    if not conv.detailed_validation:
        return _fast_tuple_factory(cl, conv)
    inner: Callable[[Any, Any], tuple[Any, ...]] = homogenous_tuple_structure_factory(cl, conv)
    strings = typing.get_args(cl)[:1] == (str,)

    def structure(value: object, _: object) -> tuple[Any, ...]:
        if type(value) is not list:
            raise _expect("array", value)
        if strings and len(value) > _MAX_WRONG_ITEMS:
            # A million numbers would otherwise be a million exceptions and problems.
            wrong = [index for index, item in enumerate(value) if type(item) is not str]
            if len(wrong) > _MAX_WRONG_ITEMS:
                first = wrong[0]
                values = {"count": len(wrong), "index": first, "found": described(value[first])}
                raise InvalidValueError(Text("problem.strings-wrong", values))
        return inner(value, cl)

    return structure


def _fast_tuple_factory(cl: Any, conv: cattrs.Converter) -> Any:
    """An array as a tuple, for the fast converter: each item with its type's hook."""
    item_type = typing.get_args(cl)[0]
    hook = None if item_type is str else conv.get_structure_hook(item_type)
    return generated_tuple(item_type, hook, refuse=_expect)


def _is_optional(cl: Any) -> bool:
    origin = typing.get_origin(cl)
    if origin is not Union and origin is not types.UnionType:
        return False
    args = typing.get_args(cl)
    return len(args) == 2 and type(None) in args  # noqa: PLR2004


def _optional_factory(cl: Any, conv: cattrs.Converter) -> Any:
    (inner_type,) = (arg for arg in typing.get_args(cl) if arg is not type(None))
    inner = conv.get_structure_hook(inner_type)
    if not conv.detailed_validation:
        # Every hook of the fast converter ignores the type it is given: use it as is.
        return inner

    def structure(value: object, _: object) -> Any:
        # TOML has no null: a value present is structured as the inner type.
        return inner(value, inner_type)

    return structure


@attrs.frozen(kw_only=True)
class Document:
    """What one TOML file holds: every top-level key is optional."""

    format: int | None = None
    municipality: Municipality | None = None
    actors: tuple[Actor, ...] = ()
    policies: tuple[Policy, ...] = ()
    principles: tuple[Principle, ...] = ()
    approval_processes: tuple[ApprovalProcess, ...] = ()
    agreements: tuple[Agreement, ...] = ()


#: The classes a file's tables become: a document, and every model class but the
#: portfolio (which is made of documents, not of a table).
_MODEL_CLASSES: tuple[type, ...] = (Document, *(cl for cl in STRUCTURE if cl is not Portfolio))

_FIELD_HOOKS: dict[type, dict[str, Any]] = {
    Document: {"format": _structure_format},
    Milestone: {"due": _structure_due},
    Budget: {"amount": _structure_amount, "year": _structure_year},
    IndicatorBaseline: {"value": _structure_number},
    Target: {"value": _structure_number},
    Measurement: {"value": _structure_number},
    Agreement: {
        "year": _structure_year,
        "start": _structure_first_day,
        "end": _structure_last_day,
        "review_every": _structure_review_every,
    },
    Phase: {"start": _structure_first_day, "end": _structure_last_day},
    Waiver: {"rule": _structure_rule_code},
}


#: The keys that hold an id, or a reference to one (an array: each of its items), by
#: class: each at most :data:`MAX_ID_LENGTH` characters, measured before anything
#: else reads it. A waiver's ``rule`` (a code) and an approval's ``round`` (a label
#: its approvals share) are quoted by findings as ids are, and bounded with them.
ID_KEYS: dict[type, frozenset[str]] = {
    Actor: frozenset({"id", "part_of", "members"}),
    Basis: frozenset({"ref"}),
    Theme: frozenset({"id"}),
    Policy: frozenset({"id", "adopted_by"}),
    Principle: frozenset({"id"}),
    Step: frozenset({"id", "actors", "after"}),
    ApprovalProcess: frozenset({"id"}),
    Commitment: frozenset({"id", "themes", "owner", "principles"}),
    Indicator: frozenset({"id"}),
    Milestone: frozenset(
        {
            "id",
            "depends_on",
            "phase",
            "responsible",
            "participants",
            "approver",
            "step",
            "round",
            "commitments",
        }
    ),
    Phase: frozenset({"id"}),
    Waiver: frozenset({"rule", "granted_by"}),
    Agreement: frozenset(
        {
            "id",
            "parties",
            "policies",
            "covers",
            "principles",
            "approval_process",
            "part_of",
            "supersedes",
        }
    ),
}


def _field_hooks(cl: type, conv: cattrs.Converter) -> dict[str, Any]:
    """The hooks of ``cl``'s keys that are not their type's: ids, dates, amounts."""
    hooks = dict(_FIELD_HOOKS.get(cl, {}))
    hints = typing.get_type_hints(cl)
    for name in ID_KEYS.get(cl, ()):
        if name in hooks:
            continue
        annotation = hints[name]
        if _is_optional(annotation):
            (annotation,) = (arg for arg in typing.get_args(annotation) if arg is not type(None))
        if annotation is str:
            hooks[name] = _structure_id
        else:
            hooks[name] = _ids_hook(conv.get_structure_hook(annotation))
    return hooks


def _is_model_class(cl: Any) -> bool:
    return cl in _MODEL_CLASSES


def known_keys(cl: type) -> tuple[str, ...]:
    """Return the TOML keys a model class (or :class:`Document`) reads, in field order."""
    entry = STRUCTURE.get(cl)
    return (entry or Entry.of(cl)).keys


def _dict_factory(cl: type, conv: cattrs.Converter) -> Any:
    if not conv.detailed_validation and made_by(cl) == "slots":
        return _fast_dict_factory(cl, conv)
    overrides: dict[str, Any] = {
        name: override(omit=True) for name in NOT_KEYS if name in attrs.fields_dict(cl)
    }
    for name, hook in _field_hooks(cl, conv).items():
        overrides[name] = override(struct_hook=hook)
    inner: Callable[[Any, Any], Any] = make_dict_structure_fn(
        cl,
        conv,
        _cattrs_forbid_extra_keys=True,
        _cattrs_detailed_validation=conv.detailed_validation,
        **overrides,
    )

    finish = _FINISHERS.get(cl)

    def structure(value: object, _: object) -> Any:
        if type(value) is not dict:
            raise _expect("table", value)
        if cl is Agreement:
            return _in_year_of(value, lambda: inner(value, cl))
        result = inner(value, cl)
        return result if finish is None else finish(result)

    return structure


#: The fast path's shortcuts: a hook whose value is used as it is when this condition
#: on it (``v``) holds, without calling the hook (the commonest keys: strings and ids).
_SHORTCUTS: dict[Callable[[Any, Any], Any], str | tuple[str, str]] = {
    _structure_str: "type(v) is str",
    _structure_id: f"type(v) is str and len(v) <= {MAX_ID_LENGTH}",
}

#: An array of one id (``depends_on = ["m01"]``, the commonest array of ids), read as
#: :func:`_ids_hook` reads it: the condition, and the tuple it gives.
_ONE_ID = (
    f"type(v) is list and len(v) == 1 and type(v[0]) is str and len(v[0]) <= {MAX_ID_LENGTH}",
    "(v[0],)",
)


def _fast_dict_factory(cl: type, conv: cattrs.Converter) -> Any:
    """Structure a table as ``cl``, for the fast converter, without ``cl.__init__``.

    Each key is read with its field's hook (the same hooks as the detailed
    converter's) by a function generated for the class
    (:func:`velfaerd.format._fastpath.generated_structure`). Whatever it refuses is
    structured again in detail.
    """
    hints = typing.get_type_hints(cl)
    field_hooks = _field_hooks(cl, conv)
    hooks = {
        field.name: field_hooks.get(field.name) or conv.get_structure_hook(hints[field.name])
        for field in attrs.fields(cl)
        if field.name not in NOT_KEYS
    }
    structure = generated_structure(
        cl,
        hooks,
        known=frozenset(known_keys(cl)),
        finish=_FINISHERS.get(cl),
        shortcuts={**_SHORTCUTS, **dict.fromkeys(_ID_ARRAYS, _ONE_ID)},
        choices=_CHOICES,
    )
    if cl is Agreement:
        return lambda value, _: _in_year_of(value, lambda: structure(value, _))
    return structure


def _in_year_of(value: dict[str, Any], structure: Callable[[], Any]) -> Any:
    """Structure an agreement with its ``year`` as the year of dates without one."""
    year = value.get("year")
    valid = type(year) is int and _MIN_YEAR <= year <= _MAX_YEAR
    token = _CONTEXT_YEAR.set(year if valid else None)
    try:
        return structure()
    finally:
        _CONTEXT_YEAR.reset(token)


def _with_relative(milestone: Milestone) -> Milestone:
    """Move a relative ``due`` (as structured) to ``relative``; it is resolved later."""
    due: object = milestone.due
    if isinstance(due, RelativeDate):
        return attrs.evolve(milestone, due=None, relative=due)
    return milestone


_YEARLY = Period(1, "years")


def _with_amount(budget: Budget) -> Budget:
    """Take what a Danish amount says (*ca.*, *årligt*) into the budget's own keys."""
    amount: object = budget.amount
    if not isinstance(amount, Amount):
        return budget
    every = budget.every
    if amount.yearly:
        if every is not None and every != _YEARLY:
            raise InvalidValueError(Text("problem.yearly-every", {"every": str(every)}))
        every = _YEARLY
    return attrs.evolve(
        budget,
        amount=amount.kroner,
        approximate=budget.approximate or amount.approximate,
        every=every,
    )


_FINISHERS: dict[type, Callable[[Any], Any]] = {
    Milestone: _with_relative,
    Budget: _with_amount,
}


def _build(*, detailed: bool = True) -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_structure_hook(DateWindow, _structure_window)
    conv.register_structure_hook(Period, _structure_period)
    # The enums are str subclasses: register each one so the str hook does not win.
    for kind in (
        ActorKind,
        AgreementKind,
        AgreementStatus,
        BasisKind,
        Better,
        MilestoneKind,
        MilestoneStatus,
        OccurrenceStatus,
    ):
        conv.register_structure_hook(kind, _enum_factory(kind))
    conv.register_structure_hook_factory(_is_homogenous_tuple, _tuple_factory)
    conv.register_structure_hook_factory(_is_optional, _optional_factory)
    conv.register_structure_hook_factory(_is_model_class, _dict_factory)
    register_unstructure_hooks(conv, _is_model_class)
    return conv


#: The converter: built once, at import. Its structuring collects every problem of a
#: document (cattrs' detailed validation), for the messages of a load error.
converter = _build()

#: The same hooks without detailed validation: about twice as fast, for the fast path
#: of loading. It stops at the first problem and says little about where, so a
#: document it refuses is structured again with :data:`converter` to explain why.
fast_converter = _build(detailed=False)
