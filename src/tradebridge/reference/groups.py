"""Regional and political groups of countries (CIS, EAEU, EU, GCC, …) with membership years.

Data: ``data/groups.csv`` (``group,iso3,start_year,end_year``) and ``data/group_info.csv``
(``group,name,source,as_of``). Years are calendar years; a country is a member in year ``y``
when ``start_year <= y < end_year``: ``start_year`` is the year it joined (empty: since the group
began) and ``end_year`` the year it left (empty: still a member). Without a year, the current
members are returned (those with no ``end_year``). Group ids match case-insensitively.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from tradebridge.errors import BadInput, nearest
from tradebridge.reference import tables
from tradebridge.reference.countries import country_records
from tradebridge.rows import Rows

if TYPE_CHECKING:
    import pandas as pd

_MEMBER_TYPES = {"start_year": tables.optional_int, "end_year": tables.optional_int}
_INFO_TYPES = {"name": tables.optional_text, "source": tables.optional_text}


@cache
def groups() -> pd.DataFrame:
    """Every group: ``group`` (id), ``name``, ``source`` (in words), ``as_of`` (list date)."""
    return tables.frame("group_info.csv", _INFO_TYPES)


def _group_id(group: str) -> str:
    ids = [row["group"] for row in tables.records("group_info.csv", _INFO_TYPES)]
    by_folded = {g.casefold(): g for g in ids}
    found = by_folded.get(group.strip().casefold())
    if found is None:
        raise BadInput(f"unknown group {group!r}; {nearest(group, ids)}", field="group")
    return found


def _in_year(row: dict, year: int | None) -> bool:
    """Whether a membership row holds in ``year`` (``start_year <= year < end_year``), or now."""
    if year is None:
        return row["end_year"] is None
    started = row["start_year"] is None or row["start_year"] <= year
    return started and (row["end_year"] is None or row["end_year"] > year)


def _memberships(year: int | None) -> list[tuple[str, str]]:
    """Sorted ``(group, iso3)`` pairs holding in ``year`` (or now)."""
    rows = tables.records("groups.csv", _MEMBER_TYPES)
    return sorted((row["group"], row["iso3"]) for row in rows if _in_year(row, year))


def members(group: str, year: int | None = None) -> list[str]:
    """Sorted ISO3 codes of ``group``'s members (in ``year`` when given, else current members)."""
    gid = _group_id(group)
    return [iso3 for g, iso3 in _memberships(year) if g == gid]


def membership(year: int | None = None) -> pd.DataFrame:
    """``(group, iso3)`` pairs of every group (members in ``year``, or current), for joins."""
    import pandas as pd

    return pd.DataFrame(_memberships(year), columns=["group", "iso3"], dtype=object)


REFERENCE_SOURCE = (
    "tradebridge reference data: ISO 3166 (pycountry), UN M49 regions (country_converter), "
    "GeoNames capitals, CEPII BACI country codes V202201"
)


def group_list() -> Rows:
    """Every group with its current number of members, name, source and list date (with meta)."""
    counts: dict[str, int] = {}
    for gid, _ in _memberships(None):
        counts[gid] = counts.get(gid, 0) + 1
    rows = [
        (row["group"], row["name"], counts.get(row["group"], 0), row["source"], row["as_of"])
        for row in tables.records("group_info.csv", _INFO_TYPES)
    ]
    columns = ("group", "name", "members", "source", "as_of")
    return Rows(columns, rows, {"source": "tradebridge reference data: data/group_info.csv"})


COUNTRY_COLUMNS = ("iso3", "name", "iso_numeric", "baci_code", "region", "continent", "capital")


def country_list(group: str | None = None, year: int | None = None) -> Rows:
    """Countries (all current ones, or the members of ``group`` in ``year``) with their codes.

    Columns: ``COUNTRY_COLUMNS`` (``iso_numeric`` and ``baci_code`` whole numbers or None).
    Meta: source, group (resolved id), year.
    """
    if group is None:
        gid = None
        chosen = [row for row in country_records() if not row["former"]]
    else:
        gid = _group_id(group)
        keep = set(members(gid, year))
        chosen = [row for row in country_records() if row["iso3"] in keep]
    rows = [tuple(row[c] for c in COUNTRY_COLUMNS) for row in chosen]
    source = [REFERENCE_SOURCE] + ([f"group {gid}: data/group_info.csv"] if gid else [])
    return Rows(COUNTRY_COLUMNS, rows, {"source": source, "group": gid, "year": year})
