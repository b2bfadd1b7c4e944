"""velfaerd.query: the scope of a finding's object, read along its origin or from a walk.

A loaded object's scope is read along the key path its origin names, not from a walk
of every object of the portfolio; both must give the same scope for every object. The
ids of the portfolio (and the arrays that repeat one) are read in C: they must be what
a walk of each object finds.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import attrs
from hypothesis import given
from tests._documents import AGREEMENT, load, milestone
from tests._hypothesis import scaled

import velfaerd
import velfaerd.strategies as vst
from velfaerd.model import STRUCTURE
from velfaerd.query import Index

if TYPE_CHECKING:
    from collections.abc import Iterator

    from velfaerd.model import Portfolio

EXAMPLES = Path(__file__).parents[1] / "examples"

#: An agreement with two milestones of one id (``m#2``), a budget (an item without an
#: id: ``budget[0]``) and a recurring review with a record of what happened.
TWICE = (
    AGREEMENT
    + "budget = [{ amount = 1000, year = 2021 }]\n"
    + milestone("m", '"primo marts 2021"')
    + milestone("m", '"uge 12 2021"')
    + milestone("review", "2021-06-01", 'every = "1 year"', 'kind = "review"')
    + '\n[[agreements.milestones.occurrences]]\ndue = "2022-06-01"\nstatus = "met"\n'
)


def _objects(parent: object) -> Iterator[object]:
    """Every model object below ``parent``, in the order of a walk."""
    entry = STRUCTURE.get(type(parent))
    for name in entry.children if entry is not None else ():
        for item in getattr(parent, name):
            yield item
            yield from _objects(item)


def _along_origins(portfolio: Portfolio) -> dict[int, str]:
    """Each object's scope from an index that has not walked the portfolio."""
    index = Index(portfolio)
    scopes = {id(obj): index.scope(obj) for obj in _objects(portfolio)}
    assert "_scopes" not in vars(index)  # every object was placed by its origin
    return scopes


def _walked(portfolio: Portfolio) -> dict[int, str]:
    """Each object's scope from the walk of every object."""
    index = Index(portfolio)
    index._scopes  # noqa: B018 - the walk, before any object is asked for
    return {id(obj): index.scope(obj) for obj in _objects(portfolio)}


def _ids_of_each(portfolio: Portfolio) -> frozenset[str]:
    """Every id of the portfolio, object by object."""
    return frozenset(
        item_id
        for obj in _objects(portfolio)
        if isinstance(item_id := getattr(obj, "id", None), str)
    )


def _repeating(portfolio: Portfolio) -> frozenset[int]:
    """The arrays (by id()) in which an id is repeated, array by array."""
    found: set[int] = set()
    for obj in [portfolio, *_objects(portfolio)]:
        entry = STRUCTURE.get(type(obj))
        for name in entry.children if entry is not None else ():
            ids = [getattr(item, "id", None) for item in getattr(obj, name)]
            ids = [item_id for item_id in ids if isinstance(item_id, str)]  # items without: none
            if len(set(ids)) != len(ids):
                found.add(id(getattr(obj, name)))
    return frozenset(found)


def test_each_loaded_object_has_the_scope_of_the_walk_in_the_examples() -> None:
    portfolio = velfaerd.load(EXAMPLES)
    assert _along_origins(portfolio) == _walked(portfolio)


def test_a_second_id_an_item_without_id_and_a_record_are_read_along_their_origin() -> None:
    portfolio = load(TWICE)
    scopes = _along_origins(portfolio)
    assert scopes == _walked(portfolio)
    (agreement,) = portfolio.agreements
    first, second, review = agreement.milestones
    assert scopes[id(second)] == "agreements/aftale/milestones/m#2"
    assert scopes[id(agreement.budget[0])] == "agreements/aftale/budget[0]"
    assert scopes[id(review.occurrences[0])].endswith("/milestones/review/occurrences[0]")
    assert Index(portfolio).scope(first, "due") == "agreements/aftale/milestones/m:due"
    repeating = Index(portfolio)._gathered[1]
    assert repeating == _repeating(portfolio) == {id(agreement.milestones)}


