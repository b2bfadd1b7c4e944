"""The pictures, the calendar and CAL001 speak Danish and English alike, from the catalogues."""

from __future__ import annotations

import pytest

from velfaerd import i18n
from velfaerd.model import MilestoneKind
from velfaerd.pictures._text import kind, period, text
from velfaerd.rules import get_rule

PICTURE_KEYS = sorted(
    f"{group}.{key}"
    for group, table in i18n.catalogue("en")["pictures"].items()
    if group != "kind"
    for key in table
)


@pytest.mark.parametrize("key", PICTURE_KEYS)
def test_both_languages_have_the_text_with_the_same_placeholders(key: str) -> None:
    danish = i18n.lookup(f"pictures.{key}", "da")
    english = i18n.lookup(f"pictures.{key}", "en")
    assert isinstance(danish, str)
    assert isinstance(english, str)
    assert danish.strip()
    assert danish != english
    assert i18n.placeholders(danish) == i18n.placeholders(english)


@pytest.mark.parametrize("value", [k.value for k in MilestoneKind])
def test_every_milestone_kind_has_a_name_in_both_languages(value: str) -> None:
    assert i18n.lookup(f"pictures.kind.{value}", "da")
    assert i18n.lookup(f"pictures.kind.{value}", "en") == value


def test_the_helpers_read_the_catalogues() -> None:
    assert text("da", "timeline.title") == "Tidsplan"
    assert kind("da", "meeting") == "møde"
    assert period("da", 3, "months") == "3 måneder"
    assert period("en", 1, "years") == "1 year"


def test_cal001_speaks_danish() -> None:
    rule = get_rule("CAL001")
    danish = rule.translated("da")
    assert danish.summary != rule.summary
    for variant, english in rule.messages.items():
        assert danish.messages[variant] != english
        assert i18n.placeholders(danish.messages[variant]) == i18n.placeholders(english)
