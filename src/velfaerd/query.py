"""The index rules share: ids, theme scopes, actor ancestry and the horizon of recurrences.

Built once per :func:`velfaerd.check`, in time linear in the size of the portfolio;
each part is computed when a rule first asks for it.
"""

from __future__ import annotations

import functools
import operator
import re
from collections import defaultdict
from itertools import accumulate, chain
from typing import TYPE_CHECKING, Protocol, TypeVar

import attrs

from velfaerd.dates import shift
from velfaerd.format._resolve import scheduled_occurrences
from velfaerd.model import (
    STRUCTURE,
    Actor,
    Agreement,
    AgreementKind,
    ApprovalProcess,
    Milestone,
    MilestoneStatus,
    Occurrence,
    Origin,
    Policy,
    Portfolio,
    Principle,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterable, Iterator, Sequence

__all__ = ["Index", "Location", "shift"]


Location = tuple[str | None, str, int | None, Origin | None]


class Index:
    """Lookups over a portfolio for the rules."""

    def __init__(self, portfolio: Portfolio, *, as_of: dt.date | None = None) -> None:
        """Index ``portfolio``; ``as_of`` bounds open-ended recurrences."""
        self.portfolio = portfolio
        self.as_of = as_of
        self.actors: dict[str, Actor] = _first(portfolio.actors)
        self.policies: dict[str, Policy] = _first(portfolio.policies)
        self.principles: dict[str, Principle] = _first(portfolio.principles)
        self.processes: dict[str, ApprovalProcess] = _first(portfolio.approval_processes)
        self.agreements: dict[str, Agreement] = _first(portfolio.agreements)
        self._memo: dict[tuple[str, int, int], object] = {}
        self._tops: dict[str, tuple[dict[int, str], dict[tuple[str, str], object | None]]] = {}

    def once(self, kind: str, of: _O, compute: Callable[[_O], _R], *, within: object = None) -> _R:
        """What ``compute(of)`` gives, computed once per check.

        Rules share what more than one of them reads (an agreement's dependency graph
        and its cycles, its approvals, a process's order of steps) through this memo:
        ``kind`` names what is computed, and the same ``kind`` must always be computed
        by the same function. ``of`` is a model object of the portfolio (it is told
        apart by identity, and lives as long as the index). What depends on the object
        that holds ``of`` too (a milestone's occurrences on its agreement's term) names
        that object as ``within``: a portfolio built in Python may hold one milestone
        in two agreements.
        """
        key = (kind, id(of), id(within))
        try:
            return self._memo[key]  # type: ignore[return-value]
        except KeyError:
            value = self._memo[key] = compute(of)
            return value

    @functools.cached_property
    def _paths(self) -> dict[int, str]:
        # The key paths of objects that were not loaded from a file: those loading gives,
        # read from the model's one table of each class's children (``model.STRUCTURE``).
        p = self.portfolio
        paths: dict[int, str] = {}
        if len(p.municipalities) == 1:  # as a file holds it: one [municipality] table
            paths[id(p.municipalities[0])] = "municipality"
        else:
            for i, municipality in enumerate(p.municipalities):
                paths[id(municipality)] = f"municipalities[{i}]"
        _walk(p, "", paths)
        return paths

    @property
    def ids(self) -> frozenset[str]:
        """Every id defined in the portfolio, of every kind (for the findings' fingerprints)."""
        return self._gathered[0]

    @functools.cached_property
    def _gathered(self) -> tuple[frozenset[str], frozenset[int] | None]:
        # The ids, and the arrays in which an id is repeated (by their id(); None where
        # the walk could not tell): most arrays have none, and a scope in them is read
        # without counting the earlier items of its id (_earlier).
        found: set[object] = set()
        repeated: set[int] | None = set()
        for name in _CHILDREN.get(type(self.portfolio), ()):
            repeated = _collect_ids([getattr(self.portfolio, name)], found, repeated)
        if not set(map(type, found)) <= {str}:  # an id that is no text is no id
            found = {item for item in found if isinstance(item, str)}
        return (
            frozenset(found),  # type: ignore[arg-type] # all of them are str: said above
            None if repeated is None else frozenset(repeated),
        )

    @functools.cached_property
    def _scopes(self) -> dict[int, str]:
        # The ids from the portfolio down to each object: for what _tops cannot place.
        scopes: dict[int, str] = {}
        _walk_ids(self.portfolio, "", scopes)
        return scopes

    def _top(self, name: str) -> tuple[dict[int, str], dict[tuple[str, str], object | None]]:
        """The scope of each item of the portfolio's array ``name``, and its loaded items.

        Each loaded item by where its origin says it is (``None`` where two items say
        the same place). Made when a finding is first in the array (a first run's are in agreements,
        seldom in the actors).
        """
        found = self._tops.get(name)
        if found is None:
            scopes: dict[int, str] = {}
            placed: dict[tuple[str, str], object | None] = {}
            seen: dict[str, int] = {}
            for index, item in enumerate(getattr(self.portfolio, name)):
                scopes[id(item)] = _step(name, f"{name}/", index, item, seen)
                origin = getattr(item, "origin", None)
                if origin is not None:
                    where = (origin.source, origin.path)
                    placed[where] = None if where in placed else item
            found = self._tops[name] = (scopes, placed)
        return found

    def _scope_of(self, obj: object) -> str:
        """The scope of ``obj``: read along its origin's key path, else from a walk of all.

        A first run's findings are spread over most items of a portfolio: a scope is
        read along the key path its origin names (``agreements[3].milestones[2]`` of
        its file), not from a walk of every object, where the path leads to the object
        itself. An object that is in two places of a portfolio (built so in Python)
        has the scope of the one its origin names.
        """
        if "_scopes" not in self.__dict__:
            found = self._along_origin(obj)
            if found is not None:
                return found
        return self._scopes.get(id(obj), "")

    def _along_origin(self, obj: object) -> str | None:
        origin: Origin | None = getattr(obj, "origin", None)
        if origin is None:
            return None
        first, *steps = origin.path.split(".")
        match = _STEP.fullmatch(first)
        if match is None or match[1] not in _CHILDREN.get(type(self.portfolio), ()):
            return None  # not in an array of the portfolio (the municipality)
        tops, placed = self._top(match[1])
        parent = placed.get((origin.source, first))
        if parent is None:
            return None
        scope = tops[id(parent)]
        repeats = self._gathered[1]  # the arrays in which an id is repeated
        for step in steps:
            match = _STEP.fullmatch(step)
            if match is None or match[1] not in _CHILDREN.get(type(parent), ()):
                return None
            name, index = match[1], int(match[2])
            items = getattr(parent, name)
            if index >= len(items):
                return None
            parent = items[index]
            item_id = getattr(parent, "id", None)
            if type(item_id) is str and repeats is not None and id(items) not in repeats:
                scope = f"{scope}/{name}/{item_id}"  # the first of its id: no number
            else:
                seen = _earlier(items, index, parent)
                scope = _step(name, f"{scope}/{name}/", index, parent, seen)
        return scope if parent is obj else None

    def scope(self, obj: object, key: str | None = None) -> str:
        """The ids from the portfolio down to an object: ``agreements/a/milestones/m``.

        Each step is an array's name and the item's id (an item without an id, as a
        budget, by its position: ``budget[0]``); then ``key`` (``due``) without its
        positions; the second object of an array with the same id is ``id#2``.
        Unlike a key path, it does not change when items are inserted before the
        object, nor with the file it is in. ``""`` for the portfolio.
        """
        base = "" if obj is None else self._scope_of(obj)
        if key:
            base = f"{base}:{_POSITION.sub('', key) if '[' in key else key}"
        return base

    def locate(self, obj: object, key: str | None = None) -> Location:
        """Return ``(source, path, line, origin)`` of an object, or of a key below it."""
        origin: Origin | None = getattr(obj, "origin", None)
        if origin is not None:
            base, source = origin.path, origin.source
            # The line of the key, else of the object: one key's line is found without
            # the object's (or its other keys'). Most keys are a name alone.
            if key is None:
                line = None
            elif "[" in key or "." in key:
                line = origin.key_line(key.split("[", 1)[0].split(".", 1)[0])
            else:
                line = origin.key_line(key)
            if line is None:
                line = origin.line
        else:
            base, source, line = (
                (self._paths.get(id(obj), "") if obj is not None else ""),
                None,
                None,
            )
        path = f"{base}.{key}" if key and base else (key or base)
        return source, path, line, origin

    # Themes ---------------------------------------------------------------------------

    def theme_owners(self, agreement: Agreement) -> dict[str, list[str]]:
        """Map each theme id in scope of an agreement to where it is defined.

        The owners are ``"agreement"`` for its own focus areas and policy ids for the
        themes of its (known) policies. An id with two owners is ambiguous.
        """
        owners: dict[str, list[str]] = defaultdict(list)
        for theme in agreement.themes:
            owners[theme.id].append("agreement")
        for policy_id in dict.fromkeys(agreement.policies):
            policy = self.policies.get(policy_id)
            if policy is None:
                continue
            for theme in policy.themes:
                if policy_id not in owners[theme.id]:
                    owners[theme.id].append(policy_id)
        return dict(owners)

    def taken_up(self, agreement: Agreement) -> Iterator[tuple[str, str, object]]:
        """Yield ``(theme id, owner, theme or policy)`` for every theme an agreement takes up.

        Its own focus areas, and the themes of its policies that ``covers`` names (all
        of them when ``covers`` is absent).
        """
        for theme in agreement.themes:
            yield theme.id, "agreement", theme
        covers = None if agreement.covers is None else set(agreement.covers)
        for policy_id in dict.fromkeys(agreement.policies):
            policy = self.policies.get(policy_id)
            if policy is None:
                continue
            for theme in policy.themes:
                if covers is None or theme.id in covers:
                    yield theme.id, policy_id, theme

    # Actors ---------------------------------------------------------------------------

    def ancestors(self, actor_id: str) -> list[str]:
        """The actors an actor is part of, nearest first (stops at a cycle)."""
        chain: list[str] = []
        seen = {actor_id}
        current = self.actors.get(actor_id)
        while current is not None and current.part_of is not None:
            parent = current.part_of
            if parent in seen:
                break
            seen.add(parent)
            chain.append(parent)
            current = self.actors.get(parent)
        return chain

    # Dates ----------------------------------------------------------------------------

    def last_dated(self, agreement: Agreement) -> dt.date | None:
        """The latest day of the last dated event of an agreement (start included)."""
        days = [m.due.latest for m in agreement.milestones if m.due is not None]
        if agreement.start is not None:
            days.append(agreement.start)
        if agreement.end is not None:
            days.append(agreement.end)
        return max(days, default=None)

    def horizon(self, agreement: Agreement) -> dt.date | None:
        """How far recurrences of an open-ended agreement are looked at.

        The agreement's end; for an open-ended one, the later of ``as_of`` and its
        last dated event.
        """
        if agreement.end is not None:
            return agreement.end
        candidates = [d for d in (self.last_dated(agreement), self.as_of) if d is not None]
        return max(candidates, default=None)

    def records(self, agreement: Agreement, milestone: Milestone) -> dict[int, Occurrence]:
        """The recorded occurrences of a recurring milestone, by their number (``0``: ``due``).

        Loading made sure that each record names exactly one scheduled occurrence; a
        milestone built in Python whose records do not is read as far as they do (a
        record that names none, or two, is left out).
        """
        return self.once("records", milestone, lambda m: _records(agreement, m), within=agreement)

    def is_cancelled(self, milestone: Milestone) -> bool:
        """Whether a milestone is cancelled (in every occurrence, if it recurs)."""
        return milestone.status is MilestoneStatus.CANCELLED

    @staticmethod
    def is_plan(agreement: Agreement) -> bool:
        """Whether an agreement is an implementation plan."""
        return agreement.kind is AgreementKind.IMPLEMENTATION_PLAN


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_HasId)
_R = TypeVar("_R")
_O = TypeVar("_O")


