"""Who trades a product: the world's exporters or importers of one HS6 code or HS4 heading.

For product (or heading) ``k`` in year ``t``: ``value_c = Σ_j x_{c j k t}`` for exporters
(``Σ_i x_{i c k t}`` for importers), ``share_c = value_c / Σ_c value_c``, ranked by value.
Unknown partner codes (``X…``) count in the world total but are not listed.
"""

from __future__ import annotations

import pandas as pd

from tradebridge.analytics.profiles import resolve_year
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput
from tradebridge.reference.countries import country_name, is_country
from tradebridge.results import with_meta


def product_trade(
    wh: Warehouse,
    product: str,
    *,
    year: int | None = None,
    flow: str = "exports",
    top: int | None = None,
    engine: str | None = None,
) -> pd.DataFrame:
    """Rows ``country, name, value_usd, share, rank`` of ``product``'s exporters (or importers).

    ``product`` is an HS6 code or an HS4 heading (digits only).
    """
    code = str(product).strip().replace(".", "")
    if not (code.isascii() and code.isdigit() and len(code) in (4, 6)):
        raise BadInput(f"not an HS4 or HS6 code: {product!r}", field="product")
    if flow not in ("exports", "imports"):
        raise BadInput(f"unknown flow {flow!r}; valid: exports, imports", field="flow")
    year = resolve_year(wh, year)
    side = "exporter" if flow == "exports" else "importer"
    t = wh.flows(engine)
    t = t.filter(t.year == year, t.product.startswith(code))
    sums = t.group_by(side).aggregate(value_usd=t.value.sum()).execute()
    sums = sums.rename(columns={side: "country"})
    world = float(sums["value_usd"].sum())
    rows = sums[sums["country"].map(is_country) & (sums["value_usd"] > 0)].copy()
    rows["name"] = rows["country"].map(country_name)
    rows["share"] = rows["value_usd"] / world if world > 0 else float("nan")
    rows = rows.sort_values(["value_usd", "country"], ascending=[False, True])
    rows["rank"] = range(1, len(rows) + 1)
    rows = rows[["country", "name", "value_usd", "share", "rank"]].reset_index(drop=True)
    if top:
        rows = rows.head(top)
    meta = {
        **wh.provenance([year]),
        "question": f"{flow} of {code} by country",
        "product": code,
        "year": year,
        "flow": flow,
        "world_usd": world,
        "top": top,
        "engine": engine,
    }
    return with_meta(rows, meta)
