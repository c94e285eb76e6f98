"""Regional and political groups of countries (CIS, EAEU, EU, GCC, …) with membership years.

Data: ``data/groups.csv`` (``group,iso3,start_year,end_year``) and ``data/group_info.csv``
(``group,name,source,as_of``). Years are calendar years; a country is a member in year ``y``
when ``start_year <= y < end_year``: ``start_year`` is the year it joined (empty: since the group
began) and ``end_year`` the year it left (empty: still a member). Without a year, the current
members are returned (those with no ``end_year``). Group ids match case-insensitively.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import pandas as pd

from tradebridge.errors import BadInput, nearest
from tradebridge.reference.countries import countries
from tradebridge.results import with_meta

_DATA = files("tradebridge.reference") / "data"


@cache
def _members_table() -> pd.DataFrame:
    with (_DATA / "groups.csv").open(encoding="utf-8") as fh:
        return pd.read_csv(
            fh, dtype={"group": str, "iso3": str, "start_year": "Int64", "end_year": "Int64"}
        )


@cache
def groups() -> pd.DataFrame:
    """Every group: ``group`` (id), ``name``, ``source`` (in words), ``as_of`` (list date)."""
    with (_DATA / "group_info.csv").open(encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str)


def _group_id(group: str) -> str:
    ids = list(groups()["group"])
    by_folded = {g.casefold(): g for g in ids}
    found = by_folded.get(group.strip().casefold())
    if found is None:
        raise BadInput(f"unknown group {group!r}; {nearest(group, ids)}", field="group")
    return found


def _in_year(table: pd.DataFrame, year: int | None) -> pd.Series:
    if year is None:
        return table["end_year"].isna()
    started = table["start_year"].isna() | (table["start_year"] <= year)
    not_left = table["end_year"].isna() | (table["end_year"] > year)
    return (started & not_left).astype(bool)


def members(group: str, year: int | None = None) -> list[str]:
    """Sorted ISO3 codes of ``group``'s members (in ``year`` when given, else current members)."""
    gid = _group_id(group)
    table = _members_table()
    rows = table[table["group"] == gid]
    return sorted(rows.loc[_in_year(rows, year), "iso3"])


def membership(year: int | None = None) -> pd.DataFrame:
    """``(group, iso3)`` pairs of every group (members in ``year``, or current), for joins."""
    table = _members_table()
    rows = table.loc[_in_year(table, year), ["group", "iso3"]]
    return rows.sort_values(["group", "iso3"]).reset_index(drop=True)


REFERENCE_SOURCE = (
    "tradebridge reference data: ISO 3166 (pycountry), UN M49 regions (country_converter), "
    "GeoNames capitals, CEPII BACI country codes V202201"
)


def group_list() -> pd.DataFrame:
    """Every group with its current number of members, name, source and list date (with meta)."""
    counts = membership().groupby("group").size().rename("members")
    table = groups().merge(counts, left_on="group", right_index=True, how="left")
    table["members"] = table["members"].fillna(0).astype(int)
    table = table[["group", "name", "members", "source", "as_of"]]
    return with_meta(table, {"source": "tradebridge reference data: data/group_info.csv"})


def country_list(group: str | None = None, year: int | None = None) -> pd.DataFrame:
    """Countries (all current ones, or the members of ``group`` in ``year``) with their codes.

    Columns: ``iso3``, ``name``, ``iso_numeric``, ``baci_code``, ``region``, ``continent``,
    ``capital``. Meta: source, group (resolved id), year.
    """
    table = countries()
    if group is None:
        table = table[~table["former"]]
        gid = None
    else:
        gid = _group_id(group)
        table = table[table["iso3"].isin(members(gid, year))]
    cols = ["iso3", "name", "iso_numeric", "baci_code", "region", "continent", "capital"]
    rows = table[cols].reset_index(drop=True)
    source = [REFERENCE_SOURCE] + ([f"group {gid}: data/group_info.csv"] if gid else [])
    return with_meta(rows, {"source": source, "group": gid, "year": year})
