"""``tradebridge serve``: the app under uvicorn, on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tradebridge.errors import BadInput
from tradebridge.web.settings import Settings


def serve(
    warehouse: Path | None, host: str | None, port: int | None, engine: str | None = None
) -> None:
    """Serve the app until interrupted; print its URL first and warn when it is exposed."""
    import uvicorn

    from tradebridge.web.app import create_app
    from tradebridge.web.warmup import settle_heap

    overrides = {"home": warehouse, "host": host, "port": port, "engine": engine}
    if "TRADEBRIDGE_WARM" not in os.environ:
        overrides["warm"] = True
    settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
    if not 0 < settings.port < 65536:
        raise BadInput(f"not a TCP port: {settings.port}", field="port")
    shown = f"[{settings.host}]" if ":" in settings.host else settings.host
    print(f"tradebridge: http://{shown}:{settings.port}/ (Ctrl-C stops)", flush=True)
    if settings.exposed:
        print(
            f"warning: listening on {settings.host}: the app is exposed to other machines; "
            "put it behind HTTPS so that passwords and session cookies never travel in clear",
            file=sys.stderr,
            flush=True,
        )
    app = create_app(settings)
    settle_heap()
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
