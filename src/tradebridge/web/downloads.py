"""A report's download as an HTTP response (``reports.exports``: CSV, XLSX or PDF), named
``<stem>.<format>`` and never kept by a shared cache (reports are confidential to the agency)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from starlette.responses import Response

from tradebridge.reports.exports import Table, export


def download(
    tables: Sequence[Table],
    fmt: str,
    stem: str,
    *,
    table: str | None = None,
    printed: Callable[[], str] | None = None,
) -> Response:
    """The report's ``tables`` (or its printed document) as the file ``stem.fmt``."""
    made = export(tables, fmt, table=table, printed=printed)
    name = f"{stem}-{table}" if table and fmt == "csv" else stem
    headers = {
        "Content-Disposition": f'attachment; filename="{name}.{made.suffix}"',
        "Cache-Control": "private, no-store",
    }
    return Response(made.content, media_type=made.media_type, headers=headers)
