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
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Final

import attrs

from velfaerd.errors import AmountFormatError
from velfaerd.i18n import Text

__all__ = ["Amount", "format_amount", "parse_amount"]

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
    normalized = " ".join(text.lower().split()).rstrip()
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
