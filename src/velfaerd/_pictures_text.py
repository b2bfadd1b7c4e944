"""Every text the pictures, the calendar and ``CAL001`` write for a person, in English and Danish.

One table, ``TEXT[language][key]``, so that the Danish catalogue can take these over in
one move. Placeholders (``{name}``) are the same in both languages.

>>> text("da", "timeline.as_of", date="1. juni 2024")
'Status pr. 1. juni 2024'
>>> sorted(TEXT["en"]) == sorted(TEXT["da"])
True
"""

from __future__ import annotations

from typing import Final

__all__ = ["KINDS", "LANGUAGES", "PERIODS", "TEXT", "WEEKEND_DAYS", "period", "text"]

#: The languages every text exists in.
LANGUAGES: Final = ("en", "da")

TEXT: Final[dict[str, dict[str, str]]] = {
    "en": {
        # CAL001 ---------------------------------------------------------------------
        "CAL001.summary": (
            "a meeting, review, decision, approval or conference is dated on a Saturday, "
            "a Sunday or a Danish public holiday"
        ),
        "CAL001.description": (
            "A milestone of kind ``meeting``, ``review``, ``decision``, ``approval`` or "
            "``conference`` whose date is one exact day that is a Saturday, a Sunday or a "
            "Danish public holiday (the ``holidays`` package's Denmark: Store Bededag until "
            "2023 and not from 2024; Grundlovsdag included). Windows (``primo juni 2013``), "
            "deadlines, other kinds and cancelled milestones are left alone; of a recurring "
            "milestone, the date written (its first occurrence) is checked."
        ),
        "CAL001.why": (
            "Councils, committees and schools do not meet on a Sunday or on Kristi "
            "himmelfartsdag: such a date is almost always a typing error (a wrong day or "
            "year) that nobody notices until the invitation goes out."
        ),
        "CAL001.weekend": "{milestone!r} is dated {date}, which is a weekend day ({day})",
        "CAL001.holiday": "{milestone!r} is dated {date}, which is {day}, a Danish public holiday",
        # timeline ---------------------------------------------------------------------
        "timeline.title": "Timeline",
        "timeline.generated": "Made by velfaerd from {files}.",
        "timeline.as_of": "Status as of {date}",
        "timeline.term": "Term",
        "timeline.open_end": "open-ended",
        "timeline.phase": "Phase",
        "timeline.undated": "not dated",
        "timeline.every": "every {period} (occurrences shown: {count})",
        "timeline.waits_on": "waits on",
        "timeline.approval_after": "after (approval order)",
        "timeline.tentative": "tentative",
        "timeline.cancelled": "cancelled",
        "timeline.met": "met",
        "timeline.findings": "Findings",
        "timeline.legend": "Legend",
        "timeline.legend.exact": "exact date",
        "timeline.legend.window": "approximate date (window)",
        "timeline.legend.deadline": "deadline (no earlier than any day before)",
        "timeline.legend.as_of": "as-of date",
        "timeline.legend.finding": "has findings",
        "timeline.nothing": "No agreements were loaded.",
        # calendar ---------------------------------------------------------------------
        "calendar.name": "velfaerd milestones",
        "calendar.agreement": "Agreement",
        "calendar.date": "Date as written",
        "calendar.window": "An approximate date: placed on its first day ({first}).",
        "calendar.deadline": "A deadline: placed on its last day ({last}).",
        "calendar.responsible": "Responsible",
        "calendar.participants": "Participants",
        "calendar.every": "Recurs every {period}",
        "calendar.kind": "Kind",
        # command line -----------------------------------------------------------------
        "cli.no_agreement": "no agreement with id {agreement!r}; known: {known}",
        "cli.load_failed": "{count} load problem(s); run 'velfaerd check' to see them",
    },
    "da": {
        # CAL001 ---------------------------------------------------------------------
        "CAL001.summary": (
            "et møde, en opfølgning, en beslutning, en godkendelse eller en konference er "
            "dateret en lørdag, en søndag eller en dansk helligdag"
        ),
        "CAL001.description": (
            "En milepæl af typen ``meeting``, ``review``, ``decision``, ``approval`` eller "
            "``conference``, hvis dato er én bestemt dag, der er en lørdag, en søndag eller "
            "en dansk helligdag (Danmark i pakken ``holidays``: store bededag til og med "
            "2023, ikke fra 2024; grundlovsdag medregnet). Perioder (``primo juni 2013``), "
            "frister, andre typer og aflyste milepæle lades i fred; for en tilbagevendende "
            "milepæl kontrolleres den skrevne dato (første gang)."
        ),
        "CAL001.why": (
            "Byråd, udvalg og skoler holder ikke møde om søndagen eller på Kristi "
            "himmelfartsdag: sådan en dato er næsten altid en skrivefejl (forkert dag eller "
            "år), som ingen opdager, før indkaldelsen bliver sendt ud."
        ),
        "CAL001.weekend": "{milestone!r} er dateret {date}, som er en weekenddag ({day})",
        "CAL001.holiday": "{milestone!r} er dateret {date}, som er {day}, en dansk helligdag",
        # timeline ---------------------------------------------------------------------
        "timeline.title": "Tidsplan",
        "timeline.generated": "Lavet af velfaerd ud fra {files}.",
        "timeline.as_of": "Status pr. {date}",
        "timeline.term": "Aftaleperiode",
        "timeline.open_end": "uden slutdato",
        "timeline.phase": "Fase",
        "timeline.undated": "ikke dateret",
        "timeline.every": "hver {period} (forekomster vist: {count})",
        "timeline.waits_on": "afventer",
        "timeline.approval_after": "efter (godkendelsesgang)",
        "timeline.tentative": "foreløbig",
        "timeline.cancelled": "aflyst",
        "timeline.met": "gennemført",
        "timeline.findings": "Fund",
        "timeline.legend": "Forklaring",
        "timeline.legend.exact": "bestemt dato",
        "timeline.legend.window": "omtrentlig dato (periode)",
        "timeline.legend.deadline": "frist (senest)",
        "timeline.legend.as_of": "statusdato",
        "timeline.legend.finding": "har fund",
        "timeline.nothing": "Der blev ikke indlæst nogen aftaler.",
        # calendar ---------------------------------------------------------------------
        "calendar.name": "velfaerd-milepæle",
        "calendar.agreement": "Aftale",
        "calendar.date": "Dato som skrevet",
        "calendar.window": "En omtrentlig dato: lagt på første dag ({first}).",
        "calendar.deadline": "En frist: lagt på sidste dag ({last}).",
        "calendar.responsible": "Ansvarlig",
        "calendar.participants": "Deltagere",
        "calendar.every": "Gentages hver {period}",
        "calendar.kind": "Type",
        # command line -----------------------------------------------------------------
        "cli.no_agreement": "ingen aftale med id {agreement!r}; kendte: {known}",
        "cli.load_failed": "{count} indlæsningsproblem(er); kør 'velfaerd check' for at se dem",
    },
}

