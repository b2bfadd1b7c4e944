"""REF002 on loops of ``part_of`` and ``after``: a finding naming the loop, never a hang.

Issue 14, item 23.
"""

from __future__ import annotations

from tests._documents import VALID

import velfaerd


def _loops(text: str) -> list[velfaerd.Finding]:
    report = velfaerd.check(velfaerd.loads(text))
    return [f for f in report.findings if f.code == "REF002" and f.variant == "loop"]


def test_no_loop_in_the_baseline() -> None:
    assert _loops(VALID) == []


def test_an_actor_part_of_itself() -> None:
    (finding,) = _loops(VALID.replace('part_of = "byraadet"', 'part_of = "bfu"', 1))
    assert finding.message == "part_of of actor 'bfu' goes round in a loop: bfu → bfu"
    assert finding.path.endswith(".part_of")


def test_two_actors_part_of_each_other() -> None:
    text = VALID.replace('kind = "council"', 'kind = "council"\npart_of = "bfu"', 1)
    (finding,) = _loops(text)
    assert finding.evidence["loop"] in (["byraadet", "bfu", "byraadet"], ["bfu", "byraadet", "bfu"])


def test_agreements_part_of_each_other() -> None:
    second = VALID[VALID.index("[[agreements]]") :].replace(
        'id = "auraskolen-2021"', 'id = "anden"\npart_of = "auraskolen-2021"', 1
    )
    text = (
        VALID.replace('id = "auraskolen-2021"', 'id = "auraskolen-2021"\npart_of = "anden"', 1)
        + "\n"
        + second.split("\n[[", 1)[0]
    )
    loops = _loops(text)
    assert len(loops) == 1
    assert loops[0].evidence["expected"] == "agreement"


def test_steps_after_each_other() -> None:
    text = VALID.replace(
        '{ id = "indgaaet", name = "Aftalen er indgået", actor_kind = "institution" }',
        '{ id = "indgaaet", name = "Aftalen er indgået", actor_kind = "institution", '
        'after = ["godkendt"] }',
        1,
    )
    (finding,) = _loops(text)
    assert finding.evidence["expected"] == "step"
    assert finding.evidence["loop"][0] == finding.evidence["loop"][-1]
