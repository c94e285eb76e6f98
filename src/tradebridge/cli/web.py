"""``tradebridge serve``: the web application and the REST API."""

from __future__ import annotations

from tradebridge.cli.app import app
from tradebridge.cli.commands import Call, register
from tradebridge.workspace import Workspace


def _serve(call: Call) -> None:
    call()


register(app, Workspace.serve, _serve, cli=("warehouse",))
