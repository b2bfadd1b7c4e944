"""The approval rules APR001–APR004 against the baseline and small documents."""

from __future__ import annotations

import textwrap

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._documents import reversed_chain
from tests._hypothesis import scaled
from tests.rules._drawn import plans, same_without
from tests.rules._helpers import PROCESS_ID, edit, line_of, only, run, waive

import velfaerd
from velfaerd.model import MilestoneKind
from velfaerd.rules import approvals, get_rule
from velfaerd.rules.approvals import MAX_PER_APPROVAL, earlier_steps

APR = velfaerd.Config(select=["APR"])

GODKENDT_DUE = 'due = "uge 10 2021"'
BESTYRELSE_DUE = "due = 2021-03-08"
INDGAAET_DUE = "due = 2021-03-01"
GODKENDT_BLOCK = """[[agreements.milestones]]
id = "godkendt"
title = "Godkendt af områdechef"
kind = "approval"
due = "uge 10 2021"
step = "godkendt"
approver = "omraadechef"
status = "met"
"""


DOC = """
[[actors]]
id = "skolen"
name = "Skolen"
kind = "institution"

[[actors]]
id = "bestyrelsen"
name = "Skolebestyrelsen"
kind = "board"

[[actors]]
id = "chefen"
name = "Områdechef"
kind = "manager"

[[approval_processes]]
id = "p"
steps = [
  {{ id = "a", name = "Indgået", actor_kind = "institution" }},
  {{ id = "b", name = "Drøftet", actor_kind = "board" }},
  {{ id = "c", name = "Godkendt", actor_kind = "manager"{c_extra} }},
]

[[agreements]]
id = "plan"
title = "Implementeringsplan"
kind = "{kind}"
parties = ["skolen", "chefen"]
start = 2022-01-01
end = 2022-12-31
approval_process = "p"
"""

APPROVER = {"a": "skolen", "b": "bestyrelsen", "c": "chefen"}


def doc(
    *approvals: tuple[str, str, str | None, str | None],
    kind: str = "implementation_plan",
    c_extra: str = "",
) -> str:
    """A plan with process a → b → c and approvals ``(id, step, due, round)``."""
    text = DOC.format(kind=kind, c_extra=c_extra)
    for milestone_id, step, due, round_ in approvals:
        text += textwrap.dedent(
            f"""
            [[agreements.milestones]]
            id = "{milestone_id}"
            title = "{milestone_id}"
            kind = "approval"
            step = "{step}"
            approver = "{APPROVER[step]}"
            """
        )
        if due is not None:
            text += f"due = {due}\n"
        if round_ is not None:
            text += f'round = "{round_}"\n'
    return text


# The baseline -------------------------------------------------------------------------


def test_the_baseline_gives_no_finding(valid: velfaerd.Portfolio) -> None:
    report = velfaerd.check(valid)
    assert report.findings == ()
    assert report.waived == ()


def test_earlier_steps_follow_after_transitively_and_stop_at_cycles() -> None:
    process = velfaerd.ApprovalProcess(
        id="p",
        steps=[
            velfaerd.Step(id="a", name="A", after=["c"]),
            velfaerd.Step(id="b", name="B"),
            velfaerd.Step(id="c", name="C", after=["b", "ukendt"]),
        ],
    )
    assert earlier_steps(process) == {"a": ["c", "b"], "b": ["a", "c"], "c": ["b", "a"]}


# APR001 -------------------------------------------------------------------------------


def test_apr001_a_step_certainly_before_an_earlier_step_is_an_error(valid_text: str) -> None:
    text = edit(valid_text, BESTYRELSE_DUE, "due = 2021-02-19")
    finding = only(run(text), "APR001")
    assert finding.severity is velfaerd.Severity.ERROR
    assert finding.subject == "bestyrelse"
    assert finding.path == "agreements[0].milestones[1].due"
    assert finding.line == line_of(text, "due = 2021-02-19")
    assert finding.evidence == {
        "milestone": "bestyrelse",
        "step": "bestyrelse",
        "due": "19. februar 2021",
        "earlier": "indgaaet",
        "earlier_step": "indgaaet",
        "earlier_due": "1. marts 2021",
        "round": None,
    }
    assert finding.message == (
        "approval 'bestyrelse' of step 'bestyrelse' is dated 19 February 2021, before "
        "approval 'indgaaet' of the earlier step 'indgaaet' (1 March 2021)"
    )


