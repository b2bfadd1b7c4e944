"""What the model's classes share: the converters of their fields, and lookups by id.

Every array of a model object is a tuple (immutable, hashable), whatever a Python
caller passed; and each object that holds children with ids finds one by its id the
same way, with the same deprecation for the old lookups that return ``None``.
"""

# Split from velfaerd.model so that the model's classes, in velfaerd.model and in
# velfaerd._records, share one copy of these helpers without importing each other:
# both import this module, which imports nothing of velfaerd.

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from collections.abc import Iterable

# Private to velfaerd: the model's modules import the names they need.
__all__: list[str] = []


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


_Item = TypeVar("_Item", bound=_Identified)


def _child(items: Iterable[_Item], item_id: str) -> _Item | None:
    """The first of ``items`` with this id, or ``None``."""
    return next((item for item in items if item.id == item_id), None)


def _child_or_none(items: Iterable[_Item], item_id: str, lookup: str, owner: str) -> _Item | None:
    """The first of ``items`` with this id; ``None`` and a deprecation warning if none.

    ``lookup`` is the method (``"Agreement.milestone"``), ``owner`` the id of the
    object it was called on.
    """
    found = _child(items, item_id)
    if found is None:
        cls, _, what = lookup.partition(".")
        warnings.warn(
            f"{lookup}({item_id!r}) found no {what} with that id in {owner!r}: it returns "
            f"None now and will raise KeyError, as Portfolio's lookups do; "
            f"{cls}.get_{what}() returns None",
            DeprecationWarning,
            stacklevel=3,
        )
    return found


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    # Accept any iterable of ids from Python callers; keep tuples immutable.
    if type(value) is tuple:  # what the loader gives, and every default: as it is
        return value
    if isinstance(value, str):
        msg = f"expected a sequence of strings, found the string {value!r}"
        raise TypeError(msg)
    return tuple(value)


def _items(value: Iterable[Any]) -> tuple[Any, ...]:
    return value if type(value) is tuple else tuple(value)


def _optional_strings(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else _strings(value)
