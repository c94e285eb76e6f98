"""The registry's tables: one row per organisation (audited), and two indexes derived from it.

``organisations`` holds everything about an organisation; the lists (sectors, products offered
and sought with their descriptions, certifications, markets, contacts) are JSON arrays in the
row, so that one audit entry shows the whole change. Two tables are derived from each row by the
services (never edited by hand, not audited): ``organisation_facets`` (one row per sector and
product: what the list filters use, with an index) and
``organisation_search`` (the text the full-text search reads; see ``registry.search``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

import tradebridge.accounts.models  # noqa: F401  (users: the responsible staff member)
from tradebridge.db.audit import Auditable
from tradebridge.db.base import Base, Timestamps, one_of
from tradebridge.registry.vocabulary import KINDS, SIZE_BANDS, STATUSES


class Organisation(Auditable, Timestamps, Base):
    """An exporter, buyer, investor, service provider or association."""

    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint(one_of("kind", KINDS), name="kind"),
        CheckConstraint(one_of("status", STATUSES), name="status"),
        CheckConstraint(f"size_band IS NULL OR {one_of('size_band', SIZE_BANDS)}", name="size"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str | None] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    name_en: Mapped[str] = mapped_column(String(300), default="")
    name_az: Mapped[str] = mapped_column(String(300), default="")
    name_ru: Mapped[str] = mapped_column(String(300), default="")
    country: Mapped[str] = mapped_column(String(3), index=True)
    city: Mapped[str] = mapped_column(String(300), default="")
    sectors: Mapped[list[str]] = mapped_column(JSON, default=list)
    products_offered: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    products_sought: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_az: Mapped[str] = mapped_column(Text, default="")
    description_ru: Mapped[str] = mapped_column(Text, default="")
    certifications: Mapped[list[str]] = mapped_column(JSON, default=list)
    certifications_required: Mapped[list[str]] = mapped_column(JSON, default=list)
    current_markets: Mapped[list[str]] = mapped_column(JSON, default=list)
    target_markets: Mapped[list[str]] = mapped_column(JSON, default=list)
    size_band: Mapped[str | None] = mapped_column(String(8))
    contacts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    brand: Mapped[str | None] = mapped_column(String(300), index=True)
    brand_since: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8), default="draft", index=True)
    responsible_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.kind} {self.country} {self.name_en!r}>"


class OrganisationFacet(Base):
    """One value of one list of an organisation, for filtering: ``facet`` is ``sector`` or
    ``offered`` / ``sought`` (HS6 codes). Derived from ``organisations`` by the services."""

    __tablename__ = "organisation_facets"
    __table_args__ = (Index("ix_organisation_facets_facet_value", "facet", "value"),)

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    facet: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(64), primary_key=True)


class OrganisationSearch(Base):
    """The searchable text of an organisation (names, descriptions, product words), folded
    by ``registry.search.fold``; the full-text index of each database is built over it."""

    __tablename__ = "organisation_search"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    document: Mapped[str] = mapped_column(Text, default="")
