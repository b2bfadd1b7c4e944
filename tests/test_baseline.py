"""Baselines in Python: written, read back, and set against a report."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._hypothesis import scaled

import velfaerd
from velfaerd.baseline import Baseline, BaselineEntry
from velfaerd.report import Finding, Report

_CODES = st.sampled_from(["REV001", "COV002", "MIL005", "AGR002"])
_FINDINGS = st.builds(
    Finding,
    code=_CODES,
    severity=st.sampled_from(["error", "warning"]),
    message=st.text(max_size=5),
    subject=st.sampled_from(["a", "b", "æblegrød"]),
)


@scaled(50)
@given(st.lists(_FINDINGS, max_size=12), st.randoms())
def test_written_and_read_back_it_knows_exactly_the_findings_in_any_order(
    findings: list[Finding], random: object
) -> None:
    baseline = Baseline.of(findings)
    shuffled = list(findings)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert Baseline.of(shuffled).dumps() == baseline.dumps()  # deterministic
    read = Baseline.loads(baseline.dumps())
    assert read == baseline
    assert len(read) == len(findings)
    report = Report.build(findings)
    known = report.without(read)
    assert (known.findings, len(known.known)) == ((), len(findings))
    assert read.unmatched(findings) == ()


def test_a_finding_beyond_an_entrys_count_is_new_and_a_missing_one_unmatched() -> None:
    finding = Finding(code="REV001", severity="error", message="", subject="a")
    baseline = Baseline.of([finding])
    report = Report.build([finding, finding]).without(baseline)
    assert (len(report.findings), len(report.known), report.ok) == (1, 1, False)
    two = Baseline.of([finding, finding])
    assert two.entries == (
        BaselineEntry(code="REV001", subject="a", fingerprint=finding.fingerprint, count=2),
    )
    assert two.unmatched([finding]) == (attrs_evolve_count(two.entries[0], 1),)


def attrs_evolve_count(entry: BaselineEntry, count: int) -> BaselineEntry:
    return BaselineEntry(
        code=entry.code, subject=entry.subject, fingerprint=entry.fingerprint, count=count
    )


def test_a_malformed_baseline_names_its_source_and_key() -> None:
    with pytest.raises(velfaerd.BaselineError) as raised:
        Baseline.loads(
            '{"velfaerd-baseline": 1, "fingerprint-version": 1, "findings": '
            '[{"code": "A", "subject": "", "fingerprint": "' + "0" * 32 + '", "count": 0}]}',
            "ci/b.json",
        )
    assert str(raised.value) == (
        "baseline 'ci/b.json' findings[0].count: expected a whole number of at least 1, found 0"
    )
    assert raised.value.said.render("da").startswith("baselinen 'ci/b.json' findings[0].count:")
