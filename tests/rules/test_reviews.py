"""The review rules REV001–REV003 against the baseline and small changes to it."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._documents import PARTIES
from tests._hypothesis import scaled
from tests.rules._drawn import plans, same_without
from tests.rules._helpers import DURATION, edit, line_of, only, run, waive

import velfaerd
from velfaerd.config import Config
from velfaerd.rules import Context, get_rule, reviews
from velfaerd.rules._recurrence import Recurrence

# The rules of what is planned; REV004 and REV005 (what happened) are tested in
# tests/rules/test_reviews_held.py.
REV = velfaerd.Config(select=["REV"], ignore=["REV004", "REV005"])
START, END = dt.date(2021, 3, 15), dt.date(2024, 3, 14)
REVIEW_DUE = 'due = "primo marts 2022"\nevery = "1 year"'
REVIEW = f"""[[agreements.milestones]]
id = "opfoelgning"
title = "Årligt møde om opfølgning på aftalen"
kind = "review"
{REVIEW_DUE}
responsible = "bfu"
"""
AGREEMENT_HEAD = '[[agreements]]\nid = "auraskolen-2021"'
PROCESS = 'approval_process = "lokal-aftale"\n'


def review(milestone_id: str, body: str) -> str:
    """The TOML of one more review milestone of the baseline agreement."""
    return (
        f'\n[[agreements.milestones]]\nid = "{milestone_id}"\ntitle = "Opfølgning"\n'
        f'kind = "review"\n{body}\n'
    )


def with_due(valid_text: str, due: str) -> str:
    """The baseline with its recurring review's ``due`` and ``every`` replaced."""
    return edit(valid_text, REVIEW_DUE, due)


# The baseline -------------------------------------------------------------------------


def test_the_baseline_gives_no_finding(valid: velfaerd.Portfolio) -> None:
    report = velfaerd.check(valid)
    assert report.findings == ()
    assert report.waived == ()


def test_the_baseline_gives_no_finding_on_any_day_of_its_term(valid: velfaerd.Portfolio) -> None:
    for as_of in (START, dt.date(2023, 1, 1), END, dt.date(2030, 1, 1)):
        assert velfaerd.check(valid, config=REV, as_of=as_of).findings == ()


@pytest.mark.parametrize("code", ["REV001", "REV002", "REV003"])
def test_the_examples_fail_and_are_fixed(code: str) -> None:
    found = get_rule(code)
    assert code in velfaerd.check(velfaerd.loads(found.failing)).codes()
    assert code not in velfaerd.check(velfaerd.loads(found.fixed)).codes()


def test_rev001_keeps_its_name() -> None:
    assert get_rule("REV001").name == "annual-review-scheduled"


# REV001: no review --------------------------------------------------------------------


def test_rev001_an_agreement_without_review_is_an_error_at_the_agreement(
    valid_text: str,
) -> None:
    text = edit(valid_text, REVIEW, "")
    finding = only(run(text), "REV001")
    assert finding.severity is velfaerd.Severity.ERROR
    assert (finding.subject, finding.variant) == ("auraskolen-2021", "none")
    assert finding.path == "agreements[0]"
    assert finding.line == line_of(text, AGREEMENT_HEAD)
    assert finding.evidence == {
        "agreement": "auraskolen-2021",
        "review_every": "1 year",
        "start": "2021-03-15",
        "end": "2024-03-14",
    }
    assert finding.message == "agreement 'auraskolen-2021' has no review milestone in its term"


def test_rev001_a_cancelled_review_does_not_count(valid_text: str) -> None:
    text = with_due(valid_text, f'{REVIEW_DUE}\nstatus = "cancelled"')
    assert only(run(text), "REV001").variant == "none"


def test_rev001_a_review_with_neither_due_nor_every_counts_for_nothing(
    valid_text: str,
) -> None:
    text = with_due(valid_text, "")
    assert only(run(text), "REV001").variant == "none"


