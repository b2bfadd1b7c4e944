"""The Danish content the strategies draw from: names, texts, ids and the approval process.

Councils, schools and daycares, themes from real children-and-youth policies, goals,
follow-ups and activities, *æøå* included; the ids of the actors every drawn
municipality has; and the one approval process (``lokal-godkendelse``) its agreements
follow, with who approves each step. Everything here is a constant (or builds one):
nothing is drawn.
"""

from __future__ import annotations

import datetime as dt

from velfaerd.dates import DateWindow
from velfaerd.model import (
    ActorKind,
    AgreementKind,
    ApprovalProcess,
    Basis,
    BasisKind,
    Step,
)

__all__ = [
    "ACTIVITIES",
    "ADMINISTRATION",
    "AGREEMENT_KINDS",
    "APPROVERS",
    "BUDGET_TEXTS",
    "COMMITMENTS",
    "COMMITTEE",
    "COUNCIL",
    "FOLLOW_UPS",
    "GOALS",
    "INDICATORS",
    "INSTITUTIONS",
    "LAWS",
    "MANAGER",
    "MINUTES",
    "MUNICIPALITIES",
    "OCCURRENCE_NOTES",
    "POLICIES",
    "PRINCIPLES",
    "PROCESS",
    "THEMES",
    "TITLES",
    "VERSIONS",
    "approval_process",
    "slug",
]

MUNICIPALITIES = (
    ("Esbjerg Kommune", 561),
    ("Københavns Kommune", 101),
    ("Varde Kommune", 573),
    ("Aarhus Kommune", 751),
    ("Skanderborg Kommune", 746),
    ("Ærø Kommune", 492),
    ("Frederiksberg Kommune", 147),
    ("Næstved Kommune", 370),
)
INSTITUTIONS = (
    "Auraskolen",
    "Nørrebro Park Skole",
    "Skovvangskolen",
    "Børnehuset Mælkebøtten",
    "Vuggestuen Solsikken",
    "Fritidsklubben Ørnen",
    "Sønderrisskolen",
    "Hjerting Skole",
    "Daginstitutionen Æblehaven",
    "Ungdomsskolen",
    "Læringscenter Øst",
    "Bryndum Skole",
)
THEMES = (
    "Sunde og udviklende fællesskaber",
    "Børn og unge i udsatte positioner",
    "Læring og dannelse",
    "Trivsel og sundhed",
    "Tidlig indsats",
    "Forældresamarbejde",
    "Sammenhængende overgange",
    "Digital dannelse",
    "Bevægelse og læring",
    "Sprog og læsning",
    "Inkluderende læringsmiljøer",
    "Internationalt udsyn",
)
POLICIES = (
    "Børn- og Ungepolitikken",
    "Sammenhængende børnepolitik",
    "Dagtilbudspolitikken",
    "Skolepolitikken",
    "Mål for forpligtende samarbejde",
)
COMMITMENTS = (
    "At oprette erhvervsklasser på en udskolingsårgang",
    "Målrettede inkluderende læringsmiljøer",
    "Fælles læringsdage for ledere og ressourcepersoner",
    "Sparringsgrupper på tværs af distrikter",
    "Styrket overgang fra dagtilbud til skole",
    "Trivselsmålinger og dialog med forældre",
    "Sprogindsats i dagtilbuddene",
    "Bevægelse i undervisningen hver dag",
)
GOALS = (
    "Alle elever oplever at høre til i et fællesskab.",
    "Færre børn i segregerede tilbud.",
    "Flere elever vælger en erhvervsuddannelse.",
    "Forældrene oplever et godt samarbejde.",
    "Alle børn er sprogligt parate ved skolestart.",
    "Trivslen stiger i den nationale trivselsmåling.",
)
FOLLOW_UPS = (
    "Årligt opfølgningsmøde med Børn & Familieudvalget.",
    "Status i kvalitetsrapporten.",
    "Drøftes på skolebestyrelsesmøde hvert halve år.",
    "Trivselsmåling hvert år.",
)
ACTIVITIES = (
    "Temadag for ledere",
    "Workshop om læringsmiljøer",
    "Læringssamtale",
    "Netværksmøde",
    "Handleplan udarbejdes",
    "Konference om stærkere læringsfællesskaber",
    "Evaluering af indsatsen",
    "Forældremøde",
    "Kompetenceudvikling af medarbejdere",
    "Kick-off for projektet",
)
PRINCIPLES = (
    "Ledelse der søger og finder prototyper.",
    "Ledelse med tydelig retning og høj faglighed.",
    "Ledelse der samarbejder på tværs.",
    "Ledelse der inddrager børn og forældre.",
)
#: The kinds an agreement is drawn of, and each kind's title for an institution.
AGREEMENT_KINDS = (
    AgreementKind.COOPERATION,
    AgreementKind.DEVELOPMENT,
    AgreementKind.WELFARE,
    AgreementKind.PARTNERSHIP,
    AgreementKind.CONTRACT,
    AgreementKind.PROGRAMME,
    AgreementKind.IMPLEMENTATION_PLAN,
)
TITLES = {
    AgreementKind.COOPERATION: "Samarbejdsaftale mellem Byrådet og {}",
    AgreementKind.DEVELOPMENT: "Udviklingsaftale for {}",
    AgreementKind.WELFARE: "Velfærdsaftale med {}",
    AgreementKind.PARTNERSHIP: "Partnerskab om gode læringsmiljøer med {}",
    AgreementKind.CONTRACT: "Kontrakt med {}",
    AgreementKind.PROGRAMME: "Stærkere læringsfællesskaber på {}",
    AgreementKind.IMPLEMENTATION_PLAN: "Implementeringsplan for {}",
}


