"""Amounts of money as Danish documents write them: ``"4 mio. kr."``, ``"250.000 kr."``.

:func:`parse_amount` reads an amount in whole kroner. A Danish amount has a number
(``.`` groups thousands, ``,`` is the decimal comma: ``"250.000"``, ``"1,5"``), an
optional multiplier (``mio.``/``mio``/``million``/``millioner``, ``mia.``/``milliard``/
``milliarder``, ``t.``/``tusind``), and ``kr.`` (also ``kr``, ``kroner``, ``DKK``).
``ca.``, ``cirka`` or ``ca`` before it marks it approximate; ``årligt``, ``om året``
or ``pr. år`` after it says it recurs every year.

>>> parse_amount("ca. 16 mio. kr. årligt")
Amount(kroner=16000000, approximate=True, yearly=True)
>>> parse_amount("1,5 mio. kr.").kroner
1500000
>>> parse_amount("250.000 kr.").kroner
250000
>>> format_amount(1500000)
'1.500.000 kr.'

An amount is at most :data:`MAX_KRONER` (2⁶³ − 1, the largest TOML integer, which is
what :func:`velfaerd.dump` writes it as), and its text at most
:data:`MAX_AMOUNT_LENGTH` characters, measured before any pattern or conversion sees
it: whatever loads can be written back, and no text costs more than its length.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Final

import attrs

from velfaerd.errors import AmountFormatError
from velfaerd.i18n import Text

__all__ = ["MAX_AMOUNT_LENGTH", "MAX_KRONER", "Amount", "format_amount", "parse_amount"]

#: The largest amount, in kroner: the largest TOML integer (64 bits, signed). It is
#: 9.2 trillion times the largest public budget in Denmark; what is larger is a typo.
MAX_KRONER: Final = 2**63 - 1

#: The longest amount text read ("ca. 9.223.372.036.854.775.807 kr. om året" is 42).
MAX_AMOUNT_LENGTH: Final = 100

_MULTIPLIERS: Final[dict[str, int]] = {
    "": 1,
    "t.": 1_000,
    "t": 1_000,
    "tusind": 1_000,
    "mio.": 1_000_000,
    "mio": 1_000_000,
    "million": 1_000_000,
    "millioner": 1_000_000,
    "mia.": 1_000_000_000,
    "mia": 1_000_000_000,
    "milliard": 1_000_000_000,
    "milliarder": 1_000_000_000,
}

_AMOUNT: Final = re.compile(
    r"""
    (?:(?P<approximate>ca\.?|cirka)\ )?
    (?P<number>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<decimals>\d+))?
    \ ?(?:(?P<multiplier>t\.?|tusind|mio\.?|millioner|million|mia\.?|milliarder|milliard)\ )?
    (?:kr\.?|kroner|dkk)
    (?:\ (?P<yearly>årligt|om\ året|pr\.\ år|per\ år))?
    """,
    re.VERBOSE,
)


@attrs.frozen
class Amount:
    """What :func:`parse_amount` reads: whole kroner, whether approximate, whether yearly."""

    kroner: int
    approximate: bool = False
    yearly: bool = False


def parse_amount(text: str) -> Amount:
    """Read a Danish amount of money in whole kroner (see the module's documentation).

    :raises AmountFormatError: if the text is not such an amount, or is not a whole
        number of kroner; the message quotes it.

    >>> parse_amount("fire millioner")
    Traceback (most recent call last):
    ...
    velfaerd.errors.AmountFormatError: cannot read the amount 'fire millioner': not a \
Danish amount; write a number and "kr.", ...
    """
    if len(text) > MAX_AMOUNT_LENGTH:
        # Measured first: the pattern and Decimal see at most this many characters.
        values = {"limit": MAX_AMOUNT_LENGTH, "length": len(text)}
        raise AmountFormatError(text, Text("amount.too-long", values))
    normalized = " ".join(text.lower().split())
    match = _AMOUNT.fullmatch(normalized)
    if match is None:
        raise AmountFormatError(text, Text("amount.not-danish"))
    digits = match["number"].replace(".", "")
    if match["decimals"]:
        digits += "." + match["decimals"]
    try:
        number = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise AmountFormatError(text, Text("amount.not-danish")) from None
    value = number * _MULTIPLIERS[match["multiplier"] or ""]
    if value != value.to_integral_value():
        raise AmountFormatError(text, Text("amount.not-whole"))
    if value > MAX_KRONER:
        limit = {"limit": format_amount(MAX_KRONER)}
        raise AmountFormatError(text, Text("amount.too-large", limit))
    return Amount(
        kroner=int(value),
        approximate=match["approximate"] is not None,
        yearly=match["yearly"] is not None,
    )


def format_amount(kroner: int) -> str:
    """Write whole kroner the Danish way, thousands grouped with dots.

    >>> format_amount(250000)
    '250.000 kr.'
    """
    return f"{kroner:,} kr.".replace(",", ".")
