"""Did-you-mean suggestions (``velfaerd.rules._suggest``) in the findings a user reads."""

from __future__ import annotations

from tests._documents import VALID

import velfaerd


# Issue 14 (items 27, 28, 30): what a new user meets first.
def test_an_unknown_step_gets_a_did_you_mean() -> None:
    text = VALID.replace('step = "bestyrelse"', 'step = "bestyrelsen"', 1)
    report = velfaerd.check(velfaerd.loads(text))
    (finding,) = [f for f in report.findings if f.code == "REF002"]
    assert finding.message.endswith("did you mean 'bestyrelse'?")
