"""Commands that write or describe the warehouse: ``ingest``, ``info``, ``demo-world``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from tradebridge import options as o
from tradebridge.cli.app import (
    Format,
    FormatOpt,
    WarehouseOpt,
    _Commands,
    app,
    err_console,
    workspace_for,
    years_text,
)
from tradebridge.cli.render import render
from tradebridge.errors import BadInput

ingest_app = typer.Typer(
    cls=_Commands,
    rich_markup_mode=None,
    help="Ingest trade data into the warehouse.",
    no_args_is_help=True,
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


def _ingest(method: str, paths: list[Path], warehouse: Path | None, **options) -> None:
    """Run ``Workspace.<method>`` with a progress spinner, then report what was stored."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    ws = workspace_for(warehouse)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(
        *columns, console=err_console, transient=True, disable=not err_console.is_terminal
    ) as bar:
        task = bar.add_task("ingesting", total=None)

        def progress(message: str) -> None:
            if message.startswith("waiting"):  # another writer holds the warehouse: say so
                bar.console.print(message, markup=False, highlight=False, soft_wrap=True)
            bar.update(task, description=message)

        report = getattr(ws, method)(paths, progress=progress, **options)
    out = err_console
    out.print(f"Ingested [bold]{report.source}[/] into {ws.warehouse.path}")
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
    _ingest(
        "ingest_baci", paths, warehouse, skip_invalid=skip_invalid, rejects=rejects, replace=replace
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
    _ingest(
        "ingest_comtrade",
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
    _ingest(
        "ingest_csv",
        paths,
        warehouse,
        source=source,
        skip_invalid=skip_invalid,
        rejects=rejects,
        replace=replace,
    )


CheckOpt = Annotated[
    bool,
    typer.Option(
        "--check",
        help="Verify every file against the manifest (present, checksum, rows); exit 1 on damage",
    ),
]


@app.command()
def info(
    warehouse: WarehouseOpt = None, fmt: FormatOpt = Format.table, check: CheckOpt = False
) -> None:
    """What the warehouse holds: years, rows, value and source of each."""
    ws = workspace_for(warehouse)
    wh = ws.warehouse
    if check:
        _check(ws, fmt)
        return
    rows = ws.info()
    if fmt is not Format.table:
        render(rows, fmt)
        return
    if rows.empty:
        err_console.print(f"The warehouse {wh.path} is empty: run `tradebridge ingest` first.")
        return
    render(
        rows[["year", "rows", "value_usd", "source", "ingested_at"]],
        fmt,
        title=f"Warehouse {wh.path}",
    )


def _check(ws, fmt: Format) -> None:
    """``info --check``: every finding on its own line (or as JSON/CSV); exit 1 on damage."""
    if not ws.warehouse.path.is_dir():
        raise BadInput("no warehouse here (not a folder)", file=str(ws.warehouse.path))
    found = ws.info(check=True)
    if fmt is not Format.table:
        render(found, fmt)
    else:
        for row in found.itertuples():
            kind = "damaged" if row.damage else "leftover"
            sys.stdout.write(f"{kind}: {row.path}: {row.problem}\n")
        damaged = int(found["damage"].sum())
        verdict = f"{damaged} problem(s) found" if damaged else "every file checks out"
        err_console.print(f"{ws.warehouse.path}: {verdict}", highlight=False, soft_wrap=True)
    if not found.attrs["meta"]["ok"]:
        raise typer.Exit(1)


@app.command("demo-world")
def demo_world_command(
    out: Annotated[Path, typer.Argument(help="Folder that receives BACI_HS17_V202401/")],
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same files")] = 7,
    years: Annotated[
        str, typer.Option(parser=years_text, help="Years, e.g. 2015-2023 or 2019,2021")
    ] = "2015-2023",
    scale: Annotated[o.Scale, typer.Option(help="tiny | small | full")] = o.Scale.small,
    as_zip: Annotated[bool, typer.Option("--zip", help="Write BACI_HS17_V202401.zip")] = False,
) -> None:
    """Write a synthetic demo world in BACI's layout (not real statistics)."""
    from rich.progress import Progress

    with Progress(console=err_console, transient=True) as bar:
        tasks: dict[str, int] = {}

        def advance(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        path = workspace_for().demo_world(
            out, seed=seed, years=years, scale=scale, as_zip=as_zip, progress=advance
        )
    err_console.print(f"wrote {path} (synthetic demo world, not real statistics)")
