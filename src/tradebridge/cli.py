"""The ``tradebridge`` command line: parses arguments, calls one domain function, renders.

Conventions for every analytic command: ``--warehouse DIR`` and ``--format table|csv|json``;
JSON goes to stdout alone (``{"meta": ..., "rows": [...]}``); errors go to stderr as one line
and exit with status 2 for bad input.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import click
import pandas as pd
import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from tradebridge.config import default_warehouse
from tradebridge.errors import BadInput, TradebridgeError
from tradebridge.results import meta_of, to_json

err_console = Console(stderr=True)


def fail(message: str, code: int = 2) -> None:
    """Print a one-line cause on stderr and exit (status 2: bad input)."""
    err_console.print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


class _Commands(TyperGroup):
    """Turns a ``TradebridgeError`` raised anywhere below a command into a one-line cause and
    its exit status (2 bad input, 1 environment)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except TradebridgeError as exc:
            fail(str(exc), exc.exit_code)


app = typer.Typer(
    cls=_Commands,
    help="tradebridge: trade data in, ranked opportunities and business forums out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


WarehouseOpt = Annotated[
    Path | None,
    typer.Option(
        "--warehouse",
        "-w",
        help="Warehouse folder (default $TRADEBRIDGE_HOME or ./tradebridge-data)",
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format")]


def warehouse_path(path: Path | None) -> Path:
    return path if path is not None else default_warehouse()


def render(rows: pd.DataFrame, fmt: Format, *, title: str | None = None) -> None:
    """Write a result to stdout in the requested format."""
    if fmt is Format.json:
        sys.stdout.write(to_json(rows) + "\n")
    elif fmt is Format.csv:
        rows.to_csv(sys.stdout, index=False)
    else:
        console = Console(width=None if sys.stdout.isatty() else 160)
        meta = meta_of(rows)
        table = Table(title=title, caption=_caption(meta))
        for col in rows.columns:
            table.add_column(str(col), justify="right" if _numeric(rows[col]) else "left")
        for rec in rows.itertuples(index=False, name=None):
            table.add_row(*(_cell(v) for v in rec))
        console.print(table)
        if meta.get("synthetic"):
            console.print(
                f"[bold yellow]{meta.get('notice', 'Synthetic data: not real statistics.')}[/]"
            )


def _caption(meta: dict) -> str | None:
    source = meta.get("source")
    if not source:
        return None
    if isinstance(source, list | tuple):
        source = "; ".join(map(str, source))
    return f"Source: {source}"


def _numeric(col: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    if isinstance(value, float):
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        return f"{value:.4g}"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10000:
        return f"{value:,}"
    return str(value)


# --- warehouse: ingest and info (#2) ---------------------------------------------------------

ingest_app = typer.Typer(
    cls=_Commands, help="Ingest trade data into the warehouse.", no_args_is_help=True
)
app.add_typer(ingest_app, name="ingest")

PathsArg = Annotated[list[Path], typer.Argument(help="Files, folders or zips to read")]
SkipOpt = Annotated[
    bool, typer.Option("--skip-invalid", help="Store the good rows; write bad ones to --rejects")
]
RejectsOpt = Annotated[
    Path | None,
    typer.Option("--rejects", help="CSV file receiving every rejected row and its reason"),
]
ReplaceOpt = Annotated[
    bool, typer.Option("--replace", help="Replace years already held from another source")
]


def _ingest(reader, paths: list[Path], warehouse: Path | None, **options) -> None:
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from tradebridge.data.warehouse import Warehouse

    wh = Warehouse(warehouse_path(warehouse))
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task("ingesting", total=None)
        report = reader(
            wh, paths, progress=lambda msg: bar.update(task, description=msg), **options
        )
    out = err_console
    out.print(f"Ingested [bold]{report.source}[/] into {wh.path}")
    out.print(
        f"rows read {report.rows_read:,} = stored {report.rows_stored:,}"
        f" + rejected {report.rows_rejected:,} + filtered {report.rows_filtered:,}",
        highlight=False,
    )
    for part in report.partitions:
        out.print(f"  {part.year}: {part.rows:,} rows, US$ {part.value_usd:,.0f}", highlight=False)
    if report.unknown_codes:
        codes = ", ".join(f"{c} ({n:,} rows)" for c, n in report.unknown_codes.items())
        out.print(f"kept under explicit unknown codes: {codes}", highlight=False)
    if report.rejects_file:
        out.print(f"rejected rows written to {report.rejects_file}")
    for note in report.notes:
        out.print(note, highlight=False)


@ingest_app.command("baci")
def ingest_baci_cmd(
    paths: PathsArg,
    warehouse: WarehouseOpt = None,
    skip_invalid: SkipOpt = False,
    rejects: RejectsOpt = None,
    replace: ReplaceOpt = False,
) -> None:
    """A CEPII BACI release: zip, unpacked folder, or yearly CSVs with the code files beside."""
    from tradebridge.data.baci import ingest_baci

    _ingest(
        ingest_baci, paths, warehouse, skip_invalid=skip_invalid, rejects=rejects, replace=replace
    )


@ingest_app.command("comtrade")
def ingest_comtrade_cmd(
    paths: PathsArg,
    warehouse: WarehouseOpt = None,
    skip_invalid: SkipOpt = False,
    rejects: RejectsOpt = None,
    replace: ReplaceOpt = False,
) -> None:
    """UN Comtrade CSV (Comtrade Plus / API v1 layout or the legacy bulk layout)."""
    from tradebridge.data.comtrade import ingest_comtrade

    _ingest(
        ingest_comtrade,
        paths,
        warehouse,
        skip_invalid=skip_invalid,
        rejects=rejects,
        replace=replace,
    )


@ingest_app.command("csv")
def ingest_csv_cmd(
    paths: PathsArg,
    warehouse: WarehouseOpt = None,
    source: Annotated[str | None, typer.Option(help="Source label for the manifest")] = None,
    skip_invalid: SkipOpt = False,
    rejects: RejectsOpt = None,
    replace: ReplaceOpt = False,
) -> None:
    """Plain CSV with columns year,exporter,importer,product,value[,quantity] (US$, ISO3, HS6)."""
    from tradebridge.data.plain_csv import ingest_csv

    _ingest(
        ingest_csv,
        paths,
        warehouse,
        source=source,
        skip_invalid=skip_invalid,
        rejects=rejects,
        replace=replace,
    )


@app.command()
def info(warehouse: WarehouseOpt = None, fmt: FormatOpt = Format.table) -> None:
    """What the warehouse holds: years, rows, value and source of each."""
    import json

    from tradebridge.data.warehouse import Warehouse

    wh = Warehouse(warehouse_path(warehouse))
    years = wh.summary()
    if fmt is Format.json:
        payload = {"warehouse": str(wh.path.resolve()), "synthetic": wh.synthetic(), "years": years}
        sys.stdout.write(json.dumps(payload) + "\n")
        return
    rows = pd.DataFrame(
        years,
        columns=[
            "year",
            "rows",
            "value_usd",
            "source",
            "hs_revision",
            "release",
            "checksum",
            "ingested_at",
        ],
    )
    rows.attrs["meta"] = {}
    if fmt is Format.csv:
        render(rows, fmt)
        return
    if not years:
        err_console.print(f"The warehouse {wh.path} is empty: run `tradebridge ingest` first.")
        return
    render(
        rows[["year", "rows", "value_usd", "source", "ingested_at"]],
        fmt,
        title=f"Warehouse {wh.path}",
    )
    if wh.synthetic():
        Console().print("[bold yellow]Synthetic demo world: not real statistics.[/]")


# --- reference data: countries, groups, HS products, sectors -------------------------------

reference_app = typer.Typer(
    cls=_Commands,
    help="Reference data: countries, groups, HS products, sectors.",
    no_args_is_help=True,
)
app.add_typer(reference_app, name="reference")


@reference_app.command("countries")
def reference_countries(
    group: Annotated[str | None, typer.Option("--group", "-g", help="Members of a group")] = None,
    year: Annotated[int | None, typer.Option("--year", "-y", help="Members in this year")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """List countries with their codes (all, or a group's members in a year)."""
    from tradebridge.reference.groups import country_list

    render(country_list(group, year), fmt, title="Countries")


@reference_app.command("groups")
def reference_groups(fmt: FormatOpt = Format.table) -> None:
    """List country groups (CIS, EAEU, EU27, ...) with their sources."""
    from tradebridge.reference.groups import group_list

    render(group_list(), fmt, title="Country groups")


@reference_app.command("sectors")
def reference_sectors(fmt: FormatOpt = Format.table) -> None:
    """List the sectors of the taxonomy with their ids and number of HS6 codes."""
    from tradebridge.reference.sectors import sector_list

    render(sector_list(), fmt, title="Sectors")


@reference_app.command("products")
def reference_products(
    sector: Annotated[str | None, typer.Option("--sector", "-s", help="Sector id or name")] = None,
    prefix: Annotated[str | None, typer.Option("--hs", help="HS2, HS4 or HS6 prefix")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """List HS6 products with their sector (optionally one sector's, or under an HS prefix)."""
    from tradebridge.reference.sectors import product_list

    render(product_list(sector, prefix), fmt, title="HS6 products")


# --- trade analytics: profile, bilateral, indicators, rca, markets (#3) ----------------------

CountryArg = Annotated[str, typer.Argument(help="Country: ISO3 code (AZE), ISO2 or English name")]
YearOpt = Annotated[int | None, typer.Option("--year", "-y", help="Year (default: latest held)")]
EngineOpt = Annotated[
    str | None,
    typer.Option("--engine", help="Relational engine: duckdb or spark [$TRADEBRIDGE_ENGINE]"),
]
SectorOpt = Annotated[
    list[str] | None, typer.Option("--sector", help="Keep only this sector (repeatable)")
]
ExcludeSectorOpt = Annotated[
    list[str] | None,
    typer.Option("--exclude-sector", help="Leave this sector out (non-oil: energy; repeatable)"),
]
ProductsOpt = Annotated[
    str | None, typer.Option("--products", help="HS prefixes, comma-separated (e.g. 08,0810)")
]
GroupOpt = Annotated[str | None, typer.Option("--group", help="Partner group (CIS, EAEU, EU27…)")]
TopOpt = Annotated[int | None, typer.Option("--top", "-n", help="Show the first N rows")]
WindowOpt = Annotated[int, typer.Option("--window", help="Years of the growth window (CAGR)")]


def _workspace(warehouse: Path | None, engine: str | None):
    from tradebridge.workspace import open_workspace

    return open_workspace(warehouse_path(warehouse), engine=engine)


@app.command()
def profile(
    country: CountryArg,
    year: YearOpt = None,
    by: Annotated[str, typer.Option(help="partner|product|hs4|hs2|sector|group")] = "partner",
    flow: Annotated[str, typer.Option(help="exports or imports")] = "exports",
    window: WindowOpt = 5,
    sector: SectorOpt = None,
    exclude_sector: ExcludeSectorOpt = None,
    products: ProductsOpt = None,
    partner: Annotated[str | None, typer.Option(help="Only this partner")] = None,
    group: GroupOpt = None,
    top: TopOpt = None,
    warehouse: WarehouseOpt = None,
    engine: EngineOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Where a country's exports go (or imports come from) and what they are."""
    rows = _workspace(warehouse, engine).profile(
        country,
        year=year,
        by=by,
        flow=flow,
        window=window,
        sectors=sector,
        exclude_sectors=exclude_sector,
        products=products,
        partner=partner,
        group=group,
        top=top,
    )
    render(rows, fmt, title=rows.attrs["meta"]["question"])


@app.command()
def bilateral(
    country: CountryArg,
    partner: Annotated[str, typer.Argument(help="Partner country")],
    year: YearOpt = None,
    by: Annotated[str, typer.Option(help="sector|hs2|hs4|product")] = "sector",
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
    rows = _workspace(warehouse, engine).bilateral(
        country,
        partner,
        year=year,
        by=by,
        window=window,
        sectors=sector,
        exclude_sectors=exclude_sector,
        products=products,
        top=top,
    )
    render(rows, fmt, title=rows.attrs["meta"]["question"])


@app.command()
def indicators(
    country: CountryArg,
    partner: Annotated[str | None, typer.Option(help="Partner for pair indicators")] = None,
    year: YearOpt = None,
    sector: SectorOpt = None,
    exclude_sector: ExcludeSectorOpt = None,
    products: ProductsOpt = None,
    warehouse: WarehouseOpt = None,
    engine: EngineOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Concentration, diversification and complementarity indicators (WITS definitions)."""
    rows = _workspace(warehouse, engine).indicators(
        country,
        partner=partner,
        year=year,
        sectors=sector,
        exclude_sectors=exclude_sector,
        products=products,
    )
    render(rows, fmt, title=rows.attrs["meta"]["question"])


@app.command()
def rca(
    country: CountryArg,
    year: YearOpt = None,
    partner: Annotated[
        str | None, typer.Option(help="Add export specialisation vs this market")
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
    rows = _workspace(warehouse, engine).rca(
        country,
        year=year,
        partner=partner,
        sectors=sector,
        exclude_sectors=exclude_sector,
        products=products,
        top=top,
    )
    render(rows, fmt, title=rows.attrs["meta"]["question"])


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
    sort: Annotated[str, typer.Option(help="Order: untapped (potential) or score")] = "untapped",
    top: TopOpt = None,
    warehouse: WarehouseOpt = None,
    engine: EngineOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Rank destination markets for a country's exports, with every component shown."""
    rows = _workspace(warehouse, engine).markets(
        country,
        year=year,
        window=window,
        sectors=sector,
        exclude_sectors=exclude_sector,
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
    render(rows, fmt, title=rows.attrs["meta"]["question"])


# --- demo world -----------------------------------------------------------------------------


@app.command("demo-world")
def demo_world_command(
    out: Annotated[Path, typer.Argument(help="Folder that receives BACI_HS17_V202401/")],
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same files")] = 7,
    years: Annotated[str, typer.Option(help="Years, e.g. 2015-2023 or 2019,2021")] = "2015-2023",
    scale: Annotated[str, typer.Option(help="tiny | small | full")] = "small",
    as_zip: Annotated[bool, typer.Option("--zip", help="Write BACI_HS17_V202401.zip")] = False,
) -> None:
    """Write a synthetic demo world in BACI's layout (not real statistics)."""
    from rich.progress import Progress

    from tradebridge.data import demo_world

    wanted = demo_world.parse_years(years)
    with Progress(console=err_console, transient=True) as bar:
        tasks: dict[str, int] = {}

        def advance(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        path = demo_world.generate(
            out, seed=seed, years=wanted, scale=scale, as_zip=as_zip, progress=advance
        )
    err_console.print(f"wrote {path} (synthetic demo world, not real statistics)")


# ---- economic complexity (#4) ---------------------------------------------------------------


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
        Path | None, typer.Option(help="Write every (year, location, product) row (.parquet/.csv)")
    ] = None,
    warehouse: WarehouseOpt = None,
    engine: EngineOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """ECI, PCI, density, COI and COG; prints one row per location, --out writes every row."""
    from rich.progress import Progress

    from tradebridge.analytics.complexity import complexity, latest_year, location_summary

    ws = _workspace(warehouse, engine)
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
        _workspace(warehouse, engine),
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
        _workspace(warehouse, engine),
        year=year,
        threshold=threshold,
        level=level.value,
        rca_threshold=rca_threshold,
    )
    if out is not None:
        _write_atomically(out, lambda p: p.write_text(space.to_json(), encoding="utf-8"))
    if fmt is Format.json and out is None:
        sys.stdout.write(space.to_json() + "\n")
        return
    nodes = space.nodes.sort_values("degree", ascending=False, kind="stable")
    nodes.attrs["meta"] = space.meta
    render(nodes, fmt, title=f"Product space {space.meta['year']}: {len(space.edges)} edges")


# --- business forums (issue #6) ---------------------------------------------------------------

ForumFileArg = Annotated[
    Path, typer.Argument(help="Forum JSON (see forum/schema/forum.schema.json)")
]
LockOpt = Annotated[
    Path | None, typer.Option("--lock", help="Published schedule: its meetings stay in place")
]
AgendasOpt = Annotated[
    Path | None, typer.Option("--agendas", help="Folder for agendas (HTML, .ics) and table plans")
]


@app.command("schedule")
def schedule_command(
    forum_file: ForumFileArg,
    out: Annotated[Path, typer.Option("--out", help="Schedule JSON to write")],
    time_limit: Annotated[float, typer.Option("--time-limit", min=0.1, help="Solver seconds")] = 30,
    seed: Annotated[int, typer.Option("--seed", help="Solver random seed")] = 1,
    lock: LockOpt = None,
    agendas: AgendasOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Schedule B2B meetings: most weighted requests, then fewest idle gaps and table changes."""
    from tradebridge.forum.publishing import schedule_forum_file

    rows = schedule_forum_file(
        forum_file, out, time_limit=time_limit, seed=seed, lock=lock, agendas=agendas
    )
    render(rows, fmt, title=f"Schedule written to {out}")


@app.command("forum-demo")
def forum_demo_command(
    out: Annotated[Path, typer.Argument(help="Forum JSON to write")],
    participants: Annotated[int, typer.Option("--participants", min=4)] = 300,
    seed: Annotated[int, typer.Option("--seed")] = 7,
    exporter_country: Annotated[str, typer.Option("--exporter-country")] = "AZE",
    partner_country: Annotated[str, typer.Option("--partner-country")] = "RUS",
    fmt: FormatOpt = Format.table,
) -> None:
    """Write a realistic synthetic business forum (exporters meet buyers and investors)."""
    from tradebridge.forum.publishing import write_demo_forum

    rows = write_demo_forum(
        out,
        participants=participants,
        seed=seed,
        exporter_country=exporter_country,
        partner_country=partner_country,
    )
    render(rows, fmt, title=f"Demo forum written to {out}")


# --- export potential: potential, mutual, brief (#5) -----------------------------------------

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
    rows = _workspace(warehouse, engine).potential(
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
    rows = _workspace(warehouse, engine).mutual(
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
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write")] = Path(
        "brief.html"
    ),
    year: YearOpt = None,
    top: Annotated[int, typer.Option("--top", "-n", help="Rows per table")] = 10,
    warehouse: WarehouseOpt = None,
    engine: EngineOpt = None,
) -> None:
    """Write a self-contained one-file HTML market brief for two countries."""
    path = _workspace(warehouse, engine).brief(country, partner, out, year=year, top=top)
    err_console.print(f"wrote {path}", markup=False, highlight=False)
