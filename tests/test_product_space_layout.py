"""The product space layout is readable: on a space shaped like real ones (a long spanning tree,
a dense core of strong links, a clique), dots do not pile up, they fill the drawing, and linked
products sit closer than products taken at random. Measured in the drawing's pixels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import vl_convert
from scipy.spatial import cKDTree

from tradebridge.analytics.product_space_layout import product_space_layout, spread
from tradebridge.reports.product_space_graph import product_space_graph
from tradebridge.results import ProductSpace

WIDTH, HEIGHT = 720, 520
N = 800


@pytest.fixture(scope="module")
def space() -> ProductSpace:
    """A random spanning tree of N products, 250 strong links among the first 120 (a dense
    core, as machinery is in real spaces), and a clique of 25 (like energy in the demo)."""
    rng = np.random.default_rng(3)
    products = [f"{k:06d}" for k in range(N)]
    tree = [(k, int(rng.integers(0, k))) for k in range(1, N)]
    core = [tuple(int(v) for v in rng.choice(120, 2, replace=False)) for _ in range(250)]
    clique = [(a, b) for a in range(N - 25, N) for b in range(a + 1, N)]
    pairs = tree + core + clique
    edges = pd.DataFrame(
        {
            "source": [products[a] for a, _ in pairs],
            "target": [products[b] for _, b in pairs],
            "proximity": rng.uniform(0.3, 0.9, len(pairs)),
            "kind": ["tree"] * len(tree) + ["strong"] * (len(core) + len(clique)),
        }
    )
    nodes = pd.DataFrame(
        {
            "product": products,
            "name": products,
            "sector": ["other"] * N,
            "pci": rng.normal(size=N),
            "world_trade": rng.lognormal(size=N),
        }
    )
    return ProductSpace(nodes=nodes, edges=edges)


@pytest.fixture(scope="module")
def drawn(space) -> np.ndarray:
    at = product_space_layout(space)
    assert list(at["product"]) == list(space.nodes["product"])
    return at[["x", "y"]].to_numpy() * [WIDTH, HEIGHT]


def nearest(xy: np.ndarray) -> np.ndarray:
    return cKDTree(xy).query(xy, k=2)[0][:, 1]


def test_dots_do_not_pile_up(drawn):
    even = np.sqrt(WIDTH * HEIGHT / N)  # the spacing of an even grid: 21.6 px
    assert (nearest(drawn) < 0.35 * even).mean() == 0
    assert np.median(nearest(drawn)) > 0.5 * even


def test_dots_fill_the_drawing(drawn):
    inside = (drawn >= 0).all() and (drawn <= [WIDTH, HEIGHT]).all()
    cells, _, _ = np.histogram2d(*drawn.T, bins=10, range=[[0, WIDTH], [0, HEIGHT]])
    assert inside
    assert cells.max() / N < 0.05  # no cell holds more than five times its even share
    assert (cells > 0).mean() >= 0.6


def test_linked_products_sit_close(space, drawn):
    index = {p: k for k, p in enumerate(space.nodes["product"])}
    a = drawn[space.edges["source"].map(index)]
    b = drawn[space.edges["target"].map(index)]
    links = np.linalg.norm(a - b, axis=1)
    rng = np.random.default_rng(0)
    anyhow = np.linalg.norm(
        drawn[rng.integers(0, N, 4000)] - drawn[rng.integers(0, N, 4000)], axis=1
    )
    assert np.median(links) < 0.25 * np.median(anyhow)


def test_the_layout_is_the_same_each_time(space, drawn):
    again = product_space_layout(space)[["x", "y"]].to_numpy() * [WIDTH, HEIGHT]
    assert np.allclose(again, drawn)


def test_spreading_only_moves_points_that_are_too_close():
    apart = np.array([[0.1, 0.1], [0.9, 0.9]])
    assert np.array_equal(spread(apart, aspect=1.0), apart)


def test_the_graph_draws_every_product_where_the_layout_put_it(space):
    positions = product_space_layout(space)
    spec = product_space_graph(space.nodes, space.edges, positions, present=["000001"])
    dots = spec["data"][0]["values"]
    assert [(d["x"], d["y"]) for d in dots[:3]] == [
        (round(x, 4), round(y, 4)) for x, y in positions[["x", "y"]].to_numpy()[:3]
    ]
    assert len(spec["data"][1]["values"]) == len(space.edges)
    svg = vl_convert.vega_to_svg(spec)
    assert svg.count('role-mark"') >= 2 and svg.count("<path") >= N
