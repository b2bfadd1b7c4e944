"""REF002 on loops of ``part_of`` and ``after``: a finding naming the loop, never a hang.

Issue 14, item 23.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from tests._documents import VALID
from tests._hypothesis import scaled

import velfaerd
from velfaerd.rules._graphs import cycles
from velfaerd.rules._resolution import _no_loop


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


#: Graphs of up to six nodes, each with at most two successors among them.
_GRAPHS = st.integers(1, 6).flatmap(
    lambda size: st.lists(
        st.lists(st.integers(0, size - 1).map(str), max_size=2), min_size=size, max_size=size
    ).map(lambda rows: {str(node): row for node, row in enumerate(rows)})
)


@scaled(60)
@given(_GRAPHS)
def test_a_graph_said_to_have_no_loop_has_none(graph: dict[str, list[str]]) -> None:
    # REF002 reads part_of without Tarjan's algorithm when a chain of it has no loop;
    # where a node has two successors it cannot say, and the algorithm reads it.
    if _no_loop(graph):
        assert cycles(graph) == []
    elif all(len(successors) <= 1 for successors in graph.values()):
        assert cycles(graph) != []


def test_chains_a_loop_and_a_fork() -> None:
    assert _no_loop({"a": ["b"], "b": ["c"], "c": [], "d": ["b"]})
    assert not _no_loop({"a": ["b"], "b": ["c"], "c": ["a"]})
    assert not _no_loop({"a": ["a"]})
    assert not _no_loop({"a": ["b", "c"], "b": [], "c": []})  # two: left to Tarjan