def _records(agreement: Agreement, milestone: Milestone) -> dict[int, Occurrence]:
    due, every = milestone.due, milestone.every
    if due is None or every is None or not milestone.occurrences:
        return {}
    last = milestone.until.latest if milestone.until is not None else agreement.end
    found: dict[int, Occurrence] = {}
    for record in milestone.occurrences:
        overlapping, _ = scheduled_occurrences(due, every, last, record.due)
        if len(overlapping) == 1:
            found.setdefault(overlapping[0][0], record)
    return found


def _walk(parent: object, base: str, paths: dict[int, str]) -> None:
    """Record the key path of every model object below ``parent`` (found at ``base``)."""
    entry = STRUCTURE.get(type(parent))
    for name in entry.children if entry is not None else ():
        prefix = f"{base}.{name}" if base else name
        for index, item in enumerate(getattr(parent, name)):
            path = f"{prefix}[{index}]"
            paths[id(item)] = path
            _walk(item, path, paths)


#: One step of a loaded object's key path: an array's name and a position in it.
_STEP = re.compile(r"([a-z_]+)\[([0-9]+)\]")

#: A position in a key (``parties[1]``), left out of a scope.
_POSITION = re.compile(r"\[[0-9]+\]")


def _walk_ids(parent: object, base: str, scopes: dict[int, str]) -> None:
    """Record the scope (:meth:`Index.scope`) of every model object below ``parent``."""
    for name in _CHILDREN.get(type(parent), ()):
        seen: dict[str, int] = {}
        head = f"{base}/{name}/" if base else f"{name}/"
        for index, item in enumerate(getattr(parent, name)):
            scope = scopes[id(item)] = _step(name, head, index, item, seen)
            if type(item) in _CHILDREN:  # only classes with children are walked into
                _walk_ids(item, scope, scopes)


