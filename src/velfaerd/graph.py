"""Graphs of a portfolio (networkx) and the questions users ask of them.

Import this module by name: ``import velfaerd`` does not import networkx.

* :func:`milestone_graph` — one agreement's milestones; an edge ``a → b`` means *b
  waits on a*: declared ``depends_on`` edges, and the order its approval process
  implies (edge attribute ``implied=True``).
* :func:`portfolio_graph` — every agreement's milestone graph in one graph, nodes
  ``(agreement id, milestone id)``.
* :func:`actor_graph` — actors ``part_of`` others, and agreements with their parties.
* :func:`coverage_graph` — agreements → commitments → themes.
* Queries: :func:`order`, :func:`prerequisites`, :func:`critical_path`, :func:`late`
  and :func:`coverage_matrix`.

>>> import velfaerd, velfaerd.graph
>>> portfolio = velfaerd.loads('''
... [[agreements]]
... id = "plan"
... title = "Implementeringsplan"
... kind = "implementation_plan"
... parties = ["forvaltningen"]
... [[agreements.milestones]]
... id = "b"
... title = "Temadag"
... due = "uge 8 2013"
... depends_on = ["a"]
... [[agreements.milestones]]
... id = "a"
... title = "Invitation"
... due = "primo januar 2013"
... ''')
>>> agreement = portfolio.agreement("plan")
>>> velfaerd.graph.order(agreement)
['a', 'b']
>>> velfaerd.graph.prerequisites(agreement, "b")
['a']
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

import networkx as nx

from velfaerd.errors import VelfaerdError
from velfaerd.rules.approvals import process_approvals
from velfaerd.rules.milestones import overdue

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from velfaerd.model import (
        Agreement,
        ApprovalProcess,
        Milestone,
        Portfolio,
    )

__all__ = [
    "GraphError",
    "actor_graph",
    "budget_matrix",
    "coverage_graph",
    "coverage_matrix",
    "critical_path",
    "late",
    "milestone_graph",
    "order",
    "portfolio_graph",
    "prerequisites",
    "reference_graph",
]


class GraphError(VelfaerdError, ValueError):
    """A question a graph cannot answer, such as an order of milestones in a cycle."""


def _process(agreement: Agreement, portfolio: Portfolio | None) -> ApprovalProcess | None:
    if portfolio is None or agreement.approval_process is None:
        return None
    return portfolio.get_approval_process(agreement.approval_process)


def _implied_edges(agreement: Agreement, process: ApprovalProcess) -> Iterable[tuple[str, str]]:
    by_round_step: dict[tuple[str | None, str], list[str]] = defaultdict(list)
    for milestone in process_approvals(agreement, process):  # the approvals APR checks
        if milestone.step is not None:  # always: it names a step of the process
            by_round_step[milestone.round, milestone.step].append(milestone.id)
    for (round_, step_id), later in by_round_step.items():
        for earlier_step in process.predecessors(step_id):
            for before in by_round_step.get((round_, earlier_step), ()):
                for after in later:
                    yield before, after


def milestone_graph(agreement: Agreement, portfolio: Portfolio | None = None) -> nx.DiGraph:
    """Return the dependency graph of an agreement's milestones.

    Nodes are milestone ids with the attributes ``milestone`` (the object), ``title``,
    ``kind``, ``due`` and ``position`` (document order). An edge ``a → b`` means
    that ``b`` depends on ``a``; with ``portfolio`` given, the approval process adds
    the order of its steps as edges marked ``implied=True``. References to unknown
    milestones are left out (they are ``REF002`` findings).
    """
    graph = nx.DiGraph(agreement=agreement.id)
    for position, milestone in enumerate(agreement.milestones):
        if milestone.id not in graph:
            graph.add_node(
                milestone.id,
                milestone=milestone,
                title=milestone.title,
                kind=milestone.kind.value,
                due=milestone.due,
                position=position,
            )
    for milestone in agreement.milestones:
        for dependency in milestone.depends_on:
            if dependency in graph:
                graph.add_edge(dependency, milestone.id, implied=False)
    process = _process(agreement, portfolio)
    if process is not None:
        for before, after in _implied_edges(agreement, process):
            if not graph.has_edge(before, after):
                graph.add_edge(before, after, implied=True)
    return graph


def portfolio_graph(portfolio: Portfolio) -> nx.DiGraph:
    """Return every agreement's milestone graph in one, with ``(agreement, milestone)`` nodes."""
    graph = nx.DiGraph()
    for agreement in portfolio.agreements:
        single = milestone_graph(agreement, portfolio)
        graph.add_nodes_from(
            ((agreement.id, node), {**data, "agreement": agreement.id})
            for node, data in single.nodes(data=True)
        )
        graph.add_edges_from(
            ((agreement.id, a), (agreement.id, b), data) for a, b, data in single.edges(data=True)
        )
    return graph


