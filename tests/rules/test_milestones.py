"""The milestone rules MIL001–MIL005 against the baseline and small documents."""

from __future__ import annotations

import datetime as dt
import itertools
import sys
import textwrap

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._documents import AGREEMENT, load, milestone
from tests._hypothesis import scaled
from tests.rules._drawn import plans, same_without
from tests.rules._helpers import edit, line_of, only, run, waive

import velfaerd
from velfaerd.rules import get_rule, milestones
from velfaerd.rules.milestones import strongly_connected

MIL = velfaerd.Config(select=["MIL"])
PLAN_DUE = 'due = "primo juni 2021"'
KLASSER_DUE = 'due = "august 2021"'
PLAN_PHASE = 'due = "primo juni 2021"\nphase = "opstart"'


def plan(*milestones: velfaerd.Milestone) -> velfaerd.Portfolio:
    """A portfolio of one implementation plan with these milestones."""
    agreement = velfaerd.Agreement(
        id="plan",
        title="Implementeringsplan",
        kind="implementation_plan",
        parties=[],
        milestones=milestones,
    )
    return velfaerd.Portfolio(agreements=[agreement])


def chain(size: int, *, closed: bool = False) -> velfaerd.Portfolio:
    """``m0 ← m1 ← … ← m(size-1)``, each due a day after the one it depends on."""
    first = dt.date(2000, 1, 1)
    return plan(
        *(
            velfaerd.Milestone(
                id=f"m{i}",
                title=f"m{i}",
                due=velfaerd.DateWindow.exact(first + dt.timedelta(days=i)),
                depends_on=[f"m{i - 1}"] if i else ([f"m{size - 1}"] if closed else []),
            )
            for i in range(size)
        )
    )


# The baseline -------------------------------------------------------------------------


def test_the_baseline_gives_no_finding(valid: velfaerd.Portfolio) -> None:
    report = velfaerd.check(valid)
    assert report.findings == ()
    assert report.waived == ()


# MIL001 -------------------------------------------------------------------------------


def test_mil001_two_milestones_waiting_on_each_other(valid_text: str) -> None:
    text = edit(valid_text, PLAN_DUE, f'{PLAN_DUE}\ndepends_on = ["start-klasser"]')
    finding = only(run(text), "MIL001")
    assert finding.severity is velfaerd.Severity.ERROR
    assert finding.subject == "plan"
    assert finding.path == "agreements[0].milestones[3].depends_on"
    assert finding.line == line_of(text, 'depends_on = ["start-klasser"]')
    assert finding.evidence == {
        "cycle": ["plan", "start-klasser", "plan"],
        "milestones": ["plan", "start-klasser"],
    }
    assert finding.message == (
        "the milestones plan, start-klasser depend on each other in a cycle: "
        "plan, start-klasser, plan"
    )


def test_mil001_a_milestone_depending_on_itself(valid_text: str) -> None:
    text = edit(valid_text, 'depends_on = ["plan"]', 'depends_on = ["plan", "start-klasser"]')
    finding = only(run(text), "MIL001")
    assert (finding.subject, finding.variant) == ("start-klasser", "self")
    assert finding.evidence == {
        "cycle": ["start-klasser", "start-klasser"],
        "milestones": ["start-klasser"],
    }
    assert finding.message == "milestone 'start-klasser' depends on itself"


def test_mil001_one_finding_per_component_naming_one_cycle() -> None:
    def m(name: str, *deps: str) -> velfaerd.Milestone:
        return velfaerd.Milestone(id=name, title=name, depends_on=deps)

    portfolio = plan(
        m("a", "b", "a"),
        m("b", "c"),
        m("c", "a", "b"),
        m("x", "y", "ukendt"),
        m("y", "x"),
        m("z", "a"),
    )
    report = velfaerd.check(portfolio, MIL)
    assert [(f.subject, f.evidence["milestones"]) for f in report.findings] == [
        ("a", ["a", "b", "c"]),
        ("x", ["x", "y"]),
    ]
    assert report.findings[0].evidence["cycle"] == ["a", "b", "c", "a"]
    assert report.findings[0].path == "agreements[0].milestones[0].depends_on"
    assert report.findings[1].evidence["cycle"] == ["x", "y", "x"]


