"""Which years of the warehouse look complete, and which year a question defaults to.

A year Y held in the warehouse *looks incomplete* when, against the nearest earlier year held P,
its value total or its row count is under ``COMPLETE_SHARE`` (half) of P's::

    value_usd(Y) < 0.5 · value_usd(P)   or   rows(Y) < 0.5 · rows(P)

(a partial year of a new release, or a few rows ingested from another source). Trade of a whole
country set never halves from one year to the next (the 2009 collapse was about a quarter), so
the rule does not fire on real complete years. The earliest year held has nothing to compare
with and always counts as complete.

Questions asked without a year use the *default year*: the latest year held, stepping back over
trailing years that look incomplete. The choice is explained in ``meta["year_note"]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

COMPLETE_SHARE = 0.5


class YearTotals(Protocol):
    """What the rule reads of a partition (``warehouse.Partition`` has both)."""

    rows: int
    value_usd: float


@dataclass(frozen=True)
class Shortfall:
    """A year that looks incomplete, and the earlier year it was compared with."""

    year: int
    rows: int
    value_usd: float
    previous: int
    previous_rows: int
    previous_value_usd: float

    def describe(self) -> str:
        """One sentence with both years' totals, e.g. for ``meta["year_note"]``."""
        return (
            f"{self.year} holds US$ {self.value_usd:,.0f} in {_rows(self.rows)}, under half of "
            f"{self.previous} (US$ {self.previous_value_usd:,.0f} in {_rows(self.previous_rows)})"
            ": it looks incomplete"
        )


def _rows(n: int) -> str:
    return f"{n:,} row" + ("" if n == 1 else "s")


def shortfall(partitions: Mapping[int, YearTotals], year: int) -> Shortfall | None:
    """The shortfall of ``year`` against the nearest earlier year held, or None when complete.

    >>> from types import SimpleNamespace as P
    >>> parts = {2022: P(rows=100, value_usd=1000.0), 2023: P(rows=90, value_usd=400.0)}
    >>> shortfall(parts, 2023).previous
    2022
    >>> shortfall(parts, 2022) is None
    True
    """
    earlier = [y for y in partitions if y < year]
    if not earlier or year not in partitions:
        return None
    prev = max(earlier)
    now, then = partitions[year], partitions[prev]
    if now.value_usd < COMPLETE_SHARE * then.value_usd or now.rows < COMPLETE_SHARE * then.rows:
        return Shortfall(year, now.rows, now.value_usd, prev, then.rows, then.value_usd)
    return None


def trailing_shortfalls(partitions: Mapping[int, YearTotals]) -> list[Shortfall]:
    """The latest years that look incomplete, newest first (empty when the latest is complete)."""
    out = []
    for year in sorted(partitions, reverse=True):
        gap = shortfall(partitions, year)
        if gap is None:
            break
        out.append(gap)
    return out


def default_year(partitions: Mapping[int, YearTotals]) -> int | None:
    """The latest year held that does not look incomplete (None for an empty warehouse).

    >>> from types import SimpleNamespace as P
    >>> default_year({2022: P(rows=100, value_usd=1e9), 2023: P(rows=3, value_usd=5e6)})
    2022
    """
    if not partitions:
        return None
    return min([max(partitions), *(g.previous for g in trailing_shortfalls(partitions))])


def year_note(partitions: Mapping[int, YearTotals], years: Iterable[int]) -> str | None:
    """Why a result over ``years`` may not use the latest year held, or may be partial.

    Names every incomplete trailing year the result uses, or, when the result's latest year is
    the default year and newer years were stepped over, the years left out.
    """
    used = set(years)
    gaps = trailing_shortfalls(partitions)
    inside = [g for g in gaps if g.year in used]
    if inside:
        return "; ".join(g.describe() for g in reversed(inside))
    if gaps and used and max(used) == default_year(partitions):
        reasons = "; ".join(g.describe() for g in reversed(gaps))
        skipped = ", ".join(str(g.year) for g in reversed(gaps))
        return (
            f"{reasons}. Questions without a year use {gaps[-1].previous}, the latest complete "
            f"year ({skipped} left out: ask for it by year to use it)"
        )
    return None