def test_apr001_compares_with_every_earlier_step_not_only_the_previous(valid_text: str) -> None:
    text = edit(valid_text, BESTYRELSE_DUE + "\n", "")
    text = edit(text, GODKENDT_DUE, "due = 2021-02-01")
    finding = only(run(text), "APR001")
    assert (finding.subject, finding.evidence["earlier"]) == ("godkendt", "indgaaet")


def test_apr001_overlapping_windows_are_a_possible_warning(valid_text: str) -> None:
    text = edit(valid_text, BESTYRELSE_DUE, "due = 2021-03-10")
    finding = only(run(text), "APR001")
    assert finding.severity is velfaerd.Severity.WARNING
    assert finding.subject == "godkendt"
    assert finding.evidence["certainty"] == "possible"
    assert finding.variant == "default-possible"
    assert finding.message == (
        "approval 'godkendt' of step 'godkendt' (uge 10 2021) may come before approval "
        "'bestyrelse' of the earlier step 'bestyrelse' (10 March 2021)"
    )


def test_apr001_a_deadline_is_never_possibly_before(valid_text: str) -> None:
    text = edit(valid_text, GODKENDT_DUE, 'due = "senest 12. marts 2021"')
    assert run(text).findings == ()
    text = edit(valid_text, GODKENDT_DUE, 'due = "senest 5. marts 2021"')
    finding = only(run(text), "APR001")
    assert finding.severity is velfaerd.Severity.ERROR
    assert finding.evidence["due"] == "senest 5. marts 2021"


def test_apr001_a_step_approved_twice_is_checked_at_both_dates(valid_text: str) -> None:
    second = textwrap.dedent(
        """
        [[agreements.milestones]]
        id = "bestyrelse-igen"
        title = "Drøftet igen"
        kind = "approval"
        due = 2021-02-15
        step = "bestyrelse"
        approver = "aura-bestyrelse"
        status = "met"
        """
    )
    finding = only(run(valid_text + second), "APR001")
    assert finding.subject == "bestyrelse-igen"
    assert finding.path == "agreements[0].milestones[6].due"
    # and as the earlier step: both approvals of step a are compared with b
    report = run(
        doc(
            ("a1", "a", '"1. marts 2022"', None),
            ("a2", "a", '"1. maj 2022"', None),
            ("b", "b", '"1. april 2022"', None),
            ("c", "c", '"1. juni 2022"', None),
        ),
        APR,
    )
    assert [(f.subject, f.evidence["earlier"]) for f in report.findings] == [("b", "a2")]


def test_apr001_unordered_steps_and_undated_or_cancelled_approvals_are_not_compared(
    valid_text: str,
) -> None:
    after = '{ id = "godkendt", name = "Godkendt af områdechef", actors = ["omraadechef"] }'
    unordered = after.replace("] }", "], after = [] }")
    text = edit(valid_text, after, unordered)
    assert run(edit(text, GODKENDT_DUE, "due = 2021-02-01")).findings == ()
    assert run(edit(valid_text, GODKENDT_DUE + "\n", "")).findings == ()
    cancelled = edit(valid_text, GODKENDT_DUE, "due = 2021-02-01")
    cancelled = edit(
        cancelled,
        'step = "godkendt"\napprover = "omraadechef"\nstatus = "met"',
        'step = "godkendt"\napprover = "omraadechef"\nstatus = "cancelled"',
    )
    assert run(cancelled, APR).codes() == {"APR002"}


def test_apr001_compares_within_each_round_only() -> None:
    text = doc(
        ("a1", "a", "2021-12-01", "2022"),
        ("b1", "b", "2021-12-10", "2022"),
        ("c1", "c", "2021-12-20", "2022"),
        ("a2", "a", "2021-11-01", "2023"),
        ("b2", "b", "2021-11-10", "2023"),
        ("c2", "c", "2021-10-20", "2023"),
    )
    report = run(text, APR)
    assert [(f.subject, f.evidence["earlier"], f.evidence["round"]) for f in report.findings] == [
        ("c2", "a2", "2023"),
        ("c2", "b2", "2023"),
    ]


