"""World Bank World Development Indicators: GDP, population and income groups, stored as the
warehouse reference tables ``wdi`` and ``income_groups`` (``data/reference_tables``).

From the World Bank Indicators API v2 (JSON): ``<api>/country/all/indicator/<id>?format=json``
pages through ``[header, records]`` (header ``page, pages, per_page, total, lastupdated``;
records ``countryiso3code, date, value``), and ``<api>/country?format=json`` lists economies
with their ``region`` and ``incomeLevel``; aggregates (region "Aggregates") are left out. The
release is the indicators' ``lastupdated`` date.

The same tables load from the World Bank's bulk CSV downloads (``ingest wdi``): the
``API_<indicator>_DS2_…`` files (a few title lines, then ``Country Name, Country Code,
Indicator Name, Indicator Code, 1960, …``) and the ``Metadata_Country_…`` file (``Country Code,
Region, IncomeGroup``), as CSVs or the zips they come in.

The package ``wbgapi`` is not used: it can be pointed elsewhere (``wbgapi.endpoint``) but calls
the API with no time-out and no retry, and reports a 429 without its ``Retry-After``.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tradebridge.data.fetch.endpoints import WORLD_BANK_API
from tradebridge.data.fetch.http import Http
from tradebridge.errors import BadInput, EnvironmentProblem
from tradebridge.reference.countries import countries as reference_countries

INDICATORS = {
    "NY.GDP.MKTP.CD": "gdp_usd",
    "NY.GDP.MKTP.KD": "gdp_const_usd",
    "SP.POP.TOTL": "population",
}
INCOME_CODES = {
    "low income": "LIC",
    "lower middle income": "LMC",
    "upper middle income": "UMC",
    "high income": "HIC",
}
SOURCE = "World Bank WDI"
PER_PAGE = 20_000


def hint() -> str:
    return (
        "download the CSVs of NY.GDP.MKTP.CD, NY.GDP.MKTP.KD and SP.POP.TOTL by hand from "
        "data.worldbank.org (Download: CSV) and load them with `tradebridge ingest wdi FILE…`"
    )


def _pages(http: Http, url: str, params: dict[str, Any]) -> tuple[dict[str, Any], list[dict]]:
    """Every record of a paged v2 answer, and the first page's header."""
    page, header, rows = 1, {}, []
    while True:
        body = http.json(url, params={**params, "format": "json", "page": page})
        if isinstance(body, list) and body and isinstance(body[0], dict) and body[0].get("message"):
            message = body[0]["message"][0]
            raise EnvironmentProblem(
                f"{url}: the World Bank API says: {message.get('value') or message}"
            )
        if not (isinstance(body, list) and len(body) >= 1 and isinstance(body[0], dict)):
            raise EnvironmentProblem(f"{url}: unexpected answer (not [header, records])")
        if page == 1:
            header = body[0]
        rows.extend(body[1] if len(body) > 1 and isinstance(body[1], list) else [])
        if page >= int(body[0].get("pages") or 1):
            return header, rows
        page += 1


def economies(http: Http, api: str | None = None) -> pd.DataFrame:
    """Countries (aggregates left out) with region and income group."""
    url = f"{(api or WORLD_BANK_API.url()).rstrip('/')}/country"
    _, rows = _pages(http, url, {"per_page": 1000})
    out = []
    for row in rows:
        region = row.get("region") or {}
        if (region.get("value") or "").strip().lower() == "aggregates":
            continue
        income = row.get("incomeLevel") or {}
        iso3 = str(row.get("id") or "").strip().upper()
        if len(iso3) != 3:
            continue
        out.append(
            {
                "iso3": iso3,
                "name": (row.get("name") or "").strip(),
                "region": (region.get("value") or "").strip(),
                "income_group": (income.get("id") or "").strip().upper() or None,
                "income_level": (income.get("value") or "").strip() or None,
            }
        )
    if not out:
        raise EnvironmentProblem(f"{url}: the World Bank API listed no country")
    return pd.DataFrame(out)


def indicator(
    http: Http, code: str, years: tuple[int, int], api: str | None = None
) -> tuple[pd.DataFrame, str | None]:
    """``iso3, year, value`` of one indicator for every economy, and its ``lastupdated``."""
    url = f"{(api or WORLD_BANK_API.url()).rstrip('/')}/country/all/indicator/{code}"
    header, rows = _pages(http, url, {"per_page": PER_PAGE, "date": f"{years[0]}:{years[1]}"})
    frame = pd.DataFrame(
        {
            "iso3": [str(r.get("countryiso3code") or "").upper() for r in rows],
            "year": pd.to_numeric([r.get("date") for r in rows], errors="coerce"),
            "value": pd.to_numeric([r.get("value") for r in rows], errors="coerce"),
        }
    )
    return frame, header.get("lastupdated")


