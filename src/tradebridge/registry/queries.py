"""Reading the registry: the filters of every list (staff list, export, catalogue), one page
of a list, and every matching record for an export."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from tradebridge.errors import BadInput, nearest
from tradebridge.field_checks import sector_ids
from tradebridge.registry.models import Organisation, OrganisationFacet
from tradebridge.registry.record import OrganisationRecord
from tradebridge.registry.rows import record_of
from tradebridge.registry.search import full_text
from tradebridge.registry.services import READER_ROLES, role_of
from tradebridge.registry.vocabulary import KINDS, STATUSES

PER_PAGE = 50


@dataclass(frozen=True)
class Filters:
    """What a list shows: each given filter must hold. ``product`` is an HS2, HS4 or HS6
    prefix of a product offered or sought; ``status`` None shows all but archived ones;
    ``q`` is a full-text query (results then come best match first)."""

    kind: str | None = None
    country: str | None = None
    sector: str | None = None
    product: str | None = None
    brand: str | None = None
    status: str | None = None
    q: str | None = None
    synthetic: bool | None = None

    def checked(self) -> Filters:
        """The filters with values normalised; ``BadInput`` naming a wrong one."""
        from tradebridge.reference.countries import resolve_country

        out = replace(self, **{k: (v.strip() or None) for k, v in _texts(self).items()})
        if out.kind is not None and out.kind not in KINDS:
            raise BadInput(f"unknown kind {out.kind!r}; {nearest(out.kind, KINDS)}", field="kind")
        if out.country is not None:
            out = replace(out, country=resolve_country(out.country))
        if out.sector is not None and out.sector not in sector_ids():
            hint = nearest(out.sector, sorted(sector_ids()))
            raise BadInput(f"unknown sector {out.sector!r}; {hint}", field="sector")
        if out.product is not None:
            code = out.product.replace(".", "").replace(" ", "")
            if not code.isdigit() or len(code) not in (2, 4, 6):
                raise BadInput(
                    f"not an HS code of 2, 4 or 6 digits: {out.product!r}", field="product"
                )
            out = replace(out, product=code)
        if out.status is not None and out.status not in STATUSES:
            raise BadInput(
                f"unknown status {out.status!r}; valid: {', '.join(STATUSES)}", field="status"
            )
        return out


def _texts(filters: Filters) -> dict[str, str]:
    return {k: v for k, v in filters.__dict__.items() if isinstance(v, str)}


def _facet_ids(facets: Sequence[str], low: str, high: str | None = None) -> Select:
    query = select(OrganisationFacet.organisation_id).where(OrganisationFacet.facet.in_(facets))
    if high is None:
        return query.where(OrganisationFacet.value == low)
    return query.where(OrganisationFacet.value >= low, OrganisationFacet.value < high)


def sort_name() -> Any:
    """The name lists are sorted by: English, else Azerbaijani, else Russian."""
    return func.coalesce(
        func.nullif(Organisation.name_en, ""),
        func.nullif(Organisation.name_az, ""),
        Organisation.name_ru,
    )


def query(session: Session, filters: Filters, *, user: Any = None, ranked: bool = True) -> Select:
    """``SELECT organisations`` matching ``filters`` that ``user`` may read, ordered (a search
    best match first); without ``ranked``, the same rows unordered, for counting."""
    f = filters.checked()
    stmt = select(Organisation)
    if user is not None and role_of(user) not in READER_ROLES:
        stmt = stmt.where(Organisation.id == (user.organisation_id or -1))
    if f.kind:
        stmt = stmt.where(Organisation.kind == f.kind)
    if f.country:
        stmt = stmt.where(Organisation.country == f.country)
    if f.brand:
        stmt = stmt.where(func.lower(Organisation.brand) == f.brand.casefold())
    if f.status:
        stmt = stmt.where(Organisation.status == f.status)
    else:
        stmt = stmt.where(Organisation.status != "archived")
    if f.synthetic is not None:
        stmt = stmt.where(Organisation.synthetic == f.synthetic)
    if f.sector:
        stmt = stmt.where(Organisation.id.in_(_facet_ids(["sector"], f.sector)))
    if f.product:
        high = f.product + ":" if len(f.product) < 6 else None  # ":" sorts after "9"
        ids = _facet_ids(["offered", "sought"], f.product, high)
        stmt = stmt.where(Organisation.id.in_(ids))
    if f.q:
        # materialised: the matches are found once, then joined (SQLite would otherwise run
        # the full-text query again for every row it counts)
        matches = full_text(session.get_bind().dialect.name).matches(f.q, ranked=ranked)
        found = matches.cte("found").prefix_with("MATERIALIZED")
        stmt = stmt.join(found, found.c.organisation_id == Organisation.id)
        return stmt.order_by(found.c.rank, Organisation.id) if ranked else stmt
    return stmt.order_by(sort_name(), Organisation.id) if ranked else stmt


@dataclass(frozen=True)
class Page:
    """One page of a list: ``items``, the ``total`` matching, ``page`` (from 1), ``per_page``."""

    items: list[Organisation]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def list_organisations(
    session: Session,
    filters: Filters = Filters(),
    *,
    user: Any = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> Page:
    """One page of the organisations matching ``filters`` that ``user`` may read."""
    if page < 1 or not 1 <= per_page <= 500:
        raise BadInput("page must be 1 or more and per_page 1 to 500", field="page")
    return page_of(session, lambda ranked: query(session, filters, user=user, ranked=ranked),
                   page, per_page)  # fmt: skip


def page_of(
    session: Session, select_rows: Callable[[bool], Select], page: int, per_page: int
) -> Page:
    """One page of ``select_rows(True)`` (ordered) and the total of ``select_rows(False)`` (the
    same rows unranked: a search counts its matches without scoring them)."""
    counted = select_rows(False).order_by(None).subquery()
    total = session.scalar(select(func.count()).select_from(counted))
    items = session.scalars(select_rows(True).limit(per_page).offset((page - 1) * per_page))
    return Page(list(items.all()), int(total or 0), page, per_page)


def export_records(
    session: Session, filters: Filters = Filters(), *, user: Any = None
) -> Iterable[OrganisationRecord]:
    """Every organisation matching ``filters`` (all pages) as records, in list order."""
    for org in session.scalars(
        query(session, filters, user=user).execution_options(yield_per=1000)
    ):
        yield record_of(org)