def test_apr001_ignores_approvals_of_no_step_and_other_kinds(valid_text: str) -> None:
    extra = textwrap.dedent(
        """
        [[agreements.milestones]]
        id = "leverance-godkendt"
        title = "Handleplanen godkendes"
        kind = "approval"
        due = 2021-01-11  # a Monday: no CAL001
        approver = "bfu"
        """
    )
    assert run(valid_text + extra).findings == ()


def test_apr001_can_be_waived(valid_text: str) -> None:
    text = waive(edit(valid_text, BESTYRELSE_DUE, "due = 2021-02-19"), "APR001")
    report = run(text)
    assert report.findings == ()
    assert [f.code for f in report.waived] == ["APR001"]


@scaled(60)
@given(days=st.lists(st.integers(min_value=1, max_value=28), min_size=3, max_size=3))
def test_apr001_fires_once_for_each_pair_of_steps_dated_out_of_order(days: list[int]) -> None:
    dates = [f"2021-02-{day:02d}" for day in days]
    text = doc(*((s, s, d, None) for s, d in zip("abc", dates, strict=True)))
    report = run(text, APR)
    expected = sum(1 for i in range(3) for j in range(i + 1, 3) if days[j] < days[i])
    assert len(report.findings) == expected
    assert all(f.code == "APR001" for f in report.findings)


@scaled(40)
@given(order=st.permutations(range(6)))
def test_apr001_findings_do_not_depend_on_the_order_of_the_milestones(
    order: list[int],
) -> None:
    portfolio = velfaerd.loads(
        doc(
            ("a1", "a", '"marts 2022"', None),
            ("b1", "b", '"primo marts 2022"', None),
            ("c1", "c", "2022-02-01", None),
            ("a2", "a", "2022-04-01", "2"),
            ("b2", "b", '"senest 1. marts 2022"', "2"),
            ("c2", "c", '"uge 20 2022"', "2"),
        )
    )
    (agreement,) = portfolio.agreements
    shuffled = attrs.evolve(
        portfolio,
        agreements=[attrs.evolve(agreement, milestones=[agreement.milestones[i] for i in order])],
    )

    def seen(report: velfaerd.Report) -> set[tuple[str, str, str]]:
        return {(f.subject, f.severity.value, f.message) for f in report.findings}

    assert seen(velfaerd.check(shuffled, APR)) == seen(velfaerd.check(portfolio, APR))


# APR002 -------------------------------------------------------------------------------


def test_apr002_a_step_without_approval(valid_text: str) -> None:
    text = edit(valid_text, GODKENDT_BLOCK, "")
    finding = only(run(text), "APR002")
    assert finding.severity is velfaerd.Severity.ERROR
    assert finding.subject == "godkendt"
    assert finding.path == "agreements[0].approval_process"
    assert finding.line == line_of(text, PROCESS_ID)
    assert finding.evidence == {
        "step": "godkendt",
        "step_name": "Godkendt af områdechef",
        "process": "lokal-aftale",
        "round": None,
    }
    assert finding.message == (
        "step 'godkendt' of approval process 'lokal-aftale' has no approval milestone"
    )


def test_apr002_an_undated_approval_counts_and_a_cancelled_one_does_not(
    valid_text: str,
) -> None:
    assert run(edit(valid_text, GODKENDT_DUE + "\n", "")).findings == ()
    cancelled = GODKENDT_BLOCK.replace('status = "met"', 'status = "cancelled"')
    finding = only(run(edit(valid_text, GODKENDT_BLOCK, cancelled)), "APR002")
    assert finding.subject == "godkendt"


def test_apr002_no_approval_at_all_misses_every_step(valid: velfaerd.Portfolio) -> None:
    (agreement,) = valid.agreements
    bare = attrs.evolve(
        agreement,
        milestones=[m for m in agreement.milestones if m.kind is not MilestoneKind.APPROVAL],
    )
    report = velfaerd.check(attrs.evolve(valid, agreements=[bare]))
    assert report.codes() == {"APR002"}
    assert [f.subject for f in report.findings] == ["bestyrelse", "godkendt", "indgaaet"]
    assert {f.path for f in report.findings} == {"agreements[0].approval_process"}


