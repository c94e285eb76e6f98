"""Export potential by hand on tests/data/potential/hand_world.csv
(docs/methods.md#export-potential).

2021 flows (US$): AZE→RUS 080510 100, 270900 300; AZE→KAZ 847130 10; GEO→RUS 080510 50;
GEO→KAZ 270900 200; GEO→CHN 720610 40; TUR→RUS 720610 60; TUR→CHN 080510 30;
TUR→AZE 847130 40; TUR→KAZ 080510 20.

World supply x_··k: 080510 100+50+30+20 = 200; 270900 300+200 = 500; 720610 40+60 = 100;
847130 10+40 = 50. AZE imports 40 of 847130 and exports 10: re-export correction 10/40 = 0.25.
S_AZE: 080510 100/200 = 0.5; 270900 300/500 = 0.6; 847130 (10/50)·0.25 = 0.05.
m_RUS: 080510 150, 270900 300, 720610 60; m_KAZ: 080510 20, 270900 200, 847130 10;
m_CHN: 080510 30, 720610 40.
RUS: Σ S·D = 0.5·150 + 0.6·300 = 255, B = 400/255; KAZ: 0.5·20 + 0.6·200 + 0.05·10 = 130.5,
B = 10/130.5; CHN: AZE sells nothing there, B = 0.
"""

from __future__ import annotations

import numpy as np
import pytest

from tradebridge.analytics.potential import potential, potential_cube
from tradebridge.analytics.potential_factors import (
    demand,
    ease,
    floor_ease,
    reexport_correction,
    supply,
    untapped,
)
from tradebridge.errors import BadInput

B_RUS = 400 / 255
B_KAZ = 10 / 130.5


def rows_of(wh, exporter="AZE", **options):
    out = potential(wh, exporter, year=2021, average=1, **options)
    return (
        out.set_index(["market", "product"]) if options.get("by", "product") == "product" else out
    )


def test_supply_demand_ease_potential_by_hand(hand_warehouse, engine):
    rows = rows_of(hand_warehouse, engine=engine)
    assert rows.loc[("RUS", "080510"), "supply"] == pytest.approx(0.5)
    assert rows.loc[("RUS", "270900"), "supply"] == pytest.approx(0.6)
    assert rows.loc[("KAZ", "847130"), "supply"] == pytest.approx(0.05)  # re-export corrected
    assert rows.loc[("RUS", "080510"), "demand"] == pytest.approx(150)
    assert rows.loc[("KAZ", "270900"), "demand"] == pytest.approx(200)
    assert rows.loc[("RUS", "080510"), "ease"] == pytest.approx(B_RUS)
    assert rows.loc[("KAZ", "847130"), "ease"] == pytest.approx(B_KAZ)
    # PV = B·S·D
    assert rows.loc[("RUS", "080510"), "potential_usd"] == pytest.approx(B_RUS * 0.5 * 150)
    assert rows.loc[("RUS", "270900"), "potential_usd"] == pytest.approx(B_RUS * 0.6 * 300)
    assert rows.loc[("KAZ", "080510"), "potential_usd"] == pytest.approx(B_KAZ * 0.5 * 20)
    assert rows.loc[("KAZ", "847130"), "potential_usd"] == pytest.approx(B_KAZ * 0.05 * 10)
    # U = max(PV − x, 0): RUS 080510 117.647 − 100; KAZ 847130 sells 10 > PV 0.038 → 0
    assert rows.loc[("RUS", "080510"), "untapped_usd"] == pytest.approx(B_RUS * 75 - 100)
    assert rows.loc[("RUS", "270900"), "untapped_usd"] == 0
    assert rows.loc[("KAZ", "847130"), "untapped_usd"] == 0
    assert rows.loc[("KAZ", "270900"), "untapped_usd"] == pytest.approx(B_KAZ * 120)
    assert rows.loc[("RUS", "080510"), "realised_share"] == pytest.approx(100 / (B_RUS * 75))
    # CHN: ease 0, no potential; products no market imports from AZE's basket do not appear
    assert "CHN" not in rows.index.get_level_values("market")
    assert ("RUS", "847130") not in rows.index  # RUS imports no 847130: zero demand
    untapped_col = rows["untapped_usd"].to_numpy()
    assert (np.diff(untapped_col) <= 0).all()  # sorted by untapped potential
    meta = rows.attrs["meta"]
    assert meta["zero_ease_markets"] == 1 and meta["neutral_inputs"] == [
        "projections",
        "elasticities",
        "tariffs",
        "distances",
    ]
    assert meta["potential_usd"] == pytest.approx(410)  # Σ PV = Σ x over trading pairs


def test_min_ease_floor_for_pairs_without_trade(hand_warehouse):
    rows = rows_of(hand_warehouse, min_ease="median")
    floor = (B_RUS + B_KAZ) / 2  # median of the two positive eases
    assert rows.attrs["meta"]["min_ease"] == pytest.approx(floor)
    assert rows.loc[("CHN", "080510"), "ease"] == pytest.approx(floor)
    assert rows.loc[("CHN", "080510"), "potential_usd"] == pytest.approx(floor * 0.5 * 30)
    assert rows.loc[("CHN", "080510"), "untapped_usd"] == pytest.approx(floor * 0.5 * 30)
    assert rows.loc[("RUS", "080510"), "ease"] == pytest.approx(B_RUS)  # trading pairs keep B
    fixed = rows_of(hand_warehouse, min_ease=0.1, market="CHN")
    assert fixed.loc[("CHN", "080510"), "potential_usd"] == pytest.approx(0.1 * 0.5 * 30)
    with pytest.raises(BadInput, match="min-ease"):
        rows_of(hand_warehouse, min_ease="lots")


