"""Edge colouring of bipartite graphs with bounded colour classes.

Spreading the meetings chosen for a group of interchangeable slots over those slots is an edge
colouring: each slot is a colour, no participant has two meetings (edges) of one colour, and a
colour holds at most ``capacity[c]`` of the meetings that need a free table. For a bipartite
graph of maximum degree ≤ k, König's theorem gives a proper k-colouring (built here edge by
edge, swapping the two colours along an alternating path when needed), and swapping colours
on whole two-coloured components moves edges between two colours without breaking it, which
balances the classes (de Werra: a bipartite graph has an equitable k-edge-colouring).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence


def bipartite(edges: Sequence[tuple[Hashable, Hashable]]) -> bool:
    """Whether the graph has no odd cycle (a side for every vertex)."""
    adj: dict[Hashable, list[Hashable]] = {}
    for u, v in edges:
        adj.setdefault(u, []).append(v)
        adj.setdefault(v, []).append(u)
    side: dict[Hashable, int] = {}
    for start in adj:
        if start in side:
            continue
        side[start] = 0
        stack = [start]
        while stack:
            u = stack.pop()
            for v in adj[u]:
                if v not in side:
                    side[v] = 1 - side[u]
                    stack.append(v)
                elif side[v] == side[u]:
                    return False
    return True


def balanced_edge_colouring(
    edges: Sequence[tuple[Hashable, Hashable]],
    colours: int,
    counted: Sequence[bool],
    capacity: Sequence[int],
) -> list[int] | None:
    """A colour in ``range(colours)`` per edge such that edges sharing a vertex differ and
    colour c holds at most ``capacity[c]`` counted edges; None when the graph is not
    bipartite, a degree exceeds ``colours``, or the capacities cannot be met by swaps."""
    degree: dict[Hashable, int] = {}
    for u, v in edges:
        degree[u] = degree.get(u, 0) + 1
        degree[v] = degree.get(v, 0) + 1
    if any(d > colours for d in degree.values()) or not bipartite(edges):
        return None
    at: dict[Hashable, dict[int, int]] = {x: {} for x in degree}
    colour = [-1] * len(edges)

    def other(e: int, x: Hashable) -> Hashable:
        u, v = edges[e]
        return v if x == u else u

    for e, (u, v) in enumerate(edges):
        a = next(c for c in range(colours) if c not in at[u])
        b = next(c for c in range(colours) if c not in at[v])
        if a in at[v]:
            path, x, c = [], v, a
            while c in at[x]:
                f = at[x][c]
                path.append(f)
                x = other(f, x)
                c = b if c == a else a
            _swap(path, a, b, edges, at, colour)
        colour[e] = a
        at[u][a] = e
        at[v][a] = e

    load = [0] * colours
    for e, c in enumerate(colour):
        load[c] += counted[e]
    for c in range(colours):
        while load[c] > capacity[c]:
            if not _move_one(c, colours, edges, counted, capacity, at, colour, load):
                return None
    return colour


def _swap(path, a, b, edges, at, colour) -> None:
    for f in path:
        for x in edges[f]:
            del at[x][colour[f]]
    for f in path:
        colour[f] = b if colour[f] == a else a
        for x in edges[f]:
            at[x][colour[f]] = f


def _move_one(c, colours, edges, counted, capacity, at, colour, load) -> bool:
    """Swap colours c and d on one two-coloured component that has more counted c-edges than
    counted d-edges, for some d with room; False if there is none."""
    for d in range(colours):
        room = capacity[d] - load[d]
        if d == c or room <= 0:
            continue
        seen: set[int] = set()
        for e, ce in enumerate(colour):
            if ce != c or e in seen:
                continue
            component, stack = [], [e]
            seen.add(e)
            while stack:
                f = stack.pop()
                component.append(f)
                for x in edges[f]:
                    for k in (c, d):
                        g = at[x].get(k)
                        if g is not None and g not in seen:
                            seen.add(g)
                            stack.append(g)
            diff = sum(counted[f] if colour[f] == c else -counted[f] for f in component)
            if 0 < diff <= room:
                _swap(component, c, d, edges, at, colour)
                load[c] -= diff
                load[d] += diff
                return True
    return False
