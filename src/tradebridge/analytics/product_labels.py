"""Names and sectors of product codes at any HS level (HS2, HS4 or HS6), from ``reference/``."""

from __future__ import annotations

import pandas as pd

from tradebridge.errors import BadInput
from tradebridge.reference.hs import name_of
from tradebridge.reference.sectors import sector_map


def product_sectors(products: pd.Series) -> pd.Series:
    """Sector of each code; HS2/HS4 codes take the sector of their first HS6 code (``0101`` ->
    ``010100``), which the taxonomy's chapter and heading rules decide."""
    padded = products.astype(str).str.ljust(6, "0")
    return pd.Series(sector_map(padded)["sector"].to_numpy(), index=products.index)


def product_names(products: pd.Series) -> pd.Series:
    """The HS description of each code (null for a code the nomenclature does not know)."""

    def name(code: str) -> str | None:
        try:
            return name_of(code)
        except BadInput:
            return None

    return products.astype(str).map(name)
