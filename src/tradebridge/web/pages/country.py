"""The country page: trade over time, by partner (map and ranked bars), by sector and product
(treemap), growth and concentration; selectors for year, flow, partner group and energy."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import pandas as pd
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
TOP = 15


def indicator_names() -> dict[tuple[str, str], str]:
    """Readable names of the concentration indicators, in the current language."""
    return {
        ("hhi", "markets"): _("Herfindahl-Hirschman index of markets"),
        ("hhi_normalised", "markets"): _("Normalised HHI of markets"),
        ("hirschman", "markets"): _("Hirschman index of markets"),
        ("entropy", "markets"): _("Entropy of markets"),
        ("hhi", "products"): _("Herfindahl-Hirschman index of products"),
        ("hhi_normalised", "products"): _("Normalised HHI of products"),
        ("hirschman", "products"): _("Hirschman index of products"),
        ("entropy", "products"): _("Entropy of products"),
        ("export_diversification", "world"): _("Export diversification (distance to the world)"),
        ("market_penetration", "products"): _("Market penetration"),
    }


@router.get("/country/{country}")
@router.get("/country/{country}.json")
async def country_page(
    request: Request,
    country: str,
    year: int | None = None,
    flow: Literal["exports", "imports"] = "exports",
    group: str | None = None,
    exclude_sector: Annotated[list[str] | None, Query()] = None,
) -> Response:

    lang = current()
    scope = {"exclude_sector": exclude_sector or None}
    by_partner = await call(
        request,
        "profile",
        country=country,
        year=year,
        by="partner",
        flow=flow,
        group=group,
        **scope,
    )
    meta = meta_of(by_partner)
    iso3, year = meta["country"], meta["year"]
    common = {"year": year, "flow": flow, **scope}
    by_product = await call(request, "profile", country=iso3, by="product", top=200, **common)
    by_sector = await call(request, "profile", country=iso3, by="sector", **common)
    trend = await call(request, "trend", country=iso3, **scope)
    concentration = await call(
        request, "indicators", country=iso3, year=year, exclude_sector=scope["exclude_sector"]
    )
    flow_text = _("Exports") if flow == "exports" else _("Imports")
    partner_rows = by_partner.assign(name=by_partner["partner"].map(lang.country))
    figures = [
        _trend_figure(trend, iso3, scope, lang),
        *_partner_figures(partner_rows, iso3, flow_text, group, common, lang),
        _composition_figure(by_sector, by_product, iso3, flow_text, common, lang),
        _concentration_figure(concentration, iso3, year, scope),
    ]
    context = {
        "title": lang.country(iso3),
        "country": iso3,
        "year": year,
        "flow": flow,
        "group": group,
        "exclude_sector": exclude_sector or [],
        "total_usd": meta.get("total_usd"),
        "total_cagr": meta.get("total_cagr"),
        "window": meta.get("window"),
        "base_year": meta.get("base_year"),
        "figures": figures,
        **provenance(by_partner),
        **choices(request),
    }
    return page(request, "country.html", context)


def _trend_figure(trend: pd.DataFrame, iso3: str, scope: dict[str, Any], lang: Any) -> Figure:
    from tradebridge.reports.charts import trade_over_time  # chart modules load when drawing

    spec = trade_over_time(
        trend, {"exports_usd": _("Exports"), "imports_usd": _("Imports")}, language=lang.code
    )
    return Figure(
        "trend",
        _("Exports and imports over the years"),
        METHODS["profiles"],
        [
            Column("year", _("Year")),
            Column("exports_usd", _("Exports"), "money"),
            Column("imports_usd", _("Imports"), "money"),
        ],
        rows_of(trend, [Column("year", ""), Column("exports_usd", ""), Column("imports_usd", "")]),
        api_csv(f"/trend/{iso3}", **scope),
        spec=json_safe(spec),
    )


def _partner_figures(
    rows: pd.DataFrame,
    iso3: str,
    flow_text: str,
    group: str | None,
    common: dict[str, Any],
    lang: Any,
) -> list[Figure]:
    """The partners on a world map and the largest of them as bars."""
    from tradebridge.reports.charts import ranked_bars
    from tradebridge.reports.maps import world_map

    columns = [
        Column("partner", _("Code")),
        Column("name", _("Partner")),
        Column("value_usd", flow_text, "money"),
        Column("share", _("Share"), "share"),
        Column("cagr", _("Growth a year (CAGR)"), "share"),
    ]
    links = {"name": "/pair/" + iso3 + "/{partner}"}
    return [
        Figure(
            "partners-map",
            _("%(flow)s by partner, %(year)s") % {"flow": flow_text, "year": common["year"]},
            METHODS["profiles"],
            columns,
            rows_of(rows, columns),
            api_csv(f"/profile/{iso3}", by="partner", group=group, **common),
            spec=json_safe(world_map(rows, "value_usd", atlas_url=ATLAS_URL, language=lang.code)),
            links=links,
        ),
        Figure(
            "partners-bars",
            _("Largest partners"),
            METHODS["profiles"],
            columns,
            rows_of(rows.head(TOP), columns),
            api_csv(f"/profile/{iso3}", by="partner", group=group, top=TOP, **common),
            spec=json_safe(ranked_bars(rows, "value_usd", "name", top=TOP, language=lang.code)),
            links=links,
        ),
    ]


def _composition_figure(
    by_sector: pd.DataFrame,
    by_product: pd.DataFrame,
    iso3: str,
    flow_text: str,
    common: dict[str, Any],
    lang: Any,
) -> Figure:
    """Sectors and their products as a treemap; the table lists the sectors."""
    from tradebridge.reports.treemap import composition_treemap

    rows = by_sector.assign(name=by_sector["sector"].map(lang.sector))
    columns = [
        Column("name", _("Sector")),
        Column("value_usd", flow_text, "money"),
        Column("share", _("Share"), "share"),
        Column("cagr", _("Growth a year (CAGR)"), "share"),
    ]
    return Figure(
        "products-treemap",
        _("%(flow)s by sector and product") % {"flow": flow_text},
        METHODS["profiles"],
        columns,
        rows_of(rows, columns),
        api_csv(f"/profile/{iso3}", by="sector", **common),
        spec=json_safe(
            composition_treemap(by_product, group="sector", leaf="product", language=lang.code)
        ),
    )


def _concentration_figure(
    concentration: pd.DataFrame, iso3: str, year: int, scope: dict[str, Any]
) -> Figure:
    names = indicator_names()
    concentration = concentration.assign(
        name=[
            names.get((i, s), i)
            for i, s in zip(concentration["indicator"], concentration["scope"], strict=True)
        ]
    )
    return Figure(
        "concentration",
        _("Concentration and diversification"),
        METHODS["indicators"],
        [Column("name", _("Indicator")), Column("value", _("Value"), "number", 3)],
        rows_of(concentration, [Column("name", ""), Column("value", "")]),
        api_csv(f"/indicators/{iso3}", year=year, **scope),
    )