def test_mil001_names_the_cycle_from_its_smallest_id_at_the_first_milestone_listed() -> None:
    portfolio = plan(
        velfaerd.Milestone(id="zulu", title="z", depends_on=["alfa"]),
        velfaerd.Milestone(id="mike", title="m", depends_on=["zulu"]),
        velfaerd.Milestone(id="alfa", title="a", depends_on=["mike"]),
    )
    finding = only(velfaerd.check(portfolio, MIL), "MIL001")
    assert finding.subject == "alfa"
    assert finding.path == "agreements[0].milestones[0].depends_on"
    assert finding.evidence == {
        "cycle": ["alfa", "mike", "zulu", "alfa"],
        "milestones": ["alfa", "mike", "zulu"],
    }


def test_mil001_unknown_dependencies_and_other_agreements_are_ignored(valid_text: str) -> None:
    text = edit(valid_text, 'depends_on = ["plan"]', 'depends_on = ["plan", "ukendt"]')
    assert run(text, MIL).findings == ()


def test_mil001_can_be_waived(valid_text: str) -> None:
    text = edit(valid_text, PLAN_DUE, f'{PLAN_DUE}\ndepends_on = ["start-klasser"]')
    report = run(waive(text, "MIL001"))
    assert report.findings == ()
    assert [f.code for f in report.waived] == ["MIL001"]


def brute_force_components(graph: dict[str, list[str]]) -> list[set[str]]:
    nodes = list(graph)
    reach = {a: {a} | set(graph[a]) for a in nodes}
    for k, i in itertools.product(nodes, nodes):  # Warshall: k outermost
        if k in reach[i]:
            reach[i] |= reach[k]
    components: list[set[str]] = []
    for a in nodes:
        component = {b for b in nodes if b in reach[a] and a in reach[b]}
        if component not in components:
            components.append(component)
    return components


@st.composite
def digraphs(draw: st.DrawFn) -> dict[str, list[str]]:
    size = draw(st.integers(min_value=1, max_value=7))
    nodes = [f"n{i}" for i in range(size)]
    return {node: draw(st.lists(st.sampled_from(nodes), max_size=3, unique=True)) for node in nodes}


@scaled(100)
@given(graph=digraphs())
def test_mil001_one_finding_per_cyclic_component_of_random_digraphs(
    graph: dict[str, list[str]],
) -> None:
    components = brute_force_components(graph)
    assert sorted(map(sorted, strongly_connected(graph))) == sorted(map(sorted, components))
    cyclic = [c for c in components if len(c) > 1 or next(iter(c)) in graph[next(iter(c))]]
    portfolio = plan(*(velfaerd.Milestone(id=n, title=n, depends_on=d) for n, d in graph.items()))
    report = velfaerd.check(portfolio, MIL)
    assert sorted(f.evidence["milestones"] for f in report.findings) == sorted(
        sorted(c) for c in cyclic
    )
    for finding in report.findings:
        cycle = finding.evidence["cycle"]
        assert cycle[0] == cycle[-1] == finding.subject
        assert set(cycle) <= set(finding.evidence["milestones"])
        assert len(cycle) - 1 == len(set(cycle[:-1]))  # a simple cycle
        for source, target in itertools.pairwise(cycle):
            assert target in graph[source]
        assert finding.subject == min(finding.evidence["milestones"])
        first = min(finding.evidence["milestones"], key=list(graph).index)
        assert finding.path == f"agreements[0].milestones[{list(graph).index(first)}].depends_on"


def test_mil001_and_mil002_take_a_long_chain_without_recursion() -> None:
    size = 5 * sys.getrecursionlimit()  # 5,000: far deeper than a recursion could go
    assert velfaerd.check(chain(size), MIL).findings == ()
    report = velfaerd.check(chain(size, closed=True), MIL)
    (finding,) = report.findings
    assert finding.code == "MIL001"
    assert finding.subject == "m0"
    assert len(finding.evidence["cycle"]) == size + 1
    assert len(finding.evidence["milestones"]) == size


# MIL002 -------------------------------------------------------------------------------


