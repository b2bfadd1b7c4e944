"""Generated constructors: the fast path's structuring of a table as an attrs class.

For each model class a function is generated that reads each key with its field's
hook and sets the object's slots straight, in the order of the fields, as ``__init__``
would, without calling it (:func:`generated_structure`). That is what making the object
is for a class without validators and ``__attrs_post_init__`` (:func:`made_by`); any
other class is made through its ``__init__``. The source of each function is kept in
:mod:`linecache` under a readable name, as attrs and cattrs keep theirs, so that a
traceback through it shows its lines. The function only has to be right for valid
input: it raises :class:`Refused` for a table it cannot read, and the caller
structures that table again in detail to say what is wrong. A shape of table seen
often (its keys, in their order) gets a function of its own, which reads only the keys
it has.

This module knows nothing of the format: the hooks, the keys and what finishes an
object are given to it (:mod:`velfaerd.format._convert` gives them).
"""

from __future__ import annotations

import linecache
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from velfaerd._slots import slot_setter

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = ["Refused", "generated_copy", "generated_structure", "generated_tuple", "made_by"]


class Refused(Exception):  # noqa: N818 - never seen: the detailed pass says what is wrong
    """The fast path's refusal of a table (an unknown key, or no table at all)."""


_MISSING = object()

#: What :func:`generated_tuple` says it expected.
_ARRAY, _STRING = "array", "string"


def made_by(cl: type) -> Literal["slots", "init"]:
    """How the fast path makes an object of the attrs class ``cl`` from a table.

    ``"slots"``: a function generated for ``cl`` (:func:`generated_structure`) sets its
    slots in the order of its fields, as ``__init__`` would, without calling it; this
    is what making the object is for a class without validators and
    ``__attrs_post_init__``. ``"init"``: cattrs' generated function, through
    ``cl.__init__``, so that a validator or post-init runs (about a third slower).
    The detailed converter always goes through ``__init__``.
    """
    plain = not hasattr(cl, "__attrs_post_init__") and all(
        field.validator is None for field in attrs.fields(cl)
    )
    return "slots" if plain else "init"


def register_source(cl: type, source: str, what: str = "structure") -> str:
    """Put a generated constructor's source in :mod:`linecache`; return its file name.

    Registered as attrs and cattrs register theirs, so that a traceback through the
    function shows its lines (an entry without a modification time is never dropped).
    The name is ``<velfaerd generated structure Agreement>`` (``what`` the function
    does: ``structure``, ``copy``); another class of the same name (a test's) gets
    ``-2`` and its own source.
    """
    lines = source.splitlines(keepends=True)
    number = 1
    while True:
        suffix = f"-{number}" if number > 1 else ""
        name = f"<velfaerd generated {what} {cl.__qualname__}{suffix}>"
        entry = linecache.cache.get(name)
        if entry is None or (len(entry) == 4 and entry[2] == lines):  # noqa: PLR2004 - not lazy
            linecache.cache[name] = (len(source), None, lines, name)
            return name
        number += 1


