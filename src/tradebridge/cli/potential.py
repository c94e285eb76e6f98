"""Export potential commands: ``potential``, ``mutual``, ``brief``."""

from __future__ import annotations

from tradebridge.cli.app import app, err_console
from tradebridge.cli.commands import Call, command, register
from tradebridge.workspace import Workspace

register(app, Workspace.potential)
register(app, Workspace.mutual)


@command(app, Workspace.brief, cli=("warehouse", "engine"))
def brief(call: Call) -> None:
    """The brief is a file: name it on stderr."""
    err_console().print(f"wrote {call()}", markup=False, highlight=False)
