"""Every date the loader accepts can be drawn: up to 9999-12-31, and down to 0001-01-01.

The attacks are files whose term, phase, window, deadline or recurrence reaches the
last (or first) day a date can hold: each command exits 0 and writes what it drew.
The property draws portfolios with dates anywhere in 0001–9999, most near the ends,
and asks every picture of them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import icalendar
import pytest
import recurring_ical_events
from hypothesis import given
from hypothesis import strategies as st
from tests._hypothesis import scaled

import velfaerd
from velfaerd import pictures
from velfaerd import strategies as vst
from velfaerd.dates import DateWindow, Period
from velfaerd.model import Agreement, Milestone, Phase, Portfolio

if TYPE_CHECKING:
    from pathlib import Path

    from tests.cli.conftest import Run

LAST = dt.date.max  # 9999-12-31
FIRST = dt.date.min  # 0001-01-01

AT_THE_END = """\
[[agreements]]
id = "evig"
title = "Evig aftale"
kind = "cooperation"
parties = []
start = 9990-01-01
end = 9999-12-31
review_every = "none"

[[agreements.phases]]
id = "sidste"
name = "Sidste fase"
start = 9999-01-01
end = 9999-12-31

[[agreements.milestones]]
id = "sidst"
title = "Sidste dag"
kind = "meeting"
due = "31. december 9999"

[[agreements.milestones]]
id = "vindue"
title = "Sidste måned"
kind = "meeting"
due = "december 9999"

[[agreements.milestones]]
id = "frist"
title = "Frist"
kind = "meeting"
due = "senest 31. december 9999"

[[agreements.milestones]]
id = "aarlig"
title = "Årlig"
kind = "review"
due = 9995-12-31
every = "1 year"

[[agreements.milestones]]
id = "daglig"
title = "Daglig"
kind = "review"
due = 9999-12-01
every = "1 day"
"""

# Open-ended: the recurrences run to the as-of date, which may be the last day.
OPEN_AT_THE_END = """\
[[agreements]]
id = "aaben"
title = "Åben aftale"
kind = "partnership"
parties = []
start = 9998-01-01
review_every = "none"

[[agreements.milestones]]
id = "maanedlig"
title = "Månedlig"
kind = "review"
due = 9998-01-31
every = "1 month"
"""

AT_THE_START = """\
[[agreements]]
id = "tidlig"
title = "Tidlig aftale"
kind = "partnership"
parties = []
start = 0001-01-01
review_every = "none"

[[agreements.phases]]
id = "foerste"
name = "Første fase"
start = 0001-01-01
end = 0001-01-31

[[agreements.milestones]]
id = "foerst"
title = "Første dag"
kind = "meeting"
due = 0001-01-01

[[agreements.milestones]]
id = "maanedlig"
title = "Månedlig"
kind = "review"
due = 0001-01-01
every = "1 month"
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    found = {}
    for name, text in (
        ("end", AT_THE_END),
        ("open", OPEN_AT_THE_END),
        ("start", AT_THE_START),
    ):
        found[name] = tmp_path / f"{name}.toml"
        found[name].write_text(text, encoding="utf-8")
    return found


@pytest.mark.parametrize("name", ["end", "open", "start"])
@pytest.mark.parametrize("as_of", [None, "9999-12-31", "0001-01-01"])
def test_every_command_draws_the_extremes(
    run_in_process: Run, files: dict[str, Path], tmp_path: Path, name: str, as_of: str | None
) -> None:
    dated = ("--as-of", as_of) if as_of is not None else ()
    page, ics = tmp_path / "t.html", tmp_path / "c.ics"
    for args in (
        ("timeline", str(files[name]), "-o", str(page), *dated),
        ("calendar", str(files[name]), "-o", str(ics), *dated),
        ("graph", str(files[name])),
        ("graph", str(files[name]), "--format", "dot"),
    ):
        result = run_in_process(*args)
        assert result.returncode == 0, (args, result.stderr)
    lanes = page.read_text(encoding="utf-8")
    for left, width in re.findall(r'style="left:([\d.]+)%;width:([\d.]+)%"', lanes):
        assert 0 <= float(left) <= 100
        assert float(left) + float(width) <= 100.001
    assert icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")


