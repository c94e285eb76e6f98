"""``tradebridge serve``: the web application and the REST API."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tradebridge.cli.app import WarehouseOpt, app


@app.command("serve")
def serve_command(
    warehouse: WarehouseOpt = None,
    host: Annotated[
        str | None, typer.Option(help="Address to listen on [$TRADEBRIDGE_HOST, 127.0.0.1]")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port [$TRADEBRIDGE_PORT, 8000]")] = None,
) -> None:
    """Serve the web pages and the REST API (/api/docs) until Ctrl-C."""
    from tradebridge.web.server import serve

    serve(Path(warehouse) if warehouse else None, host, port)
