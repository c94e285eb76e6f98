"""Trade analytics commands: ``profile``, ``bilateral``, ``indicators``, ``rca``, ``markets``."""

from __future__ import annotations

from tradebridge.cli.app import Format, app
from tradebridge.cli.commands import Call, command, register
from tradebridge.workspace import Workspace

register(app, Workspace.profile)
register(app, Workspace.bilateral)
register(app, Workspace.indicators)
register(app, Workspace.rca)


@command(app, Workspace.markets)
def markets(call: Call) -> None:
    """The table leaves out the percentile ranks (``pct_*``) that CSV and JSON keep."""
    from tradebridge.cli.render import render

    rows = call()
    if call.fmt is Format.table:
        rows = rows[[c for c in rows.columns if not c.startswith("pct_")]]
    render(rows, call.fmt)
