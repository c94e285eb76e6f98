"""The product scope of a question: which goods count (sectors in or out, HS prefixes).

Non-oil (non-energy) views are ``exclude_sectors=("energy",)``; any sector can be included or
excluded the same way, and ``products`` keeps codes starting with any of the given HS prefixes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import ibis

from tradebridge.analytics.dimensions import with_sector
from tradebridge.errors import BadInput
from tradebridge.options import as_list, check_sectors
from tradebridge.reference.sectors import resolve_sector


@dataclass(frozen=True)
class ProductScope:
    """Which products a computation covers; empty means all goods."""

    sectors: tuple[str, ...] = ()
    exclude_sectors: tuple[str, ...] = ()
    products: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        sectors: str | Iterable[str] | None = None,
        exclude_sectors: str | Iterable[str] | None = None,
        products: str | Iterable[str] | None = None,
    ) -> ProductScope:
        """A validated scope: sector ids or names resolved (none both kept and left out), HS
        prefixes of 1-6 digits."""
        prefixes = tuple(p.replace(".", "") for p in as_list(products))
        bad = [p for p in prefixes if not (p.isdigit() and 1 <= len(p) <= 6)]
        if bad:
            raise BadInput(
                f"HS prefixes must be 1 to 6 digits, got {', '.join(bad)}", field="products"
            )
        kept, left = check_sectors(sectors, exclude_sectors, resolve_sector)
        return cls(sectors=tuple(kept), exclude_sectors=tuple(left), products=prefixes)

    @property
    def needs_sector(self) -> bool:
        return bool(self.sectors or self.exclude_sectors)

    def apply(self, t: ibis.Table) -> ibis.Table:
        """``t`` restricted to the scope (adds a ``sector`` column when sectors are involved)."""
        if self.needs_sector and "sector" not in t.columns:
            t = with_sector(t)
        if self.sectors:
            t = t.filter(t.sector.isin(list(self.sectors)))
        if self.exclude_sectors:
            t = t.filter(~t.sector.isin(list(self.exclude_sectors)))
        if self.products:
            t = t.filter(ibis.or_(*[t.product.startswith(p) for p in self.products]))
        return t

    def describe(self) -> dict[str, Any]:
        return {
            "sectors": list(self.sectors),
            "exclude_sectors": list(self.exclude_sectors),
            "products": list(self.products),
        }
