"""The field checks every record's validator shares (organisations, events, participants,
investment projects): a text's length and characters, a code from a known list, a number
within bounds, and the known country, sector and HS6 codes. Each check yields the problems it
finds as ``(field, reason)``; ``errors.InvalidRecord`` carries them to the user.

>>> list(text_problems("city", "Baku", 3))
[('city', 'too long (4 characters; at most 3)')]
>>> list(code_problems("country", ["AZE", "AZR"], country_codes(), "country code"))
[('country', "unknown country code 'AZR'; nearest: MAR, KAZ, AZE, ARM, ARG")]
>>> list(within("capacity", 0, (1, 100)))
[('capacity', '0 is not between 1 and 100')]
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from functools import cache

from tradebridge.errors import nearest

Problem = tuple[str, str]


def text_problems(name: str, value: str, limit: int) -> Iterable[Problem]:
    """A text longer than ``limit`` characters, or holding a NUL character."""
    if len(value) > limit:
        yield name, f"too long ({len(value):,} characters; at most {limit:,})"
    if "\x00" in value:
        yield name, "contains a NUL character"


def code_problems(
    name: str, codes: Iterable[str], known: Collection[str], what: str
) -> Iterable[Problem]:
    """Each of ``codes`` not in ``known``, with the nearest known ones as a hint."""
    for code in codes:
        if code not in known:
            yield name, f"unknown {what} {code!r}; {nearest(code, sorted(known))}"


def within(name: str, value: int | None, bounds: tuple[int, int]) -> Iterable[Problem]:
    """A number outside ``bounds`` (both included); no value is no problem."""
    low, high = bounds
    if value is not None and not low <= value <= high:
        yield name, f"{value} is not between {low} and {high}"


@cache
def country_codes() -> frozenset[str]:
    """The ISO3 codes of ``reference.countries`` (read without pandas)."""
    from tradebridge.reference.countries import country_records

    return frozenset(row["iso3"] for row in country_records())


@cache
def sector_ids() -> frozenset[str]:
    """The sector ids of ``reference.sectors`` (read without pandas)."""
    from tradebridge.reference import tables

    return frozenset(row["sector"] for row in tables.records("sectors.csv"))


@cache
def hs6_codes() -> frozenset[str]:
    """The HS6 codes of ``reference.hs`` (read without pandas)."""
    from tradebridge.reference import tables

    return frozenset(row["product"] for row in tables.records("products.csv"))
