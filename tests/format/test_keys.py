"""The keys format 1.1 added, read, written back, refused when wrong.

The year of an agreement, budgets, status and version, bases, the actor kinds
``party`` and ``region``, and members.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from tests._documents import (
    AGREEMENT,
    FAILING,
    VALID,
    days,
    groups,
    load,
    milestone,
    problem,
    round_trip,
)

import velfaerd
from velfaerd import graph
from velfaerd.dates import Period
from velfaerd.model import ActorKind, AgreementStatus, BasisKind, MilestoneStatus


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


@pytest.mark.parametrize("kind", [ActorKind.PARTY, ActorKind.REGION])
def test_party_and_region(kind: ActorKind) -> None:
    portfolio = load(f'[[actors]]\nid = "x"\nname = "X"\nkind = "{kind.value}"\n')
    assert portfolio.actors[0].kind is kind
    round_trip(portfolio)


def test_members() -> None:
    text = groups(("kkr", ["byraad-a", "region"]), ("byraad-a", []), ("region", []))
    portfolio = load(text)
    assert portfolio.actor("kkr").members == ("byraad-a", "region")
    round_trip(portfolio)
    assert velfaerd.check(portfolio).findings == ()
    edges = graph.actor_graph(portfolio).edges(data="relation")
    assert sorted((a, b) for a, b, relation in edges if relation == "member") == [
        ("kkr", "byraad-a"),
        ("kkr", "region"),
    ]


def test_every_1_0_file_loads_unchanged() -> None:
    # The 1.0 test data and examples load as before: format 1.1 only adds.
    portfolio = velfaerd.loads(VALID)
    assert all(a.year is None and a.status is None and not a.basis for a in portfolio.agreements)
    assert attrs.evolve(portfolio) == velfaerd.loads(velfaerd.dump(portfolio))


def _with_waiver(rule: str) -> str:
    return FAILING + f'\n[[agreements.waivers]]\nrule = "{rule}"\nreason = "x"\n'


# Issue 14 (items 2-6): an input once silently taken the wrong way.
@pytest.mark.parametrize("rule", ["", " ", "RE V", "REV-1"])
def test_a_blank_or_malformed_waiver_code_is_a_load_problem(rule: str) -> None:
    with pytest.raises(velfaerd.LoadError) as caught:
        velfaerd.loads(_with_waiver(rule))
    (problem,) = caught.value.problems
    assert problem.code == "LOAD003"
    assert problem.path.endswith(".waivers[0].rule")
    assert "rule code or prefix" in problem.message
