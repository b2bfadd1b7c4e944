"""The exceptions velfaerd raises.

Every exception derives from :class:`VelfaerdError`, so that a caller can catch
everything velfaerd raises with one ``except`` clause:

>>> import velfaerd
>>> try:
...     velfaerd.loads("format = 2")
... except velfaerd.VelfaerdError as error:
...     print(error.problems[0].code)
LOAD003
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "AmountFormatError",
    "ConfigError",
    "DateFormatError",
    "LoadError",
    "Problem",
    "RuleRegistrationError",
    "VelfaerdError",
]


class VelfaerdError(Exception):
    """The base of every exception velfaerd raises."""


class DateFormatError(VelfaerdError, ValueError):
    """A date expression or a period that cannot be read.

    The message quotes the text and says why it cannot be read; ``text`` holds it.
    """

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"cannot read {text!r}: {reason}")


class AmountFormatError(VelfaerdError, ValueError):
    """An amount of money that is not a Danish amount (``"fire millioner"``).

    The message quotes the text and says why it cannot be read; ``text`` holds it.
    """

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"cannot read the amount {text!r}: {reason}")


@attrs.frozen(kw_only=True)
class Problem:
    """One problem found while loading: a file, a key path, a line and a code.

    ``code`` is one of ``LOAD001`` (the file cannot be read), ``LOAD002`` (not valid
    TOML), ``LOAD003`` (a value of the wrong type or form), ``LOAD004`` (an unknown
    key) and ``LOAD005`` (a required key is missing).
    """

    code: str
    message: str
    source: str
    path: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        """Render as ``source:line: CODE message`` (or ``source::path``)."""
        if self.line is not None:
            where = f"{self.source}:{self.line}"
        elif self.path:
            where = f"{self.source}::{self.path}"
        else:
            where = self.source
        return f"{where}: {self.code} {self.message}"


class LoadError(VelfaerdError, ValueError):
    """The input could not be loaded. ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        head = "\n".join(f"  {problem}" for problem in self.problems[:20])
        more = f"\n  … and {count - 20} more" if count > 20 else ""  # noqa: PLR2004
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} while loading:\n{head}{more}")


class ConfigError(VelfaerdError, ValueError):
    """A configuration (``velfaerd.toml``, ``[tool.velfaerd]`` or ``Config``) is wrong."""


class RuleRegistrationError(VelfaerdError):
    """A rule cannot be registered: its code is taken or malformed."""
