"""The timeline is bounded by what it draws, not by the dates it spans.

The attacks of issue 18 (item 15): 300 milestones in an agreement spanning the years
1000–9998 (21 KB of TOML) gave 127 MB of HTML, one gridline per year per row; 1,000
daily reviews (104 KB) computed 10,000 occurrences each to draw 400. Here the page
stays within a bound proportional to its input, a lane has at most 20 gridlines, and
a recurrence is computed only as far as it is drawn (counted, not timed).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._hypothesis import scaled

import velfaerd
from velfaerd import pictures
from velfaerd import query as _index
from velfaerd.dates import DateWindow, Period
from velfaerd.model import Agreement, Milestone, Portfolio
from velfaerd.pictures._timeline import MAX_MARKS
from velfaerd.rules import _recurrence
from velfaerd.rules._recurrence import Recurrence

if TYPE_CHECKING:
    from pathlib import Path

    from tests.cli.conftest import Run

MAX_GRID = 20
MAX_LABELS = 8


def _agreement(start: str, end: str) -> list[str]:
    return [
        "[[agreements]]",
        'id = "lang"',
        'title = "Lang aftale"',
        'kind = "cooperation"',
        "parties = []",
        f"start = {start}",
        f"end = {end}",
        'review_every = "none"',
        "",
    ]


def millennia() -> str:
    """300 milestones, one every 30 years, in an agreement from 1000 to 9998."""
    lines = _agreement("1000-01-01", "9998-12-31")
    for i in range(300):
        lines += [
            "[[agreements.milestones]]",
            f'id = "m{i}"',
            f'title = "Milepæl {i}"',
            f"due = {1000 + 30 * i:04d}-06-01",
            "",
        ]
    return "\n".join(lines)


def daily_reviews(count: int = 1000) -> str:
    """``count`` daily reviews over a 30-year agreement (10,958 occurrences each)."""
    lines = _agreement("2000-01-01", "2029-12-31")
    for i in range(count):
        lines += [
            "[[agreements.milestones]]",
            f'id = "r{i}"',
            f'title = "Opfølgning {i}"',
            'kind = "review"',
            "due = 2000-01-01",
            'every = "1 day"',
            "",
        ]
    return "\n".join(lines)


def lanes(page: str) -> list[str]:
    return re.findall(r'<div class="lane">.*?</div>', page)


def test_three_hundred_milestones_over_nine_thousand_years(
    run_in_process: Run, tmp_path: Path
) -> None:
    source = millennia()
    assert 20_000 < len(source.encode()) < 25_000
    (tmp_path / "lang.toml").write_text(source, encoding="utf-8")
    assert run_in_process("timeline", "lang.toml", "-o", "t.html").returncode == 0
    page = (tmp_path / "t.html").read_text(encoding="utf-8")
    # Was 127 MB; now about 350 KB: a bound in proportion to the input.
    assert len(page.encode()) < 2_000_000
    assert len(page.encode()) < 30 * len(source.encode())
    assert page.count('class="row milestone') == 300
    for lane in lanes(page):
        assert lane.count('class="tick"') <= MAX_GRID
    axis = re.search(r'<li class="row axis".*?</li>', page)
    assert axis is not None
    labels = re.findall(r'<span class="tick" [^>]*><span>(\d+)</span>', axis[0])
    # Round years, at most eight of them: 2000, 4000, 6000, 8000.
    assert 2 <= len(labels) <= MAX_LABELS
    assert all(int(year) % 1000 == 0 for year in labels)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many occurrences are computed (each is one ``shift``), wherever."""
    calls = [0]
    real = _index.shift

    def shift(window: DateWindow, period: Period, times: int) -> DateWindow:
        calls[0] += 1
        return real(window, period, times)

    monkeypatch.setattr(_index, "shift", shift)
    monkeypatch.setattr(_recurrence, "shift", shift)
    return calls


def test_a_thousand_daily_reviews(counted: list[int]) -> None:
    source = daily_reviews()
    portfolio = velfaerd.loads(source)
    counted[0] = 0
    page = pictures.timeline(portfolio)
    # Was 10,000 occurrences per review (10 million), cut to 400 drawn; now each is
    # counted by bisection (a few dozen occurrences) and drawn as one band.
    assert counted[0] <= 60 * 1000
    assert len(page.encode()) < 2_000_000  # was 77 MB
    assert len(page.encode()) < 20 * len(source.encode())
    assert page.count('class="bar band"') == 1000
    assert page.count('class="point"') == 0
    assert "every day (10958 occurrences, too close together to draw one by one)" in page


def test_a_band_says_so_in_danish() -> None:
    page = pictures.timeline(velfaerd.loads(daily_reviews(1)), lang="da")
    assert "hver dag (10958 forekomster, for tæt på hinanden til at blive vist hver for sig)" in (
        page
    )


def test_the_tip_is_said_once_per_series() -> None:
    title = "T" * 5000
    source = daily_reviews(1).replace('title = "Opfølgning 0"', f'title = "{title}"')
    source = source.replace('every = "1 day"', 'every = "1 month"')  # 360 marks
    page = pictures.timeline(velfaerd.loads(source))
    assert page.count('class="point"') == 360
    assert page.count(title) == 2  # the row's title, and the series' tip


# ------------------------------------------------------------------------------------
# The property: a recurring milestone is drawn whole, in at most MAX_MARKS marks.

_UNITS = st.sampled_from(("years", "months", "weeks", "days"))


@scaled(60)
@given(
    due=st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9000, 1, 1)),
    period=st.builds(Period, st.integers(1, 12), _UNITS),
    years=st.integers(0, 120),
    days=st.integers(0, 365),
    window=st.integers(0, 40),
)
def test_every_occurrence_is_drawn_or_banded(
    due: dt.date, period: Period, years: int, days: int, window: int
) -> None:
    end = due + dt.timedelta(days=365 * years + days)
    milestone = Milestone(
        id="r",
        title="Opfølgning",
        kind="review",
        due=DateWindow(due, due + dt.timedelta(days=window)),
        every=period,
    )
    agreement = Agreement(
        id="a",
        title="A",
        kind="cooperation",
        parties=[],
        start=due,
        end=end,
        milestones=[milestone],
    )
    portfolio = Portfolio(agreements=[agreement])
    page = pictures.timeline(portfolio)
    row = re.search(r'<li class="row milestone.*?</li>', page, re.DOTALL)
    assert row is not None
    lane = lanes(row[0])[0]
    count = Recurrence.of(_index.Index(portfolio), agreement, milestone).count
    marks = lane.count('class="point"') + lane.count('class="bar window"')
    if 'class="bar band"' in lane:
        assert marks == 0
        assert f"({count} occurrences, too close together" in row[0]
    else:
        # Not one occurrence left out: all of them, and never more than MAX_MARKS.
        assert marks == count <= MAX_MARKS
        assert f"(occurrences shown: {count})" in row[0]
