"""The product scope of a question: which goods count (sectors in or out, HS prefixes).

Non-oil (non-energy) views are ``exclude_sectors=("energy",)``; any sector can be included or
excluded the same way, and ``products`` keeps codes starting with any of the given HS prefixes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tradebridge.errors import BadInput
from tradebridge.options import as_list, check_sectors
from tradebridge.reference.sectors import resolve_sector, sector_of_code

if TYPE_CHECKING:
    import ibis
    import numpy as np


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
        import ibis

        from tradebridge.analytics.dimensions import with_sector

        if self.needs_sector and "sector" not in t.columns:
            t = with_sector(t)
        if self.sectors:
            t = t.filter(t.sector.isin(list(self.sectors)))
        if self.exclude_sectors:
            t = t.filter(~t.sector.isin(list(self.exclude_sectors)))
        if self.products:
            t = t.filter(ibis.or_(*[t.product.startswith(p) for p in self.products]))
        return t

    def keeps(self, products: Iterable[str]) -> np.ndarray:
        """Whether each HS6 code is in scope (the test ``apply`` makes inside a query, on codes
        in memory: the sector by ``sectors.sector_of_code``, the prefixes by ``startswith``).

        A code with no sector (matching no rule) is out of any sector test, as ``NULL`` is in
        SQL.

        >>> ProductScope.of(exclude_sectors="energy").keeps(["270900", "080510"]).tolist()
        [False, True]
        >>> ProductScope.of(products=["0805", "09"]).keeps(["080510", "090111", "100190"]).tolist()
        [True, True, False]
        """
        import numpy as np

        codes = list(products)
        verdict = {code: self._keeps(code) for code in dict.fromkeys(codes)}
        return np.fromiter((verdict[c] for c in codes), dtype=bool, count=len(codes))

    def _keeps(self, code: str) -> bool:
        if self.needs_sector:
            sector = sector_of_code(code)
            if sector is None or (self.sectors and sector not in self.sectors):
                return False
            if sector in self.exclude_sectors:
                return False
        return not self.products or code.startswith(self.products)

    @property
    def everything(self) -> bool:
        """True when the scope keeps every product."""
        return not (self.sectors or self.exclude_sectors or self.products)

    def describe(self) -> dict[str, Any]:
        return {
            "sectors": list(self.sectors),
            "exclude_sectors": list(self.exclude_sectors),
            "products": list(self.products),
        }