def test_apr002_each_round_that_has_an_approval_needs_every_step() -> None:
    text = doc(
        ("a1", "a", "2021-12-01", "2022"),
        ("b1", "b", "2021-12-10", "2022"),
        ("c1", "c", "2021-12-20", "2022"),
        ("a2", "a", "2022-11-01", "2023"),
        ("c2", "c", None, "2023"),
    )
    finding = only(run(text, APR), "APR002")
    assert (finding.subject, finding.variant) == ("b", "round")
    assert finding.evidence["round"] == "2023"
    assert finding.message == (
        "step 'b' of approval process 'p' has no approval milestone in round '2023'"
    )


def test_apr002_needs_a_known_process(valid_text: str) -> None:
    no_process = edit(edit(valid_text, PROCESS_ID + "\n", ""), GODKENDT_BLOCK, "")
    assert "APR002" not in run(no_process).codes()
    unknown = edit(valid_text, PROCESS_ID, 'approval_process = "ukendt"')
    assert "APR002" not in run(unknown).codes()


def test_apr002_can_be_waived(valid_text: str) -> None:
    report = run(waive(edit(valid_text, GODKENDT_BLOCK, ""), "APR002"))
    assert report.findings == ()
    assert [f.code for f in report.waived] == ["APR002"]


# APR003 -------------------------------------------------------------------------------


def test_apr003_an_approver_not_among_the_steps_actors(valid_text: str) -> None:
    text = edit(valid_text, 'approver = "omraadechef"', 'approver = "bfu"')
    finding = only(run(text), "APR003")
    assert finding.severity is velfaerd.Severity.ERROR
    assert finding.subject == "godkendt"
    assert finding.path == "agreements[0].milestones[2].approver"
    assert finding.line == line_of(text, 'approver = "bfu"')
    assert finding.evidence == {
        "milestone": "godkendt",
        "approver": "bfu",
        "approver_kind": "committee",
        "step": "godkendt",
        "allowed_kind": None,
        "allowed_actors": ["omraadechef"],
    }
    assert finding.message == (
        "approver 'bfu' (committee) of 'godkendt' may not take step 'godkendt': it is for "
        "omraadechef"
    )


def test_apr003_an_approver_of_another_kind(valid_text: str) -> None:
    text = edit(valid_text, 'approver = "aura-bestyrelse"', 'approver = "auraskolen"')
    finding = only(run(text), "APR003")
    assert (finding.subject, finding.variant) == ("bestyrelse", "kind")
    assert finding.evidence["allowed_kind"] == "board"


def test_apr003_kind_or_actors_either_suffices() -> None:
    both = ', actors = ["skolen"]'
    fine = doc(("a", "a", None, None), ("b", "b", None, None), ("c", "c", None, None), c_extra=both)
    assert run(fine.replace('approver = "chefen"', 'approver = "skolen"'), APR).findings == ()
    assert run(fine, APR).findings == ()
    wrong = fine.replace('approver = "chefen"', 'approver = "bestyrelsen"')
    finding = only(run(wrong, APR), "APR003")
    assert finding.variant == "default"
    assert finding.message == (
        "approver 'bestyrelsen' (board) of 'c' may not take step 'c': it is for actors of "
        "kind manager or skolen"
    )


def test_apr003_a_step_open_to_anyone_no_approver_and_unknown_approvers(
    valid_text: str,
) -> None:
    open_step = edit(
        valid_text,
        '{ id = "bestyrelse", name = "Drøftet med skolebestyrelsen", actor_kind = "board" }',
        '{ id = "bestyrelse", name = "Drøftet med skolebestyrelsen" }',
    )
    assert run(edit(open_step, 'approver = "aura-bestyrelse"', 'approver = "bfu"')).findings == ()
    assert run(edit(valid_text, 'approver = "aura-bestyrelse"\n', "")).findings == ()
    unknown = edit(valid_text, 'approver = "aura-bestyrelse"', 'approver = "ukendt"')
    assert "APR003" not in run(unknown).codes()


def test_apr003_can_be_waived(valid_text: str) -> None:
    text = waive(edit(valid_text, 'approver = "omraadechef"', 'approver = "bfu"'), "APR003")
    report = run(text)
    assert report.findings == ()
    assert [f.code for f in report.waived] == ["APR003"]