# The ids of the actors every drawn municipality has, and of its approval process.
COUNCIL = "byraadet"
COMMITTEE = "bfu"
ADMINISTRATION = "forvaltningen"
MANAGER = "omraadechef"
PROCESS = "lokal-godkendelse"


def slug(text: str) -> str:
    """An id made of a name: lower case, letters and digits, words joined by ``-``."""
    keep = [c if c.isalnum() else "-" for c in text.lower()]
    return "-".join(part for part in "".join(keep).split("-") if part)


#: Laws, decisions and strategies real documents rest on.
LAWS = (
    Basis(title="Lov om Ungdomsskoler", kind=BasisKind.LAW),
    Basis(
        title="Folkeskoleloven",
        kind=BasisKind.LAW,
        url="https://www.retsinformation.dk/eli/lta/2022/1396",
    ),
    Basis(
        title="Kommuneaftalen for 2011",
        kind=BasisKind.AGREEMENT,
        date=DateWindow(dt.date(2010, 6, 1), dt.date(2010, 6, 30)),
    ),
    Basis(title="Socialstyrelsens centrale udmeldinger", kind=BasisKind.STRATEGY),
    Basis(
        title="Byrådets beslutning om aftalestyring",
        kind=BasisKind.DECISION,
        description="Besluttet på byrådsmødet.",
    ),
)
BUDGET_TEXTS = (
    None,
    "hvoraf to af disse tilgår almensystemet",
    "til kompetenceudvikling",
)
VERSIONS = ("revideret marts 2014", "udkast", "version 2", "2. udgave")


def approval_process() -> ApprovalProcess:
    """The approval process every drawn agreement with approvals follows: three steps."""
    return ApprovalProcess(
        id=PROCESS,
        steps=(
            Step(id="indgaaet", name="Aftalen er indgået", actor_kind=ActorKind.INSTITUTION),
            Step(id="bestyrelse", name="Drøftet med bestyrelsen", actor_kind=ActorKind.BOARD),
            Step(id="godkendt", name="Godkendt af områdechef", actors=(MANAGER,)),
        ),
    )


#: Who approves each step of :func:`approval_process`, for the institution ``inst``.
APPROVERS = {"indgaaet": "{inst}", "bestyrelse": "{inst}-bestyrelse", "godkendt": MANAGER}

#: Indicators as real agreements measure them: name, unit, which way is better, the
#: baseline, and the target (reached by the measurement the strategies draw).
INDICATORS = (
    ("Gennemsnitlig trivsel i udskolingen", "point", "higher", 3.8, 4.0),
    ("Elevfravær", "%", "lower", 6.5, 5.0),
    ("Andel elever med mindst 02 i dansk og matematik", "%", "higher", 88, 92),
    ("Børn i dagtilbud med en sprogvurdering", "antal", "higher", 120, 150),
    ("Ventetid på PPR-udredning", "uger", "lower", 14, 10),
)

#: What a secretariat writes beside a recorded review.
OCCURRENCE_NOTES = (
    "Drøftet på udvalgsmødet; ingen bemærkninger.",
    "Status på indsatserne godkendt.",
    "Skolebestyrelsen deltog.",
)

#: References to minutes: a URL, or a journal number.
MINUTES = (
    "https://dagsordener.kommune.dk/bfu/referat",
    "j.nr. 17.01.00-A00-1-21",
)
