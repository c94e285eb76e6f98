"""Commands that get real data: ``fetch baci|comtrade|wdi|distances``, ``refresh``, and
``ingest wdi|distances`` for the same files downloaded by hand."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from tradebridge.cli.app import WarehouseOpt, _Commands, app, err_console, fail, workspace_for
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
    ws = workspace_for(warehouse)
    with _progress() as (on_bytes, on_note):
        landed = ws.fetch_baci(
            revision, release, ingest, replace, folder, progress=on_bytes, note=on_note
        )
    _show(landed, ws.warehouse)


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
    ws = workspace_for(warehouse)
    with _progress() as (_on_bytes, on_note):
        landed = ws.fetch_comtrade(reporter, years, flow, level, ingest, replace, out, note=on_note)
    _show(landed, ws.warehouse)


@fetch_app.command("wdi")
def fetch_wdi_cmd(
    years: Annotated[
        str | None, typer.Option(help="Years, e.g. 2000-2024 (default 1995 to now)")
    ] = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """GDP, population and income groups from the World Bank API, as reference tables."""
    ws = workspace_for(warehouse)
    with _progress() as (_on_bytes, on_note):
        landed = ws.fetch_wdi(years, note=on_note)
    _show(landed, ws.warehouse)


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
    ws = workspace_for(warehouse)
    with _progress() as (on_bytes, on_note):
        landed = ws.fetch_distances(source, measure, folder, progress=on_bytes, note=on_note)
    _show(landed, ws.warehouse)


@app.command()
def refresh(
    check: Annotated[bool, typer.Option("--check", help="Only report what is newer")] = False,
    warehouse: WarehouseOpt = None,
) -> None:
    """Check every source in the warehouse for a newer release and land it (safe from cron)."""
    ws = workspace_for(warehouse)
    with _progress() as (on_bytes, on_note):
        result = ws.refresh(check, progress=on_bytes, note=on_note)
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
    ws = workspace_for(warehouse)
    _show(ws.ingest_wdi(paths), ws.warehouse)


@ingest_app.command("distances")
def ingest_distances_cmd(
    path: Annotated[Path, typer.Argument(help="dist_cepii.zip/.xls/.dta, a Gravity zip/CSV")],
    measure: Annotated[str, typer.Option(help="Distance column (dist, distcap, …)")] = "dist",
    warehouse: WarehouseOpt = None,
) -> None:
    """A CEPII distance file (GeoDist or Gravity) as the reference table ``distances``."""
    ws = workspace_for(warehouse)
    _show(ws.ingest_distances(path, measure), ws.warehouse)
