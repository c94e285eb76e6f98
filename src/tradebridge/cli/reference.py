"""``reference``: countries, groups, HS products and sectors."""

from __future__ import annotations

from typing import Annotated

import typer

from tradebridge.cli.app import (
    Format,
    FormatOpt,
    _Commands,
    app,
    workspace_for,
)
from tradebridge.cli.render import render

reference_app = typer.Typer(
    cls=_Commands,
    rich_markup_mode=None,
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
    render(workspace_for().reference_countries(group=group, year=year), fmt, title="Countries")


@reference_app.command("groups")
def reference_groups(fmt: FormatOpt = Format.table) -> None:
    """List country groups (CIS, EAEU, EU27, ...) with their sources."""
    render(workspace_for().reference_groups(), fmt, title="Country groups")


@reference_app.command("sectors")
def reference_sectors(fmt: FormatOpt = Format.table) -> None:
    """List the sectors of the taxonomy with their ids and number of HS6 codes."""
    render(workspace_for().reference_sectors(), fmt, title="Sectors")


@reference_app.command("products")
def reference_products(
    sector: Annotated[str | None, typer.Option("--sector", "-s", help="Sector id or name")] = None,
    hs: Annotated[str | None, typer.Option("--hs", help="HS2, HS4 or HS6 prefix")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """List HS6 products with their sector (optionally one sector's, or under an HS prefix)."""
    render(workspace_for().reference_products(sector=sector, hs=hs), fmt, title="HS6 products")
