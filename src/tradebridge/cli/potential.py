"""Export potential commands: ``potential``, ``mutual``, ``brief``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tradebridge.cli.app import (
    CountryArg,
    EngineOpt,
    ExcludeSectorOpt,
    Format,
    FormatOpt,
    ProductsOpt,
    SectorOpt,
    TopOpt,
    WarehouseOpt,
    YearOpt,
    app,
    err_console,
    workspace_for,
)
from tradebridge.cli.render import render

AverageOpt = Annotated[
    int, typer.Option("--average", help="Average the last N years held (1: no smoothing)")
]
MinEaseOpt = Annotated[
    str | None,
    typer.Option("--min-ease", help="Ease floor for pairs without trade: a number or 'median'"),
]
ProjectionsOpt = Annotated[
    Path | None,
    typer.Option(help="CSV iso3,gdp_growth_pct,population_growth_pct (growth projections)"),
]
ElasticitiesOpt = Annotated[
    Path | None, typer.Option(help="CSV product,elasticity (income elasticities by HS code)")
]
TariffsOpt = Annotated[
    Path | None, typer.Option(help="CSV importer,exporter,product,tariff_pct (exporter * = MFN)")
]
PotentialDistancesOpt = Annotated[
    str | None,
    typer.Option("--distances", help="CSV iso3_o,iso3_d,km (CEPII accepted), or 'capitals'"),
]


@app.command()
def potential(
    country: CountryArg,
    year: YearOpt = None,
    market: Annotated[str | None, typer.Option(help="Only this market")] = None,
    by: Annotated[str, typer.Option(help="product|hs4|sector|market")] = "product",
    average: AverageOpt = 3,
    sector: SectorOpt = None,
    exclude_sector: ExcludeSectorOpt = None,
    products: ProductsOpt = None,
    min_ease: MinEaseOpt = None,
    projections: ProjectionsOpt = None,
    elasticities: ElasticitiesOpt = None,
    tariffs: TariffsOpt = None,
    distances: PotentialDistancesOpt = None,
    top: TopOpt = None,
    warehouse: WarehouseOpt = None,
    engine: EngineOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Export potential, actual exports and untapped potential per market and product."""
    rows = workspace_for(warehouse, engine).potential(
        country,
        year=year,
        market=market,
        by=by,
        average=average,
        sectors=sector,
        exclude_sectors=exclude_sector,
        products=products,
        min_ease=min_ease,
        projections=projections,
        elasticities=elasticities,
        tariffs=tariffs,
        distances=distances,
        top=top,
    )
    render(rows, fmt, title=rows.attrs["meta"]["question"])


@app.command()
def mutual(
    country: CountryArg,
    partner: Annotated[str, typer.Argument(help="Partner country")],
    year: YearOpt = None,
    by: Annotated[str, typer.Option(help="sector|hs4|product")] = "sector",
    average: AverageOpt = 3,
    sector: SectorOpt = None,
    exclude_sector: ExcludeSectorOpt = None,
    products: ProductsOpt = None,
    min_ease: MinEaseOpt = None,
    projections: ProjectionsOpt = None,
    elasticities: ElasticitiesOpt = None,
    tariffs: TariffsOpt = None,
    distances: PotentialDistancesOpt = None,
    top: TopOpt = None,
    warehouse: WarehouseOpt = None,
    engine: EngineOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Mutually beneficial areas: untapped potential both ways between two countries."""
    rows = workspace_for(warehouse, engine).mutual(
        country,
        partner,
        year=year,
        by=by,
        average=average,
        sectors=sector,
        exclude_sectors=exclude_sector,
        products=products,
        min_ease=min_ease,
        projections=projections,
        elasticities=elasticities,
        tariffs=tariffs,
        distances=distances,
        top=top,
    )
    render(rows, fmt, title=rows.attrs["meta"]["question"])


@app.command()
def brief(
    country: CountryArg,
    partner: Annotated[str, typer.Argument(help="Partner country")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="File to write: .html, or .pdf for an A4 PDF")
    ] = Path("brief.html"),
    year: YearOpt = None,
    top: Annotated[int, typer.Option("--top", "-n", help="Rows per table")] = 10,
    language: Annotated[
        str, typer.Option("--language", "-l", help="Language of the brief: az, ru or en")
    ] = "en",
    warehouse: WarehouseOpt = None,
    engine: EngineOpt = None,
) -> None:
    """Write a self-contained market brief for two countries (HTML, or PDF by the suffix)."""
    path = workspace_for(warehouse, engine).brief(
        country, partner, out, year=year, top=top, language=language
    )
    err_console.print(f"wrote {path}", markup=False, highlight=False)
