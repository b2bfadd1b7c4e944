"""RelativeDate: reading and writing dates relative to an anchor, bounded texts."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._hypothesis import scaled

from velfaerd.dates import (
    MAX_DATE_LENGTH,
    Period,
    RelativeDate,
    looks_relative,
    parse_relative,
)
from velfaerd.dates._relative import _relative_match
from velfaerd.errors import DateFormatError

#: The pattern of relative dates before issue 18: ``.+?\s+`` over a run of spaces tried
#: every split of the run (30,000 spaces took 52 s). The oracle of the property below.
_OLD_RELATIVE = re.compile(
    r"(?P<period>.+?)\s+(?P<direction>efter|før|after|before)\s+(?P<anchor>.+)", re.IGNORECASE
)

_RELATIVE_WORDS = st.sampled_from(
    ["1", "3", "to", "år", "måneder", "efter", "før", "Efter", "before", "start", "x", "m-1"]
)


@given(
    st.lists(st.tuples(_RELATIVE_WORDS, st.sampled_from([" ", "  ", "\t", " \t ", "\xa0"]))),
    st.sampled_from(["", " ", "\t "]),
)
@scaled(300)
def test_the_relative_pattern_reads_what_the_old_one_read(
    words: list[tuple[str, str]], edge: str
) -> None:
    text = edge + "".join(word + space for word, space in words)
    old = _OLD_RELATIVE.fullmatch(text.strip())
    assert looks_relative(text) == (old is not None)
    if old is not None and len(text) <= MAX_DATE_LENGTH:
        new = _relative_match(text)
        assert new is not None
        spaced = {name: " ".join(old[name].split()) for name in ("period", "direction", "anchor")}
        assert spaced == new.groupdict()


@pytest.mark.parametrize(
    "text",
    [
        " " * 30_000,
        "1" + " " * 30_000 + "x",
        "1 år" + " " * 30_000 + "efter" + " " * 30_000 + "start",
        "1" * 1_000_000,
        "a" * 1_000_000,
        "1. " * 300_000,
        "1 år efter " * 100_000 + "start",
    ],
)
def test_a_text_longer_than_a_date_is_no_relative_date(text: str) -> None:
    assert not looks_relative(text)
    with pytest.raises(DateFormatError) as caught:
        parse_relative(text)
    message = str(caught.value)
    assert f"a date is at most {MAX_DATE_LENGTH} characters, and this text has {len(text)}" in (
        message
    )
    assert len(message) < 300  # not echoed whole


def test_a_relative_date_at_the_limit_is_read() -> None:
    text = "2 år" + " " * (MAX_DATE_LENGTH - len("2 årefter start")) + "efter start"
    assert len(text) == MAX_DATE_LENGTH
    assert looks_relative(text)
    assert parse_relative(text) == RelativeDate(period=Period(2, "years"), anchor="start")
    assert str(parse_relative(text)) == text  # kept as written
    assert not looks_relative(text + " ")
