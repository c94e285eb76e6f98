"""The public catalogue: the verified members of a national brand ("Made in Azerbaijan"), by
sector and product, searchable, each with a page showing only what may be shown publicly.

Shown: verified organisations with a brand; on their page the names, kind, country, city,
sectors, products, descriptions, certifications, markets, size band and membership date, and
only the contacts that consented to be shown (``public``). Never shown: the ref, the other
contacts, the responsible staff member, drafts and archived organisations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from tradebridge.errors import NotFound
from tradebridge.registry.models import Organisation, OrganisationFacet
from tradebridge.registry.queries import Filters, Page, page_of, query

PER_PAGE = 24


def _members(stmt: Select, brand: str | None) -> Select:
    stmt = stmt.where(Organisation.status == "verified", Organisation.brand.is_not(None))
    if brand:
        stmt = stmt.where(Organisation.brand == brand)
    return stmt


def brands(session: Session) -> list[tuple[str, int]]:
    """Every brand with its number of verified members, largest first."""
    stmt = _members(select(Organisation.brand, func.count()), None).group_by(Organisation.brand)
    rows = session.execute(stmt.order_by(func.count().desc(), Organisation.brand)).all()
    return [(str(name), int(count)) for name, count in rows]


def sectors(session: Session, brand: str | None = None) -> list[tuple[str, int]]:
    """Every sector with its number of verified members (of ``brand``, or of any brand)."""
    members = _members(select(Organisation.id), brand)
    stmt = (
        select(OrganisationFacet.value, func.count())
        .where(OrganisationFacet.facet == "sector")
        .where(OrganisationFacet.organisation_id.in_(members))
        .group_by(OrganisationFacet.value)
        .order_by(func.count().desc(), OrganisationFacet.value)
    )
    return [(str(sector), int(count)) for sector, count in session.execute(stmt).all()]


def members(
    session: Session,
    *,
    brand: str | None = None,
    sector: str | None = None,
    product: str | None = None,
    q: str | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> Page:
    """One page of verified brand members, filtered; best match first for a search."""
    from tradebridge.errors import BadInput

    if page < 1 or not 1 <= per_page <= 100:
        raise BadInput("page must be 1 or more and per_page 1 to 100", field="page")
    filters = Filters(sector=sector, product=product, q=q, status="verified")
    return page_of(
        session,
        lambda ranked: _members(query(session, filters, ranked=ranked), brand),
        page,
        per_page,
    )


@dataclass(frozen=True)
class PublicProduct:
    """A product on a public page, with the market intelligence it links to."""

    code: str
    description: str
    hs_description: str
    sector: str
    direction: str  # offered or sought


def public_view(org: Organisation) -> dict[str, Any]:
    """What the public page of a member shows (see the module's docstring)."""
    from tradebridge.reference.hs import name_of
    from tradebridge.reference.sectors import sector_of

    listed = [("offered", p) for p in org.products_offered or ()]
    listed += [("sought", p) for p in org.products_sought or ()]
    products = [
        PublicProduct(
            p["code"], p.get("description", ""), name_of(p["code"]), sector_of(p["code"]), way
        )
        for way, p in listed
    ]
    return {
        "id": org.id,
        "kind": org.kind,
        "name_en": org.name_en,
        "name_az": org.name_az,
        "name_ru": org.name_ru,
        "country": org.country,
        "city": org.city,
        "sectors": list(org.sectors or ()),
        "products": [p.__dict__ for p in products],
        "description_en": org.description_en,
        "description_az": org.description_az,
        "description_ru": org.description_ru,
        "certifications": list(org.certifications or ()),
        "current_markets": list(org.current_markets or ()),
        "target_markets": list(org.target_markets or ()),
        "size_band": org.size_band,
        "brand": org.brand,
        "brand_since": org.brand_since.isoformat() if org.brand_since else None,
        "contacts": [
            {k: c.get(k, "") for k in ("name", "role", "email", "phone")}
            for c in org.contacts or ()
            if c.get("public")
        ],
        "synthetic": org.synthetic,
    }


def member(session: Session, organisation_id: int) -> dict[str, Any]:
    """The public view of a verified brand member; ``NotFound`` for anyone else (a draft, an
    archived organisation or a non-member has no public page)."""
    org = session.scalar(
        _members(select(Organisation), None).where(Organisation.id == organisation_id)
    )
    if org is None:
        raise NotFound(f"no catalogue member #{organisation_id}", field="id")
    return public_view(org)