def test_files_of_a_tree_are_told_apart_by_their_names(tmp_path: Path) -> None:
    # Each file's first agreement is its agreements[0]: the file tells them apart.
    for name in ("a", "b"):
        text = AGREEMENT.replace('id = "samarbejdsaftale"', f'id = "aftale-{name}"')
        text += milestone("m", "2021-03-01")
        (tmp_path / f"{name}.toml").write_text(text, encoding="utf-8")
    portfolio = velfaerd.load(tmp_path)
    assert _along_origins(portfolio) == _walked(portfolio)


def test_an_object_its_origin_does_not_lead_to_is_found_by_the_walk() -> None:
    portfolio = load(TWICE)
    (agreement,) = portfolio.agreements
    review = agreement.milestones[2]
    # Built in Python: the review alone (its origin says milestones[2]), and a milestone
    # without an origin; then the agreement twice (two items say the same place).
    alone = attrs.evolve(agreement, milestones=(review,))
    new = attrs.evolve(review, id="ny", origin=None)
    with_new = attrs.evolve(agreement, milestones=(*agreement.milestones, new))
    for agreements in [(alone,), (with_new,), (agreement, attrs.evolve(agreement, id="b"))]:
        built = attrs.evolve(portfolio, agreements=agreements)
        index = Index(built)
        assert {id(obj): index.scope(obj) for obj in _objects(built)} == _walked(built)
    assert Index(attrs.evolve(portfolio, agreements=(alone,))).scope(review) == (
        "agreements/aftale/milestones/review"
    )
    assert Index(attrs.evolve(portfolio, agreements=(with_new,))).scope(new) == (
        "agreements/aftale/milestones/ny"
    )


# A few milestones of each agreement show every kind of table as well as a dozen do.
@scaled(10)
@given(vst.portfolios(max_agreements=3, max_milestones=4))
def test_each_object_of_a_dumped_and_loaded_portfolio_has_the_scope_of_the_walk(
    portfolio: Portfolio,
) -> None:
    loaded = velfaerd.loads(velfaerd.dump(portfolio))
    assert _along_origins(loaded) == _walked(loaded)
    # The ids and the arrays that repeat one, read in C a level and a block at a time.
    index = Index(loaded)
    assert index.ids == _ids_of_each(loaded)
    assert index._gathered[1] == _repeating(loaded)


def test_ids_of_a_model_built_otherwise_in_python_are_read_item_by_item() -> None:
    """Arrays as lists, ids that are no text (or not hashable), an item of another
    class and one of a subclass: each array the C reading cannot tell is walked item by
    item, with what was read of it before; its scopes count the earlier items' ids."""
    portfolio = load(TWICE)
    (agreement,) = portfolio.agreements
    first, second, review = agreement.milestones

    class Later(type(review)):  # type: ignore[misc] # a subclass: not walked into
        pass

    later = Later(**{field.name: getattr(review, field.name) for field in attrs.fields(Later)})
    odd = [
        [first, second, review],  # a list, not a tuple
        (first, attrs.evolve(second, id=7), review),  # type: ignore[arg-type] # no text
        (first, attrs.evolve(second, id=["m"]), review),  # type: ignore[arg-type] # nor hashable
        (first, agreement.phases[0] if agreement.phases else agreement, review),  # another class
        (first, later),
        (),
    ]
    for milestones in odd:
        built = attrs.evolve(
            portfolio, agreements=(attrs.evolve(agreement, milestones=milestones),)
        )
        index = Index(built)
        assert index.ids == _ids_of_each(built)
        walked = _walked(built)
        assert {id(obj): index.scope(obj) for obj in _objects(built)} == walked
    assert Index(portfolio).scope(second) == "agreements/aftale/milestones/m#2"


def test_a_key_below_an_object_is_located_at_its_first_name() -> None:
    text = AGREEMENT + milestone("m", "2022-03-01", 'depends_on = ["a", "b"]')
    portfolio = load(text)
    lines = text.splitlines()
    due, depends = (
        lines.index(line) + 1 for line in ("due = 2022-03-01", 'depends_on = ["a", "b"]')
    )
    (found,) = portfolio.agreements[0].milestones
    index = Index(portfolio)
    assert index.locate(found, "due")[1:3] == ("agreements[0].milestones[0].due", due)
    assert index.locate(found, "depends_on[1]")[1:3] == (
        "agreements[0].milestones[0].depends_on[1]",
        depends,
    )
    assert index.locate(found, "due.day")[2] == due
    assert index.locate(found)[1:3] == ("agreements[0].milestones[0]", due - 3)
