"""velfaerd.format._convert: the generated constructors, and which path a class takes.

The fast converter makes a model object by a function generated for its class, which
sets the object's slots; a class with a validator (or ``__attrs_post_init__``) is made
through its ``__init__`` instead, so that the validator runs. A shape of table seen
often gets a function of its own, which must make what the general function makes.
"""

from __future__ import annotations

import linecache
import traceback
from typing import TYPE_CHECKING, Any
from unittest import mock

import attrs
import pytest
import tomli
from cattrs.errors import ClassValidationError
from hypothesis import given
from tests._hypothesis import scaled

import velfaerd
from velfaerd import model
from velfaerd import strategies as vst
from velfaerd._slots import slot_setter
from velfaerd.format import _convert, _fastpath
from velfaerd.format._convert import fast_converter
from velfaerd.format._fastpath import made_by
from velfaerd.format._values import InvalidValueError

if TYPE_CHECKING:
    from collections.abc import Callable

    import cattrs


@attrs.frozen(kw_only=True)
class CheckedTheme(model.Theme):
    """A model class with a validator: its id must be lower case."""

    code: str = attrs.field(default="x", validator=attrs.validators.matches_re("[a-z]+"))


@pytest.fixture
def with_checked_theme(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make :class:`CheckedTheme` one of the classes the converters structure."""
    monkeypatch.setattr(_convert, "_MODEL_CLASSES", (*_convert._MODEL_CLASSES, CheckedTheme))


def test_every_model_class_is_made_by_setting_its_slots() -> None:
    # Adding a validator to a model class moves it to the slower path: this says so.
    assert {cl.__name__: made_by(cl) for cl in model.STRUCTURE} == {
        cl.__name__: "slots" for cl in model.STRUCTURE
    }


def test_a_class_with_a_validator_is_made_through_its_init() -> None:
    assert made_by(CheckedTheme) == "init"


@pytest.mark.usefixtures("with_checked_theme")
@pytest.mark.parametrize("detailed", [False, True], ids=["fast", "detailed"])
def test_a_class_with_a_validator_loads_and_its_validator_runs(*, detailed: bool) -> None:
    conv = _convert._build(detailed=detailed)
    theme = conv.structure({"id": "tema", "name": "Tema", "code": "abc"}, CheckedTheme)
    assert theme == CheckedTheme(id="tema", name="Tema", code="abc")
    with pytest.raises((ValueError, ClassValidationError)) as caught:
        conv.structure({"id": "tema", "name": "Tema", "code": "ABC"}, CheckedTheme)
    error = caught.value
    # The detailed converter gathers it with the others, the fast one raises it alone.
    (raised,) = error.exceptions if isinstance(error, ClassValidationError) else (error,)
    assert "must match regex" in str(raised)
    assert not isinstance(raised, InvalidValueError)  # the validator's, not a hook's


def test_a_generated_constructor_is_in_linecache_under_a_readable_name() -> None:
    fast_converter.structure({"id": "a", "name": "A"}, model.Theme)
    lines = linecache.getlines("<velfaerd generated structure Theme>")
    assert lines[0] == "def structure(o, _):\n"
    assert any("o['name']" in line for line in lines)


def test_a_traceback_through_a_generated_constructor_shows_its_source_line() -> None:
    with pytest.raises(InvalidValueError) as caught:
        fast_converter.structure({"id": "a", "name": 5}, model.Theme)
    frames = traceback.extract_tb(caught.value.__traceback__)
    # The general function's, or (below it) that of the shape {id, name} once common.
    generated = [
        f
        for f in frames
        if f.filename.startswith("<velfaerd generated structure") and "Theme" in f.filename
    ][-1]
    assert generated.name == "structure"
    assert generated.line == "set_1(self, v if type(v) is str else hook_1(v, None))"


def test_a_traceback_through_a_shapes_function_shows_its_source_line() -> None:
    conv = _convert._build(detailed=False)
    with mock.patch.object(_fastpath, "SHAPE_AFTER", 1):
        conv.structure({"id": "a", "name": "A"}, model.Theme)
    with pytest.raises(InvalidValueError) as caught:
        conv.structure({"id": "a", "name": 5}, model.Theme)
    (generated,) = [
        f
        for f in traceback.extract_tb(caught.value.__traceback__)
        if f.filename.startswith("<velfaerd generated structure #")
    ]
    assert generated.filename.endswith(" of Theme>")
    assert generated.line == "set_1(self, v if type(v) is str else hook_1(v, None))"


def test_a_class_of_the_same_name_keeps_its_own_source() -> None:
    @attrs.frozen(kw_only=True)
    class Theme:
        other: str

    first = _fastpath.register_source(Theme, "def structure(o, _):\n    return 1\n")
    second = _fastpath.register_source(Theme, "def structure(o, _):\n    return 2\n")
    again = _fastpath.register_source(Theme, "def structure(o, _):\n    return 1\n")
    assert first != second
    assert first == again
    assert linecache.getlines(second)[1] == "    return 2\n"


def test_a_slot_setter_writes_only_a_slot_of_the_class_itself() -> None:
    theme = object.__new__(model.Theme)
    slot_setter(model.Theme, "id")(theme, "tema")
    assert theme.id == "tema"
    with pytest.raises(TypeError, match="not a slot"):
        slot_setter(model.Theme, "milestone")
    with pytest.raises(TypeError, match="not a slot"):
        slot_setter(CheckedTheme, "id")  # a slot of its base class, not its own


class _Id(str):
    """A string that is not exactly ``str``: no shortcut may take it for one."""

    __slots__ = ()


#: Tables of a milestone that the generated constructors read without calling a hook,
#: or that they refuse: each is read as the hooks read it.
_ODD_MILESTONES: list[dict[str, object]] = [
    {"kind": "meeting", "status": "met"},
    {"kind": "møde"},  # Danish: the hook says which value was meant
    {"kind": "ukendt"},
    {"kind": _Id("meeting")},
    {"kind": ["meeting"]},
    {"depends_on": ["a"]},
    {"depends_on": []},
    {"depends_on": ["a", "b"]},
    {"depends_on": ["a" * 201]},
    {"depends_on": [1]},
    {"depends_on": [_Id("a")]},
    {"depends_on": "a"},
    {"participants": ["bfu"], "commitments": ["c"]},
    {"due": "primo juni 2013", "tentative": True},
    {"due": "uge 53 2013"},
    {"due": 5, "phase": "p"},
]


def _read_as_the_hooks_read_it(
    structure: Callable[[Any, type], object], data: dict[str, object]
) -> None:
    try:
        expected: object = _convert.converter.structure(data, model.Milestone)
    except Exception as error:  # noqa: BLE001 - any refusal
        expected = type(error)
    try:
        made: object = structure(data, model.Milestone)
    except Exception:  # noqa: BLE001 - the fast path refuses; the detailed one explains
        assert isinstance(expected, type)
    else:
        assert made == expected
        assert type(made.kind) is model.MilestoneKind  # type: ignore[attr-defined]
        assert type(made.depends_on) is tuple  # type: ignore[attr-defined]


@pytest.mark.parametrize("keys", _ODD_MILESTONES)
def test_an_enum_and_an_array_of_one_id_are_read_as_their_hooks_read_them(
    keys: dict[str, object],
) -> None:
    # The generated constructor looks an enum's value up, and copies an array of one
    # id, without calling the hooks: the same objects, and the same refusals.
    _read_as_the_hooks_read_it(fast_converter.structure, {"id": "m", "title": "M", **keys})


def _shapes(conv: cattrs.Converter, cl: type) -> dict[tuple[str, ...], object]:
    """The shapes of table that have a function of their own in ``conv``, for ``cl``."""
    general = conv.get_structure_hook(cl)
    found: dict[tuple[str, ...], object] = general.__globals__["shaped"].__self__
    return found


_VALID: dict[str, object] = {
    "kind": "meeting",
    "status": "met",
    "depends_on": ["x"],
    "participants": ["bfu"],
    "commitments": ["c"],
    "due": "marts 2013",
    "tentative": False,
    "phase": "p",
}


@pytest.mark.parametrize("keys", _ODD_MILESTONES)
def test_a_table_of_a_shape_with_its_own_function_is_read_as_the_hooks_read_it(
    keys: dict[str, object],
) -> None:
    conv = _convert._build(detailed=False)
    data = {"id": "m", "title": "M", **keys}
    with mock.patch.object(_fastpath, "SHAPE_AFTER", 1):  # learnt from one valid table
        conv.structure({"id": "v", "title": "V", **{k: _VALID[k] for k in keys}}, model.Milestone)
    assert tuple(data) in _shapes(conv, model.Milestone)
    _read_as_the_hooks_read_it(conv.structure, data)


@scaled(6)
@given(vst.portfolios(max_agreements=2, max_milestones=5))
def test_tables_structured_by_their_shapes_functions_are_what_the_general_one_makes(
    portfolio: velfaerd.Portfolio,
) -> None:
    data = tomli.loads(velfaerd.dump(portfolio))
    conv = _convert._build(detailed=False)
    with mock.patch.object(_fastpath, "SHAPE_AFTER", 1):
        general = conv.structure(data, _convert.Document)  # each shape learnt
    assert _shapes(conv, _convert.Document)
    shaped = conv.structure(data, _convert.Document)
    # The same values of the same types (an enum is not its string: repr tells them apart).
    assert repr(shaped) == repr(general)
    assert shaped == _convert.converter.structure(data, _convert.Document)


def test_a_file_of_ever_new_shapes_gets_a_bounded_number_of_functions() -> None:
    conv = _convert._build(detailed=False)
    optional = ["phase", "responsible", "approver", "step", "round", "description"]
    shapes = [
        {"id": "m", "title": "M", **{k: "x" for i, k in enumerate(optional) if number >> i & 1}}
        for number in range(2 ** len(optional))
    ]
    for table in shapes * _fastpath.SHAPE_AFTER:
        assert conv.structure(table, model.Milestone).id == "m"
    assert len(_shapes(conv, model.Milestone)) == _fastpath.MAX_SHAPES
    assert conv.get_structure_hook(model.Milestone).__globals__["learning"] is False
