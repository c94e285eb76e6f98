"""The registry list's filters as query parameters, read the same way by the REST API
(``GET /api/v1/organisations``) and the staff pages (the list and its export)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from tradebridge.registry.queries import Filters

Text = Annotated[str | None, Query(max_length=300)]


def list_filters(
    q: Text = None,
    kind: Text = None,
    country: Text = None,
    sector: Text = None,
    product: Text = None,
    brand: Text = None,
    status: Text = None,
) -> Filters:
    """The filters given, normalised; ``BadInput`` (HTTP 400) naming a wrong one."""
    return Filters(
        kind=kind, country=country, sector=sector, product=product, brand=brand, status=status, q=q
    ).checked()


ListFilters = Annotated[Filters, Depends(list_filters)]
