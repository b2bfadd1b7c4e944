"""Format 1.1: every new key and date form, read, written back, refused when wrong."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._hypothesis import scaled
from tests.rules._texts import AGREEMENT, _actors, load, milestone

import velfaerd
from velfaerd import graph
from velfaerd import strategies as vst
from velfaerd.amounts import Amount, format_amount, parse_amount
from velfaerd.dates import DateWindow, Period, RelativeDate, parse_period, parse_relative
from velfaerd.errors import AmountFormatError, DateFormatError
from velfaerd.model import ActorKind, AgreementStatus, BasisKind, MilestoneStatus

ROOT = Path(__file__).parent.parent
VALID = (ROOT / "tests" / "data" / "valid.toml").read_text(encoding="utf-8")


def days(first: str | None, last: str) -> DateWindow:
    return DateWindow(
        None if first is None else dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    )


def problem(text: str) -> velfaerd.Problem:
    with pytest.raises(velfaerd.LoadError) as caught:
        load(text)
    (only,) = caught.value.problems
    return only


def round_trip(portfolio: velfaerd.Portfolio) -> velfaerd.Portfolio:
    again = velfaerd.loads(velfaerd.dump(portfolio))
    assert again == portfolio
    return again


# Date forms ----------------------------------------------------------------------------

NEW_FORMS = [
    # "udkast til Rammeaftale 2021-22": two years, the second written short
    ("2021-22", days("2021-01-01", "2022-12-31")),
    ("1999-00", days("1999-01-01", "2000-12-31")),
    ("2021 - 22", days("2021-01-01", "2022-12-31")),
    # quarters: "1. kvt. 2019", "Q1 2019"
    ("1. kvt. 2019", days("2019-01-01", "2019-03-31")),
    ("2. kvt 2019", days("2019-04-01", "2019-06-30")),
    ("Q1 2019", days("2019-01-01", "2019-03-31")),
    ("q4 2019", days("2019-10-01", "2019-12-31")),
    ("Q3, 2019".replace(",", ""), days("2019-07-01", "2019-09-30")),
    ("inden udgangen af Q2 2019", days(None, "2019-06-30")),
    # "skoleåret 2013-2014" with a hyphen, as well as a slash
    ("skoleåret 2013-2014", days("2013-08-01", "2014-07-31")),
    ("skoleåret 2013-14", days("2013-08-01", "2014-07-31")),
    ("Skoleåret 2013 - 2014", days("2013-08-01", "2014-07-31")),
]


@pytest.mark.parametrize(("text", "expected"), NEW_FORMS)
def test_new_date_forms(text: str, expected: DateWindow) -> None:
    assert velfaerd.parse_window(text) == expected


@pytest.mark.parametrize(("text", "expected"), NEW_FORMS)
def test_new_date_forms_round_trip_in_a_file(text: str, expected: DateWindow) -> None:
    portfolio = load(AGREEMENT + milestone("m", f'"{text}"'))
    assert portfolio.agreements[0].milestones[0].due == expected
    round_trip(portfolio)


def test_2021_12_says_why_and_what_to_write() -> None:
    found = problem(AGREEMENT + milestone("m", '"2021-12"'))
    assert found.code == "LOAD003"
    assert found.path == "agreements[0].milestones[0].due"
    assert "'2021-12'" in found.message
    assert "neither as a month nor as two years" in found.message
    assert '"december 2021"' in found.message
    assert '"2021-2022"' in found.message


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2021-25", "run into the next year"),
        ("Q5 2019", "no Q5"),
        ("5. kvt. 2019", "no 5. kvartal"),
        ("skoleåret 2013-2015", "runs into the next year"),
        ("2021-2", "not a date form"),
    ],
)
def test_bad_new_forms_say_why(text: str, reason: str) -> None:
    with pytest.raises(DateFormatError, match=reason):
        velfaerd.parse_window(text)


def test_a_plain_hyphenated_range_of_years_is_still_a_range() -> None:
    assert velfaerd.parse_window("2013-2014") == days("2013-01-01", "2014-12-31")


# A year from context ---------------------------------------------------------------------

YEARLESS = [
    ("medio maj", days("2013-05-11", "2013-05-20")),
    ("1. december", days("2013-12-01", "2013-12-01")),
    ("December", days("2013-12-01", "2013-12-31")),
    ("uge 8", days("2013-02-18", "2013-02-24")),
    ("i foråret", days("2013-03-01", "2013-05-31")),
    ("3. kvartal", days("2013-07-01", "2013-09-30")),
    ("inden udgangen af 2. kvartal", days(None, "2013-06-30")),
    ("februar-marts", days("2013-02-01", "2013-03-31")),
    ("primo juni 2014", days("2014-06-01", "2014-06-10")),  # its own year wins
]


@pytest.mark.parametrize(("text", "expected"), YEARLESS)
def test_year_from_context(text: str, expected: DateWindow) -> None:
    assert velfaerd.parse_window(text, year=2013) == expected
    portfolio = load(AGREEMENT + "year = 2013\n" + milestone("m", f'"{text}"'))
    agreement = portfolio.agreements[0]
    assert agreement.year == 2013
    assert agreement.milestones[0].due == expected
    round_trip(portfolio)


def test_year_applies_to_every_date_of_the_agreement() -> None:
    text = AGREEMENT + 'year = 2013\nentered = "1. februar"\nstart = "februar"\nend = "december"\n'
    text += '[[agreements.phases]]\nid = "f"\nname = "Fase 1"\nstart = "februar"\nend = "august"\n'
    text += '[[agreements.waivers]]\nrule = "REV"\nreason = "x"\ngranted = "medio januar"\n'
    text += milestone(
        "m", '"juni"', 'until = "ultimo november"', 'every = "1 month"', 'met_on = "2. juni"'
    )
    agreement = load(text).agreements[0]
    assert (agreement.start, agreement.end) == (dt.date(2013, 2, 1), dt.date(2013, 12, 31))
    assert agreement.phases[0].end == dt.date(2013, 8, 31)
    assert agreement.waivers[0].granted == days("2013-01-11", "2013-01-20")
    assert agreement.milestones[0].until == days("2013-11-21", "2013-11-30")
    assert agreement.milestones[0].met_on == days("2013-06-02", "2013-06-02")


def test_without_year_a_date_without_one_is_still_an_error() -> None:
    found = problem(AGREEMENT + milestone("m", '"medio maj"'))
    assert found.code == "LOAD003"
    assert "'medio maj'" in found.message
    assert "never guessed" in found.message


def test_year_does_not_reach_other_agreements_or_policies() -> None:
    text = (
        AGREEMENT
        + "year = 2013\n"
        + AGREEMENT.split("[[agreements]]")[1]
        .join(["[[agreements]]", ""])
        .replace('id = "aftale"', 'id = "anden"')
    )
    text += milestone("m", '"medio maj"')
    found = problem(text)
    assert found.path == "agreements[1].milestones[0].due"


@pytest.mark.parametrize("year", ['"2013"', "13", "10000", "true"])
def test_a_bad_year_is_a_load_error(year: str) -> None:
    found = problem(AGREEMENT + f"year = {year}\n")
    assert (found.code, found.path) == ("LOAD003", "agreements[0].year")
    assert "year" in found.message


# Relative dates --------------------------------------------------------------------------

RELATIVE = [
    ("2 år efter start", Period(2, "years"), False, "start"),
    ("to år efter start", Period(2, "years"), False, "start"),
    ("et år efter opstart", Period(1, "years"), False, "start"),
    ("6 måneder før slut", Period(6, "months"), True, "slut"),
    ("seks måneder før end", Period(6, "months"), True, "slut"),
    ("3 måneder efter temadag", Period(3, "months"), False, "temadag"),
    ("tolv uger efter temadag", Period(12, "weeks"), False, "temadag"),
    ("14 dage før temadag", Period(14, "days"), True, "temadag"),
    ("1 year after start", Period(1, "years"), False, "start"),
]


@pytest.mark.parametrize(("text", "period", "before", "anchor"), RELATIVE)
def test_relative_dates_read(text: str, period: Period, before: bool, anchor: str) -> None:
    relative = parse_relative(text)
    assert (relative.period, relative.before, relative.anchor) == (period, before, anchor)
    assert str(relative) == text


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ('"2 år efter start"', days("2015-02-01", "2015-02-01")),
        ('"6 måneder før slut"', days("2015-06-30", "2015-06-30")),
        ('"3 måneder efter temadag"', days("2013-05-21", "2013-05-31")),
        ('"1 uge før temadag"', days("2013-02-14", "2013-02-21")),
        ('"2 måneder efter opfølgning"', days("2013-07-21", "2013-07-31")),
    ],
)
def test_relative_dates_resolve_and_round_trip(due: str, expected: DateWindow) -> None:
    text = AGREEMENT + "start = 2013-02-01\nend = 2015-12-31\n"
    text += milestone("temadag", '"ultimo februar 2013"')
    text += milestone("opfølgning", '"3 måneder efter temadag"')
    text += milestone("m", due)
    portfolio = load(text)
    resolved = portfolio.agreements[0].milestones[2]
    assert resolved.due == expected
    assert resolved.relative is not None
    assert f"due = {due}" in velfaerd.dump(portfolio)
    round_trip(portfolio)
    assert velfaerd.check(portfolio).findings == ()


def test_a_relative_date_keeps_what_was_written() -> None:
    portfolio = load(AGREEMENT + "start = 2013-02-01\n" + milestone("m", '"Et år efter opstart"'))
    assert 'due = "Et år efter opstart"' in velfaerd.dump(portfolio)


@pytest.mark.parametrize(
    ("due", "extra"),
    [
        ('"2 år efter start"', ""),  # the agreement has no start
        ('"3 måneder efter udateret"', ""),  # the anchor has no date
        ('"6 måneder før slut"', "start = 2013-02-01\n"),  # an open end
    ],
)
def test_an_anchor_without_a_date_leaves_it_undated(due: str, extra: str) -> None:
    text = AGREEMENT + extra + '\n[[agreements.milestones]]\nid = "udateret"\ntitle = "U"\n'
    text += milestone("m", due)
    portfolio = load(text)
    assert portfolio.agreements[0].milestones[1].due is None
    round_trip(portfolio)


@pytest.mark.parametrize(
    ("due", "reason"),
    [
        ('"fem-seks måneder efter start"', "its period 'fem-seks måneder' cannot be read"),
        ('"nogle år efter start"', "its period 'nogle år' cannot be read"),
        ('"3 måneder efter 2021-05-01"', "its anchor '2021-05-01' is a date"),
        ('"3 måneder efter 1. maj 2021"', "its anchor '1. maj 2021' is a date"),
        ('"3 måneder efter den store dag"', "is not start, slut or a milestone id"),
    ],
)
def test_bad_relative_dates_are_load_errors(due: str, reason: str) -> None:
    found = problem(AGREEMENT + milestone("m", due))
    assert (found.code, found.path) == ("LOAD003", "agreements[0].milestones[0].due")
    assert due.strip('"') in found.message
    assert reason in found.message


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


def test_period_number_words() -> None:
    words = [
        "en",
        "et",
        "to",
        "tre",
        "fire",
        "fem",
        "seks",
        "syv",
        "otte",
        "ni",
        "ti",
        "elleve",
        "tolv",
    ]
    counts = [parse_period(f"{word} måneder").count for word in words]
    assert counts == [1, 1, *range(2, 13)]
    with pytest.raises(DateFormatError, match="'tretten' is not a number"):
        parse_period("tretten måneder")


@given(vst.periods(), st.booleans(), st.sampled_from(["start", "slut", "temadag", "m-2"]))
def test_relative_dates_round_trip_through_text(period: Period, before: bool, anchor: str) -> None:
    relative = RelativeDate(period=period, before=before, anchor=anchor)
    assert parse_relative(str(relative)) == relative


# Amounts ------------------------------------------------------------------------------------

AMOUNTS = [
    ("4 mio. kr.", Amount(4_000_000)),
    ("1,5 mio. kr.", Amount(1_500_000)),
    ("250.000 kr.", Amount(250_000)),
    ("200.000 kr", Amount(200_000)),
    ("ca. 16 mio. kr. årligt", Amount(16_000_000, approximate=True, yearly=True)),
    ("cirka 16 mio. kr.", Amount(16_000_000, approximate=True)),
    ("4 mio. kr. årligt", Amount(4_000_000, yearly=True)),
    ("4 millioner kroner om året", Amount(4_000_000, yearly=True)),
    ("1,25 mia. kr.", Amount(1_250_000_000)),
    ("500 t. kr.", Amount(500_000)),
    ("12345 kr.", Amount(12_345)),
    ("0 kr.", Amount(0)),
    ("  4   MIO. KR. ", Amount(4_000_000)),
]


@pytest.mark.parametrize(("text", "expected"), AMOUNTS)
def test_danish_amounts(text: str, expected: Amount) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("fire millioner", "not a Danish amount"),
        ("4 mio.", "not a Danish amount"),
        ("4,5 kr.", "not a whole number of kroner"),
        ("1.5 mio. kr.", "not a Danish amount"),
        ("", "not a Danish amount"),
    ],
)
def test_bad_amounts_say_why(text: str, reason: str) -> None:
    with pytest.raises(AmountFormatError, match=reason) as caught:
        parse_amount(text)
    assert repr(text) in str(caught.value)


@given(st.integers(0, 10**12))
def test_format_amount_reads_back(kroner: int) -> None:
    assert parse_amount(format_amount(kroner)) == Amount(kroner)


BUDGETS = [
    ("{ amount = 4000000 }", velfaerd.Budget(amount=4_000_000)),
    ('{ amount = "4 mio. kr." }', velfaerd.Budget(amount=4_000_000)),
    (
        '{ amount = "ca. 16 mio. kr. årligt" }',
        velfaerd.Budget(amount=16_000_000, approximate=True, every=Period(1, "years")),
    ),
    (
        (
            '{ amount = "4 mio. kr. årligt", every = "1 year", '
            'description = "hvoraf to af disse tilgår almensystemet" }'
        ),
        velfaerd.Budget(
            amount=4_000_000,
            every=Period(1, "years"),
            description="hvoraf to af disse tilgår almensystemet",
        ),
    ),
    ('{ amount = "200.000 kr.", year = 2019 }', velfaerd.Budget(amount=200_000, year=2019)),
    (
        '{ amount = 5, approximate = true, every = "6 months" }',
        velfaerd.Budget(amount=5, approximate=True, every=Period(6, "months")),
    ),
]


@pytest.mark.parametrize(("table", "expected"), BUDGETS)
def test_budgets_on_agreements_and_commitments(table: str, expected: velfaerd.Budget) -> None:
    text = AGREEMENT + f"budget = [{table}]\n"
    text += f'[[agreements.commitments]]\nid = "c"\ntitle = "C"\nbudget = [{table}]\n'
    agreement = load(text).agreements[0]
    assert agreement.budget == (expected,)
    assert agreement.commitments[0].budget == (expected,)
    round_trip(load(text))


@pytest.mark.parametrize(
    ("table", "reason"),
    [
        ('{ amount = "fire millioner" }', "cannot read the amount 'fire millioner'"),
        ("{ amount = -1 }", "not negative"),
        ("{ amount = 1.5 }", "expected whole kroner"),
        ('{ amount = "4 mio. kr. årligt", every = "2 years" }', "says it is yearly"),
        ('{ amount = 1, year = "2019" }', "a year"),
    ],
)
def test_bad_budgets_are_load_errors(table: str, reason: str) -> None:
    found = problem(AGREEMENT + f"budget = [{table}]\n")
    assert found.code == "LOAD003"
    assert found.path.startswith("agreements[0].budget[0]")
    assert reason in found.message


# Status, version, supersedes, basis ---------------------------------------------------------


@pytest.mark.parametrize("status", list(AgreementStatus))
def test_agreement_status(status: AgreementStatus) -> None:
    portfolio = load(AGREEMENT + f'status = "{status.value}"\nversion = "revideret marts 2014"\n')
    assert portfolio.agreements[0].status is status
    assert portfolio.agreements[0].version == "revideret marts 2014"
    round_trip(portfolio)


def test_an_unknown_status_lists_the_allowed_ones() -> None:
    found = problem(AGREEMENT + 'status = "udkast"\n')
    assert (found.code, found.path) == ("LOAD003", "agreements[0].status")
    assert "'draft', 'proposed', 'adopted', 'revoked'" in found.message
    assert "'udkast'" in found.message


def test_milestone_status_in_progress() -> None:
    portfolio = load(AGREEMENT + milestone("m", "2013-06-01", 'status = "in_progress"'))
    assert portfolio.agreements[0].milestones[0].status is MilestoneStatus.IN_PROGRESS
    round_trip(portfolio)
    found = problem(AGREEMENT + milestone("m", "2013-06-01", 'status = "iværksat"'))
    assert "'in_progress'" in found.message


def test_in_progress_past_due_is_still_overdue() -> None:
    portfolio = load(AGREEMENT + milestone("m", "2013-06-01", 'status = "in_progress"'))
    report = velfaerd.check(portfolio, as_of=dt.date(2014, 1, 1))
    assert "MIL005" in report.codes()


BASES = [
    (
        '{ title = "Lov om Ungdomsskoler", kind = "law" }',
        velfaerd.Basis(title="Lov om Ungdomsskoler", kind=BasisKind.LAW),
    ),
    (
        '{ title = "Kommuneaftalen for 2011", kind = "agreement", date = "juni 2010" }',
        velfaerd.Basis(
            title="Kommuneaftalen for 2011",
            kind=BasisKind.AGREEMENT,
            date=days("2010-06-01", "2010-06-30"),
        ),
    ),
    (
        (
            '{ title = "Socialstyrelsens centrale udmeldinger", kind = "strategy", '
            'url = "https://socialstyrelsen.dk" }'
        ),
        velfaerd.Basis(
            title="Socialstyrelsens centrale udmeldinger",
            kind=BasisKind.STRATEGY,
            url="https://socialstyrelsen.dk",
        ),
    ),
    (
        '{ title = "Beslutning", kind = "decision", date = 2013-03-05 }',
        velfaerd.Basis(
            title="Beslutning", kind=BasisKind.DECISION, date=days("2013-03-05", "2013-03-05")
        ),
    ),
    ('{ title = "Noget" }', velfaerd.Basis(title="Noget")),
]


@pytest.mark.parametrize(("table", "expected"), BASES)
def test_basis_on_agreements_and_policies(table: str, expected: velfaerd.Basis) -> None:
    text = (
        f'[[policies]]\nid = "p"\nname = "P"\nbasis = [{table}]\n'
        + AGREEMENT
        + f"basis = [{table}]\n"
    )
    portfolio = load(text)
    assert portfolio.policies[0].basis == (expected,)
    assert portfolio.agreements[0].basis == (expected,)
    round_trip(portfolio)
    assert velfaerd.check(portfolio).findings == ()


def test_an_unknown_basis_kind_is_a_load_error() -> None:
    found = problem(AGREEMENT + 'basis = [{ title = "X", kind = "lov" }]\n')
    assert (found.code, found.path) == ("LOAD003", "agreements[0].basis[0].kind")
    assert "'law'" in found.message


# Actors -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [ActorKind.PARTY, ActorKind.REGION])
def test_party_and_region(kind: ActorKind) -> None:
    portfolio = load(f'[[actors]]\nid = "x"\nname = "X"\nkind = "{kind.value}"\n')
    assert portfolio.actors[0].kind is kind
    round_trip(portfolio)


def test_members() -> None:
    text = _actors(("kkr", ["byraad-a", "region"]), ("byraad-a", []), ("region", []))
    portfolio = load(text)
    assert portfolio.actor("kkr").members == ("byraad-a", "region")
    round_trip(portfolio)
    assert velfaerd.check(portfolio).findings == ()
    edges = graph.actor_graph(portfolio).edges(data="relation")
    assert sorted((a, b) for a, b, relation in edges if relation == "member") == [
        ("kkr", "byraad-a"),
        ("kkr", "region"),
    ]


# AGR004 -------------------------------------------------------------------------------------


# Graphs -------------------------------------------------------------------------------------


def test_reference_graph_and_budget_matrix() -> None:
    text = '[[policies]]\nid = "p"\nname = "P"\nthemes = [{ id = "t", name = "T" }]\n' + AGREEMENT
    text += 'policies = ["p"]\nbasis = [{ title = "P", ref = "p" }]\n'
    text += '[[agreements.commitments]]\nid = "c"\ntitle = "C"\nthemes = ["t"]\n'
    text += 'budget = [{ amount = 1000 }, { amount = "1 mio. kr." }]\n'
    portfolio = load(text)
    edges = list(graph.reference_graph(portfolio).edges(data="relation"))
    assert edges == [(("agreement", "aftale"), ("policy", "p"), "basis")]
    assert graph.budget_matrix(portfolio) == {"aftale": {"t": 1_001_000}}


# Properties -----------------------------------------------------------------------------------


@scaled(10)
@given(vst.portfolios(max_agreements=2, max_milestones=6))
def test_generated_portfolios_use_format_1_1_and_round_trip(portfolio: velfaerd.Portfolio) -> None:
    again = round_trip(portfolio)
    assert velfaerd.check(again).findings == ()


def test_the_strategies_draw_every_new_key() -> None:
    seen: set[str] = set()

    @scaled(60)
    @given(vst.portfolios(max_agreements=2, max_milestones=5))
    def collect(portfolio: velfaerd.Portfolio) -> None:
        seen.update(f"actor.{a.kind.value}" for a in portfolio.actors)
        seen.update("members" for a in portfolio.actors if a.members)
        seen.update("policy.basis" for p in portfolio.policies if p.basis)
        for agreement in portfolio.agreements:
            for name in ("year", "status", "version", "supersedes"):
                if getattr(agreement, name) is not None:
                    seen.add(name)
            seen.update(("basis",) if agreement.basis else ())
            seen.update(("budget",) if agreement.budget else ())
            seen.update("commitment.budget" for c in agreement.commitments if c.budget)
            for m in agreement.milestones:
                if m.relative is not None:
                    anchor = m.relative.anchor
                    seen.add(f"relative.{anchor if anchor in {'start', 'slut'} else 'milestone'}")
                if m.status is MilestoneStatus.IN_PROGRESS:
                    seen.add("in_progress")

    collect()
    assert {
        "actor.party",
        "actor.region",
        "members",
        "policy.basis",
        "year",
        "status",
        "version",
        "supersedes",
        "basis",
        "budget",
        "commitment.budget",
        "relative.start",
        "relative.slut",
        "relative.milestone",
        "in_progress",
    } <= seen


def test_every_1_0_file_loads_unchanged() -> None:
    # The 1.0 test data and examples load as before: format 1.1 only adds.
    portfolio = velfaerd.loads(VALID)
    assert all(a.year is None and a.status is None and not a.basis for a in portfolio.agreements)
    assert attrs.evolve(portfolio) == velfaerd.loads(velfaerd.dump(portfolio))


def test_a_milestone_id_defined_twice_resolves_each_and_anchors_on_the_first() -> None:
    text = AGREEMENT + "start = 2013-02-01\n"
    text += milestone("m", '"1 måned efter start"') + milestone("m", '"2 måneder efter start"')
    text += milestone("n", '"1 uge efter m"')
    dues = [m.due for m in load(text).agreements[0].milestones]
    assert dues == [
        days("2013-03-01", "2013-03-01"),
        days("2013-04-01", "2013-04-01"),
        days("2013-03-08", "2013-03-08"),
    ]
