"""Untapped potential, its sum and the net gap told apart, by hand on hand_world.csv.

AZE in 2021, no smoothing (see tests/test_potential_core.py for S, D and B):
B_RUS = 400/255, B_KAZ = 10/130.5.

| market | product | PV                   | x   | U = max(PV − x, 0) | above = max(x − PV, 0) |
| RUS    | 080510  | B_RUS·75  = 117.647  | 100 | 17.647             | 0                      |
| RUS    | 270900  | B_RUS·180 = 282.353  | 300 | 0                  | 17.647                 |
| KAZ    | 080510  | B_KAZ·10  = 0.766    | 0   | 0.766              | 0                      |
| KAZ    | 270900  | B_KAZ·120 = 9.195    | 0   | 9.195              | 0                      |
| KAZ    | 847130  | B_KAZ·0.5 = 0.038    | 10  | 0                  | 9.962                  |

Σ PV = 410 = Σ x, so the net gap is 0 while untapped is 27.609: each market's ease makes its
potential add up to its actual exports, and untapped counts only the products below potential.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tradebridge.analytics.mutual import mutual
from tradebridge.analytics.potential import potential
from tradebridge.cli import app

B_RUS = 400 / 255
B_KAZ = 10 / 130.5
UNTAPPED = (B_RUS * 75 - 100) + B_KAZ * 10 + B_KAZ * 120
ABOVE = (300 - B_RUS * 180) + (10 - B_KAZ * 0.5)


def test_meta_tells_untapped_above_and_net_gap_apart(hand_warehouse):
    meta = potential(hand_warehouse, "AZE", year=2021, average=1).attrs["meta"]
    assert meta["potential_usd"] == pytest.approx(410)
    assert meta["actual_usd"] == pytest.approx(410)
    assert meta["net_gap_usd"] == pytest.approx(0, abs=1e-9)
    assert meta["untapped_usd"] == pytest.approx(UNTAPPED)
    assert meta["untapped_usd"] == pytest.approx(27.609, abs=1e-3)  # the table above
    assert meta["above_potential_usd"] == pytest.approx(ABOVE)
    assert meta["above_potential_usd"] == pytest.approx(27.609, abs=1e-3)


def test_rows_carry_their_net_gap(hand_warehouse):
    by_product = potential(hand_warehouse, "AZE", year=2021, average=1).set_index(
        ["market", "product"]
    )
    assert by_product.loc[("RUS", "270900"), "net_gap_usd"] == pytest.approx(B_RUS * 180 - 300)
    assert by_product.loc[("RUS", "270900"), "untapped_usd"] == 0
    by_market = potential(hand_warehouse, "AZE", year=2021, average=1, by="market")
    kaz = by_market.set_index("market").loc["KAZ"]
    # KAZ: untapped 9.96 although actual (10) equals potential (10)
    assert kaz["untapped_usd"] == pytest.approx(B_KAZ * 130)
    assert kaz["net_gap_usd"] == pytest.approx(0, abs=1e-9)


def test_mutual_meta_has_both_directions(hand_warehouse):
    meta = mutual(hand_warehouse, "AZE", "RUS", year=2021, average=1).attrs["meta"]
    assert meta["ab_untapped_usd"] == pytest.approx(B_RUS * 75 - 100)
    assert meta["ab_above_potential_usd"] == pytest.approx(300 - B_RUS * 180)
    assert meta["ab_net_gap_usd"] == pytest.approx(0, abs=1e-9)
    assert meta["ba_potential_usd"] == meta["ba_untapped_usd"] == meta["ba_net_gap_usd"] == 0


def test_table_notes_explain_the_totals(hand_warehouse):
    args = ["potential", "AZE", "--year", "2021", "--average", "1", "--by", "market"]
    result = CliRunner().invoke(app, [*args, "-w", str(hand_warehouse.path)])
    assert result.exit_code == 0, result.output
    assert (
        "All products: potential US$ 410, actual US$ 410, net gap (potential − actual) US$ 0. "
        "Untapped US$ 28 adds up only the products below their potential; the products above "
        "it exceed it by US$ 28."
    ) in result.stdout
    doc = json.loads(
        CliRunner().invoke(app, [*args, "-w", str(hand_warehouse.path), "-f", "json"]).stdout
    )
    assert [r["market"] for r in doc["rows"]] == ["RUS", "KAZ"]
    assert doc["meta"]["above_potential_usd"] == pytest.approx(ABOVE)
