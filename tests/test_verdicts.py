"""The library's verdicts are the command line's (issue 18, items 19, 21 and 23).

A system that embeds ``load_partial`` and ``check`` must never hear "ok" where
``velfaerd check`` says otherwise, must get the findings in the order every output
format lists them, and the same key paths whether it built the portfolio in Python or
loaded it.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests._cli import check
from tests._hypothesis import scaled

import velfaerd
from velfaerd import strategies as vst
from velfaerd.cli import _formats
from velfaerd.query import Index
from velfaerd.rules import all_rules

ROOT = Path(__file__).parent.parent
GOOD = (ROOT / "examples" / "esbjerg-auraskolen.toml").read_bytes()

#: A file for each kind of load problem, as a pull request could commit it.
BROKEN: dict[str, bytes] = {
    "LOAD001": b"\xff\xfe[[actors]]\n",  # not UTF-8
    "LOAD002": b"[[agreements]\nid = 'a'\n",  # not TOML
    "LOAD003": b'[[actors]]\nid = "x"\nname = "X"\nkind = "kejser"\n',  # a wrong value
    "LOAD004": b'[[actors]]\nid = "x"\nname = "X"\nkind = "council"\ntitel = "y"\n',
    "LOAD005": b'[[actors]]\nid = "x"\n',  # name and kind missing
}


def _cli(*arguments: str) -> tuple[int, str]:
    code, out, _ = check(*arguments, "--no-cache", "--jobs", "1")
    return code, out


def _cli_json(*arguments: str) -> tuple[int, dict[str, Any]]:
    code, out = _cli(*arguments, "--output-format", "json")
    data: dict[str, Any] = json.loads(out)
    return code, data


def _library(path: Path | str) -> velfaerd.Report:
    portfolio, error = velfaerd.load_partial(path)
    return velfaerd.check(portfolio, left_out=error)


def _directory(root: Path, files: dict[str, bytes]) -> Path:
    folder = root / "aftaler"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


# --- item 19: the load problems are in the report ------------------------------------------


@pytest.mark.parametrize("code", sorted(BROKEN))
def test_a_broken_file_is_an_error_in_the_report_as_in_the_cli(code: str, tmp_path: Path) -> None:
    folder = _directory(tmp_path, {"auraskolen.toml": GOOD, "broken.toml": BROKEN[code]})
    report = _library(folder)
    exit_code, cli = _cli_json(str(folder))
    assert exit_code == 1
    assert not report.ok
    assert code in report.codes()
    (problem,) = {f.code: f for f in report.findings if f.code.startswith("LOAD")}.values()
    assert problem.severity is velfaerd.Severity.ERROR
    assert problem.source == str(folder / "broken.toml")
    # Exactly what the command line prints: every finding, in its order, and the summary.
    assert cli == report.to_dict()
    assert cli["summary"]["ok"] is False


def test_every_kind_of_load_problem_at_once_lists_what_the_cli_lists(tmp_path: Path) -> None:
    files = {f"{code.lower()}.toml": data for code, data in BROKEN.items()}
    folder = _directory(tmp_path, {"auraskolen.toml": GOOD, **files})
    report = _library(folder)
    assert {f.code for f in report.findings if f.code.startswith("LOAD")} == set(BROKEN)
    assert _cli_json(str(folder))[1] == report.to_dict()
    summary = _formats.Summary.of(report.findings, report)
    # concise: file:line:column, code, message and key path, line for line.
    assert _cli(str(folder), "--output-format", "concise")[1] == _formats.format_concise(
        report.findings, summary
    )
    # SARIF: the same results, each with its line and column.
    sarif = json.loads(_cli(str(folder), "--output-format", "sarif")[1])
    ours = json.loads(
        _formats.format_sarif(
            report.findings, summary, rules=all_rules(), version=velfaerd.__version__
        )
    )
    assert sarif["runs"][0]["results"] == ours["runs"][0]["results"]
    columns = {
        result["ruleId"]: result["locations"][0]["physicalLocation"]["region"].get("startColumn")
        for result in ours["runs"][0]["results"]
        if result["ruleId"] == "LOAD002"
    }
    assert columns == {"LOAD002": 13}


def test_a_directory_with_no_agreement_file_is_not_ok(tmp_path: Path) -> None:
    (tmp_path / "tom").mkdir()
    report = _library(tmp_path / "tom")
    assert report.codes() == {"LOAD001"}
    assert not report.ok
    assert _cli_json(str(tmp_path / "tom"))[1] == report.to_dict()


def test_the_load_problems_are_written_in_the_configured_language(tmp_path: Path) -> None:
    folder = _directory(tmp_path, {"keys.toml": BROKEN["LOAD004"]})
    portfolio, error = velfaerd.load_partial(folder)
    report = velfaerd.check(portfolio, velfaerd.Config(lang="da"), left_out=error)
    (finding,) = report.findings
    assert finding.message.startswith("actors[0].titel: ukendt nøgle 'titel'")
    assert _cli_json(str(folder), "--lang", "da")[1] == report.to_dict()


def test_a_load_problem_cannot_be_ignored_or_waived(tmp_path: Path) -> None:
    folder = _directory(tmp_path, {"keys.toml": BROKEN["LOAD005"]})
    portfolio, error = velfaerd.load_partial(folder)
    config = velfaerd.Config(select=["REV001"], per_file_ignores={"*.toml": ["ALL"]})
    report = velfaerd.check(portfolio, config, left_out=error)
    assert report.codes() == {"LOAD005"}
    assert not report.ok


def test_a_clean_directory_stays_ok(tmp_path: Path) -> None:
    text = velfaerd.dump(velfaerd.Portfolio())
    folder = _directory(tmp_path, {"tom.toml": text.encode()})
    portfolio, error = velfaerd.load_partial(folder)
    assert error is None
    assert velfaerd.check(portfolio, left_out=error).ok


def test_the_readme_embedding_example_runs_and_prints_what_it_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = [
        b for b in re.findall(r"```python\n(.*?)```", readme, re.DOTALL) if "load_partial" in b
    ]
    said = [line.removeprefix("# ") for line in block.splitlines() if line.startswith("# ")]
    folder = tmp_path / "aftaler"
    folder.mkdir()
    (folder / "valid.toml").write_bytes((ROOT / "tests" / "data" / "valid.toml").read_bytes())
    (folder / "udkast.toml").write_text('[[actors]]\nid = "x"\nname\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "README.md", "exec"), {})  # noqa: S102 - the README's own code
    assert out.getvalue().splitlines() == ["False", *said]


# --- item 21: one order, everywhere ---------------------------------------------------------


def test_milestone_10_comes_after_milestone_2_without_lines() -> None:
    milestones = [
        velfaerd.Milestone(id=f"m{i}", title=f"M{i}", responsible="ukendt") for i in range(12)
    ]
    agreement = velfaerd.Agreement(
        id="a", title="A", kind="implementation_plan", parties=[], milestones=milestones
    )
    report = velfaerd.check(
        velfaerd.Portfolio(agreements=[agreement]), velfaerd.Config(select=["REF002"])
    )
    paths = [f.path for f in report.findings]
    assert paths == [f"agreements[0].milestones[{i}].responsible" for i in range(12)]


def test_findings_on_one_line_go_by_column_then_code() -> None:
    def at(code: str, column: int | None, path: str = "p") -> velfaerd.Finding:
        return velfaerd.Finding(
            code=code,
            severity="error",
            message=code,
            source="a.toml",
            line=3,
            column=column,
            path=path,
        )

    shuffled = [at("B001", 5), at("A001", 5), at("Z001", None), at("C001", 2), at("A001", 1, "z")]
    report = velfaerd.Report.build(shuffled)
    assert [(f.column, f.code) for f in report.findings] == [
        (1, "A001"),
        (None, "Z001"),
        (2, "C001"),
        (5, "A001"),
        (5, "B001"),
    ]


@st.composite
def damaged(draw: st.DrawFn) -> velfaerd.Portfolio:
    """A drawn portfolio with a few rules broken, and unknown responsibles and bases.

    Unknown responsibles on many milestones give findings at ``milestones[2]`` and
    ``milestones[10]`` alike; a basis with an unknown ``ref`` one below a basis.
    """
    portfolio = draw(vst.portfolios(min_milestones=4, max_milestones=12))
    for mutation in draw(st.lists(vst.mutations(), max_size=3)):
        with contextlib.suppress(vst.NotApplicableError):
            portfolio = mutation.apply(portfolio)
    agreements = []
    for agreement in portfolio.agreements:
        chosen = draw(st.sets(st.integers(0, len(agreement.milestones))))
        milestones = tuple(
            attrs.evolve(milestone, responsible="ukendt") if index in chosen else milestone
            for index, milestone in enumerate(agreement.milestones)
        )
        basis = agreement.basis
        if draw(st.booleans()):
            basis = (*basis, velfaerd.Basis(title="Beslutning", ref="nope"))
        agreements.append(attrs.evolve(agreement, milestones=milestones, basis=basis))
    return attrs.evolve(portfolio, agreements=tuple(agreements))


@settings(scaled(10), suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_the_library_and_every_cli_format_list_findings_in_one_order(
    portfolio: velfaerd.Portfolio,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "aftaler.toml"
        path.write_text(velfaerd.dump(portfolio), encoding="utf-8")
        report = _library(path)
        findings = list(report.findings)
        assert findings == sorted(findings, key=velfaerd.Finding.sort_key)
        lines = [(f.line or 0, f.column or 1) for f in findings]
        assert lines == sorted(lines)
        shown = [(f["code"], f["path"], f["line"]) for f in _cli_json(str(path))[1]["findings"]]
        assert shown == [(f.code, f.path, f.line) for f in findings]
        sarif = json.loads(_cli(str(path), "--output-format", "sarif")[1])
        results = sarif["runs"][0]["results"]
        assert [r["ruleId"] for r in results] == [f.code for f in findings]
    # Built in Python (no lines): by key path, numbers as numbers.
    built = velfaerd.check(portfolio).findings
    assert list(built) == sorted(built, key=velfaerd.Finding.sort_key)


@given(st.lists(st.tuples(st.text("ab[].", max_size=4), st.integers(0, 120)), max_size=6))
def test_key_paths_sort_their_numbers_as_numbers(parts: list[tuple[str, int]]) -> None:
    # Paths that differ only in their numbers sort as the numbers do.
    prefix = "".join(f"{text}[{number}]" for text, number in parts[:-1])
    numbers = sorted({number for _, number in parts} | {2, 10})
    paths = [f"{prefix}.milestones[{n}].due" for n in numbers]

    def finding(path: str) -> velfaerd.Finding:
        return velfaerd.Finding(code="MIL001", severity="error", message="", path=path)

    ordered = velfaerd.Report.build([finding(p) for p in reversed(paths)]).findings
    assert [f.path for f in ordered] == paths


# --- item 23: one list of each class's children ---------------------------------------------


def _loaded(portfolio: velfaerd.Portfolio) -> velfaerd.Portfolio:
    return velfaerd.loads(velfaerd.dump(portfolio), source="aftaler.toml")


def _seen(report: velfaerd.Report) -> list[tuple[str, str, str]]:
    return sorted((f.code, f.path, f.subject) for f in report.findings)


def _with_bases() -> velfaerd.Portfolio:
    council = velfaerd.Actor(id="byraadet", name="Byrådet", kind="council")
    school = velfaerd.Actor(id="skolen", name="Skolen", kind="institution", part_of="byraadet")
    policy = velfaerd.Policy(
        id="politik", name="Politik", basis=[velfaerd.Basis(title="Lov", ref="ingen-lov")]
    )
    agreement = velfaerd.Agreement(
        id="aftale",
        title="Aftale",
        kind="cooperation",
        parties=["byraadet", "skolen"],
        policies=["politik"],
        basis=[
            velfaerd.Basis(title="Beslutning", ref="politik"),
            velfaerd.Basis(title="x", ref="nope"),
        ],
        commitments=[
            velfaerd.Commitment(
                id="indsats", title="Indsats", budget=[velfaerd.Budget(amount=1_000_000)]
            )
        ],
        budget=[velfaerd.Budget(amount=5), velfaerd.Budget(amount=7, year=2024)],
    )
    return velfaerd.Portfolio(actors=[council, school], policies=[policy], agreements=[agreement])


def test_an_unknown_basis_ref_built_in_python_is_where_the_file_has_it() -> None:
    portfolio = _with_bases()
    config = velfaerd.Config(select=["REF002"])
    built = velfaerd.check(portfolio, config)
    paths = {f.path for f in built.findings if f.subject in {"nope", "ingen-lov"}}
    assert paths == {"agreements[0].basis[1].ref", "policies[0].basis[0].ref"}
    assert _seen(built) == _seen(velfaerd.check(_loaded(portfolio), config))


def test_budgets_built_in_python_have_the_paths_loading_gives() -> None:
    portfolio = _with_bases()
    loaded = _loaded(portfolio)
    built_index, loaded_index = Index(portfolio), Index(loaded)
    pairs = [
        (portfolio.agreements[0].budget[1], loaded.agreements[0].budget[1]),
        (
            portfolio.agreements[0].commitments[0].budget[0],
            loaded.agreements[0].commitments[0].budget[0],
        ),
        (portfolio.policies[0].basis[0], loaded.policies[0].basis[0]),
    ]
    for built, read in pairs:
        assert built_index.locate(built)[1] == loaded_index.locate(read)[1]
    assert built_index.locate(pairs[0][0], "year")[1] == "agreements[0].budget[1].year"


@settings(scaled(10), suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_key_paths_are_the_same_built_in_python_or_loaded(portfolio: velfaerd.Portfolio) -> None:
    built = velfaerd.check(portfolio)
    assert all(f.path for f in built.findings)
    assert _seen(built) == _seen(velfaerd.check(_loaded(portfolio)))