def generated_structure(
    cl: type,
    hooks: Mapping[str, Callable[[Any, Any], Any]],
    *,
    known: frozenset[str],
    finish: Callable[[Any], Any] | None = None,
    shortcuts: Mapping[Callable[[Any, Any], Any], str | tuple[str, str]] | None = None,
    choices: Mapping[Callable[[Any, Any], Any], Mapping[str, Any]] | None = None,
) -> Callable[[Any, Any], Any]:
    """A function that structures a table as ``cl`` without ``cl.__init__``.

    ``hooks`` maps each field read from a key to the hook that structures its value;
    a field without one is set to its default (or factory, given the object so far
    when it takes self, as attrs does). A field's attrs converter is applied to what
    its hook gives. A table with a key outside ``known``, or a value that is not a
    table, raises :class:`Refused`. ``finish`` is given the object and returns what
    the function returns. ``shortcuts`` maps a hook to a condition on the value ``v``
    under which the value is used as it is, without a call (or to a condition and
    the expression that gives what the hook would). ``choices`` maps a hook to what it
    gives for each string it accepts (an enum's members by their values): such a
    string is looked up, with the field's converter applied in advance. Only for a
    class that :func:`made_by` says is made by its slots.

    The keys of a class's tables come in few shapes (a milestone has an id, a title, a
    date and a few of its nineteen other keys). A table whose keys, in their order,
    were structured :data:`SHAPE_AFTER` times is then structured by a function of its
    own (:class:`_Shapes`), which reads the keys it has and sets the others to their
    defaults without looking for them: the same object, in the same order of steps.
    """
    names: dict[str, Any] = {
        "new": object.__new__,
        "cl": cl,
        "known": known,
        "refused": Refused,
        "missing": _MISSING,
    }
    fields: list[tuple[str, str | None, str, bool]] = []
    for i, field in enumerate(attrs.fields(cl)):
        names[f"set_{i}"] = slot_setter(cl, field.name)
        hook = hooks.get(field.name)
        choice = (choices or {}).get(hook) if hook is not None else None
        value, fallback = _field_source(i, field, hook, names, shortcuts or {}, choice=choice)
        fields.append((field.name, value, fallback, field.default is attrs.NOTHING))
    shapes = _Shapes(cl, names, fields, finish is not None)
    names["shaped"] = shapes.found.get
    names["learn"] = shapes.learn
    names["learning"] = True
    lines = [
        "def structure(o, _):",
        "    if type(o) is not dict:",
        "        raise refused",
        "    s = shaped(tuple(o))",
        "    if s is not None:",
        "        return s(o)",
        "    if not o.keys() <= known:",
        "        raise refused",
        "    self = new(cl)",
    ]
    for i, (name, value, fallback, required) in enumerate(fields):
        if value is None:  # no key: where the object came from, or what is resolved later
            lines.append(f"    set_{i}(self, {fallback})")
        elif required:
            lines += [f"    v = o[{name!r}]", f"    set_{i}(self, {value})"]
        else:
            lines += [
                f"    v = o.get({name!r}, missing)",
                f"    set_{i}(self, {fallback} if v is missing else {value})",
            ]
    lines += ["    if learning:", "        learn(o)"]
    if finish is not None:
        names["finish"] = finish
        lines.append("    return finish(self)")
    else:
        lines.append("    return self")
    source = "\n".join(lines) + "\n"
    filename = register_source(cl, source)
    exec(compile(source, filename, "exec"), names)  # noqa: S102 - our source, from the model's fields
    structure: Callable[[Any, Any], Any] = names["structure"]
    return structure


#: A shape of a class's tables (its keys, in their order) structured this many times
#: by the general function gets a function of its own: a small file pays no compiling.
SHAPE_AFTER: Final = 8
#: At most this many shapes of a class get a function of their own.
MAX_SHAPES: Final = 16
#: At most this many shapes of a class are counted: then no more are learned.
_MAX_COUNTED = 256


class _Shapes:
    """The functions of a class's commonest shapes of table, made as they are seen.

    Bounded: at most :data:`MAX_SHAPES` functions, and :data:`_MAX_COUNTED` shapes
    counted, however many a hostile file writes; then the general function stops
    counting (its ``learning`` is cleared).
    """

    __slots__ = ("_cl", "_counts", "_fields", "_finish", "_names", "found")

    def __init__(
        self,
        cl: type,
        names: dict[str, Any],
        fields: list[tuple[str, str | None, str, bool]],
        finish: bool,  # noqa: FBT001 - whether the function ends with ``finish``
    ) -> None:
        self._cl = cl
        self._names = names
        self._fields = fields
        self._finish = finish
        self._counts: dict[tuple[str, ...], int] = {}
        #: Each shape's function: what the general function looks a table up in.
        self.found: dict[tuple[str, ...], Callable[[Any], Any]] = {}

    def learn(self, table: dict[str, Any]) -> None:
        """Count the shape of a table the general function structured."""
        shape = tuple(table)
        counts = self._counts
        count = counts.get(shape, 0) + 1
        if count < SHAPE_AFTER:
            if count > 1 or len(counts) < _MAX_COUNTED:
                counts[shape] = count
            else:  # a file of ever new shapes: the general function is as good
                self._names["learning"] = False
            return
        counts.pop(shape, None)
        self.found[shape] = self._make(frozenset(shape))
        if len(self.found) >= MAX_SHAPES:
            self._names["learning"] = False

    def _make(self, keys: frozenset[str]) -> Callable[[Any], Any]:
        """The function of tables with just these keys: each read, the rest defaults."""
        lines = ["def structure(o):", "    self = new(cl)"]
        for i, (name, value, fallback, _) in enumerate(self._fields):
            if value is None or name not in keys:
                lines.append(f"    set_{i}(self, {fallback})")
            else:
                lines += [f"    v = o[{name!r}]", f"    set_{i}(self, {value})"]
        lines.append("    return finish(self)" if self._finish else "    return self")
        source = "\n".join(lines) + "\n"
        filename = register_source(self._cl, source, f"structure #{len(self.found) + 1} of")
        made: dict[str, Any] = {}
        exec(compile(source, filename, "exec"), self._names, made)  # noqa: S102 - as above
        structure: Callable[[Any], Any] = made["structure"]
        return structure


