"""Writing a field of a frozen, slotted instance: the one place velfaerd does it.

The model's classes are frozen: ``setattr`` on one raises. velfaerd itself writes their
slots in four places, where calling ``__init__`` (or ``attrs.evolve``) would cost
more than the whole rest of loading:

* :class:`~velfaerd.model.Origin` fills its own slots, and its lines when first asked;
* the loader's generated constructors (:mod:`velfaerd.format._convert`) make an
  object with ``object.__new__`` and set each field in turn;
* :func:`velfaerd.format._provenance.record` gives each loaded object its ``origin``;
* :func:`velfaerd.format._fastpath.generated_copy` makes an object with
  ``object.__new__`` equal to one loaded before (``velfaerd diff``'s second side), with
  the other's values and no origin yet.

The contract, for every use of :func:`slot_setter`:

1. only an object nobody else has seen yet is written: one just made, or one the
   loader made a moment ago and has not returned;
2. only a slot that takes no part in the object's equality or hash is written after
   the object is complete (``origin``, and an origin's lazily found lines), so that an
   object never changes as a key of a dict or a member of a set;
3. a value is written as ``__init__`` would have written it: converted, of the
   field's type (a constructor that cannot promise this, for a class with validators
   or ``__attrs_post_init__``, goes through ``__init__`` instead).
"""

from __future__ import annotations

import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["slot_setter"]


def slot_setter(cl: type, name: str) -> Callable[[Any, Any], None]:
    """Return the function that writes slot ``name`` of ``cl``'s instances, frozen or not.

    ``setter(instance, value)`` stores ``value`` past the class's ``__setattr__``;
    see this module for when velfaerd may call it.

    >>> import attrs
    >>> @attrs.frozen
    ... class Point:
    ...     x: int
    >>> point = object.__new__(Point)  # made here: nobody else has seen it
    >>> slot_setter(Point, "x")(point, 2)
    >>> point
    Point(x=2)

    :raises TypeError: if ``name`` is no slot of ``cl`` itself.
    """
    descriptor = vars(cl).get(name)
    if type(descriptor) is not types.MemberDescriptorType:
        msg = f"{cl.__name__}.{name} is not a slot of {cl.__name__}"
        raise TypeError(msg)
    setter: Callable[[Any, Any], None] = descriptor.__set__
    return setter
