"""The option vocabulary shared by the command line, the Python API and the REST API.

One owner for each choice and each rule about an option's value:

- choices are ``StrEnum``s (a member equals its string, so ``by="sector"`` and
  ``by=ProfileBy.sector`` mean the same); the CLI validates them at parse time;
- help texts ride on the parameters of ``Workspace`` methods as ``Annotated[type, Doc("...")]``
  (``typing_extensions.Doc``), read by ``tradebridge.declarations``;
- ``parse_years`` is the one year-range grammar and ``check_top``, ``check_threshold``,
  ``check_sectors`` the checks every interface applies before any data is read.

This module imports nothing heavy: the CLI loads it at start-up.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from typing_extensions import Doc

from tradebridge.errors import BadInput

__all__ = ["Doc"]


class ProfileBy(StrEnum):
    """Breakdowns of a country profile."""

    partner = "partner"
    product = "product"
    hs4 = "hs4"
    hs2 = "hs2"
    sector = "sector"
    group = "group"


class Flow(StrEnum):
    exports = "exports"
    imports = "imports"


class BilateralBy(StrEnum):
    sector = "sector"
    hs2 = "hs2"
    hs4 = "hs4"
    product = "product"


class PotentialBy(StrEnum):
    product = "product"
    hs4 = "hs4"
    sector = "sector"
    market = "market"


class MutualBy(StrEnum):
    sector = "sector"
    hs4 = "hs4"
    product = "product"


class MarketSort(StrEnum):
    untapped = "untapped"
    score = "score"


class Level(StrEnum):
    """Product level of complexity: HS6 codes or their 4- or 2-digit prefixes."""

    hs6 = "hs6"
    hs4 = "hs4"
    hs2 = "hs2"


class Presence(StrEnum):
    rca = "rca"
    rpop = "rpop"
    both = "both"


class ProximityKind(StrEnum):
    symmetric = "symmetric"
    asymmetric = "asymmetric"
    continuous = "continuous"


class Normalization(StrEnum):
    stata = "stata"
    package = "package"


class Strategy(StrEnum):
    low_hanging = "low-hanging"
    balanced = "balanced"
    long_jumps = "long-jumps"


class Scale(StrEnum):
    tiny = "tiny"
    small = "small"
    full = "full"


class SourceFormat(StrEnum):
    """Readers of ``ingest``."""

    baci = "baci"
    comtrade = "comtrade"
    csv = "csv"


class Engine(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


# Parameters shared by several commands: one name, one type, one help text each; the CLI's
# options and the REST API's parameters are generated from them.
Country = Annotated[str, Doc("Country: ISO3 code (AZE), ISO2 or English name")]
Partner = Annotated[str, Doc("Partner country: ISO3 code (RUS), ISO2 or English name")]
PartnerFilter = Annotated[str | None, Doc("Only this partner country")]
Year = Annotated[int | None, Doc("Year (default: the latest held)")]
Years = Annotated[str | None, Doc("Years, e.g. 2015-2021 or 2019,2021 (default: --year)")]
Window = Annotated[int, Doc("Years of the growth window (CAGR)")]
Sector = Annotated[list[str] | None, Doc("Keep only this sector (repeatable)")]
ExcludeSector = Annotated[
    list[str] | None, Doc("Leave this sector out (non-oil: energy; repeatable)")
]
Products = Annotated[str | None, Doc("HS prefixes, comma-separated (e.g. 08,0810)")]
Group = Annotated[str | None, Doc("Partner group (CIS, EAEU, EU27…)")]
Top = Annotated[int | None, Doc("Show the first N rows")]
Average = Annotated[int, Doc("Average the last N years held (1: no smoothing)")]
MinEase = Annotated[str | None, Doc("Ease floor for pairs without trade: a number or 'median'")]
Projections = Annotated[
    Path | None, Doc("CSV iso3,gdp_growth_pct,population_growth_pct (growth projections)")
]
Elasticities = Annotated[
    Path | None, Doc("CSV product,elasticity (income elasticities by HS code)")
]
Tariffs = Annotated[Path | None, Doc("CSV importer,exporter,product,tariff_pct (exporter * = MFN)")]
PotentialDistances = Annotated[
    str | None, Doc("CSV iso3_o,iso3_d,km (CEPII accepted), or 'capitals'")
]
LevelParam = Annotated[Level, Doc("Product level")]
RcaThreshold = Annotated[float, Doc("Presence when RCA (or RPOP) >= this")]
NormalizationParam = Annotated[
    Normalization, Doc("stata: sample sd over the long table; package: the Python package's")
]
Paths = Annotated[list[Path], Doc("Files, folders or zips to read")]
SkipInvalid = Annotated[bool, Doc("Store the good rows; write bad ones to --rejects")]
Rejects = Annotated[Path | None, Doc("CSV file receiving every rejected row and its reason")]
Replace = Annotated[bool, Doc("Replace years already held from another source")]


class HsMethod(StrEnum):
    """How HS suggestion ranks subheadings (``reference.hs_suggestion``)."""

    hybrid = "hybrid"
    embedding = "embedding"
    tfidf = "tfidf"


Progress = Annotated[
    Callable[[str], None] | None, Doc("Called with a message at each stage (not on the web)")
]
FetchProgress = Annotated[
    Callable[[int, int | None], None] | None,
    Doc("Called with (bytes done, bytes in all or None) as a download proceeds"),
]
DownloadFolder = Annotated[
    Path | None, Doc("Folder for downloads (default: the warehouse's downloads/)")
]
Ingest = Annotated[bool, Doc("Load the download into the warehouse")]


def choice(enum: type[StrEnum], value: str, field: str) -> StrEnum:
    """``value`` as a member of ``enum``, or ``BadInput`` naming the nearest valid values.

    >>> choice(Level, "hs4", "level")
    <Level.hs4: 'hs4'>
    >>> choice(Level, "hs5", "level")
    Traceback (most recent call last):
    ...
    tradebridge.errors.BadInput: level: unknown value 'hs5'; nearest: hs6, hs4, hs2
    """
    from tradebridge.errors import nearest

    try:
        return enum(value)
    except ValueError:
        valid = [m.value for m in enum]
        raise BadInput(
            f"unknown value {value!r}; {nearest(str(value), valid)}", field=field
        ) from None


def parse_years(text: str) -> list[int]:
    """The one year-range grammar: comma-separated years or ``first-last`` ranges, as a sorted
    list without repeats; a reversed range is an error.

    >>> parse_years("2015-2018")
    [2015, 2016, 2017, 2018]
    >>> parse_years("2016-2016,2021")
    [2016, 2021]
    >>> parse_years("2021, 2019")
    [2019, 2021]
    >>> parse_years("2021-2019")
    Traceback (most recent call last):
    ...
    tradebridge.errors.BadInput: years: reversed year range 2021-2019 (write 2019-2021)
    """
    years: set[int] = set()
    for part in text.split(","):
        first, dash, last = part.strip().partition("-")
        try:
            lo, hi = int(first), int(last if dash else first)
        except ValueError:
            raise BadInput(
                f"not a year range: {text!r} (e.g. 2015-2023 or 2019,2021)", field="years"
            ) from None
        if hi < lo:
            raise BadInput(f"reversed year range {lo}-{hi} (write {hi}-{lo})", field="years")
        if not (1000 <= lo and hi <= 9999):
            raise BadInput(f"not a four-digit year: {part.strip()!r}", field="years")
        years.update(range(lo, hi + 1))
    return sorted(years)


def years_of(years: str | Iterable[int] | None, year: int | None = None) -> list[int] | None:
    """The years asked for: ``years`` (a range in ``parse_years``' grammar or a list), else
    ``[year]``, else None (the latest held).

    >>> years_of("2019,2021"), years_of([2021]), years_of(None, 2020), years_of(None)
    ([2019, 2021], [2021], [2020], None)
    """
    if years is None:
        return None if year is None else [year]
    if isinstance(years, str):
        return parse_years(years)
    return sorted({int(y) for y in years})


def check_top(top: int | None, field: str = "top") -> int | None:
    """``top`` when it is None or at least 1.

    >>> check_top(0)
    Traceback (most recent call last):
    ...
    tradebridge.errors.BadInput: top: must be at least 1, got 0
    """
    if top is not None and top < 1:
        raise BadInput(f"must be at least 1, got {top}", field=field)
    return top


def check_sizes(
    *, top: int | None = None, window: int | None = None, average: int | None = None
) -> None:
    """The row count (``check_top``), a growth window (0 or more) and an averaging span (1 or
    more) of an analytic, checked before any data is read."""
    check_top(top)
    if window is not None and window < 0:
        check_positive(window, "window")
    if average is not None:
        check_positive(average, "average")


def check_positive(value: int | float, field: str) -> int | float:
    """``value`` when it is a finite number above 0 (years of a window, solver seconds...)."""
    if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
        raise BadInput(f"must be a number above 0, got {value}", field=field)
    return value


def check_threshold(value: float, field: str = "rca_threshold") -> float:
    """An RCA (or RPOP) threshold: a finite number above 0.

    >>> check_threshold(float("nan"))
    Traceback (most recent call last):
    ...
    tradebridge.errors.BadInput: rca_threshold: must be a number above 0, got nan
    """
    return float(check_positive(value, field))


def as_list(values: str | Iterable[str] | None) -> list[str]:
    """A repeatable option's values; a string is split at commas (``"energy,metals"``)."""
    if values is None:
        return []
    if isinstance(values, str):
        values = values.split(",")
    return [v.strip() for v in values if v and v.strip()]


def check_sectors(
    sector: str | Iterable[str] | None,
    exclude_sector: str | Iterable[str] | None,
    resolve: Callable[[str], str],
) -> tuple[list[str], list[str]]:
    """Resolved ``(sector, exclude_sector)`` lists; naming one sector in both is an error."""
    kept = [resolve(s) for s in as_list(sector)]
    left = [resolve(s) for s in as_list(exclude_sector)]
    both = sorted(set(kept) & set(left))
    if both:
        raise BadInput(
            f"{', '.join(both)} is both kept (--sector) and left out (--exclude-sector)",
            field="sector",
        )
    return kept, left
