"""Partner matching commands: ``demo-registry``."""

from __future__ import annotations

from tradebridge.cli.app import app, err_console
from tradebridge.cli.commands import Call, command
from tradebridge.workspace import Workspace


@command(app, Workspace.demo_registry, cli=("warehouse",))
def demo_registry(call: Call) -> None:
    """The file written and its organisations by kind."""
    counts = call()
    kinds = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    err_console.print(
        f"wrote {call.args['out']}: {sum(counts.values())} organisations ({kinds}); "
        "synthetic, not real companies",
        highlight=False,
        soft_wrap=True,
    )
