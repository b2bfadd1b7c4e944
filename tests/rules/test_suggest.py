"""Did-you-mean suggestions (``velfaerd.rules._suggest``) in the findings a user reads."""

from __future__ import annotations

import difflib

from hypothesis import given
from hypothesis import strategies as st
from tests._documents import VALID
from tests._hypothesis import scaled

import velfaerd
from velfaerd.rules._suggest import Suggester


# Issue 14 (items 27, 28, 30): what a new user meets first.
def test_an_unknown_step_gets_a_did_you_mean() -> None:
    text = VALID.replace('step = "bestyrelse"', 'step = "bestyrelsen"', 1)
    report = velfaerd.check(velfaerd.loads(text))
    (finding,) = [f for f in report.findings if f.code == "REF002"]
    assert finding.message.endswith("did you mean 'bestyrelse'?")


_ID_TEXT = st.text(alphabet="abcdeæøå-_0123456789", max_size=12)


@scaled(20)
@given(
    value=_ID_TEXT,
    known=st.lists(_ID_TEXT, max_size=80, unique=True),
    cutoff=st.sampled_from([0.0, 0.3, 0.6, 0.8, 1.0]),
)
def test_suggestions_are_difflibs_close_matches(
    value: str, known: list[str], cutoff: float
) -> None:
    # Up to _SMALL ids every one is a candidate: the length test made before difflib
    # must leave its answer exactly as it is.
    known = known[:64]
    assert Suggester(known).suggest(value, cutoff=cutoff) == difflib.get_close_matches(
        value, sorted(set(known)), n=3, cutoff=cutoff
    )
