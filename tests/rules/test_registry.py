"""The registry: every rule documented and runnable, plugins through entry points."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import pytest
from tests._plugins import plugin  # noqa: F401 - a fixture

import velfaerd
from velfaerd import _registry, rules
from velfaerd.errors import RuleRegistrationError
from velfaerd.rules import Rule, Violation, all_rules, get_rule, register

if TYPE_CHECKING:
    from collections.abc import Iterator

ALL = all_rules()
BUILT_IN_CODES = {
    *(f"REF00{i}" for i in (1, 2, 3)),
    *(f"COV00{i}" for i in (1, 2, 3, 4)),
    *(f"REV00{i}" for i in (1, 2, 3, 4, 5)),
    *(f"APR00{i}" for i in (1, 2, 3, 4)),
    *(f"MIL00{i}" for i in (1, 2, 3, 4, 5)),
    *(f"AGR00{i}" for i in (1, 2, 3, 4)),
    "CAL001",
    *(f"IND00{i}" for i in (1, 2, 3)),
}


def test_every_built_in_code_is_registered() -> None:
    assert {r.code for r in ALL} == BUILT_IN_CODES


def test_rules_are_sorted_and_unique() -> None:
    codes = [r.code for r in ALL]
    assert codes == sorted(set(codes))
    assert len({r.name for r in ALL}) == len(ALL)


@pytest.mark.parametrize("rule", ALL, ids=lambda r: r.code)
def test_explanation_is_complete(rule: Rule) -> None:
    for text in (rule.summary, rule.description, rule.why, rule.failing, rule.fixed):
        assert text.strip()
    assert rule.code in rule.explanation
    assert rule.failing.strip() in rule.explanation
    assert rule.fixed.strip() in rule.explanation


@pytest.mark.parametrize("rule", ALL, ids=lambda r: r.code)
def test_failing_example_gives_the_code_and_fixed_does_not(rule: Rule) -> None:
    as_of = velfaerd.parse_window("1. juni 2024").latest if rule.needs_as_of else None
    config = velfaerd.Config(extend_select=[rule.code])  # an opt-in rule (IND003) too
    failing = velfaerd.check(
        velfaerd.loads(rule.failing, source="failing.toml"), config, as_of=as_of
    )
    assert rule.code in failing.codes(), failing.findings
    fixed = velfaerd.check(velfaerd.loads(rule.fixed, source="fixed.toml"), config, as_of=as_of)
    assert rule.code not in fixed.codes(), fixed.findings


def test_the_baseline_is_clean(valid: velfaerd.Portfolio) -> None:
    report = velfaerd.check(valid)
    assert report.findings == (), report.findings
    assert report.ok
    assert report.status("MIL005") == rules_status("MIL005", ran=False)


def rules_status(code: str, *, ran: bool) -> velfaerd.report.RuleStatus:
    reason = None if ran else "needs an as-of date (as_of)"
    return velfaerd.report.RuleStatus(code=code, ran=ran, reason=reason)


def test_as_of_makes_mil005_run(valid: velfaerd.Portfolio) -> None:
    report = velfaerd.check(valid, as_of=velfaerd.parse_window("1. januar 2022").latest)
    assert report.status("MIL005") == rules_status("MIL005", ran=True)


def test_as_of_must_be_a_date(valid: velfaerd.Portfolio) -> None:
    with pytest.raises(TypeError, match=r"datetime\.date"):
        velfaerd.check(valid, as_of="2022-01-01")  # type: ignore[arg-type]


def test_get_rule_suggests_near_codes() -> None:
    assert get_rule("rev001").code == "REV001"
    with pytest.raises(KeyError, match="REV001"):
        get_rule("REV01")


def _noop(_: rules.Context) -> Iterator[Violation]:
    yield from ()


def _rule(code: str, name: str) -> Rule:
    return Rule(
        code=code,
        name=name,
        severity="warning",
        summary="s",
        description="d",
        why="w",
        failing="",
        fixed="",
        check=_noop,
        messages={"default": "m"},
    )


def test_two_rules_with_one_code_are_an_error() -> None:
    with pytest.raises(RuleRegistrationError, match="registered twice"):
        register(_rule("REV001", "another-review-rule"))
    with pytest.raises(RuleRegistrationError, match="kebab-case"):
        register(_rule("XYZ001", "Not_Kebab"))
    with pytest.raises(RuleRegistrationError, match="capital letters"):
        register(_rule("xyz1", "lower-case-code"))


@pytest.mark.usefixtures("plugin")
def test_a_plugin_rule_is_loaded_from_its_entry_point() -> None:
    assert "XYZ001" in {r.code for r in all_rules()}
    assert get_rule("XYZ001").plugin == "xyz"
    portfolio = velfaerd.loads(_UNTITLED)
    report = velfaerd.check(portfolio, config=velfaerd.Config(select=["XYZ"]))
    (finding,) = report.findings
    assert (finding.code, finding.message, finding.line) == (
        "XYZ001",
        "milestone 'm' has no title",
        9,
    )
    off = velfaerd.check(portfolio, config=velfaerd.Config(select=["XYZ"], plugins=False))
    assert off.findings == ()
    assert "XYZ001" not in {r.code for r in all_rules(plugins=False)}


@pytest.mark.usefixtures("plugin")
def test_plugins_can_be_turned_off_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VELFAERD_PLUGINS", "0")
    assert "XYZ001" not in {r.code for r in all_rules()}


_UNTITLED = """
[[agreements]]
id = "a"
title = "A"
kind = "implementation_plan"
parties = []
[[agreements.milestones]]
id = "m"
title = " "
"""


@pytest.mark.usefixtures("plugin")
def test_a_plugin_rule_without_danish_texts_speaks_english_in_danish() -> None:
    config = velfaerd.Config(select=["XYZ"], lang="da")
    (finding,) = velfaerd.check(velfaerd.loads(_UNTITLED), config=config).findings
    assert finding.message == "milestone 'm' has no title"
    danish = get_rule("XYZ001").translated("da")
    assert (danish.summary, danish.description) == (
        "a milestone has an empty title",
        "Every milestone needs a title.",
    )
    assert "## Hvad reglen tjekker\n\nEvery milestone needs a title." in danish.explanation


def test_a_plugin_rule_can_ship_danish_texts() -> None:
    translated = attrs.evolve(
        _rule("XYZ002", "with-danish"),
        translations={"da": {"summary": "et resumé", "messages": {"default": "milepæl {m!r}"}}},
    )
    register(translated)
    try:
        danish = get_rule("XYZ002").translated("da")
        assert (danish.summary, danish.why) == ("et resumé", "w")
        assert velfaerd.report.render("XYZ002", "default", {"m": "x"}, "da") == "milepæl 'x'"
        assert velfaerd.report.render("XYZ002", "default", {"m": "x"}) == "m"
    finally:
        _registry._REGISTRY.pop("XYZ002", None)
        velfaerd.report.MESSAGES["da"].pop(("XYZ002", "default"), None)
