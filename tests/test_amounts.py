"""velfaerd.amounts: Danish amounts of kroner, read, written back, refused when wrong."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from velfaerd.amounts import Amount, format_amount, parse_amount
from velfaerd.errors import AmountFormatError

AMOUNTS = [
    ("4 mio. kr.", Amount(4_000_000)),
    ("1,5 mio. kr.", Amount(1_500_000)),
    ("250.000 kr.", Amount(250_000)),
    ("200.000 kr", Amount(200_000)),
    ("ca. 16 mio. kr. årligt", Amount(16_000_000, approximate=True, yearly=True)),
    ("cirka 16 mio. kr.", Amount(16_000_000, approximate=True)),
    ("4 mio. kr. årligt", Amount(4_000_000, yearly=True)),
    ("4 millioner kroner om året", Amount(4_000_000, yearly=True)),
    ("1,25 mia. kr.", Amount(1_250_000_000)),
    ("500 t. kr.", Amount(500_000)),
    ("12345 kr.", Amount(12_345)),
    ("0 kr.", Amount(0)),
    ("  4   MIO. KR. ", Amount(4_000_000)),
]


@pytest.mark.parametrize(("text", "expected"), AMOUNTS)
def test_danish_amounts(text: str, expected: Amount) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("fire millioner", "not a Danish amount"),
        ("4 mio.", "not a Danish amount"),
        ("4,5 kr.", "not a whole number of kroner"),
        ("1.5 mio. kr.", "not a Danish amount"),
        ("", "not a Danish amount"),
    ],
)
def test_bad_amounts_say_why(text: str, reason: str) -> None:
    with pytest.raises(AmountFormatError, match=reason) as caught:
        parse_amount(text)
    assert repr(text) in str(caught.value)


@given(st.integers(0, 10**12))
def test_format_amount_reads_back(kroner: int) -> None:
    assert parse_amount(format_amount(kroner)) == Amount(kroner)
