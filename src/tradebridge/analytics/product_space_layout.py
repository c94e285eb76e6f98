"""Positions for drawing the product space: a force-directed layout of its edges (the maximum
spanning tree of proximity and the strong links), computed once and drawn as given.

1. Fruchterman-Reingold (igraph's, with its grid approximation of the repulsion, so that
   thousands of products take about a second) pulls linked products together, in proportion to
   their proximity, and pushes near ones apart. It starts from a seeded draw, so the same space
   always gets the same picture. Products with no link at all go on a ring around the others.
2. The positions are scaled into the unit square (each axis from its least to its largest).
3. Dense cores are then spread (``spread``): any two products closer than a share of the
   spacing an even grid would give are pushed apart, a few dozen rounds, like a collision force.
   Links stay short compared with the distance between two products taken at random.
"""

from __future__ import annotations

import random
import threading

import numpy as np
import pandas as pd

from tradebridge.results import ProductSpace

ITERATIONS = 500
SEED = 7
MARGIN = 0.02  # share of each axis left free on both sides
ASPECT = 520 / 720  # height over width of the drawing the positions are spread for
CLEARANCE = 0.8  # the least distance between two products, as a share of the even spacing
ROUNDS = 80
_IGRAPH_RANDOM = threading.Lock()


def force_layout(n: int, i: np.ndarray, j: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """(n, 2) positions of ``n`` nodes linked by the edges ``i``–``j`` of ``weight`` (> 0),
    by Fruchterman-Reingold from a seeded start; nodes without an edge are left at NaN."""
    import igraph

    linked = np.zeros(n, dtype=bool)
    linked[i] = linked[j] = True
    index = np.cumsum(linked) - 1  # node -> its index among the linked ones
    graph = igraph.Graph(n=int(linked.sum()), edges=list(zip(index[i], index[j], strict=True)))
    # the start spans √n, the scale at which the grid of the repulsion is fast and fair
    start = np.random.default_rng(SEED).uniform(-1, 1, size=(graph.vcount(), 2))
    start *= np.sqrt(max(graph.vcount(), 1))
    xy = np.full((n, 2), np.nan)
    if graph.vcount():
        # igraph's layout also draws random numbers (from one process-wide generator): a
        # seeded generator for the time of the call makes the picture the same each time
        with _IGRAPH_RANDOM:
            igraph.set_random_number_generator(random.Random(SEED))
            try:
                found = graph.layout_fruchterman_reingold(
                    weights=list(map(float, weight)),
                    niter=ITERATIONS,
                    seed=start.tolist(),
                    grid="grid",
                )
            finally:
                igraph.set_random_number_generator(random)
        xy[linked] = np.asarray(found.coords, dtype=float)
    return xy


def to_unit_square(xy: np.ndarray) -> np.ndarray:
    """Scale positions into [MARGIN, 1 − MARGIN]², each axis from its least to its largest
    value; NaN rows (unlinked nodes) go on a ring just inside the square, evenly spaced.

    >>> to_unit_square(np.array([[0.0, 0.0], [2.0, 4.0], [1.0, 2.0]])).round(2).tolist()
    [[0.02, 0.02], [0.98, 0.98], [0.5, 0.5]]
    """
    out = np.empty_like(xy, dtype=float)
    known = ~np.isnan(xy).any(axis=1)
    if known.any():
        low, high = xy[known].min(axis=0), xy[known].max(axis=0)
        span = np.where(high > low, high - low, 1.0)
        scaled = (xy[known] - low) / span
        out[known] = MARGIN + (1 - 2 * MARGIN) * scaled
    lost = int((~known).sum())
    if lost:
        angle = 2 * np.pi * np.arange(lost) / lost
        out[~known] = 0.5 + (0.5 - MARGIN) * np.column_stack([np.cos(angle), np.sin(angle)])
    return out


def spread(xy: np.ndarray, aspect: float = ASPECT, rounds: int = ROUNDS) -> np.ndarray:
    """Push apart the points of ``xy`` (in the unit square, drawn ``aspect`` times as high as
    wide) that are closer than ``CLEARANCE · √(aspect / n)``: each round, every such pair moves
    apart by a quarter of what it lacks, and points stay in the square.

    Two points on top of each other end 0.8 · √(1/2) = 0.566 apart:

    >>> spread(np.array([[0.5, 0.5], [0.5, 0.5001]]), aspect=1.0).round(2).tolist()
    [[0.5, 0.22], [0.5, 0.78]]
    """
    from scipy.spatial import cKDTree

    box = np.array([1.0, aspect])
    points = xy * box
    least = CLEARANCE * np.sqrt(aspect / max(len(points), 1))
    for _ in range(rounds):
        pairs = cKDTree(points).query_pairs(least, output_type="ndarray")
        if not len(pairs):
            break
        apart = points[pairs[:, 1]] - points[pairs[:, 0]]
        length = np.maximum(np.linalg.norm(apart, axis=1), 1e-9)
        push = ((least - length) / length / 4)[:, None] * apart
        moves = np.zeros_like(points)
        np.add.at(moves, pairs[:, 0], -push)
        np.add.at(moves, pairs[:, 1], push)
        points = np.clip(points + moves, 0, box)
    return points / box


def product_space_layout(space: ProductSpace) -> pd.DataFrame:
    """``product``, ``x``, ``y`` (in the unit square, y downwards as on a screen) for each node
    of ``space``, from a force-directed layout of its edges weighted by proximity."""
    products = space.nodes["product"].astype(str).to_numpy()
    where = pd.Index(products)
    i = where.get_indexer(space.edges["source"].astype(str))
    j = where.get_indexer(space.edges["target"].astype(str))
    keep = (i >= 0) & (j >= 0)
    weight = space.edges["proximity"].to_numpy(dtype=float)[keep]
    xy = spread(to_unit_square(force_layout(len(products), i[keep], j[keep], weight)))
    return pd.DataFrame({"product": products, "x": xy[:, 0], "y": xy[:, 1]})