def test_the_last_day_is_drawn_to_the_end_of_the_axis() -> None:
    page = pictures.timeline(velfaerd.loads(AT_THE_END))
    # The term, the phase and the December window all end on the axis's last day.
    term = re.search(r'<li class="row term">.*?</li>', page, re.DOTALL)
    assert term is not None
    assert re.search(r'class="bar " style="left:[\d.]+%;width:[\d.]+%"', term[0])
    ends = [
        float(left) + float(width)
        for left, width in re.findall(
            r'class="bar [a-z ]*" style="left:([\d.]+)%;width:([\d.]+)%"', page
        )
    ]
    assert sum(1 for end in ends if abs(end - 100) < 0.001) >= 4  # term, phase, window, deadline
    # The yearly review from 9995: five occurrences, the last on 9999-12-31.
    assert "every year (occurrences shown: 5)" in page


def test_a_milestone_on_the_last_day_is_a_one_day_event() -> None:
    data = pictures.calendar(velfaerd.loads(AT_THE_END))
    events = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
    last = events["velfaerd/evig/sidst@velfaerd"]
    assert last.decoded("DTSTART") == LAST
    # No DTEND: the day after 9999-12-31 is not a date; RFC 5545 § 3.6.1 makes an
    # all-day event without DTEND last its day.
    assert "DTEND" not in last
    assert "DURATION" not in last
    window = events["velfaerd/evig/vindue@velfaerd"]
    assert window.decoded("DTEND") == dt.date(9999, 12, 2)
    yearly = events["velfaerd/evig/aarlig@velfaerd"]
    assert yearly["RRULE"].to_ical() == b"FREQ=YEARLY;UNTIL=99991231;INTERVAL=1"
    # recurring-ical-events adds a day to an event without DTEND: only the yearly one.
    alone = icalendar.Calendar()
    alone.add_component(yearly)
    expanded = recurring_ical_events.of(alone).between(dt.date(9996, 1, 1), dt.date(9999, 12, 1))
    assert sorted(e.decoded("DTSTART") for e in expanded) == [
        dt.date(9996, 12, 31),
        dt.date(9997, 12, 31),
        dt.date(9998, 12, 31),
    ]


def test_a_deadline_in_the_first_days_is_drawn() -> None:
    # Only a portfolio made in Python has one (the loader reads "senest" from year 1000).
    portfolio = Portfolio(
        agreements=[
            Agreement(
                id="a",
                title="A",
                kind="cooperation",
                parties=[],
                start=FIRST,
                end=dt.date(1, 12, 31),
                milestones=[
                    Milestone(id="m", title="Frist", due=DateWindow.deadline(dt.date(1, 1, 5))),
                    Milestone(id="n", title="Frist", due=DateWindow.deadline(FIRST)),
                ],
            )
        ]
    )
    page = pictures.timeline(portfolio)
    assert page.count('class="bar deadline" style="left:0%;') == 2
    assert b"DTSTART;VALUE=DATE:00010101" in pictures.calendar(portfolio)


# ------------------------------------------------------------------------------------
# The property: any dates, most of them near the ends.

_DAYS = st.one_of(
    st.dates(),
    st.dates(max_value=dt.date(1, 3, 31)),
    st.dates(min_value=dt.date(9999, 10, 1)),
    st.sampled_from([FIRST, LAST, dt.date(9999, 12, 30), dt.date(1, 1, 2)]),
)


@st.composite
def _windows(draw: st.DrawFn) -> DateWindow:
    first, second = sorted((draw(_DAYS), draw(_DAYS)))
    return draw(
        st.sampled_from(
            [DateWindow.exact(first), DateWindow(first, second), DateWindow.deadline(second)]
        )
    )


