"""The product page (HS6 or HS4): the world's top exporters and importers, the selected
country's position among them, its RCA and the product's PCI."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from tradebridge.i18n import current
from tradebridge.i18n import gettext as _
from tradebridge.reference.countries import resolve_country
from tradebridge.results import json_safe, meta_of
from tradebridge.web.figures import METHODS, Column, Figure, api_csv, rows_of
from tradebridge.web.pages.common import call, choices, provenance, state_of
from tradebridge.web.templating import page

router = APIRouter()
TOP = 15


def _position(rows: pd.DataFrame, country: str) -> dict[str, object]:
    mine = rows[rows["country"] == country]
    if mine.empty:
        return {"rank": None, "share": None, "value_usd": None, "of": len(rows)}
    first = mine.iloc[0]
    return {
        "rank": int(first["rank"]),
        "share": float(first["share"]),
        "value_usd": float(first["value_usd"]),
        "of": len(rows),
    }


def _description(code: str) -> str | None:
    from tradebridge.reference import hs

    table = hs.products()
    if len(code) == 6:
        found = table.loc[table["product"] == code, "description"]
    else:
        found = table.loc[table["hs4"] == code, "hs4_description"]
    return str(found.iloc[0]) if not found.empty else None


@router.get("/product")
async def product_index(request: Request, code: str | None = None) -> Response:
    """A form asking for an HS code; with ``?code=`` it sends the reader to that product."""
    if code and code.strip().isdigit():
        query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "code"])
        return RedirectResponse(f"/product/{code.strip()}" + (f"?{query}" if query else ""), 303)
    return page(request, "product_index.html", {"title": _("Products")})


@router.get("/product/{product}")
@router.get("/product/{product}.json")
async def product_page(
    request: Request, product: str, country: str | None = None, year: int | None = None
) -> Response:
    from tradebridge.reports.charts import ranked_bars

    lang = current()
    country = country or state_of(request).settings.country
    exporters = await call(request, "product_trade", product=product, year=year, flow="exports")
    meta = meta_of(exporters)
    code, year = meta["product"], meta["year"]
    importers = await call(request, "product_trade", product=code, year=year, flow="imports")
    iso3 = resolve_country(country)
    level = "hs6" if len(code) == 6 else "hs4"
    complexity = await call(request, "complexity", years=str(year), level=level)
    here = complexity[complexity["product"] == code]
    pci = float(here["pci"].iloc[0]) if not here.empty else None
    mine = here[here["location"] == iso3]
    rca = float(mine["rca"].iloc[0]) if not mine.empty else None
    figures = []
    for flow, rows, label in (
        ("exports", exporters, _("Top exporters, %(year)s") % {"year": year}),
        ("imports", importers, _("Top importers, %(year)s") % {"year": year}),
    ):
        named = rows.assign(name=rows["country"].map(lang.country))
        columns = [
            Column("rank", _("Rank")),
            Column("name", _("Country")),
            Column("value_usd", _("Exports") if flow == "exports" else _("Imports"), "money"),
            Column("share", _("World share"), "share"),
        ]
        figures.append(
            Figure(
                f"top-{flow}",
                label,
                METHODS["profiles"],
                columns,
                rows_of(named.head(TOP), columns, "country"),
                api_csv(f"/product-trade/{code}", year=year, flow=flow),
                spec=json_safe(
                    ranked_bars(named, "value_usd", "name", top=TOP, language=lang.code)
                ),
                links={"name": "/country/{country}"},
            )
        )
    context = {
        "title": _("Product %(code)s") % {"code": code},
        "product": code,
        "description": _description(code),
        "country": iso3,
        "year": year,
        "world_exports_usd": meta.get("world_usd"),
        "exporter_position": _position(exporters, iso3),
        "importer_position": _position(importers, iso3),
        "rca": rca,
        "pci": pci,
        "figures": figures,
        **provenance(exporters),
        **choices(request),
    }
    return page(request, "product.html", context)
