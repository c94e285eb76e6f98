"""The web application: ``serve``."""

from __future__ import annotations

from typing import Annotated

from tradebridge.options import Doc
from tradebridge.workspace.base import WorkspaceBase


class WebCommands(WorkspaceBase):
    """The web application, as methods of ``Workspace``."""

    def serve(
        self,
        host: Annotated[
            str | None, Doc("Address to listen on [$TRADEBRIDGE_HOST, 127.0.0.1]")
        ] = None,
        port: Annotated[int | None, Doc("Port [$TRADEBRIDGE_PORT, 8000]")] = None,
    ) -> None:
        """Serve the web pages and the REST API over this warehouse until interrupted; warns
        when ``host`` is not a loopback address."""
        from tradebridge.web.server import serve

        serve(self.warehouse.path, host, port, engine=self.engine)