def actor_graph(portfolio: Portfolio) -> nx.DiGraph:
    """Return actors and agreements, with ``part_of``, ``member`` and ``party`` edges.

    A ``part_of`` edge runs from an actor to the actor it is part of, a ``member`` edge
    from a group to each of its ``members``, a ``party`` edge from an agreement to each
    of its parties.

    Nodes carry ``type`` (``"actor"`` or ``"agreement"``) and ``name``; edges carry
    ``relation``. Agreement nodes are ``("agreement", id)`` tuples so that an actor
    and an agreement may share an id.
    """
    graph = nx.DiGraph()
    for actor in portfolio.actors:
        graph.add_node(actor.id, type="actor", name=actor.name, kind=actor.kind.value)
    for actor in portfolio.actors:
        if actor.part_of is not None:
            graph.add_edge(actor.id, actor.part_of, relation="part_of")
        for member in actor.members:
            graph.add_edge(actor.id, member, relation="member")
    for agreement in portfolio.agreements:
        node = ("agreement", agreement.id)
        graph.add_node(node, type="agreement", name=agreement.title, kind=agreement.kind.value)
        for party in agreement.parties:
            graph.add_edge(node, party, relation="party")
    return graph


def reference_graph(portfolio: Portfolio) -> nx.DiGraph:
    """Return agreements and policies with what they rest on and replace.

    Nodes are ``("agreement", id)`` and ``("policy", id)`` tuples with ``type`` and
    ``name``; edges carry ``relation``: ``supersedes`` (from an agreement to the one it
    replaces), ``basis`` (from an agreement or policy to the policy or agreement a
    ``basis`` entry's ``ref`` names, with the entry's ``title``) and ``part_of`` (from
    an agreement to the agreement it implements). A reference to nothing loaded
    (``REF002``) is no edge.

    >>> import velfaerd
    >>> portfolio = velfaerd.loads('''
    ... [[policies]]
    ... id = "bu-politik"
    ... name = "Børn- og Ungepolitikken"
    ... [[agreements]]
    ... id = "a-2018"
    ... title = "Aftale 2018"
    ... kind = "cooperation"
    ... parties = ["x", "y"]
    ... [[agreements]]
    ... id = "a-2021"
    ... title = "Aftale 2021"
    ... kind = "cooperation"
    ... parties = ["x", "y"]
    ... supersedes = "a-2018"
    ... basis = [{ title = "Børn- og Ungepolitikken", kind = "policy", ref = "bu-politik" }]
    ... ''')
    >>> edges = reference_graph(portfolio).edges(data="relation")
    >>> sorted((a[1], b[1], relation) for a, b, relation in edges)
    [('a-2021', 'a-2018', 'supersedes'), ('a-2021', 'bu-politik', 'basis')]
    """
    graph = nx.DiGraph()
    policies = {policy.id for policy in portfolio.policies}
    agreements = {agreement.id for agreement in portfolio.agreements}
    for policy in portfolio.policies:
        graph.add_node(("policy", policy.id), type="policy", name=policy.name)
    for agreement in portfolio.agreements:
        graph.add_node(("agreement", agreement.id), type="agreement", name=agreement.title)
    owners = [(("policy", p.id), p.basis) for p in portfolio.policies]
    owners += [(("agreement", a.id), a.basis) for a in portfolio.agreements]
    for owner, items in owners:
        for basis in items:
            if basis.ref in agreements:
                target = ("agreement", basis.ref)
            elif basis.ref in policies:
                target = ("policy", basis.ref)
            else:
                continue
            graph.add_edge(owner, target, relation="basis", title=basis.title)
    for agreement in portfolio.agreements:
        node = ("agreement", agreement.id)
        for relation, ref in (("supersedes", agreement.supersedes), ("part_of", agreement.part_of)):
            if ref in agreements:
                graph.add_edge(node, ("agreement", ref), relation=relation)
    return graph


