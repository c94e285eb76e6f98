"""``reference``: countries, groups, HS products and sectors."""

from __future__ import annotations

from functools import partial

from tradebridge.cli.commands import group, register, show_rows
from tradebridge.workspace import Workspace

reference_app = group("reference", help="Reference data: countries, groups, HS products, sectors.")

for method, title in [
    (Workspace.reference_countries, "Countries"),
    (Workspace.reference_groups, "Country groups"),
    (Workspace.reference_sectors, "Sectors"),
    (Workspace.reference_products, "HS6 products"),
]:
    register(reference_app, method, partial(show_rows, title=title), cli=("fmt",))
