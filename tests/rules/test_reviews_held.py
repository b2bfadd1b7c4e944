"""``REV004`` and ``REV005``: the review rules over what happened, not what was planned.

(The rules of what is planned, ``REV001``–``REV003``, are ``tests/rules/test_reviews.py``.)
"""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import given
from hypothesis import strategies as st
from tests._documents import PARTIES, YEARLY_REVIEW
from tests._hypothesis import scaled
from tests.rules._drawn import plans, same_without

import velfaerd
from velfaerd import strategies as vst
from velfaerd.model import Occurrence, OccurrenceStatus
from velfaerd.rules import get_rule, reviews_held

HELD = velfaerd.Config(select=["REV004", "REV005"])
AS_OF = dt.date(2024, 6, 1)


def _with(*records: str) -> str:
    return YEARLY_REVIEW + "".join(
        f"\n[[agreements.milestones.occurrences]]\n{r}\n" for r in records
    )


def _run(text: str, as_of: dt.date | None = AS_OF, lang: str = "en") -> velfaerd.Report:
    config = velfaerd.Config(select=["REV004", "REV005"], lang=lang)
    return velfaerd.check(velfaerd.loads(text, source="aftale.toml"), config, as_of=as_of)


def test_rev004_counts_the_ended_occurrences_without_a_record_and_names_the_latest() -> None:
    report = _run(_with('due = "marts 2022"\nstatus = "met"'))
    (finding,) = report.findings
    assert (finding.code, finding.path, finding.subject) == (
        "REV004",
        "agreements[0].milestones[0].every",
        "opfoelgning",
    )
    assert finding.evidence["count"] == 2
    assert finding.message == (
        "review 'opfoelgning' has 2 occurrences that have ended without a record of whether "
        "they were held (the latest: primo marts 2024, primo marts 2023)"
    )
    (danish,) = _run(_with('due = "marts 2022"\nstatus = "met"'), lang="da").findings
    assert danish.message == (
        "opfølgningsmødet 'opfoelgning' har 2 forekomster, hvor tiden er gået, uden at det er "
        "registreret, om de blev holdt (de seneste: primo marts 2024, primo marts 2023)"
    )


def test_rev004_one_occurrence_and_none_before_its_window_ends() -> None:
    (finding,) = _run(YEARLY_REVIEW, as_of=dt.date(2022, 3, 11)).findings
    assert finding.variant == "one"
    assert finding.message == (
        "review 'opfoelgning' was due primo marts 2022, and nothing records whether it was held"
    )
    assert (
        _run(YEARLY_REVIEW, as_of=dt.date(2022, 3, 10)).findings == ()
    )  # its window has not ended
    assert _run(YEARLY_REVIEW, as_of=None).findings == ()  # nothing reads today's date
    cancelled = YEARLY_REVIEW.replace('every = "1 year"', 'every = "1 year"\nstatus = "cancelled"')
    assert _run(cancelled).codes() == set()


def test_rev005_a_cancelled_review_leaves_a_stretch_too_long() -> None:
    cancelled = _with('due = "marts 2023"\nstatus = "cancelled"')
    (finding,) = _run(cancelled, as_of=None).findings
    assert (finding.code, finding.severity, finding.path) == (
        "REV005",
        velfaerd.Severity.ERROR,
        "agreements[0].milestones[0].occurrences",
    )
    assert (finding.evidence["from_date"], finding.evidence["to_date"]) == (
        "primo marts 2022",
        "primo marts 2024",
    )
    (danish,) = _run(cancelled, as_of=None, lang="da").findings
    assert danish.message == (
        "opfølgningsmødet 'opfoelgning' primo marts 2023 blev aflyst: fra primo marts 2022 "
        "til primo marts 2024 blev der ikke holdt nogen opfølgning, og det er længere end 1 år"
    )


def test_rev005_counts_a_review_where_it_was_held_or_moved_to() -> None:
    moved = _with('due = "marts 2023"\nstatus = "moved"\nmoved_to = "juni 2023"')
    assert _run(moved, as_of=None).findings == ()
    not_met = _with('due = "marts 2023"\nstatus = "not_met"')
    assert _run(not_met, as_of=None).codes() == {"REV005"}
    # The stretch a cancelled review leaves ends where the next was held.
    late = _with(
        'due = "marts 2022"\nstatus = "cancelled"',
        'due = "marts 2023"\nstatus = "met"\nheld_on = 2023-04-01',
    )
    (finding,) = _run(late, as_of=None).findings
    assert (finding.evidence["from_date"], finding.evidence["to_date"]) == (
        "15. marts 2021",
        "1. april 2023",
    )