def test_rev001_a_review_wholly_outside_the_term_does_not_count(valid_text: str) -> None:
    text = with_due(valid_text, 'due = "2025"')
    report = run(text)
    assert report.codes() == {"REV001", "REV002"}
    (finding,) = [f for f in report.findings if f.code == "REV001"]
    assert finding.variant == "none"


def test_rev001_other_milestones_are_no_review(valid_text: str) -> None:
    text = edit(valid_text, 'kind = "review"', 'kind = "meeting"')
    finding = only(run(text), "REV001")
    # Issue 14, item 27: say that only kind = "review" counts.
    assert finding.variant == "none-kind"
    assert finding.message == (
        "agreement 'auraskolen-2021' has no review milestone in its term; only milestones "
        'of kind = "review" count, and 1 here have another kind (meeting)'
    )


def test_rev001_a_review_requirement_of_none_or_a_plan_needs_no_review(
    valid_text: str,
) -> None:
    text = edit(valid_text, REVIEW, "")
    assert run(edit(text, PROCESS, f'{PROCESS}review_every = "none"\n')).findings == ()
    plan = edit(text, 'kind = "cooperation"', 'kind = "implementation_plan"')
    assert "REV001" not in run(plan).codes()


def test_rev001_an_agreement_without_start_is_not_measured(valid: velfaerd.Portfolio) -> None:
    (agreement,) = valid.agreements
    kept = [m for m in agreement.milestones if m.kind is not velfaerd.model.MilestoneKind.REVIEW]
    changed = attrs.evolve(
        valid,
        agreements=[attrs.evolve(agreement, start=None, entered=None, milestones=kept)],
    )
    assert velfaerd.check(changed, config=REV).findings == ()


def test_rev001_a_waiver_moves_the_finding(valid_text: str) -> None:
    report = run(waive(edit(valid_text, REVIEW, ""), "REV001"))
    assert report.findings == ()
    assert [(f.code, f.variant) for f in report.waived] == [("REV001", "none")]
    assert report.ok


# REV001: stretches --------------------------------------------------------------------


def test_rev001_every_second_year_leaves_a_stretch_too_long(valid_text: str) -> None:
    text = with_due(valid_text, 'due = "primo marts 2022"\nevery = "2 years"')
    finding = only(run(text), "REV001")
    assert finding.severity is velfaerd.Severity.ERROR
    assert finding.variant == "stretch"
    assert finding.path == "agreements[0]"
    assert finding.evidence == {
        "agreement": "auraskolen-2021",
        "from": "primo marts 2022",
        "to": "primo marts 2024",
        "from_review": "opfoelgning",
        "to_review": "opfoelgning",
        "review_every": "1 year",
        "shortest_days": 731,
        "longest_days": 731,
    }
    assert finding.message == (
        "no review from primo marts 2022 to primo marts 2024: longer than 1 year"
    )


def test_rev001_exactly_review_every_is_fine(valid_text: str) -> None:
    assert run(with_due(valid_text, 'due = 2022-03-15\nevery = "1 year"')).findings == ()
    finding = only(run(with_due(valid_text, 'due = 2022-03-16\nevery = "1 year"')), "REV001")
    assert (finding.evidence["from"], finding.evidence["to"]) == (
        "15. marts 2021",
        "16. marts 2022",
    )
    assert finding.evidence["from_review"] is None
    assert finding.evidence["shortest_days"] == finding.evidence["longest_days"] == 366


def test_rev001_the_last_stretch_runs_to_the_end(valid_text: str) -> None:
    text = with_due(valid_text, 'due = "primo marts 2022"\nevery = "1 year"\nuntil = "2022"')
    finding = only(run(text), "REV001")
    assert (finding.evidence["from"], finding.evidence["to"]) == (
        "primo marts 2022",
        "14. marts 2024",
    )
    assert finding.evidence["to_review"] is None


def test_rev001_one_finding_per_stretch(valid_text: str) -> None:
    text = edit(valid_text, PROCESS, f'{PROCESS}review_every = "6 months"\n')
    report = run(text)
    assert report.codes() == {"REV001"}
    stretches = [(f.evidence["from"], f.evidence["to"]) for f in report.findings]
    assert stretches == [
        ("15. marts 2021", "primo marts 2022"),
        ("primo marts 2022", "primo marts 2023"),
        ("primo marts 2023", "primo marts 2024"),
    ]
    assert {f.evidence["review_every"] for f in report.findings} == {"6 months"}


