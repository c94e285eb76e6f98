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
    Path,
    typer.Option("--warehouse", "-w", help="Warehouse folder [$TRADEBRIDGE_HOME or ./tradebridge-data]"),
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
        out, participants=participants, seed=seed,
        exporter_country=exporter_country, partner_country=partner_country,
    )
    render(rows, fmt, title=f"Demo forum written to {out}")
