"""The complexity page: the economic complexity (ECI) ranking and the diversification
opportunities of a country, with the strategy and sector filters."""

from __future__ import annotations

from typing import Any, Literal

import pandas as pd
from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from tradebridge.analytics.product_space_layout import product_space_layout
from tradebridge.i18n import current
from tradebridge.i18n import gettext as _
from tradebridge.reference.countries import resolve_country
from tradebridge.results import json_safe, meta_of
from tradebridge.web.figures import METHODS, Column, Figure, api_csv, rows_of
from tradebridge.web.pages.common import call, choices, provenance, state_of
from tradebridge.web.templating import page

router = APIRouter()
TOP = 30
SPACE_ROWS = 200


@router.get("/complexity")
@router.get("/complexity.json")
async def complexity_page(
    request: Request,
    country: str | None = None,
    year: int | None = None,
    strategy: Literal["balanced", "low-hanging", "long-jumps"] = "balanced",
    sector: str | None = None,
) -> Response:
    lang = current()
    iso3 = resolve_country(country or state_of(request).settings.country)
    sector = sector or None
    options = await call(
        request,
        "diversify",
        country=iso3,
        year=year,
        strategy=strategy,
        sector=[sector] if sector else None,
    )
    year = meta_of(options).get("year") or year
    table = await call(request, "complexity", years=str(year) if year else None)
    latest = table[table["year"] == table["year"].max()]
    year = int(latest["year"].iloc[0]) if not latest.empty else year
    ranking = _eci_ranking(latest, lang)
    mine = ranking[ranking["location"] == iso3]
    space = await call(request, "product_space", year=year)
    positions = await run_in_threadpool(
        state_of(request).kept,
        "product_space_layout",
        {"year": year},
        lambda: product_space_layout(space),
    )
    present = latest.loc[(latest["location"] == iso3) & (latest["mcp"] == 1), "product"]
    figures = [
        _eci_figure(ranking, year, lang),
        _space_figure(space, positions, present, iso3, year, lang),
        _options_figure(options, iso3, year, strategy, sector, lang),
    ]
    context = {
        "title": _("Economic complexity"),
        "country": iso3,
        "year": year,
        "strategy": strategy,
        "sector": sector,
        "eci": float(mine["eci"].iloc[0]) if not mine.empty else None,
        "eci_rank": int(mine["rank"].iloc[0]) if not mine.empty else None,
        "ranked": len(ranking),
        "figures": figures,
        **provenance(options),
        **choices(request),
    }
    return page(request, "complexity.html", context)


def _eci_ranking(latest: pd.DataFrame, lang: Any) -> pd.DataFrame:
    """Countries by ECI in the latest year: location, eci, rank, name."""
    ranking = (
        latest[["location", "eci"]]
        .drop_duplicates("location")
        .dropna(subset=["eci"])
        .sort_values("eci", ascending=False)
        .reset_index(drop=True)
    )
    ranking["rank"] = range(1, len(ranking) + 1)
    ranking["name"] = ranking["location"].map(lang.country)
    return ranking


def _eci_figure(ranking: pd.DataFrame, year: int | None, lang: Any) -> Figure:
    from tradebridge.reports.charts import ranked_bars  # chart modules load when drawing

    columns = [
        Column("rank", _("Rank")),
        Column("name", _("Country")),
        Column("eci", _("Economic complexity index (ECI)"), "number", 2),
    ]
    spec = ranked_bars(
        ranking, "eci", "name", top=TOP, language=lang.code, labels={"usd": _("ECI")}
    )
    return Figure(
        "eci",
        _("Economic complexity ranking, %(year)s") % {"year": year},
        METHODS["complexity"],
        columns,
        rows_of(ranking, columns, "location"),
        api_csv("/complexity", years=str(year)),
        spec=json_safe(spec),
        links={"name": "/country/{location}"},
    )


def _space_figure(
    space: Any,
    positions: pd.DataFrame,
    present: pd.Series,
    iso3: str,
    year: int | None,
    lang: Any,
) -> Figure:
    """The product space graph at its server-side layout; its table lists the most linked
    products, the country's (RCA >= 1) first."""
    from tradebridge.reports.product_space_graph import product_space_graph

    nodes = space.nodes.assign(present=space.nodes["product"].isin(set(present)))
    nodes = nodes.sort_values(["present", "degree"], ascending=False).head(SPACE_ROWS)
    columns = [
        Column("product", _("HS code")),
        Column("name", _("Product (HS description)")),
        Column("sector", _("Sector"), "sector"),
        Column("pci", _("PCI"), "number", 2),
        Column("degree", _("Links"), "number", 0),
        Column("present", _("Exported with RCA ≥ 1"), "mark"),
    ]
    return Figure(
        "product-space",
        _(
            "The product space, %(year)s: outlined dots are products %(country)s exports "
            "with RCA ≥ 1"
        )
        % {"year": year, "country": lang.country(iso3)},
        METHODS["product_space"],
        columns,
        rows_of(nodes, columns),
        api_csv("/product-space", year=year),
        spec=json_safe(
            product_space_graph(
                space.nodes, space.edges, positions, present=present, language=lang.code
            )
        ),
        note=_(
            "The table lists the products with the most links first, those the country "
            "already exports on top; the CSV holds every product."
        ),
        links={"product": "/product/{product}?country=" + iso3},
    )


def _options_figure(
    options: pd.DataFrame,
    iso3: str,
    year: int | None,
    strategy: str,
    sector: str | None,
    lang: Any,
) -> Figure:
    """What the country could export next (``diversify``)."""
    columns = [
        Column("rank", _("Rank")),
        Column("product", _("HS code")),
        Column("name", _("Product (HS description)")),
        Column("sector", _("Sector"), "sector"),
        Column("score", _("Score"), "number", 2),
        Column("distance", _("Distance"), "number", 2),
        Column("pci", _("PCI"), "number", 2),
        Column("cog", _("Opportunity gain (COG)"), "number", 2),
        Column("world_trade", _("World trade"), "money"),
    ]
    return Figure(
        "diversify",
        _("What %(country)s could export next") % {"country": lang.country(iso3)},
        METHODS["diversification"],
        columns,
        rows_of(options, columns),
        api_csv(f"/diversify/{iso3}", year=year, strategy=strategy, sector=sector),
        links={"product": "/product/{product}?country=" + iso3},
    )
