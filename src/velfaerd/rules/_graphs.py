"""Graphs of ids: strongly connected components and the shortest cycle through a node.

Linear in nodes and edges and without recursion (an iterative Tarjan), so a chain of
100,000 milestones is fine. The milestone rules (``MIL001``: ``depends_on``) and the
reference rules (loops of ``after`` and of ``members``) share them.
"""

from __future__ import annotations

from collections import deque

__all__ = ["cycle_through", "cycles", "strongly_connected"]


def strongly_connected(graph: dict[str, list[str]]) -> list[list[str]]:
    """The strongly connected components of a graph, by an iterative Tarjan.

    Linear in nodes and edges and without recursion. Each component lists its nodes in
    the graph's order; components come in the order Tarjan's algorithm completes them
    (dependencies before what depends on them).

    :param graph: each node mapped to its successors (all of them nodes of the graph).

    >>> strongly_connected({"a": ["b"], "b": ["a"], "c": ["a"]})
    [['a', 'b'], ['c']]
    """
    position = {node: i for i, node in enumerate(graph)}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, next_edge = work[-1]
            successors = graph[node]
            if next_edge < len(successors):
                work[-1] = (node, next_edge + 1)
                target = successors[next_edge]
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = _pop_component(stack, on_stack, node)
                if len(component) > 1:
                    component.sort(key=position.__getitem__)
                components.append(component)
    return components


def _pop_component(stack: list[str], on_stack: set[str], root: str) -> list[str]:
    """Pop Tarjan's stack down to ``root``: the nodes of ``root``'s component."""
    component: list[str] = []
    while True:
        member = stack.pop()
        on_stack.discard(member)
        component.append(member)
        if member == root:
            return component


def cycle_through(graph: dict[str, list[str]], start: str, component: set[str]) -> list[str]:
    """A shortest cycle through ``start`` within its strongly connected component.

    A breadth-first search from ``start`` restricted to the component; a self-loop is
    used only when the component is ``start`` alone.
    """
    if len(component) == 1:
        return [start, start]
    parent: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for target in graph[node]:
            if target not in component or target == node:
                continue
            if target == start:
                path = [node]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                return [*reversed(path), start]
            if target not in parent:
                parent[target] = node
                queue.append(target)
    msg = f"{start!r} is on no cycle of its component"  # pragma: no cover - unreachable
    raise AssertionError(msg)  # pragma: no cover


def cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """The components that hold a cycle: more than one node, or a node on a self-loop."""
    if _backward(graph):
        return []
    return [
        component
        for component in strongly_connected(graph)
        if len(component) > 1 or component[0] in graph[component[0]]
    ]


def _backward(graph: dict[str, list[str]]) -> bool:
    """Whether every node depends only on nodes before it: then there is no cycle.

    Plans list their milestones in the order they happen, so this cheap test spares
    Tarjan's algorithm for almost every agreement.
    """
    seen: set[str] = set()
    for node, targets in graph.items():
        for target in targets:
            if target not in seen:
                return False
        seen.add(node)
    return True
