"""``reference``: countries, groups, HS products and sectors."""

from __future__ import annotations

from typing import Annotated

import typer

from tradebridge.cli.app import (
    Format,
    FormatOpt,
    _Commands,
    app,
)
from tradebridge.cli.render import render

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
