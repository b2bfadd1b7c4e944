"""The coverage rules COV001–COV004 against the baseline and small changes to it."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._hypothesis import scaled
from tests.rules._drawn import plans, same_without
from tests.rules._helpers import edit, line_of, only, run, waive

import velfaerd
from velfaerd.i18n import format_date
from velfaerd.rules import coverage, get_rule

COV = velfaerd.Config(select=["COV"])
INKLUSION_THEMES = 'themes = ["udsatte"]'
ERASMUS_THEMES = 'themes = ["internationalt"]\nowner'
POLICIES = 'policies = ["bu-politik"]\n'
ERHVERVSKLASSER = '[[agreements.commitments]]\nid = "erhvervsklasser"'
ERHVERVSKLASSER_GOALS = 'goals = ["Alle elever i udskolingen kender til erhvervsuddannelserne."]\n'
FOLLOW_UP = 'follow_up = "Årligt opfølgningsmøde med Børn & Familieudvalget."\n'
HJERTING = """
[[actors]]
id = "hjerting"
name = "Hjerting Skole"
kind = "institution"
"""
HJERTING_HEAD = '[[actors]]\nid = "hjerting"'
PARTIES = 'parties = ["byraadet", "auraskolen"]'
AURASKOLEN = 'kind = "institution"\nsince = 2010-08-01'


def unit(actor_id: str, part_of: str) -> str:
    """The TOML of a unit of an actor."""
    return (
        f'\n[[actors]]\nid = "{actor_id}"\nname = "{actor_id}"\nkind = "unit"\n'
        f'part_of = "{part_of}"\n'
    )


# The baseline -------------------------------------------------------------------------


def test_the_baseline_gives_no_finding(valid: velfaerd.Portfolio) -> None:
    report = velfaerd.check(valid)
    assert report.findings == ()
    assert report.waived == ()


@pytest.mark.parametrize("as_of", [dt.date(2021, 3, 15), dt.date(2022, 6, 1), dt.date(2024, 3, 14)])
def test_the_baseline_has_its_institution_in_force_through_its_term(
    valid: velfaerd.Portfolio, as_of: dt.date
) -> None:
    assert velfaerd.check(valid, config=COV, as_of=as_of).findings == ()


@pytest.mark.parametrize("code", ["COV001", "COV002", "COV003", "COV004"])
def test_the_examples_fail_and_are_fixed(code: str) -> None:
    found = get_rule(code)
    assert code in velfaerd.check(velfaerd.loads(found.failing)).codes()
    assert code not in velfaerd.check(velfaerd.loads(found.fixed)).codes()


# COV001 -------------------------------------------------------------------------------


def test_cov001_an_uncovered_policy_theme_is_an_error_at_the_policies(valid_text: str) -> None:
    text = edit(valid_text, INKLUSION_THEMES, 'themes = ["faellesskaber"]')
    finding = only(run(text), "COV001")
    assert finding.severity is velfaerd.Severity.ERROR
    assert finding.subject == "udsatte"
    assert finding.path == "agreements[0].policies"
    assert finding.line == line_of(text, POLICIES)
    assert finding.evidence == {
        "agreement": "auraskolen-2021",
        "theme": "udsatte",
        "name": "Børn og unge i udsatte positioner",
        "owner": "bu-politik",
    }
    assert finding.message == (
        "theme 'udsatte' (Børn og unge i udsatte positioner) of policy 'bu-politik' "
        "has no commitment in agreement 'auraskolen-2021'"
    )


def test_cov001_a_theme_that_covers_names_is_reported_at_covers(valid_text: str) -> None:
    text = edit(valid_text, INKLUSION_THEMES, 'themes = ["faellesskaber"]')
    text = edit(text, POLICIES, f'{POLICIES}covers = ["faellesskaber", "udsatte"]\n')
    finding = only(run(text), "COV001")
    assert (finding.subject, finding.path) == ("udsatte", "agreements[0].covers")
    assert finding.line == line_of(text, "covers = ")


def test_cov001_a_theme_covers_leaves_out_needs_no_commitment(valid_text: str) -> None:
    text = edit(valid_text, INKLUSION_THEMES, 'themes = ["faellesskaber"]')
    text = edit(text, POLICIES, f'{POLICIES}covers = ["faellesskaber"]\n')
    assert run(text).findings == ()


def test_cov001_an_empty_covers_takes_up_no_policy_theme(valid_text: str) -> None:
    text = edit(valid_text, INKLUSION_THEMES, "themes = []")
    text = text.replace('themes = ["faellesskaber"]', "themes = []")
    text = edit(text, POLICIES, f"{POLICIES}covers = []\n")
    assert run(text, config=COV).findings == ()


def test_cov001_an_own_focus_area_without_commitment(valid_text: str) -> None:
    text = edit(valid_text, ERASMUS_THEMES, 'themes = ["udsatte"]\nowner')
    finding = only(run(text), "COV001")
    assert finding.subject == "internationalt"
    assert finding.path == "agreements[0].themes"
    assert finding.line == line_of(text, 'themes = [{ id = "internationalt"')
    assert finding.variant == "own"
    assert finding.evidence["owner"] == "agreement"
    assert finding.message == (
        "focus area 'internationalt' (Internationalt udsyn) of agreement "
        "'auraskolen-2021' has no commitment"
    )


def test_cov001_one_finding_per_uncovered_theme_in_document_order(valid_text: str) -> None:
    text = valid_text.replace('themes = ["faellesskaber"]', "themes = []")
    text = edit(text, INKLUSION_THEMES, "themes = []")
    text = edit(text, ERASMUS_THEMES, "themes = []\nowner")
    report = run(text)
    assert report.codes() == {"COV001"}
    # The report sorts by path: the policies' themes, then the own focus areas.
    assert [(f.subject, f.path) for f in report.findings] == [
        ("faellesskaber", "agreements[0].policies"),
        ("udsatte", "agreements[0].policies"),
        ("internationalt", "agreements[0].themes"),
    ]


def test_cov001_a_commitment_without_themes_covers_nothing(valid: velfaerd.Portfolio) -> None:
    (agreement,) = valid.agreements
    first, *rest = agreement.commitments
    changed = attrs.evolve(
        valid,
        agreements=[attrs.evolve(agreement, commitments=[attrs.evolve(first, themes=()), *rest])],
    )
    finding = only(velfaerd.check(changed), "COV001")
    assert finding.subject == "faellesskaber"


def test_cov001_leaves_an_unknown_policy_to_ref002(valid_text: str) -> None:
    text = edit(valid_text, POLICIES, 'policies = ["bu-politik", "ukendt-politik"]\n')
    finding = only(run(text), "REF002")
    assert finding.subject == "ukendt-politik"


def test_cov001_leaves_a_covers_id_that_names_no_theme_to_ref002(valid_text: str) -> None:
    text = edit(valid_text, POLICIES, f'{POLICIES}covers = ["udsatte", "ukendt-tema"]\n')
    finding = only(run(text), "REF002")
    assert finding.subject == "ukendt-tema"


def test_cov001_leaves_an_unknown_commitment_theme_to_ref002(valid_text: str) -> None:
    text = edit(valid_text, INKLUSION_THEMES, 'themes = ["udsatte", "ukendt-tema"]')
    finding = only(run(text), "REF002")
    assert finding.subject == "ukendt-tema"


SECOND_POLICY = """
[[policies]]
id = "bu-politik-2024"
name = "Børn- og Ungepolitikken 2024"
themes = [
  { id = "udsatte", name = "Børn og unge i udsatte positioner" },
  { id = "bevaegelse", name = "Bevægelse og leg" },
]
"""


def test_cov001_a_theme_id_two_policy_versions_share_is_covered_once(valid_text: str) -> None:
    text = edit(valid_text, "[[principles]]", f"{SECOND_POLICY}\n[[principles]]")
    text = edit(text, POLICIES, 'policies = ["bu-politik", "bu-politik-2024"]\n')
    report = run(text)
    # "udsatte" is ambiguous (REF002), but the commitment naming it covers it;
    # "bevaegelse" of the second version has no commitment.
    assert report.codes() == {"REF002", "COV001"}
    (cov,) = [f for f in report.findings if f.code == "COV001"]
    assert (cov.subject, cov.evidence["owner"]) == ("bevaegelse", "bu-politik-2024")


def test_cov001_a_shared_theme_id_nobody_covers_is_reported_once(valid_text: str) -> None:
    text = edit(valid_text, "[[principles]]", f"{SECOND_POLICY}\n[[principles]]")
    text = edit(text, POLICIES, 'policies = ["bu-politik", "bu-politik-2024"]\n')
    text = edit(text, INKLUSION_THEMES, 'themes = ["bevaegelse"]')
    report = run(text)
    cov = [f for f in report.findings if f.code == "COV001"]
    assert [(f.subject, f.evidence["owner"]) for f in cov] == [("udsatte", "bu-politik")]


def test_cov001_a_waiver_moves_the_finding(valid_text: str) -> None:
    text = waive(edit(valid_text, INKLUSION_THEMES, 'themes = ["faellesskaber"]'), "COV001")
    report = run(text)
    assert report.findings == ()
    assert [(f.code, f.subject) for f in report.waived] == [("COV001", "udsatte")]


THEMES = ("faellesskaber", "udsatte", "internationalt")


@scaled(40)
@given(named=st.lists(st.lists(st.sampled_from(THEMES), unique=True), min_size=3, max_size=3))
def test_cov001_reports_exactly_the_themes_no_commitment_names(
    valid: velfaerd.Portfolio, named: list[list[str]]
) -> None:
    (agreement,) = valid.agreements
    commitments = [
        attrs.evolve(c, themes=themes)
        for c, themes in zip(agreement.commitments, named, strict=True)
    ]
    changed = attrs.evolve(valid, agreements=[attrs.evolve(agreement, commitments=commitments)])
    report = velfaerd.check(changed, config=COV)
    covered = {theme for themes in named for theme in themes}
    subjects = [f.subject for f in report.findings]
    assert sorted(subjects) == sorted(set(THEMES) - covered)
    assert {f.code for f in report.findings} <= {"COV001"}


# COV002 -------------------------------------------------------------------------------


def test_cov002_a_commitment_without_goal_is_a_warning_at_the_commitment(
    valid_text: str,
) -> None:
    text = edit(valid_text, ERHVERVSKLASSER_GOALS, "")
    finding = only(run(text), "COV002")
    assert finding.severity is velfaerd.Severity.WARNING
    assert finding.subject == "erhvervsklasser"
    assert finding.path == "agreements[0].commitments[0]"
    assert finding.line == line_of(text, ERHVERVSKLASSER)
    assert finding.evidence == {"agreement": "auraskolen-2021", "commitment": "erhvervsklasser"}
    assert finding.message == "commitment 'erhvervsklasser' has no goal"


def test_cov002_an_empty_goals_list_is_no_goal(valid_text: str) -> None:
    text = edit(valid_text, ERHVERVSKLASSER_GOALS, "goals = []\n")
    assert only(run(text), "COV002").subject == "erhvervsklasser"


def test_cov002_every_commitment_without_goal_is_reported(valid: velfaerd.Portfolio) -> None:
    (agreement,) = valid.agreements
    changed = attrs.evolve(
        valid,
        agreements=[
            attrs.evolve(
                agreement, commitments=[attrs.evolve(c, goals=()) for c in agreement.commitments]
            )
        ],
    )
    report = velfaerd.check(changed)
    assert report.codes() == {"COV002"}
    assert [f.subject for f in report.findings] == ["erhvervsklasser", "inklusion", "erasmus"]


def test_cov002_a_waiver_moves_the_finding(valid_text: str) -> None:
    report = run(waive(edit(valid_text, ERHVERVSKLASSER_GOALS, ""), "COV002"))
    assert report.findings == ()
    assert [f.code for f in report.waived] == ["COV002"]


# COV003 -------------------------------------------------------------------------------


def test_cov003_commitments_without_follow_up_of_their_own_or_inherited(
    valid_text: str,
) -> None:
    text = edit(valid_text, FOLLOW_UP, "")
    report = run(text)
    assert report.codes() == {"COV003"}
    # "inklusion" has its own follow-up; the others inherited the agreement's.
    assert [f.subject for f in report.findings] == ["erhvervsklasser", "erasmus"]
    first = report.findings[0]
    assert first.severity is velfaerd.Severity.WARNING
    assert first.path == "agreements[0].commitments[0]"
    assert first.line == line_of(text, ERHVERVSKLASSER)
    assert first.evidence == {"agreement": "auraskolen-2021", "commitment": "erhvervsklasser"}
    assert first.message == (
        "commitment 'erhvervsklasser' has no follow-up, and agreement 'auraskolen-2021' "
        "has none to inherit"
    )


def test_cov003_a_commitment_of_its_own_suffices(valid_text: str) -> None:
    text = edit(valid_text, FOLLOW_UP, "")
    text = edit(text, ERHVERVSKLASSER_GOALS, f'{ERHVERVSKLASSER_GOALS}follow_up = "Status."\n')
    text = edit(
        text,
        'goals = ["Hver årgang har et internationalt samarbejde."]\n',
        'goals = ["Hver årgang har et internationalt samarbejde."]\nfollow_up = "Status."\n',
    )
    assert run(text).findings == ()


def test_cov003_a_blank_follow_up_is_none(valid_text: str) -> None:
    text = edit(valid_text, FOLLOW_UP, 'follow_up = "  "\n')
    assert [f.subject for f in run(text).findings] == ["erhvervsklasser", "erasmus"]


def test_cov003_a_waiver_moves_the_findings(valid_text: str) -> None:
    report = run(waive(edit(valid_text, FOLLOW_UP, ""), "COV003"))
    assert report.findings == ()
    assert [f.subject for f in report.waived] == ["erhvervsklasser", "erasmus"]


# COV004 -------------------------------------------------------------------------------


def test_cov004_an_institution_party_to_nothing_is_a_warning_at_the_actor(
    valid_text: str,
) -> None:
    text = valid_text + HJERTING
    finding = only(run(text), "COV004")
    assert finding.severity is velfaerd.Severity.WARNING
    assert finding.subject == "hjerting"
    assert finding.path == "actors[6]"
    assert finding.line == line_of(text, HJERTING_HEAD)
    assert finding.variant == "default"
    assert finding.evidence == {
        "institution": "hjerting",
        "name": "Hjerting Skole",
        "as_of": None,
        "as_of_applied": False,
    }
    assert finding.message == "institution 'hjerting' is party to no agreement"


def test_cov004_a_unit_of_the_institution_as_party_counts(valid_text: str) -> None:
    text = edit(valid_text, PARTIES, 'parties = ["byraadet", "auraskolen", "hjerting-indskoling"]')
    text += HJERTING + unit("hjerting-indskoling", "hjerting")
    assert run(text).findings == ()


def test_cov004_a_unit_of_a_unit_of_the_institution_counts(valid_text: str) -> None:
    text = edit(valid_text, PARTIES, 'parties = ["byraadet", "auraskolen", "hjerting-0a"]')
    text += (
        HJERTING
        + unit("hjerting-indskoling", "hjerting")
        + unit("hjerting-0a", "hjerting-indskoling")
    )
    assert run(text).findings == ()


def test_cov004_a_board_of_the_institution_is_not_a_unit_of_it(valid_text: str) -> None:
    text = edit(valid_text, PARTIES, 'parties = ["byraadet", "auraskolen", "hjerting-bestyrelse"]')
    text += HJERTING + (
        '\n[[actors]]\nid = "hjerting-bestyrelse"\nname = "Skolebestyrelsen"\n'
        'kind = "board"\npart_of = "hjerting"\n'
    )
    assert only(run(text), "COV004").subject == "hjerting"


def test_cov004_an_institution_with_no_agreement_in_force_on_as_of(
    valid: velfaerd.Portfolio,
) -> None:
    for as_of in (dt.date(2021, 3, 14), dt.date(2024, 3, 15)):
        finding = only(velfaerd.check(valid, config=COV, as_of=as_of), "COV004")
        assert finding.subject == "auraskolen"
        assert finding.variant == "in-force"
        assert finding.evidence["as_of"] == as_of.isoformat()
        assert finding.evidence["as_of_applied"] is True
        assert finding.message == (
            f"institution 'auraskolen' is party to no agreement in force on {format_date(as_of)}"
        )


def test_cov004_without_as_of_an_agreement_that_ended_still_counts(valid_text: str) -> None:
    text = edit(valid_text, AURASKOLEN, 'kind = "institution"\nsince = 2010-08-01\nuntil = "2030"')
    assert run(text).findings == ()


def test_cov004_an_open_sided_term_is_in_force_on_that_side(
    valid: velfaerd.Portfolio,
) -> None:
    (agreement,) = valid.agreements
    open_ended = attrs.evolve(valid, agreements=[attrs.evolve(agreement, end=None)])
    assert velfaerd.check(open_ended, config=COV, as_of=dt.date(2090, 1, 1)).findings == ()
    no_start = attrs.evolve(valid, agreements=[attrs.evolve(agreement, start=None, entered=None)])
    assert velfaerd.check(no_start, config=COV, as_of=dt.date(1990, 1, 1)).findings == ()


def test_cov004_an_institution_gone_on_as_of_is_not_checked(valid_text: str) -> None:
    text = edit(valid_text, AURASKOLEN, 'kind = "institution"\nsince = 2010-08-01\nuntil = "2025"')
    assert run(text, config=COV, as_of=dt.date(2026, 1, 1)).findings == ()
    # Possibly still there (its until is 2025, any day of it): checked.
    finding = only(run(text, config=COV, as_of=dt.date(2025, 6, 1)), "COV004")
    assert finding.subject == "auraskolen"


def test_cov004_an_institution_not_yet_there_on_as_of_is_not_checked(valid_text: str) -> None:
    text = valid_text + HJERTING.replace(
        'kind = "institution"', 'kind = "institution"\nsince = "august 2023"'
    )
    assert run(text, config=COV, as_of=dt.date(2023, 7, 31)).findings == ()
    assert only(run(text, config=COV, as_of=dt.date(2023, 8, 1)), "COV004").subject == "hjerting"
    assert only(run(text, config=COV), "COV004").subject == "hjerting"


def test_cov004_has_no_agreement_so_a_waiver_does_not_move_it(valid_text: str) -> None:
    report = run(waive(valid_text + HJERTING, "COV004"))
    assert report.codes() == {"COV004"}
    assert report.waived == ()


@scaled(60)
@given(as_of=st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_cov004_fires_on_exactly_the_days_outside_the_term(
    valid: velfaerd.Portfolio, as_of: dt.date
) -> None:
    report = velfaerd.check(valid, config=COV, as_of=as_of)
    in_term = dt.date(2021, 3, 15) <= as_of <= dt.date(2024, 3, 14)
    assert report.codes() == (set() if in_term else {"COV004"})


def _unsure(*_: object) -> bool:
    return False


@scaled(100)
@given(portfolio=plans())
def test_cov001_finds_in_full_what_it_finds_with_the_fast_path(
    portfolio: velfaerd.Portfolio,
) -> None:
    # COV001 skips an agreement whose commitments name what it covers and its own
    # focus areas (coverage._covered): with every theme it takes up read, each drawn
    # agreement gives the same findings.
    same_without(portfolio, ["COV001"], [(coverage, "_covered", _unsure)])
