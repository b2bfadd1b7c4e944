"""velfaerd graph: Mermaid and DOT, checked for their syntax, escaping and marks."""

from __future__ import annotations

import re
import unicodedata
import warnings
from typing import TYPE_CHECKING

import pydot
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._hypothesis import scaled
from tests.pictures._documents import AWKWARD, EXAMPLES

import velfaerd
from velfaerd import pictures

if TYPE_CHECKING:
    from pathlib import Path

    from tests.cli.conftest import Run


_NODE = r"a\d+_m\d+"
_LABEL = r'"[^"<>]*(?:<br/>[^"<>]*)*"'
_MERMAID_LINES = [
    re.compile(r"^flowchart LR$"),
    re.compile(r"^  %% .*$"),
    re.compile(rf"^  subgraph a\d+\[{_LABEL}\]$"),
    re.compile(rf"^    {_NODE}\[{_LABEL}\]$"),
    re.compile(r"^  end$"),
    re.compile(rf"^  {_NODE} (-->|-\.->) {_NODE}$"),
    re.compile(r"^  classDef finding stroke:#c00000,stroke-width:3px$"),
    re.compile(rf"^  class {_NODE}(,{_NODE})* finding$"),
]


def assert_mermaid(text: str) -> None:
    """Every line is one of the statements the drawing uses, and edges join defined nodes."""
    defined: set[str] = set()
    for line in text.splitlines():
        assert any(p.match(line) for p in _MERMAID_LINES), line
        node = re.match(rf"^    ({_NODE})\[", line)
        if node:
            defined.add(node[1])
        edge = re.match(rf"^  ({_NODE}) \S+ ({_NODE})$", line)
        if edge:
            assert {edge[1], edge[2]} <= defined, line
    assert text.count("subgraph") == text.count("\n  end\n")


def unescape_mermaid(label: str) -> str:
    return re.sub(
        r"#(quot|amp|lt|gt|35);",
        lambda m: {"quot": '"', "amp": "&", "lt": "<", "gt": ">", "35": "#"}[m[1]],
        label,
    )


def unescape_dot(label: str) -> str:
    """A DOT string's text: ``\\n`` a line break, ``\\x`` the character ``x``."""
    return re.sub(r"\\(.)", lambda m: "\n" if m[1] == "n" else m[1], label, flags=re.DOTALL)


def dot_nodes(text: str) -> dict[str, str]:
    """Parse DOT with pydot; the label of each node, as written between its quotes."""
    with warnings.catch_warnings():
        # pydot's parser uses pyparsing names that pyparsing 3.3 deprecates.
        warnings.simplefilter("ignore", DeprecationWarning)
        graphs = pydot.graph_from_dot_data(text)
    assert graphs is not None
    (graph,) = graphs
    labels = {}
    for cluster in graph.get_subgraphs():
        for node in cluster.get_nodes():
            raw = node.get("label")
            assert raw.startswith('"')
            assert raw.endswith('"')
            labels[node.get_name().strip('"')] = raw[1:-1]
    return labels


def test_mermaid_of_the_awkward_document() -> None:
    portfolio = velfaerd.loads(AWKWARD)
    report = velfaerd.check(portfolio)
    text = pictures.mermaid(portfolio, report)
    assert_mermaid(text)
    # Quotes, brackets and hashes are entity codes; æøå stay as they are.
    assert 'subgraph a0["Aftale #quot;A#quot; #lt;2024#gt; #amp; #35;1 {x} [y] ; \\ æøå"]' in text
    node = re.search(r'a0_m0\["([^"]*)"\]', text)
    assert node is not None
    title, date, marks = node[1].split("<br/>")
    assert unescape_mermaid(title) == 'Møde "1" <b>fed</b> & #35; [x] (y) {z} | a --> b ny linje'
    assert date == "9. maj 2024"
    assert marks == "⚠ CAL001, REF002"
    # The approval order is dashed, the declared dependency solid; findings are marked.
    assert "  a0_m1 -.-> a0_m2" in text
    assert "  a0_m0 --> a0_m3" in text
    # CAL001 and REF002 on the meeting, APR004 on both approvals, MIL002 on the review.
    assert "  class a0_m0,a0_m1,a0_m2,a0_m3 finding" in text
    assert "⚠ APR004" in text
    assert "⚠ MIL002" in text
    assert 'a0_m5["Ikke dateret<br/>–"]' in text
    assert 'a0_m3["Opfølgning<br/>4. marts 2024 (every 3 months)<br/>⚠ MIL002"]' in text


