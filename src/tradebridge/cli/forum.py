"""Business forum commands: ``schedule`` and ``forum-demo``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tradebridge.cli.app import (
    Format,
    FormatOpt,
    app,
    workspace_for,
)
from tradebridge.cli.render import render

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
    time_limit: Annotated[float, typer.Option("--time-limit", help="Solver seconds")] = 30.0,
    seed: Annotated[int, typer.Option("--seed", help="Solver random seed")] = 1,
    lock: LockOpt = None,
    agendas: AgendasOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Schedule B2B meetings: most weighted requests, then fewest idle gaps and table changes."""
    rows = workspace_for().schedule(
        forum_file, out, time_limit=time_limit, seed=seed, lock=lock, agendas=agendas
    )
    render(rows, fmt, title=f"Schedule written to {out}")


@app.command("forum-demo")
def forum_demo_command(
    out: Annotated[Path, typer.Argument(help="Forum JSON to write")],
    participants: Annotated[
        int, typer.Option("--participants", help="Number of participants (at least 4)")
    ] = 300,
    seed: Annotated[int, typer.Option("--seed", help="Random seed")] = 7,
    country: Annotated[str, typer.Option("--country", help="Exporters' country")] = "AZE",
    partner: Annotated[
        str, typer.Option("--partner", help="Buyers' and investors' country")
    ] = "RUS",
    fmt: FormatOpt = Format.table,
) -> None:
    """Write a realistic synthetic business forum (exporters meet buyers and investors)."""
    rows = workspace_for().forum_demo(
        out, participants=participants, seed=seed, country=country, partner=partner
    )
    render(rows, fmt, title=f"Demo forum written to {out}")
