"""Optional demand- and supply-side projections for export potential
(docs/methods.md#export-potential).

Projections CSV, one row per country: ``iso3,gdp_growth_pct,population_growth_pct`` — the
projected cumulative growth in percent over the projection horizon (e.g. IMF WEO GDP in constant
prices and UN WPP population, five years ahead). They become ratios ``g = 1 + gdp/100`` and
``p = 1 + population/100``; countries without a row keep the neutral ratio 1.

Elasticities CSV: ``product,elasticity`` — the income elasticity of import demand for an HS
chapter (2 digits), heading (4) or subheading (6); the longest matching code wins and products
without a match keep the neutral elasticity 1.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from tradebridge.data.input_tables import (
    hs_column,
    iso3_column,
    number_column,
    read_table,
    reject_duplicates,
)

PROJECTION_COLUMNS = ("iso3", "gdp_growth_pct", "population_growth_pct")
ELASTICITY_COLUMNS = ("product", "elasticity")


def load_projections(path: str | Path) -> pd.DataFrame:
    """Validated projections indexed by ISO3 with ratio columns ``gdp`` and ``population``."""
    raw = read_table(path, PROJECTION_COLUMNS, "projections table")
    iso3 = iso3_column(raw, "iso3", path)
    reject_duplicates(raw, iso3.to_frame(), path, "iso3")
    gdp = number_column(raw, "gdp_growth_pct", path, low=-100, low_inclusive=False)
    pop = number_column(raw, "population_growth_pct", path, low=-100, low_inclusive=False)
    return pd.DataFrame(
        {"gdp": 1 + gdp.to_numpy() / 100, "population": 1 + pop.to_numpy() / 100},
        index=pd.Index(iso3.to_numpy(), name="iso3"),
    )


def load_elasticities(path: str | Path) -> pd.Series:
    """Validated income elasticities indexed by HS code (2, 4 or 6 digits)."""
    raw = read_table(path, ELASTICITY_COLUMNS, "elasticities table")
    codes = hs_column(raw, "product", path, lengths=(2, 4, 6))
    reject_duplicates(raw, codes.to_frame(), path, "product")
    values = number_column(raw, "elasticity", path, low=-np.inf)
    return pd.Series(
        values.to_numpy(), index=pd.Index(codes.to_numpy(), name="product"), name="elasticity"
    )


def elasticity_of(products: pd.Series | np.ndarray, table: pd.Series | None) -> np.ndarray:
    """ε_k for each HS6 code: the longest matching code of ``table``, else 1."""
    codes = pd.Series(np.asarray(products, dtype=object)).astype(str)
    out = pd.Series(np.nan, index=codes.index)
    if table is not None:
        for length in (6, 4, 2):
            part = table[table.index.str.len() == length]
            out = out.fillna(codes.str[:length].map(part))
    return out.fillna(1.0).to_numpy(dtype=float)
