"""The Danish words people write for the format's keys and values, for did-you-mean.

A newcomer writes ``navn = "Byrådet"`` and ``kind = "samarbejdsaftale"``: the words of
the document in front of them. The format's words are English (``name``,
``cooperation``), so such a key is ``LOAD004`` and such a value ``LOAD003``; these
tables let the message name the format's word instead of listing every key. A Danish
word is matched whatever its case, with ``æ``, ``ø``, ``å`` or ``ae``, ``oe``, ``aa``,
and with or without ``_``, ``-`` or spaces (``slut_dato``, ``slutdato``, ``Slut-dato``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from velfaerd._kinds import (
    ActorKind,
    AgreementKind,
    AgreementStatus,
    BasisKind,
    MilestoneKind,
    MilestoneStatus,
)

if TYPE_CHECKING:
    import enum
    from collections.abc import Iterable, Mapping

__all__ = ["KEY_WORDS", "VALUE_WORDS", "danish_key", "danish_value"]

#: The Danish words for each key of the format (a key is suggested only where the
#: table being read has it: ``titel`` is ``title`` on a milestone, ``name`` nowhere).
KEY_WORDS: Final[Mapping[str, tuple[str, ...]]] = {
    "id": ("id", "nøgle", "kode"),
    "name": ("navn", "betegnelse"),
    "title": ("titel", "overskrift", "navn", "betegnelse"),
    "text": ("tekst",),
    "kind": ("type", "art", "slags", "kategori"),
    "status": ("status", "tilstand"),
    "description": ("beskrivelse", "note", "noter", "bemærkning", "bemærkninger"),
    "municipality": ("kommune",),
    "actors": ("aktører", "aktør"),
    "policies": ("politikker", "politik"),
    "principles": ("principper", "princip"),
    "approval_processes": ("godkendelsesgange", "godkendelsesprocesser"),
    "agreements": ("aftaler", "aftale"),
    "parties": ("parter", "part", "aftaleparter"),
    "entered": ("indgået", "indgåetdato", "underskrevet", "aftaledato", "dato"),
    "start": ("startdato", "start", "begyndelse", "fra", "ikrafttrædelse", "gælderfra"),
    "end": ("slutdato", "slut", "udløb", "udløber", "til", "gældertil"),
    "duration": ("varighed", "løbetid", "aftaleperiode"),
    "review_every": ("opfølgningsinterval", "revision", "revideres", "evalueres"),
    "milestones": ("milepæle", "milepæl", "tidsplan", "aktiviteter"),
    "commitments": ("indsatser", "indsats", "forpligtelser", "initiativer"),
    "phases": ("faser", "fase"),
    "waivers": ("frisættelser", "frisættelse", "dispensationer"),
    "themes": ("temaer", "tema", "fokusområder", "fokusområde"),
    "goals": ("mål", "målsætninger", "succeskriterier"),
    "owner": ("ejer", "ansvarlig"),
    "follow_up": ("opfølgning", "opfølgningsform"),
    "purpose": ("formål",),
    "part_of": ("delaf", "underlagt"),
    "year": ("år", "årstal"),
    "version": ("version", "udgave"),
    "supersedes": ("erstatter", "afløser"),
    "basis": ("grundlag", "hjemmel", "baggrund"),
    "budget": ("budget", "økonomi", "midler"),
    "amount": ("beløb",),
    "approximate": ("cirka", "ca"),
    "every": ("gentages", "hver", "interval", "hyppighed", "frekvens"),
    "until": ("indtil", "tilogmed", "gentagestil"),
    "due": ("frist", "dato", "tidspunkt", "deadline", "hvornår"),
    "depends_on": ("afhængeraf", "efter", "forudsætter"),
    "phase": ("fase",),
    "responsible": ("ansvarlig", "ansvar", "tovholder"),
    "participants": ("deltagere", "deltager"),
    "approver": ("godkender", "godkendesaf", "godkendtaf"),
    "step": ("trin", "godkendelsestrin"),
    "round": ("runde", "behandling"),
    "tentative": ("foreløbig", "forventet", "vejledende"),
    "met_on": ("opfyldt", "opfyldtden", "gennemført", "gennemførtden"),
    "members": ("medlemmer", "medlem"),
    "aliases": ("aliaser", "alias", "kaldes", "ogsåkaldt"),
    "since": ("siden", "oprettet", "fra"),
    "adopted": ("vedtaget", "godkendt"),
    "adopted_by": ("vedtagetaf", "godkendtaf"),
    "steps": ("trin",),
    "actor_kind": ("aktørtype",),
    "after": ("efter",),
    "approval_process": ("godkendelsesgang", "godkendelsesproces", "godkendelse"),
    "covers": ("dækker",),
    "rule": ("regel",),
    "reason": ("begrundelse", "årsag"),
    "granted_by": ("givetaf", "bevilgetaf"),
    "granted": ("givet", "bevilget"),
    "url": ("link", "adresse"),
    "ref": ("henvisning", "reference"),
    "date": ("dato",),
    "code": ("kommunekode", "kommunenummer"),
    "group": ("gruppe",),
}

#: The Danish words for each value of the format's vocabularies, by vocabulary.
VALUE_WORDS: Final[Mapping[type[enum.Enum], Mapping[str, tuple[str, ...]]]] = {
    AgreementKind: {
        "cooperation": ("samarbejdsaftale", "samarbejde", "rammeaftale"),
        "development": ("udviklingsaftale", "udviklingskontrakt"),
        "welfare": ("velfærdsaftale",),
        "partnership": ("partnerskab", "partnerskabsaftale"),
        "contract": ("kontrakt", "aftalestyring", "resultatkontrakt"),
        "implementation_plan": ("implementeringsplan", "handleplan", "handlingsplan"),
        "programme": ("program", "læreplan"),
    },
    ActorKind: {
        "council": ("byråd", "byrådet", "kommunalbestyrelse", "kommunalbestyrelsen"),
        "committee": ("udvalg", "udvalget", "fagudvalg", "børneogungeudvalget"),
        "administration": ("forvaltning", "forvaltningen", "fagsekretariat", "sekretariat"),
        "institution": ("institution", "skole", "skolen", "daginstitution", "børnehave"),
        "unit": ("enhed", "afdeling", "afdelingen"),
        "board": ("bestyrelse", "skolebestyrelse", "forældrebestyrelse"),
        "manager": ("leder", "skoleleder", "områdechef", "chef", "direktør"),
        "group": ("gruppe", "arbejdsgruppe", "netværk", "styregruppe"),
        "government": ("staten", "stat", "ministerium", "ministeriet", "styrelse"),
        "partner": ("samarbejdspartner", "partner", "virksomhed"),
        "party": ("parti", "politiskparti"),
        "region": ("region", "regionen", "regionsråd"),
    },
    MilestoneKind: {
        "activity": ("aktivitet",),
        "meeting": ("møde", "mødet", "dialogmøde", "statusmøde"),
        "review": ("opfølgning", "opfølgningsmøde", "evaluering", "status", "revision"),
        "decision": ("beslutning", "behandling"),
        "approval": ("godkendelse", "vedtagelse", "underskrift"),
        "delivery": ("leverance", "aflevering", "rapport"),
        "conference": ("konference", "temadag", "seminar"),
    },
    MilestoneStatus: {
        "planned": ("planlagt",),
        "met": ("opfyldt", "gennemført", "afholdt", "nået", "færdig", "godkendt"),
        "not_met": ("ikkeopfyldt", "ikkenået", "ikkegennemført"),
        "partially_met": ("delvistopfyldt", "delvist"),
        "cancelled": ("aflyst", "annulleret", "udgået"),
        "in_progress": ("igang", "iværksat", "igangsat", "påbegyndt"),
    },
    AgreementStatus: {
        "draft": ("udkast",),
        "proposed": ("forslag", "foreslået", "høring", "ihøring"),
        "adopted": ("vedtaget", "godkendt", "underskrevet", "gældende"),
        "revoked": ("ophævet", "annulleret", "udløbet", "erstattet"),
    },
    BasisKind: {
        "law": ("lov", "loven", "bekendtgørelse", "lovgivning"),
        "decision": ("beslutning", "byrådsbeslutning"),
        "agreement": ("aftale", "kommuneaftale"),
        "policy": ("politik",),
        "strategy": ("strategi", "plan", "udmelding"),
        "other": ("andet", "øvrigt"),
    },
}


def _folded(word: str) -> str:
    """``word`` as the tables match it: small, ``ae``/``oe``/``aa`` as letters, no gaps."""
    word = word.lower().replace("ae", "æ").replace("oe", "ø").replace("aa", "å")
    return "".join(word.replace("_", " ").replace("-", " ").replace(".", " ").split())


def _index(table: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for name, words in table.items():
        for word in words:
            index.setdefault(_folded(word), []).append(name)
    return {word: tuple(names) for word, names in index.items()}


_KEYS: Final = _index(KEY_WORDS)
_VALUES: Final = {vocabulary: _index(table) for vocabulary, table in VALUE_WORDS.items()}


def danish_key(written: str, keys: Iterable[str]) -> str | None:
    """The key among ``keys`` that the Danish word ``written`` means, if any.

    >>> danish_key("navn", ["id", "name", "kind"]), danish_key("Slut_dato", ["start", "end"])
    ('name', 'end')
    >>> danish_key("navn", ["id", "title"]), danish_key("xyz", ["id"])
    ('title', None)
    """
    known = set(keys)
    return next((key for key in _KEYS.get(_folded(written), ()) if key in known), None)


def danish_value(written: str, vocabulary: type[enum.Enum]) -> str | None:
    """The value of ``vocabulary`` that the Danish word ``written`` means, if any.

    >>> danish_value("Samarbejdsaftale", AgreementKind), danish_value("godkendt", AgreementStatus)
    ('cooperation', 'adopted')
    """
    names = _VALUES.get(vocabulary, {}).get(_folded(written), ())
    return names[0] if names else None
