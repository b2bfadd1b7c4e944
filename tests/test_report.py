"""velfaerd.report: messages written from the evidence the template shows."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._hypothesis import scaled

from velfaerd import report
from velfaerd.rules import all_rules

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
