"""Dumping (``velfaerd.dump``): what was written is written back.

Every generated portfolio round-trips through the text.
"""

from __future__ import annotations

from hypothesis import given
from tests._documents import AGREEMENT, load, milestone, round_trip
from tests._hypothesis import scaled

import velfaerd
from velfaerd import strategies as vst


def test_a_relative_date_keeps_what_was_written() -> None:
    portfolio = load(AGREEMENT + "start = 2013-02-01\n" + milestone("m", '"Et år efter opstart"'))
    assert 'due = "Et år efter opstart"' in velfaerd.dump(portfolio)


@scaled(10)
@given(vst.portfolios(max_agreements=2, max_milestones=6))
def test_generated_portfolios_use_format_1_1_and_round_trip(portfolio: velfaerd.Portfolio) -> None:
    again = round_trip(portfolio)
    assert velfaerd.check(again).findings == ()
