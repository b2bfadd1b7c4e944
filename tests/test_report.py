"""velfaerd.report: findings' fingerprints (stable over line shifts, file names and language, and
distinct), and messages written from the evidence the template shows."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import jsonschema
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from tests._hypothesis import scaled

import velfaerd
from velfaerd import report
from velfaerd import strategies as vst
from velfaerd.cli import main
from velfaerd.report import Finding, fingerprint
from velfaerd.rules import all_rules

#: The SARIF 2.1.0 schema (JSON Schema draft 04) as OASIS publishes it, vendored unchanged
#: from the OASIS SARIF TC's repository (oasis-tcs/sarif-spec,
#: sarif-2.1/schema/sarif-schema-2.1.0.json at e0583813964ec43cea53b6b531b402866095ed1f;
#: its "id": https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json):
#: the tests run offline.
SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
AS_OF = dt.date(2024, 6, 1)
EXAMPLES = str(Path(__file__).parent.parent / "examples")


@st.composite
def faulty_portfolios(draw: st.DrawFn) -> velfaerd.Portfolio:
    """A valid portfolio with one to three named mutations applied: several findings."""
    portfolio = draw(vst.portfolios(in_force_on=AS_OF))
    for mutation in draw(st.lists(vst.mutations(), min_size=1, max_size=3)):
        portfolio = _applied(mutation, portfolio)
    return portfolio


def _applied(mutation: vst.Mutation, portfolio: velfaerd.Portfolio) -> velfaerd.Portfolio:
    try:
        return mutation.apply(portfolio)
    except vst.NotApplicableError:
        return portfolio  # not for this portfolio: the others still apply


def _with_blank_lines(text: str, every: int) -> str:
    """Blank lines before every ``every``-th table header (a header is never in a string)."""
    lines: list[str] = []
    headers = 0
    for line in text.splitlines():
        if line.startswith("["):
            headers += 1
            if headers % every == 0:
                lines.extend(["", "", ""])
        lines.append(line)
    return "\n".join(lines) + "\n"


def _identities(report: velfaerd.Report) -> list[tuple[str, str, str, str]]:
    return sorted((f.code, f.path, f.subject, f.fingerprint) for f in report.findings)


@scaled(6)
@given(faulty_portfolios(), st.integers(min_value=1, max_value=4))
def test_a_fingerprint_survives_blank_lines_a_new_file_name_and_danish(
    portfolio: velfaerd.Portfolio, every: int
) -> None:
    text = velfaerd.dump(portfolio)
    before = velfaerd.check(velfaerd.loads(text, "aftaler/a.toml"), as_of=AS_OF)
    moved = velfaerd.loads(_with_blank_lines(text, every), "andet/sted/b.toml")
    after = velfaerd.check(moved, velfaerd.Config(lang="da"), as_of=AS_OF)
    assume(before.findings)  # two mutations may undo each other
    assert _identities(after) == _identities(before)
    assert {f.message for f in after.findings}.isdisjoint({f.message for f in before.findings})
    # Two different findings never share a fingerprint.
    fingerprints = [f.fingerprint for f in before.findings]
    assert len(set(fingerprints)) == len(fingerprints), _identities(before)


def test_lines_file_and_wording_are_not_part_of_it_but_code_subject_and_ids_are() -> None:
    one = Finding(
        code="MIL005",
        severity="warning",
        message="late",
        subject="m",
        evidence={"milestone": "m", "as_of": "2024-01-01"},
        line=3,
    )
    two = attrs.evolve(
        one,
        message="forsinket",
        evidence={"milestone": "m", "as_of": "2025-01-01", "first": "b.toml:9"},
        source="b.toml",
        line=90,
    )
    # Made anew (attrs.evolve would carry the fingerprint over).
    fields = attrs.asdict(two, recurse=False, filter=lambda field, _: field.name != "fingerprint")
    assert one.fingerprint == Finding(**fields).fingerprint
    assert len(one.fingerprint) == 32
    bare = Finding(code="MIL005", severity="warning", message="late", subject="m")
    assert Finding(code="MIL005", severity="warning", message="", subject="n").fingerprint != (
        bare.fingerprint
    )
    assert Finding(code="MIL006", severity="warning", message="", subject="m").fingerprint != (
        bare.fingerprint
    )
    scoped = fingerprint("MIL005", "default", "m", {}, "agreements/a/milestones/m")
    other = fingerprint("MIL005", "default", "m", {}, "agreements/b/milestones/m")
    assert scoped != other


def test_a_load_problem_is_told_apart_by_its_file_and_key_path() -> None:
    def load(source: str, line: int | None = None) -> str:
        finding = Finding(
            code="LOAD004",
            severity="error",
            message="unknown key",
            source=source,
            path="agreements[0].titel",
            line=line,
        )
        return finding.fingerprint

    assert load("a.toml") != load("b.toml")
    assert load("a.toml") == load("a.toml", 9)


def test_the_same_milestone_id_in_two_agreements_gives_two_fingerprints() -> None:
    text = """