def test_mil002_due_certainly_before_a_dependency(valid_text: str) -> None:
    text = edit(valid_text, KLASSER_DUE, 'due = "maj 2021"')
    finding = only(run(text), "MIL002")
    assert finding.severity is velfaerd.Severity.ERROR
    assert finding.subject == "start-klasser"
    assert finding.path == "agreements[0].milestones[4].depends_on"
    assert finding.line == line_of(text, 'depends_on = ["plan"]')
    assert finding.evidence == {
        "milestone": "start-klasser",
        "due": "maj 2021",
        "dependency": "plan",
        "dependency_due": "primo juni 2021",
    }
    assert finding.message == (
        "milestone 'start-klasser' is due maj 2021, before 'plan' (primo juni 2021) that it "
        "depends on"
    )


def test_mil002_overlapping_windows_are_a_possible_warning(valid_text: str) -> None:
    finding = only(run(edit(valid_text, KLASSER_DUE, 'due = "juni 2021"')), "MIL002")
    assert finding.severity is velfaerd.Severity.WARNING
    assert finding.evidence["certainty"] == "possible"
    assert finding.message == (
        "milestone 'start-klasser' (juni 2021) may come before 'plan' (primo juni 2021) that "
        "it depends on"
    )


def test_mil002_a_deadline_is_never_possibly_before(valid_text: str) -> None:
    assert run(edit(valid_text, KLASSER_DUE, 'due = "senest 30. juni 2021"')).findings == ()
    late = run(edit(valid_text, KLASSER_DUE, 'due = "senest 31. maj 2021"'))
    assert only(late, "MIL002").severity is velfaerd.Severity.ERROR


def test_mil002_skips_undated_unknown_and_cyclic_dependencies(valid_text: str) -> None:
    assert run(edit(valid_text, PLAN_DUE + "\n", "")).findings == ()
    unknown = edit(valid_text, 'depends_on = ["plan"]', 'depends_on = ["ukendt"]')
    assert run(unknown, MIL).findings == ()
    cycle = edit(valid_text, PLAN_DUE, f'{PLAN_DUE}\ndepends_on = ["start-klasser"]')
    assert run(edit(cycle, KLASSER_DUE, 'due = "maj 2021"'), MIL).codes() == {"MIL001"}


def test_mil002_an_edge_out_of_a_cycle_is_checked() -> None:
    day = velfaerd.DateWindow.exact
    portfolio = plan(
        velfaerd.Milestone(id="a", title="a", due=day(dt.date(2021, 5, 1)), depends_on=["b"]),
        velfaerd.Milestone(id="b", title="b", due=day(dt.date(2021, 5, 2)), depends_on=["a"]),
        velfaerd.Milestone(id="c", title="c", due=day(dt.date(2021, 4, 1)), depends_on=["a"]),
    )
    report = velfaerd.check(portfolio, MIL)
    assert [(f.code, f.subject) for f in report.findings] == [
        ("MIL001", "a"),
        ("MIL002", "c"),
    ]


def test_mil002_leaves_the_order_of_the_approval_process_to_apr001(valid_text: str) -> None:
    text = edit(valid_text, "due = 2021-03-08", 'due = 2021-02-19\ndepends_on = ["indgaaet"]')
    assert run(text).codes() == {"APR001"}
    # a dependency on a later step is not the process's order: MIL002's
    backwards = edit(valid_text, "due = 2021-03-01", 'due = 2021-03-01\ndepends_on = ["godkendt"]')
    finding = only(run(backwards), "MIL002")
    assert (finding.subject, finding.evidence["dependency"]) == ("indgaaet", "godkendt")


def test_mil002_checks_approvals_of_different_rounds() -> None:
    text = textwrap.dedent(
        """
        [[actors]]
        id = "skolen"
        name = "Skolen"
        kind = "institution"

        [[approval_processes]]
        id = "p"
        steps = [{ id = "a", name = "A" }, { id = "b", name = "B" }]

        [[agreements]]
        id = "plan"
        title = "Plan"
        kind = "implementation_plan"
        parties = ["skolen"]
        approval_process = "p"

        [[agreements.milestones]]
        id = "a1"
        title = "a1"
        kind = "approval"
        step = "a"
        round = "1"
        due = 2022-05-01

        [[agreements.milestones]]
        id = "b2"
        title = "b2"
        kind = "approval"
        step = "b"
        round = "2"
        due = 2022-04-01
        depends_on = ["a1"]
        """
    )
    report = run(text, velfaerd.Config(select=["MIL002", "APR001"]))
    assert [(f.code, f.subject) for f in report.findings] == [("MIL002", "b2")]


