"""Realistic generated portfolios for the benchmarks, written as TOML text.

A portfolio is one shared file (the municipality, its council, committee and
administration, a policy with themes, principles and an approval process) and one
agreement per school: a cooperation agreement between the council and the school with
its focus areas, commitments, phases, waivers and :data:`PER_AGREEMENT` milestones —
approvals in the order of the approval process, a yearly review, meetings, activities
with dependency chains, and dates written the way the real documents write them
(``"primo juni 2013"``, ``"uge 8 2014"``, ``"15. marts 2014"``, TOML dates).
The result is valid, so the checks find little, like a well-kept portfolio; with
``findings`` (a percentage of the milestones) it is a first run over a municipality's
old documents: that share of the milestones carries one finding each, taking turns
at a meeting held on a Saturday (``CAL001``), a dependency on a milestone that does
not exist (``REF002``) and a date after the agreement's term (``MIL003``; and
``MIL004`` for the next milestone, which depends on it and is due before it).

Nothing is random: the same size gives the same text.

    from portfolio import files, one_file
    text = one_file(50_000)          # one file of 2,500 agreements
    text = one_file(50_000, findings=5)  # 2,500 of its milestones with a finding
    for name, text in files(50_000): # the shared file, then one file per agreement
        ...
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

import holidays

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["PER_AGREEMENT", "agreement_text", "files", "one_file", "shared_text"]

#: Milestones per agreement: 50,000 milestones are 2,500 agreements.
PER_AGREEMENT = 20

_MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)
_PARTS = ("primo", "medio", "ultimo")
_THEMES = (
    ("laering", "Læring og trivsel"),
    ("inklusion", "Inklusion og fællesskab"),
    ("sundhed", "Sundhed og bevægelse"),
    ("foraeldre", "Forældresamarbejde"),
)


def shared_text() -> str:
    """The shared file: municipality, council, committee, policy, principles, process."""
    themes = "".join(
        f'\n[[policies.themes]]\nid = "{theme_id}"\nname = "{name}"\n' for theme_id, name in _THEMES
    )
    return f"""# Fælles: kommunen, byrådet, udvalget, børne- og ungepolitikken, godkendelsesgangen.
format = 1

[municipality]
name = "Genereret Kommune"
code = 999

[[actors]]
id = "byraadet"
name = "Byrådet"
kind = "council"

[[actors]]
id = "bfu"
name = "Børne- og Familieudvalget"
kind = "committee"
part_of = "byraadet"
aliases = ["BFU"]

[[actors]]
id = "forvaltningen"
name = "Børn og Kultur"
kind = "administration"

[[policies]]
id = "boerne-og-ungepolitik"
name = "Børne- og Ungepolitik 2013-2016"
adopted = "primo 2013"
adopted_by = "byraadet"
{themes}
[[principles]]
id = "tillid"
text = "Tillid frem for kontrol"
group = "ledelse"

[[principles]]
id = "dialog"
text = "Dialog og samskabelse"
group = "ledelse"

[[approval_processes]]
id = "samarbejdsaftale"
description = "Skolebestyrelsen, skolelederen, forvaltningen og udvalget godkender i den orden."

[[approval_processes.steps]]
id = "bestyrelse"
name = "Skolebestyrelsen godkender"
actor_kind = "board"

[[approval_processes.steps]]
id = "leder"
name = "Skolelederen underskriver"
actor_kind = "manager"