def coverage_graph(portfolio: Portfolio) -> nx.DiGraph:
    """Return agreements → commitments → themes.

    Nodes: ``("agreement", id)``, ``("commitment", agreement id, id)`` and
    ``("theme", owner, id)`` where the owner is a policy id, or the agreement id for
    its own focus areas. Every theme an agreement takes up is a node, covered or not.
    """
    from velfaerd.query import Index  # noqa: PLC0415 - shares theme resolution

    index = Index(portfolio)
    graph = nx.DiGraph()
    for agreement in portfolio.agreements:
        a_node = ("agreement", agreement.id)
        graph.add_node(a_node, type="agreement", name=agreement.title)
        owners = index.theme_owners(agreement)
        for theme_id, owner, theme in index.taken_up(agreement):
            owner_id = agreement.id if owner == "agreement" else owner
            graph.add_node(("theme", owner_id, theme_id), type="theme", name=theme.name)  # type: ignore[attr-defined]
        for commitment in agreement.commitments:
            c_node = ("commitment", agreement.id, commitment.id)
            graph.add_node(c_node, type="commitment", name=commitment.title)
            graph.add_edge(a_node, c_node)
            for theme_id in commitment.themes:
                for owner in owners.get(theme_id, ()):
                    owner_id = agreement.id if owner == "agreement" else owner
                    graph.add_edge(c_node, ("theme", owner_id, theme_id))
    return graph


def coverage_matrix(portfolio: Portfolio) -> dict[str, dict[str, list[str]]]:
    """Return agreements × themes → the ids of the commitments that cover them.

    Every theme an agreement takes up is a key, with an empty list where nothing
    covers it (what ``COV001`` reports).

    >>> import velfaerd
    >>> portfolio = velfaerd.loads('''
    ... [[agreements]]
    ... id = "a"
    ... title = "Aftale"
    ... kind = "development"
    ... parties = ["x", "y"]
    ... themes = [{ id = "trivsel", name = "Trivsel" }, { id = "læring", name = "Læring" }]
    ... [[agreements.commitments]]
    ... id = "c"
    ... title = "Trivselsindsats"
    ... themes = ["trivsel"]
    ... ''')
    >>> coverage_matrix(portfolio)
    {'a': {'trivsel': ['c'], 'læring': []}}
    """
    from velfaerd.query import Index  # noqa: PLC0415 - shares theme resolution

    index = Index(portfolio)
    matrix: dict[str, dict[str, list[str]]] = {}
    for agreement in portfolio.agreements:
        row: dict[str, list[str]] = {}
        for theme_id, _owner, _theme in index.taken_up(agreement):
            row.setdefault(theme_id, [])
        for commitment in agreement.commitments:
            for theme_id in commitment.themes:
                if theme_id in row and commitment.id not in row[theme_id]:
                    row[theme_id].append(commitment.id)
        matrix[agreement.id] = row
    return matrix


def budget_matrix(portfolio: Portfolio) -> dict[str, dict[str, int]]:
    """Return agreements × themes → the kroner its commitments' budgets set aside.

    The rows and columns are :func:`coverage_matrix`'s. A commitment's budget counts in
    full under each theme it names (a commitment under two themes counts under both:
    the documents do not say how it divides). Amounts are summed as written, whatever
    ``every`` says: a yearly amount counts once. The agreement's own ``budget`` is under
    no theme and is left out.

    >>> import velfaerd
    >>> portfolio = velfaerd.loads('''
    ... [[agreements]]
    ... id = "a"
    ... title = "Aftale"
    ... kind = "development"
    ... parties = ["x", "y"]
    ... themes = [{ id = "trivsel", name = "Trivsel" }, { id = "læring", name = "Læring" }]
    ... [[agreements.commitments]]
    ... id = "c"
    ... title = "Trivselsindsats"
    ... themes = ["trivsel"]
    ... budget = [{ amount = "4 mio. kr. årligt" }, { amount = "250.000 kr." }]
    ... ''')
    >>> budget_matrix(portfolio)
    {'a': {'trivsel': 4250000, 'læring': 0}}
    """
    matrix = coverage_matrix(portfolio)
    sums: dict[str, dict[str, int]] = {}
    for agreement in portfolio.agreements:
        row = dict.fromkeys(matrix.get(agreement.id, {}), 0)
        for commitment in agreement.commitments:
            amount = sum(budget.amount for budget in commitment.budget)
            for theme_id in dict.fromkeys(commitment.themes):
                if theme_id in row:
                    row[theme_id] += amount
        sums[agreement.id] = row
    return sums