def test_mil002_compares_a_recurring_milestone_at_its_first_occurrence(valid_text: str) -> None:
    text = edit(valid_text, KLASSER_DUE, 'due = "maj 2021"\nevery = "1 year"')
    finding = only(run(text, MIL), "MIL002")
    assert finding.evidence["due"] == "maj 2021"


def test_mil002_can_be_waived(valid_text: str) -> None:
    report = run(waive(edit(valid_text, KLASSER_DUE, 'due = "maj 2021"'), "MIL002"))
    assert report.findings == ()
    assert [f.code for f in report.waived] == ["MIL002"]


@scaled(40)
@given(
    order=st.permutations(range(5)),
    days=st.lists(st.integers(min_value=1, max_value=12), min_size=5, max_size=5),
)
def test_mil001_and_mil002_do_not_depend_on_the_order_of_the_milestones(
    order: list[int], days: list[int]
) -> None:
    deps = {"a": ["b"], "b": ["c"], "c": ["a", "d"], "d": ["e"], "e": []}
    milestones = [
        velfaerd.Milestone(
            id=name,
            title=name,
            due=velfaerd.DateWindow(dt.date(2021, month, 1), dt.date(2021, month, 28)),
            depends_on=deps[name],
        )
        for name, month in zip(deps, days, strict=True)
    ]

    def seen(report: velfaerd.Report) -> set[tuple[str, str, str, str]]:
        return {(f.code, f.severity.value, f.subject, f.message) for f in report.findings}

    shuffled = plan(*(milestones[i] for i in order))
    assert seen(velfaerd.check(shuffled, MIL)) == seen(velfaerd.check(plan(*milestones), MIL))


def _every_dated_edge(_: velfaerd.Agreement, first: dict[str, velfaerd.Milestone]) -> object:
    """The full way: no graph taken for acyclic, every edge between dated milestones read."""
    edges = [
        (milestone, milestone.due, first[target])
        for milestone in first.values()
        if milestone.due is not None
        for target in dict.fromkeys(milestone.depends_on)
        if target in first and first[target].due is not None
    ]
    return milestones._Dependencies(backward=False, early=edges)


@scaled(100)
@given(portfolio=plans())
def test_mil001_and_mil002_find_in_full_what_they_find_with_the_fast_path(
    portfolio: velfaerd.Portfolio,
) -> None:
    # MIL001 builds no graph where every dependency (and anchor) names a milestone
    # before it, and MIL002 compares only the edges that may be early: with the graph
    # and every edge, each drawn agreement gives the same findings.
    same_without(
        portfolio,
        ["MIL001", "MIL002"],
        [(milestones, "_read_dependencies", _every_dated_edge)],
    )


# MIL003 -------------------------------------------------------------------------------


def test_mil003_an_activity_before_the_agreement(valid_text: str) -> None:
    text = edit(valid_text, PLAN_PHASE, 'due = "primo februar 2021"')
    finding = only(run(text), "MIL003")
    assert finding.severity is velfaerd.Severity.WARNING
    assert finding.subject == "plan"
    assert finding.path == "agreements[0].milestones[3].due"
    assert finding.line == line_of(text, 'due = "primo februar 2021"')
    assert (finding.variant, finding.evidence) == (
        "before",
        {
            "milestone": "plan",
            "due": "primo februar 2021",
            "start": "2021-03-15",
            "end": "2024-03-14",
        },
    )
    assert finding.message == (
        "milestone 'plan' is due primo februar 2021, before the agreement's span begins on "
        "15 March 2021"
    )