# APR004 -------------------------------------------------------------------------------


def test_apr004_an_approval_certainly_after_the_start(valid_text: str) -> None:
    text = edit(valid_text, GODKENDT_DUE, 'due = "uge 12 2021"')
    finding = only(run(text), "APR004")
    assert finding.severity is velfaerd.Severity.WARNING
    assert finding.subject == "godkendt"
    assert finding.path == "agreements[0].milestones[2].due"
    assert finding.line == line_of(text, 'due = "uge 12 2021"')
    assert "certainty" not in finding.evidence
    assert finding.evidence == {
        "milestone": "godkendt",
        "step": "godkendt",
        "due": "uge 12 2021",
        "start": "2021-03-15",
    }
    assert finding.message == (
        "approval 'godkendt' of step 'godkendt' is dated uge 12 2021, after the "
        "agreement's start 15 March 2021"
    )


@pytest.mark.parametrize("due", ['"medio marts 2021"', '"senest 31. marts 2021"'])
def test_apr004_possibly_after_the_start(valid_text: str, due: str) -> None:
    finding = only(run(edit(valid_text, GODKENDT_DUE, f"due = {due}")), "APR004")
    assert finding.severity is velfaerd.Severity.WARNING
    assert finding.evidence["certainty"] == "possible"
    assert finding.variant == "default-possible"
    assert "may come after" in finding.message


@pytest.mark.parametrize("due", ["2021-03-15", '"senest 15. marts 2021"'])
def test_apr004_on_the_start_day_is_fine(valid_text: str, due: str) -> None:
    assert run(edit(valid_text, GODKENDT_DUE, f"due = {due}")).findings == ()


def test_apr004_not_for_implementation_plans() -> None:
    late = (
        ("a", "a", "2022-02-01", None),
        ("b", "b", "2022-03-01", None),
        ("c", "c", "2022-04-01", None),
    )
    assert run(doc(*late), APR).findings == ()
    report = run(doc(*late, kind="cooperation"), APR)
    assert report.codes() == {"APR004"}
    assert [f.subject for f in report.findings] == ["a", "b", "c"]


def test_apr004_can_be_waived(valid_text: str) -> None:
    text = waive(edit(valid_text, GODKENDT_DUE, 'due = "uge 12 2021"'), "APR004")
    report = run(text)
    assert report.findings == ()
    assert [f.code for f in report.waived] == ["APR004"]


# The examples -------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["APR001", "APR002", "APR003", "APR004"])
def test_the_examples_give_exactly_the_code_among_its_family(code: str) -> None:
    rule = get_rule(code)
    assert run(rule.failing, APR).codes() == {code}
    assert run(rule.fixed, APR).findings == ()


# Issue 14 (items 10, 11, 13): a hostile size gives bounded findings, counted.
def test_an_approval_is_reported_against_its_nearest_earlier_steps_and_the_rest_counted() -> None:
    steps = MAX_PER_APPROVAL + 5
    report = velfaerd.check(velfaerd.loads(reversed_chain(steps)))
    last = [f for f in report.findings if f.code == "APR001" and f.subject == f"m{steps - 1}"]
    plain = [f for f in last if f.variant != "more"]
    (more,) = [f for f in last if f.variant == "more"]
    assert len(plain) == MAX_PER_APPROVAL
    assert {f.evidence["earlier"] for f in plain} == {
        f"m{steps - 2 - i}" for i in range(MAX_PER_APPROVAL)
    }
    assert more.evidence["more"] == steps - 1 - MAX_PER_APPROVAL
    assert f"{steps - 1 - MAX_PER_APPROVAL} more approvals of earlier steps" in more.message


def _unsure(*_: object) -> bool:
    return False


@scaled(100)
@given(portfolio=plans(approved=True))
def test_apr001_to_apr004_find_in_full_what_they_find_with_the_fast_path(
    portfolio: velfaerd.Portfolio,
) -> None:
    # APR001 compares an approval with those of earlier steps in full only where one
    # may come after it (approvals._after_every_earlier): with every approval compared,
    # each drawn agreement gives the same findings.
    same_without(
        portfolio,
        ["APR001", "APR002", "APR003", "APR004"],
        [(approvals, "_after_every_earlier", _unsure)],
    )
