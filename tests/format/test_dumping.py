"""Dumping (``velfaerd.dump``): what was written is written back.

Every generated portfolio round-trips through the text.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from tests._documents import (
    AGREEMENT,
    VALID,
    load,
    milestone,
    round_trip,
)
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


# Issue 14 (items 8, 9, 14-22, 24, 26): a clear message, never an internal error.
def test_dump_refuses_what_would_not_load_back() -> None:
    portfolio = velfaerd.loads(VALID)
    actor = attrs.evolve(portfolio.actors[0], name=int("f" * 5000, 16))  # type: ignore[arg-type]
    with pytest.raises(velfaerd.DumpError):
        velfaerd.dump(attrs.evolve(portfolio, actors=(actor,)))
    municipality = attrs.evolve(portfolio.municipalities[0], code=2**70)
    with pytest.raises(velfaerd.DumpError, match="loads back"):
        velfaerd.dump(attrs.evolve(portfolio, municipalities=(municipality,)))
    agreement = attrs.evolve(
        portfolio.agreements[0],
        entered=velfaerd.DateWindow(dt.date(999, 3, 1), dt.date(999, 3, 31)),
    )
    with pytest.raises(velfaerd.DumpError, match="loads back"):
        velfaerd.dump(attrs.evolve(portfolio, agreements=(agreement,)))


@scaled(10)
@given(vst.portfolios())
def test_dump_then_load_gives_the_same_portfolio(portfolio: velfaerd.Portfolio) -> None:
    assert velfaerd.loads(velfaerd.dump(portfolio)) == portfolio


@scaled(10)
@given(vst.violating("MIL002"))
def test_round_trip_keeps_findings(portfolio: velfaerd.Portfolio) -> None:
    loaded = velfaerd.loads(velfaerd.dump(portfolio))
    assert velfaerd.check(loaded).codes() == velfaerd.check(portfolio).codes()


@scaled(10)
@given(vst.portfolios())
def test_the_same_data_from_another_file_is_equal(portfolio: velfaerd.Portfolio) -> None:
    text = velfaerd.dump(portfolio)
    whole = velfaerd.check(velfaerd.loads(text))
    assert whole.findings == ()
    # The same data from other files is an equal portfolio.
    assert velfaerd.loads(text, source="andet.toml") == portfolio