def test_rev001_a_possibly_too_long_stretch_is_a_warning(valid_text: str) -> None:
    # "marts 2022" may be 31 March: from the start (15 March 2021) possibly too long.
    text = with_due(valid_text, 'due = "marts 2022"\nevery = "1 year"')
    finding = only(run(text), "REV001")
    assert finding.severity is velfaerd.Severity.WARNING
    assert finding.variant == "stretch-possible"
    assert finding.evidence["certainty"] == "possible"
    assert (finding.evidence["shortest_days"], finding.evidence["longest_days"]) == (351, 381)
    assert finding.message == (
        "possibly no review from 15 March 2021 to marts 2022: it may be longer than 1 year"
    )


def test_rev001_a_recurring_review_in_a_month_is_not_possibly_late_every_year(
    valid_text: str,
) -> None:
    # marts 2022 → marts 2023 → marts 2024 are a year apart, the same day each year:
    # only the first stretch, from the start, may be too long.
    report = run(with_due(valid_text, 'due = "marts 2022"\nevery = "1 year"'))
    finding = only(report, "REV001")
    assert (finding.evidence["from"], finding.evidence["to"]) == ("15. marts 2021", "marts 2022")


def test_rev001_a_cadence_longer_than_review_every_is_certainly_too_long(
    valid_text: str,
) -> None:
    report = run(with_due(valid_text, 'due = "marts 2022"\nevery = "13 months"'))
    stretches = [(f.severity, f.evidence["from"], f.evidence["to"]) for f in report.findings]
    assert (velfaerd.Severity.ERROR, "marts 2022", "april 2023") in stretches
    error = next(f for f in report.findings if f.evidence["from"] == "marts 2022")
    # 13 months from 1 March is 396 days, from 31 March 395 (to 30 April).
    assert (error.evidence["shortest_days"], error.evidence["longest_days"]) == (395, 396)


def test_rev001_a_cadence_compares_from_both_ends_of_its_window(valid_text: str) -> None:
    # 366 days is more than a year from every day of 1. kvartal 2022 (no 29 February
    # follows), but from 1 April 2023 it is exactly a year (29 February 2024 follows).
    text = with_due(valid_text, 'due = "1. kvartal 2022"\nevery = "366 days"')
    findings = {f.evidence["from"]: f.severity for f in run(text, config=REV).findings}
    assert findings == {
        "15. marts 2021": velfaerd.Severity.WARNING,  # from the start: possibly
        "1. kvartal 2022": velfaerd.Severity.ERROR,
        "2. januar 2023 - 1. april 2023": velfaerd.Severity.WARNING,
    }


def test_rev001_two_yearly_reviews_in_march_bound_each_other(valid_text: str) -> None:
    text = valid_text + review("marts", 'due = "marts 2022"\nevery = "1 year"')
    assert run(text).findings == ()


def test_rev001_a_deadline_review_counts_at_its_latest_day(valid_text: str) -> None:
    on_time = with_due(valid_text, 'due = "senest 15. marts 2022"\nevery = "1 year"')
    assert run(on_time).findings == ()
    late = with_due(valid_text, 'due = "senest 16. marts 2022"\nevery = "1 year"')
    finding = only(run(late), "REV001")
    assert finding.severity is velfaerd.Severity.ERROR  # never only possibly
    assert finding.evidence["shortest_days"] == 366


def test_rev001_a_review_straddling_the_start_counts_from_the_start(valid_text: str) -> None:
    # "marts 2021" read from its 15th: to "primo marts 2022" is at most a year.
    text = valid_text + review("foraar", 'due = "marts 2021"')
    assert run(text).findings == ()


