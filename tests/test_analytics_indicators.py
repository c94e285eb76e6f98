"""WITS indicators by hand: on the tiny world (see test_analytics_profiles) and on plain arrays."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from tradebridge.analytics import indicators as ind
from tradebridge.analytics.indicators import indicators, rca


def values(rows):
    return {(r.indicator, r.scope): r.value for r in rows.itertuples()}


def test_concentration_functions_by_hand():
    v = [400, 550, 50]  # shares .4, .55, .05
    assert ind.hhi(v) == pytest.approx(0.16 + 0.3025 + 0.0025)
    assert ind.hhi_normalised(v) == pytest.approx((0.465 - 1 / 3) / (1 - 1 / 3))
    assert ind.hirschman(v) == pytest.approx(math.sqrt(0.465))
    assert ind.entropy(v) == pytest.approx(
        -(0.4 * math.log(0.4) + 0.55 * math.log(0.55) + 0.05 * math.log(0.05))
    )
    # one partner only: HHI 1, normalised 1 (N = 1), entropy 0; zero-value rows do not count
    assert ind.hhi([7, 0, 0]) == 1 and ind.hhi_normalised([7, 0]) == 1 and ind.entropy([7, 0]) == 0
    # nothing exported: undefined, not 0
    assert np.isnan(ind.hhi([])) and np.isnan(ind.entropy([0, 0]))


def test_complementarity_intensity_gl_by_hand():
    exports_i = pd.Series({"a": 30.0, "b": 70.0})
    imports_j = pd.Series({"a": 50.0, "c": 50.0})
    # shares i: a .3, b .7; j: a .5, c .5 → Σ|diff| = .2 + .7 + .5 = 1.4 → TC = 100 (1 − .7)
    assert ind.complementarity(exports_i, imports_j) == pytest.approx(30.0)
    assert ind.intensity(10, 100, 200, 1000) == pytest.approx((10 / 100) / (200 / 1000))
    # X = (a 10, b 0), M = (a 30, c 5): 1 − (20 + 0 + 5) / (40 + 0 + 5)
    assert ind.grubel_lloyd(
        pd.Series({"a": 10.0, "b": 0.0}), pd.Series({"a": 30.0, "c": 5.0})
    ) == pytest.approx(1 - 25 / 45)
    es = ind.export_specialisation(exports_i, imports_j)
    assert es["a"] == pytest.approx(0.3 / 0.5) and np.isnan(es["b"])  # j imports no b


def test_indicators_on_tiny_world(tiny_warehouse, engine):
    result = indicators(tiny_warehouse, "AZE", year=2021, partner="RUS", engine=engine)
    got = values(result)
    # AZE 2021 exports: markets TUR 550, RUS 400, KAZ 50 (X999 is not a market);
    # products 270900 850, 080510 150
    assert got[("hhi", "markets")] == pytest.approx(0.55**2 + 0.4**2 + 0.05**2)
    assert got[("hhi", "products")] == pytest.approx(0.85**2 + 0.15**2)
    assert got[("hhi_normalised", "products")] == pytest.approx((0.745 - 0.5) / 0.5)
    assert got[("entropy", "products")] == pytest.approx(
        -(0.85 * math.log(0.85) + 0.15 * math.log(0.15))
    )
    # world 2021 by product: 080510 100+50+50+150+20 = 370, 270900 1850, 720610 600,
    # 847130 500; world total 3320
    total = 3320
    dx = (abs(0.15 - 370 / total) + abs(0.85 - 1850 / total) + 600 / total + 500 / total) / 2
    assert got[("export_diversification", "world")] == pytest.approx(dx)
    assert result.attrs["meta"]["world_usd"] == total  # the same total, summed by the code
    assert result.attrs["meta"]["exports_usd"] == 1000
    # RUS imports: 080510 100+150 = 250, 270900 300+1000 = 1300, 847130 500 → m = 2050
    tc = 100 * (1 - (abs(250 / 2050 - 0.15) + abs(1300 / 2050 - 0.85) + 500 / 2050) / 2)
    assert got[("trade_complementarity", "pair")] == pytest.approx(tc)
    # reverse: RUS exports 720610 600, 080510 50 (m 650); AZE imports 720610 200, 080510 70 (270)
    tc_rev = 100 * (1 - (abs(200 / 270 - 600 / 650) + abs(70 / 270 - 50 / 650)) / 2)
    assert got[("trade_complementarity_reverse", "pair")] == pytest.approx(tc_rev)
    assert got[("trade_intensity", "pair")] == pytest.approx((400 / 1000) / (2050 / total))
    assert got[("trade_intensity_reverse", "pair")] == pytest.approx((250 / 650) / (270 / total))
    # ES_k = (x_ik/x_i)/(m_jk/m_j): 270900 .85/(1300/2050), 080510 .15/(250/2050); weights .85/.15
    es = 0.85 * (0.85 / (1300 / 2050)) + 0.15 * (0.15 / (250 / 2050))
    assert got[("export_specialisation", "pair")] == pytest.approx(es)
    # RUS imports 3 products, AZE sells it 2 of them
    assert got[("market_penetration", "pair")] == pytest.approx(2 / 3)
    assert got[("grubel_lloyd", "pair")] == pytest.approx(1 - 550 / 650)
    # products: 080510 reached RUS, KAZ (X999 had value 0) of importers RUS, KAZ, AZE;
    # 270900 reached RUS, TUR of importers RUS, TUR
    assert got[("market_penetration", "products")] == pytest.approx(0.15 * 2 / 3 + 0.85 * 2 / 2)


def test_rca_by_hand(tiny_warehouse, engine):
    rows = rca(tiny_warehouse, "AZE", year=2021, partner="RUS", engine=engine).set_index("product")
    assert rows.loc["080510", "rca"] == pytest.approx((150 / 1000) / (370 / 3320))
    assert rows.loc["270900", "rca"] == pytest.approx((850 / 1000) / (1850 / 3320))
    assert rows.loc["270900", "export_specialisation"] == pytest.approx(0.85 / (1300 / 2050))
    assert list(rows.index) == ["270900", "080510"]  # sorted by RCA


def test_country_with_no_exports_and_product_nobody_imports(tiny_warehouse):
    got = values(indicators(tiny_warehouse, "GEO", year=2021, partner="CHN"))
    assert np.isnan(got[("hhi", "markets")]) and np.isnan(got[("export_diversification", "world")])
    # CHN imports nothing in 2021: complementarity and penetration with it are undefined
    assert np.isnan(got[("trade_complementarity", "pair")])
    assert np.isnan(got[("market_penetration", "pair")])
