"""The roots of velfaerd's exceptions, below every module that raises them.

:mod:`velfaerd.errors` documents them and is where they are imported from (their
``__module__`` says so). They are defined here, under :mod:`velfaerd.i18n`, so that the
catalogues can raise a :class:`ConfigError` for a language velfaerd does not speak
without importing :mod:`velfaerd.errors`, which imports the catalogues' ``Text``.
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["ConfigError", "VelfaerdError"]


class _Said(Protocol):
    """A message still to be written in a language (:class:`velfaerd.i18n.Text`)."""

    def render(self, lang: str = ...) -> str:
        """Write the message in ``lang``."""
        ...


class VelfaerdError(Exception):
    """The base of every exception velfaerd raises."""

    __module__ = "velfaerd.errors"


class ConfigError(VelfaerdError, ValueError):
    """A configuration (``velfaerd.toml``, ``[tool.velfaerd]`` or ``Config``) is wrong.

    ``said`` is the message still to be written in a language (:meth:`text`).
    """

    __module__ = "velfaerd.errors"

    def __init__(self, said: _Said | str) -> None:
        self.said = said
        super().__init__(str(said))

    def text(self, lang: str = "en") -> str:
        """The message in ``lang``: ``str(error)`` is ``error.text("en")``."""
        return self.said if isinstance(self.said, str) else self.said.render(lang)