def test_rev001_occurrences_before_the_start_do_not_count_but_bound(valid_text: str) -> None:
    # A yearly review first due before the start is REV002's; its later occurrences
    # count, a year after the one before the start.
    text = with_due(valid_text, 'due = "primo marts 2021"\nevery = "1 year"')
    assert only(run(text), "REV002").subject == "opfoelgning"


def test_rev001_an_undated_recurring_review_counts_from_the_start(valid_text: str) -> None:
    text = with_due(valid_text, 'every = "1 year"')
    assert only(run(text), "REV003").subject == "opfoelgning"
    rarely = with_due(valid_text, 'every = "2 years"')
    assert run(rarely).codes() == {"REV001", "REV003"}
    (finding,) = [f for f in run(rarely).findings if f.code == "REV001"]
    assert (finding.evidence["from"], finding.evidence["to"]) == (
        "15. marts 2021",
        "15. marts 2023",
    )


def test_rev001_an_open_ended_term_runs_to_as_of(valid_text: str) -> None:
    text = edit(valid_text, DURATION, "")
    text = with_due(text, f'{REVIEW_DUE}\nuntil = "2023"')
    assert velfaerd.loads(text).agreements[0].end is None
    assert run(text, config=REV).findings == ()  # without as_of: not checked
    assert run(text, config=REV, as_of=dt.date(2024, 3, 1)).findings == ()
    # primo marts 2023 may be 1 March: to 5 March 2024 possibly more than a year.
    possible = only(run(text, config=REV, as_of=dt.date(2024, 3, 5)), "REV001")
    assert possible.severity is velfaerd.Severity.WARNING
    finding = only(run(text, config=REV, as_of=dt.date(2024, 3, 11)), "REV001")
    assert finding.severity is velfaerd.Severity.ERROR
    assert (finding.evidence["from"], finding.evidence["to"]) == (
        "primo marts 2023",
        "11. marts 2024",
    )


def test_rev001_an_open_ended_recurring_review_goes_on(valid_text: str) -> None:
    text = edit(valid_text, DURATION, "")
    assert run(text, config=REV, as_of=dt.date(2040, 1, 1)).findings == ()


def test_rev001_a_waiver_moves_stretches(valid_text: str) -> None:
    text = with_due(valid_text, 'due = "primo marts 2022"\nevery = "2 years"')
    report = run(waive(text, "REV"))
    assert report.findings == ()
    assert [f.variant for f in report.waived] == ["stretch"]


def test_rev001_a_configured_severity_applies_to_a_possible_stretch(
    valid_text: str,
) -> None:
    config = velfaerd.Config(severity={"REV001": "info"})
    text = with_due(valid_text, 'due = "marts 2022"\nevery = "1 year"')
    finding = only(run(text, config=config), "REV001")
    assert finding.severity is velfaerd.Severity.INFO


# REV001: properties -------------------------------------------------------------------


