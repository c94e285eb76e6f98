"""Business forum commands: ``schedule`` and ``forum-demo``."""

from __future__ import annotations

from tradebridge.cli.app import app
from tradebridge.cli.commands import Call, register
from tradebridge.workspace import Workspace


def _written(what: str):
    """A ``show`` step titling the statistics with the file written."""

    def show(call: Call) -> None:
        from tradebridge.cli.render import render

        render(call(), call.fmt, title=f"{what} written to {call.args['out']}")

    return show


register(app, Workspace.schedule, _written("Schedule"), cli=("fmt",))
register(app, Workspace.forum_demo, _written("Demo forum"), cli=("fmt",))
