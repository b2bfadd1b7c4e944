"""Checking small documents in the rule tests (the documents themselves: ``tests._documents``)."""

from __future__ import annotations

import velfaerd


def check(text: str, **kwargs: object) -> velfaerd.Report:
    return velfaerd.check(velfaerd.loads(text, source="t.toml"), **kwargs)  # type: ignore[arg-type]


def only(report: velfaerd.Report, code: str) -> list[velfaerd.Finding]:
    assert report.codes() == {code}, [f"{f.code} {f.message}" for f in report.findings]
    return list(report.findings)
