"""The pair page (A and B): trade both ways over time, complementarity and intensity, mutual
opportunities by sector and by product in both directions, the top untapped products each way,
and the brief of the pair to download as HTML or PDF."""

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
from tradebridge.web.pages.common import call, choices, provenance
from tradebridge.web.templating import page, request_language

router = APIRouter()
TOP = 10
BRIEF_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"


def _potential_figure(rows: pd.DataFrame, exporter: str, market: str, fid: str) -> Figure:
    lang = current()
    columns = [
        Column("product", _("HS code")),
        Column("name", _("Product (HS description)")),
        Column("untapped_usd", _("Untapped potential"), "money"),
        Column("potential_usd", _("Potential"), "money"),
        Column("actual_usd", _("Exports now"), "money"),
    ]
    label = _("Top untapped products, %(a)s → %(b)s") % {
        "a": lang.country(exporter),
        "b": lang.country(market),
    }
    return Figure(
        fid,
        label,
        METHODS["potential"],
        columns,
        rows_of(rows, columns),
        api_csv(f"/potential/{exporter}", partner=market, by="product", top=TOP),
        links={"product": "/product/{product}?country=" + exporter},
    )


@router.get("/pair/{country}/{partner}")
@router.get("/pair/{country}/{partner}.json")
async def pair_page(
    request: Request,
    country: str,
    partner: str,
    year: int | None = None,
    exclude_sector: Annotated[list[str] | None, Query()] = None,
) -> Response:

    lang = current()
    scope = {"year": year, "exclude_sector": exclude_sector or None}
    mutual = await call(request, "mutual", country=country, partner=partner, by="sector", **scope)
    meta = meta_of(mutual)
    a, b = meta["country"], meta["partner"]
    common = {**scope, "year": meta["year"]}
    by_product = await call(request, "mutual", country=a, partner=b, by="product", top=20, **common)
    bilateral = await call(request, "bilateral", country=a, partner=b, **common)
    a_to_b = await call(request, "potential", country=a, partner=b, by="product", top=TOP, **common)
    b_to_a = await call(request, "potential", country=b, partner=a, by="product", top=TOP, **common)
    arrow_ab = f"{lang.country(a)} → {lang.country(b)}"
    arrow_ba = f"{lang.country(b)} → {lang.country(a)}"
    trend = pd.DataFrame(meta_of(bilateral).get("trend", []))
    figures = [
        _trend_figure(trend, a, b, arrow_ab, arrow_ba, common, lang),
        *_mutual_figures(mutual, by_product, a, b, arrow_ab, arrow_ba, common, lang),
        _potential_figure(a_to_b, a, b, "untapped-ab"),
        _potential_figure(b_to_a, b, a, "untapped-ba"),
    ]
    context = {
        "title": f"{lang.country(a)} – {lang.country(b)}",
        "country": a,
        "partner": b,
        "year": meta["year"],
        "exclude_sector": exclude_sector or [],
        "indicators": {k: meta.get(k) for k in ("tc_ab", "tc_ba", "ti_ab", "ti_ba")},
        "arrow_ab": arrow_ab,
        "arrow_ba": arrow_ba,
        "figures": figures,
        **provenance(mutual),
        **choices(request),
    }
    return page(request, "pair.html", context)


def _trend_figure(
    trend: pd.DataFrame,
    a: str,
    b: str,
    arrow_ab: str,
    arrow_ba: str,
    common: dict[str, Any],
    lang: Any,
) -> Figure:
    """Trade both ways over the years (no chart when there is none)."""
    from tradebridge.reports.charts import trade_over_time  # chart modules load when drawing

    columns = [
        Column("year", _("Year")),
        Column("exports_usd", arrow_ab, "money"),
        Column("imports_usd", arrow_ba, "money"),
    ]
    labels = {"exports_usd": arrow_ab, "imports_usd": arrow_ba}
    return Figure(
        "pair-trend",
        _("Trade both ways over the years"),
        METHODS["profiles"],
        columns,
        rows_of(trend, columns) if not trend.empty else [],
        api_csv(f"/bilateral/{a}/{b}", **common),
        spec=json_safe(trade_over_time(trend, labels, language=lang.code))
        if not trend.empty
        else None,
    )


def _mutual_figures(
    mutual: pd.DataFrame,
    by_product: pd.DataFrame,
    a: str,
    b: str,
    arrow_ab: str,
    arrow_ba: str,
    common: dict[str, Any],
    lang: Any,
) -> list[Figure]:
    """The mutually beneficial sectors (bars both ways) and products."""
    from tradebridge.reports.charts import both_ways_bars

    sectors = mutual.assign(name=mutual["sector"].map(lang.sector))
    directions = {"ab_untapped_usd": arrow_ab, "ba_untapped_usd": arrow_ba}
    columns = [
        Column("name", _("Sector")),
        Column("ab_untapped_usd", _("Untapped, %(way)s") % {"way": arrow_ab}, "money"),
        Column("ba_untapped_usd", _("Untapped, %(way)s") % {"way": arrow_ba}, "money"),
        Column("ab_actual_usd", _("Trade now, %(way)s") % {"way": arrow_ab}, "money"),
        Column("ba_actual_usd", _("Trade now, %(way)s") % {"way": arrow_ba}, "money"),
        Column("mutual_score", _("Mutual score"), "number", 2),
    ]
    product_columns = [Column("product", _("HS code")), *columns[1:]]
    return [
        Figure(
            "mutual-sectors",
            _("Mutually beneficial sectors, both ways (untapped potential)"),
            METHODS["mutual"],
            columns,
            rows_of(sectors, columns),
            api_csv(f"/mutual/{a}/{b}", by="sector", **common),
            spec=json_safe(
                both_ways_bars(sectors, "name", directions, top=TOP, language=lang.code)
            ),
        ),
        Figure(
            "mutual-products",
            _("Mutual opportunities by product"),
            METHODS["mutual"],
            product_columns,
            rows_of(by_product, product_columns),
            api_csv(f"/mutual/{a}/{b}", by="product", top=20, **common),
            links={"product": "/product/{product}?country=" + a},
        ),
    ]


@router.get("/pair/{country}/{partner}/brief.{fmt}")
async def pair_brief(
    request: Request,
    country: str,
    partner: str,
    fmt: Literal["html", "pdf"],
    year: int | None = None,
) -> Response:
    """The brief of the pair in the page's language, as a download (made once per warehouse
    content, pair, year and language: ``web.briefs``)."""
    language = request_language(request)
    body = await request.app.state.briefs.get(country, partner, fmt, language, year)
    name = f"brief-{country.upper()}-{partner.upper()}-{language}.{fmt}"
    media = "application/pdf" if fmt == "pdf" else "text/html; charset=utf-8"
    headers = {
        "Content-Disposition": f'attachment; filename="{name}"',
        "Content-Security-Policy": BRIEF_CSP,
    }
    return Response(body, media_type=media, headers=headers)
