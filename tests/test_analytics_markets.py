"""Market prioritisation on the tiny world (see test_analytics_profiles), by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from tradebridge.analytics.markets import markets, parse_weights, percentile_ranks, score
from tradebridge.data.distances import load_distances
from tradebridge.errors import BadInput
from tradebridge.reference.distances import capital_distances


def test_components_by_hand(tiny_warehouse, engine):
    rows = markets(tiny_warehouse, "AZE", year=2021, engine=engine).set_index("market")
    # AZE's 2021 basket: 080510 150, 270900 850 → w = .15, .85; markets RUS, TUR, KAZ
    assert sorted(rows.index) == ["KAZ", "RUS", "TUR"]
    # D_RUS = .15·(100+150) + .85·(300+1000); D_TUR = .85·550; D_KAZ = .15·50
    assert rows.loc["RUS", "demand_usd"] == pytest.approx(0.15 * 250 + 0.85 * 1300)
    assert rows.loc["TUR", "demand_usd"] == pytest.approx(0.85 * 550)
    assert rows.loc["KAZ", "demand_usd"] == pytest.approx(0.15 * 50)
    # growth with 2021 weights: D_RUS(2016) = .15·(50+100) + .85·(300+800)
    d16 = 0.15 * 150 + 0.85 * 1100
    assert rows.loc["RUS", "demand_growth"] == pytest.approx(
        ((0.15 * 250 + 0.85 * 1300) / d16) ** 0.2 - 1
    )
    assert math.isnan(rows.loc["KAZ", "demand_growth"])  # KAZ imported nothing in 2016
    # share of RUS's basket imports: 400 / (250 + 1300)
    assert rows.loc["RUS", "market_share"] == pytest.approx(400 / 1550)
    # KAZ imports 080510 50 (all from AZE) and 720610 400: TC = 100 (1 − (|50/450 − .15|
    # + |0 − .85| + 400/450) / 2); TI = (50/1000) / (450/3320)
    assert rows.loc["KAZ", "complementarity"] == pytest.approx(
        100 * (1 - (abs(50 / 450 - 0.15) + 0.85 + 400 / 450) / 2)
    )
    assert rows.loc["KAZ", "trade_intensity"] == pytest.approx((50 / 1000) / (450 / 3320))
    assert rows.loc["TUR", "distance_km"] < rows.loc["KAZ", "distance_km"]
    # untapped: RUS > 0, TUR = KAZ = 0; the tie goes to the higher score, and TUR is ahead of
    # KAZ on every component (demand, exports, intensity, complementarity 85 vs 11, distance)
    assert rows["rank"].to_dict() == {"RUS": 1, "TUR": 2, "KAZ": 3}
    assert rows.attrs["meta"]["weights"] == parse_weights(None)


def test_score_is_weighted_mean_of_percentile_ranks():
    comps = pd.DataFrame(
        {
            "demand_usd": [10.0, 30.0, 20.0],
            "demand_growth": [0.1, float("nan"), 0.3],
            "exports_usd": [1.0, 1.0, 1.0],
            "market_share": [0.1, 0.2, 0.3],
            "trade_intensity": [1.0, 2.0, 3.0],
            "complementarity": [50.0, 40.0, 30.0],
            "distance_km": [100.0, 300.0, 200.0],
        },
        index=["A", "B", "C"],
    )
    weights = parse_weights(
        "demand=1,demand_growth=1,exports=0,market_share=0,"
        "trade_intensity=0,complementarity=0,distance=1"
    )
    got, ranks = score(comps, weights)
    # A: demand 1/3, growth 1/2 (of 2), distance 1 (nearest) → (1/3 + 1/2 + 1)/3
    assert got["A"] == pytest.approx(100 * (1 / 3 + 1 / 2 + 1) / 3)
    # B has no growth: its weights renormalise over demand and distance
    assert got["B"] == pytest.approx(100 * (1 + 1 / 3) / 2)
    assert ranks.loc["A", "pct_exports"] == pytest.approx(2 / 3)  # three-way tie
    assert percentile_ranks(pd.Series([3.0, 1.0]), lower_is_better=True).tolist() == [0.5, 1.0]


def test_weights_and_group_and_empty_basket(tiny_warehouse):
    with pytest.raises(BadInput, match="nearest: demand"):
        parse_weights("demnd=1")
    with pytest.raises(BadInput, match=">= 0"):
        parse_weights("distance=-1")
    eaeu = markets(tiny_warehouse, "AZE", year=2021, group="EAEU")
    assert sorted(eaeu["market"]) == ["KAZ", "RUS"]
    nothing = markets(tiny_warehouse, "GEO", year=2021)
    assert nothing.empty and "no basket" in nothing.attrs["meta"]["note"]


def test_distance_table_and_capitals(tmp_path):
    km = capital_distances().set_index(["iso3_o", "iso3_d"])["km"]
    # Baku (40.38, 49.89) to Moscow (55.75, 37.62): about 1,920 km great-circle
    assert km["AZE", "RUS"] == pytest.approx(1920, rel=0.02)
    assert km["AZE", "AZE"] == 0
    table = tmp_path / "dist.csv"
    table.write_text("iso_o,iso_d,dist\nAZE,RUS,1000\nAZE,TUR,2000\n")
    assert load_distances(table)["km"].tolist() == [1000.0, 2000.0]
    table.write_text("iso3_o,iso3_d,km\nAZE,RUS,1000\nAZE,TR,5\n")
    with pytest.raises(BadInput, match=r"dist\.csv:3: iso3_d: "):
        load_distances(table)
