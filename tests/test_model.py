"""velfaerd.model: its lookups by id, and its one table of each class's keys and children.

Lookups follow one convention, a mapping's (docs: the model's docstring).

``x(id)`` returns the object or raises ``KeyError``, like ``mapping[id]``; ``get_x(id)``
returns it or ``None``, like ``mapping.get(id)``. The lookups inside an object
(``Agreement.milestone`` and its kin) still return ``None`` for an unknown id, with a
``DeprecationWarning`` saying that they will raise.
"""

from __future__ import annotations

import collections.abc
import inspect
import typing
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from tests._hypothesis import scaled

import velfaerd
from velfaerd import _records, model
from velfaerd import strategies as vst
from velfaerd.format._convert import Document

VALID = velfaerd.load(Path(__file__).parent / "data" / "valid.toml")
AGREEMENT = VALID.agreements[0]
POLICY = VALID.policies[0]
PROCESS = VALID.approval_processes[0]

#: (the object, the lookup, the tuple it looks in), for every lookup inside an object.
CHILD_LOOKUPS = [
    (AGREEMENT, "milestone", AGREEMENT.milestones),
    (AGREEMENT, "commitment", AGREEMENT.commitments),
    (AGREEMENT, "phase", AGREEMENT.phases),
    (POLICY, "theme", POLICY.themes),
    (PROCESS, "step", PROCESS.steps),
]
PORTFOLIO_LOOKUPS = [
    ("actor", VALID.actors),
    ("policy", VALID.policies),
    ("principle", VALID.principles),
    ("approval_process", VALID.approval_processes),
    ("agreement", VALID.agreements),
]


def _lookups(cls: type) -> set[str]:
    """The names of a class's lookups by id: public methods whose argument is an id."""
    return {
        name
        for name, function in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_")
        and [p for p in inspect.signature(function).parameters if p.endswith("_id")]
        and name != "predecessors"  # a query about an id, not a lookup of one
    }


@pytest.mark.parametrize("cls", [getattr(model, name) for name in model.__all__])
def test_every_lookup_by_id_comes_in_both_forms(cls: Any) -> None:
    names = _lookups(cls)
    plain = {name for name in names if not name.startswith("get_")}
    assert {f"get_{name}" for name in plain} == names - plain


def test_the_survey_knows_every_class_with_lookups() -> None:
    with_lookups = {name for name in model.__all__ if _lookups(getattr(model, name))}
    assert with_lookups == {"Agreement", "Policy", "ApprovalProcess", "Portfolio"}
    assert {name for _, name, _ in CHILD_LOOKUPS} | {name for name, _ in PORTFOLIO_LOOKUPS} == {
        name
        for cls in (model.Agreement, model.Policy, model.ApprovalProcess, model.Portfolio)
        for name in _lookups(cls)
        if not name.startswith("get_")
    }


@pytest.mark.parametrize(("name", "items"), PORTFOLIO_LOOKUPS)
def test_a_portfolio_lookup_raises_key_error_and_its_get_returns_none(
    name: str, items: tuple[Any, ...]
) -> None:
    assert items, f"valid.toml has no {name}"
    first = items[0]
    assert getattr(VALID, name)(first.id) is first
    assert getattr(VALID, f"get_{name}")(first.id) is first
    with pytest.raises(KeyError, match="'nobody'"):
        getattr(VALID, name)("nobody")
    assert getattr(VALID, f"get_{name}")("nobody") is None


@pytest.mark.parametrize(("owner", "name", "items"), CHILD_LOOKUPS)
def test_a_child_lookup_finds_its_item_with_no_warning(
    owner: Any, name: str, items: tuple[Any, ...]
) -> None:
    assert items, f"valid.toml has no {name}"
    first = items[0]
    assert getattr(owner, name)(first.id) is first
    assert getattr(owner, f"get_{name}")(first.id) is first
    assert getattr(owner, f"get_{name}")("nobody") is None


