"""The timeline shows the life of an agreement: what happened, against what was planned.

Met, missed, moved and overdue marks (with their legend), occurrences as recorded,
indicators as targets and measurements, and each agreement on an axis of its own term.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from tests.pictures.test_timeline import assert_self_contained, row

import velfaerd
from velfaerd import pictures

EVERY_KEY = Path(__file__).parent.parent / "data" / "format-1-2.toml"

_TWO_TERMS = """
[[agreements]]
id = "plan-2012"
title = "Plan 2012"
kind = "implementation_plan"
parties = ["forvaltningen"]
start = 2012-01-01
end = 2014-07-31

[[agreements.milestones]]
id = "m"
title = "Midtvejsstatus"
due = 2013-11-04

[[agreements]]
id = "aftale-2018"
title = "Aftale 2018"
kind = "cooperation"
parties = ["byraadet", "skolen"]
start = 2018-01-01
end = 2024-12-31
"""


def _term_bar(page: str, agreement: int) -> tuple[float, float]:
    section = page.split('<section class="agreement"')[agreement + 1]
    term = section.split('<li class="row term">', 1)[1].split("</li>", 1)[0]
    found = re.search(r'class="bar[^"]*" style="left:([\d.]+)%;width:([\d.]+)%"', term)
    assert found is not None
    return float(found[1]), float(found[2])


def test_each_agreement_is_drawn_on_an_axis_of_its_own_term() -> None:
    page = pictures.timeline(velfaerd.loads(_TWO_TERMS))
    for number in (0, 1):
        left, width = _term_bar(page, number)
        assert left < 1
        assert width > 80  # its whole lane, not a tenth of a shared one
    assert ">2012<" in page.split('<section class="agreement"')[1]
    assert ">2012<" not in page.split('<section class="agreement"')[2]


def test_occurrences_moves_and_indicators_are_drawn_as_recorded() -> None:
    portfolio = velfaerd.load(EVERY_KEY)
    page = pictures.timeline(portfolio, as_of=dt.date(2024, 6, 1), lang="da")
    assert_self_contained(page)
    review = row(page, "Årligt møde om opfølgning på aftalen")
    # Occurrences in primo marts: windows. 2022 held; 2023 moved (and drawn again where
    # it was moved to, april 2023); 2024 without a record on the as-of date.
    assert review.count('class="bar window st-met"') == 1
    assert review.count('class="bar window st-moved"') == 1
    assert review.count('class="bar window"') == 1
    assert review.count('class="bar window st-overdue"') == 1
    assert "registrerede forekomster: 2" in review
    day = row(page, "Temadag om trivsel")
    assert "flyttet til uge 44 2022" in day
    assert 'class="bar window st-moved"' in day
    assert 'class="bar window st-met"' in day
    indicator = page.split('<li class="row indicator">', 2)[2].split("</li>", 1)[0]
    assert "Gennemsnitlig trivsel i udskolingen" in indicator
    assert indicator.count('class="target"') == 1
    assert indicator.count('class="bar window st-met"') == 1  # 4,1 in marts 2023
    assert "indikator; mål 4 point 2023" in indicator
    for said in ("opfyldt, afholdt", "flyttet (hvor den var planlagt)", "en indikators mål"):
        assert said in page.split("</header>", 1)[0]


def test_a_timeline_without_statuses_has_no_status_legend() -> None:
    page = pictures.timeline(velfaerd.loads(_TWO_TERMS))
    legend = page.split("</header>", 1)[0]
    assert "met, held" not in legend
    assert "overdue on the as-of date" not in legend
    overdue = pictures.timeline(velfaerd.loads(_TWO_TERMS), as_of=dt.date(2014, 1, 1))
    assert 'class="point st-overdue"' in row(overdue, "Midtvejsstatus")
    assert "overdue on the as-of date" in overdue.split("</header>", 1)[0]
