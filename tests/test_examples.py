"""The five real documents in examples/: they load, and give exactly the findings
examples/README.md explains."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomli

import velfaerd
from velfaerd.format._locate import locate

EXAMPLES = Path(__file__).parent.parent / "examples"
DATA = Path(__file__).parent / "data"

# (code, subject) per file, as examples/README.md explains them.
EXPECTED: dict[str, set[tuple[str, str]]] = {
    "aarhus-staerkere-laeringsfaellesskaber.toml": {
        ("REV001", "aar-staerkere-laeringsfaellesskaber"),
    },
    "esbjerg-auraskolen.toml": {
        ("COV002", "inddragende-processer"),
        ("COV002", "advisory-board"),
        ("COV002", "ok-at-lave-fejl"),
        ("REV003", "årligt-opfølgningsmøde"),
    },
    "kobenhavn-implementeringsplan.toml": {("MIL002", "midtvejsstatus")},
    "skanderborg-udviklingsaftale-2019.toml": {
        ("MIL003", "skoleprojekter-præsenteres"),
        ("AGR002", "skb-udviklingsaftale-2019"),
    },
    "varde-partnerskab.toml": {("REV001", "varde-partnerskab-2013")},
}
FILES = sorted(EXPECTED)


def test_examples_holds_the_five_documents() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.toml")) == FILES


@pytest.mark.parametrize("name", FILES)
def test_each_example_gives_exactly_the_explained_findings(name: str) -> None:
    report = velfaerd.check(velfaerd.load(EXAMPLES / name))
    assert {(f.code, f.subject) for f in report.findings} == EXPECTED[name]
    assert len(report.findings) == len(EXPECTED[name])
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for code, _ in EXPECTED[name]:
        assert code in readme


def test_all_examples_load_together_with_the_same_findings() -> None:
    report = velfaerd.check(velfaerd.load(EXAMPLES))
    found = {(Path(f.source or "").name, f.code, f.subject) for f in report.findings}
    assert found == {(name, code, subject) for name in FILES for code, subject in EXPECTED[name]}
    assert report.count("error") == 3
    assert report.count("warning") == 6


@pytest.mark.parametrize("name", FILES)
def test_examples_survive_a_dump_round_trip(name: str) -> None:
    portfolio = velfaerd.load(EXAMPLES / name)
    assert velfaerd.loads(velfaerd.dump(portfolio)) == portfolio


def test_the_original_copenhagen_row_is_a_load_error() -> None:
    with pytest.raises(velfaerd.LoadError) as caught:
        velfaerd.load(DATA / "kobenhavn-21-maj-april.toml")
    (problem,) = caught.value.problems
    assert problem.code == "LOAD003"
    assert problem.path == "agreements[0].milestones[0].due"
    assert problem.line == 10
    assert "'21. maj april 2013'" in problem.message


def _paths(value: object, path: str = "") -> list[str]:
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{key}" if path else key
            found += [child, *_paths(item, child)]
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += [f"{path}[{index}]", *_paths(item, f"{path}[{index}]")]
    return found


@pytest.mark.parametrize("name", FILES)
def test_the_locator_names_the_line_of_every_key_in_the_examples(name: str) -> None:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    lines = text.splitlines()
    located = locate(text)
    for path in _paths(tomli.loads(text)):
        line = located.get(path)
        assert line is not None, path
        last = path.rsplit(".", 1)[-1]
        if not last.endswith("]"):
            assert last in lines[line - 1], (path, line, lines[line - 1])