def last_updated(http: Http, api: str | None = None) -> str | None:
    """The indicators' ``lastupdated`` date (one record asked for)."""
    url = f"{(api or WORLD_BANK_API.url()).rstrip('/')}/country/all/indicator/SP.POP.TOTL"
    body = http.json(url, params={"format": "json", "per_page": 1, "page": 1})
    if isinstance(body, list) and body and isinstance(body[0], dict):
        return body[0].get("lastupdated")
    return None


def combine(frames: dict[str, pd.DataFrame], countries: pd.DataFrame) -> pd.DataFrame:
    """The ``wdi`` table: one row per country and year with each indicator as a column,
    economies outside ``countries`` (aggregates) left out."""
    wide = None
    for code, frame in frames.items():
        part = frame.dropna(subset=["year"]).rename(columns={"value": INDICATORS[code]})
        part = part[part["iso3"].isin(set(countries["iso3"]))]
        part = part.drop_duplicates(["iso3", "year"])
        wide = part if wide is None else wide.merge(part, on=["iso3", "year"], how="outer")
    wide = wide.copy()
    for column in INDICATORS.values():
        if column not in wide:
            wide[column] = np.nan
    wide["year"] = wide["year"].astype(int)
    wide = wide.dropna(subset=list(INDICATORS.values()), how="all")
    return wide.sort_values(["iso3", "year"]).reset_index(drop=True)


def fetch_tables(
    http: Http, years: tuple[int, int], api: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, str | None]:
    """``wdi`` and ``income_groups`` tables from the API, and the release (``lastupdated``)."""
    countries = economies(http, api)
    frames, release = {}, None
    for code in INDICATORS:
        frames[code], updated = indicator(http, code, years, api)
        release = max(filter(None, [release, updated]), default=None)
    return combine(frames, countries), countries, release


# -- the World Bank's bulk CSV downloads (ingest wdi) --------------------------------------


def _texts(path: Path) -> Iterable[tuple[str, str]]:
    """(name, text) of a CSV file, or of every CSV inside a zip."""
    if not path.exists():
        raise BadInput("no such file", file=str(path))
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.lower().endswith(".csv"):
                    yield name, archive.read(name).decode("utf-8-sig", errors="replace")
        return
    yield path.name, path.read_text(encoding="utf-8-sig", errors="replace")


def _wide_indicator(name: str, text: str) -> tuple[str, pd.DataFrame]:
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith('"Country Name"')), None)
    if start is None:
        start = next((i for i, line in enumerate(lines) if line.startswith("Country Name")), None)
    if start is None:
        raise BadInput("no 'Country Name' header line (not a World Bank CSV)", file=name)
    table = pd.read_csv(io.StringIO("\n".join(lines[start:])), dtype=str)
    codes = set(table["Indicator Code"].dropna().str.strip())
    known = codes & set(INDICATORS)
    if len(known) != 1:
        raise BadInput(
            f"expected one of {', '.join(INDICATORS)} in 'Indicator Code', found "
            f"{', '.join(sorted(codes)) or 'none'}",
            file=name,
        )
    years = [c for c in table.columns if str(c).strip().isdigit()]
    long = table.melt(id_vars=["Country Code"], value_vars=years, var_name="year")
    return known.pop(), pd.DataFrame(
        {
            "iso3": long["Country Code"].str.strip().str.upper(),
            "year": pd.to_numeric(long["year"]),
            "value": pd.to_numeric(long["value"], errors="coerce"),
        }
    ).dropna(subset=["value"])


def _metadata(name: str, text: str) -> pd.DataFrame:
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows or "Country Code" not in rows[0] or "IncomeGroup" not in rows[0]:
        raise BadInput("a country metadata file needs Country Code and IncomeGroup", file=name)
    out = []
    for row in rows:
        region = (row.get("Region") or "").strip()
        if not region:  # aggregates have no region
            continue
        level = (row.get("IncomeGroup") or "").strip()
        out.append(
            {
                "iso3": row["Country Code"].strip().upper(),
                "name": (row.get("TableName") or row.get("Country Name") or "").strip(),
                "region": region,
                "income_group": INCOME_CODES.get(level.lower()),
                "income_level": level or None,
            }
        )
    return pd.DataFrame(out)


def read_bulk(paths: Iterable[Path]) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """``wdi`` (and ``income_groups`` when a metadata file is given) from bulk downloads."""
    frames: dict[str, pd.DataFrame] = {}
    meta = None
    for path in paths:
        for name, text in _texts(Path(path)):
            if Path(name).name.lower().startswith("metadata_indicator"):
                continue
            if Path(name).name.lower().startswith("metadata_country"):
                meta = _metadata(name, text)
                continue
            code, frame = _wide_indicator(name, text)
            frames[code] = frame
    if not frames:
        raise BadInput("no World Bank indicator CSV among the files; " + hint())
    countries = meta if meta is not None else reference_countries()[["iso3"]]
    return combine(frames, countries), meta