def test_dot_of_the_awkward_document_parses() -> None:
    portfolio = velfaerd.loads(AWKWARD)
    text = pictures.dot(portfolio, velfaerd.check(portfolio))
    labels = dot_nodes(text)
    assert labels["a0_m0"] == (
        'Møde \\"1\\" <b>fed</b> & #35; [x]\\n(y) {z} | a --> b\\nny linje\\n9. maj 2024\\n'
        "⚠ CAL001, REF002"
    )
    assert '"a0_m1" -> "a0_m2" [style=dashed];' in text
    assert '"a0_m0" -> "a0_m3";' in text
    assert 'label="Aftale \\"A\\" <2024> & #1 {x} [y] ; \\\\ æøå";' in text
    assert text.count('color="#c00000"') == 4


@scaled(15)
@given(title=st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1))
def test_any_title_survives_both_syntaxes(title: str) -> None:
    milestone = velfaerd.Milestone(id="m", title=title)
    agreement = velfaerd.Agreement(
        id="a", title=title, kind="implementation_plan", parties=[], milestones=[milestone]
    )
    portfolio = velfaerd.Portfolio(agreements=[agreement])
    mermaid = pictures.mermaid(portfolio)
    assert_mermaid(mermaid)
    flat = "".join(" " if unicodedata.category(c) in {"Cc", "Zl", "Zp"} else c for c in title)
    assert f'a0_m0["{pictures._graphs._mermaid_text(flat)}<br/>–"]' in mermaid
    assert unescape_mermaid(pictures._graphs._mermaid_text(flat)) == flat
    dot = pictures.dot(portfolio)
    # Lines (the title's own, and the breaks at spaces that wrap it) read as spaces.
    label = unescape_dot(dot_nodes(dot)["a0_m0"])
    assert label.endswith("\n–")
    expected = "".join(
        " " if unicodedata.category(c) in {"Cc", "Zl", "Zp"} else c
        for c in title.replace("\r\n", "\n")
    )
    assert label.removesuffix("\n–").replace("\n", " ") == expected


def test_one_agreement_only() -> None:
    portfolio = velfaerd.load(EXAMPLES)
    text = pictures.mermaid(portfolio, agreement="varde-partnerskab-2013")
    assert text.count("subgraph") == 1
    with pytest.raises(pictures.UnknownAgreementError, match="known: aar-"):
        pictures.dot(portfolio, agreement="nope")


def test_the_command_draws_the_examples(run_in_process: Run, tmp_path: Path) -> None:
    portfolio = velfaerd.load(EXAMPLES)
    count = sum(len(a.milestones) for a in portfolio.agreements)
    result = run_in_process("graph", str(EXAMPLES), "--format", "mermaid")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("flowchart LR\n")
    assert_mermaid(text)
    assert len(re.findall(rf"^    {_NODE}\[", text, re.MULTILINE)) == count
    assert text.count("subgraph") == len(portfolio.agreements)
    # Copenhagen's MIL002 is marked, and its approval rounds are dashed.
    assert "⚠ MIL002" in text
    assert "-.->" in text
    out = tmp_path / "graph.dot"
    assert run_in_process("graph", str(EXAMPLES), "--format", "dot", "-o", str(out)).returncode == 0
    assert len(dot_nodes(out.read_text(encoding="utf-8"))) == count


def test_an_unknown_agreement_is_named(run_in_process: Run) -> None:
    result = run_in_process("graph", str(EXAMPLES), "--agreement", "nope")
    assert result.returncode == 2
    assert result.stderr.startswith("velfaerd: error: --agreement: no agreement with id 'nope'")
    assert result.stderr.count("\n") == 1


def test_a_file_that_does_not_load_is_reported(run_in_process: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[agreements]]\nid = 5\n", encoding="utf-8")
    result = run_in_process("graph", str(bad))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "LOAD003" in result.stderr
    assert result.stderr.endswith("run 'velfaerd check' to see them\n")
