"""The public catalogue (no login): the verified members of the national brand by sector and
product, full-text search over their names and descriptions in az/ru/en, and each member's page
with only what it agreed to show and, for each of its products, links to the market
intelligence (where the product sells; which markets have untapped potential for its sector)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query
from starlette.requests import Request
from starlette.responses import Response

from tradebridge.accounts.policy import Access
from tradebridge.i18n import current
from tradebridge.i18n import gettext as _
from tradebridge.web.auth import DbSession, policy
from tradebridge.web.pages.registry_forms import labels
from tradebridge.web.templating import page

router = APIRouter(dependencies=[policy(Access.public)])
Text = Annotated[str | None, Query(max_length=200)]


def _member_row(org: Any, names: dict[str, dict[str, str]]) -> dict[str, Any]:
    lang = current().code
    name = getattr(org, f"name_{lang}") or org.name_en or org.name_az or org.name_ru
    return {
        "id": org.id,
        "name": name,
        "kind": org.kind,
        "kind_name": names["kind"][org.kind],
        "country": org.country,
        "city": org.city,
        "sectors": list(org.sectors),
        "synthetic": org.synthetic,
    }


def _link(request: Request, **changes: Any) -> str:
    items = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    items += [(k, str(v)) for k, v in changes.items() if v is not None]
    return "/catalogue?" + urlencode(items)


def _context(request: Request, session: Any, q, brand, sector, product, number: int):
    from tradebridge.registry import catalogue
    from tradebridge.registry.queries import Filters

    checked = Filters(sector=sector, product=product, q=q, brand=brand).checked()
    found = catalogue.members(
        session,
        brand=checked.brand,
        sector=checked.sector,
        product=checked.product,
        q=checked.q,
        page=number,
    )
    names = labels()
    lang = current()
    members = [_member_row(o, names) for o in found.items]
    return {
        "title": _("Catalogue of brand members"),
        "q": checked.q,
        "brand": checked.brand,
        "sector": checked.sector,
        "product": checked.product,
        "brands": [{"name": b, "count": n} for b, n in catalogue.brands(session)],
        "sectors": [
            {"id": s, "name": lang.sector(s), "count": n}
            for s, n in catalogue.sectors(session, checked.brand)
        ],
        "members": members,
        "total": found.total,
        "page": found.page,
        "pages": found.pages,
        "previous_url": _link(request, page=found.page - 1) if found.page > 1 else None,
        "next_url": _link(request, page=found.page + 1) if found.page < found.pages else None,
        "synthetic_members": any(m["synthetic"] for m in members),
    }


@router.get("/catalogue")
@router.get("/catalogue.json")
def catalogue_page(
    request: Request,
    session: DbSession,
    q: Text = None,
    brand: Text = None,
    sector: Text = None,
    product: Text = None,
    page_number: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> Response:
    """Brand members by sector and product, or the members a search finds."""
    context = _context(request, session, q, brand, sector, product, page_number)
    template = "catalogue_results.html" if request.headers.get("hx-request") else "catalogue.html"
    return page(request, template, context)


@router.get("/catalogue/results")
def catalogue_results(
    request: Request,
    session: DbSession,
    q: Text = None,
    brand: Text = None,
    sector: Text = None,
    product: Text = None,
) -> Response:
    """The list alone, for the search box as one types (htmx)."""
    context = _context(request, session, q, brand, sector, product, 1)
    return page(request, "catalogue_results.html", context)


@router.get("/catalogue/{organisation_id:int}")
@router.get("/catalogue/{organisation_id:int}.json")
def member_page(request: Request, session: DbSession, organisation_id: int) -> Response:
    """One member: only the fields and contacts it agreed to show."""
    from tradebridge.registry.catalogue import member

    view = member(session, organisation_id)
    lang = current().code
    title = view[f"name_{lang}"] or view["name_en"] or view["name_az"] or view["name_ru"]
    context = {"title": title, "organisation": view, "labels": labels()}
    return page(request, "catalogue_member.html", context)
