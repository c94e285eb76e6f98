"""Registrations and staff's decisions on them, many in one call: each item checked as one
is (the rules of ``events.registration``), the batch checked with a few set queries and
stored with one statement per table, one audit entry per row (``events.batches``: all or
none, or with ``skip_invalid`` those that pass)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from tradebridge.accounts.models import User
from tradebridge.db.audit import insert_many, update_many
from tradebridge.errors import BadInput, Forbidden, InvalidRecord, NotFound
from tradebridge.events import services as events
from tradebridge.events.batches import MAX_ITEMS, Batch, Refusal, settle
from tradebridge.events.models import Event, EventParticipant, MarketplaceEntry
from tradebridge.events.registration import (
    MAX_TEXT,
    TAKING_PART,
    ParticipantRecord,
    Taken,
    get_participant,
    may_change,
    open_for,
)
from tradebridge.registry.models import Organisation


def register_many(
    session: Session,
    event_id: int,
    records: Sequence[ParticipantRecord],
    *,
    user: Any = None,
    skip_invalid: bool = False,
) -> Batch[EventParticipant]:
    """Sign ``records`` up for an event, each checked as one registration is (the rules
    above), in order (``events.batches``: all or none, or with ``skip_invalid`` those that
    pass). Checked with a few set queries (the organisations, the event's e-mails and fixed
    tables, its count against the capacity) and stored with one statement per table (the
    participants, their marketplace entries), one audit entry per row."""
    if len(records) > MAX_ITEMS:
        raise BadInput(
            f"{len(records)} registrations in one batch; at most {MAX_ITEMS}", field="items"
        )
    event = events.get(session, event_id, user=user)
    open_for(user, event)
    orgs = sorted({r.organisation_id for r in records})
    status_of = dict(
        session.execute(
            select(Organisation.id, Organisation.status).where(Organisation.id.in_(orgs))
        ).all()
    )
    taken = Taken.of(session, event)
    count = session.scalar(
        select(func.count(EventParticipant.id)).where(
            EventParticipant.event_id == event.id, EventParticipant.status.in_(TAKING_PART)
        )
    )
    passed: list[ParticipantRecord] = []
    refused: list[Refusal] = []
    for number, record in enumerate(records, start=1):
        try:
            may_change(user, event, record.organisation_id)
            if record.table is not None and not events.is_staff(user):
                raise Forbidden("only staff give participants a fixed table", field="table")
            if status_of.get(record.organisation_id, "archived") == "archived":
                raise BadInput(
                    f"no registered organisation #{record.organisation_id}",
                    field="organisation_id",
                )
            if event.capacity is not None and count >= event.capacity:
                raise BadInput(
                    f"the event is full ({event.capacity} participants)", field="capacity"
                )
            problems = record.problems(event)
            if problems:
                raise InvalidRecord(problems)
            taken.check(record, None)
        except (BadInput, Forbidden) as exc:
            refused.append(Refusal(number, exc))
            continue
        count += 1
        taken.add(record, number)
        passed.append(record)
    settle(refused, len(records), "registration", skip_invalid=skip_invalid)
    return Batch(_store_many(session, event, passed), refused)


def _store_many(
    session: Session, event: Event, records: list[ParticipantRecord]
) -> list[EventParticipant]:
    """Insert ``records`` as pending participants of ``event`` with their entries, each
    linked to the account of its e-mail (of its organisation, or a staff account)."""
    emails = sorted({r.email.casefold() for r in records})
    accounts = {}
    for start in range(0, len(emails), 500):
        query = select(User.email, User.id, User.organisation_id, User.role).where(
            User.email.in_(emails[start : start + 500])
        )
        accounts.update({row[0]: row[1:] for row in session.execute(query)})
    rows = []
    for r in records:
        account = accounts.get(r.email.casefold())
        linked = account is not None and (
            account[1] == r.organisation_id or str(account[2]) != "company"
        )
        rows.append(
            {
                "event_id": event.id,
                "status": "pending",
                "user_id": account[0] if linked else None,
                "organisation_id": r.organisation_id,
                "person_name": r.person_name.strip(),
                "position": r.position.strip(),
                "email": r.email.casefold(),
                "available_sessions": None
                if r.available_sessions is None
                else sorted(set(r.available_sessions)),
                "max_meetings": r.max_meetings,
                "table": r.table,
            }
        )
    ids = insert_many(session, EventParticipant, rows)
    entries = [
        {
            "participant_id": ident,
            "kind": e.kind,
            "title": e.title.strip(),
            "description": e.description.strip(),
            "hs_codes": list(dict.fromkeys(e.hs_codes)),
        }
        for ident, r in zip(ids, records, strict=True)
        for e in r.entries
    ]
    insert_many(session, MarketplaceEntry, entries)
    return _loaded(session, ids)


def _loaded(session: Session, ids: list[int]) -> list[EventParticipant]:
    """Participants ``ids`` in that order, with their entries and organisations."""
    found: dict[int, EventParticipant] = {}
    for start in range(0, len(ids), 500):
        query = (
            select(EventParticipant)
            .where(EventParticipant.id.in_(ids[start : start + 500]))
            .options(
                selectinload(EventParticipant.entries),
                selectinload(EventParticipant.organisation),
            )
            .execution_options(populate_existing=True)
        )
        found.update({p.id: p for p in session.scalars(query)})
    return [found[ident] for ident in ids]


@dataclass(frozen=True)
class DecisionItem:
    """Staff's decision on one registration: ``approved`` or ``declined``, with a note."""

    participant_id: int
    decision: str
    note: str = ""


def decide_many(
    session: Session,
    event_id: int,
    items: Sequence[DecisionItem],
    *,
    user: Any = None,
    skip_invalid: bool = False,
) -> Batch[EventParticipant]:
    """Approve or decline many registrations of one event (staff only), each checked as one
    decision is, in order (``events.batches``); the participants loaded with one query and
    changed with a few statements, one audit entry per participant changed."""
    events.require_staff(user, "approve or decline participants")
    if len(items) > MAX_ITEMS:
        raise BadInput(f"{len(items)} decisions in one batch; at most {MAX_ITEMS}", field="items")
    event = events.get(session, event_id, user=user)
    if event.status == "closed":
        raise BadInput("the event is closed", field="status")
    wanted = sorted({item.participant_id for item in items})
    loaded = []  # held, so that the session keeps them for ``get_participant``
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        query = select(EventParticipant).where(EventParticipant.id.in_(chunk))
        loaded += session.scalars(query).all()
    changes: dict[int, dict[str, Any]] = {}
    decided: list[int] = []
    refused: list[Refusal] = []
    for number, item in enumerate(items, start=1):
        try:
            p = get_participant(session, item.participant_id, user=user)
            if p.event_id != event.id:
                raise NotFound(
                    f"no participant #{item.participant_id} at event #{event.id}",
                    field="participant",
                )
            if item.decision not in ("approved", "declined"):
                raise BadInput(
                    f"decide approved or declined, not {item.decision!r}", field="decision"
                )
            if p.status == "withdrawn":
                raise BadInput("the participant has withdrawn", field="decision")
            if len(item.note) > MAX_TEXT:
                raise BadInput(
                    f"the note is too long (at most {MAX_TEXT} characters)", field="note"
                )
        except BadInput as exc:
            refused.append(Refusal(number, exc))
            continue
        changes[p.id] = {"status": item.decision, "decision_note": item.note.strip()}
        decided.append(p.id)
    settle(refused, len(items), "decision", skip_invalid=skip_invalid)
    update_many(session, EventParticipant, changes)
    del loaded
    return Batch(_loaded(session, decided), refused)
