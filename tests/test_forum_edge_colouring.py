"""Balanced edge colouring of bipartite graphs (spreading meetings over equivalent slots)."""

from __future__ import annotations

import itertools
import random

import pytest

from tradebridge.forum.edge_colouring import balanced_edge_colouring, bipartite


def check(edges, colouring, colours, counted, capacity):
    assert all(0 <= c < colours for c in colouring)
    for (e, ce), (f, cf) in itertools.combinations(enumerate(colouring), 2):
        if set(edges[e]) & set(edges[f]):
            assert ce != cf, (edges[e], edges[f])
    for c in range(colours):
        assert sum(counted[e] for e, ce in enumerate(colouring) if ce == c) <= capacity[c]


def test_complete_bipartite_k33_needs_and_gets_three_colours():
    # K3,3: degree 3, 9 edges; with 3 colours each colour is a perfect matching of 3 edges.
    edges = [(f"a{i}", f"b{j}") for i in range(3) for j in range(3)]
    colouring = balanced_edge_colouring(edges, 3, [True] * 9, [3, 3, 3])
    check(edges, colouring, 3, [True] * 9, [3, 3, 3])
    assert balanced_edge_colouring(edges, 2, [True] * 9, [9, 9]) is None  # degree 3 > 2


def test_capacity_forces_balance():
    # A matching of 4 disjoint edges fits one colour, but capacity 2 per colour
    # (tables per slot) forces the split 2 + 2.
    edges = [("a1", "b1"), ("a2", "b2"), ("a3", "b3"), ("a4", "b4")]
    colouring = balanced_edge_colouring(edges, 2, [True] * 4, [2, 2])
    check(edges, colouring, 2, [True] * 4, [2, 2])
    assert balanced_edge_colouring(edges, 2, [True] * 4, [2, 1]) is None  # 4 > 2 + 1


def test_odd_cycle_is_refused():
    triangle = [("a", "b"), ("b", "c"), ("c", "a")]
    assert not bipartite(triangle)
    assert balanced_edge_colouring(triangle, 3, [True] * 3, [3, 3, 3]) is None


@pytest.mark.parametrize("seed", range(5))
def test_random_bipartite_graphs_reach_the_theorems(seed):
    # König: max degree Δ colours suffice; de Werra: class sizes can be within 1 of each other,
    # so capacity ceil(E / Δ) per colour is always met.
    rng = random.Random(seed)
    edges = list({(f"a{rng.randrange(12)}", f"b{rng.randrange(12)}") for _ in range(60)})
    degree: dict[str, int] = {}
    for u, v in edges:
        degree[u] = degree.get(u, 0) + 1
        degree[v] = degree.get(v, 0) + 1
    k = max(degree.values())
    cap = [-(-len(edges) // k)] * k
    counted = [True] * len(edges)
    colouring = balanced_edge_colouring(edges, k, counted, cap)
    check(edges, colouring, k, counted, cap)
