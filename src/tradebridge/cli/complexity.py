"""Economic complexity commands: ``complexity``, ``diversify``, ``product-space``."""

from __future__ import annotations

import sys
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
    SectorOpt,
    TopOpt,
    WarehouseOpt,
    YearOpt,
    YearsOpt,
    app,
    err_console,
    workspace_for,
)
from tradebridge.cli.render import confirm_written, render
from tradebridge.options import help_of

LevelOpt = Annotated[o.Level, typer.Option(help=help_of(o.LevelParam))]
RcaThresholdOpt = Annotated[float, typer.Option(help=help_of(o.RcaThreshold))]
NormalizationOpt = Annotated[o.Normalization, typer.Option(help=help_of(o.NormalizationParam))]


@app.command("complexity")
def complexity_cmd(
    year: YearOpt = None,
    years: YearsOpt = None,
    level: LevelOpt = o.Level.hs6,
    rca_threshold: RcaThresholdOpt = 1.0,
    presence: Annotated[o.Presence, typer.Option(help="Presence test")] = o.Presence.rca,
    population: Annotated[
        Path | None, typer.Option(help="CSV year,location,population (for rpop/both)")
    ] = None,
    proximity: Annotated[
        o.ProximityKind, typer.Option(help="Proximity")
    ] = o.ProximityKind.symmetric,
    knn: Annotated[int | None, typer.Option(help="Density over the K nearest products")] = None,
    normalization: NormalizationOpt = o.Normalization.stata,
    out: Annotated[
        Path | None,
        typer.Option(help="Write every (year, location, product) row here (.parquet/.csv)"),
    ] = None,
    warehouse: WarehouseOpt = None,
    engine: EngineOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """ECI, PCI, density, COI and COG; prints one row per location, --out writes every row."""
    from rich.progress import Progress

    from tradebridge.analytics.complexity import location_summary

    with Progress(console=err_console, transient=True) as progress:
        task = progress.add_task("complexity", total=None)
        rows = workspace_for(warehouse, engine).complexity(
            year=year,
            years=years,
            level=level,
            rca_threshold=rca_threshold,
            presence=presence,
            population=population,
            proximity=proximity,
            knn=knn,
            normalization=normalization,
            out=out,
            on_year=lambda y: progress.update(task, advance=1, description=f"complexity {y}"),
        )
    if out is not None and fmt is Format.table:  # the file is the result: confirm it
        confirm_written(out, f"{len(rows):,} (year, location, product) rows", rows.attrs["meta"])
        return
    render(location_summary(rows), fmt)


@app.command()
def diversify(
    country: CountryArg,
    year: YearOpt = None,
    strategy: Annotated[
        o.Strategy, typer.Option(help="Weights on distance, PCI, COG")
    ] = o.Strategy.balanced,
    sector: SectorOpt = None,
    exclude_sector: ExcludeSectorOpt = None,
    top: TopOpt = 50,
    level: LevelOpt = o.Level.hs6,
    rca_threshold: RcaThresholdOpt = 1.0,
    normalization: NormalizationOpt = o.Normalization.stata,
    warehouse: WarehouseOpt = None,
    engine: EngineOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Products COUNTRY could export next, ranked like the Atlas's growth opportunities."""
    ranked = workspace_for(warehouse, engine).diversify(
        country,
        year=year,
        strategy=strategy,
        sector=sector,
        exclude_sector=exclude_sector,
        top=top,
        level=level,
        rca_threshold=rca_threshold,
        normalization=normalization,
    )
    render(ranked, fmt)


@app.command("product-space")
def product_space_cmd(
    year: YearOpt = None,
    threshold: Annotated[float, typer.Option(help="Also draw edges with proximity >= this")] = 0.55,
    level: LevelOpt = o.Level.hs6,
    rca_threshold: RcaThresholdOpt = 1.0,
    out: Annotated[Path | None, typer.Option(help="Write the graph as JSON here")] = None,
    warehouse: WarehouseOpt = None,
    engine: EngineOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """The product space graph (nodes with PCI, sector, world trade; edges) for the web view."""
    space = workspace_for(warehouse, engine).product_space(
        year=year, threshold=threshold, level=level, rca_threshold=rca_threshold, out=out
    )
    if out is not None and fmt is Format.table:  # the file is the result: confirm it
        what = f"the product space ({len(space.nodes):,} nodes, {len(space.edges):,} edges)"
        confirm_written(out, what, space.meta)
        return
    if fmt is Format.json and out is None:
        sys.stdout.write(space.to_json() + "\n")
        return
    nodes = space.nodes.sort_values("degree", ascending=False, kind="stable")
    nodes.attrs["meta"] = space.meta
    render(nodes, fmt)