def test_mil003_an_activity_after_the_agreement(valid_text: str) -> None:
    extra = textwrap.dedent(
        """
        [[agreements.milestones]]
        id = "afslutning"
        title = "Afslutningskonference"
        kind = "conference"
        due = "maj 2024"
        """
    )
    finding = only(run(valid_text + extra), "MIL003")
    assert (finding.subject, finding.variant) == ("afslutning", "after")
    assert finding.message == (
        "milestone 'afslutning' is due maj 2024, after the agreement's span ends on 14 March 2024"
    )


@pytest.mark.parametrize(
    ("due", "kind"),
    [
        ('"marts 2021"', "activity"),  # only possibly before the span
        ('"marts 2024"', "activity"),  # only possibly after it
        ('"senest 1. april 2021"', "activity"),  # a deadline reaching into it
        ('"primo februar 2021"', "approval"),
        ('"primo februar 2021"', "review"),
    ],
)
def test_mil003_only_certain_violations_and_not_approvals_or_reviews(
    valid_text: str, due: str, kind: str
) -> None:
    text = edit(valid_text, f'kind = "delivery"\n{PLAN_PHASE}', f'kind = "{kind}"\ndue = {due}')
    assert "MIL003" not in run(text, MIL).codes()


def test_mil003_the_span_begins_when_entered_not_at_the_start(
    valid: velfaerd.Portfolio,
) -> None:
    (agreement,) = valid.agreements
    window = velfaerd.parse_window
    later = attrs.evolve(agreement, entered=window("1. maj 2021"), start=dt.date(2021, 3, 15))
    report = velfaerd.check(attrs.evolve(valid, agreements=[later]), MIL)
    assert [(f.subject, f.evidence["start"]) for f in report.findings] == []
    early = [
        attrs.evolve(m, due=window("april 2021")) if m.id == "plan" else m for m in later.milestones
    ]
    report = velfaerd.check(
        attrs.evolve(valid, agreements=[attrs.evolve(later, milestones=early)]), MIL
    )
    assert [(f.subject, f.evidence["start"]) for f in report.findings] == [("plan", "2021-05-01")]
    deadline = attrs.evolve(later, entered=window("senest 1. maj 2021"), milestones=early)
    report = velfaerd.check(attrs.evolve(valid, agreements=[deadline]), MIL)
    assert [(f.subject, f.evidence["start"]) for f in report.findings] == [("plan", "2021-05-01")]


def test_mil003_an_open_span_and_the_first_occurrence_of_a_recurring_milestone() -> None:
    window = velfaerd.parse_window
    open_ended = velfaerd.Agreement(
        id="a",
        title="a",
        kind="programme",
        parties=[],
        start=dt.date(2021, 1, 1),
        milestones=[
            velfaerd.Milestone(id="m", title="m", due=window("2030")),
            velfaerd.Milestone(
                id="r", title="r", due=window("2020"), every=velfaerd.Period(1, "years")
            ),
        ],
    )
    report = velfaerd.check(velfaerd.Portfolio(agreements=[open_ended]), MIL)
    assert [(f.subject, f.variant, f.evidence["end"]) for f in report.findings] == [
        ("r", "before", None)
    ]


def test_mil003_can_be_waived(valid_text: str) -> None:
    report = run(waive(edit(valid_text, PLAN_PHASE, 'due = "primo februar 2021"'), "MIL003"))
    assert report.findings == ()
    assert [f.code for f in report.waived] == ["MIL003"]


# MIL004 -------------------------------------------------------------------------------


def test_mil004_a_milestone_outside_its_phase(valid_text: str) -> None:
    text = edit(valid_text, KLASSER_DUE, 'due = "februar 2022"')
    finding = only(run(text), "MIL004")
    assert finding.severity is velfaerd.Severity.WARNING
    assert (finding.subject, finding.variant) == ("start-klasser", "outside")
    assert finding.path == "agreements[0].milestones[4].due"
    assert finding.line == line_of(text, 'due = "februar 2022"')
    assert finding.evidence == {
        "milestone": "start-klasser",
        "due": "februar 2022",
        "phase": "opstart",
        "start": "2021-03-15",
        "end": "2021-12-31",
    }
    assert finding.message == (
        "milestone 'start-klasser' is due februar 2022, outside its phase 'opstart' "
        "(15 March 2021 to 31 December 2021)"
    )


