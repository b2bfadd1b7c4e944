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

import datetime as dt
import types
import typing
from typing import TYPE_CHECKING, Any, Union

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.gen import make_dict_structure_fn, override

from velfaerd.amounts import Amount
from velfaerd.dates import DateWindow, Period, RelativeDate
from velfaerd.format._fastpath import generated_structure, generated_tuple, made_by
from velfaerd.format._unstructure import register_unstructure_hooks
from velfaerd.format._values import (
    CHOICES,
    ID_ARRAYS,
    InvalidValueError,
    described,
    enum_factory,
    expect,
    ids_hook,
    in_year_of,
    structure_amount,
    structure_bool,
    structure_date,
    structure_due,
    structure_first_day,
    structure_format,
    structure_id,
    structure_int,
    structure_last_day,
    structure_number,
    structure_period,
    structure_review_every,
    structure_rule_code,
    structure_str,
    structure_window,
    structure_year,
)
from velfaerd.i18n import Text

if TYPE_CHECKING:
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
    "converter",
    "fast_converter",
    "known_keys",
]


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
            raise expect("array", value)
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
    return generated_tuple(item_type, hook, refuse=expect)


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
    Document: {"format": structure_format},
    Milestone: {"due": structure_due},
    Budget: {"amount": structure_amount, "year": structure_year},
    IndicatorBaseline: {"value": structure_number},
    Target: {"value": structure_number},
    Measurement: {"value": structure_number},
    Agreement: {
        "year": structure_year,
        "start": structure_first_day,
        "end": structure_last_day,
        "review_every": structure_review_every,
    },
    Phase: {"start": structure_first_day, "end": structure_last_day},
    Waiver: {"rule": structure_rule_code},
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
            hooks[name] = structure_id
        else:
            hooks[name] = ids_hook(conv.get_structure_hook(annotation))
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
            raise expect("table", value)
        if cl is Agreement:
            return in_year_of(value, lambda: inner(value, cl))
        result = inner(value, cl)
        return result if finish is None else finish(result)

    return structure


#: The fast path's shortcuts: a hook whose value is used as it is when this condition
#: on it (``v``) holds, without calling the hook (the commonest keys: strings and ids).
_SHORTCUTS: dict[Callable[[Any, Any], Any], str | tuple[str, str]] = {
    structure_str: "type(v) is str",
    structure_id: f"type(v) is str and len(v) <= {MAX_ID_LENGTH}",
}

#: An array of one id (``depends_on = ["m01"]``, the commonest array of ids), read as
#: :func:`ids_hook` reads it: the condition, and the tuple it gives.
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
        shortcuts={**_SHORTCUTS, **dict.fromkeys(ID_ARRAYS, _ONE_ID)},
        choices=CHOICES,
    )
    if cl is Agreement:
        return lambda value, _: in_year_of(value, lambda: structure(value, _))
    return structure


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
    conv.register_structure_hook(str, structure_str)
    conv.register_structure_hook(int, structure_int)
    conv.register_structure_hook(bool, structure_bool)
    conv.register_structure_hook(dt.date, structure_date)
    conv.register_structure_hook(DateWindow, structure_window)
    conv.register_structure_hook(Period, structure_period)
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
        conv.register_structure_hook(kind, enum_factory(kind))
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
