"""Optional inputs of export potential, each by hand on the hand world (see
test_potential_core for the neutral values), and validation of the input files."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from tradebridge.analytics.potential import potential
from tradebridge.data.projections import elasticity_of, load_elasticities, load_projections
from tradebridge.data.tariffs import load_tariffs
from tradebridge.errors import BadInput

DATA = Path(__file__).parent / "data" / "potential"


def product_rows(wh, exporter="AZE", **options):
    out = potential(wh, exporter, year=2021, average=1, market="RUS", **options)
    return out.set_index("product")


def test_projections_and_elasticities(hand_warehouse):
    rows = product_rows(
        hand_warehouse, projections=DATA / "projections.csv", elasticities=DATA / "elasticities.csv"
    )
    # supply with g_AZE = 1.05 (others 1): 080510 105/(105+50+30+20); 270900 315/(315+200)
    s1, s2 = 105 / 205, 315 / 515
    # RUS: g = 1.10, p = 1.02; ε 2 for 0805 (HS4 row), 0.5 for chapter 27
    d1 = 150 * (1.10 / 1.02) ** 2 * 1.02
    d2 = 300 * (1.10 / 1.02) ** 0.5 * 1.02
    b = 400 / (s1 * d1 + s2 * d2)
    assert rows.loc["080510", "supply"] == pytest.approx(s1)
    assert rows.loc["270900", "demand"] == pytest.approx(d2)
    assert rows.loc["080510", "potential_usd"] == pytest.approx(b * s1 * d1)
    assert rows["potential_usd"].sum() == pytest.approx(400)  # B still closes the pair
    meta = rows.attrs["meta"]
    assert meta["inputs"]["projections"] == "projections.csv"
    assert meta["neutral_inputs"] == ["tariffs", "distances"]


def test_tariffs(hand_warehouse):
    rows = product_rows(hand_warehouse, tariffs=DATA / "tariffs.csv")
    # RUS applies MFN 10 % on 080510, 0 % to AZE. t̄_RUS,080510 = (100·0 + 50·0.10)/150 = 1/30;
    # t̄_AZE,080510 over its markets = 0; world t̄_080510 = 5/200 = 0.025 → c = 1/1.025
    s1 = 0.5 / 1.025
    d1 = 150 * (1 + 1 / 30) / (1 + 0)
    b = 400 / (s1 * d1 + 0.6 * 300)
    assert rows.loc["080510", "supply"] == pytest.approx(s1)
    assert rows.loc["080510", "demand"] == pytest.approx(d1)
    assert rows.loc["080510", "potential_usd"] == pytest.approx(b * s1 * d1)
    geo = product_rows(hand_warehouse, "GEO", tariffs=DATA / "tariffs.csv")
    # GEO pays the MFN rate: D = 150 · (1 + 1/30) / 1.10; its t̄ over markets importing 080510
    # (RUS 150 at 10 %, KAZ 20 and CHN 30 at 0) = 15/200 → c = 1.075/1.025
    assert geo.loc["080510", "demand"] == pytest.approx(150 * (1 + 1 / 30) / 1.10)
    assert geo.loc["080510", "supply"] == pytest.approx(50 / 200 * 1.075 / 1.025)


def test_distances(hand_warehouse):
    geo = product_rows(hand_warehouse, "GEO", distances=DATA / "distances.csv")
    # RUS's suppliers of 080510: AZE 100 at 2,000 km, GEO 50 at 2,500 km: GEO is farther than
    # the weighted mean by (2/3)(ln 2500 − ln 2000), so f = 0.8^(2/3); of 270900 only AZE at
    # 2,000 km: f = 0.8; of 720610 only TUR at 3,000 km: GEO is nearer, f = 1
    f1, f2 = 0.8 ** (2 / 3), 0.8
    assert geo.loc["080510", "demand"] == pytest.approx(150 * f1)
    assert geo.loc["270900", "demand"] == pytest.approx(300 * f2)
    assert geo.loc["720610", "demand"] == pytest.approx(60)
    b = 50 / (0.25 * 150 * f1 + 0.4 * 300 * f2 + 0.4 * 60)
    assert geo.loc["080510", "potential_usd"] == pytest.approx(b * 0.25 * 150 * f1)
    aze = product_rows(hand_warehouse, distances=DATA / "distances.csv")
    assert aze.loc["080510", "demand"] == pytest.approx(150)  # AZE is the nearest supplier
    capitals = potential(hand_warehouse, "AZE", year=2021, distances="capitals")
    assert "capitals" in capitals.attrs["meta"]["inputs"]["distances"]


def test_loaders_convert_and_validate():
    proj = load_projections(DATA / "projections.csv")
    assert proj.loc["RUS", "gdp"] == pytest.approx(1.10)
    assert proj.loc["AZE", "population"] == pytest.approx(1.01)
    eps = load_elasticities(DATA / "elasticities.csv")
    assert elasticity_of(["080510", "270900", "847130"], eps).tolist() == [2.0, 0.5, 1.0]
    tariffs = load_tariffs(DATA / "tariffs.csv")
    assert tariffs["tariff"].tolist() == [0.10, 0.0]
    with pytest.raises(BadInput, match=r"bad_projections\.csv:3: gdp_growth_pct: .*'five'"):
        load_projections(DATA / "bad_projections.csv")
    with pytest.raises(BadInput, match=r"bad_tariffs\.csv:3: product: .*'0805'"):
        load_tariffs(DATA / "bad_tariffs.csv")
    with pytest.raises(BadInput, match=r"bad_elasticities\.csv:3: product: .*repeated"):
        load_elasticities(DATA / "bad_elasticities.csv")
    with pytest.raises(BadInput, match=r"projections\.csv:1: .*needs columns"):
        load_tariffs(DATA / "projections.csv")


def test_bad_input_files(tmp_path, hand_warehouse):
    bad = tmp_path / "tariffs.csv"
    bad.write_text("importer,exporter,product,tariff_pct\nRUS,AZE,080510,-5\n")
    with pytest.raises(BadInput, match=r"tariffs\.csv:2: tariff_pct: expected a number >= 0"):
        potential(hand_warehouse, "AZE", tariffs=bad)
    shrink = tmp_path / "p.csv"
    shrink.write_text("iso3,gdp_growth_pct,population_growth_pct\nRU,1,1\n")
    with pytest.raises(BadInput, match=r"p\.csv:2: iso3: expected an ISO3 code"):
        potential(hand_warehouse, "AZE", projections=shrink)
    with pytest.raises(BadInput, match="cannot read"):
        potential(hand_warehouse, "AZE", projections=tmp_path / "missing.csv")
    assert math.isfinite(potential(hand_warehouse, "AZE").attrs["meta"]["potential_usd"])
