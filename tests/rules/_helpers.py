"""Helpers the rule tests share: edit the baseline text, check it, pick the finding."""

from __future__ import annotations

from typing import TYPE_CHECKING

import velfaerd

if TYPE_CHECKING:
    import datetime as dt

PROCESS_ID = 'approval_process = "lokal-aftale"'
DURATION = 'duration = "3 years"\n'


def line_of(text: str, needle: str) -> int:
    """The line (1-based) where ``needle`` first occurs in ``text``."""
    assert text.count(needle) == 1, needle
    return text[: text.index(needle)].count("\n") + 1


def edit(text: str, old: str, new: str) -> str:
    """Replace the one occurrence of ``old``."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def run(
    text: str, config: velfaerd.Config | None = None, as_of: dt.date | None = None
) -> velfaerd.Report:
    """Load the text as valid.toml and check it."""
    return velfaerd.check(velfaerd.loads(text, source="valid.toml"), config=config, as_of=as_of)


def only(report: velfaerd.Report, code: str) -> velfaerd.Finding:
    """The one finding of a report that must give exactly ``code``, once."""
    assert report.codes() == {code}, report.findings
    (finding,) = report.findings
    return finding


def waive(text: str, code: str) -> str:
    """Add a waiver of ``code`` to the baseline agreement."""
    return edit(
        text,
        PROCESS_ID,
        f'{PROCESS_ID}\nwaivers = [{{ rule = "{code}", reason = "Frisat af Byrådet." }}]',
    )
