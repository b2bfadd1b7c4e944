"""Texts from a document shown in a message: never whole when long.

A message quotes what it is about (an id, a name, the text that could not be read).
A finding's message and evidence are written for every finding, and a report may hold
thousands: a quoted text is shortened to its start, so that the size of a report
does not grow with the length of a text times the number of findings quoting it.
"""

from __future__ import annotations

from typing import Final

__all__ = ["SHOWN", "shortened"]

#: The most characters of a text a message quotes.
SHOWN: Final = 80


def shortened(text: str, limit: int = SHOWN) -> str:
    """The text, or its first ``limit`` characters and an ellipsis when it is longer.

    >>> shortened("Trivsel og sundhed")
    'Trivsel og sundhed'
    >>> shortened("x" * 100, 10)
    'xxxxxxxxxx…'
    """
    return text if len(text) <= limit else f"{text[:limit]}…"
