"""Economic complexity commands: ``complexity``, ``diversify``, ``product-space``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from tradebridge.cli.app import (
    CountryArg,
    EngineOpt,
    Format,
    FormatOpt,
    TopOpt,
    WarehouseOpt,
    YearOpt,
    app,
    err_console,
    workspace_for,
)
from tradebridge.cli.render import confirm_written, render
from tradebridge.errors import BadInput
from tradebridge.results import meta_of


class HSLevel(StrEnum):
    hs6 = "hs6"
    hs4 = "hs4"
    hs2 = "hs2"


class PresenceTest(StrEnum):
    rca = "rca"
    rpop = "rpop"
    both = "both"


class ProximityKind(StrEnum):
    symmetric = "symmetric"
    asymmetric = "asymmetric"
    continuous = "continuous"


class Normalization(StrEnum):
    stata = "stata"
    package = "package"


class Strategy(StrEnum):
    low_hanging = "low-hanging"
    balanced = "balanced"
    long_jumps = "long-jumps"


LevelOpt = Annotated[HSLevel, typer.Option(help="Product level")]
RcaThresholdOpt = Annotated[float, typer.Option(help="Presence when RCA (or RPOP) >= this")]
NormalizationOpt = Annotated[
    Normalization,
    typer.Option(help="stata: sample sd over the long table; package: the Python package's"),
]


def _year_list(year: int | None, years: str | None) -> list[int] | None:
    """``--years 2015-2021`` or ``2019,2021``, else ``--year``, else None (the latest)."""
    if years is None:
        return [year] if year is not None else None
    try:
        if "-" in years:
            first, last = (int(p) for p in years.split("-", 1))
            return list(range(first, last + 1))
        return [int(p) for p in years.split(",")]
    except ValueError:
        raise BadInput(f"not a year range like 2015-2021: {years!r}", field="years") from None


def _population_table(path: Path | None) -> pd.DataFrame | None:
    """A ``year,location,population`` CSV."""
    if path is None:
        return None
    if not path.is_file():
        raise BadInput("no such file", file=str(path))
    return pd.read_csv(path, dtype={"location": str})


def _write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Write through a temporary file next to ``path``, then rename (nothing half-written)."""
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


@app.command("complexity")
def complexity_cmd(
    year: YearOpt = None,
    years: Annotated[str | None, typer.Option(help="Years, e.g. 2015-2021 or 2019,2021")] = None,
    level: LevelOpt = HSLevel.hs6,
    rca_threshold: RcaThresholdOpt = 1.0,
    presence: Annotated[PresenceTest, typer.Option(help="Presence test")] = PresenceTest.rca,
    population: Annotated[
        Path | None, typer.Option(help="CSV year,location,population (for rpop/both)")
    ] = None,
    proximity: Annotated[ProximityKind, typer.Option(help="Proximity")] = ProximityKind.symmetric,
    knn: Annotated[int | None, typer.Option(help="Density over the K nearest products")] = None,
    normalization: NormalizationOpt = Normalization.stata,
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

    from tradebridge.analytics.complexity import complexity, latest_year, location_summary

    ws = workspace_for(warehouse, engine)
    wanted = _year_list(year, years) or [latest_year(ws, None)]
    with Progress(console=err_console, transient=True) as progress:
        task = progress.add_task("complexity", total=len(wanted))
        rows = complexity(
            ws,
            rca_threshold=rca_threshold,
            presence=presence.value,
            population=_population_table(population),
            proximity=proximity.value,
            knn=knn,
            level=level.value,
            years=wanted,
            normalization=normalization.value,
            on_year=lambda y: progress.update(task, advance=1, description=f"complexity {y}"),
        )
    if out is not None:
        if out.suffix == ".csv":
            _write_atomically(out, lambda p: rows.to_csv(p, index=False))
        else:
            _write_atomically(out, lambda p: rows.to_parquet(p, index=False))
        if fmt is Format.table:  # the file is the result: confirm it, print no table
            confirm_written(out, f"{len(rows):,} (year, location, product) rows", meta_of(rows))
            return
    render(location_summary(rows), fmt, title="Economic complexity")


@app.command()
def diversify(
    location: CountryArg,
    year: YearOpt = None,
    strategy: Annotated[Strategy, typer.Option(help="Weights on distance, PCI, COG")] = (
        Strategy.balanced
    ),
    sector: Annotated[str | None, typer.Option(help="Only this sector")] = None,
    top: TopOpt = 50,
    level: LevelOpt = HSLevel.hs6,
    rca_threshold: RcaThresholdOpt = 1.0,
    normalization: NormalizationOpt = Normalization.stata,
    warehouse: WarehouseOpt = None,
    engine: EngineOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Products LOCATION could export next, ranked like the Atlas's growth opportunities."""
    from tradebridge.analytics.diversification import opportunities

    ranked = opportunities(
        workspace_for(warehouse, engine),
        location,
        year=year,
        strategy=strategy.value,
        sector=sector,
        top=top,
        level=level.value,
        rca_threshold=rca_threshold,
        normalization=normalization.value,
    )
    weights = ", ".join(f"{k} {v:g}" for k, v in ranked.attrs["meta"]["weights"].items())
    render(ranked, fmt, title=f"Diversification opportunities ({strategy.value}: {weights})")


@app.command("product-space")
def product_space_cmd(
    year: YearOpt = None,
    threshold: Annotated[float, typer.Option(help="Also draw edges with proximity >= this")] = 0.55,
    level: LevelOpt = HSLevel.hs6,
    rca_threshold: RcaThresholdOpt = 1.0,
    out: Annotated[Path | None, typer.Option(help="Write the graph as JSON here")] = None,
    warehouse: WarehouseOpt = None,
    engine: EngineOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """The product space graph (nodes with PCI, sector, world trade; edges) for the web view."""
    from tradebridge.analytics.product_space import product_space

    space = product_space(
        workspace_for(warehouse, engine),
        year=year,
        threshold=threshold,
        level=level.value,
        rca_threshold=rca_threshold,
    )
    if out is not None:
        _write_atomically(out, lambda p: p.write_text(space.to_json(), encoding="utf-8"))
        if fmt is Format.table:  # the file is the result: confirm it, print no table
            what = f"the product space ({len(space.nodes):,} nodes, {len(space.edges):,} edges)"
            confirm_written(out, what, space.meta)
            return
    if fmt is Format.json and out is None:
        sys.stdout.write(space.to_json() + "\n")
        return
    nodes = space.nodes.sort_values("degree", ascending=False, kind="stable")
    nodes.attrs["meta"] = space.meta
    render(nodes, fmt, title=f"Product space {space.meta['year']}: {len(space.edges)} edges")
