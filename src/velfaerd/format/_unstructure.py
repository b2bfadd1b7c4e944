"""Unstructuring: the model → the dicts that are written as TOML.

Every value that equals its default is omitted (derived defaults included: a
``start`` equal to ``entered`` is not written), so that dumping stays minimal and
loading what was dumped gives an equal model; what a document wrote in words (a
window, a period, a relative date) is written back as it was written.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

import attrs
from cattrs.gen import make_dict_unstructure_fn, override

from velfaerd.dates import DateWindow, Period, format_window
from velfaerd.model import NOT_KEYS, Agreement, Milestone

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    import cattrs

__all__ = ["register_unstructure_hooks"]


def register_unstructure_hooks(
    conv: cattrs.Converter, is_model_class: Callable[[Any], bool]
) -> None:
    """Register velfaerd's unstructuring on ``conv``: windows, periods, enums, the model."""
    conv.register_unstructure_hook(DateWindow, _unstructure_window)
    conv.register_unstructure_hook(Period, _unstructure_period)
    conv.register_unstructure_hook_func(_is_enum, _enum_value)
    conv.register_unstructure_hook_factory(is_model_class, _unstructure_factory)


def _is_enum(cl: Any) -> bool:
    return isinstance(cl, type) and issubclass(cl, enum.Enum)


def _enum_value(member: enum.Enum) -> Any:
    return member.value


def _unstructure_window(window: DateWindow) -> dt.date | str:
    # What the document wrote goes back as written ("i løbet af efteråret 2021").
    if window.written is not None:
        return window.written
    if window.earliest == window.latest:
        return window.latest
    return format_window(window)


def _unstructure_period(period: Period) -> str:
    # What the document wrote goes back as written ("årligt", "12 mdr.").
    return str(period) if period.written is None else period.written


def _unstructure_review_every(period: Period | None) -> str:
    return "none" if period is None else _unstructure_period(period)


def _unstructure_factory(cl: type, conv: cattrs.Converter) -> Any:
    overrides: dict[str, Any] = {
        name: override(omit=True) for name in NOT_KEYS if name in attrs.fields_dict(cl)
    }
    if cl is Agreement:
        overrides["review_every"] = override(unstruct_hook=_unstructure_review_every)
    inner: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(
        cl, conv, _cattrs_omit_if_default=True, **overrides
    )
    if cl is Milestone:
        return _unstructure_relative(inner)
    if cl is Agreement:
        return _unstructure_written_review(inner)
    return inner


_AGREEMENT_KEYS = tuple(attrs.fields_dict(Agreement))


def _unstructure_written_review(inner: Callable[[Any], dict[str, Any]]) -> Any:
    def unstructure(agreement: Agreement) -> dict[str, Any]:
        data = inner(agreement)
        review_every = agreement.review_every
        if review_every is None or review_every.written is None or "review_every" in data:
            return data
        # "årligt" equals the default of one year, and is written back all the same.
        data["review_every"] = review_every.written
        return {key: data[key] for key in _AGREEMENT_KEYS if key in data}

    return unstructure


def _unstructure_relative(inner: Callable[[Any], dict[str, Any]]) -> Any:
    def unstructure(milestone: Milestone) -> dict[str, Any]:
        data = inner(milestone)
        if milestone.relative is None:
            return data
        # What was written, in the place of the window it resolved to.
        items = list(data.items())
        written = str(milestone.relative)
        if "due" in data:
            return {key: written if key == "due" else value for key, value in items}
        return {**dict(items[:2]), "due": written, **dict(items[2:])}

    return unstructure
