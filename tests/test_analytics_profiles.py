"""Profiles and bilateral trade on the tiny world, by hand; on DuckDB and on PySpark.

Tiny world 2021 (US$): AZE→RUS 080510 100, 270900 300; AZE→KAZ 080510 50; AZE→TUR 270900 550;
AZE→X999 080510 0; RUS→AZE 720610 200, 080510 50; RUS→KAZ 720610 400; KAZ→RUS 270900 1000;
TUR→RUS 080510 150; CHN→RUS 847130 500; TUR→AZE 080510 20.
2016: AZE→RUS 080510 50, 270900 300; AZE→TUR 270900 400; RUS→AZE 720610 100;
KAZ→RUS 270900 800; TUR→RUS 080510 100; CHN→RUS 847130 250.
"""

from __future__ import annotations

import pytest

from tradebridge.analytics.profiles import bilateral, profile
from tradebridge.errors import BadInput


def by_key(rows, key):
    return rows.set_index(key)


def test_profile_by_partner(tiny_warehouse, engine):
    rows = profile(tiny_warehouse, "AZE", year=2021, by="partner", engine=engine)
    assert rows["partner"].tolist() == ["TUR", "RUS", "KAZ"]  # X999 has value 0: no row
    r = by_key(rows, "partner")
    total = 550 + 400 + 50
    assert r.loc["TUR", "share"] == pytest.approx(550 / total)
    assert r.loc["RUS", "value_usd"] == 400 and r.loc["RUS", "rank"] == 2
    # CAGR over 5 years: TUR (550/400)^(1/5) − 1, RUS (400/350)^(1/5) − 1, KAZ undefined (no 2016)
    assert r.loc["TUR", "cagr"] == pytest.approx((550 / 400) ** 0.2 - 1)
    assert r.loc["RUS", "cagr"] == pytest.approx((400 / 350) ** 0.2 - 1)
    assert r.loc["KAZ", "cagr"] != r.loc["KAZ", "cagr"]  # NaN, not 0 or inf
    assert r.loc["RUS", "name"] == "Russia"
    meta = rows.attrs["meta"]
    assert meta["source"] == "tiny test world" and meta["base_year"] == 2016
    assert meta["total_usd"] == total


def test_profile_by_product_sector_hs2_and_filters(tiny_warehouse, engine):
    sectors = by_key(
        profile(tiny_warehouse, "AZE", year=2021, by="sector", engine=engine), "sector"
    )
    assert sectors.loc["energy", "value_usd"] == 850 and sectors.loc["energy", "share"] == 0.85
    assert sectors.loc["fresh_fruit_vegetables", "cagr"] == pytest.approx((150 / 50) ** 0.2 - 1)
    non_oil = profile(
        tiny_warehouse, "AZE", year=2021, by="partner", exclude_sectors=["energy"], engine=engine
    )
    assert dict(zip(non_oil["partner"], non_oil["value_usd"], strict=True)) == {
        "RUS": 100,
        "KAZ": 50,
    }
    assert non_oil["share"].tolist() == [pytest.approx(100 / 150), pytest.approx(50 / 150)]
    hs2 = profile(tiny_warehouse, "AZE", year=2021, by="hs2", products="08,27", engine=engine)
    assert dict(zip(hs2["hs2"], hs2["value_usd"], strict=True)) == {"27": 850, "08": 150}
    cis = profile(tiny_warehouse, "AZE", year=2021, by="product", group="EAEU", engine=engine)
    # EAEU partners of AZE: RUS (080510 100, 270900 300) and KAZ (080510 50)
    assert dict(zip(cis["product"], cis["value_usd"], strict=True)) == {
        "270900": 300,
        "080510": 150,
    }


def test_profile_imports_and_top(tiny_warehouse, engine):
    rows = profile(
        tiny_warehouse, "AZE", year=2021, flow="imports", by="partner", top=1, engine=engine
    )
    # imports of AZE: from RUS 200 + 50, from TUR 20
    assert rows["partner"].tolist() == ["RUS"]
    assert rows["share"].iloc[0] == pytest.approx(250 / 270)


def test_profile_by_group_counts_a_partner_in_each_of_its_groups(tiny_warehouse):
    rows = by_key(profile(tiny_warehouse, "AZE", year=2021, by="group"), "group")
    assert rows.loc["EAEU", "value_usd"] == 400 + 50  # RUS + KAZ
    assert rows.loc["central_asia", "value_usd"] == 50


def test_country_without_exports_gives_empty_profile(tiny_warehouse):
    rows = profile(tiny_warehouse, "CHN", year=2016, by="partner", window=0)
    assert rows["partner"].tolist() == ["RUS"]
    empty = profile(tiny_warehouse, "GEO", year=2021)
    assert empty.empty and empty.attrs["meta"]["total_usd"] == 0


def test_bad_choices_are_bad_input(tiny_warehouse):
    with pytest.raises(BadInput, match="nearest"):
        profile(tiny_warehouse, "AZERBAIJANN", year=2021)
    with pytest.raises(BadInput, match="2016, 2021"):
        profile(tiny_warehouse, "AZE", year=2019)
    with pytest.raises(BadInput, match="energy"):
        profile(tiny_warehouse, "AZE", year=2021, exclude_sectors=["enrgy"])
    with pytest.raises(BadInput, match="partner"):
        profile(tiny_warehouse, "AZE", year=2021, by="partnr")


def test_bilateral_both_directions_balance_and_grubel_lloyd(tiny_warehouse, engine):
    rows = bilateral(tiny_warehouse, "AZE", "RUS", year=2021, by="product", engine=engine)
    r = by_key(rows, "product")
    assert (r.loc["080510", "exports_usd"], r.loc["080510", "imports_usd"]) == (100, 50)
    assert r.loc["080510", "balance_usd"] == 50
    assert r.loc["080510", "grubel_lloyd"] == pytest.approx(1 - 50 / 150)
    assert r.loc["720610", "grubel_lloyd"] == 0  # one-way trade
    assert r.loc["080510", "exports_cagr"] == pytest.approx((100 / 50) ** 0.2 - 1)
    assert r.loc["720610", "imports_cagr"] == pytest.approx((200 / 100) ** 0.2 - 1)
    meta = rows.attrs["meta"]
    # aggregate GL = 1 − (|100−50| + |300−0| + |0−200|) / (150 + 300 + 200)
    assert meta["grubel_lloyd"] == pytest.approx(1 - 550 / 650)
    assert meta["trend"] == [
        {"year": 2016, "exports_usd": 350.0, "imports_usd": 100.0, "balance_usd": 250.0},
        {"year": 2021, "exports_usd": 400.0, "imports_usd": 250.0, "balance_usd": 150.0},
    ]
