"""Trade analytics commands: ``profile``, ``bilateral``, ``indicators``, ``rca``, ``markets``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tradebridge import options as o
from tradebridge.cli.app import (
    CountryArg,
    EngineOpt,
    ExcludeSectorOpt,
    Format,
    FormatOpt,
    GroupOpt,
    PartnerArg,
    ProductsOpt,
    SectorOpt,
    TopOpt,
    WarehouseOpt,
    WindowOpt,
    YearOpt,
    app,
    workspace_for,
)
from tradebridge.cli.render import render
from tradebridge.options import help_of

PartnerOpt = Annotated[str | None, typer.Option("--partner", help=help_of(o.PartnerFilter))]


@app.command()
def profile(
    country: CountryArg,
    year: YearOpt = None,
    by: Annotated[o.ProfileBy, typer.Option(help="Breakdown")] = o.ProfileBy.partner,
    flow: Annotated[o.Flow, typer.Option(help="exports or imports")] = o.Flow.exports,
    window: WindowOpt = 5,
    sector: SectorOpt = None,
    exclude_sector: ExcludeSectorOpt = None,
    products: ProductsOpt = None,
    partner: PartnerOpt = None,
    group: GroupOpt = None,
    top: TopOpt = None,
    warehouse: WarehouseOpt = None,
    engine: EngineOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Where a country's exports go (or imports come from) and what they are."""
    rows = workspace_for(warehouse, engine).profile(
        country,
        year=year,
        by=by,
        flow=flow,
        window=window,
        sector=sector,
        exclude_sector=exclude_sector,
        products=products,
        partner=partner,
        group=group,
        top=top,
    )
    render(rows, fmt)


@app.command()
def bilateral(
    country: CountryArg,
    partner: PartnerArg,
    year: YearOpt = None,
    by: Annotated[o.BilateralBy, typer.Option(help="Breakdown")] = o.BilateralBy.sector,
    window: WindowOpt = 5,
    sector: SectorOpt = None,
    exclude_sector: ExcludeSectorOpt = None,
    products: ProductsOpt = None,
    top: TopOpt = None,
    warehouse: WarehouseOpt = None,
    engine: EngineOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Trade between two countries in both directions: balance, Grubel-Lloyd, trend."""
    rows = workspace_for(warehouse, engine).bilateral(
        country,
        partner,
        year=year,
        by=by,
        window=window,
        sector=sector,
        exclude_sector=exclude_sector,
        products=products,
        top=top,
    )
    render(rows, fmt)


@app.command()
def indicators(
    country: CountryArg,
    partner: Annotated[
        str | None, typer.Option("--partner", help="Partner for pair indicators")
    ] = None,
    year: YearOpt = None,
    sector: SectorOpt = None,
    exclude_sector: ExcludeSectorOpt = None,
    products: ProductsOpt = None,
    warehouse: WarehouseOpt = None,
    engine: EngineOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Concentration, diversification and complementarity indicators (WITS definitions)."""
    rows = workspace_for(warehouse, engine).indicators(
        country,
        partner=partner,
        year=year,
        sector=sector,
        exclude_sector=exclude_sector,
        products=products,
    )
    render(rows, fmt)


@app.command()
def rca(
    country: CountryArg,
    year: YearOpt = None,
    partner: Annotated[
        str | None, typer.Option("--partner", help="Add export specialisation vs this market")
    ] = None,
    sector: SectorOpt = None,
    exclude_sector: ExcludeSectorOpt = None,
    products: ProductsOpt = None,
    top: TopOpt = None,
    warehouse: WarehouseOpt = None,
    engine: EngineOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Revealed comparative advantage (Balassa) of a country's exported products."""
    rows = workspace_for(warehouse, engine).rca(
        country,
        year=year,
        partner=partner,
        sector=sector,
        exclude_sector=exclude_sector,
        products=products,
        top=top,
    )
    render(rows, fmt)


@app.command()
def markets(
    country: CountryArg,
    year: YearOpt = None,
    window: WindowOpt = 5,
    sector: SectorOpt = None,
    exclude_sector: ExcludeSectorOpt = None,
    products: ProductsOpt = None,
    group: GroupOpt = None,
    weights: Annotated[
        str | None, typer.Option(help="Component weights, e.g. demand=0.4,distance=0.2")
    ] = None,
    distances: Annotated[
        Path | None, typer.Option(help="Distance table CSV iso3_o,iso3_d,km (CEPII accepted)")
    ] = None,
    average: Annotated[int, typer.Option(help="Years averaged for export potential")] = 3,
    sort: Annotated[
        o.MarketSort, typer.Option(help="Order: untapped (potential) or score")
    ] = o.MarketSort.untapped,
    top: TopOpt = None,
    warehouse: WarehouseOpt = None,
    engine: EngineOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Rank destination markets for a country's exports, with every component shown."""
    rows = workspace_for(warehouse, engine).markets(
        country,
        year=year,
        window=window,
        sector=sector,
        exclude_sector=exclude_sector,
        products=products,
        group=group,
        weights=weights,
        distances=distances,
        average=average,
        sort=sort,
        top=top,
    )
    if fmt is Format.table:
        rows = rows[[c for c in rows.columns if not c.startswith("pct_")]]
    render(rows, fmt)
