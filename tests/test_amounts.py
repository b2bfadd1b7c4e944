"""``velfaerd.amounts``: Danish amounts of kroner, read, written back, refused when wrong.

With their bounds against hostile texts (issue 18, items 13 and 14): the largest amount
loads and is written back, a longer text is measured before it is read.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from tests._documents import DATED_X, MEGABYTE
from tests._hypothesis import scaled

import velfaerd
from velfaerd.amounts import MAX_AMOUNT_LENGTH, MAX_KRONER, Amount, format_amount, parse_amount
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


def _budget_portfolio(amount: str) -> velfaerd.Portfolio:
    return velfaerd.loads(DATED_X + f"\n[[agreements.budget]]\namount = {amount}\n")


_MULTIPLIER_WORDS = st.sampled_from(["", " t.", " tusind", " mio.", " millioner", " mia.", " mia"])


# Issue 18 (items 13, 14, 16): a hostile text or anchor is a load problem or a finding.
@pytest.mark.parametrize(
    "amount",
    [str(MAX_KRONER), f'"{format_amount(MAX_KRONER)}"', '"9.223.372.036,854775807 mia. kr."'],
)
def test_the_largest_amount_loads_and_is_written_back(amount: str) -> None:
    portfolio = _budget_portfolio(amount)
    assert portfolio.agreements[0].budget[0].amount == MAX_KRONER
    assert velfaerd.loads(velfaerd.dump(portfolio)) == portfolio


# Issue 18 (items 13, 14, 16): a hostile text or anchor is a load problem or a finding.
@pytest.mark.parametrize(
    ("amount", "said"),
    [
        (str(MAX_KRONER + 1), "an amount is at most 9.223.372.036.854.775.807 kr., found integer"),
        (
            "9" * 4000,
            "an amount is at most 9.223.372.036.854.775.807 kr., found integer (13288 bits)",
        ),
        (
            f'"{format_amount(MAX_KRONER + 1)}"',
            "it is more than 9.223.372.036.854.775.807 kr., the largest amount velfaerd reads",
        ),
        ('"10.000.000.000 mia. kr."', "it is more than 9.223.372.036.854.775.807 kr."),
        (f'"{"1" * 4301} kr."', "an amount is at most 100 characters, and this text has 4305"),
    ],
)
def test_an_amount_beyond_the_largest_is_a_load_problem(amount: str, said: str) -> None:
    with pytest.raises(velfaerd.LoadError) as caught:
        _budget_portfolio(amount)
    (problem,) = caught.value.problems
    assert (problem.code, problem.path) == ("LOAD003", "agreements[0].budget[0].amount")
    assert said in problem.message
    assert problem.text is not None
    assert "højst" in problem.render("da") or "større end" in problem.render("da")


# Issue 18 (items 13, 14, 16): a hostile text or anchor is a load problem or a finding.
def test_an_amount_text_is_measured_before_it_is_read() -> None:
    with pytest.raises(AmountFormatError) as caught:
        parse_amount("1" * MEGABYTE + " kr.")
    assert len(str(caught.value)) < 300
    assert f"at most {MAX_AMOUNT_LENGTH} characters, and this text has {MEGABYTE + 4}" in str(
        caught.value
    )
    assert parse_amount(" " * (MAX_AMOUNT_LENGTH - 4) + "1 kr").kroner == 1


# Issue 18 (items 13, 14, 16): a hostile text or anchor is a load problem or a finding.
@given(
    st.integers(0, MAX_KRONER),
    st.sampled_from(["{}", '"{}"', '"ca. {} årligt"']),
)
@example(MAX_KRONER, "{}")
@example(MAX_KRONER, '"{}"')
@example(0, '"{}"')
@scaled(100)
def test_every_amount_that_loads_is_written_back(kroner: int, form: str) -> None:
    amount = form.format(kroner if form == "{}" else format_amount(kroner))
    portfolio = _budget_portfolio(amount)
    assert portfolio.agreements[0].budget[0].amount == kroner
    assert velfaerd.loads(velfaerd.dump(portfolio)) == portfolio


# Issue 18 (items 13, 14, 16): a hostile text or anchor is a load problem or a finding.
@given(
    st.decimals(min_value=0, max_value=Decimal(10) ** 20, places=3, allow_nan=False),
    _MULTIPLIER_WORDS,
)
@example(Decimal("9223372036.854775807"), " mia.")
@example(Decimal("9223372036.854775808"), " mia.")
@scaled(200)
def test_an_amount_with_a_multiplier_loads_back_or_is_refused(
    number: Decimal, multiplier: str
) -> None:
    whole, _, decimals = f"{number:f}".partition(".")
    text = whole + ("," + decimals if decimals else "") + multiplier + " kr."
    try:
        portfolio = _budget_portfolio(f'"{text}"')
    except velfaerd.LoadError as error:
        (problem,) = error.problems
        assert problem.path == "agreements[0].budget[0].amount"
        return
    amount = portfolio.agreements[0].budget[0].amount
    assert 0 <= amount <= MAX_KRONER
    assert velfaerd.loads(velfaerd.dump(portfolio)) == portfolio
