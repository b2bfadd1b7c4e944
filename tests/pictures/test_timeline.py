"""velfaerd timeline: one self-contained page, its marks, its findings and its languages."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import TYPE_CHECKING

from hypothesis import given
from tests._hypothesis import scaled
from tests.pictures._documents import AWKWARD, EXAMPLES

import velfaerd
from velfaerd import pictures
from velfaerd import strategies as vst

if TYPE_CHECKING:
    from pathlib import Path

    from tests.cli.conftest import Run


AS_OF = dt.date(2024, 4, 15)


def row(page: str, title: str) -> str:
    """The HTML of the milestone row whose title is ``title``."""
    match = re.search(
        rf'<li class="row milestone[^"]*" id="m\d+-\d+"><div class="label"><span class="title">'
        rf'{re.escape(html.escape(title))}</span>.*?<div class="lane">.*?</div></li>',
        page,
        re.DOTALL,
    )
    assert match is not None, title
    return match[0]


def assert_self_contained(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>\n")
    assert "<script" not in page
    assert "<link" not in page
    assert "@import" not in page
    assert "@font-face" not in page
    assert not re.search(r"(src|href)=\"(?!#)", page)
    assert not re.search(r"url\((?!#)", page)
    assert "http" not in page


def test_the_awkward_document() -> None:
    portfolio = velfaerd.loads(AWKWARD, source="aarhus.toml")
    report = velfaerd.check(portfolio, as_of=AS_OF)
    page = pictures.timeline(portfolio, report, as_of=AS_OF)
    assert_self_contained(page)
    assert "<h2>Aftale &quot;A&quot; &lt;2024&gt; &amp; #1 {x} [y] ; \\ æøå</h2>" in page
    meeting = row(page, 'Møde "1" <b>fed</b> & #35; [x] (y) {z} | a --> b\nny linje')
    assert 'class="row milestone kind-meeting found"' in meeting
    assert '<span class="point" style="left:' in meeting
    assert "<code>CAL001</code> &#x27;møde 1&#x27; is dated 9 May 2024" in meeting
    assert "<code>REF002</code>" in meeting
    assert '<span class="bar window' in row(page, "Aftalen er indgået")  # overdue, too
    assert '<span class="bar deadline st-overdue"' in row(page, "Godkendt")
    approved = row(page, "Godkendt")
    assert 'after (approval order): <a href="#m0-1">Aftalen er indgået</a>' in approved
    # primo januar ends 10 January; the deadline's day is 1 February: a dashed line between.
    assert '<span class="wait implied" style="left:' in approved
    review = row(page, "Opfølgning")
    # Every 3 months from 4 March 2024 to the end, 31 December 2025: eight occurrences.
    assert review.count('class="point') == 8
    assert review.count('class="point st-overdue"') == 1  # 4 March: no record on AS_OF
    assert "every 3 months (occurrences shown: 8)" in review
    assert 'waits on: <a href="#m0-0">' in review
    # It begins 4 March, before the meeting it waits on (9 May): the line is red.
    assert '<span class="wait early" style="left:' in review
    assert "cancelled" in row(page, "Aflyst møde")
    assert "not dated" in row(page, "Ikke dateret")
    assert page.count('class="asof"') == page.count('class="lane"')
    assert "Status as of 15 April 2024" in page
    assert "Made by velfaerd from aarhus.toml." in page


def test_in_danish() -> None:
    portfolio = velfaerd.loads(AWKWARD)
    report = velfaerd.check(portfolio, as_of=AS_OF)
    page = pictures.timeline(portfolio, report, as_of=AS_OF, lang="da")
    assert '<html lang="da">' in page
    assert "<title>Tidsplan</title>" in page
    assert "Skæringsdato: 15. april 2024" in page
    assert "hver 3. måned (8 forekomster vist)" in page
    assert "er dateret 9. maj 2024, som er Kristi himmelfartsdag, en dansk helligdag" in page
    assert "Aftaleperiode" in page


def test_open_ended_recurrences_are_bounded() -> None:
    text = AWKWARD.replace("end = 2025-12-31\n", "").replace(
        'every = "3 months"', 'every = "1 day"'
    )
    portfolio = velfaerd.loads(text)
    page = pictures.timeline(portfolio, as_of=dt.date(2024, 3, 10))
    # From 4 March to the last dated event (9 May), and the first occurrence after it.
    review = row(page, "Opfølgning")
    assert review.count('class="point') == 68  # some overdue: no record
    assert "uden slutdato" not in page
    assert "open-ended" in page


def test_without_as_of_there_is_no_line() -> None:
    page = pictures.timeline(velfaerd.loads(AWKWARD))
    assert 'class="asof"' not in page
    assert "as-of date" not in page


def test_nothing_loaded() -> None:
    page = pictures.timeline(velfaerd.Portfolio(), lang="da")
    assert "Der blev ikke indlæst nogen aftaler." in page
    assert_self_contained(page)


def test_the_command_writes_the_examples(run: Run, run_in_process: Run, tmp_path: Path) -> None:
    out = tmp_path / "timeline.html"
    args = ("timeline", str(EXAMPLES), "-o", str(out), "--as-of", "2013-09-01", "--lang", "da")
    result = run(*args)
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert_self_contained(page)
    portfolio = velfaerd.load(EXAMPLES)
    for _, milestone in portfolio.iter_milestones():
        assert f'<span class="title">{html.escape(milestone.title)}</span>' in page
    assert page.count('<section class="agreement"') == len(portfolio.agreements)
    assert "<code>MIL002</code>" in page
    assert "<code>COV004</code>" in page  # about an actor: listed at the end
    second = tmp_path / "again.html"
    assert run_in_process(*args[:3], str(second), *args[4:]).returncode == 0
    assert second.read_bytes() == out.read_bytes()


def test_the_commands_take_the_language_as_check_does(run_in_process: Run, tmp_path: Path) -> None:
    # No --lang: the configuration's lang, then VELFAERD_LANG (as for check); the flag wins.
    page, ics = tmp_path / "t.html", tmp_path / "c.ics"
    danish = {"VELFAERD_LANG": "da"}
    assert run_in_process("timeline", str(EXAMPLES), "-o", str(page), env=danish).returncode == 0
    assert "Tidsplan" in page.read_text(encoding="utf-8")
    assert run_in_process("calendar", str(EXAMPLES), "-o", str(ics), env=danish).returncode == 0
    assert "Dato som skrevet" in ics.read_text(encoding="utf-8")
    args = ("timeline", str(EXAMPLES), "-o", str(page), "--lang", "en")
    assert run_in_process(*args, env=danish).returncode == 0
    assert "Tidsplan" not in page.read_text(encoding="utf-8")
    (tmp_path / "velfaerd.toml").write_text('lang = "da"\n', encoding="utf-8")
    assert run_in_process("timeline", str(EXAMPLES), "-o", str(page)).returncode == 0
    assert "Tidsplan" in page.read_text(encoding="utf-8")


def test_the_command_needs_an_output_file_and_a_good_date(run_in_process: Run) -> None:
    result = run_in_process("timeline", str(EXAMPLES))
    assert result.returncode == 2
    assert "-o/--output" in result.stderr
    result = run_in_process("timeline", str(EXAMPLES), "-o", "x.html", "--as-of", "juni")
    assert result.returncode == 2
    assert "--as-of: expected a date" in result.stderr


@scaled(10)
@given(vst.portfolios())
def test_every_milestone_has_its_row(portfolio: velfaerd.Portfolio) -> None:
    report = velfaerd.check(portfolio)
    page = pictures.timeline(portfolio, report, lang="da")
    assert_self_contained(page)
    assert page.count('class="row milestone') == sum(1 for _ in portfolio.iter_milestones())
    assert page.count('<section class="agreement"') == len(portfolio.agreements)
    for left, width in re.findall(r'style="left:([\d.]+)%;width:([\d.]+)%"', page):
        assert 0 <= float(left) <= 100
        assert float(left) + float(width) <= 100.001