_PERIODS = st.builds(
    Period, st.integers(1, 12), st.sampled_from(("years", "months", "weeks", "days"))
)


@st.composite
def _milestones(draw: st.DrawFn, index: int, ids: list[str]) -> Milestone:
    return Milestone(
        id=f"m{index}",
        title=draw(st.text(max_size=20)),
        due=draw(st.none() | _windows()),
        kind=draw(st.sampled_from(["meeting", "review", "approval", "activity"])),
        every=draw(st.none() | _PERIODS),
        until=draw(st.none() | _windows()),
        depends_on=draw(st.lists(st.sampled_from(ids), max_size=2)) if ids else (),
    )


@st.composite
def extreme_portfolios(draw: st.DrawFn) -> Portfolio:
    """Portfolios of one or two agreements with dates anywhere in 0001–9999."""
    agreements = []
    for a_index in range(draw(st.integers(1, 2))):
        ids: list[str] = []
        milestones = []
        for index in range(draw(st.integers(0, 5))):
            milestones.append(draw(_milestones(index, ids)))
            ids.append(f"m{index}")
        phases = [
            Phase(id=f"p{i}", name=f"Fase {i}", start=draw(st.none() | _DAYS), end=draw(_DAYS))
            for i in range(draw(st.integers(0, 2)))
        ]
        agreements.append(
            Agreement(
                id=f"a{a_index}",
                title=draw(st.text(max_size=10)),
                kind=draw(st.sampled_from(["cooperation", "partnership", "implementation_plan"])),
                parties=[],
                start=draw(st.none() | _DAYS),
                end=draw(st.none() | _DAYS),
                milestones=milestones,
                phases=phases,
            )
        )
    return Portfolio(agreements=agreements)


@scaled(40)
@given(portfolio=extreme_portfolios(), as_of=st.none() | _DAYS)
def test_every_picture_of_any_dates(portfolio: Portfolio, as_of: dt.date | None) -> None:
    report = velfaerd.check(portfolio, as_of=as_of)
    page = pictures.timeline(portfolio, report, as_of=as_of, lang="da")
    assert page.count('class="row milestone') == sum(1 for _ in portfolio.iter_milestones())
    for left, width in re.findall(r'style="left:([\d.]+)%;width:([\d.]+)%"', page):
        assert 0 <= float(left) <= 100
        assert float(left) + float(width) <= 100.001
    for lane in re.findall(r'<div class="lane">.*?</div>', page):
        assert lane.count('class="tick"') <= 20
    events = icalendar.Calendar.from_ical(pictures.calendar(portfolio, as_of=as_of)).walk("VEVENT")
    dated = sum(1 for _, m in portfolio.iter_milestones() if m.due is not None)
    assert len(events) == dated
    assert pictures.mermaid(portfolio, report).startswith("flowchart LR\n")
    assert pictures.dot(portfolio, report).startswith("digraph milestones {\n")


@scaled(15)
@given(portfolio=vst.portfolios(), as_of=st.none() | _DAYS)
def test_every_picture_of_generated_portfolios(portfolio: Portfolio, as_of: dt.date | None) -> None:
    # velfaerd.strategies draws 2005-2035; the as-of date, anywhere in 0001-9999,
    # stretches the recurrences of open-ended agreements to it.
    report = velfaerd.check(portfolio, as_of=as_of)
    page = pictures.timeline(portfolio, report, as_of=as_of)
    assert page.count('class="row milestone') == sum(1 for _ in portfolio.iter_milestones())
    assert len(page.encode()) < 200_000 + 40_000 * sum(1 for _ in portfolio.iter_milestones())
    icalendar.Calendar.from_ical(pictures.calendar(portfolio, as_of=as_of))
    pictures.mermaid(portfolio, report)
    pictures.dot(portfolio, report)