@pytest.mark.parametrize("due", ['"vinteren 2021"', '"senest 1. februar 2022"', '"marts 2021"'])
def test_mil004_only_certainly_outside(valid_text: str, due: str) -> None:
    assert "MIL004" not in run(edit(valid_text, KLASSER_DUE, f"due = {due}"), MIL).codes()


def test_mil004_phases_that_overlap(valid_text: str) -> None:
    text = edit(valid_text, "start = 2022-01-01", "start = 2021-12-31")
    finding = only(run(text), "MIL004")
    assert (finding.subject, finding.variant) == ("drift", "overlap")
    assert finding.path == "agreements[0].phases[1].start"
    assert finding.line == line_of(text, "start = 2021-12-31")
    assert finding.evidence == {
        "phase": "drift",
        "start": "2021-12-31",
        "previous": "opstart",
        "previous_end": "2021-12-31",
    }
    assert finding.message == (
        "phase 'drift' starts 31 December 2021, on or before the end of the earlier phase "
        "'opstart' (31 December 2021)"
    )


def test_mil004_a_reversed_phase(valid_text: str) -> None:
    text = edit(valid_text, "end = 2024-03-14", "end = 2021-06-30")
    finding = only(run(text), "MIL004")
    assert (finding.subject, finding.variant) == ("drift", "reversed")
    assert finding.path == "agreements[0].phases[1].end"
    assert finding.message == "phase 'drift' ends 30 June 2021, before it starts 1 January 2022"


def test_mil004_open_bounds_and_unknown_phases(valid: velfaerd.Portfolio) -> None:
    (agreement,) = valid.agreements
    opstart, drift = agreement.phases
    phases = [attrs.evolve(opstart, end=None), attrs.evolve(drift, start=None)]
    report = velfaerd.check(
        attrs.evolve(valid, agreements=[attrs.evolve(agreement, phases=phases)]), MIL
    )
    assert report.findings == ()
    milestones = [
        attrs.evolve(m, phase="ukendt") if m.id == "plan" else m for m in agreement.milestones
    ]
    report = velfaerd.check(
        attrs.evolve(valid, agreements=[attrs.evolve(agreement, milestones=milestones)]), MIL
    )
    assert report.findings == ()


def test_mil004_compares_with_the_nearest_earlier_phase_with_an_end() -> None:
    day = dt.date
    agreement = velfaerd.Agreement(
        id="a",
        title="a",
        kind="implementation_plan",
        parties=[],
        phases=[
            velfaerd.Phase(id="p1", name="1", start=day(2021, 1, 1), end=day(2021, 6, 30)),
            velfaerd.Phase(id="p2", name="2"),
            velfaerd.Phase(id="p3", name="3", start=day(2021, 6, 1)),
        ],
    )
    report = velfaerd.check(velfaerd.Portfolio(agreements=[agreement]), MIL)
    assert [(f.subject, f.evidence["previous"]) for f in report.findings] == [("p3", "p1")]
    assert report.findings[0].path == "agreements[0].phases[2].start"


def test_mil004_can_be_waived(valid_text: str) -> None:
    report = run(waive(edit(valid_text, "start = 2022-01-01", "start = 2021-12-01"), "MIL004"))
    assert report.findings == ()
    assert [f.code for f in report.waived] == ["MIL004"]


# MIL005 -------------------------------------------------------------------------------

AUGUST = dt.date(2021, 8, 15)


def test_mil005_does_not_run_without_as_of(valid_text: str) -> None:
    report = run(valid_text)
    status = report.status("MIL005")
    assert status is not None
    assert (status.ran, status.reason) == (False, "needs an as-of date (as_of)")
    assert run(valid_text, as_of=AUGUST).status("MIL005") == velfaerd.report.RuleStatus(
        code="MIL005", ran=True
    )


