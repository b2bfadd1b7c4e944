"""The indicator rules (``IND``): targets measured (``IND001``) and met (``IND002``);
commitments with goals and no indicator (``IND003``, not in the default selection)."""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import given
from hypothesis import strategies as st
from tests._documents import FOLLOWED_UP
from tests._hypothesis import scaled

import velfaerd
from velfaerd import strategies as vst
from velfaerd.model import Measurement

AS_OF = dt.date(2024, 6, 1)
IND = velfaerd.Config(select=["IND001", "IND002"])

_HEAD = (
    FOLLOWED_UP
    + """
[[agreements.commitments]]
id = "fravaer"
title = "Fraværet skal ned"
goals = ["Fraværet er under 5 % i skoleåret 2022/2023."]
"""
)


def _indicator(measurements: str, better: str = "lower") -> str:
    return (
        _HEAD
        + f"""
[[agreements.commitments.indicators]]
id = "elevfravaer"
name = "Elevfravær"
unit = "%"
better = "{better}"
targets = [{{ value = 5, by = "skoleåret 2022/2023" }}]
measurements = [{measurements}]
"""
    )


def _run(text: str, as_of: dt.date | None = AS_OF, lang: str = "en") -> velfaerd.Report:
    config = velfaerd.Config(select=["IND001", "IND002"], lang=lang)
    return velfaerd.check(velfaerd.loads(text, source="aftale.toml"), config, as_of=as_of)


def test_ind001_a_target_passed_with_nothing_measured_since_its_window_began() -> None:
    text = _indicator('{ value = "6,1", on = "juni 2022" }')
    (finding,) = _run(text).findings
    assert (finding.code, finding.path, finding.subject) == (
        "IND001",
        "agreements[0].commitments[0].indicators[0].targets[0]",
        "elevfravaer",
    )
    assert finding.message == (
        "indicator 'elevfravaer' was to reach 5 % by skoleåret 2022/2023, and nothing has "
        "been measured since"
    )
    (danish,) = _run(text, lang="da").findings
    assert danish.message == (
        "indikatoren 'elevfravaer' havde målet 5 % med frist skoleåret 2022/2023, men der er "
        "ikke målt siden"
    )
    # Not before the target's window has ended; and not without as_of.
    assert _run(text, as_of=dt.date(2023, 7, 31)).findings == ()
    assert _run(text, as_of=None).findings == ()


def test_ind002_compares_in_the_direction_better_says() -> None:
    missed = _indicator('{ value = "5,4", on = "juni 2023" }')
    (finding,) = _run(missed).findings
    assert finding.code == "IND002"
    assert finding.message == (
        "indicator 'elevfravaer' measured 5.4 % (juni 2023), short of the target of 5 % by "
        "skoleåret 2022/2023 (lower is better)"
    )
    (danish,) = _run(missed, lang="da").findings
    assert danish.message == (
        "indikatoren 'elevfravaer' blev målt til 5,4 % (juni 2023), men målet var 5 % med "
        "frist skoleåret 2022/2023 (lavere er bedre)"
    )
    assert _run(_indicator('{ value = "5,4", on = "juni 2023" }', better="higher")).codes() == set()
    assert _run(_indicator('{ value = 5, on = "juni 2023" }')).codes() == set()  # exactly met
    # Only the first measurement on or after the target's window counts.
    later = _indicator('{ value = "4,9", on = "juni 2023" }, { value = 6, on = "2024" }')
    assert _run(later).codes() == set()


def test_ind002_judges_nothing_when_better_is_not_said() -> None:
    text = _indicator('{ value = 9, on = "juni 2023" }').replace('better = "lower"\n', "")
    assert _run(text).codes() == set()


def test_ind003_is_not_in_the_default_selection() -> None:
    portfolio = velfaerd.loads(_HEAD)
    assert velfaerd.check(portfolio).codes() >= {"REV001"}
    assert "IND003" not in velfaerd.check(portfolio).codes()
    # ALL does not select it; a code or prefix that names it does.
    assert "IND003" in velfaerd.check(portfolio, velfaerd.Config(select=["IND"])).codes()
    selected = velfaerd.check(portfolio, velfaerd.Config(extend_select=["IND003"]))
    (finding,) = [f for f in selected.findings if f.code == "IND003"]
    assert finding.severity is velfaerd.Severity.INFO
    assert finding.message == "commitment 'fravaer' has a goal and no indicator to measure it"
    assert "--extend-select IND003" in velfaerd.rules.get_rule("IND003").explanation


@scaled(10)
@given(vst.violating("IND001", as_of=AS_OF), st.integers(-400, 400))
def test_moving_a_measurement_past_a_target_flips_ind001(
    portfolio: velfaerd.Portfolio, days: int
) -> None:
    agreement = portfolio.agreements[0]
    indicator = agreement.indicators[-1]
    assert velfaerd.check(portfolio, IND, as_of=AS_OF).codes() == {"IND001"}
    (target,) = indicator.targets
    day = target.by.first_day + dt.timedelta(days=days)
    measured = attrs.evolve(
        indicator,
        measurements=(Measurement(value=target.value, on=velfaerd.DateWindow.exact(day)),),
    )
    changed = attrs.evolve(
        portfolio,
        agreements=(
            attrs.evolve(agreement, indicators=(*agreement.indicators[:-1], measured)),
            *portfolio.agreements[1:],
        ),
    )
    codes = velfaerd.check(changed, IND, as_of=AS_OF).codes()
    assert codes == (set() if days >= 0 else {"IND001"})
