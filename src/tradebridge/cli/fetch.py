"""Commands that get real data: ``fetch baci|comtrade|wdi|distances``, ``refresh``, and
``ingest wdi|distances`` for the same files downloaded by hand."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from tradebridge.cli.app import WarehouseOpt, _Commands, app, err_console, fail, warehouse_path
from tradebridge.cli.warehouse import ingest_app, print_report

fetch_app = typer.Typer(
    cls=_Commands,
    help="Download real data (CEPII BACI, UN Comtrade, World Bank WDI, CEPII distances).",
    no_args_is_help=True,
)
app.add_typer(fetch_app, name="fetch")

IngestOpt = Annotated[bool, typer.Option("--ingest", help="Load the download into the warehouse")]
ReplaceOpt = Annotated[
    bool, typer.Option("--replace", help="Replace years already held from another source")
]
DirOpt = Annotated[
    Path | None,
    typer.Option("--dir", help="Folder for downloads (default: the warehouse's downloads/)"),
]


@contextmanager
def _progress() -> Iterator[tuple[Callable[[int, int | None], None], Callable[[str], None]]]:
    """A byte progress bar and a status line, both on stderr."""
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task("starting", total=None)

        def on_bytes(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        def on_note(message: str) -> None:
            bar.update(task, description=message)

        yield on_bytes, on_note


def _show(landed, wh) -> None:
    for line in landed.lines:
        err_console.print(line, markup=False, highlight=False)
    if landed.report is not None:
        print_report(landed.report, wh.path)


def _warehouse(path: Path | None):
    from tradebridge.data.warehouse import Warehouse

    return Warehouse(warehouse_path(path))


@fetch_app.command("baci")
def fetch_baci_cmd(
    revision: Annotated[str, typer.Option(help="HS revision: HS92 … HS22")] = "HS17",
    release: Annotated[str, typer.Option(help="latest, or a release such as V202501")] = "latest",
    ingest: IngestOpt = False,
    replace: ReplaceOpt = False,
    folder: DirOpt = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """Download a BACI release from CEPII (resumes an interrupted download)."""
    from tradebridge.data.fetch.landing import fetch_baci

    wh = _warehouse(warehouse)
    with _progress() as (on_bytes, on_note):
        landed = fetch_baci(
            wh,
            revision,
            release,
            ingest=ingest,
            replace=replace,
            folder=folder,
            progress=on_bytes,
            note=on_note,
        )
    _show(landed, wh)


@fetch_app.command("comtrade")
def fetch_comtrade_cmd(
    reporter: Annotated[str, typer.Option(help="Reporting country (ISO3, ISO2 or name)")],
    years: Annotated[str, typer.Option(help="Years, e.g. 2019-2023 or 2019,2021")],
    flow: Annotated[str, typer.Option(help="Flows: X, M, RX, RM (comma-separated)")] = "X,M",
    level: Annotated[str, typer.Option(help="HS6, HS4, HS2 or TOTAL")] = "HS6",
    ingest: IngestOpt = False,
    replace: ReplaceOpt = False,
    out: Annotated[Path | None, typer.Option(help="CSV file to write")] = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """Download one reporter's records from the UN Comtrade API (key in $COMTRADE_KEY)."""
    from tradebridge.data.demo_world import parse_years
    from tradebridge.data.fetch.landing import fetch_comtrade

    wh = _warehouse(warehouse)
    with _progress() as (_on_bytes, on_note):
        landed = fetch_comtrade(
            wh,
            reporter,
            parse_years(years),
            flows=flow,
            level=level,
            ingest=ingest,
            replace=replace,
            out=out,
            note=on_note,
        )
    _show(landed, wh)


@fetch_app.command("wdi")
def fetch_wdi_cmd(
    years: Annotated[str | None, typer.Option(help="Years, e.g. 2000-2024")] = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """GDP, population and income groups from the World Bank API, as reference tables."""
    from tradebridge.data.demo_world import parse_years
    from tradebridge.data.fetch.landing import fetch_wdi

    span = None
    if years:
        wanted = parse_years(years)
        span = (wanted[0], wanted[-1])
    with _progress() as (_on_bytes, on_note):
        wh = _warehouse(warehouse)
        landed = fetch_wdi(wh, span, note=on_note)
    _show(landed, wh)


@fetch_app.command("distances")
def fetch_distances_cmd(
    source: Annotated[str, typer.Option(help="geodist or gravity")] = "geodist",
    measure: Annotated[
        str, typer.Option(help="dist (main cities), distcap (capitals), distw, distwces…")
    ] = "dist",
    folder: DirOpt = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """CEPII distances (GeoDist or Gravity), used in place of capital-to-capital distances."""
    from tradebridge.data.fetch.landing import fetch_distances

    with _progress() as (on_bytes, on_note):
        wh = _warehouse(warehouse)
        landed = fetch_distances(
            wh,
            source,
            measure,
            folder=folder,
            progress=on_bytes,
            note=on_note,
        )
    _show(landed, wh)


@app.command()
def refresh(
    check: Annotated[bool, typer.Option("--check", help="Only report what is newer")] = False,
    warehouse: WarehouseOpt = None,
) -> None:
    """Check every source in the warehouse for a newer release and land it (safe from cron)."""
    from tradebridge.data.fetch.refresh import refresh as run_refresh

    with _progress() as (on_bytes, on_note):
        result = run_refresh(
            _warehouse(warehouse), check_only=check, progress=on_bytes, note=on_note
        )
    for line in result.lines:
        err_console.print(line, markup=False, highlight=False)
    if result.failed:
        fail("; ".join(result.failed), 1)
    verb = "new releases" if check else "updated"
    typer.echo("up to date" if result.up_to_date else f"{verb}: {', '.join(result.changed)}")


@ingest_app.command("wdi")
def ingest_wdi_cmd(
    paths: Annotated[list[Path], typer.Argument(help="World Bank CSV downloads (or their zips)")],
    warehouse: WarehouseOpt = None,
) -> None:
    """World Bank bulk CSVs (API_NY.GDP…, API_SP.POP…, Metadata_Country…) as reference tables."""
    from tradebridge.data.fetch.landing import exclusive, store_wdi
    from tradebridge.data.fetch.wdi import read_bulk

    wh = _warehouse(warehouse)
    wdi, groups = read_bulk(paths)
    with exclusive(wh):
        landed = store_wdi(wh, wdi, groups, None)
    _show(landed, wh)


@ingest_app.command("distances")
def ingest_distances_cmd(
    path: Annotated[Path, typer.Argument(help="dist_cepii.zip/.xls/.dta, a Gravity zip/CSV")],
    measure: Annotated[str, typer.Option(help="Distance column (dist, distcap, …)")] = "dist",
    warehouse: WarehouseOpt = None,
) -> None:
    """A CEPII distance file (GeoDist or Gravity) as the reference table ``distances``."""
    from tradebridge.data.fetch.distances import MEASURES, read_any
    from tradebridge.data.fetch.landing import exclusive, store_distances
    from tradebridge.errors import BadInput

    if measure not in MEASURES:
        raise BadInput(f"unknown measure {measure!r}; valid: {', '.join(MEASURES)}")
    wh = _warehouse(warehouse)
    table, label = read_any(path, measure)
    with exclusive(wh):
        landed = store_distances(wh, table, label, None)
    _show(landed, wh)