def _step(name: str, head: str, index: int, item: object, seen: dict[str, int]) -> str:
    """The scope of the ``index``-th item of the array ``name``, whose scope starts ``head``.

    ``seen`` counts the ids met so far in the array.
    """
    item_id = getattr(item, "id", None)
    if not isinstance(item_id, str):
        return f"{head[: -len(name) - 1]}{name}[{index}]"
    # The second object with an id (REF001's) is another object: ``id#2``.
    number = seen[item_id] = seen.get(item_id, 0) + 1
    return head + item_id if number == 1 else f"{head}{item_id}#{number}"


def _earlier(items: tuple[object, ...], index: int, item: object) -> dict[str, int]:
    """How many items before ``index`` have ``item``'s id, as :func:`_walk_ids` counts them."""
    item_id = getattr(item, "id", None)
    if not isinstance(item_id, str):
        return {}
    try:  # counted in C: a finding late in a long array would count in Python
        count = list(map(_ID, items[:index])).count(item_id)
    except AttributeError:  # an item without an id (built so in Python)
        count = sum(1 for earlier in items[:index] if getattr(earlier, "id", None) == item_id)
    return {item_id: count} if count else {}


#: An item's id.
_ID = operator.attrgetter("id")


def _collect_ids(
    arrays: list[Sequence[object]], ids: set[object], repeated: set[int] | None
) -> set[int] | None:
    """Add the id of every model object of ``arrays``, and below them, to ``ids``.

    Arrays of one model class (as loading makes every array) are read in C, a block
    of them at a time (what the block's items are is read while they are in the
    processor's cache): their ids by one ``map``, their items' arrays of each name
    together, one level below the other; 75,000 objects cost no Python step each. Each
    array in which an id is repeated is added to ``repeated`` (by its ``id()``);
    returned, or ``None`` once an array had to be walked item by item (then nothing
    is known).
    """
    if not any(arrays):
        return repeated  # all empty (a portfolio without principles): nothing to read
    kind = _kind(arrays)
    if kind is None:
        for array in arrays:
            _collect_ids_slowly(array, ids)
        return None
    below: dict[str, list[Sequence[object]]] = {name: [] for name in _CHILDREN.get(kind, ())}
    try:
        for start in range(0, len(arrays), _BLOCK):
            _read_block(arrays[start : start + _BLOCK], kind, ids, repeated, below)
    except (AttributeError, TypeError):  # a model built so in Python (an unhashable id)
        for array in arrays:
            _collect_ids_slowly(array, ids)
        return None
    for children in below.values():
        if children:
            repeated = _collect_ids(children, ids, repeated)
    return repeated


