"""The rule registry: every check velfaerd runs is a registered rule.

A rule is a plain function that receives a :class:`Context` and yields
:class:`Violation` objects; :func:`velfaerd.check` turns them into
:class:`~velfaerd.report.Finding` objects with the rule's code, severity (or that of
the configuration), location and message. Rules are registered with :func:`rule`:

.. code-block:: python

    from collections.abc import Iterator

    from velfaerd.rules import Context, Violation, rule


    @rule(
        "XYZ001",
        name="untitled-milestone",
        severity="warning",
        summary="a milestone has an empty title",
        description="Every milestone needs a title a reader understands.",
        why="An untitled milestone cannot be followed up.",
        failing="...",
        fixed="...",
        messages={"default": "milestone {milestone!r} has an empty title"},
    )
    def untitled(ctx: Context) -> Iterator[Violation]:
        for agreement, milestone in ctx.portfolio.iter_milestones():
            if not milestone.title.strip():
                yield Violation(
                    subject=milestone.id,
                    at=milestone,
                    agreement=agreement.id,
                    evidence={"milestone": milestone.id},
                )

Other packages add rules through the entry-point group ``velfaerd.rules``: the entry
point names a module whose import registers rules with :func:`rule`, or a
:class:`Rule`, or an iterable of them. The built-in rules register the same way.

>>> from velfaerd.rules import all_rules, get_rule
>>> get_rule("REV001").name
'annual-review-scheduled'
>>> len({r.code for r in all_rules()}) == len(all_rules())
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from velfaerd._registry import (
    ENTRY_POINT_GROUP,
    Rule,
    all_rules,
    get_rule,
    register,
    registered_directly,
    rule,
)
from velfaerd.config import Config
from velfaerd.errors import LoadError
from velfaerd.model import Portfolio
from velfaerd.query import Index

__all__ = [
    "ENTRY_POINT_GROUP",
    "Context",
    "Rule",
    "Violation",
    "all_rules",
    "get_rule",
    "register",
    "registered_directly",
    "rule",
]


@attrs.frozen(kw_only=True)
class Violation:
    """What a rule function yields: one thing wrong, before it becomes a finding.

    ``at`` is the model object concerned (its origin gives the file, path and line);
    ``key`` a key below it (``"due"``, ``"depends_on[1]"``); ``agreement`` the id of
    the agreement it concerns, for waivers; ``possible`` marks a violation that only
    some reading of approximate dates gives (it becomes a warning); ``variant`` names
    the message template.
    """

    subject: str
    at: object = None
    key: str | None = None
    evidence: Mapping[str, Any] = attrs.field(factory=dict, hash=False)
    variant: str = "default"
    possible: bool = False
    agreement: str | None = None


@attrs.define(kw_only=True)
class Context:
    """What a rule function receives: the portfolio, its index, configuration, ``as_of``.

    ``left_out`` is the error of :func:`velfaerd.load_partial` when files were left out.
    ``saturated`` is what the engine tells the running rule back: the agreements
    (``None``: outside any) for which it has reached ``MAX_FINDINGS_PER_RULE``, whose
    further findings are only counted; :meth:`only_counted` reads it, so that a rule
    may skip costly evidence (suggestions) nobody will see.
    """

    portfolio: Portfolio
    config: Config
    as_of: dt.date | None
    code: str = ""
    left_out: LoadError | None = None
    _index: Index | None = None
    #: The agreements (``None``: outside any) whose findings of the running rule are
    #: no longer reported, only counted (see ``MAX_FINDINGS_PER_RULE``); the engine
    #: empties it before each rule and fills it as the rule's findings are counted.
    saturated: set[str | None] = attrs.field(factory=set)

    @property
    def index(self) -> Index:
        """Ids, references and dates of the portfolio, computed once per check."""
        if self._index is None:
            self._index = Index(self.portfolio, as_of=self.as_of)
        return self._index

    def option(self, name: str, default: object = None) -> object:
        """Return an option of the running rule from the configuration."""
        return self.config.option(self.code, name, default)

    def only_counted(self, agreement: str | None) -> bool:
        """Whether the running rule's next findings for ``agreement`` are only counted.

        Then their evidence is never shown, and a rule may leave out what is costly to
        compute (``REF002``'s suggestions); the finding itself must still be yielded.
        """
        return agreement in self.saturated
