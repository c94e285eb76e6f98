"""The ``tradebridge`` command line: parses arguments, calls one domain function, renders.

Conventions for every analytic command: ``--warehouse DIR`` and ``--format table|csv|json``;
JSON goes to stdout alone (``{"meta": ..., "rows": [...]}``); errors go to stderr as one line
and exit with status 2 for bad input.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import click
import pandas as pd
import typer
from typer.core import TyperGroup
from rich.console import Console
from rich.table import Table

from tradebridge.config import default_warehouse
from tradebridge.errors import BadInput
from tradebridge.results import meta_of, to_json

err_console = Console(stderr=True)


def fail(message: str, code: int = 2) -> None:
    """Print a one-line cause on stderr and exit (status 2: bad input)."""
    err_console.print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


class _Commands(TyperGroup):
    """Turns ``BadInput`` raised anywhere below a command into a one-line cause, exit 2."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BadInput as exc:
            fail(str(exc))


app = typer.Typer(
    cls=_Commands,
    help="tradebridge: trade data in, ranked opportunities and business forums out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


WarehouseOpt = Annotated[
    Path | None,
    typer.Option(
        "--warehouse", "-w", help="Warehouse folder (default $TRADEBRIDGE_HOME or ./tradebridge-data)"
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
        console = Console()
        meta = meta_of(rows)
        table = Table(title=title, caption=_caption(meta))
        for col in rows.columns:
            table.add_column(str(col), justify="right" if _numeric(rows[col]) else "left")
        for rec in rows.itertuples(index=False, name=None):
            table.add_row(*(_cell(v) for v in rec))
        console.print(table)


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
    Path | None, typer.Option("--rejects", help="CSV file receiving every rejected row and its reason")
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
        report = reader(wh, paths, progress=lambda msg: bar.update(task, description=msg), **options)
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
    """A CEPII BACI release: zip, unpacked folder, or yearly CSVs with the code files beside them."""
    from tradebridge.data.baci import ingest_baci

    _ingest(ingest_baci, paths, warehouse, skip_invalid=skip_invalid, rejects=rejects,
            replace=replace)


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

    _ingest(ingest_comtrade, paths, warehouse, skip_invalid=skip_invalid, rejects=rejects,
            replace=replace)


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

    _ingest(ingest_csv, paths, warehouse, source=source, skip_invalid=skip_invalid,
            rejects=rejects, replace=replace)


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
    rows = pd.DataFrame(years, columns=["year", "rows", "value_usd", "source", "hs_revision",
                                        "release", "checksum", "ingested_at"])
    rows.attrs["meta"] = {}
    if fmt is Format.csv:
        render(rows, fmt)
        return
    if not years:
        err_console.print(f"The warehouse {wh.path} is empty: run `tradebridge ingest` first.")
        return
    render(rows[["year", "rows", "value_usd", "source", "ingested_at"]], fmt,
           title=f"Warehouse {wh.path}")
    if wh.synthetic():
        Console().print("[bold yellow]Synthetic demo world: not real statistics.[/]")
