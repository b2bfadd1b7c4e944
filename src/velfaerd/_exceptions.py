"""The roots of velfaerd's exceptions, below every module that raises them.

:mod:`velfaerd.errors` documents them and is where they are imported from (their
``__module__`` says so). They are defined here, under :mod:`velfaerd.i18n`, so that the
catalogues can raise a :class:`ConfigError` for a language velfaerd does not speak
without importing :mod:`velfaerd.errors`, which imports the catalogues' ``Text``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from velfaerd.i18n import Text  # a type only: the catalogues import this module

__all__ = ["ConfigError", "VelfaerdError"]


class VelfaerdError(Exception):
    """The base of every exception velfaerd raises."""

    __module__ = "velfaerd.errors"


class ConfigError(VelfaerdError, ValueError):
    """A configuration (``velfaerd.toml``, ``[tool.velfaerd]`` or ``Config``) is wrong.

    ``said`` is the message still to be written in a language (:meth:`text`).
    """

    __module__ = "velfaerd.errors"

    def __init__(self, said: Text | str) -> None:
        self.said = said
        super().__init__(str(said))

    def text(self, lang: str = "en") -> str:
        """The message in ``lang``: ``str(error)`` is ``error.text("en")``."""
        return self.said if isinstance(self.said, str) else self.said.render(lang)
