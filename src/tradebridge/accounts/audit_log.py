"""Reading the audit log (admins): filtered by actor, entity and dates, newest first."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from tradebridge.db.audit import AuditEntry
from tradebridge.errors import BadInput


def _start(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def search(
    session: Session,
    *,
    actor: str | None = None,
    entity_type: str | None = None,
    entity_id: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Entries newest first: ``actor`` matches the actor's e-mail or label (or a user id),
    ``since``/``until`` are whole UTC days, both included."""
    if since and until and since > until:
        raise BadInput("the first day is after the last", field="since")
    query = select(AuditEntry)
    if actor:
        match = [AuditEntry.actor == actor.strip().casefold(), AuditEntry.actor == actor.strip()]
        if actor.strip().isdigit():
            match.append(AuditEntry.user_id == int(actor))
        query = query.where(or_(*match))
    if entity_type:
        query = query.where(AuditEntry.entity_type == entity_type)
    if entity_id:
        query = query.where(AuditEntry.entity_id == entity_id)
    if since:
        query = query.where(AuditEntry.at >= _start(since))
    if until:
        query = query.where(AuditEntry.at < _start(until + timedelta(days=1)))
    query = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit).offset(offset)
    return [
        {
            "id": e.id,
            "at": e.at,
            "user_id": e.user_id,
            "actor": e.actor,
            "action": e.action,
            "entity_type": e.entity_type,
            "entity_id": e.entity_id,
            "before": e.before,
            "after": e.after,
        }
        for e in session.scalars(query)
    ]


def entity_types(session: Session) -> list[str]:
    """The entity types the log holds, for the filter."""
    return sorted(session.scalars(select(AuditEntry.entity_type).distinct()))