def _stable_order(graph: nx.DiGraph) -> list[Any]:
    try:
        return list(
            nx.lexicographical_topological_sort(graph, key=lambda n: graph.nodes[n]["position"])
        )
    except nx.NetworkXUnfeasible:
        cycle = [edge[0] for edge in nx.find_cycle(graph)]
        msg = f"the milestones depend on each other in a cycle: {' → '.join([*cycle, cycle[0]])}"
        raise GraphError(msg) from None


def order(agreement: Agreement, portfolio: Portfolio | None = None) -> list[str]:
    """Return the agreement's milestone ids in an order that respects every dependency.

    The order is stable: among milestones free to go next, the one listed first in
    the agreement goes first. With ``portfolio``, the approval process's order counts.

    :raises GraphError: when the milestones depend on each other in a cycle.
    """
    return _stable_order(milestone_graph(agreement, portfolio))


def prerequisites(
    agreement: Agreement, milestone_id: str, portfolio: Portfolio | None = None
) -> list[str]:
    """Return every milestone that ``milestone_id`` waits on, directly or not, in order.

    :raises KeyError: when the agreement has no such milestone.
    """
    graph = milestone_graph(agreement, portfolio)
    if milestone_id not in graph:
        msg = f"agreement {agreement.id!r} has no milestone {milestone_id!r}"
        raise KeyError(msg)
    ancestors = nx.ancestors(graph, milestone_id)
    return sorted(ancestors, key=lambda n: graph.nodes[n]["position"])


def critical_path(agreement: Agreement, portfolio: Portfolio | None = None) -> list[str]:
    """Return the chain of dependencies that spans the longest time.

    A chain's span runs from the earliest day of its first dated milestone to the
    latest day of its last (a deadline counts at its latest day). Ties go to the
    longer chain, then to document order. Without dated milestones, the longest chain.

    :raises GraphError: when the milestones depend on each other in a cycle.
    """
    graph = milestone_graph(agreement, portfolio)
    if not graph:
        return []
    start: dict[str, dt.date | None] = {}
    best_pred: dict[str, str | None] = {}
    length: dict[str, int] = {}
    for node in _stable_order(graph):
        due = graph.nodes[node]["due"]
        own = None if due is None else due.first_day
        chosen: str | None = None
        chosen_key: tuple[int, int, int] | None = None
        for pred in graph.predecessors(node):
            pred_start = start[pred]
            key = (
                -(pred_start.toordinal()) if pred_start is not None else -(10**9),
                length[pred],
                -graph.nodes[pred]["position"],
            )
            if chosen_key is None or key > chosen_key:
                chosen, chosen_key = pred, key
        inherited = start[chosen] if chosen is not None else None
        candidates = [d for d in (own, inherited) if d is not None]
        start[node] = min(candidates) if candidates else None
        best_pred[node] = chosen
        length[node] = 1 + (length[chosen] if chosen is not None else 0)

    def score(node: str) -> tuple[int, int, int]:
        due = graph.nodes[node]["due"]
        first = start[node]
        span = (due.latest - first).days if due is not None and first is not None else -1
        return (span, length[node], -graph.nodes[node]["position"])

    end = max(graph.nodes, key=score)
    path: list[str] = []
    current: str | None = end
    while current is not None:
        path.append(current)
        current = best_pred[current]
    return path[::-1]


def late(portfolio: Portfolio, as_of: dt.date) -> list[tuple[Agreement, Milestone]]:
    """Return the milestones certainly past due on ``as_of`` and neither met nor cancelled.

    Recurring milestones are left out: their one status cannot speak for each
    occurrence. The order is the portfolio's.
    """
    return [
        (agreement, milestone)
        for agreement, milestone in portfolio.iter_milestones()
        if overdue(milestone, as_of)  # MIL005's predicate
    ]
