"""velfaerd calendar: parsed with icalendar, recurrences expanded with recurring-ical-events."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import TYPE_CHECKING

import icalendar
import pytest
import recurring_ical_events
from hypothesis import given
from hypothesis import strategies as st
from tests._hypothesis import scaled
from tests.pictures._documents import AWKWARD, EXAMPLES

import velfaerd
from velfaerd import pictures
from velfaerd import strategies as vst
from velfaerd.dates import DateWindow, Period
from velfaerd.model import Actor, Agreement, Milestone
from velfaerd.pictures._ics import plain

if TYPE_CHECKING:
    from pathlib import Path

    from tests.cli.conftest import Run


# Dated milestones per example (undated ones make no event), and how many recur.
COUNTS = {
    "aarhus-staerkere-laeringsfaellesskaber.toml": (0, 0),
    "esbjerg-auraskolen.toml": (0, 0),
    "kobenhavn-implementeringsplan.toml": (14, 1),
    "skanderborg-udviklingsaftale-2019.toml": (15, 0),
    "varde-partnerskab.toml": (9, 0),  # the review "efter en to-årsperiode" is dated
}


def events(data: bytes) -> list[icalendar.Component]:
    calendar = icalendar.Calendar.from_ical(data)
    return list(calendar.walk("VEVENT"))


def by_uid(data: bytes) -> dict[str, icalendar.Component]:
    return {str(e["UID"]): e for e in events(data)}


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_each_example(name: str) -> None:
    found = events(pictures.calendar(velfaerd.load(EXAMPLES / name)))
    assert (len(found), sum("RRULE" in e for e in found)) == COUNTS[name]
    assert len({str(e["UID"]) for e in found}) == len(found)


def test_the_command_writes_the_examples_the_same_every_time(
    run: Run, run_in_process: Run, tmp_path: Path
) -> None:
    first, second, stamped = tmp_path / "1.ics", tmp_path / "2.ics", tmp_path / "3.ics"
    assert run("calendar", str(EXAMPLES), "-o", str(first)).returncode == 0  # the script
    assert run_in_process("calendar", str(EXAMPLES), "-o", str(second)).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    assert b"DTSTAMP:19700101T000000Z\r\n" in first.read_bytes()
    calendar = icalendar.Calendar.from_ical(first.read_bytes())
    assert len(calendar.walk("VEVENT")) == sum(n for n, _ in COUNTS.values())
    june_2013 = recurring_ical_events.of(calendar).between(dt.date(2013, 6, 1), dt.date(2013, 7, 1))
    assert sorted(str(e["SUMMARY"]) for e in june_2013) == [
        "Analyse på baggrund af kortlægning er udarbejdet (juni 2013)",
        (
            'Inspirationskonference til "Det gode samarbejde". BUU-medlemmer inviteres. '
            "(primo juni 2013)"
        ),
    ]
    # Copenhagen's yearly conference recurs until the plan ends (31 July 2014): once.
    year = recurring_ical_events.of(calendar).between(dt.date(2014, 1, 1), dt.date(2016, 1, 1))
    conferences = [e for e in year if str(e["SUMMARY"]).startswith("Samarbejdskonference")]
    assert [e.decoded("DTSTART") for e in conferences] == [dt.date(2014, 6, 1)]
    args = ("calendar", str(EXAMPLES), "-o", str(stamped), "--as-of", "2024-06-01")
    assert run_in_process(*args).returncode == 0
    stamps = {e.decoded("DTSTAMP") for e in events(stamped.read_bytes())}
    assert stamps == {dt.datetime(2024, 6, 1, tzinfo=dt.timezone.utc)}


def test_an_event_says_what_it_is() -> None:
    data = pictures.calendar(velfaerd.loads(AWKWARD, source="aarhus.toml"))
    found = by_uid(data)
    meeting = found["aarhus-kommune/aftale%20med%20mellemrum/m%C3%B8de%201@velfaerd"]
    assert meeting.decoded("DTSTART") == dt.date(2024, 5, 9)
    assert meeting.decoded("DTEND") == dt.date(2024, 5, 10)
    assert str(meeting["SUMMARY"]).startswith('Møde "1" <b>fed</b>')
    description = str(meeting["DESCRIPTION"])
    assert (
        'Agreement: Aftale "A" <2024> & #1 {x} [y] ; \\ æøå (aftale med mellemrum)' in description
    )
    assert "Date as written: 9. maj 2024" in description
    assert "Responsible: Byrådet" in description
    assert 'Participants: Skolen "Søndervang", ukendt-aktør' in description
    assert "STATUS" not in meeting


def test_windows_deadlines_and_statuses() -> None:
    found = {
        str(e["UID"]).split("/")[-1]: e
        for e in events(pictures.calendar(velfaerd.loads(AWKWARD), lang="da"))
    }
    assert set(found) == {
        f"{name}@velfaerd"
        for name in ("m%C3%B8de%201", "indg%C3%A5et", "godkendt", "opf%C3%B8lgning", "aflyst")
    }
    window = found["indg%C3%A5et@velfaerd"]
    assert window.decoded("DTSTART") == dt.date(2024, 1, 1)
    assert window.decoded("DTEND") == dt.date(2024, 1, 2)
    assert str(window["SUMMARY"]) == "Aftalen er indgået (primo januar 2024)"
    assert "En omtrentlig dato: lagt på første dag (1. januar 2024)." in str(window["DESCRIPTION"])
    deadline = found["godkendt@velfaerd"]
    assert deadline.decoded("DTSTART") == dt.date(2024, 2, 1)
    assert str(deadline["SUMMARY"]) == "Godkendt (senest 1. februar 2024)"
    assert "En frist: lagt på sidste dag (1. februar 2024)." in str(deadline["DESCRIPTION"])
    assert str(found["aflyst@velfaerd"]["STATUS"]) == "CANCELLED"
    review = found["opf%C3%B8lgning@velfaerd"]
    assert review["RRULE"].to_ical() == b"FREQ=MONTHLY;UNTIL=20251231;INTERVAL=3"
    assert "Gentages hver 3. måned" in str(review["DESCRIPTION"])


def test_recurrences_expand_to_the_rules_occurrences() -> None:
    portfolio = velfaerd.loads(AWKWARD)
    calendar = icalendar.Calendar.from_ical(pictures.calendar(portfolio))
    expanded = recurring_ical_events.of(calendar).between(dt.date(2024, 1, 1), dt.date(2026, 1, 1))
    days = sorted(e.decoded("DTSTART") for e in expanded if str(e["SUMMARY"]) == "Opfølgning")
    assert days == [dt.date(2024, m, 4) for m in (3, 6, 9, 12)] + [
        dt.date(2025, m, 4) for m in (3, 6, 9, 12)
    ]
    # An open-ended agreement's recurrence has no UNTIL.
    open_ended = AWKWARD.replace("end = 2025-12-31\n", "")
    review = next(
        e
        for e in events(pictures.calendar(velfaerd.loads(open_ended)))
        if str(e["SUMMARY"]) == "Opfølgning"
    )
    assert review["RRULE"].to_ical() == b"FREQ=MONTHLY;INTERVAL=3"


def test_until_wins_over_the_end() -> None:
    text = AWKWARD.replace('every = "3 months"', 'every = "3 months"\nuntil = "juni 2024"')
    review = next(
        e
        for e in events(pictures.calendar(velfaerd.loads(text)))
        if str(e["SUMMARY"]) == "Opfølgning"
    )
    assert review["RRULE"].to_ical() == b"FREQ=MONTHLY;UNTIL=20240630;INTERVAL=3"


def test_one_agreement_and_an_unknown_one(run_in_process: Run, tmp_path: Path) -> None:
    out = tmp_path / "varde.ics"
    args = ("calendar", str(EXAMPLES), "--agreement", "varde-partnerskab-2013", "-o", str(out))
    assert run_in_process(*args).returncode == 0
    assert len(events(out.read_bytes())) == COUNTS["varde-partnerskab.toml"][0]
    result = run_in_process("calendar", str(EXAMPLES), "--agreement", "nope", "-o", str(out))
    assert result.returncode == 2
    assert "no agreement with id 'nope'" in result.stderr


@scaled(10)
@given(vst.portfolios())
def test_every_dated_milestone_is_one_event_with_a_unique_uid(
    portfolio: velfaerd.Portfolio,
) -> None:
    data = pictures.calendar(portfolio)
    assert data == pictures.calendar(portfolio)
    found = events(data)
    dated = [m for _, m in portfolio.iter_milestones() if m.due is not None]
    assert len(found) == len(dated)
    assert len({str(e["UID"]) for e in found}) == len(found)
    for event, milestone in zip(found, dated, strict=True):
        assert milestone.due is not None
        assert event.decoded("DTSTART") == (milestone.due.earliest or milestone.due.latest)
        assert ("RRULE" in event) is (milestone.every is not None)


# ------------------------------------------------------------------------------------
# Control characters (issue 18, item 18): RFC 5545 § 3.3.11 allows no CONTROL in a TEXT
# value but the tab; the calendar keeps none, whatever the names hold.

# After the CRLF that ends (and folds) each line: C0 but the tab, and DEL.
_FORBIDDEN = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")


def assert_no_control(data: bytes) -> None:
    assert not _FORBIDDEN.search(data.replace(b"\r\n", b"")), data


def test_escape_and_vertical_tab_are_not_kept(run_in_process: Run, tmp_path: Path) -> None:
    # The attack: a title with a terminal escape (ESC [ 2 J clears the screen) and a VT.
    text = AWKWARD.replace(
        'title = "Aftalen er indgået"',
        'title = "Aftalen\\u001b[2J er\\u000bindgået\\u0007"\ndescription = "a\\u0000b\\rc"',
    )
    (tmp_path / "a.toml").write_text(text, encoding="utf-8")
    assert run_in_process("calendar", "a.toml", "-o", "a.ics").returncode == 0
    data = (tmp_path / "a.ics").read_bytes()
    assert_no_control(data)
    assert b"\x1b" not in data
    assert b"\x0b" not in data
    event = next(e for e in events(data) if "indg" in str(e["UID"]))
    # ESC and BEL are spaces; the VT (a line break to Python) is a line break.
    assert str(event["SUMMARY"]) == "Aftalen [2J er\nindgået  (primo januar 2024)"
    assert str(event["DESCRIPTION"]).endswith("\n\na b\nc")


_ANY_TEXT = st.text(st.characters(), max_size=40)


@scaled(60)
@given(
    title=_ANY_TEXT,
    description=_ANY_TEXT,
    agreement_title=_ANY_TEXT,
    actor_name=_ANY_TEXT,
)
def test_any_text_makes_a_calendar_that_parses(
    title: str, description: str, agreement_title: str, actor_name: str
) -> None:
    milestone = Milestone(
        id="m",
        title=title,
        description=description,
        due=DateWindow(dt.date(2024, 3, 1), dt.date(2024, 3, 10)),
        every=Period(1, "months"),
        responsible="a",
    )
    portfolio = velfaerd.Portfolio(
        actors=[Actor(id="a", name=actor_name, kind="council")],
        agreements=[
            Agreement(
                id="x",
                title=agreement_title,
                kind="cooperation",
                parties=["a"],
                start=dt.date(2024, 1, 1),
                end=dt.date(2024, 12, 31),
                milestones=[milestone],
            )
        ],
    )
    data = pictures.calendar(portfolio, lang="da")
    assert_no_control(data)
    data.decode("utf-8")
    (event,) = events(data)
    summary = str(event["SUMMARY"])
    # What is read back is the text without its controls (icalendar itself reads a
    # written "\N" as a line break, RFC 5545's other spelling of "\n").
    assert summary == f"{plain(title)} ({milestone.due})".replace("\\N", "\n")
    assert not _FORBIDDEN.search(summary.replace("\n", "").encode())
    expanded = recurring_ical_events.of(icalendar.Calendar.from_ical(data)).between(
        dt.date(2024, 1, 1), dt.date(2025, 1, 1)
    )
    assert len(expanded) == 10  # March to December
    assert {str(e["SUMMARY"]) for e in expanded} == {summary}


def test_a_title_that_begins_with_a_byte_order_mark_is_read_back_as_shown() -> None:
    # icalendar drops U+FEFF at the start of a value: plain() leaves it out everywhere.
    assert plain("\ufeffMøde\ufeff") == "Møde"


@given(st.text(st.characters(), max_size=60))
def test_plain_keeps_no_control_and_every_other_character(text: str) -> None:
    kept = plain(text)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]", kept)
    assert "\r" not in kept
    assert "\ufeff" not in kept
    assert [c for c in kept if c not in " \n\ufffd"] == [
        c
        for c in text
        if not (unicodedata.category(c) in {"Cc", "Cs", "Zl", "Zp"} and c != "\t")
        and c not in " \ufeff"
    ]
