"""Commands that get real data: ``fetch baci|comtrade|wdi|distances``, ``refresh``, and
``ingest wdi|distances`` for the same files downloaded by hand."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import typer

from tradebridge.cli.app import app, err_console, fail
from tradebridge.cli.commands import Call, command, group, register
from tradebridge.cli.warehouse import ingest_app, print_report
from tradebridge.workspace import Workspace

fetch_app = group(
    "fetch", help="Download real data (CEPII BACI, UN Comtrade, World Bank WDI, CEPII distances)."
)


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
    with Progress(*columns, console=err_console(), transient=True) as bar:
        task = bar.add_task("starting", total=None)

        def on_bytes(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        def on_note(message: str) -> None:
            bar.update(task, description=message)

        yield on_bytes, on_note


def _show(landed, wh) -> None:
    for line in landed.lines:
        err_console().print(line, markup=False, highlight=False)
    if landed.report is not None:
        print_report(landed.report, wh.path)


def fetch(call: Call) -> None:
    """A download with its progress bar (for the methods that report bytes) and status line."""
    takes_bytes = "progress" in inspect.signature(call.target).parameters
    with _progress() as (on_bytes, on_note):
        landed = call(note=on_note, **({"progress": on_bytes} if takes_bytes else {}))
    _show(landed, call.workspace.warehouse)


for method in (
    Workspace.fetch_baci,
    Workspace.fetch_comtrade,
    Workspace.fetch_wdi,
    Workspace.fetch_distances,
):
    register(fetch_app, method, fetch, cli=("warehouse",))


@command(app, Workspace.refresh, cli=("warehouse",))
def refresh(call: Call) -> None:
    """Each source's line on stderr; what changed (or "up to date") on stdout; exit 1 when a
    source failed."""
    with _progress() as (on_bytes, on_note):
        result = call(progress=on_bytes, note=on_note)
    for line in result.lines:
        err_console().print(line, markup=False, highlight=False)
    if result.failed:
        fail("; ".join(result.failed), 1)
    verb = "new releases" if call.args["check"] else "updated"
    typer.echo("up to date" if result.up_to_date else f"{verb}: {', '.join(result.changed)}")


def _store(call: Call) -> None:
    _show(call(), call.workspace.warehouse)


register(ingest_app, Workspace.ingest_wdi, _store, cli=("warehouse",))
register(ingest_app, Workspace.ingest_distances, _store, cli=("warehouse",))
