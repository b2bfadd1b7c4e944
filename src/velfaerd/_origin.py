"""Where a model object came from: :class:`Origin`, its file, key path and lines.

Kept beside the objects it describes, with no part in their equality. Its lines are
found only when first asked for, through a :class:`_KeyLocator` (the loader's
:class:`~velfaerd.format._provenance.FileLines`). :mod:`velfaerd.model` re-exports it:
``velfaerd.model.Origin`` and ``velfaerd.Origin`` are the public names.
"""

from __future__ import annotations

import collections
import enum
from itertools import repeat
from typing import TYPE_CHECKING, Any, NoReturn, Protocol, cast

import attrs

from velfaerd._slots import slot_setter

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

__all__ = ["Origin"]


class _KeyLocator(Protocol):
    """What finds the lines of a file's keys, when an :class:`Origin` is first asked."""

    def line(self, path: str) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        ...

    def keys(self, path: str, names: tuple[str, ...]) -> dict[str, int]:
        """The line of each of ``names`` below ``path`` that is in the file."""
        ...

    def key(self, path: str, name: str) -> int | None:
        """The line of ``name`` below ``path``, if it is in the file."""
        ...


class _Unresolved(enum.Enum):
    """A line not looked for yet (an enum, so that it stays itself when pickled)."""

    TOKEN = 0


_UNRESOLVED: Any = _Unresolved.TOKEN


class Origin:
    """Where an object was loaded from: its file, key path and line.

    Origins are kept beside the objects they describe and take no part in equality:
    the same data loaded from another file is equal.

    Loading records only the file and the key path. The lines are found when first
    asked for (by a finding, or by a caller): the file is then scanned for the lines
    of its keys, once for all the origins it holds.

    >>> origin = Origin(source="aftale.toml", path="agreements[0]", line=3, keys={"id": 4})
    >>> origin.line, origin.keys["id"]
    (3, 4)
    """

    __slots__ = ("_keys", "_line", "_locator", "_names", "path", "source")

    source: str
    """The file (or the ``source`` given to :func:`velfaerd.loads`)."""
    path: str
    """The key path of the object in its file, such as ``agreements[0].milestones[2]``."""
    # A lazy origin leaves these two unset until its lines are found (reading one
    # gives ``_UNRESOLVED``): two writes less for each of a large file's objects.
    _line: int | None
    _keys: Mapping[str, int]
    _locator: _KeyLocator | None
    _names: tuple[str, ...]

    def __init__(
        self,
        *,
        source: str,
        path: str,
        line: int | None = None,
        keys: Mapping[str, int] | None = None,
    ) -> None:
        """Record where an object came from."""
        _set_source(self, source)
        _set_path(self, path)
        _set_line(self, line)
        _set_keys(self, dict(keys) if keys else {})
        _set_locator(self, None)
        _set_names(self, ())

    @classmethod
    def _lazy(cls, locator: _KeyLocator, source: str, path: str, names: tuple[str, ...]) -> Origin:
        """An origin whose lines ``locator`` finds when they are first asked for."""
        origin: Origin = _new(cls)
        _set_source(origin, source)
        _set_path(origin, path)
        _set_locator(origin, locator)
        _set_names(origin, names)
        return origin

    @classmethod
    def _lazy_many(
        cls, locator: _KeyLocator, source: str, paths: list[str], names: tuple[str, ...]
    ) -> list[Origin]:
        """:meth:`_lazy` for each of ``paths``, made in C loops (a large file has 75,000)."""
        count = len(paths)
        origins: list[Origin] = list(map(_new, repeat(cls, count)))
        for setter, values in (
            (_set_source, repeat(source, count)),
            (_set_path, paths),
            (_set_locator, repeat(locator, count)),
            (_set_names, repeat(names, count)),
        ):
            _consume(map(setter, origins, values))
        return origins

    @property
    def line(self) -> int | None:
        """The line of the object's key or table header, where it can be found."""
        line: int | None = getattr(self, "_line", _UNRESOLVED)
        if line is _UNRESOLVED:
            line = cast("_KeyLocator", self._locator).line(self.path)
            _set_line(self, line)
        return line

    @property
    def keys(self) -> Mapping[str, int]:
        """The line of each key of the object, where it can be found."""
        keys: Mapping[str, int] = getattr(self, "_keys", _UNRESOLVED)
        if keys is _UNRESOLVED:
            keys = cast("_KeyLocator", self._locator).keys(self.path, self._names)
            _set_keys(self, keys)
        return keys

    def key_line(self, name: str) -> int | None:
        """The line of the object's key ``name``, where it can be found (as in :attr:`keys`).

        Finds that one line only, when :attr:`keys` has not been asked for: a finding
        needs the line of one key, and a large file finds one faster than all.

        >>> origin = Origin(source="aftale.toml", path="agreements[0]", keys={"id": 4})
        >>> origin.key_line("id"), origin.key_line("title")
        (4, None)
        """
        keys: Mapping[str, int] = getattr(self, "_keys", _UNRESOLVED)
        if keys is not _UNRESOLVED:
            return keys.get(name)
        if name not in self._names:  # :attr:`keys` asks for these names only
            return None
        return cast("_KeyLocator", self._locator).key(self.path, name)

    def _state(self) -> tuple[str, str, int | None, Mapping[str, int]]:
        return (self.source, self.path, self.line, self.keys)

    def __eq__(self, other: object) -> bool:
        """Origins are equal when they name the same file, path, line and key lines."""
        if type(other) is not type(self):
            return NotImplemented
        return self._state() == other._state()

    def __hash__(self) -> int:
        """Hash the file, path and line."""
        return hash((self.source, self.path, self.line))

    def __repr__(self) -> str:
        """Show the file, path and line (the key lines are left out)."""
        return f"Origin(source={self.source!r}, path={self.path!r}, line={self.line!r})"

    def __setattr__(self, name: str, value: object) -> NoReturn:
        """Origins are immutable."""
        raise attrs.exceptions.FrozenInstanceError

    def __delattr__(self, name: str) -> NoReturn:
        """Origins are immutable."""
        raise attrs.exceptions.FrozenInstanceError

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle what is known, and the locator of what is not yet."""
        state = (
            self.source,
            self.path,
            getattr(self, "_line", _UNRESOLVED),
            getattr(self, "_keys", _UNRESOLVED),
            self._locator,
            self._names,
        )
        return (_restore_origin, (state,))


_new = object.__new__
_consume: Callable[[Iterable[object]], None] = collections.deque[object](maxlen=0).extend
_set_source = slot_setter(Origin, "source")
_set_path = slot_setter(Origin, "path")
_set_line = slot_setter(Origin, "_line")
_set_keys = slot_setter(Origin, "_keys")
_set_locator = slot_setter(Origin, "_locator")
_set_names = slot_setter(Origin, "_names")


def _restore_origin(
    state: tuple[str, str, int | None, Mapping[str, int], _KeyLocator | None, tuple[str, ...]],
) -> Origin:
    origin: Origin = _new(Origin)
    source, path, line, keys, locator, names = state
    _set_source(origin, source)
    _set_path(origin, path)
    _set_line(origin, line)
    _set_keys(origin, keys)
    _set_locator(origin, locator)
    _set_names(origin, names)
    return origin
