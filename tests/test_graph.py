from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest
from hypothesis import given
from tests._documents import AGREEMENT, load
from tests._hypothesis import scaled

import velfaerd
from velfaerd import graph
from velfaerd import strategies as vst

PLAN = """\
[[approval_processes]]
id = "p"
steps = [{ id = "indgaaet", name = "Indgået" }, { id = "godkendt", name = "Godkendt" }]

[[agreements]]
id = "plan"
title = "Implementeringsplan"
kind = "implementation_plan"
parties = ["forvaltningen"]
approval_process = "p"

[[agreements.milestones]]
id = "invitation"
title = "Invitation"
due = "primo januar 2013"

[[agreements.milestones]]
id = "temadag"
title = "Temadag"
due = "uge 8 2013"
depends_on = ["invitation"]

[[agreements.milestones]]
id = "aftaler"
title = "Lokale aftaler indgået"
kind = "approval"
step = "indgaaet"
due = "juni 2013"
depends_on = ["temadag"]

[[agreements.milestones]]
id = "godkendt"
title = "Aftaler godkendt"
kind = "approval"
step = "godkendt"
due = "ultimo juni 2013"
status = "met"

[[agreements.milestones]]
id = "evaluering"
title = "Evaluering"
due = "senest 1. december 2013"
depends_on = ["invitation"]
"""


@pytest.fixture
def portfolio() -> velfaerd.Portfolio:
    return velfaerd.loads(PLAN)


def test_milestone_graph_marks_process_edges(portfolio: velfaerd.Portfolio) -> None:
    agreement = portfolio.agreement("plan")
    g = graph.milestone_graph(agreement, portfolio)
    assert isinstance(g, nx.DiGraph)
    assert g.edges["invitation", "temadag"]["implied"] is False
    assert g.edges["aftaler", "godkendt"]["implied"] is True
    assert g.nodes["temadag"]["milestone"].title == "Temadag"
    assert not graph.milestone_graph(agreement).has_edge("aftaler", "godkendt")


def test_order_is_stable_and_respects_dependencies(portfolio: velfaerd.Portfolio) -> None:
    agreement = portfolio.agreement("plan")
    assert graph.order(agreement, portfolio) == [
        "invitation",
        "temadag",
        "aftaler",
        "godkendt",
        "evaluering",
    ]


def test_order_of_a_cycle_is_an_error() -> None:
    cyclic = velfaerd.loads(
        PLAN.replace(
            'id = "invitation"\ntitle', 'id = "invitation"\ndepends_on = ["temadag"]\ntitle'
        )
    )
    with pytest.raises(graph.GraphError, match="cycle"):
        graph.order(cyclic.agreement("plan"))


def test_prerequisites(portfolio: velfaerd.Portfolio) -> None:
    agreement = portfolio.agreement("plan")
    assert graph.prerequisites(agreement, "godkendt", portfolio) == [
        "invitation",
        "temadag",
        "aftaler",
    ]
    assert graph.prerequisites(agreement, "godkendt") == []
    with pytest.raises(KeyError):
        graph.prerequisites(agreement, "nothing")


def test_critical_path_spans_the_longest_time(portfolio: velfaerd.Portfolio) -> None:
    agreement = portfolio.agreement("plan")
    # invitation (1 Jan) → evaluering (by 1 Dec) spans longer than the approval chain.
    assert graph.critical_path(agreement, portfolio) == ["invitation", "evaluering"]


def test_late(portfolio: velfaerd.Portfolio) -> None:
    late = graph.late(portfolio, dt.date(2013, 7, 15))
    assert [m.id for _, m in late] == ["invitation", "temadag", "aftaler"]


def test_portfolio_and_actor_graphs(valid: velfaerd.Portfolio) -> None:
    g = graph.portfolio_graph(valid)
    assert g.has_edge(("auraskolen-2021", "plan"), ("auraskolen-2021", "start-klasser"))
    actors = graph.actor_graph(valid)
    assert actors.edges["bfu", "byraadet"]["relation"] == "part_of"
    assert actors.edges[("agreement", "auraskolen-2021"), "auraskolen"]["relation"] == "party"


def test_coverage(valid: velfaerd.Portfolio) -> None:
    matrix = graph.coverage_matrix(valid)
    assert matrix == {
        "auraskolen-2021": {
            "internationalt": ["erasmus"],
            "faellesskaber": ["erhvervsklasser"],
            "udsatte": ["inklusion"],
        }
    }
    g = graph.coverage_graph(valid)
    assert g.has_edge(
        ("commitment", "auraskolen-2021", "inklusion"), ("theme", "bu-politik", "udsatte")
    )


def test_reference_graph_and_budget_matrix() -> None:
    text = '[[policies]]\nid = "p"\nname = "P"\nthemes = [{ id = "t", name = "T" }]\n' + AGREEMENT
    text += 'policies = ["p"]\nbasis = [{ title = "P", ref = "p" }]\n'
    text += '[[agreements.commitments]]\nid = "c"\ntitle = "C"\nthemes = ["t"]\n'
    text += 'budget = [{ amount = 1000 }, { amount = "1 mio. kr." }]\n'
    portfolio = load(text)
    edges = list(graph.reference_graph(portfolio).edges(data="relation"))
    assert edges == [(("agreement", "aftale"), ("policy", "p"), "basis")]
    assert graph.budget_matrix(portfolio) == {"aftale": {"t": 1_001_000}}


@scaled(10)
@given(vst.portfolios())
def test_milestone_graphs_are_acyclic_and_order_respects_dependencies(
    portfolio: velfaerd.Portfolio,
) -> None:
    for agreement in portfolio.agreements:
        ordered = graph.order(agreement, portfolio)
        position = {m: i for i, m in enumerate(ordered)}
        assert sorted(ordered) == sorted(m.id for m in agreement.milestones)
        for milestone in agreement.milestones:
            for dependency in milestone.depends_on:
                assert position[dependency] < position[milestone.id]
