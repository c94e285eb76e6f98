"""Between a record and its row: the ``OrganisationRecord`` of a stored row (the row's
columns are ``record.record_values``), and the two tables derived from each row (filter
facets, search text), rewritten by ``reindex`` with every change."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from tradebridge.db.bulk import insert_plain
from tradebridge.registry.models import Organisation, OrganisationFacet, OrganisationSearch
from tradebridge.registry.record import Contact, OrganisationRecord, Product
from tradebridge.registry.search import document, fold

_CHUNK = 500


def record_of(org: Organisation) -> OrganisationRecord:
    """The plain record of a stored organisation."""
    return OrganisationRecord(
        kind=org.kind,
        country=org.country,
        name_en=org.name_en,
        name_az=org.name_az,
        name_ru=org.name_ru,
        ref=org.ref,
        city=org.city,
        sectors=tuple(org.sectors or ()),
        offered=tuple(Product(**p) for p in org.products_offered or ()),
        sought=tuple(Product(**p) for p in org.products_sought or ()),
        description_en=org.description_en,
        description_az=org.description_az,
        description_ru=org.description_ru,
        certifications=tuple(org.certifications or ()),
        certifications_required=tuple(org.certifications_required or ()),
        current_markets=tuple(org.current_markets or ()),
        target_markets=tuple(org.target_markets or ()),
        size_band=org.size_band,
        contacts=tuple(Contact(**c) for c in org.contacts or ()),
        brand=org.brand,
        brand_since=org.brand_since,
        status=org.status,
        synthetic=org.synthetic,
        responsible_id=org.responsible_id,
    )


def facets_of(record: OrganisationRecord) -> set[tuple[str, str]]:
    """The ``(facet, value)`` pairs the list filters read: sectors and the HS6 codes offered
    and sought."""
    pairs = {("sector", s) for s in record.sectors}
    pairs |= {("offered", p.code) for p in record.offered}
    pairs |= {("sought", p.code) for p in record.sought}
    return pairs


@functools.cache
def _code_words(code: str) -> str:
    """The folded HS description of ``code`` (folded once per code and process)."""
    from tradebridge.reference.hs import name_of

    return fold(name_of(code))


def search_text(record: OrganisationRecord) -> str:
    """The searchable text: names, descriptions, city, the organisation's words for its
    products and the HS descriptions of their codes."""
    products = record.offered + record.sought
    parts = [*record.names(), record.description_en, record.description_az]
    parts += [record.description_ru, record.city, *(p.description for p in products)]
    codes = dict.fromkeys(p.code for p in products)
    return document(parts, folded=[_code_words(code) for code in codes])


def chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def reindex(
    session: Session, organisations: Sequence[tuple[int, OrganisationRecord]], *, new: bool = False
) -> None:
    """Rewrite the facets and search text of ``organisations`` (``(id, record)`` pairs of
    stored rows); ``new`` ones have none to remove."""
    if not new:
        ids = [ident for ident, _ in organisations]
        for chunk in chunks(ids):
            for table in (OrganisationFacet, OrganisationSearch):
                session.execute(delete(table).where(table.organisation_id.in_(chunk)))
    facets = [(ident, f, v) for ident, record in organisations for f, v in facets_of(record)]
    texts = [(ident, search_text(record)) for ident, record in organisations]
    insert_plain(
        session, OrganisationFacet.__table__, ("organisation_id", "facet", "value"), facets
    )
    insert_plain(session, OrganisationSearch.__table__, ("organisation_id", "document"), texts)