def test_rollups_by_market_hs4_and_sector(hand_warehouse):
    by_market = rows_of(hand_warehouse, by="market").set_index("market")
    assert by_market.loc["RUS", "potential_usd"] == pytest.approx(400)
    assert by_market.loc["RUS", "untapped_usd"] == pytest.approx(B_RUS * 75 - 100)
    assert by_market.loc["KAZ", "potential_usd"] == pytest.approx(10)
    assert by_market.loc["KAZ", "untapped_usd"] == pytest.approx(B_KAZ * (10 + 120))
    assert by_market.loc["RUS", "name"] == "Russia"
    by_hs4 = rows_of(hand_warehouse, by="hs4", market="KAZ").set_index("hs4")
    assert by_hs4.loc["2709", "potential_usd"] == pytest.approx(B_KAZ * 120)
    assert {"market", "hs4", "name", "realised_share"} <= set(by_hs4.reset_index().columns)
    energy_out = rows_of(hand_warehouse, by="sector", exclude_sectors="energy")
    assert "energy" not in set(energy_out["sector"])
    # without energy the RUS basket is 080510 only: Σ PV = x = 100
    assert energy_out.set_index(["market", "sector"])["potential_usd"].xs(
        "RUS", level="market"
    ).sum() == pytest.approx(100)


def test_smoothing_averages_the_window(hand_warehouse):
    rows = potential(hand_warehouse, "AZE", year=2021, average=2, market="RUS")
    rows = rows.set_index("product")
    # averages: AZE 080510 (100+300)/2 = 200, 270900 300/2 = 150; world 080510
    # (200 + 350)/2 = 275, 270900 500/2 = 250; m_RUS 080510 (150+350)/2 = 250, 270900 150
    s1, s2 = 200 / 275, 150 / 250
    b = 350 / (s1 * 250 + s2 * 150)
    assert rows.loc["080510", "potential_usd"] == pytest.approx(b * s1 * 250)
    assert rows["potential_usd"].sum() == pytest.approx(350)
    assert rows.attrs["meta"]["years"] == [2020, 2021]
    with pytest.raises(BadInput, match="average"):
        potential(hand_warehouse, "AZE", year=2021, average=0)


def test_pure_functions_edge_cases():
    # re-export correction: 1 when i imports nothing, x/m when it imports more than it exports
    assert reexport_correction(
        np.array([10.0, 10.0, 5.0]), np.array([0.0, 40.0, 5.0])
    ).tolist() == [1.0, 0.25, 1.0]
    # zero world supply gives zero supply share (no division by zero)
    assert supply(np.array([0.0]), np.array([0.0])).tolist() == [0.0]
    # a market importing none of the basket: nothing predicted, ease 0 even with exports
    assert ease(np.array([5.0]), np.array([0.5]), np.array([[0.0]])).tolist() == [0.0]
    assert demand(
        np.array([[100.0]]),
        gdp_j=np.array([1.21]),
        pop_j=np.array([1.1]),
        elasticity_k=np.array([2.0]),
    )[0, 0] == pytest.approx(100 * 1.1**2 * 1.1)
    assert untapped(np.array([5.0, 1.0]), np.array([2.0, 3.0])).tolist() == [3.0, 0.0]
    assert floor_ease(np.array([0.0, 2.0]), None)[0].tolist() == [0.0, 2.0]


def test_exporter_with_nothing_in_scope(hand_warehouse):
    rows = potential(hand_warehouse, "AZE", year=2021, sectors="steel", average=1)
    assert rows.empty and rows.attrs["meta"]["potential_usd"] == 0
    assert list(rows.columns[:3]) == ["market", "product", "name"]
    for by in ("market", "sector"):
        rolled = potential(hand_warehouse, "AZE", year=2021, sectors="steel", by=by, average=1)
        assert rolled.empty and rolled.attrs["meta"]["zero_ease_markets"] == 0
    pair = potential(hand_warehouse, "AZE", market="CHN", year=2021, sectors="steel", average=1)
    assert pair.empty and pair.attrs["meta"]["min_ease"] is None
    with pytest.raises(BadInput, match="differ"):
        potential(hand_warehouse, "AZE", market="AZE")
    with pytest.raises(BadInput, match="nearest"):
        potential(hand_warehouse, "AZE", by="prodcut")


def test_cube_matches_one_exporter_at_a_time(hand_warehouse):
    cube = potential_cube(hand_warehouse, 2021, average=1, chunk=2)
    assert sorted(cube["exporter"].unique()) == ["AZE", "GEO", "TUR"]  # three chunks of ≤ 2
    aze = cube[cube["exporter"] == "AZE"].set_index("market")
    assert aze.loc["RUS", "potential_usd"] == pytest.approx(400)
    assert aze.loc["RUS", "untapped_usd"] == pytest.approx(B_RUS * 75 - 100)
    assert aze.loc["KAZ", "untapped_usd"] == pytest.approx(B_KAZ * 130)
    for exporter in ("GEO", "TUR"):
        one = potential(hand_warehouse, exporter, year=2021, average=1, by="market")
        got = cube[cube["exporter"] == exporter].set_index("market")
        assert got["untapped_usd"].to_dict() == pytest.approx(
            one.set_index("market")["untapped_usd"].to_dict()
        )
    by_sector = potential_cube(hand_warehouse, 2021, average=1, by="sector")
    assert by_sector.groupby("exporter")["potential_usd"].sum().to_dict() == pytest.approx(
        {"AZE": 410, "GEO": 290, "TUR": 150}
    )  # every pair's PV sums to its trade
