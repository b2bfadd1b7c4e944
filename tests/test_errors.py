"""``velfaerd.errors``: what a load error says of itself."""

from __future__ import annotations

import pytest

import velfaerd


# Issue 14 (items 8, 9, 14-22, 24, 26): a clear message, never an internal error.
def test_str_of_a_load_error_names_the_key_path() -> None:
    with pytest.raises(velfaerd.LoadError) as caught:
        velfaerd.loads('[[agreements]]\nid = "a"\ntitle = "t"\nkind = "cooperation"\nparties = 5\n')
    text = str(caught.value)
    assert "<string>:5: LOAD003 agreements[0].parties: expected" in text
