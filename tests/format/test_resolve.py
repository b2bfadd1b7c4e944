"""Relative dates resolved once a file is structured (``velfaerd.format._resolve``).

Anchors followed, loops and undated anchors left undated, bad ones refused.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._documents import (
    ACTIVITY,
    AGREEMENT,
    DATED_X,
    days,
    load,
    milestone,
    problem,
    round_trip,
)
from tests._hypothesis import scaled

import velfaerd
from velfaerd.cli import main

if TYPE_CHECKING:
    from pathlib import Path

    from velfaerd.dates import DateWindow


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


def _anchored(count: int, anchor_of: dict[int, str]) -> str:
    milestones = "".join(
        ACTIVITY.format(id=f"m{i}", due=f'"1 dag efter {anchor_of[i]}"') for i in range(count)
    )
    return DATED_X + milestones


@st.composite
def _anchor_graphs(draw: st.DrawFn) -> dict[int, str]:
    count = draw(st.integers(1, 40))
    choices = st.one_of(
        st.sampled_from(["start", "nowhere"]), st.integers(0, count - 1).map(lambda i: f"m{i}")
    )
    return {i: draw(choices) for i in range(count)}


def _expected(anchor_of: dict[int, str], index: int) -> velfaerd.DateWindow | None:
    """The due of ``m{index}``: its chain of anchors followed by hand, at most once round."""
    current = f"m{index}"
    for steps in range(1, len(anchor_of) + 2):
        anchor = anchor_of[int(current[1:])]
        if anchor == "start":
            return velfaerd.DateWindow.exact(dt.date(2020, 1, 1) + dt.timedelta(days=steps))
        if anchor == "nowhere":
            return None
        current = anchor
    return None  # a loop


# Issue 18 (items 13, 14, 16): a hostile text or anchor is a load problem or a finding.
@pytest.mark.parametrize("count", [500, 5000])
def test_a_backward_chain_of_anchors_resolves(count: int) -> None:
    # m0 waits on m1, which waits on m2 … the last on the start: the first resolved
    # needs all the others, which used to be one level of recursion each.
    anchor_of = {i: f"m{i + 1}" for i in range(count - 1)} | {count - 1: "start"}
    portfolio = velfaerd.loads(_anchored(count, anchor_of))
    start = dt.date(2020, 1, 1)
    dues = [m.due for m in portfolio.agreements[0].milestones]
    assert dues == [
        velfaerd.DateWindow.exact(start + dt.timedelta(days=count - i)) for i in range(count)
    ]


# Issue 18 (items 13, 14, 16): a hostile text or anchor is a load problem or a finding.
def test_a_forward_chain_of_5000_anchors_resolves() -> None:
    anchor_of = {0: "start"} | {i: f"m{i - 1}" for i in range(1, 5000)}
    portfolio = velfaerd.loads(_anchored(5000, anchor_of))
    last = portfolio.agreements[0].milestones[-1]
    assert last.due == velfaerd.DateWindow.exact(dt.date(2020, 1, 1) + dt.timedelta(days=5000))


# Issue 18 (items 13, 14, 16): a hostile text or anchor is a load problem or a finding.
def test_a_loop_of_500_anchors_is_mil001_not_a_crash() -> None:
    portfolio = velfaerd.loads(_anchored(500, {i: f"m{(i + 1) % 500}" for i in range(500)}))
    assert all(m.due is None for m in portfolio.agreements[0].milestones)
    (finding,) = [f for f in velfaerd.check(portfolio).findings if f.code == "MIL001"]
    assert finding.evidence["milestones"] == sorted(f"m{i}" for i in range(500))
    assert finding.path == "agreements[0].milestones[0].due"


# Issue 18 (items 13, 14, 16): a hostile text or anchor is a load problem or a finding.
def test_a_chain_into_a_loop_leaves_every_milestone_on_it_undated() -> None:
    # m0 → m1 → … → m599 → m300: the loop is m300…m599; m0…m299 wait on it.
    anchor_of = {i: f"m{i + 1}" for i in range(599)} | {599: "m300"}
    portfolio = velfaerd.loads(_anchored(600, anchor_of))
    assert all(m.due is None for m in portfolio.agreements[0].milestones)
    (finding,) = [f for f in velfaerd.check(portfolio).findings if f.code == "MIL001"]
    assert finding.evidence["milestones"] == sorted(f"m{i}" for i in range(300, 600))


# Issue 18 (items 13, 14, 16): a hostile text or anchor is a load problem or a finding.
def test_the_cli_checks_every_file_around_a_loop_of_500(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-loop.toml").write_text(
        _anchored(500, {i: f"m{(i + 1) % 500}" for i in range(500)}), encoding="utf-8"
    )
    (tmp_path / "b-chain.toml").write_text(
        _anchored(5000, {i: f"m{i + 1}" for i in range(4999)} | {4999: "slut"})
        .replace('id = "x"', 'id = "y"')
        .replace('id = "a"', 'id = "c"')
        .replace('id = "b"', 'id = "d"')
        .replace('["a", "b"]', '["c", "d"]'),
        encoding="utf-8",
    )
    (tmp_path / "c-broken.toml").write_text('[[agreements]]\nid = "z"\n', encoding="utf-8")
    assert main(["check", "--no-cache", "--jobs", "1", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert "internal error" not in err
    assert f"{tmp_path / 'a-loop.toml'}:" in out
    assert "MIL001" in out
    assert f"{tmp_path / 'c-broken.toml'}:" in out
    assert "LOAD005" in out
    # The chain anchored on the end runs past it: its milestones are dated, and late.
    chain = [line for line in out.splitlines() if line.startswith(f"{tmp_path / 'b-chain.toml'}:")]
    assert any("MIL003" in line and "'m0'" in line for line in chain)


# Issue 18 (items 13, 14, 16): a hostile text or anchor is a load problem or a finding.
@given(_anchor_graphs())
@scaled(100)
def test_any_graph_of_anchors_resolves_as_followed_by_hand(anchor_of: dict[int, str]) -> None:
    portfolio = velfaerd.loads(_anchored(len(anchor_of), anchor_of))
    dues = [m.due for m in portfolio.agreements[0].milestones]
    assert dues == [_expected(anchor_of, i) for i in range(len(anchor_of))]
