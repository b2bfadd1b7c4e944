"""``velfaerd.diff``: changes by id over every class of the model, findings by fingerprint."""

from __future__ import annotations

import pathlib
from typing import Any

import attrs
from hypothesis import assume, given
from hypothesis import strategies as st
from tests._hypothesis import scaled

import velfaerd
from velfaerd import strategies as vst
from velfaerd.model import STRUCTURE, Portfolio
from velfaerd.revisions import Loader, changes, kind_of

EXAMPLE = pathlib.Path(__file__).parent.parent / "examples" / "varde-partnerskab.toml"

#: Where an object is: the arrays and positions from the portfolio down to it.
Path = tuple[tuple[str, int], ...]


def _paths(parent: object, base: Path = ()) -> list[Path]:
    """The path of the last item of every array of model objects below ``parent``."""
    found: list[Path] = []
    for name in STRUCTURE[type(parent)].children:
        items = getattr(parent, name)
        for index, item in enumerate(items):
            if index == len(items) - 1:
                found.append((*base, (name, index)))
            found.extend(_paths(item, (*base, (name, index))))
    return found


def _at(parent: object, path: Path) -> object:
    for name, index in path:
        parent = getattr(parent, name)[index]
    return parent


def _replaced(parent: Any, path: Path, item: object | None) -> Any:
    """``parent`` with the object at ``path`` replaced by ``item`` (``None``: removed)."""
    (name, index), rest = path[0], path[1:]
    items = list(getattr(parent, name))
    if rest:
        items[index] = _replaced(items[index], rest, item)
    elif item is None:
        del items[index]
    else:
        items[index] = item
    return attrs.evolve(parent, **{name: tuple(items)})


@scaled(10)
@given(vst.portfolios(), st.data())
def test_every_class_in_the_structure_is_compared_removed_added_and_changed(
    portfolio: Portfolio, data: st.DataObject
) -> None:
    assert list(changes(portfolio, portfolio)) == []
    paths = _paths(portfolio)
    assume(paths)
    path = data.draw(st.sampled_from(paths))
    item: Any = _at(portfolio, path)
    kind = kind_of(type(item))
    smaller = _replaced(portfolio, path, None)
    (removed,) = changes(portfolio, smaller)
    assert (removed.change, removed.kind) == ("removed", kind)
    (added,) = changes(smaller, portfolio)
    assert (added.change, added.kind, added.id) == ("added", kind, removed.id)
    if isinstance(getattr(item, "id", None), str):
        assert (
            removed.scope.endswith(f"/{removed.id}")
            or removed.scope == f"{path[0][0]}/{removed.id}"
        )
    if "description" in STRUCTURE[type(item)].keys:
        text = (
            "Ændret beskrivelse"
            if getattr(item, "description", None) != "Ændret beskrivelse"
            else "Igen"
        )
        edited = _replaced(portfolio, path, attrs.evolve(item, description=text))
        (changed,) = changes(portfolio, edited)
        assert (changed.change, changed.kind, changed.key, changed.new) == (
            "changed",
            kind,
            "description",
            text,
        )
        assert changed.old == getattr(item, "description", None)


@scaled(10)
@given(vst.portfolios(), vst.mutations())
def test_a_mutation_introduces_its_code_and_undoing_it_resolves_it(
    portfolio: Portfolio, mutation: vst.Mutation
) -> None:
    try:
        mutated = mutation.apply(portfolio)
    except vst.NotApplicableError:
        assume(condition=False)
        raise
    # An opt-in rule (IND003) runs when its code is selected; the others always do.
    config = velfaerd.Config(extend_select=[mutation.code])
    forward = velfaerd.diff(portfolio, mutated, config=config)
    assert {f.code for f in forward.introduced} == {mutation.code}
    assert forward.resolved == ()
    backward = velfaerd.diff(mutated, portfolio, config=config)
    assert {f.code for f in backward.resolved} == {mutation.code}
    assert backward.introduced == ()
    assert forward.introduces_error == any(f.severity.value == "error" for f in forward.introduced)


def test_files_by_name_and_to_dict() -> None:
    old = {"a.toml": '[[actors]]\nid = "a"\nname = "A"\nkind = "council"\n'}
    new = {
        "a.toml": '[[actors]]\nid = "a"\nname = "A"\nkind = "committee"\n',
        "b.toml": "[[actors]\n",
    }
    result = velfaerd.diff(old, new)
    data = result.to_dict()
    assert data["changes"] == [
        {
            "change": "changed",
            "kind": "actor",
            "id": "a",
            "scope": "actors/a",
            "agreement": None,
            "key": "kind",
            "old": "council",
            "new": "committee",
        }
    ]
    assert [f["code"] for f in data["introduced"]] == ["LOAD002"]
    assert data["summary"]["ok"] is False
    assert result.introduces_error


def test_the_loader_shares_what_both_sides_have_and_keeps_each_files_origins(
    tmp_path: pathlib.Path,
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    (tmp_path / "old" / "a.toml").write_text(text, encoding="utf-8")
    (tmp_path / "new" / "a.toml").write_text(text, encoding="utf-8")
    loader = Loader()
    old, _ = loader.load_paths(tmp_path / "old")
    assert old.agreements[0].origin is not None
    assert old.agreements[0].origin.source == str(tmp_path / "old" / "a.toml")
    new, _ = loader.load_paths(tmp_path / "new")  # parsed once, structured anew
    assert new == velfaerd.load(tmp_path / "new")
    assert new.agreements[0].origin is not None
    assert new.agreements[0].origin.source == str(tmp_path / "new" / "a.toml")
    again, _ = loader.load_data([("a.toml", text.encode())])
    same, _ = loader.load_data([("a.toml", text.encode())])
    assert same.agreements[0] is again.agreements[0]  # the same name and bytes: shared
