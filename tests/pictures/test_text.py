"""Every text of the pictures, the calendar and CAL001 exists in English and Danish alike."""

from __future__ import annotations

import string

import pytest

from velfaerd._pictures_text import KINDS, PERIODS, TEXT
from velfaerd.model import MilestoneKind
from velfaerd.report import MESSAGES
from velfaerd.rules import get_rule


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(TEXT["en"]))
def test_both_languages_have_the_text_with_the_same_placeholders(key: str) -> None:
    assert TEXT["da"][key].strip()
    assert TEXT["da"][key] != TEXT["en"][key]
    assert placeholders(TEXT["da"][key]) == placeholders(TEXT["en"][key])


def test_the_same_keys_everywhere() -> None:
    assert set(TEXT["da"]) == set(TEXT["en"])
    assert set(KINDS["da"]) == set(KINDS["en"]) == {k.value for k in MilestoneKind}
    assert set(PERIODS["da"]) == set(PERIODS["en"])


def test_cal001_speaks_danish() -> None:
    rule = get_rule("CAL001")
    for variant in rule.messages:
        english = MESSAGES["en"][("CAL001", variant)]
        danish = MESSAGES["da"][("CAL001", variant)]
        assert placeholders(danish) == placeholders(english)
        assert danish != english
