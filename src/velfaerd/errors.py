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
        shown = repr(text)
        if len(shown) > _SHOWN:
            # A long text is not echoed whole: its start and its length say enough.
            shown = f"{shown[: _SHOWN - 20]}…' ({len(text)} characters)"
        super().__init__(f"cannot read {shown}: {reason}")


_SHOWN = 100


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
        """Render as ``source:line: CODE path: message`` (or ``source::path: CODE message``).

        The key path is named wherever it is known, the line as well where it is found.
        """
        if self.line is not None:
            where = f"{self.source}:{self.line}"
            return f"{where}: {self.code} {self.described}"
        where = f"{self.source}::{self.path}" if self.path else self.source
        return f"{where}: {self.code} {self.message}"

    @property
    def described(self) -> str:
        """The message, after the key path when there is one: ``parties: expected …``."""
        return f"{self.path}: {self.message}" if self.path else self.message


class LoadError(VelfaerdError, ValueError):
    """The input could not be loaded. ``problems`` lists every problem found.

    From :func:`velfaerd.load_partial`, it also says what was left out: ``defined``,
    the ids that files whose TOML was read but whose model failed define;
    ``unreadable``, the files that could not be read as TOML at all; and ``files``,
    how many files were found in all.
    """

    def __init__(
        self,
        problems: Iterable[Problem],
        *,
        defined: Iterable[str] = (),
        unreadable: Iterable[str] = (),
        files: int = 0,
    ) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.defined: frozenset[str] = frozenset(defined)
        self.unreadable: tuple[str, ...] = tuple(unreadable)
        self.files = files
        count = len(self.problems)
        head = "\n".join(f"  {problem}" for problem in self.problems[:20])
        more = f"\n  … and {count - 20} more" if count > 20 else ""  # noqa: PLR2004
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} while loading:\n{head}{more}")


class ConfigError(VelfaerdError, ValueError):
    """A configuration (``velfaerd.toml``, ``[tool.velfaerd]`` or ``Config``) is wrong."""


class RuleRegistrationError(VelfaerdError):
    """A rule cannot be registered: its code is taken or malformed."""
