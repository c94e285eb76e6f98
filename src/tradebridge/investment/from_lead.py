"""An investment project started from an event's lead: what the lead tells of the project before
anyone types it (``events.outcome_models.Lead``).

The investor is the side of the lead that is an investor in the registry (the lead's own
organisation when both or neither are); the origin is the investor's country and the
destination the other side's (the event's country when the lead names no counterpart). The
sector is the investor's first sector, else the sector of the lead's product; the source is the
event, named with the lead's number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from tradebridge.accounts.roles import require_staff


@dataclass(frozen=True)
class ProjectDraft:
    """The fields of a new project that a lead fills in (the rest is the staff's to write)."""

    title: str
    investor_id: int
    origin: str
    destination: str
    sector: str | None
    products: tuple[str, ...]
    source: str
    source_ref: str
    lead_id: int


def draft_from_lead(session: Session, lead_id: int, *, user: Any = None) -> ProjectDraft:
    """The draft of a project from lead ``lead_id`` (staff only; ``NotFound`` without it)."""
    from tradebridge.events.outcomes import get_lead
    from tradebridge.reference.sectors import sector_of_code
    from tradebridge.registry.models import Organisation

    require_staff(user, "start investment projects")
    lead = get_lead(session, lead_id, user=user)
    own = session.get(Organisation, lead.organisation_id)
    other = session.get(Organisation, lead.counterpart_id) if lead.counterpart_id else None
    investor, partner = own, other
    if other is not None and other.kind == "investor" and own.kind != "investor":
        investor, partner = other, own
    destination = partner.country if partner is not None else lead.event_country
    sector = (investor.sectors or [None])[0]
    if sector is None and lead.product:
        sector = sector_of_code(lead.product)
    name = investor.name_en or investor.name_az or investor.name_ru
    about = lead.description.strip() or (f"HS {lead.product}" if lead.product else lead.kind)
    return ProjectDraft(
        title=f"{name}: {about}"[:300],
        investor_id=investor.id,
        origin=investor.country,
        destination=destination,
        sector=sector,
        products=(lead.product,) if lead.product else (),
        source="event",
        source_ref=f"{lead.event_title} (lead #{lead.id})"[:300],
        lead_id=lead.id,
    )