@pytest.mark.parametrize(("owner", "name", "items"), CHILD_LOOKUPS)
def test_a_child_lookup_of_an_unknown_id_warns_that_it_will_raise(
    owner: Any, name: str, items: tuple[Any, ...]
) -> None:
    del items
    cls = type(owner).__name__
    with pytest.warns(DeprecationWarning, match="will raise KeyError") as caught:
        assert getattr(owner, name)("nobody") is None
    (warning,) = caught
    said = str(warning.message)
    assert f"{cls}.{name}('nobody')" in said
    assert "will raise KeyError" in said
    assert f"{cls}.get_{name}()" in said
    assert warning.filename == __file__  # it points at the caller


@scaled(10)
@given(vst.portfolios())
def test_lookups_return_the_first_object_with_the_id(portfolio: velfaerd.Portfolio) -> None:
    for agreement in portfolio.agreements:
        assert portfolio.agreement(agreement.id) is next(
            a for a in portfolio.agreements if a.id == agreement.id
        )
        for milestone in agreement.milestones:
            found = agreement.get_milestone(milestone.id)
            assert found is next(m for m in agreement.milestones if m.id == milestone.id)
            assert agreement.milestone(milestone.id) is found


# The structure table ---------------------------------------------------------------


def _model_classes() -> list[type]:
    """Every attrs class the model defines (read from the modules, not from the table).

    The model is velfaerd.model and the follow-up records split from it, which
    velfaerd.model re-exports: a class added to either needs its entry.
    """
    return [
        value
        for module in (model, _records)
        for value in vars(module).values()
        if isinstance(value, type) and attrs.has(value) and value.__module__ == module.__name__
    ]


def test_the_table_has_an_entry_for_every_model_class_and_no_other() -> None:
    # A class added to the model without its entry would be loaded, stamped, dumped and
    # drawn by nothing: it fails here first.
    assert set(model.STRUCTURE) == set(_model_classes())


@pytest.mark.parametrize("cl", _model_classes(), ids=lambda cl: cl.__name__)
def test_an_entry_names_the_fields_arrays_of_model_objects_and_keys(cl: type) -> None:
    # The annotations of the fields (and of a cached property's return, which needs Mapping).
    every = typing.get_type_hints(cl, localns={"Mapping": collections.abc.Mapping})
    hints = {field.name: every[field.name] for field in attrs.fields(cl)}
    arrays = [
        name
        for name, hint in hints.items()
        if typing.get_origin(hint) is tuple and attrs.has(typing.get_args(hint)[0])
    ]
    entry = model.STRUCTURE[cl]
    # A portfolio's municipalities are no array of a file: one [municipality] table each.
    assert list(entry.children) == [name for name in arrays if name != "municipalities"]
    # Every field is a key but where the object came from, and what a relative date
    # resolved from (written back as `due`).
    assert list(entry.keys) == [name for name in hints if name not in {"origin", "relative"}]


def test_a_file_holds_a_portfolios_arrays_and_one_municipality() -> None:
    fields = [field.name for field in attrs.fields(Document)]
    assert fields == ["format", "municipality", *model.STRUCTURE[model.Portfolio].children]


def test_the_strategies_draw_every_class_of_the_table() -> None:
    assert vst.REGISTERED_TYPES[: len(model.STRUCTURE)] == tuple(model.STRUCTURE)
    for cl in model.STRUCTURE:
        assert vst.strategy_for(cl) is not None


@scaled(10)
@given(vst.portfolios())
def test_loading_stamps_the_key_path_of_every_object_the_table_reaches(
    portfolio: velfaerd.Portfolio,
) -> None:
    loaded = velfaerd.loads(velfaerd.dump(portfolio))
    pending: list[tuple[object, str]] = [(loaded, "")]
    while pending:
        parent, base = pending.pop()
        for name in model.STRUCTURE[type(parent)].children:
            for index, child in enumerate(getattr(parent, name)):
                path = f"{base}.{name}[{index}]" if base else f"{name}[{index}]"
                assert child.origin.path == path
                pending.append((child, path))