def _read_block(
    block: list[Sequence[object]],
    kind: type,
    ids: set[object],
    repeated: set[int] | None,
    below: dict[str, list[Sequence[object]]],
) -> None:
    """Read a block of arrays of ``kind``'s items for :func:`_collect_ids`.

    Their ids into ``ids`` (and the arrays that repeat one into ``repeated``), and
    the non-empty arrays below them into ``below``, by name.

    :raises TypeError: when an item is not of ``kind`` (then the arrays are walked).
    """
    items = list(chain.from_iterable(block))
    if set(map(type, items)) != {kind}:
        raise TypeError
    if "id" in _ID_FIELDS[kind]:
        found = list(map(_ID, items))
        ids.update(found)  # those that are no text are left out at the end (Index.ids)
        if repeated is not None:
            repeated.update(_repeating(block, found))
    for name, children in below.items():
        # Most are empty (a milestone's records): they are left out.
        children.extend(filter(None, map(operator.attrgetter(name), items)))


#: How many arrays :func:`_collect_ids` reads at a time.
_BLOCK = 64


def _kind(arrays: list[Sequence[object]]) -> type | None:
    """The model class of the first item of ``arrays`` (all are lists or tuples), or ``None``."""
    if not set(map(type, arrays)) <= {tuple, list}:
        return None
    first = next(chain.from_iterable(arrays), None)
    kind = type(first)
    return kind if first is not None and kind in STRUCTURE else None