#: Danish and English names of the milestone kinds and period units, for pictures.
KINDS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "activity": "activity",
        "meeting": "meeting",
        "review": "review",
        "decision": "decision",
        "approval": "approval",
        "delivery": "delivery",
        "conference": "conference",
    },
    "da": {
        "activity": "aktivitet",
        "meeting": "møde",
        "review": "opfølgning",
        "decision": "beslutning",
        "approval": "godkendelse",
        "delivery": "leverance",
        "conference": "konference",
    },
}

PERIODS: Final[dict[str, dict[str, tuple[str, str]]]] = {
    "en": {
        "years": ("year", "years"),
        "months": ("month", "months"),
        "weeks": ("week", "weeks"),
        "days": ("day", "days"),
    },
    "da": {
        "years": ("år", "år"),
        "months": ("måned", "måneder"),
        "weeks": ("uge", "uger"),
        "days": ("dag", "dage"),
    },
}

#: The Danish names of Saturday and Sunday, as ``CAL001`` names them.
WEEKEND_DAYS: Final[dict[int, str]] = {5: "lørdag", 6: "søndag"}


def text(language: str, key: str, **values: object) -> str:
    """Return the text ``key`` in ``language`` (English where unknown), filled with ``values``."""
    table = TEXT.get(language, TEXT["en"])
    return table.get(key, TEXT["en"][key]).format(**values)


def period(language: str, count: int, unit: str) -> str:
    """Write a period (``3 months``, ``3 måneder``) in ``language``.

    >>> period("da", 1, "years"), period("en", 3, "months")
    ('1 år', '3 months')
    """
    one, many = PERIODS.get(language, PERIODS["en"])[unit]
    return f"{count} {one if count == 1 else many}"
