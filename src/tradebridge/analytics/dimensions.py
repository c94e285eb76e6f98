"""Aggregation keys of trade flows (partner, product, HS4, HS2, sector, group) and their names.

Products stay HS6 in the warehouse; HS4/HS2 are prefixes, and the sector comes from the
taxonomy's longest-prefix rule (``reference.sectors.prefix_rules``: the HS6 rule, else the HS4
rule, else the chapter rule), applied inside the query as joins on small rule tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from tradebridge.errors import BadInput, nearest
from tradebridge.reference import countries, groups, hs, sectors

if TYPE_CHECKING:
    import ibis

PRODUCT_KEYS = ("product", "hs4", "hs2", "sector")
PARTNER_KEYS = ("partner", "group")
KEYS = PARTNER_KEYS + PRODUCT_KEYS


def check_key(by: str, allowed: Iterable[str] = KEYS) -> str:
    allowed = list(allowed)
    if by not in allowed:
        raise BadInput(f"cannot break down by {by!r}; {nearest(by, allowed)}", field="by")
    return by


def with_sector(t: ibis.Table) -> ibis.Table:
    """``t`` plus a ``sector`` column by the taxonomy's longest-prefix rule
    (``reference.sectors.prefix_rules``), as joins on one small table per prefix length;
    a code that matches no rule gets a null sector, as in ``sector_map``."""
    import ibis

    out, found = t, []
    for length, table in sectors.prefix_rules():
        rules = ibis.memtable(
            pd.DataFrame(
                {f"_prefix{length}": list(table), f"_sector{length}": list(table.values())}
            )
        )
        out = out.left_join(rules, out.product.substr(0, length) == rules[f"_prefix{length}"])
        out = out.drop(f"_prefix{length}")
        found.append(f"_sector{length}")
    return out.mutate(sector=ibis.coalesce(*[out[c] for c in found])).drop(*found)


def product_key(t: ibis.Table, by: str) -> ibis.Value:
    """The product-side key expression of ``t`` for ``by`` (``sector`` needs ``with_sector``)."""
    if by == "product":
        return t.product
    if by == "hs4":
        return t.product.substr(0, 4)
    if by == "hs2":
        return t.product.substr(0, 2)
    if by == "sector":
        return t.sector
    raise BadInput(f"{by!r} is not a product key; {nearest(by, list(PRODUCT_KEYS))}", field="by")


def with_groups(t: ibis.Table, partner: str, year: int) -> ibis.Table:
    """``t`` joined to group membership in ``year``: one row per (flow, group of its partner)."""
    import ibis

    table = ibis.memtable(membership_frame(year))
    return t.inner_join(table, t[partner] == table["_member"]).drop("_member")


def membership_frame(year: int) -> pd.DataFrame:
    frame = groups.membership(year).rename(columns={"iso3": "_member"})
    return frame[["group", "_member"]]


def names(by: str, keys: pd.Series) -> pd.Series:
    """Display names for the keys of a breakdown."""
    if by == "partner":
        return keys.map(countries.country_name)
    if by in ("product", "hs4", "hs2"):
        return keys.map(_hs_name)
    if by == "sector":
        table = sectors.sectors().set_index("sector")["name"]
        return keys.map(table).fillna(keys)
    if by == "group":
        table = groups.groups().set_index("group")["name"]
        return keys.map(table).fillna(keys)
    raise BadInput(f"unknown key {by!r}", field="by")


def _hs_name(code: str) -> str:
    try:
        return hs.name_of(code)
    except BadInput:
        return ""


def is_market(code: str) -> bool:
    """A code that can be ranked as a market: a country, not an unknown ``X…`` code."""
    return not code.startswith("X") and countries.is_country(code)
