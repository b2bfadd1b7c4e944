r"""Milestone dependency graphs as Mermaid (for Markdown) and DOT (for Graphviz).

One subgraph per agreement; a node per milestone with its title and its date as
written (the canonical Danish form); solid arrows for declared ``depends_on``, dashed
arrows for the order an approval process implies; milestones with findings marked
(a red border and the codes under the title). Node ids are made from positions
(``a0_m3``), so no id in the data needs escaping as an identifier; titles are escaped
for each syntax.

>>> import velfaerd
>>> portfolio = velfaerd.loads('''
... [[agreements]]
... id = "plan"
... title = "Plan \\"A\\""
... kind = "implementation_plan"
... parties = []
... [[agreements.milestones]]
... id = "a"
... title = "Møde i Børne- og Ungdomsudvalget"
... due = "5. december 2012"
... [[agreements.milestones]]
... id = "b"
... title = "Temadag"
... due = "uge 8 2013"
... depends_on = ["a"]
... ''')
>>> print(mermaid(portfolio))
flowchart LR
  %% Solid arrows: depends_on. Dashed arrows: the order an approval process implies.
  subgraph a0["Plan #quot;A#quot;"]
    a0_m0["Møde i Børne- og Ungdomsudvalget<br/>5. december 2012"]
    a0_m1["Temadag<br/>uge 8 2013"]
  end
  a0_m0 --> a0_m1
  classDef finding stroke:#c00000,stroke-width:3px
<BLANKLINE>
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from velfaerd.graph import milestone_graph
from velfaerd.pictures._common import as_written, marks, select
from velfaerd.pictures._text import every, text

if TYPE_CHECKING:
    from velfaerd.model import Agreement, Milestone, Portfolio
    from velfaerd.report import Report

__all__ = ["FORMATS", "dot", "mermaid"]

#: The graph formats, by name.
FORMATS = ("mermaid", "dot")

_UNDATED = "–"
_WRAP = 30

_BREAKS = frozenset({"Cc", "Zl", "Zp"})

_MERMAID_ESCAPES = {
    "&": "#amp;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "#": "#35;",
}


def _flat(text: str) -> str:
    """Control characters and line or paragraph separators as spaces: one line of text."""
    return "".join(" " if unicodedata.category(char) in _BREAKS else char for char in text)


def _mermaid_text(text: str) -> str:
    """Escape text for a quoted Mermaid label: entity codes for what the syntax reads.

    >>> _mermaid_text('Sæt "fokus" på #1 & <trivsel>')
    'Sæt #quot;fokus#quot; på #35;1 #amp; #lt;trivsel#gt;'
    """
    return "".join(_MERMAID_ESCAPES.get(char, char) for char in _flat(text))


def _dot_text(text: str) -> str:
    r"""Escape text for a quoted DOT string: backslashes and quotes; lines as ``\n``.

    >>> print(_dot_text('Sæt "fokus" på C:\\mappe'))
    Sæt \"fokus\" på C:\\mappe
    """
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return "\\n".join(_flat(line) for line in escaped.replace("\r\n", "\n").split("\n"))


def _date(milestone: Milestone) -> str:
    written = as_written(milestone)
    return _UNDATED if written is None else written


def _wrap(text: str, width: int = _WRAP) -> list[str]:
    """Break ``text`` at spaces into lines of about ``width`` characters (Graphviz does not).

    >>> _wrap("Lokale samarbejdsaftaler er godkendt af områdechefer")
    ['Lokale samarbejdsaftaler er', 'godkendt af områdechefer']
    """
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _lines(milestone: Milestone, codes: list[str], lang: str, *, wrap: bool = False) -> list[str]:
    title = _wrap(milestone.title) if wrap else [milestone.title]
    date = _date(milestone)
    if milestone.every is not None:
        date += f" ({every(lang, milestone.every.count, milestone.every.unit)})"
    lines = [*title, date]
    if codes:
        lines.append("⚠ " + ", ".join(codes))
    return lines


def _edges(agreement: Agreement, portfolio: Portfolio) -> list[tuple[int, int, bool]]:
    graph = milestone_graph(agreement, portfolio)
    position = {node: data["position"] for node, data in graph.nodes(data=True)}
    edges = [
        (position[a], position[b], bool(data.get("implied")))
        for a, b, data in graph.edges(data=True)
    ]
    return sorted(edges)


def mermaid(
    portfolio: Portfolio,
    report: Report | None = None,
    *,
    agreement: str | None = None,
    lang: str = "en",
) -> str:
    """Draw the milestone dependency graphs as a Mermaid ``flowchart LR``.

    :param report: its findings mark the milestones they concern.
    :param agreement: draw only the agreement with this id.
    :param lang: ``"en"`` or ``"da"``: the words of the labels (``hvert år``).
    :raises velfaerd.pictures.UnknownAgreementError: when no agreement has that id.
    """
    found = marks(portfolio, report)
    out = [
        "flowchart LR",
        f"  %% {text(lang, 'graph.arrows')}",
    ]
    marked: list[str] = []
    edges: list[str] = []
    for a_index, chosen in enumerate(select(portfolio, agreement)):
        prefix = f"a{a_index}"
        out.append(f'  subgraph {prefix}["{_mermaid_text(chosen.title)}"]')
        for m_index, milestone in enumerate(chosen.milestones):
            node = f"{prefix}_m{m_index}"
            codes = sorted({f.code for f in found.of(chosen.id, milestone.id)})
            lines = _lines(milestone, codes, lang)
            label = "<br/>".join(_mermaid_text(line) for line in lines)
            out.append(f'    {node}["{label}"]')
            if codes:
                marked.append(node)
        out.append("  end")
        for before, after, implied in _edges(chosen, portfolio):
            arrow = "-.->" if implied else "-->"
            edges.append(f"  {prefix}_m{before} {arrow} {prefix}_m{after}")
    out.extend(edges)
    out.append("  classDef finding stroke:#c00000,stroke-width:3px")
    if marked:
        out.append(f"  class {','.join(marked)} finding")
    return "\n".join(out) + "\n"


def dot(
    portfolio: Portfolio,
    report: Report | None = None,
    *,
    agreement: str | None = None,
    lang: str = "en",
) -> str:
    """Draw the milestone dependency graphs in Graphviz's DOT language.

    One ``cluster`` subgraph per agreement; the same marks as :func:`mermaid`.

    :raises velfaerd.pictures.UnknownAgreementError: when no agreement has that id.
    """
    found = marks(portfolio, report)
    out = [
        "digraph milestones {",
        f"  // {text(lang, 'graph.arrows')}",
        '  graph [rankdir=LR, fontname="sans-serif", charset="UTF-8"];',
        '  node [shape=box, style="rounded", fontname="sans-serif"];',
        '  edge [fontname="sans-serif"];',
    ]
    for a_index, chosen in enumerate(select(portfolio, agreement)):
        prefix = f"a{a_index}"
        out.append(f'  subgraph "cluster_{prefix}" {{')
        out.append(f'    label="{_dot_text(chosen.title)}";')
        out.append('    labeljust="l";')
        for m_index, milestone in enumerate(chosen.milestones):
            codes = sorted({f.code for f in found.of(chosen.id, milestone.id)})
            lines = _lines(milestone, codes, lang, wrap=True)
            label = "\\n".join(_dot_text(line) for line in lines)
            extra = ', color="#c00000", penwidth=3' if codes else ""
            out.append(f'    "{prefix}_m{m_index}" [label="{label}"{extra}];')
        for before, after, implied in _edges(chosen, portfolio):
            style = " [style=dashed]" if implied else ""
            out.append(f'    "{prefix}_m{before}" -> "{prefix}_m{after}"{style};')
        out.append("  }")
    out.append("}")
    return "\n".join(out) + "\n"
