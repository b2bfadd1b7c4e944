"""What the output says of the rules and of the load problem codes, in one language.

:class:`RuleText` is a rule's name, severity and texts: SARIF's rule descriptors and
``--statistics``' names are written from it, and the cache of whole runs keeps it.
:data:`LOAD_RULES` describes the ``LOAD`` codes like rules, for ``sarif``, ``rules``
and ``explain``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from velfaerd.i18n import text
from velfaerd.report import Severity

if TYPE_CHECKING:
    from velfaerd.rules import Rule

__all__ = ["LOAD_RULES", "LoadRule", "RuleText"]


@attrs.frozen(kw_only=True)
class LoadRule:
    """A load problem code, described like a rule for ``sarif`` and ``explain``."""

    code: str
    name: str
    summary: str
    description: str

    def translated(self, lang: str) -> LoadRule:
        """Return the load code with its texts in ``lang`` (from the catalogue)."""
        return attrs.evolve(
            self,
            summary=text(f"load.{self.code}.summary", lang),
            description=text(f"load.{self.code}.description", lang),
        )


@attrs.frozen(kw_only=True)
class RuleText:
    """What the output says of a rule, in one language: its name, severity and texts.

    SARIF's rule descriptors and ``--statistics``' names are written from these. The
    cache of whole runs keeps them beside the report, so that a run found there
    imports no rule; a run that checks writes its output from them too, so that both
    say the same.
    """

    code: str
    name: str
    severity: Severity
    summary: str
    description: str
    explanation: str
    lang: str = "en"

    @classmethod
    def of(cls, rule: Rule, lang: str = "en") -> RuleText:
        """The texts of a registered rule in ``lang`` (English where it has none)."""
        translated = rule.translated(lang)
        return cls(
            code=translated.code,
            name=translated.name,
            severity=translated.severity,
            summary=translated.summary,
            description=translated.description,
            explanation=translated.explanation,
            lang=lang,
        )


#: The load problem codes: not rules (they cannot be selected or ignored), but shown
#: like findings, so SARIF lists them beside the rules.
LOAD_RULES: tuple[LoadRule, ...] = (
    LoadRule(
        code="LOAD001",
        name="unreadable-file",
        summary="a file cannot be read",
        description=(
            "The file cannot be read: it is not UTF-8 text, it cannot be opened, a "
            "directory holds no *.toml files, or it is nested too deep for the parser."
        ),
    ),
    LoadRule(
        code="LOAD002",
        name="invalid-toml",
        summary="a file is not valid TOML",
        description="The file is not valid TOML; the problem names the line and column.",
    ),
    LoadRule(
        code="LOAD003",
        name="wrong-value",
        summary="a value has the wrong type or form",
        description=(
            "A value has the wrong type or form: a number where a string belongs, an "
            "unknown choice, or a date that cannot be read."
        ),
    ),
    LoadRule(
        code="LOAD004",
        name="unknown-key",
        summary="a key is unknown",
        description=(
            "A key is not part of the format (usually a typo); the nearest known key is suggested."
        ),
    ),
    LoadRule(
        code="LOAD005",
        name="missing-key",
        summary="a required key is missing",
        description="A key the format requires (such as an id or a title) is missing.",
    ),
)