def generated_copy(
    cl: type, children: frozenset[str], copy: Callable[[Any], Any]
) -> Callable[[Any], Any]:
    """A function that makes a new object of ``cl`` equal to the one it is given.

    A field that takes part in equality is the given object's value, except that each
    item of the tuple of a field in ``children`` is ``copy(item)``; a field that does
    not (an origin) has its default. So the copy and each of its children are new
    objects, which nobody has seen, with every value of the given object. Only for a
    class that :func:`made_by` says is made by its slots.
    """
    names: dict[str, Any] = {"new": object.__new__, "cl": cl, "copy": copy}
    lines = ["def copied(o):", "    self = new(cl)"]
    for i, field in enumerate(attrs.fields(cl)):
        names[f"set_{i}"] = slot_setter(cl, field.name)
        if not field.eq:
            default: Any = field.default
            if isinstance(default, attrs.Factory) or default is attrs.NOTHING:  # type: ignore[arg-type]
                msg = f"{cl.__name__}.{field.name} takes no part in equality and has no default"
                raise TypeError(msg)
            names[f"default_{i}"] = default
            lines.append(f"    set_{i}(self, default_{i})")
        elif field.name in children:
            lines.append(f"    v = o.{field.name}")
            lines.append(f"    set_{i}(self, tuple([copy(x) for x in v]) if v else v)")
        else:
            lines.append(f"    set_{i}(self, o.{field.name})")
    lines.append("    return self")
    source = "\n".join(lines) + "\n"
    filename = register_source(cl, source, "copy")
    exec(compile(source, filename, "exec"), names)  # noqa: S102 - our source, from the model's fields
    copied: Callable[[Any], Any] = names["copied"]
    return copied


def _field_source(
    i: int,
    field: attrs.Attribute[Any],
    hook: Callable[[Any, Any], Any] | None,
    names: dict[str, Any],
    shortcuts: Mapping[Callable[[Any, Any], Any], str | tuple[str, str]],
    *,
    choice: Mapping[str, Any] | None = None,
) -> tuple[str | None, str]:
    """What field ``i`` is set to from its key's value ``v``, and without the key.

    The first is ``None`` for a field that is no key (``hook`` is ``None``).
    """
    # The model's converters are plain functions; its defaults values or factories.
    converter: Any = field.converter
    if converter is not None:
        names[f"convert_{i}"] = converter
    default: Any = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        names[f"factory_{i}"] = default.factory
        made = f"factory_{i}(self)" if default.takes_self else f"factory_{i}()"
        fallback = f"convert_{i}({made})" if converter is not None else made
    else:
        if default is not attrs.NOTHING and converter is not None:
            default = converter(default)
        names[f"default_{i}"] = default
        fallback = f"default_{i}"
    if hook is None:  # no key: where the object came from, or what is resolved later
        return None, fallback
    names[f"hook_{i}"] = hook
    value = f"hook_{i}(v, None)"
    shortcut = shortcuts.get(hook)
    if isinstance(shortcut, tuple):
        value = f"{shortcut[1]} if {shortcut[0]} else {value}"
    elif shortcut is not None:
        value = f"v if {shortcut} else {value}"
    if converter is not None:
        value = f"convert_{i}({value})"
    if choice is not None:
        # What the hook and the converter give for each string the hook accepts.
        names[f"choice_{i}"] = {
            key: converter(made) if converter is not None else made for key, made in choice.items()
        }
        value = f"c if type(v) is str and (c := choice_{i}.get(v)) is not None else {value}"
    return value, fallback


def generated_tuple(
    item_type: object,
    hook: Callable[[Any, Any], Any] | None,
    *,
    refuse: Callable[[str, object], Exception],
) -> Callable[[Any, Any], tuple[Any, ...]]:
    """A function that structures an array as a tuple, each item with ``hook``.

    Without a hook, the items must be strings: they are checked and copied in one
    loop. ``refuse(expected, value)`` is the exception raised for a value that is not
    what was expected (``"array"``, ``"string"``).
    """
    if hook is None:

        def strings(value: object, _: object) -> tuple[str, ...]:
            if type(value) is not list:
                raise refuse(_ARRAY, value)
            for item in value:
                if type(item) is not str:
                    raise refuse(_STRING, item)
            return tuple(value)

        return strings

    def items(value: object, _: object) -> tuple[Any, ...]:
        if type(value) is not list:
            raise refuse(_ARRAY, value)
        return tuple([hook(item, item_type) for item in value])

    return items