def test_rev005_a_single_review_not_met() -> None:
    text = YEARLY_REVIEW.replace('every = "1 year"', 'status = "not_met"')
    (finding,) = _run(text, as_of=None).findings
    assert (finding.code, finding.path) == ("REV005", "agreements[0].milestones[0].status")
    assert finding.evidence["to_date"] == "14. marts 2024"


@scaled(10)
@given(vst.violating("REV005"))
def test_every_record_met_gives_neither_rev004_nor_rev005(portfolio: velfaerd.Portfolio) -> None:
    assert "REV005" in velfaerd.check(portfolio, HELD).codes()
    met = attrs.evolve(
        portfolio,
        agreements=tuple(
            attrs.evolve(
                agreement,
                milestones=tuple(
                    attrs.evolve(
                        m,
                        occurrences=tuple(
                            attrs.evolve(o, status=OccurrenceStatus.MET) for o in m.occurrences
                        ),
                    )
                    for m in agreement.milestones
                ),
            )
            for agreement in portfolio.agreements
        ),
    )
    assert velfaerd.check(met, HELD).codes() == set()


@scaled(10)
@given(vst.portfolios(in_force_on=AS_OF, max_agreements=2, max_milestones=3))
def test_recording_every_ended_occurrence_as_held_leaves_nothing_to_ask(
    portfolio: velfaerd.Portfolio,
) -> None:
    assert velfaerd.check(portfolio, HELD, as_of=AS_OF).codes() == set()
    # Forgetting a record of an ended occurrence is REV004; nothing else changes.
    recorded = [
        (a, m)
        for a, agreement in enumerate(portfolio.agreements)
        for m, milestone in enumerate(agreement.milestones)
        if milestone.occurrences
    ]
    if recorded:
        a, m = recorded[0]
        agreement = portfolio.agreements[a]
        milestones = list(agreement.milestones)
        milestones[m] = attrs.evolve(milestones[m], occurrences=milestones[m].occurrences[1:])
        agreements = list(portfolio.agreements)
        agreements[a] = attrs.evolve(agreement, milestones=tuple(milestones))
        forgot = attrs.evolve(portfolio, agreements=tuple(agreements))
        assert velfaerd.check(forgot, HELD, as_of=AS_OF).codes() == {"REV004"}


def test_the_rules_need_and_say_what_they_need() -> None:
    assert get_rule("REV004").needs_as_of
    assert not get_rule("REV005").needs_as_of
    assert Occurrence.__doc__


def test_mil005_reads_the_date_a_milestone_was_moved_to() -> None:
    text = YEARLY_REVIEW.replace('every = "1 year"\n', "") + 'moved_to = "juni 2022"\n'
    config = velfaerd.Config(select=["MIL005"])
    portfolio = velfaerd.loads(text, source="aftale.toml")
    assert velfaerd.check(portfolio, config, as_of=dt.date(2022, 4, 1)).findings == ()
    (finding,) = velfaerd.check(portfolio, config, as_of=dt.date(2022, 7, 1)).findings
    assert (finding.path, finding.evidence["due"]) == (
        "agreements[0].milestones[0].moved_to",
        "juni 2022",
    )


def test_rev004_names_the_days_it_misses_in_the_reader_s_language() -> None:
    text = (
        PARTIES
        + 'start = 2020-01-01\nduration = "4 years"\n'
        + '[[agreements.milestones]]\nid = "eval"\ntitle = "Evaluering"\nkind = "review"\n'
        + 'due = 2020-06-03\nevery = "1 year"\n'
    )
    portfolio = velfaerd.loads(text)
    said = {
        lang: velfaerd.check(portfolio, velfaerd.Config(lang=lang), as_of=dt.date(2023, 12, 1))
        .findings[0]
        .message
        for lang in ("en", "da")
    }
    assert said["en"].endswith("(the latest: 3 June 2023, 3 June 2022, 3 June 2021)")
    assert "3. juni 2023, 3. juni 2022, 3. juni 2021" in said["da"]


@scaled(100)
@given(portfolio=plans(), as_of=st.none() | st.dates(dt.date(2021, 1, 1), dt.date(2027, 1, 1)))
def test_rev004_and_rev005_find_in_full_what_they_find_with_the_fast_path(
    portfolio: velfaerd.Portfolio, as_of: dt.date | None
) -> None:
    # REV005 skips an agreement none of whose reviews was recorded as not held
    # (reviews_held._not_held): read in full, every drawn agreement gives the same.
    same_without(portfolio, ["REV004", "REV005"], [(reviews_held, "_not_held", _unsure)], as_of)


def _unsure(_: object) -> bool:
    return True
