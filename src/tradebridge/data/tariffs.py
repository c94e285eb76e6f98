"""Optional bilateral tariffs for export potential (docs/methods.md#export-potential).

Tariffs CSV: ``importer,exporter,product,tariff_pct`` — the ad valorem tariff (in percent) that
``importer`` applies to ``exporter``'s HS6 ``product`` (e.g. from ITC Market Access Map or WITS
TRAINS). ``exporter`` may be ``*``: the importer's MFN rate for suppliers without a row of their
own. A (importer, exporter, product) with no row and no MFN row has tariff 0; a country's imports
from itself are never taxed. One row per key.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tradebridge.data.input_tables import (
    hs_column,
    iso3_column,
    number_column,
    read_table,
    reject_duplicates,
)

TARIFF_COLUMNS = ("importer", "exporter", "product", "tariff_pct")
ANY_EXPORTER = "*"


def load_tariffs(path: str | Path) -> pd.DataFrame:
    """Validated tariffs: ``importer, exporter, product, tariff`` (a fraction: 5 % → 0.05)."""
    raw = read_table(path, TARIFF_COLUMNS, "tariff table")
    table = pd.DataFrame(
        {
            "importer": iso3_column(raw, "importer", path),
            "exporter": iso3_column(raw, "exporter", path, wildcard=True),
            "product": hs_column(raw, "product", path),
        }
    )
    reject_duplicates(raw, table, path, "product")
    table["tariff"] = number_column(raw, "tariff_pct", path, low=0).to_numpy() / 100
    return table
