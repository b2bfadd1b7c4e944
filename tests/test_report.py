"""velfaerd.report: findings' fingerprints (stable over line shifts, file names and language, and
distinct), and messages written from the evidence the template shows."""

from __future__ import annotations

import datetime as dt
import json
import string
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


# --- the fast paths of a check: each gives what the plain one gives ----------------------


def _render_plainly(code: str, variant: str, evidence: dict[str, object], language: str) -> str:
    """A message as render() wrote it before a check's _Messages: the plain path."""
    from velfaerd.i18n import localize  # noqa: PLC0415

    chosen = report.template(code, variant, language)
    if chosen is None:
        used = "en"
        chosen = report.MESSAGES["en"].get((code, variant))
        if chosen is None:
            chosen = report.MESSAGES["en"].get((code, "default"), code)
    else:
        used = language
    fields = report._fields(chosen)
    shown = {
        key: localize(key, value, used)
        for key, value in evidence.items()
        if fields is None or key in fields
    }
    if used != "en" and (localizer := report.LOCALIZERS.get(code)) is not None:
        shown.update(localizer(evidence, used))
    values = report._Evidence({key: report._render_value(v) for key, v in shown.items()})
    try:
        return chosen.format_map(values)
    except (ValueError, IndexError):
        return string.Formatter().vformat(chosen, (), values)


#: Evidence as the rules write it: ids, dates (ISO and Danish), periods, kinds, counts;
#: a few words often, so that one is shown by two fields (each may write it its way).
WORDS = st.one_of(
    st.sampled_from(["lørdag", "1 year", "6 months", "planned", "meeting", "2021-03-15"]),
    st.sampled_from(["3. juni 2023, marts 2022", "2021-02-30", "conference, meeting", "m15"]),
    VALUES,
    st.booleans(),
    st.none(),
)
EXTRA_KEYS = ["every", "status", "kinds", "hint", "day", "x"]


@st.composite
def findings_evidence(draw: st.DrawFn, lang: str) -> tuple[tuple[str, str], dict[str, object]]:
    """A code and variant, and evidence for the fields its template shows, and others."""
    code, variant = draw(st.sampled_from(VARIANTS))
    chosen = report.template(code, variant, lang) or report.template(code, variant) or ""
    keys = sorted(report._fields(chosen) or ()) + EXTRA_KEYS
    return (code, variant), draw(st.dictionaries(st.sampled_from(keys), WORDS, max_size=6))


@scaled(15)
@given(st.sampled_from(["en", "da"]), st.data())
def test_a_checks_messages_are_what_render_wrote_one_by_one(lang: str, data: st.DataObject) -> None:
    """One _Messages for many findings (its templates and texts remembered) writes each
    message as the plain path does, in Danish and English."""
    findings = data.draw(st.lists(findings_evidence(lang), min_size=1, max_size=8))
    messages = report._Messages(lang)
    for (code, variant), evidence in findings * 2:  # the second time from what it remembers
        expected = _render_plainly(code, variant, evidence, lang)
        assert messages.render(code, variant, evidence) == expected
        assert report.render(code, variant, evidence, lang) == expected


def test_a_checks_messages_write_one_text_as_each_field_and_localizer_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A text remembered for one field is not another field's: ``lørdag`` is a day in
    English only as ``day``, ``1 year`` is ``hvert år`` only as ``every``; and a code's
    localizer (REF002's hint, from its suggestions) writes its fields in Danish."""
    monkeypatch.setitem(report.MESSAGES["en"], ("XXX001", "default"), "{day}/{milestone}")
    monkeypatch.setitem(report.MESSAGES["da"], ("XXX001", "default"), "{every}/{review_every}")
    cases: list[tuple[str, str, str, dict[str, object]]] = [
        ("en", "XXX001", "default", {"day": "lørdag", "milestone": "lørdag"}),
        ("en", "XXX001", "default", {"milestone": "lørdag", "day": "lørdag"}),
        ("da", "XXX001", "default", {"every": "1 year", "review_every": "1 year"}),
        ("da", "XXX001", "default", {"review_every": "1 year", "every": "1 year"}),
        ("da", "REF002", "default", {"id": "m1", "suggestions": ["m2"], "hint": ""}),
    ]
    written = {lang: report._Messages(lang) for lang in ("en", "da")}
    for lang, code, variant, evidence in cases:
        assert written[lang].render(code, variant, evidence) == (
            _render_plainly(code, variant, evidence, lang)
        )
    shown = [
        written[lang].render(code, variant, evidence) for lang, code, variant, evidence in cases
    ]
    assert shown[0] == "Saturday/lørdag"
    assert shown[2] == "hvert år/1 år"


#: Text as JSON must escape it: quotes, controls, a line separator, a lone surrogate.
TEXT = st.text(st.characters() | st.sampled_from(['"', "\\", "\x00", "\n", "\u2028", "\ud800"]))


@scaled(30)
@given(
    st.text(max_size=4),
    st.text(max_size=4),
    TEXT,
    st.dictionaries(TEXT, TEXT | st.lists(TEXT, min_size=1, max_size=3), max_size=4),
    TEXT,
)
def test_a_fingerprint_of_ids_is_what_fingerprint_writes(
    code: str, variant: str, subject: str, identity: dict[str, str | list[str]], scope: str
) -> None:
    """Text of any kind (quotes, controls, non-ASCII) in the one C encoder made once."""
    identity = {key: value for key, value in identity.items() if key not in report.NOT_IDENTITY}
    assert report._ids_fingerprint(code, variant, subject, identity, scope) == fingerprint(
        code, variant, subject, identity, scope
    )


SMALL = st.sampled_from(["a", "b", ""])
#: Findings whose keys often tie at their heads (file, line, column, code), and all of them.
FINDINGS = st.builds(
    Finding,
    code=st.sampled_from(["A001", "B001"]),
    severity=st.sampled_from(list(report.Severity)),
    message=SMALL,
    subject=SMALL,
    source=st.sampled_from(["a.toml", None]),
    path=st.sampled_from(["x[2]", "x[10]", "x[02].y", "", "x"]),
    line=st.sampled_from([None, 1]),
    column=st.sampled_from([None, 1, 3]),
    fingerprint=st.just(""),
)


@scaled(30)
@given(st.lists(FINDINGS, min_size=2, max_size=12))
def test_a_report_orders_its_findings_as_their_whole_keys_do(findings: list[Finding]) -> None:
    """The heads of the keys first, and the whole keys only where they tie: the same
    order, and findings whose keys are equal in the order they came (a stable sort)."""
    waived = list(reversed(findings))
    built = report.Report.build(findings, waived)
    assert list(map(id, built.findings)) == list(map(id, sorted(findings, key=Finding.sort_key)))
    assert list(map(id, built.waived)) == list(map(id, sorted(waived, key=Finding.sort_key)))
