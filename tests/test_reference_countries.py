"""Countries: codes, BACI and Comtrade quirks, name resolution."""

from __future__ import annotations

from importlib.resources import files

import pandas as pd
import pytest

from tradebridge.errors import BadInput
from tradebridge.reference.countries import (
    COMTRADE_AGGREGATE_CODES,
    baci_code_to_iso3,
    countries,
    country_name,
    is_comtrade_aggregate,
    is_country,
    m49_to_iso3,
    resolve_country,
)

DATA = files("tradebridge.reference") / "data"


def test_columns_types_and_unique_codes():
    frame = countries()
    for col in [
        "iso3",
        "iso_numeric",
        "baci_code",
        "name",
        "region",
        "continent",
        "capital",
        "lat",
        "lon",
    ]:
        assert col in frame.columns
    assert str(frame["iso_numeric"].dtype) == "Int64"
    assert str(frame["baci_code"].dtype) == "Int64"
    assert frame["lat"].dtype == float and frame["lon"].dtype == float
    assert frame["iso3"].is_unique
    assert frame["iso_numeric"].dropna().is_unique
    assert frame["iso2"].dropna().is_unique
    # ISO 3166-1 has 249 entries; plus Kosovo and 5 former countries BACI uses.
    assert len(frame) == 249 + 1 + 5


def test_baci_quirks():
    table = baci_code_to_iso3()
    expected = {
        58: "BEL",
        56: "BEL",
        251: "FRA",
        579: "NOR",
        699: "IND",
        757: "CHE",
        842: "USA",
        490: "TWN",
        31: "AZE",
        643: "RUS",
        280: "DEU",
        711: "ZAF",
    }
    for code, iso3 in expected.items():
        assert table[code] == iso3
    # Codes BACI gives no ISO3 for become explicit X codes.
    assert table[697] == "X697" and table[849] == "X849"


def test_baci_mapping_covers_every_code_of_the_table():
    with (DATA / "country_codes_V202201.csv").open(encoding="utf-8-sig") as fh:
        raw = pd.read_csv(fh, dtype=str, keep_default_na=False)
    table = baci_code_to_iso3()
    assert set(table) == {int(c) for c in raw["country_code"]}
    known = set(countries()["iso3"])
    assert {v for v in table.values() if not v.startswith("X")} <= known


def test_baci_code_column_is_the_current_code():
    frame = countries().set_index("iso3")
    assert frame.loc["FRA", "baci_code"] == 251
    assert frame.loc["USA", "baci_code"] == 842
    assert frame.loc["TWN", "baci_code"] == 490
    assert frame.loc["BEL", "baci_code"] == 56  # 58 is Belgium-Luxembourg of early years
    assert frame.loc["DEU", "baci_code"] == 276
    assert pd.isna(frame.loc["XKX", "baci_code"])


def test_m49_and_comtrade_aggregates():
    table = m49_to_iso3()
    assert table[840] == "USA" and table[842] == "USA"
    assert table[251] == "FRA" and table[250] == "FRA"
    assert table[490] == "TWN" and table[158] == "TWN"
    assert table[31] == "AZE" and table[810] == "SUN"
    assert 0 not in table and 97 not in table and 899 not in table
    assert not set(COMTRADE_AGGREGATE_CODES) & set(table)
    assert 492 not in table  # Monaco in ISO 3166, "Europe EU, nes" in Comtrade
    assert is_comtrade_aggregate(0) and is_comtrade_aggregate(899)
    assert not is_comtrade_aggregate(490)


def test_regions_continents_and_capitals():
    frame = countries().set_index("iso3")
    assert frame.loc["AZE", "region"] == "Western Asia"
    assert frame.loc["KAZ", "region"] == "Central Asia"
    assert frame.loc["POL", "region"] == "Eastern Europe"
    assert frame.loc["BRA", "continent"] == "Americas"
    assert frame.loc["AZE", "capital"] == "Baku"
    # Baku: 40.38 N, 49.89 E (GeoNames); Washington: 38.90 N, 77.04 W.
    assert frame.loc["AZE", "lat"] == pytest.approx(40.38, abs=0.05)
    assert frame.loc["AZE", "lon"] == pytest.approx(49.89, abs=0.05)
    assert frame.loc["USA", "lon"] == pytest.approx(-77.04, abs=0.05)
    assert pd.isna(frame.loc["ATA", "lat"])


def test_world_bank_fixture_economies_are_known():
    with (DATA / "income_levels.csv").open(encoding="utf-8") as fh:
        income = pd.read_csv(fh, keep_default_na=False)
    # CHI (Channel Islands) is a World Bank grouping of Guernsey and Jersey, not one ISO entry.
    assert set(income["Code"]) - set(countries()["iso3"]) == {"CHI"}
    with (DATA / "gdp_current_usd_millions_2019.csv").open(encoding="utf-8") as fh:
        gdp = pd.read_csv(fh, keep_default_na=False)
    assert {resolve_country(code) for code in gdp["iso_code"]} <= set(countries()["iso3"])


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("AZE", "AZE"),
        ("aze", "AZE"),
        ("AZ", "AZE"),
        ("31", "AZE"),
        ("031", "AZE"),
        ("Azerbaijan", "AZE"),
        ("russia", "RUS"),
        ("Russian Federation", "RUS"),
        ("Korea, Republic of", "KOR"),
        ("South Korea", "KOR"),
        ("Turkey", "TUR"),
        ("Türkiye", "TUR"),
        ("United Kingdom", "GBR"),
        ("UK", "GBR"),
        ("Viet Nam", "VNM"),
        ("Other Asia, nes", "TWN"),
        ("Côte d'Ivoire", "CIV"),
        ("UVK", "XKX"),
        (" kaz ", "KAZ"),
        ("842", "USA"),
        ("490", "TWN"),
    ],
)
def test_resolve_country(text, iso3):
    assert resolve_country(text) == iso3


def test_resolve_country_unknown_names_nearest():
    with pytest.raises(BadInput) as err:
        resolve_country("Azerbajan")
    assert "Azerbaijan" in str(err.value)
    assert err.value.field == "country"
    with pytest.raises(BadInput, match="unknown country 'ZZZ'"):
        resolve_country("ZZZ")


def test_country_name_and_is_country():
    assert country_name("AZE") == "Azerbaijan"
    assert country_name("X123") == "X123"
    assert country_name("X697") == "Europe EFTA, nes"
    assert is_country("AZE") and is_country("XKX")
    assert not is_country("X697") and not is_country("aze")
