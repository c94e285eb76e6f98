"""Export potential commands: ``potential``, ``mutual``, ``brief``."""

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
    PartnerArg,
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
from tradebridge.options import help_of

AverageOpt = Annotated[int, typer.Option("--average", help=help_of(o.Average))]
MinEaseOpt = Annotated[str | None, typer.Option("--min-ease", help=help_of(o.MinEase))]
ProjectionsOpt = Annotated[Path | None, typer.Option(help=help_of(o.Projections))]
ElasticitiesOpt = Annotated[Path | None, typer.Option(help=help_of(o.Elasticities))]
TariffsOpt = Annotated[Path | None, typer.Option(help=help_of(o.Tariffs))]
PotentialDistancesOpt = Annotated[
    str | None, typer.Option("--distances", help=help_of(o.PotentialDistances))
]


@app.command()
def potential(
    country: CountryArg,
    year: YearOpt = None,
    partner: Annotated[str | None, typer.Option("--partner", help="Only this market")] = None,
    by: Annotated[o.PotentialBy, typer.Option(help="Breakdown")] = o.PotentialBy.product,
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
        partner=partner,
        by=by,
        average=average,
        sector=sector,
        exclude_sector=exclude_sector,
        products=products,
        min_ease=min_ease,
        projections=projections,
        elasticities=elasticities,
        tariffs=tariffs,
        distances=distances,
        top=top,
    )
    render(rows, fmt)


@app.command()
def mutual(
    country: CountryArg,
    partner: PartnerArg,
    year: YearOpt = None,
    by: Annotated[o.MutualBy, typer.Option(help="Breakdown")] = o.MutualBy.sector,
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
        sector=sector,
        exclude_sector=exclude_sector,
        products=products,
        min_ease=min_ease,
        projections=projections,
        elasticities=elasticities,
        tariffs=tariffs,
        distances=distances,
        top=top,
    )
    render(rows, fmt)


@app.command()
def brief(
    country: CountryArg,
    partner: PartnerArg,
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
        country, partner, out=out, year=year, top=top, language=language
    )
    err_console.print(f"wrote {path}", markup=False, highlight=False)
