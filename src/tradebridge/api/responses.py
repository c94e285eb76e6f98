"""Results as HTTP responses: ``{meta, rows}`` JSON or CSV, with an ETag from the warehouse.

The ETag is a hash of the warehouse's partition checksums, the request's path and query and the
package version: re-ingesting any year, or asking anything else, changes it. A request whose
``If-None-Match`` holds the current ETag gets ``304 Not Modified`` without computing anything.
"""

from __future__ import annotations

import hashlib
import io
import json
from typing import Any

import pandas as pd
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from tradebridge import __version__
from tradebridge.data.warehouse import Warehouse
from tradebridge.results import document, json_safe

CSV_TYPE = "text/csv; charset=utf-8"


def etag(warehouse: Warehouse, request: Request, extra: str = "") -> str:
    """A strong ETag for this request against this warehouse's content."""
    parts = warehouse.partitions()
    digest = hashlib.sha256()
    for year, part in sorted(parts.items()):
        digest.update(f"{year}:{part.checksum};".encode())
    query = sorted(request.query_params.multi_items())
    digest.update(f"{__version__}|{request.url.path}|{query}".encode())
    digest.update(extra.encode())
    return '"' + digest.hexdigest()[:32] + '"'


def not_modified(request: Request, tag: str) -> Response | None:
    """``304`` when the client already holds ``tag``, else None."""
    held = request.headers.get("if-none-match", "")
    if tag in [t.strip() for t in held.split(",")] or held.strip() == "*":
        return Response(status_code=304, headers={"ETag": tag})
    return None


def payload(result: Any) -> dict[str, Any]:
    """The JSON document of a result: ``{meta, rows}`` for tables; objects with ``to_dict``
    (the product space: ``{meta, nodes, edges}``) as they define it."""
    if isinstance(result, pd.DataFrame):
        return document(result)
    if hasattr(result, "to_dict"):
        return json_safe(result.to_dict())
    if isinstance(result, list):
        return {"meta": {}, "rows": json_safe(result)}
    raise TypeError(f"no JSON form for {type(result).__name__}")


def table_of(result: Any) -> pd.DataFrame:
    """The rows a CSV download holds (the nodes, for the product space)."""
    if isinstance(result, pd.DataFrame):
        return result
    if hasattr(result, "nodes"):
        return result.nodes
    return pd.DataFrame(result)


def respond(result: Any, fmt: str, tag: str, filename: str) -> Response:
    """The result as JSON (default) or as a CSV download, carrying ``tag``."""
    headers = {"ETag": tag, "Cache-Control": "no-cache"}
    if fmt == "csv":
        buffer = io.StringIO()
        table_of(result).to_csv(buffer, index=False)
        headers["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return Response(buffer.getvalue(), media_type=CSV_TYPE, headers=headers)
    body = json.dumps(payload(result), ensure_ascii=False, allow_nan=False)
    return Response(body, media_type="application/json", headers=headers)


def error_body(message: str, field: str | None, nearest: list[str] | None) -> dict[str, Any]:
    """The one error shape of the API: ``{"error": {"message", "field", "nearest"}}``."""
    return {"error": {"message": message, "field": field, "nearest": nearest or []}}


def error_response(
    status: int, message: str, field: str | None = None, nearest: list[str] | None = None
) -> JSONResponse:
    return JSONResponse(error_body(message, field, nearest), status_code=status)
