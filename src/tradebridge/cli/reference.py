"""``reference``: countries, groups, HS products and sectors.

The commands are declared by the ``Workspace`` methods, but print the plain rows those methods
wrap in a DataFrame (``tradebridge.rows.Rows``), so that listing reference data does not import
pandas.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from tradebridge.cli.commands import Call, group, register
from tradebridge.reference.groups import country_list, group_list
from tradebridge.reference.sectors import product_list, sector_list
from tradebridge.rows import Rows
from tradebridge.workspace import Workspace

reference_app = group("reference", help="Reference data: countries, groups, HS products, sectors.")


def show_plain(call: Call, rows_of: Callable[..., Rows], title: str) -> None:
    """Run the reference function behind the method with the parsed values and render its
    rows."""
    from tradebridge.cli.render import render

    render(rows_of(**call.args), call.fmt, title=title)


for method, rows_of, title in [
    (Workspace.reference_countries, country_list, "Countries"),
    (Workspace.reference_groups, group_list, "Country groups"),
    (Workspace.reference_sectors, sector_list, "Sectors"),
    (Workspace.reference_products, lambda sector, hs: product_list(sector, hs), "HS6 products"),
]:
    register(reference_app, method, partial(show_plain, rows_of=rows_of, title=title), cli=("fmt",))