def plus(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, falling back to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def reviewed(days: list[dt.date], review_every: str) -> velfaerd.Portfolio:
    """One agreement over the baseline's term, with a review on each day."""
    return velfaerd.Portfolio(
        agreements=[
            velfaerd.Agreement(
                id="aftale",
                title="Aftale",
                kind="cooperation",
                parties=["byraadet", "auraskolen"],
                start=START,
                end=END,
                review_every=velfaerd.dates.parse_period(review_every),
                milestones=[
                    velfaerd.Milestone(
                        id=f"r{i}",
                        title="Opfølgning",
                        kind="review",
                        due=velfaerd.DateWindow.exact(day),
                    )
                    for i, day in enumerate(days)
                ],
            )
        ]
    )


@scaled(150)
@given(
    days=st.lists(st.dates(min_value=START, max_value=END), max_size=6),
    months=st.sampled_from([6, 12, 18]),
)
def test_rev001_fires_iff_some_stretch_exceeds_review_every(
    days: list[dt.date], months: int
) -> None:
    review_every = "1 year" if months == 12 else f"{months} months"
    report = velfaerd.check(reviewed(days, review_every), config=velfaerd.Config(select=["REV001"]))
    if not days:
        assert [f.variant for f in report.findings] == ["none"]
        return
    bounds = [START, *sorted(days), END]
    too_long = [(a, b) for a, b in itertools.pairwise(bounds) if b > plus(a, months)]
    assert report.codes() == ({"REV001"} if too_long else set())
    assert all(f.severity is velfaerd.Severity.ERROR for f in report.findings)
    assert sorted((f.evidence["from"], f.evidence["to"]) for f in report.findings) == sorted(
        (str(velfaerd.DateWindow.exact(a)), str(velfaerd.DateWindow.exact(b))) for a, b in too_long
    )


WINDOWS = [
    'due = "marts 2022"\nevery = "1 year"',
    'due = "primo marts 2022"\nevery = "6 months"',
    'due = "2. kvartal 2022"',
    'due = "senest 1. juli 2023"',
    'due = "uge 8 2023"\nevery = "3 months"',
    'every = "1 year"',
    'due = "januar 2021"',
]


@scaled(60)
@given(chosen=st.lists(st.sampled_from(WINDOWS), max_size=4), data=st.data())
def test_rev_findings_do_not_depend_on_the_order_of_milestones(
    valid_text: str, chosen: list[str], data: st.DataObject
) -> None:
    text = with_due(valid_text, 'due = "marts 2022"\nevery = "2 years"')
    text += "".join(review(f"ekstra-{i}", body) for i, body in enumerate(chosen))
    portfolio = velfaerd.loads(text)
    (agreement,) = portfolio.agreements
    shuffled = data.draw(st.permutations(agreement.milestones))
    other = attrs.evolve(portfolio, agreements=[attrs.evolve(agreement, milestones=shuffled)])

    def seen(report: velfaerd.Report) -> list[tuple[str, str, str, str]]:
        return sorted((f.code, f.subject, f.severity.value, f.message) for f in report.findings)

    assert seen(velfaerd.check(portfolio, config=REV)) == seen(velfaerd.check(other, config=REV))


# REV002 -------------------------------------------------------------------------------


def test_rev002_a_review_before_the_start_is_a_warning_at_its_due(valid_text: str) -> None:
    text = valid_text + review("forhaandsmoede", 'due = "januar 2021"')
    finding = only(run(text), "REV002")
    assert finding.severity is velfaerd.Severity.WARNING
    assert (finding.subject, finding.variant) == ("forhaandsmoede", "before")
    assert finding.path == "agreements[0].milestones[6].due"
    assert finding.line == line_of(text, 'due = "januar 2021"')
    assert finding.evidence == {
        "agreement": "auraskolen-2021",
        "milestone": "forhaandsmoede",
        "due": "januar 2021",
        "start": "2021-03-15",
        "end": "2024-03-14",
    }
    assert finding.message == (
        "review 'forhaandsmoede' is due januar 2021, before agreement 'auraskolen-2021' "
        "starts on 15 March 2021"
    )


def test_rev002_a_review_after_the_end(valid_text: str) -> None:
    text = valid_text + review("efterevaluering", 'due = "april 2024"')
    finding = only(run(text), "REV002")
    assert (finding.subject, finding.variant) == ("efterevaluering", "after")
    assert finding.message == (
        "review 'efterevaluering' is due april 2024, after agreement 'auraskolen-2021' "
        "ends on 14 March 2024"
    )


@pytest.mark.parametrize(
    "due",
    [
        '"marts 2021"',  # straddles the start
        '"marts 2024"',  # straddles the end
        "2021-03-15",  # the first day
        "2024-03-14",  # the last day
        '"senest 2025"',  # a deadline is never certainly after anything
    ],
)
def test_rev002_only_a_certain_violation_is_reported(valid_text: str, due: str) -> None:
    text = valid_text + review("ekstra", f"due = {due}")
    assert "REV002" not in run(text).codes()


def test_rev002_a_deadline_before_the_start_is_certainly_before(valid_text: str) -> None:
    text = valid_text + review("ekstra", 'due = "senest 1. marts 2021"')
    assert only(run(text), "REV002").variant == "before"


def test_rev002_a_recurring_review_is_checked_at_its_first_occurrence(valid_text: str) -> None:
    text = with_due(valid_text, 'due = "primo marts 2021"\nevery = "1 year"')
    finding = only(run(text), "REV002")
    assert (finding.subject, finding.evidence["due"]) == ("opfoelgning", "primo marts 2021")
    assert finding.line == line_of(text, 'due = "primo marts 2021"')


def test_rev002_a_cancelled_review_is_not_checked(valid_text: str) -> None:
    text = valid_text + review("ekstra", 'due = "januar 2021"\nstatus = "cancelled"')
    assert run(text).findings == ()


def test_rev002_an_open_end_leaves_only_the_start(valid_text: str) -> None:
    text = edit(valid_text, DURATION, "") + review("senere", 'due = "2030"')
    assert "REV002" not in run(text, config=REV).codes()
    early = edit(valid_text, DURATION, "") + review("tidligt", 'due = "2020"')
    finding = only(run(early, config=REV), "REV002")
    assert finding.evidence["end"] is None


def test_rev002_a_waiver_moves_the_finding(valid_text: str) -> None:
    report = run(waive(valid_text + review("ekstra", 'due = "januar 2021"'), "REV002"))
    assert report.findings == ()
    assert [f.code for f in report.waived] == ["REV002"]


# REV003 -------------------------------------------------------------------------------


def test_rev003_a_recurring_review_without_date_is_a_warning_at_its_every(
    valid_text: str,
) -> None:
    text = with_due(valid_text, 'every = "1 year"')
    finding = only(run(text), "REV003")
    assert finding.severity is velfaerd.Severity.WARNING
    assert finding.subject == "opfoelgning"
    assert finding.path == "agreements[0].milestones[5].every"
    assert finding.line == line_of(text, 'every = "1 year"')
    assert finding.evidence == {
        "agreement": "auraskolen-2021",
        "milestone": "opfoelgning",
        "every": "1 year",
    }
    assert finding.message == "review 'opfoelgning' recurs every 1 year but has no date"


def test_rev003_only_recurring_undated_reviews(valid_text: str) -> None:
    text = valid_text + review("udateret", "")  # neither due nor every: not REV003
    text += (
        '\n[[agreements.milestones]]\nid = "netvaerk"\ntitle = "Netværksmøde"\n'
        'kind = "meeting"\nevery = "3 months"\n'
    )
    text += review("aflyst", 'every = "1 year"\nstatus = "cancelled"')
    assert "REV003" not in run(text).codes()


def test_rev003_a_waiver_moves_the_finding(valid_text: str) -> None:
    report = run(waive(with_due(valid_text, 'every = "1 year"'), "REV003"))
    assert report.findings == ()
    assert [f.code for f in report.waived] == ["REV003"]


@scaled(150)
@given(
    # Not a month's end (its recurrences keep to months' ends, which plus does not).
    due=st.builds(dt.date, st.integers(2018, 2023), st.integers(1, 12), st.integers(1, 27)),
    cadence=st.sampled_from(
        [(every, months) for months in (6, 12, 18) for every in (1, 2, 3, 6, 12) if every <= months]
    ),
)
def test_rev001_one_recurring_review_that_fits_bounds_all_but_the_start(
    due: dt.date, cadence: tuple[int, int]
) -> None:
    """The only review recurs no less often than review_every: just the first stretch counts."""
    every, months = cadence
    portfolio = reviewed([due], f"{months} months")
    (agreement,) = portfolio.agreements
    (review,) = agreement.milestones
    recurring = attrs.evolve(review, every=velfaerd.dates.Period(every, "months"))
    portfolio = attrs.evolve(
        portfolio, agreements=[attrs.evolve(agreement, milestones=[recurring])]
    )
    report = velfaerd.check(portfolio, config=velfaerd.Config(select=["REV001"]))
    following = (plus(due, every * k) for k in range(400))
    occurrences = list(itertools.takewhile(lambda day: day <= END, following))
    in_term = [day for day in occurrences if day >= START]
    if not in_term:
        assert [f.variant for f in report.findings] == ["none"]
        return
    first = in_term[0]
    expected = [(START, first)] if first == occurrences[0] and first > plus(START, months) else []
    assert [(f.evidence["from"], f.evidence["to"]) for f in report.findings] == [
        (str(velfaerd.DateWindow.exact(a)), str(velfaerd.DateWindow.exact(b))) for a, b in expected
    ]


def test_the_review_rules_share_one_recurrence_per_review_in_a_check() -> None:
    # REV001, REV004 and REV005 read the same recurring reviews: made once per check,
    # and what Recurrence.of makes; a new check (a new index) makes its own.
    portfolio = velfaerd.load(Path(__file__).parents[2] / "examples")
    reviews = [
        (agreement, milestone)
        for agreement in portfolio.agreements
        for milestone in agreement.milestones
        if milestone.every is not None and milestone.due is not None
    ]
    assert reviews
    ctx = Context(portfolio=portfolio, config=Config(), as_of=None)
    again = Context(portfolio=portfolio, config=Config(), as_of=None)
    for agreement, milestone in reviews:
        made = Recurrence.shared(ctx.index, agreement, milestone)
        assert Recurrence.shared(ctx.index, agreement, milestone) is made
        assert Recurrence.shared(again.index, agreement, milestone) is not made
        assert made == Recurrence.of(ctx.index, agreement, milestone)


def test_a_review_shared_by_two_agreements_recurs_over_each_term() -> None:
    # A portfolio built in Python may hold one milestone object in two agreements (an
    # agreement copied with attrs.evolve keeps its milestones): what a check shares
    # between rules is kept per agreement, so the longer term is not measured by the
    # shorter one's recurrence.
    text = (
        PARTIES
        + 'start = 2020-01-01\nduration = "1 year"\n'
        + '[[agreements.milestones]]\nid = "eval"\ntitle = "Evaluering"\nkind = "review"\n'
        + 'due = 2020-06-03\nevery = "1 year"\n'
    )
    (short,) = velfaerd.loads(text).agreements
    longer = attrs.evolve(
        short, id="aftale-2", duration=velfaerd.Period(4, "years"), end=dt.date(2023, 12, 31)
    )
    portfolio = velfaerd.loads(text)
    shared = attrs.evolve(portfolio, agreements=(short, longer))
    copied = attrs.evolve(
        portfolio,
        agreements=(
            short,
            attrs.evolve(longer, milestones=tuple(attrs.evolve(m) for m in longer.milestones)),
        ),
    )
    assert longer.milestones[0] is short.milestones[0]
    as_of = dt.date(2023, 12, 1)  # four yearly reviews of the longer term have ended
    found = [(f.code, f.message) for f in velfaerd.check(shared, as_of=as_of).findings]
    assert found == [(f.code, f.message) for f in velfaerd.check(copied, as_of=as_of).findings]
    assert "4 occurrences" in found[0][1]


@scaled(150)
@given(
    portfolio=plans(reviewed=True),
    as_of=st.none() | st.dates(dt.date(2021, 1, 1), dt.date(2027, 1, 1)),
)
def test_rev001_to_rev003_find_in_full_what_they_find_with_the_fast_path(
    portfolio: velfaerd.Portfolio, as_of: dt.date | None
) -> None:
    # REV001 skips an agreement whose one recurring review fits review_every and
    # begins in the term, reading only the stretch to it (reviews._quiet): read in
    # full, every drawn agreement gives the same findings.
    same_without(portfolio, ["REV001", "REV002", "REV003"], [(reviews, "_quiet", _unsure)], as_of)


def _unsure(*_: object) -> bool:
    return False


def test_rev001_s_fast_path_reads_the_commonest_plan(valid: velfaerd.Portfolio) -> None:
    # One yearly review from a date in the term, with no until: nothing to read in full.
    agreement = valid.agreements[0]
    found = [m for m in agreement.milestones if m.kind is velfaerd.MilestoneKind.REVIEW]
    assert agreement.start is not None
    assert agreement.review_every is not None
    assert reviews._quiet(found, agreement.start, agreement.end, agreement.review_every)
