"""Pausing Python's cyclic garbage collector while velfaerd builds many objects."""

from __future__ import annotations

import contextlib
import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["PROMOTE_AT", "paused_gc"]

#: A pause that leaves at least this many new objects behind hands them to the
#: collector's oldest generation (see :func:`paused_gc`).
PROMOTE_AT = 100_000


@contextlib.contextmanager
def paused_gc(*, long_lived: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector, and restore it on every way out.

    Loading and checking make hundreds of thousands of objects and no reference
    cycle: the collector would walk them, and everything loaded before, again and
    again for nothing (a third of the time of structuring a large file). Objects are
    still freed as soon as they are no longer used. Nested pauses, and a collector
    that was already off, are left as they were.

    ``long_lived`` says that what was made during the pause is kept (a loaded
    portfolio). Left in the youngest generation, those objects would all be walked by
    the first collection after the pause, and again by the next older one, before
    settling in the oldest generation, where they end up anyway: a large load (at
    least :data:`PROMOTE_AT` new objects) puts the collector's young objects there at
    once instead (``gc.freeze()`` then ``gc.unfreeze()``), so that only a full
    collection walks them, as it would have. Small loads are left alone: they cost the
    collector little, and a program that loads often keeps its young garbage young.

    >>> import gc
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if long_lived and gc.get_count()[0] >= PROMOTE_AT:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
