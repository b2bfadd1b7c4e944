"""The model's vocabularies: what kind an actor, agreement or milestone is, and statuses.

Each is a ``str`` enum whose values are the format's words (``kind = "council"``).
:mod:`velfaerd.model` re-exports them: ``velfaerd.model.ActorKind`` and
``velfaerd.ActorKind`` are their public names.
"""

from __future__ import annotations

import enum

__all__ = [
    "ActorKind",
    "AgreementKind",
    "AgreementStatus",
    "BasisKind",
    "Better",
    "MilestoneKind",
    "MilestoneStatus",
    "OccurrenceStatus",
    "actor_kind",
    "agreement_kind",
    "milestone_kind",
    "milestone_status",
]


class ActorKind(str, enum.Enum):
    """What kind of actor (*aktør*) an :class:`Actor` is."""

    COUNCIL = "council"
    """*Byrådet*, *Kommunalbestyrelsen*: the city council."""
    COMMITTEE = "committee"
    """An *udvalg*, a standing committee of the council."""
    ADMINISTRATION = "administration"
    """A *forvaltning* or *fagsekretariat*."""
    INSTITUTION = "institution"
    """A school, daycare, club or other *institution*."""
    UNIT = "unit"
    """A department of an institution (``part_of`` it)."""
    BOARD = "board"
    """A *skolebestyrelse* or *forældrebestyrelse*."""
    MANAGER = "manager"
    """An *områdechef* or *skoleleder*."""
    GROUP = "group"
    """Several actors spoken of together, a working group, a network."""
    GOVERNMENT = "government"
    """The state or one of its agencies."""
    PARTNER = "partner"
    """An outside partner."""
    PARTY = "party"
    """A political party (*parti*)."""
    REGION = "region"
    """A region (*regionsråd*, *Region Syddanmark*)."""


class AgreementKind(str, enum.Enum):
    """What kind of agreement an :class:`Agreement` is."""

    COOPERATION = "cooperation"
    """*Samarbejdsaftale*, e.g. between the city council and a school."""
    DEVELOPMENT = "development"
    """*Udviklingsaftale* for an administration or institution."""
    WELFARE = "welfare"
    """*Velfærdsaftale* of the national welfare trial."""
    PARTNERSHIP = "partnership"
    """*Partnerskab*."""
    CONTRACT = "contract"
    """*Kontrakt*, as in *aftalestyring*."""
    IMPLEMENTATION_PLAN = "implementation_plan"
    """*Implementeringsplan*: dated milestones, no yearly review by default."""
    PROGRAMME = "programme"
    """A standing programme of activities."""


class MilestoneKind(str, enum.Enum):
    """What kind of event a :class:`Milestone` is."""

    ACTIVITY = "activity"
    MEETING = "meeting"
    REVIEW = "review"
    """*Opfølgning*: counts for the annual review rule (``REV001``)."""
    DECISION = "decision"
    APPROVAL = "approval"
    """*Godkendelse*: with a ``step``, takes part in the approval process."""
    DELIVERY = "delivery"
    CONFERENCE = "conference"


class MilestoneStatus(str, enum.Enum):
    """Where a :class:`Milestone` stands."""

    PLANNED = "planned"
    MET = "met"
    NOT_MET = "not_met"
    PARTIALLY_MET = "partially_met"
    CANCELLED = "cancelled"
    IN_PROGRESS = "in_progress"
    """*Iværksat*, *i gang*: begun and not yet met."""


class OccurrenceStatus(str, enum.Enum):
    """What happened at one occurrence of a recurring milestone (:class:`Occurrence`)."""

    MET = "met"
    """*Afholdt*, *gennemført*."""
    NOT_MET = "not_met"
    """*Ikke afholdt*: it did not take place."""
    PARTIALLY_MET = "partially_met"
    CANCELLED = "cancelled"
    """*Aflyst*."""
    IN_PROGRESS = "in_progress"
    """*I gang*: begun and not yet met."""
    MOVED = "moved"
    """*Flyttet*: to the date in ``moved_to``."""


class Better(str, enum.Enum):
    """Which way an :class:`Indicator` improves."""

    HIGHER = "higher"
    """More is better (*trivsel*, *karaktergennemsnit*)."""
    LOWER = "lower"
    """Less is better (*fravær*, *ventetid*)."""


class AgreementStatus(str, enum.Enum):
    """Where an :class:`Agreement` stands (absent: the document does not say)."""

    DRAFT = "draft"
    """*Udkast*."""
    PROPOSED = "proposed"
    """*Forslag*, sent for approval."""
    ADOPTED = "adopted"
    """*Vedtaget*, *godkendt*."""
    REVOKED = "revoked"
    """*Ophævet*, or replaced by another."""


class BasisKind(str, enum.Enum):
    """What kind of thing a :class:`Basis` is."""

    LAW = "law"
    """A law or order (*lov*, *bekendtgørelse*)."""
    DECISION = "decision"
    """A political decision (*beslutning*, *byrådsbeslutning*)."""
    AGREEMENT = "agreement"
    """An agreement (*Kommuneaftalen for 2011*)."""
    POLICY = "policy"
    """A policy (*politik*)."""
    STRATEGY = "strategy"
    """A strategy or plan (*strategi*, *central udmelding*)."""
    OTHER = "other"


def actor_kind(value: ActorKind | str) -> ActorKind:
    """The member this value names (the attrs converter of a ``kind``)."""
    # A member passes through without a call of the enum: models are made by the
    # hundred thousand.
    return value if type(value) is ActorKind else ActorKind(value)


def agreement_kind(value: AgreementKind | str) -> AgreementKind:
    """The member this value names."""
    return value if type(value) is AgreementKind else AgreementKind(value)


def milestone_kind(value: MilestoneKind | str) -> MilestoneKind:
    """The member this value names."""
    return value if type(value) is MilestoneKind else MilestoneKind(value)


def milestone_status(value: MilestoneStatus | str) -> MilestoneStatus:
    """The member this value names."""
    return value if type(value) is MilestoneStatus else MilestoneStatus(value)
