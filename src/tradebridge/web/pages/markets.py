"""Where an exporter should go first: the ranked markets with each score component shown as a
bar (why this market), a map of untapped potential, filters by sector and partner group; each
market links to the pair page."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from starlette.requests import Request
from starlette.responses import Response

from tradebridge.i18n import current
from tradebridge.i18n import gettext as _
from tradebridge.results import json_safe, meta_of
from tradebridge.web.figures import METHODS, Column, Figure, api_csv, rows_of
from tradebridge.web.pages.common import ATLAS_URL, call, choices, provenance
from tradebridge.web.templating import page

router = APIRouter()
TOP = 20


@router.get("/markets/{country}")
@router.get("/markets/{country}.json")
async def markets_page(
    request: Request,
    country: str,
    year: int | None = None,
    sector: Annotated[list[str] | None, Query()] = None,
    exclude_sector: Annotated[list[str] | None, Query()] = None,
    group: str | None = None,
    sort: Literal["untapped", "score"] = "untapped",
) -> Response:
    from tradebridge.reports.charts import score_components
    from tradebridge.reports.maps import world_map

    lang = current()
    sector = [s for s in sector or [] if s] or None
    params = {"year": year, "sector": sector, "exclude_sector": exclude_sector, "group": group}
    ranked = await call(request, "markets", country=country, sort=sort, **params)
    meta = meta_of(ranked)
    iso3 = meta["exporter"]
    rows = ranked.assign(name=ranked["market"].map(lang.country))
    columns = [
        Column("rank", _("Rank")),
        Column("name", _("Market")),
        Column("untapped_usd", _("Untapped potential"), "money"),
        Column("potential_usd", _("Potential"), "money"),
        Column("exports_usd", _("Exports now"), "money"),
        Column("score", _("Score"), "number", 1),
        Column("demand_usd", _("Demand for the basket"), "money"),
        Column("demand_growth", _("Demand growth a year"), "share"),
        Column("market_share", _("Market share"), "share"),
        Column("trade_intensity", _("Trade intensity"), "number"),
        Column("complementarity", _("Complementarity"), "number", 1),
        Column("distance_km", _("Distance, km"), "number", 0),
    ]
    keep = {**params, "year": meta["year"], "sort": sort}
    pair = {"name": "/pair/" + iso3 + "/{market}"}
    figures = [
        Figure(
            "why",
            _("Why these markets: the points each component adds to the score"),
            METHODS["markets"],
            columns,
            rows_of(rows.head(TOP), columns, "market"),
            api_csv(f"/markets/{iso3}", top=TOP, **keep),
            spec=json_safe(score_components(rows, meta["weights"], top=TOP, language=lang.code)),
            links=pair,
        ),
        Figure(
            "untapped-map",
            _("Untapped export potential by market"),
            METHODS["potential"],
            columns,
            rows_of(rows, columns, "market"),
            api_csv(f"/markets/{iso3}", **keep),
            spec=json_safe(
                world_map(
                    rows, "untapped_usd", country="market", atlas_url=ATLAS_URL, language=lang.code
                )
            ),
            links=pair,
        ),
    ]
    context = {
        "title": _("Markets for %(country)s") % {"country": lang.country(iso3)},
        "country": iso3,
        "year": meta["year"],
        "sector": sector or [],
        "exclude_sector": exclude_sector or [],
        "group": group,
        "sort": sort,
        "weights": meta.get("weights", {}),
        "basket_usd": meta.get("basket_usd"),
        "figures": figures,
        **provenance(ranked),
        **choices(request),
    }
    return page(request, "markets.html", context)
