"""The meaning of every key, as the format reference (``docs/format.md``) words it.

Generated from the key tables of ``docs/format.md``; ``tests/test_schema.py`` fails
when the two differ, so that the JSON Schema's descriptions and the documentation
cannot drift apart. Each entry is ``(meaning, Danish terms)``.

The Danish descriptions are not here but in the Danish catalogue
(``velfaerd/locale/da.toml``, ``[schema.<Table>]``), where a translator edits all
Danish; ``tests/test_schema.py`` checks that it has exactly these classes and keys.
"""

# ruff: noqa: E501 - the meanings are the format reference's table cells, one per line

from __future__ import annotations

__all__ = ["MEANINGS"]

_ENGLISH: dict[str, dict[str, tuple[str, str]]] = {
    "Document": {
        "format": (
            "the format version; when present it must be `1`",
            "",
        ),
        "municipality": (
            "the municipality the file's actors, policies and agreements belong to",
            "*kommune*",
        ),
        "actors": (
            "the actors and parties ({ref}`format-actors`)",
            "*aktører, parter*",
        ),
        "policies": (
            "policies with their themes ({ref}`format-policies`)",
            "*politikker*",
        ),
        "principles": (
            "principles agreements rest on ({ref}`format-principles`)",
            "*principper*",
        ),
        "approval_processes": (
            "the steps agreements pass to be approved ({ref}`format-approval-processes`)",
            "*godkendelsesgange*",
        ),
        "agreements": (
            "the agreements ({ref}`format-agreements`)",
            "*aftaler*",
        ),
    },
    "Municipality": {
        "name": (
            'the municipality\'s name: `"Esbjerg Kommune"`',
            "*kommunens navn*",
        ),
        "code": (
            "the municipality's number: Esbjerg is `561`, Copenhagen `101`",
            "*kommunenummer*",
        ),
        "description": (
            "free text",
            "*beskrivelse*",
        ),
    },
    "Actor": {
        "id": (
            "unique across everything loaded",
            "",
        ),
        "name": (
            'the name the documents use: `"Børn & Familieudvalget"`',
            "*navn*",
        ),
        "kind": (
            "what kind of actor it is",
            "",
        ),
        "part_of": (
            "the actor it is part of: a school board is part of its school, a committee part of the council, a unit part of its institution",
            "*del af, under*",
        ),
        "aliases": (
            'other names it goes by: `["BFU"]`',
            "*forkortelser, også kaldet*",
        ),
        "since": (
            "when it came into being; it takes part in nothing before (`REF003`)",
            "*oprettet, fra*",
        ),
        "until": (
            "when it ceased — a school merged into another stops being a party (`REF003`)",
            "*nedlagt, sammenlagt, til*",
        ),
        "members": (
            "the actors a group is: KKR Syddanmark's members are the region's councils; no actor is its own member, directly or through others (`REF002`)",
            "*medlemmer*, *består af*",
        ),
        "description": (
            "free text",
            "*beskrivelse*",
        ),
    },
    "Policy": {
        "id": (
            "unique across everything loaded",
            "",
        ),
        "name": (
            '`"Børn- og Ungepolitikken"`',
            "*politikkens navn*",
        ),
        "themes": (
            "the policy's themes (below)",
            "*temaer*",
        ),
        "adopted": (
            "when it was adopted",
            "*vedtaget*",
        ),
        "adopted_by": (
            "the actor that adopted it, usually the council",
            "*vedtaget af*",
        ),
        "basis": (
            "the laws, decisions, agreements and strategies it rests on ({ref}`format-basis`)",
            '*lovgrundlag*, *"tager afsæt i"*',
        ),
        "description": (
            "free text",
            "*beskrivelse*",
        ),
    },
    "Theme": {
        "id": (
            "unique within its policy or agreement",
            "",
        ),
        "name": (
            "the theme as the document words it",
            "*tema*, *fokusområde*",
        ),
        "description": (
            "free text",
            "*beskrivelse*",
        ),
    },
    "Principle": {
        "id": (
            "unique across everything loaded",
            "",
        ),
        "text": (
            "the principle, in the document's words",
            "*princip*",
        ),
        "group": (
            'the set it belongs to: `"ledelsesprincipper"`',
            "*ledelsesprincipper*, *principper for partnerskabet*",
        ),
        "description": (
            "free text",
            "*beskrivelse*",
        ),
    },
    "ApprovalProcess": {
        "id": (
            "unique across everything loaded",
            "",
        ),
        "steps": (
            "the steps, in order (below)",
            "*godkendelsesgang*, *trin*",
        ),
        "description": (
            "free text",
            "*beskrivelse*",
        ),
    },
    "Step": {
        "id": (
            "unique within its process",
            "",
        ),
        "name": (
            '`"Godkendt af områdechef"`',
            "*trin*",
        ),
        "actor_kind": (
            "the kind of actor that may take the step",
            "",
        ),
        "actors": (
            "the actors that may take the step (where both are given, either suffices)",
            "",
        ),
        "after": (
            "the steps it must follow; `after = []` leaves it unordered",
            "*efter*",
        ),
        "description": (
            "free text",
            "*beskrivelse*",
        ),
    },
    "Agreement": {
        "id": (
            "unique across everything loaded",
            "",
        ),
        "title": (
            "the document's title",
            "*titel*",
        ),
        "kind": (
            "what kind of agreement it is",
            "",
        ),
        "parties": (
            "the actors that enter it; at least two, but for an implementation plan (`AGR002`)",
            "*parter*",
        ),
        "entered": (
            "when it was entered",
            "*indgået*",
        ),
        "start": (
            "the first day of its term",
            "*gældende fra*, *start*",
        ),
        "duration": (
            'its stated length: `"3 years"`',
            '*varighed*, *"de næste 3 år"*',
        ),
        "end": (
            "the last day of its term",
            "*gældende til*, *udløb*",
        ),
        "policies": (
            "the policies it rests on",
            '*politikker*, *"tager afsæt i"*',
        ),
        "covers": (
            "the themes of its policies it takes up (some agreements choose one of eight by design)",
            "*valgte temaer*",
        ),
        "principles": (
            "the principles it rests on",
            "*principper*",
        ),
        "themes": (
            "its own focus areas, written as themes",
            "*fokusområder*, *indsatsområder*",
        ),
        "commitments": (
            "what the parties commit to ({ref}`format-commitments`)",
            "*pejlemærker*, *indsatser*, *aktiviteter*, *mål*",
        ),
        "milestones": (
            "dated events, approvals and reviews ({ref}`format-milestones`)",
            "*milepæle*, *tidsplan*",
        ),
        "phases": (
            "its ordered periods ({ref}`format-phases`)",
            "*faser*",
        ),
        "waivers": (
            "rules the council has set aside for it ({ref}`format-waivers`)",
            "*frisættelse*",
        ),
        "approval_process": (
            "the approval process it must pass",
            "*godkendelsesgang*",
        ),
        "review_every": (
            'the longest stretch of its term without a review milestone (`REV001`); `"none"` turns the requirement off',
            "*årlig opfølgning*",
        ),
        "purpose": (
            "what it is for",
            "*formål*",
        ),
        "follow_up": (
            "how the whole agreement is followed up; every commitment without its own inherits it (`COV003`)",
            "*opfølgning*",
        ),
        "part_of": (
            "the agreement it implements: a school's agreement under a framework agreement",
            "*rammeaftale*",
        ),
        "year": (
            'the year of every date in the agreement written without one: `"medio maj"`, `"1. december"`, `"uge 8"` ({ref}`dates-year-from-context`)',
            '*"(medio maj)"*',
        ),
        "status": (
            "where the agreement stands",
            "*udkast*, *forslag*, *vedtaget*, *ophævet*",
        ),
        "version": (
            'which version it is, in the document\'s words: `"revideret marts 2014"`',
            "*version*, *revideret*",
        ),
        "supersedes": (
            "the agreement it replaces (`REF002` if unknown; `AGR004` if their terms overlap)",
            "*erstatter*",
        ),
        "basis": (
            "the laws, decisions, agreements and strategies it rests on ({ref}`format-basis`)",
            '*lovgrundlag*, *"tager afsæt i"*',
        ),
        "budget": (
            "money set aside for it ({ref}`format-budget`)",
            "*økonomi*, *budget*",
        ),
        "indicators": (
            "measured goals of the agreement as a whole ({ref}`format-indicators`)",
            "*indikatorer*, *måltal*",
        ),
        "description": (
            "free text",
            "*beskrivelse*",
        ),
    },
    "Basis": {
        "title": (
            "what it is, in the document's words",
            "*titel*",
        ),
        "kind": (
            "what kind of thing it is",
            "*lov*, *beslutning*, *aftale*, *politik*, *strategi*",
        ),
        "url": (
            "where it can be read",
            "*link*",
        ),
        "ref": (
            "a policy or agreement loaded with it (`REF002` if unknown); {func}`velfaerd.graph.reference_graph` draws the edge",
            "",
        ),
        "date": (
            "when it was passed or decided",
            "*vedtaget*, *besluttet*",
        ),
        "description": (
            "free text",
            "*beskrivelse*",
        ),
    },
    "Budget": {
        "amount": (
            'whole kroner: `4000000`, `"4 mio. kr."`, `"1,5 mio. kr."`, `"250.000 kr."`',
            "*beløb*",
        ),
        "approximate": (
            "the document hedges the amount",
            "*ca.*, *cirka*",
        ),
        "every": (
            "how often it is granted",
            "*årligt*, *om året*",
        ),
        "year": (
            "the year it is for",
            "*budgetår*",
        ),
        "description": (
            "free text",
            "*beskrivelse*",
        ),
    },
    "Commitment": {
        "id": (
            "unique within its agreement",
            "",
        ),
        "title": (
            "the commitment as the document words it",
            "*pejlemærke*, *indsats*, *aktivitet*",
        ),
        "themes": (
            "the themes it serves (`COV001`: every theme needs one)",
            "*tema*, *fokusområde*",
        ),
        "owner": (
            "the actor responsible for it",
            "*ansvarlig*",
        ),
        "goals": (
            "what it aims at (`COV002`: a commitment without a goal)",
            '*mål*, *succeskriterier*, *"det vil vi opnå"*',
        ),
        "follow_up": (
            "how it is followed up (`COV003`)",
            '*opfølgning*, *"sådan følger vi op"*',
        ),
        "principles": (
            "the principles it puts into practice",
            "*principper*",
        ),
        "budget": (
            "money set aside for it ({ref}`format-budget`)",
            "*økonomi*, *bevilling*",
        ),
        "indicators": (
            "its measured goals: baseline, targets, measurements ({ref}`format-indicators`)",
            "*indikatorer*, *måltal*, *succeskriterier*",
        ),
        "description": (
            "free text",
            "*beskrivelse*",
        ),
    },
    "Milestone": {
        "id": (
            "unique within its agreement",
            "",
        ),
        "title": (
            "the event as the document words it",
            "*milepæl*, *aktivitet*",
        ),
        "due": (
            'when it happens; also relative to the term or another milestone: `"3 måneder efter temadag"` ({ref}`dates-relative`)',
            "*dato*, *tidspunkt*, *deadline*",
        ),
        "kind": (
            "what kind of event it is",
            "",
        ),
        "depends_on": (
            "milestones of the same agreement it waits on (`MIL001`, `MIL002`)",
            "*forudsætter*, *efter*",
        ),
        "phase": (
            "the phase it belongs to (`MIL004`)",
            "*fase*",
        ),
        "responsible": (
            "the actor responsible",
            "*ansvarlig*",
        ),
        "participants": (
            "the actors taking part",
            "*deltagere*",
        ),
        "approver": (
            "for an approval: the actor who approves (`APR003`)",
            "*godkendes af*",
        ),
        "step": (
            "for an approval: the step of the agreement's `approval_process` it takes; only approvals with a step take part in the `APR` rules",
            "*trin*",
        ),
        "round": (
            "groups approvals when a plan runs its approval process more than once (a yearly round of local agreements); `APR001` and `APR002` compare within each round",
            "*runde*",
        ),
        "commitments": (
            "the commitments it serves",
            "*indsatser*",
        ),
        "every": (
            'makes it recur, from `due` until `until` or the agreement\'s end: `"3 months"` for *fire gange årligt*, `"2 years"` for *hvert andet år*',
            "*hvert år*, *løbende*",
        ),
        "until": (
            "when a recurring milestone stops",
            "*frem til*",
        ),
        "tentative": (
            "the document hedges the date",
            "*forventeligt*, *evt.*, *foreløbig*",
        ),
        "status": (
            "where it stands",
            "*status*",
        ),
        "met_on": (
            "when it was met",
            "*afholdt*, *gennemført*",
        ),
        "moved_to": (
            "the date it was moved to; `due` stays what was planned, and `MIL005` and `velfaerd status` read this date",
            "*flyttet til*, *udsat til*",
        ),
        "occurrences": (
            "what happened at occurrences of a recurring milestone ({ref}`format-occurrences`)",
            "*afholdt*, *aflyst*, *referat*",
        ),
        "description": (
            "free text",
            "*beskrivelse*",
        ),
    },
    "Occurrence": {
        "due": (
            "the scheduled occurrence it records: a date form overlapping exactly one",
            "*planlagt til*",
        ),
        "status": (
            "what happened",
            "*afholdt*, *ikke afholdt*, *delvist*, *aflyst*, *i gang*, *flyttet*",
        ),
        "held_on": (
            "when it took place",
            "*afholdt den*",
        ),
        "moved_to": (
            'where it was moved (with `status = "moved"`)',
            "*flyttet til*",
        ),
        "note": (
            "what the secretariat wrote beside it",
            "*bemærkning*",
        ),
        "minutes": (
            "the minutes: a URL or a journal number",
            "*referat*, *j.nr.*",
        ),
        "description": (
            "free text",
            "*beskrivelse*",
        ),
    },
    "Indicator": {
        "id": (
            "unique within its agreement",
            "",
        ),
        "name": (
            "what is measured, in the document's words",
            "*indikator*, *måltal*, *succeskriterie*",
        ),
        "unit": (
            'what the values count: `"%"`, `"point"`, `"antal"`, free text',
            "*enhed*",
        ),
        "better": (
            "which way the indicator improves (`IND002`)",
            "*højere er bedre*, *lavere er bedre*",
        ),
        "baseline": (
            "where it stood: `{ value, on, source }`",
            "*udgangspunkt*, *baseline*",
        ),
        "targets": (
            "what it is to reach, and by when: `{ value, by }` (`IND001`, `IND002`)",
            "*mål*, *målsætning*",
        ),
        "measurements": (
            "what was measured: `{ value, on, source, note }`",
            "*måling*, *status*",
        ),
        "description": (
            "free text",
            "*beskrivelse*",
        ),
    },
    "IndicatorBaseline": {
        "value": (
            'the value it started from: `3.8`, `"3,8"`',
            "*værdi*",
        ),
        "on": (
            "when it was measured",
            "*målt*",
        ),
        "source": (
            "where the figure comes from",
            "*kilde*",
        ),
        "description": (
            "free text",
            "*beskrivelse*",
        ),
    },
    "Target": {
        "value": (
            "the value to reach",
            "*værdi*, *måltal*",
        ),
        "by": (
            "when it is to be reached",
            "*senest*, *inden*",
        ),
        "description": (
            "free text",
            "*beskrivelse*",
        ),
    },
    "Measurement": {
        "value": (
            "the value measured",
            "*værdi*, *resultat*",
        ),
        "on": (
            "when it was measured",
            "*målt*",
        ),
        "source": (
            "where the figure comes from",
            "*kilde*",
        ),
        "note": (
            "what was written beside it",
            "*bemærkning*",
        ),
        "description": (
            "free text",
            "*beskrivelse*",
        ),
    },
    "Phase": {
        "id": (
            "unique within its agreement",
            "",
        ),
        "name": (
            '`"Opstartsfasen"`',
            "*fase*",
        ),
        "start": (
            "its first day (the first day of what is written)",
            "*fra*",
        ),
        "end": (
            "its last day (the last day of what is written)",
            "*til*",
        ),
        "description": (
            "free text",
            "*beskrivelse*",
        ),
    },
    "Waiver": {
        "rule": (
            'a rule code or prefix: `"REV001"`, `"COV"`',
            "*regel*",
        ),
        "reason": (
            "why it was set aside",
            "*begrundelse*",
        ),
        "granted_by": (
            "the actor that granted it, usually the council",
            "*besluttet af*",
        ),
        "granted": (
            "when it was granted",
            "*besluttet*",
        ),
        "description": (
            "free text",
            "*beskrivelse*",
        ),
    },
}

#: The meaning of each key of each table, by language, then class, then key.
MEANINGS: dict[str, dict[str, dict[str, tuple[str, str]]]] = {"en": _ENGLISH}