def test_mil005_a_milestone_past_due_and_not_met(valid_text: str) -> None:
    finding = only(run(valid_text, as_of=AUGUST), "MIL005")
    assert finding.severity is velfaerd.Severity.WARNING
    assert finding.subject == "plan"
    assert finding.path == "agreements[0].milestones[3].due"
    assert finding.line == line_of(valid_text, PLAN_DUE)
    assert finding.evidence == {
        "milestone": "plan",
        "due": "primo juni 2021",
        "status": "planned",
        "as_of": "2021-08-15",
    }
    assert finding.message == (
        "milestone 'plan' was due primo juni 2021 and is still planned on 15 August 2021"
    )


@pytest.mark.parametrize(
    ("status", "fires"),
    [("met", False), ("cancelled", False), ("not_met", True), ("partially_met", True)],
)
def test_mil005_met_and_cancelled_milestones_are_not_overdue(
    valid_text: str, status: str, fires: bool
) -> None:
    text = edit(valid_text, PLAN_PHASE, f'{PLAN_PHASE}\nstatus = "{status}"')
    assert ("MIL005" in run(text, MIL, as_of=AUGUST).codes()) is fires


def test_mil005_only_certainly_past(valid_text: str) -> None:
    # august 2021 is not certainly past on 31 August, and is on 1 September
    report = run(valid_text, MIL, as_of=dt.date(2021, 8, 31))
    assert [f.subject for f in report.findings] == ["plan"]
    report = run(valid_text, MIL, as_of=dt.date(2021, 9, 1))
    assert [f.subject for f in report.findings] == ["plan", "start-klasser"]
    deadline = edit(valid_text, PLAN_DUE, 'due = "senest 1. juni 2021"')
    assert [f.subject for f in run(deadline, MIL, as_of=dt.date(2021, 6, 2)).findings] == ["plan"]
    assert run(deadline, MIL, as_of=dt.date(2021, 6, 1)).findings == ()


def test_mil005_skips_recurring_and_undated_milestones(valid_text: str) -> None:
    report = run(valid_text, MIL, as_of=dt.date(2030, 1, 1))
    assert [f.subject for f in report.findings] == ["plan", "start-klasser"]
    recurring = edit(valid_text, PLAN_DUE, f'{PLAN_DUE}\nevery = "3 months"')
    undated = edit(recurring, KLASSER_DUE + "\n", "")
    assert run(undated, MIL, as_of=dt.date(2030, 1, 1)).findings == ()


def test_mil005_can_be_waived(valid_text: str) -> None:
    report = run(waive(valid_text, "MIL005"), as_of=AUGUST)
    assert report.findings == ()
    assert [f.code for f in report.waived] == ["MIL005"]


# The examples -------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["MIL001", "MIL002", "MIL003", "MIL004", "MIL005"])
def test_the_examples_give_exactly_the_code_among_its_family(code: str) -> None:
    rule = get_rule(code)
    as_of = dt.date(2024, 6, 1) if rule.needs_as_of else None
    assert run(rule.failing, MIL, as_of=as_of).codes() == {code}
    assert run(rule.fixed, MIL, as_of=as_of).findings == ()


def test_anchors_in_a_loop_are_mil001() -> None:
    text = AGREEMENT + "start = 2013-02-01\n"
    text += milestone("a", '"1 måned efter b"') + milestone("b", '"1 måned efter a"')
    portfolio = load(text)
    assert [m.due for m in portfolio.agreements[0].milestones] == [None, None]
    (finding,) = velfaerd.check(portfolio).findings
    assert (finding.code, finding.path) == ("MIL001", "agreements[0].milestones[0].due")
    assert finding.evidence["cycle"] == ["a", "b", "a"]


def test_an_anchor_and_a_dependency_make_one_loop() -> None:
    text = AGREEMENT + "start = 2013-02-01\n"
    text += milestone("a", '"1 måned efter b"') + milestone("b", "2013-06-01", 'depends_on = ["a"]')
    report = velfaerd.check(load(text), config=velfaerd.Config(select=["MIL001"]))
    (finding,) = report.findings
    assert finding.evidence["cycle"] == ["a", "b", "a"]


def test_in_progress_past_due_is_still_overdue() -> None:
    portfolio = load(AGREEMENT + milestone("m", "2013-06-01", 'status = "in_progress"'))
    report = velfaerd.check(portfolio, as_of=dt.date(2014, 1, 1))
    assert "MIL005" in report.codes()
