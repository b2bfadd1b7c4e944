"""What the pictures share: which agreements to draw, and which findings concern what."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import attrs

from velfaerd.errors import VelfaerdError
from velfaerd.query import Index
from velfaerd.report import Finding

if TYPE_CHECKING:
    from velfaerd.model import Agreement, Milestone, Portfolio
    from velfaerd.report import Report

__all__ = [
    "Marks",
    "UnknownAgreementError",
    "as_written",
    "marks",
    "municipality_of",
    "select",
    "slug",
]


class UnknownAgreementError(VelfaerdError, KeyError):
    """``--agreement`` names no loaded agreement."""

    def __init__(self, agreement: str, known: list[str]) -> None:
        super().__init__(agreement, known)
        self.agreement = agreement
        self.known = known

    def __str__(self) -> str:
        """Name the agreement asked for and the ones there are."""
        from velfaerd.pictures._text import text  # noqa: PLC0415

        return text("en", "cli.no_agreement", agreement=self.agreement, known=", ".join(self.known))


def select(portfolio: Portfolio, agreement: str | None) -> tuple[Agreement, ...]:
    """The agreements to draw: all, or the one with the id ``agreement``.

    :raises UnknownAgreementError: when no agreement has that id.
    """
    if agreement is None:
        return portfolio.agreements
    chosen = tuple(a for a in portfolio.agreements if a.id == agreement)
    if not chosen:
        raise UnknownAgreementError(agreement, [a.id for a in portfolio.agreements])
    return chosen[:1]


@attrs.frozen
class Marks:
    """The findings of a report by what they concern.

    ``milestones`` by ``(agreement id, milestone id)``; ``agreements`` by agreement id
    (a finding about the agreement or anything in it but a milestone); ``other`` holds
    the rest (an actor, a policy).
    """

    milestones: dict[tuple[str, str], list[Finding]]
    agreements: dict[str, list[Finding]]
    other: list[Finding]

    def of(self, agreement: str, milestone: str) -> list[Finding]:
        """The findings about one milestone."""
        return self.milestones.get((agreement, milestone), [])


def marks(portfolio: Portfolio, report: Report | None) -> Marks:
    """Attach each finding of ``report`` to the milestone or agreement at its key path."""
    result = Marks({}, {}, [])
    if report is None:
        return result
    index = Index(portfolio)
    owners: dict[tuple[str | None, str], tuple[str, str | None]] = {}
    for agreement in portfolio.agreements:
        source, path, *_ = index.locate(agreement)
        owners.setdefault((source, path), (agreement.id, None))
        for milestone in agreement.milestones:
            m_source, m_path, *_ = index.locate(milestone)
            owners.setdefault((m_source, m_path), (agreement.id, milestone.id))
    for finding in report.findings:
        owner = _owner(owners, finding)
        if owner is None:
            result.other.append(finding)
        elif owner[1] is None:
            result.agreements.setdefault(owner[0], []).append(finding)
        else:
            result.milestones.setdefault((owner[0], owner[1]), []).append(finding)
    return result


def _owner(
    owners: dict[tuple[str | None, str], tuple[str, str | None]], finding: Finding
) -> tuple[str, str | None] | None:
    path = finding.path
    while path:
        owner = owners.get((finding.source, path))
        if owner is not None:
            return owner
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return None


def as_written(milestone: Milestone) -> str | None:
    """A milestone's date as the document wrote it, or ``None`` for an undated one.

    A relative date keeps its words and says the day it resolved to: ``2 år efter
    start (1. april 2027)``; a window is shown as written (:class:`DateWindow`'s ``str``).
    """
    due, relative = milestone.due, milestone.relative
    if relative is not None:
        return str(relative) if due is None else f"{relative} ({due})"
    return None if due is None else str(due)


def municipality_of(portfolio: Portfolio, agreement: Agreement) -> str:
    """The name of the municipality whose file holds ``agreement`` (else the only one)."""
    source = agreement.origin.source if agreement.origin is not None else None
    for municipality in portfolio.municipalities:
        if municipality.origin is not None and municipality.origin.source == source:
            return municipality.name
    if len(portfolio.municipalities) == 1:
        return portfolio.municipalities[0].name
    return ""


_UNSAFE = re.compile(r"[^a-z0-9]+")
_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe"})


def slug(text: str) -> str:
    """Lower-case ASCII letters, digits and hyphens, for the names in a ``UID``.

    >>> slug("Københavns Kommune"), slug('Årligt møde "2022"')
    ('koebenhavns-kommune', 'aarligt-moede-2022')
    """
    return _UNSAFE.sub("-", text.lower().translate(_ASCII)).strip("-")
