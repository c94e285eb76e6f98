"""The product space (Hidalgo, Klinger, Barabási & Hausmann 2007) as a graph for a web view.

Edges: the maximum spanning tree of the symmetric proximity ``phi`` (so that every product with a
proximity is connected; computed with ``scipy.sparse.csgraph.minimum_spanning_tree`` on ``-phi``),
plus every other edge with ``phi >= threshold`` (0.55 by default, the paper's choice). Nodes:
products with their PCI, sector, world trade and the number of edges drawn.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.sparse import csgraph, csr_array, triu

from tradebridge.analytics.complexity import latest_year, year_tables
from tradebridge.analytics.complexity_measures import (
    balassa_rca,
    complexity_vectors,
    presence_matrix,
    proximity_matrix,
    standardise,
)
from tradebridge.analytics.product_labels import product_names, product_sectors
from tradebridge.config import resolve_engine
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput
from tradebridge.options import Level, Normalization, check_threshold
from tradebridge.results import ProductSpace

DEFAULT_THRESHOLD = 0.55


def spanning_and_strong_edges(phi: np.ndarray, threshold: float) -> pd.DataFrame:
    """Edges ``(i, j, proximity, kind)`` with i < j: the maximum spanning tree (forest when the
    graph is disconnected) of ``phi`` plus the other pairs with ``phi >= threshold``."""
    upper = triu(csr_array(np.where(phi > 0, -phi, 0.0)), k=1)
    tree = csgraph.minimum_spanning_tree(upper).tocoo()
    ti, tj = np.minimum(tree.row, tree.col), np.maximum(tree.row, tree.col)
    si, sj = np.nonzero(np.triu(phi >= threshold, k=1))
    in_tree = np.zeros(phi.shape, dtype=bool)
    in_tree[ti, tj] = True
    strong = ~in_tree[si, sj]
    i = np.concatenate([ti, si[strong]])
    j = np.concatenate([tj, sj[strong]])
    kind = np.array(["tree"] * ti.size + ["strong"] * int(strong.sum()), dtype=object)
    return pd.DataFrame({"i": i, "j": j, "proximity": phi[i, j], "kind": kind})


def product_space(
    wh: Warehouse,
    *,
    year: int | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    level: Level | None = None,
    rca_threshold: float = 1.0,
    normalization: Normalization = "stata",
    engine: str | None = None,
) -> ProductSpace:
    """The product space of ``year`` (default: the latest); see the module docstring."""
    engine = resolve_engine(engine)
    if not 0 < threshold <= 1:
        raise BadInput(f"threshold must be in (0, 1], got {threshold}", field="threshold")
    check_threshold(rca_threshold)
    table = next(year_tables(wh, level=level, years=[latest_year(wh, year)], engine=engine))
    rca = balassa_rca(table.values)
    mcp = presence_matrix(rca, None, "rca", rca_threshold)
    if (mcp.sum(axis=1) > 0).sum() < 2 or (mcp.sum(axis=0) > 0).sum() < 2:
        raise BadInput(f"{table.year}: too few locations or products with a presence", field="year")
    kc, kp = complexity_vectors(mcp)
    _, pci, _ = standardise(kc, kp, table.values.shape[1], normalization)
    phi = proximity_matrix(mcp, rca, "symmetric", 0.0)
    pairs = spanning_and_strong_edges(phi, threshold)
    products = pd.Series(table.products)
    degree = np.bincount(np.concatenate([pairs["i"], pairs["j"]]), minlength=products.size)
    nodes = pd.DataFrame(
        {
            "product": products,
            "name": product_names(products),
            "sector": product_sectors(products),
            "pci": pci,
            "world_trade": table.values.sum(axis=0),
            "degree": degree,
        }
    )
    edges = pd.DataFrame(
        {
            "source": products.to_numpy()[pairs["i"]],
            "target": products.to_numpy()[pairs["j"]],
            "proximity": pairs["proximity"],
            "kind": pairs["kind"],
        }
    )
    meta = {
        **wh.provenance([table.year]),
        "question": f"product space: {len(nodes):,} products, {len(edges):,} edges",
        "engine": engine,
        "year": table.year,
        "level": level or "as given",
        "rca_threshold": rca_threshold,
        "proximity": "symmetric: C_pq / max(ubiquity_p, ubiquity_q)",
        "edges": f"maximum spanning tree of proximity + pairs with proximity >= {threshold}",
        "threshold": threshold,
        "normalization": normalization,
        "tree_edges": int((pairs["kind"] == "tree").sum()),
        "strong_edges": int((pairs["kind"] == "strong").sum()),
    }
    return ProductSpace(nodes=nodes, edges=edges, meta=meta)
