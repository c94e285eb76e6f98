"""Commands that write or describe the warehouse: ``ingest``, ``info``, ``demo-world``."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from tradebridge.cli.app import Format, app, err_console
from tradebridge.cli.commands import Call, command, group, register
from tradebridge.errors import BadInput
from tradebridge.workspace import Workspace

ingest_app = group("ingest", help="Ingest trade data into the warehouse.")


def ingest(call: Call) -> None:
    """Run an ingestion with a progress spinner, then report what was stored."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(
        *columns, console=err_console(), transient=True, disable=not err_console().is_terminal
    ) as bar:
        task = bar.add_task("ingesting", total=None)

        def progress(message: str) -> None:
            if message.startswith("waiting"):  # another writer holds the warehouse: say so
                bar.console.print(message, markup=False, highlight=False, soft_wrap=True)
            bar.update(task, description=message)

        report = call(progress=progress)
    print_report(report, call.workspace.warehouse.path)


def print_report(report, where: Path) -> None:
    """What an ingestion stored, on stderr: rows reconciled, years, unknown codes, notes."""
    out = err_console()
    out.print(f"Ingested [bold]{report.source}[/] into {where}")
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


for method in (Workspace.ingest_baci, Workspace.ingest_comtrade, Workspace.ingest_csv):
    register(ingest_app, method, ingest, cli=("warehouse",))


@command(app, Workspace.info, cli=("warehouse", "fmt"))
def info(call: Call) -> None:
    """The years held as a table and the reference tables as lines on stderr; with ``--check``
    every finding on its own line."""
    from tradebridge.cli.render import render

    ws, fmt = call.workspace, call.fmt
    wh = ws.warehouse
    if call.args["check"]:
        _check(ws, fmt)
        return
    rows = call()
    if fmt is not Format.table:
        render(rows, fmt)
        return
    references = rows.attrs["meta"].get("references", {})
    if rows.empty and not references:
        err_console().print(f"The warehouse {wh.path} is empty: run `tradebridge ingest` first.")
        return
    if not rows.empty:
        render(
            rows[["year", "rows", "value_usd", "source", "ingested_at"]],
            fmt,
            title=f"Warehouse {wh.path}",
        )
    for name, entry in sorted(references.items()):
        err_console().print(
            f"reference table {name}: {entry['rows']:,} rows, {entry['source']}"
            + (f" {entry['release']}" if entry.get("release") else ""),
            markup=False,
            highlight=False,
        )


def _check(ws, fmt: Format) -> None:
    """``info --check``: every finding on its own line (or as JSON/CSV); exit 1 on damage."""
    if not ws.warehouse.path.is_dir():
        raise BadInput("no warehouse here (not a folder)", file=str(ws.warehouse.path))
    from tradebridge.cli.render import render

    found = ws.info(check=True)
    if fmt is not Format.table:
        render(found, fmt)
    else:
        for row in found.itertuples():
            kind = "damaged" if row.damage else "leftover"
            sys.stdout.write(f"{kind}: {row.path}: {row.problem}\n")
        damaged = int(found["damage"].sum())
        verdict = f"{damaged} problem(s) found" if damaged else "every file checks out"
        err_console().print(f"{ws.warehouse.path}: {verdict}", highlight=False, soft_wrap=True)
    if not found.attrs["meta"]["ok"]:
        raise typer.Exit(1)


@command(app, Workspace.demo_world, cli=())
def demo_world(call: Call) -> None:
    """A progress bar per stage, then the folder written."""
    from rich.progress import Progress

    with Progress(console=err_console(), transient=True) as bar:
        tasks: dict[str, int] = {}

        def advance(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        path = call(progress=advance)
    err_console().print(f"wrote {path} (synthetic demo world, not real statistics)")