def _repeating(arrays: list[Sequence[object]], found: list[object]) -> Iterator[int]:
    """The ``id()`` of each array in which an id is repeated; ``found``: their ids in turn.

    Counted in C: the distinct ids of each array's slice of ``found``.
    """
    lengths = list(map(len, arrays))
    ends = list(accumulate(lengths))
    distinct = list(map(len, map(set, map(found.__getitem__, map(slice, [0, *ends], ends)))))
    if distinct != lengths:
        for array, length, count in zip(arrays, lengths, distinct, strict=True):
            if count != length:
                yield id(array)


def _collect_ids_slowly(items: Iterable[object], ids: set[object]) -> None:
    """What :func:`_collect_ids` gives, item by item: for arrays it cannot read in C."""
    for item in items:
        item_id = getattr(item, "id", None)
        if isinstance(item_id, str):
            ids.add(item_id)
        for name in _CHILDREN.get(type(item), ()):
            below = getattr(item, name)
            if below:  # most are empty (a milestone's records): no call for those
                _collect_ids_slowly(below, ids)


#: The model classes that hold arrays of model objects, and those arrays' fields.
_CHILDREN = {cl: entry.children for cl, entry in STRUCTURE.items() if entry.children}


#: The fields of each model class (whether it has an ``id``).
_ID_FIELDS = {cl: frozenset(field.name for field in attrs.fields(cl)) for cl in STRUCTURE}


def _first(items: tuple[_T, ...]) -> dict[str, _T]:
    table: dict[str, _T] = {}
    for item in items:
        table.setdefault(item.id, item)
    return table