[[agreements]]
id = "a"
title = "A"
kind = "cooperation"
parties = ["x", "y"]
[[agreements.milestones]]
id = "m"
title = "M"
responsible = "ingen"

[[agreements]]
id = "b"
title = "B"
kind = "cooperation"
parties = ["x", "y"]
[[agreements.milestones]]
id = "m"
title = "M"
responsible = "ingen"
"""
    report = velfaerd.check(velfaerd.loads(text, "a.toml"))
    unknown = [f for f in report.findings if f.subject == "ingen"]
    assert len(unknown) == 2
    assert unknown[0].fingerprint != unknown[1].fingerprint


def test_json_and_sarif_carry_it_and_sarif_validates(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert (
        main(
            ["check", EXAMPLES, "--no-cache", "--output-format", "json", "--output-file", str(out)]
        )
        == 1
    )
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    assert all(len(f["fingerprint"]) == 32 for f in findings)
    assert (
        main(
            ["check", EXAMPLES, "--no-cache", "--output-format", "sarif", "--output-file", str(out)]
        )
        == 1
    )
    log = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(log)
    results = log["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in results] == [
        {"velfaerd/v1": f["fingerprint"]} for f in findings
    ]


#: Every built-in message, by code and variant.
VARIANTS = sorted((rule.code, variant) for rule in all_rules() for variant in rule.messages)
KEYS = st.sampled_from(["milestone", "due", "date", "day", "start", "end", "id", "kind", "x"])
VALUES = st.one_of(
    st.text(max_size=8),
    st.dates().map(str),
    st.sampled_from(["5. december 2012", "1 year", "meeting", "planned"]),
    st.lists(st.text(max_size=3), max_size=2),
    st.integers(),
    st.floats(allow_nan=False, width=16),
)


@scaled(25)
@given(
    st.sampled_from(VARIANTS),
    st.sampled_from(["en", "da"]),
    st.dictionaries(KEYS, VALUES, max_size=6),
)
def test_a_message_is_what_all_of_its_evidence_gives(
    variant: tuple[str, str], lang: str, evidence: dict[str, object]
) -> None:
    """Writing only the evidence a template names changes no message."""
    code, name = variant
    # Every key the message names, and what it does not.
    fields = report._fields(report.template(code, name, lang) or "") or frozenset()
    full = {key: f"<{key}>" for key in fields} | evidence
    message = report.render(code, name, full, lang)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(report, "_fields", lambda _: None)  # every key written
        assert report.render(code, name, full, lang) == message


@pytest.mark.parametrize(
    ("chosen", "fields"),
    [
        ("{milestone!r} is due {due}", frozenset({"milestone", "due"})),
        ("{a.b} {c[0]:>3}", frozenset({"a", "c"})),
        ("{0} and {}", None),  # positional: every key
        ("{a:{width}}", None),  # a field in a format: every key
        ("{a", None),  # malformed: format_map says so
        ("no fields", frozenset()),
    ],
)
def test_the_fields_of_a_template(chosen: str, fields: frozenset[str] | None) -> None:
    assert report._fields(chosen) == fields
