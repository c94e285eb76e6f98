"""Diversification opportunities and the product space, checked against the Stata fixture and
hand-computed graphs."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tradebridge.analytics.complexity import complexity
from tradebridge.analytics.diversification import STRATEGIES, opportunities
from tradebridge.analytics.product_space import product_space, spanning_and_strong_edges
from tradebridge.data.frame_warehouse import FrameWarehouse
from tradebridge.errors import BadInput

DATA = Path(__file__).parent / "data" / "ecomplexity"


@pytest.fixture(scope="module")
def frame() -> FrameWarehouse:
    trade = pd.read_csv(DATA / "trade_data_sample.csv", dtype={"hs92": str})
    return FrameWarehouse.of_exports(
        trade.rename(columns={"origin": "location", "hs92": "product", "export_val": "value"})
    )


@pytest.fixture(scope="module")
def stata() -> pd.DataFrame:
    return pd.read_csv(DATA / "stata_ground_truth.csv", dtype={"hs92": str})


def test_balanced_scores_follow_the_formula_on_stata_values(frame, stata) -> None:
    ranked = opportunities(frame, "aut", year=1996, top=None)
    # Reference: the Stata command's density, PCI and COG for aut's products without presence.
    ref = stata[(stata["year"] == 1996) & (stata["origin"] == "aut") & (stata["M"] == 0)]
    ref = ref.set_index("hs92")

    def z(col: pd.Series) -> pd.Series:
        return (col - col.mean()) / col.std(ddof=0)

    w = {"distance": 0.50, "pci": 0.25, "cog": 0.25}
    expected = (
        w["distance"] * z(-(1 - ref["density"]))
        + w["pci"] * z(ref["pci"])
        + w["cog"] * z(ref["cog"])
    )
    got = ranked.set_index("product")
    assert sorted(got.index) == sorted(ref.index)
    np.testing.assert_allclose(got.loc[ref.index, "score"], expected, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(got.loc[ref.index, "distance"], 1 - ref["density"], rtol=1e-4)
    # ranks from the reference scores (ties by PCI), not from the code's own order
    order = pd.DataFrame({"score": expected, "pci": ref["pci"]}).sort_values(
        ["score", "pci"], ascending=False, kind="stable"
    )
    expected_rank = pd.Series(np.arange(1, len(order) + 1), index=order.index)
    assert got["rank"].to_dict() == expected_rank.to_dict()
    meta = ranked.attrs["meta"]
    assert meta["strategy"] == "balanced" and meta["weights"] == w == STRATEGIES["balanced"]


def test_world_trade_and_growth(frame) -> None:
    ranked = opportunities(frame, "aut", year=1996, top=3).set_index("product")
    world96 = frame.frame[frame.frame["year"] == 1996].groupby("product")["value"].sum()
    world95 = frame.frame[frame.frame["year"] == 1995].groupby("product")["value"].sum()
    # 1991 is not held: the growth base falls back to 1995, one year: 1996/1995 - 1
    np.testing.assert_allclose(ranked["world_trade"], world96[ranked.index])
    np.testing.assert_allclose(
        ranked["world_growth"], world96[ranked.index] / world95[ranked.index] - 1
    )
    assert ranked.attrs["meta"]["growth"]["base_year"] == 1995
    assert len(ranked) == 3


def test_strategies_shift_towards_complexity(frame) -> None:
    near = opportunities(frame, "ita", year=1995, strategy="low-hanging", top=5)
    far = opportunities(frame, "ita", year=1995, strategy="long-jumps", top=5)
    assert far["pci"].mean() >= near["pci"].mean()
    assert near["distance"].mean() <= far["distance"].mean()
    assert far.attrs["meta"]["weights"] == STRATEGIES["long-jumps"]


def test_sector_filter_and_labels(frame) -> None:
    every = opportunities(frame, "aut", year=1995, top=None)
    assert every["sector"].notna().all() and every["name"].notna().all()
    chosen = every["sector"].iloc[0]
    only = opportunities(frame, "aut", year=1995, top=None, sectors=[chosen])
    assert set(only["sector"]) == {chosen}
    assert set(only["product"]) == set(every.loc[every["sector"] == chosen, "product"])


def test_unknown_location_and_strategy(frame) -> None:
    with pytest.raises(BadInput, match="no exports"):
        opportunities(frame, "AZE", year=1995)
    with pytest.raises(BadInput, match="strategy"):
        opportunities(frame, "aut", year=1995, strategy="moonshot")  # type: ignore[arg-type]


def test_spanning_tree_and_strong_edges_by_hand() -> None:
    phi = np.array([[0, 0.9, 0.5, 0.1], [0.9, 0, 0.2, 0.4], [0.5, 0.2, 0, 0.3], [0.1, 0.4, 0.3, 0]])
    # Kruskal on the largest proximities: .9 (0-1), .5 (0-2), .4 (1-3); .3 (2-3) closes a cycle.
    edges = spanning_and_strong_edges(phi, threshold=0.45)
    tree = {(i, j, p) for i, j, p, k in edges.itertuples(index=False) if k == "tree"}
    assert tree == {(0, 1, 0.9), (0, 2, 0.5), (1, 3, 0.4)}
    assert (edges["kind"] == "tree").all()  # .9 and .5 are already tree edges
    edges = spanning_and_strong_edges(phi, threshold=0.3)
    strong = edges[edges["kind"] == "strong"]
    assert list(zip(strong["i"], strong["j"], strict=True)) == [(2, 3)]


def test_product_space_nodes_and_json(frame) -> None:
    space = product_space(frame, year=1995, threshold=0.6)
    rows = complexity(frame, years=[1995])
    pci = rows.groupby("product")["pci"].first()
    nodes = space.nodes.set_index("product")
    np.testing.assert_allclose(nodes["pci"], pci[nodes.index], rtol=1e-12)
    assert (space.edges["kind"] == "tree").sum() == len(nodes) - 1  # connected sample
    assert (space.edges.loc[space.edges["kind"] == "strong", "proximity"] >= 0.6).all()
    assert nodes["degree"].sum() == 2 * len(space.edges)
    doc = json.loads(space.to_json())
    assert set(doc) == {"meta", "nodes", "edges"}
    assert doc["meta"]["year"] == 1995 and len(doc["nodes"]) == 30
    assert {"source", "target", "proximity", "kind"} <= set(doc["edges"][0])
