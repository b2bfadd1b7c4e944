"""Every command with ``--lang da`` over the examples reads as Danish: no English left.

Run in-process (``velfaerd.cli.main``). What a document wrote (titles, ids, TOML keys and
values quoted as code) may be anything; velfaerd's own words may not be English enum
values, ISO dates, decimal points, argparse's English or a banned synonym.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from tests.test_i18n import banned_synonyms

import velfaerd
from velfaerd.cli import main

EXAMPLES = Path(__file__).parents[2] / "examples"

#: Every value of the format's vocabularies that is not also a Danish word.
ENGLISH_VALUES = {
    member.value
    for vocabulary in (
        velfaerd.ActorKind,
        velfaerd.AgreementKind,
        velfaerd.AgreementStatus,
        velfaerd.BasisKind,
        velfaerd.MilestoneKind,
        velfaerd.MilestoneStatus,
    )
    for member in vocabulary
} - {"institution", "region", "partner"}

_CODE = re.compile(r"```.*?```|``.*?``|`[^`]*`", re.DOTALL)
_QUOTED = re.compile(r"\"[^\"\n]*\"|'[^'\n]*'")
_TOML_LINE = re.compile(r"^\s*[a-z_]+ = .*$", re.MULTILINE)
_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_DECIMAL_POINT = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")


def _words(text: str) -> str:
    """What velfaerd wrote in its own words: code, quotes and TOML lines taken out."""
    return _TOML_LINE.sub("", _QUOTED.sub("", _CODE.sub("", text)))


def english_left(text: str) -> list[str]:
    """What is English, ISO or a decimal point in ``text`` (velfaerd's words only)."""
    own = _words(text)
    # A rule's name (annual-review-scheduled) and an option (--agreement) are codes: one
    # token each, hyphens and all.
    tokens = re.findall(r"-*[a-z_]+(?:-[a-z_]+)*", own)
    found = [f"English value {word!r}" for word in tokens if word in ENGLISH_VALUES]
    found += [f"ISO date {date!r}" for date in _ISO.findall(own)]
    found += [f"decimal point {number!r}" for number in _DECIMAL_POINT.findall(own)]
    found += ["argparse's English"] * ("unrecognized" in own or "usage:" in own)
    lowered = own.lower()
    found += [
        f"banned synonym {synonym!r}"
        for synonym in banned_synonyms()
        if re.search(rf"(?<![\wæøå]){re.escape(synonym)}(?![\wæøå])", lowered)
    ]
    return found


def _page_text(page: str) -> str:
    page = re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "\n", page))


#: The properties of an .ics file that hold words for a person.
_ICS_WORDS = ("SUMMARY", "DESCRIPTION", "CATEGORIES", "X-WR-CALNAME")


def _ics_text(calendar: str) -> str:
    unfolded = calendar.replace("\r\n ", "").replace("\n ", "")
    lines = (
        line.partition(":")[2] for line in unfolded.splitlines() if line.startswith(_ICS_WORDS)
    )
    return "\n".join(lines).replace("\\n", "\n").replace("\\,", ",")


def test_the_check_of_english_output_is_not_vacuous() -> None:
    assert english_left("milestone 'a' was due 2021-03-01, a meeting; done in 0.25 s")
    assert english_left("velfaerd: error: unrecognized arguments: --x")
    assert english_left("milepælen ligger efter aftalens tidsrum")
    assert not english_left('kun milepæle af typen opfølgning (kind = "review") tæller')


@pytest.mark.parametrize(
    "arguments",
    [
        ["check", str(EXAMPLES), "--as-of", "2016-06-01", "-v", "--no-cache"],
        ["rules"],
        ["graph", str(EXAMPLES)],
        ["graph", str(EXAMPLES), "--format", "dot"],
        ["check", "--help"],
        ["graph", "--help"],
        ["status", str(EXAMPLES), "--as-of", "2013-09-01"],
        ["status", str(EXAMPLES), "--as-of", "2013-09-01", "--output-format", "markdown"],
        ["status", "--help"],
        [
            "diff",
            str(EXAMPLES / "kobenhavn-implementeringsplan.toml"),
            str(EXAMPLES / "varde-partnerskab.toml"),
        ],
        [
            "diff",
            str(EXAMPLES / "kobenhavn-implementeringsplan.toml"),
            str(EXAMPLES / "varde-partnerskab.toml"),
            "--output-format",
            "markdown",
        ],
        ["diff", "--help"],
        ["serve", "--help"],
        ["check", str(EXAMPLES), "--bogus"],
    ],
    ids=lambda arguments: " ".join(a.replace(str(EXAMPLES), "examples") for a in arguments),
)
def test_every_command_speaks_danish(
    arguments: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.chdir(tmp_path)
    main(["--lang", "da", *arguments])
    printed = capsys.readouterr()
    assert printed.out + printed.err
    assert english_left(printed.out + printed.err) == []


def test_every_rule_explained_in_danish(capsys: pytest.CaptureFixture[str]) -> None:
    for rule in velfaerd.rules.all_rules(plugins=False):
        assert main(["explain", rule.code, "--lang", "da"]) == 0
        # The examples are TOML: the failing and fixed documents are the format's words.
        explained = capsys.readouterr().out.split("## Eksempel")[0]
        assert english_left(explained) == [], rule.code


def test_the_timeline_and_calendar_speak_danish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    timeline, calendar = tmp_path / "t.html", tmp_path / "c.ics"
    as_of = ["--as-of", "2016-06-01"]
    assert main(["timeline", str(EXAMPLES), "-o", str(timeline), "--lang", "da", *as_of]) == 0
    assert main(["calendar", str(EXAMPLES), "-o", str(calendar), "--lang", "da", *as_of]) == 0
    capsys.readouterr()
    page = _page_text(timeline.read_text(encoding="utf-8"))
    assert "hvert år" in page
    assert english_left(page) == []
    events = _ics_text(calendar.read_text(encoding="utf-8"))
    assert "Dato som skrevet" in events
    assert english_left(events) == []
