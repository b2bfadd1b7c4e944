"""The semantics the rule-checker issue names, each pinned by a test on the baseline."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.rules._texts import check, only

import velfaerd
from velfaerd import Severity

REVIEW = """[[agreements.milestones]]
id = "opfoelgning"
title = "Årligt møde om opfølgning på aftalen"
kind = "review"
due = "primo marts 2022"
every = "1 year"
responsible = "bfu"
"""


# COV001 -------------------------------------------------------------------------------


def test_cov001_reports_each_uncovered_theme_at_the_agreement(valid_text: str) -> None:
    text = valid_text.replace('themes = ["udsatte"]', 'themes = ["faellesskaber"]')
    (finding,) = only(check(text), "COV001")
    assert finding.subject == "udsatte"
    assert finding.path == "agreements[0].policies"
    assert finding.evidence["owner"] == "bu-politik"
    assert finding.severity is Severity.ERROR


def test_cov001_honours_covers(valid_text: str) -> None:
    text = valid_text.replace('themes = ["udsatte"]', 'themes = ["faellesskaber"]')
    covered = text.replace(
        'policies = ["bu-politik"]\n', 'policies = ["bu-politik"]\ncovers = ["faellesskaber"]\n'
    )
    assert check(covered).findings == ()


def test_cov001_covers_own_focus_areas(valid_text: str) -> None:
    text = valid_text.replace('themes = ["internationalt"]', 'themes = ["udsatte"]')
    (finding,) = only(check(text), "COV001")
    assert (finding.subject, finding.path) == ("internationalt", "agreements[0].themes")


# REV001 -------------------------------------------------------------------------------


def test_rev001_counts_recurring_reviews_occurrence_by_occurrence(valid_text: str) -> None:
    # Every second year leaves a stretch of two years: certainly too long.
    text = valid_text.replace('every = "1 year"', 'every = "2 years"')
    findings = only(check(text), "REV001")
    assert [f.severity for f in findings] == [Severity.ERROR]
    assert findings[0].evidence["from"] == "primo marts 2022"
    assert findings[0].evidence["to"] == "primo marts 2024"
    assert "primo marts 2022" in findings[0].message


def test_rev001_fires_when_there_is_no_review(valid_text: str) -> None:
    text = valid_text.replace(REVIEW, "")
    (finding,) = only(check(text), "REV001")
    assert (finding.variant, finding.path) == ("none", "agreements[0]")


def test_rev001_ignores_cancelled_reviews(valid_text: str) -> None:
    text = valid_text.replace('every = "1 year"', 'every = "1 year"\nstatus = "cancelled"')
    (finding,) = only(check(text), "REV001")
    assert finding.variant == "none"


def test_rev001_names_the_stretch_that_is_too_long(valid_text: str) -> None:
    text = valid_text.replace(REVIEW, REVIEW.replace('every = "1 year"\n', "")) + (
        REVIEW.replace('"opfoelgning"', '"opfoelgning-2024"').replace(
            'due = "primo marts 2022"\nevery = "1 year"', 'due = "primo marts 2024"'
        )
    )
    (finding,) = only(check(text), "REV001")
    assert (finding.evidence["from"], finding.evidence["to"]) == (
        "primo marts 2022",
        "primo marts 2024",
    )


def test_rev001_possible_stretch_is_a_warning(valid_text: str) -> None:
    # "marts 2022" may be 31 March: from the start (15 March 2021) that is possibly too long.
    text = valid_text.replace('due = "primo marts 2022"', 'due = "marts 2022"')
    (finding,) = only(check(text), "REV001")
    assert finding.severity is Severity.WARNING
    assert finding.message.startswith("possibly")
    assert finding.evidence["certainty"] == "possible"


def test_rev001_review_every_none_turns_it_off(valid_text: str) -> None:
    text = valid_text.replace(REVIEW, "").replace(
        'approval_process = "lokal-aftale"\n',
        'approval_process = "lokal-aftale"\nreview_every = "none"\n',
    )
    assert check(text).findings == ()


def test_rev001_implementation_plans_need_no_review(valid_text: str) -> None:
    text = valid_text.replace(REVIEW, "").replace(
        'kind = "cooperation"', 'kind = "implementation_plan"'
    )
    assert check(text).findings == ()


def test_rev001_six_months(valid_text: str) -> None:
    text = valid_text.replace(
        'approval_process = "lokal-aftale"\n',
        'approval_process = "lokal-aftale"\nreview_every = "6 months"\n',
    )
    findings = only(check(text), "REV001")
    assert {f.evidence["review_every"] for f in findings} == {"6 months"}


def test_rev001_open_ended_last_stretch_runs_to_as_of(valid_text: str) -> None:
    text = valid_text.replace('duration = "3 years"\n', "").replace(
        'every = "1 year"\n', 'every = "1 year"\nuntil = "2023"\n'
    )
    assert velfaerd.loads(text).agreements[0].end is None
    assert "REV001" not in check(text).codes()
    late = check(text, as_of=dt.date(2026, 1, 1))
    assert "REV001" in late.codes()


# Approximate dates ----------------------------------------------------------------------


def test_a_deadline_is_never_possibly_early(valid_text: str) -> None:
    # start-klasser depends on plan; a deadline "senest august 2021" may be any day
    # before, yet is not reported as possibly before the plan.
    text = valid_text.replace('due = "august 2021"', 'due = "senest august 2021"')
    assert check(text).findings == ()
    early = valid_text.replace('due = "august 2021"', 'due = "senest maj 2021"')
    (finding,) = only(check(early), "MIL002")
    assert finding.severity is Severity.ERROR


def test_an_order_implied_by_the_process_is_apr001_not_mil002(valid_text: str) -> None:
    text = valid_text.replace("due = 2021-03-08\n", 'due = 2021-02-01\ndepends_on = ["indgaaet"]\n')
    (finding,) = only(check(text), "APR001")
    assert finding.subject == "bestyrelse"


# as_of ----------------------------------------------------------------------------------


def test_rules_that_need_as_of_say_why_they_did_not_run(valid: velfaerd.Portfolio) -> None:
    report = velfaerd.check(valid)
    status = report.status("MIL005")
    assert status is not None
    assert (status.ran, status.reason) == (False, "needs an as-of date (as_of)")
    assert report.to_dict()["rules"][-1]["code"] in {"REV005", "REF003"}


def test_cov004_counts_agreements_in_force_on_as_of(valid: velfaerd.Portfolio) -> None:
    assert "COV004" not in velfaerd.check(valid, as_of=dt.date(2022, 1, 1)).codes()
    later = velfaerd.check(valid, as_of=dt.date(2030, 1, 1))
    (finding,) = [f for f in later.findings if f.code == "COV004"]
    assert finding.subject == "auraskolen"


# Waivers and configuration -----------------------------------------------------------


def test_a_waiver_moves_findings_to_waived(valid_text: str) -> None:
    text = valid_text.replace(REVIEW, "").replace(
        'approval_process = "lokal-aftale"\n',
        'approval_process = "lokal-aftale"\n'
        'waivers = [{ rule = "REV001", reason = "Frisat af Byrådet", granted_by = "byraadet" }]\n',
    )
    report = check(text)
    assert report.findings == ()
    assert [f.code for f in report.waived] == ["REV001"]
    assert report.ok


@pytest.mark.parametrize(
    ("config", "codes"),
    [
        (velfaerd.Config(ignore=["REV"]), {"COV001"}),
        (velfaerd.Config(select=["REV"]), {"REV001"}),
        (velfaerd.Config(severity={"COV001": "info"}), {"COV001", "REV001"}),
    ],
)
def test_configuration_selects_and_overrides(
    valid_text: str, config: velfaerd.Config, codes: set[str]
) -> None:
    text = valid_text.replace(REVIEW, "").replace(
        'themes = ["udsatte"]', 'themes = ["faellesskaber"]'
    )
    report = check(text, config=config)
    assert report.codes() == codes
    if "COV001" in codes and config.severity:
        assert next(f for f in report.findings if f.code == "COV001").severity is Severity.INFO


def test_findings_are_sorted_by_source_path_and_code(valid_text: str) -> None:
    text = valid_text.replace(REVIEW, "").replace(
        'themes = ["udsatte"]', 'themes = ["faellesskaber"]'
    )
    report = check(text)
    assert list(report.findings) == sorted(report.findings, key=velfaerd.Finding.sort_key)
    data = report.to_dict()
    assert data["version"] == 1
    assert data["summary"]["errors"] == 2
    assert data["findings"][0]["evidence"]