[[approval_processes.steps]]
id = "udvalg"
name = "Udvalget godkender"
actors = ["bfu"]
"""


def _working_day(year: int, month: int, day: int = 14) -> dt.date:
    """``day`` of ``month`` (0-11), or the first working day after it.

    Meetings are held on working days: not on a Saturday, a Sunday or a Danish public
    holiday (``CAL001``).
    """
    found = dt.date(year, month + 1, day)
    while found.weekday() >= 5 or found in _holidays(year):
        found += dt.timedelta(days=1)
    return found


@functools.cache
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("DK", years=year)


def _window(year: int, month: int, form: int) -> str:
    """A date in ``month`` (0-11) as the documents write it; ``form`` chooses how."""
    form %= 5
    if form == 0:
        return f'"{_PARTS[month % 3]} {_MONTHS[month]} {year}"'
    if form == 1:
        return f'"uge {2 + month * 87 // 20} {year}"'
    if form == 2:
        return f'"{_working_day(year, month).day}. {_MONTHS[month]} {year}"'
    if form == 3:
        return _working_day(year, month).isoformat()
    return f'"{_MONTHS[month]} {year}"'


def _saturday(year: int, month: int) -> dt.date:
    """The first Saturday from the 14th of ``month`` (0-11): no day for a meeting."""
    found = dt.date(year, month + 1, 14)
    return found + dt.timedelta(days=(5 - found.weekday()) % 7)


def _carries(number: int, index: int, findings: float) -> bool:
    """Whether milestone ``index`` of the loop of agreement ``number`` gets a finding.

    Spread evenly: ``findings`` percent of all milestones (the loop writes
    ``PER_AGREEMENT - 4`` of each agreement's milestones).
    """
    share = findings / 100 * PER_AGREEMENT / (PER_AGREEMENT - 4)
    made = number * (PER_AGREEMENT - 4) + index
    return int((made + 1) * share) > int(made * share)


def agreement_text(number: int, milestones: int = PER_AGREEMENT, findings: float = 0) -> str:
    """One school's actors and its cooperation agreement with ``milestones`` milestones.

    ``findings``: the percentage of milestones that carry a finding (see above).
    """
    school = f"skole-{number:05d}"
    year = 2013 + number % 6
    parts = [
        f"""
# Samarbejdsaftale nr. {number}: byrådet og {school}.
[[actors]]
id = "{school}"
name = "Skole {number}"
kind = "institution"

[[actors]]
id = "{school}-bestyrelse"
name = "Skolebestyrelsen ved skole {number}"
kind = "board"
part_of = "{school}"

[[actors]]
id = "{school}-leder"
name = "Skoleleder ved skole {number}"
kind = "manager"
part_of = "{school}"

[[agreements]]
id = "aftale-{number:05d}"
title = "Samarbejdsaftale mellem Byrådet og skole {number}"
kind = "cooperation"
parties = ["byraadet", "{school}"]
entered = "{year - 1}-12-15"
start = "januar {year}"
duration = "3 years"
policies = ["boerne-og-ungepolitik"]
covers = ["laering", "inklusion", "sundhed", "foraeldre"]
principles = ["tillid"]
approval_process = "samarbejdsaftale"
purpose = "At styrke læring og trivsel for alle børn ved skole {number}."
follow_up = "Forvaltningen følger op på aftalen i udvalget hvert år."

[[agreements.commitments]]
id = "laesning"
title = "Flere elever læser sikkert"
themes = ["laering"]
owner = "{school}-leder"
goals = ["80 % af eleverne læser sikkert i 2. klasse", "Ingen elever under 20 %"]

[[agreements.commitments]]
id = "faellesskab"
title = "Alle børn er en del af fællesskabet"
themes = ["inklusion", "foraeldre"]
owner = "{school}-leder"
goals = ["Fraværet falder", "Forældrene oplever sig inddraget"]

[[agreements.commitments]]
id = "bevaegelse"
title = "45 minutters bevægelse om dagen"
themes = ["sundhed"]
owner = "{school}"
goals = ["Alle klasser har bevægelse hver dag"]

[[agreements.phases]]
id = "opstart"
name = "Opstart"
start = "januar {year}"
end = "juli {year}"

[[agreements.phases]]
id = "drift"
name = "Drift"
start = "august {year}"
end = "december {year + 2}"

[[agreements.waivers]]
rule = "COV003"
reason = "Byrådet har frisat skolen fra at nævne principperne i hver indsats."
granted_by = "byraadet"
granted = "{year - 1}-11-20"

[[agreements.milestones]]
id = "bestyrelse"
title = "Skolebestyrelsen godkender aftalen"
kind = "approval"
step = "bestyrelse"
approver = "{school}-bestyrelse"
due = "{_working_day(year - 1, 10, 20)}"
status = "met"

[[agreements.milestones]]
id = "leder"
title = "Skolelederen underskriver"
kind = "approval"
step = "leder"
approver = "{school}-leder"
due = "{_working_day(year - 1, 11, 1)}"
status = "met"

[[agreements.milestones]]
id = "udvalg"
title = "Udvalget godkender aftalen"
kind = "approval"
step = "udvalg"
approver = "bfu"
due = "{_working_day(year - 1, 11, 8)}"
status = "met"

[[agreements.milestones]]
id = "opfoelgning"
title = "Årlig opfølgning i udvalget"
kind = "review"
due = "ultimo november {year}"
every = "1 year"
responsible = "forvaltningen"
participants = ["bfu", "{school}-leder"]
"""
    ]
    for index in range(max(0, milestones - 4)):
        # Every other month from the start, on the 14th or so: in order, so that
        # dependencies hold, and inside the three-year term.
        offset = 1 + index * 2
        due_year, month = year + offset // 12, offset % 12
        depends = f'\ndepends_on = ["m{index - 1:02d}"]' if index else ""
        phase = "opstart" if offset < 6 else "drift"  # before July
        # Defaults are left out, as people write them: activities, not tentative.
        kind = '\nkind = "meeting"' if index % 4 == 0 else ""
        tentative = "\ntentative = true" if index % 9 == 0 else ""
        due = _window(due_year, month, number + index)
        if findings and _carries(number, index, findings):
            turn = (number + index) % 3
            if turn == 0:  # a meeting on a Saturday: CAL001
                kind, due = '\nkind = "meeting"', _saturday(due_year, month).isoformat()
            elif turn == 1:  # a dependency that does not exist: REF002
                depends = f'\ndepends_on = ["m{index - 1:02d}", "ukendt-{index}"]'
            else:  # after the term (three years): MIL003, MIL004
                due = f'"{_MONTHS[month]} {year + 4}"'
        parts.append(
            f"""
[[agreements.milestones]]
id = "m{index:02d}"
title = "Aktivitet {index}: {_THEMES[index % 4][1].lower()}"{kind}
due = {due}{depends}
phase = "{phase}"
responsible = "{school}-leder"
commitments = ["{("laesning", "faellesskab", "bevaegelse")[index % 3]}"]{tentative}
"""
        )
    return "".join(parts)


def _agreements(milestones: int) -> int:
    return max(1, milestones // PER_AGREEMENT)


def one_file(milestones: int, findings: float = 0) -> str:
    """The whole portfolio of about ``milestones`` milestones as one file's text.

    ``findings``: the percentage of milestones that carry a finding.
    """
    return shared_text() + "".join(
        agreement_text(number, findings=findings) for number in range(_agreements(milestones))
    )


def files(milestones: int, findings: float = 0) -> Iterator[tuple[str, str]]:
    """``(file name, text)``: the shared file, then one file per agreement."""
    yield "faelles.toml", shared_text()
    for number in range(_agreements(milestones)):
        text = agreement_text(number, findings=findings)
        yield f"aftale-{number:05d}.toml", "format = 1\n" + text
