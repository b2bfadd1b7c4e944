"""The exceptions velfaerd raises.

Every exception derives from :class:`VelfaerdError`, so that a caller can catch
everything velfaerd raises with one ``except`` clause. What each one carries beyond
its message belongs to its own class: only a :class:`LoadError` has ``problems``, so
catch it by name to read them, before the family:

>>> import velfaerd
>>> try:
...     velfaerd.loads("format = 2")
... except velfaerd.LoadError as error:  # the input cannot be loaded: every problem
...     print(error.problems[0].code)
... except velfaerd.VelfaerdError as error:  # anything else velfaerd raises
...     print(error)
LOAD003
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from velfaerd._exceptions import ConfigError, VelfaerdError
from velfaerd._texts import shortened
from velfaerd.i18n import Text

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "AmountFormatError",
    "BaselineError",
    "ConfigError",
    "DateFormatError",
    "LoadError",
    "Problem",
    "RuleRegistrationError",
    "VelfaerdError",
]


class DateFormatError(VelfaerdError, ValueError):
    """A date expression or a period that cannot be read.

    The message quotes the text and says why it cannot be read; ``text`` holds it.
    """

    def __init__(self, text: str, reason: str, *, said: Text | str | None = None) -> None:
        self.text = text
        self.reason = reason
        # A long text is not echoed whole: its start says enough (the reason its length).
        shown = shortened(text)
        #: The message still to be written in a language (:mod:`velfaerd.i18n`).
        self.said = Text("date.cannot-read", {"text": shown, "reason": said or reason})
        super().__init__(self.said.render())


class AmountFormatError(VelfaerdError, ValueError):
    """An amount of money that is not a Danish amount (``"fire millioner"``).

    The message quotes the text and says why it cannot be read; ``text`` holds it.
    """

    def __init__(self, text: str, reason: Text) -> None:
        self.text = text
        self.reason = reason.render()
        # A long text is not echoed whole: its start says enough (the reason its length).
        shown = shortened(text)
        #: The message still to be written in a language (:mod:`velfaerd.i18n`).
        self.said = Text("amount.cannot-read", {"text": shown, "reason": reason})
        super().__init__(self.said.render())


@attrs.frozen(kw_only=True)
class Problem:
    """One problem found while loading: a file, a key path, a line and a code.

    ``code`` is one of ``LOAD001`` (the file cannot be read), ``LOAD002`` (not valid
    TOML), ``LOAD003`` (a value of the wrong type or form), ``LOAD004`` (an unknown
    key) and ``LOAD005`` (a required key is missing).

    ``message`` is English; ``text``, where velfaerd wrote the message, is the same
    message still to be written in a language (:meth:`render`).
    """

    code: str
    message: str
    source: str
    path: str = ""
    line: int | None = None
    column: int | None = None
    text: Text | None = attrs.field(default=None, eq=False, repr=False)

    def render(self, lang: str = "en") -> str:
        """The message in ``lang`` (English where it has no text in that language)."""
        if self.text is None or lang == "en":
            return self.message
        return self.text.render(lang)

    def line_text(self, lang: str = "en") -> str:
        """Render as ``source:line: CODE path: message`` (or ``source::path: CODE …``).

        The key path is named wherever it is known, the line as well where it is found.
        """
        if self.line is not None:
            where = f"{self.source}:{self.line}"
            named = f"{self.path}: " if self.path else ""
            return f"{where}: {self.code} {named}{self.render(lang)}"
        where = f"{self.source}::{self.path}" if self.path else self.source
        return f"{where}: {self.code} {self.render(lang)}"

    def __str__(self) -> str:
        """Render as ``source:line: CODE path: message`` (or ``source::path``)."""
        return self.line_text()

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
        super().__init__(self.text())

    def text(self, lang: str = "en") -> str:
        """The error's text in ``lang``: ``str(error)`` is ``error.text("en")``.

        >>> import velfaerd
        >>> try:
        ...     velfaerd.loads("[[actors]]", source="a.toml")
        ... except velfaerd.LoadError as error:
        ...     print(error.text("da"))
        3 problemer ved indlæsningen:
          a.toml:1: LOAD005 actors[0].id: den påkrævede nøgle 'id' mangler
          a.toml:1: LOAD005 actors[0].kind: den påkrævede nøgle 'kind' mangler
          a.toml:1: LOAD005 actors[0].name: den påkrævede nøgle 'name' mangler
        """
        from velfaerd.i18n import count, text  # noqa: PLC0415 - only when the text is written

        number = len(self.problems)
        head = "\n".join(f"  {problem.line_text(lang)}" for problem in self.problems[:20])
        more = "\n  " + text("problem.and-more", lang, count=number - 20) if number > 20 else ""  # noqa: PLR2004
        first = text("problem.while-loading", lang, problems=count("problem", number, lang))
        return f"{first}\n{head}{more}"


class RuleRegistrationError(VelfaerdError):
    """A rule cannot be registered: its code is taken or malformed."""


class BaselineError(VelfaerdError, ValueError):
    """A baseline file that cannot be read: the message names the file, the key and why."""

    def __init__(self, said: Text) -> None:
        #: The message still to be written in a language (:mod:`velfaerd.i18n`).
        self.said = said
        super().__init__(said.render())
