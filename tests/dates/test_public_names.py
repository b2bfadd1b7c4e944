"""The public names of velfaerd.dates: exactly ``__all__``, each importable."""

from __future__ import annotations

import types

import velfaerd.dates


def test_the_public_names_are_exactly_all() -> None:
    public = {
        name
        for name, value in vars(velfaerd.dates).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public == set(velfaerd.dates.__all__)
    assert len(velfaerd.dates.__all__) == len(public)


def test_the_names_before_the_split_are_still_public() -> None:
    before = {
        "MAX_DATE_LENGTH",
        "DateWindow",
        "Period",
        "RelativeDate",
        "format_window",
        "looks_relative",
        "parse_period",
        "parse_relative",
        "parse_window",
        "START_ANCHORS",
        "END_ANCHORS",
    }
    assert before <= set(velfaerd.dates.__all__)
    for name in velfaerd.dates.__all__:
        assert getattr(velfaerd.dates, name) is not None


def test_shift_is_the_one_the_query_layer_uses() -> None:
    from velfaerd import query  # noqa: PLC0415 - the layer above, only here

    assert query.shift is velfaerd.dates.shift
