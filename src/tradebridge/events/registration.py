"""Taking part in an event: people of registered organisations sign up, say when they can meet
and what they offer or seek; staff approve or decline them.

Every function takes a session and plain arguments, enforces the rules and leaves the commit to
the caller (changes are audited by the session). The rules:

- a company user registers people of its own organisation, staff anyone's
  (``accounts.policy.ensure_own_organisation``); the organisation must not be archived;
- companies register while registration or meeting requests are open; staff until the event
  is closed; a full event (``capacity`` people waiting or approved) takes nobody more;
- every registration waits for staff to approve or decline it (with a note); a participant
  (or staff) may withdraw;
- a fixed table is the staff's decision; it must be one of the event's and nobody else's;
- available sessions must be the event's own; HS codes real HS6 codes;
- viewers and staff see every participant; a company sees the approved ones and its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tradebridge.errors import BadInput, Forbidden, InvalidRecord, NotFound, nearest
from tradebridge.events import services as events
from tradebridge.events.models import Event, EventParticipant, MarketplaceEntry
from tradebridge.events.status import shown
from tradebridge.events.vocabulary import ENTRY_KINDS, PARTICIPANT_STATUSES
from tradebridge.field_checks import Problem, hs6_codes, text_problems
from tradebridge.registry.models import Organisation

MAX_NAME = 200
MAX_TEXT = 5000
MAX_ENTRIES = 20
MAX_CODES = 50
MAX_MEETINGS = 1000
COMPANY_WINDOW = ("registration_open", "requests_open")
TAKING_PART = ("pending", "approved")
SORTS = ("name", "organisation", "country", "registered")


@dataclass(frozen=True)
class Entry:
    """A marketplace entry: ``kind`` is offer, request or cooperation."""

    kind: str
    title: str
    description: str = ""
    hs_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParticipantRecord:
    """One registration as plain values. ``available_sessions``: session ids (None: all)."""

    organisation_id: int
    person_name: str
    email: str
    position: str = ""
    available_sessions: tuple[int, ...] | None = None
    max_meetings: int | None = None
    table: str | None = None
    entries: tuple[Entry, ...] = field(default=())

    def problems(self, event: Event | None = None) -> list[Problem]:
        """Every rule broken, as ``(field, reason)``; with ``event``, also the sessions and
        the table checked against it."""
        return list(_problems(self, event))


def _problems(r: ParticipantRecord, event: Event | None) -> Iterable[Problem]:
    from tradebridge.accounts.users import EMAIL

    if not r.person_name.strip():
        yield "person_name", "the participant's name is required"
    yield from text_problems("person_name", r.person_name, MAX_NAME)
    yield from text_problems("position", r.position, MAX_NAME)
    if not EMAIL.match(r.email) or len(r.email) > 254:
        yield "email", f"not an e-mail address: {r.email!r}"
    if r.max_meetings is not None and not 0 <= r.max_meetings <= MAX_MEETINGS:
        yield "max_meetings", f"{r.max_meetings} is not between 0 and {MAX_MEETINGS}"
    if len(r.entries) > MAX_ENTRIES:
        yield "entries", f"{len(r.entries)} marketplace entries; at most {MAX_ENTRIES}"
    codes = hs6_codes()
    for k, entry in enumerate(r.entries, start=1):
        if entry.kind not in ENTRY_KINDS:
            yield (
                "entries",
                f"entry {k}: unknown kind {entry.kind!r}; valid: offer, request, cooperation",
            )
        if not entry.title.strip():
            yield "entries", f"entry {k}: a title is required"
        yield from text_problems("entries", entry.title, 300)
        yield from text_problems("entries", entry.description, MAX_TEXT)
        if len(entry.hs_codes) > MAX_CODES:
            yield "entries", f"entry {k}: at most {MAX_CODES} HS codes"
        for code in entry.hs_codes:
            if code not in codes:
                yield "entries", f"entry {k}: not an HS6 code: {code!r}"
    if event is None:
        return
    own = {s.id for s in event.sessions}
    for ident in r.available_sessions or ():
        if ident not in own:
            yield "available_sessions", f"session #{ident} is not one of this event's"
    if r.table is not None and r.table not in (event.tables or ()):
        yield "table", f"unknown table {r.table!r}; {nearest(r.table, list(event.tables or ()))}"


@dataclass
class Taken:
    """The event's e-mails (any status) and fixed tables (of those taking part), each with
    who has it: a participant's id, or minus the number of an earlier item of a batch. What
    a new or changed registration must not repeat."""

    emails: dict[str, int]
    tables: dict[str, int]

    @classmethod
    def of(cls, session: Session, event: Event) -> Taken:
        query = select(EventParticipant.email, EventParticipant.id).where(
            EventParticipant.event_id == event.id
        )
        tables = query.with_only_columns(EventParticipant.table, EventParticipant.id).where(
            EventParticipant.table.is_not(None), EventParticipant.status.in_(TAKING_PART)
        )
        return cls(dict(session.execute(query).all()), dict(session.execute(tables).all()))

    def check(self, record: ParticipantRecord, exclude: int | None) -> None:
        """``BadInput`` when someone else has the e-mail or the fixed table."""
        holder = self.emails.get(record.email.casefold(), exclude)
        if holder != exclude:
            raise BadInput(
                f"{record.email} is already registered for this event{_who(holder)}",
                field="email",
            )
        holder = self.tables.get(record.table, exclude) if record.table is not None else exclude
        if holder is not None and holder != exclude:
            raise BadInput(f"table {record.table} is already {_holder(holder)}'s", field="table")

    def add(self, record: ParticipantRecord, number: int) -> None:
        """Count item ``number`` of a batch as registered."""
        self.emails[record.email.casefold()] = -number
        if record.table is not None:
            self.tables[record.table] = -number


def _who(holder: int | None) -> str:
    return f" (registration {-holder} of this batch)" if holder is not None and holder < 0 else ""


def _holder(holder: int) -> str:
    return f"registration {-holder} of this batch" if holder < 0 else f"participant #{holder}"


def _check(session: Session, event: Event, record: ParticipantRecord, exclude: int | None) -> None:
    problems = record.problems(event)
    if problems:
        raise InvalidRecord(problems)
    Taken.of(session, event).check(record, exclude)


def may_change(user: Any, event: Event, organisation_id: int) -> None:
    """Staff until the event closes; a company for its own organisation while registration or
    requests are open."""
    from tradebridge.accounts.policy import ensure_own_organisation

    open_for(user, event)
    if not events.is_staff(user):
        ensure_own_organisation(user, organisation_id)


def open_for(user: Any, event: Event) -> None:
    """``BadInput`` unless ``user`` may change registrations of ``event`` now."""
    if event.status == "closed":
        raise BadInput("the event is closed", field="status")
    if not events.is_staff(user) and event.status not in COMPANY_WINDOW:
        raise BadInput(
            f"the event is {shown(event.status)}: registrations open and close with it "
            f"({shown(COMPANY_WINDOW[0])}, {shown(COMPANY_WINDOW[1])})",
            field="status",
        )


def _store(session: Session, p: EventParticipant, record: ParticipantRecord) -> EventParticipant:
    from tradebridge.accounts.models import User

    account = session.scalar(select(User).where(User.email == record.email.casefold()))
    linked = account is not None and (
        account.organisation_id == record.organisation_id or str(account.role) != "company"
    )
    p.user_id = account.id if linked else None
    p.organisation_id = record.organisation_id
    p.person_name = record.person_name.strip()
    p.position = record.position.strip()
    p.email = record.email.casefold()
    p.available_sessions = (
        None if record.available_sessions is None else sorted(set(record.available_sessions))
    )
    p.max_meetings = record.max_meetings
    p.table = record.table
    for old in list(p.entries):
        session.delete(old)  # as objects, so that the audit log sees them
    p.entries = [
        MarketplaceEntry(
            kind=e.kind,
            title=e.title.strip(),
            description=e.description.strip(),
            hs_codes=list(dict.fromkeys(e.hs_codes)),
        )
        for e in record.entries
    ]
    session.add(p)
    session.flush()
    return p


def register(
    session: Session, event_id: int, record: ParticipantRecord, *, user: Any = None
) -> EventParticipant:
    """Sign a person of an organisation up for an event (waiting for approval)."""
    from tradebridge.events.registration_batches import register_many

    done = register_many(session, event_id, [record], user=user, skip_invalid=True)
    if done.refused:
        raise done.refused[0].error
    return done.stored[0]


def get_participant(session: Session, participant_id: int, *, user: Any = None) -> EventParticipant:
    """One participant, if ``user`` may see them (``NotFound`` otherwise)."""
    p = session.get(EventParticipant, participant_id)
    if p is None or not _may_see(user, p) or not events.may_read(user, p.event):
        raise NotFound(f"no participant #{participant_id}", field="participant")
    return p


def _may_see(user: Any, p: EventParticipant) -> bool:
    if user is None or events.role_of(user) in events.READER_ROLES:
        return True
    return p.status == "approved" or p.organisation_id == getattr(user, "organisation_id", None)


def update(
    session: Session, participant_id: int, record: ParticipantRecord, *, user: Any = None
) -> EventParticipant:
    """Change a registration (its organisation stays; only staff change the fixed table)."""
    p = get_participant(session, participant_id, user=user)
    may_change(user, p.event, p.organisation_id)
    if record.organisation_id != p.organisation_id:
        raise BadInput("a registration stays with its organisation", field="organisation_id")
    if record.table != p.table and not events.is_staff(user):
        raise Forbidden("only staff give participants a fixed table", field="table")
    _check(session, p.event, record, p.id)
    return _store(session, p, record)


def decide(
    session: Session, participant_id: int, decision: str, *, note: str = "", user: Any = None
) -> EventParticipant:
    """Approve or decline a registration (staff only), with an optional note."""
    from tradebridge.events.registration_batches import DecisionItem, decide_many

    events.require_staff(user, "approve or decline participants")
    p = get_participant(session, participant_id, user=user)
    item = DecisionItem(participant_id, decision, note)
    done = decide_many(session, p.event_id, [item], user=user, skip_invalid=True)
    if done.refused:
        raise done.refused[0].error
    return done.stored[0]


def withdraw(session: Session, participant_id: int, *, user: Any = None) -> EventParticipant:
    """Take a registration back (the participant's organisation, or staff)."""
    p = get_participant(session, participant_id, user=user)
    may_change(user, p.event, p.organisation_id)
    p.status, p.table = "withdrawn", None
    session.flush()
    return p


@dataclass(frozen=True)
class Filters:
    """The participant list's filters (all optional) and order."""

    status: str | None = None
    country: str | None = None
    kind: str | None = None
    sector: str | None = None
    hs: str | None = None
    text: str | None = None
    sort: str = "name"


def participants(
    session: Session, event_id: int, filters: Filters = Filters(), *, user: Any = None
) -> list[EventParticipant]:
    """The participants of an event ``user`` may see, filtered and sorted: ``hs`` keeps those
    with a marketplace entry of an HS code starting with it; ``text`` looks in the person's,
    the position's and the organisation's names (any case)."""
    event = events.get(session, event_id, user=user)
    if filters.status is not None and filters.status not in PARTICIPANT_STATUSES:
        raise BadInput(
            f"unknown status {filters.status!r}; valid: {', '.join(PARTICIPANT_STATUSES)}",
            field="status",
        )
    if filters.sort not in SORTS:
        raise BadInput(f"unknown order {filters.sort!r}; valid: {', '.join(SORTS)}", field="sort")
    query = (
        select(EventParticipant)
        .join(Organisation, EventParticipant.organisation_id == Organisation.id)
        .where(EventParticipant.event_id == event.id)
        .options(
            selectinload(EventParticipant.entries), selectinload(EventParticipant.organisation)
        )
    )
    if filters.status is not None:
        query = query.where(EventParticipant.status == filters.status)
    if filters.country:
        query = query.where(Organisation.country == filters.country.upper())
    if filters.kind:
        query = query.where(Organisation.kind == filters.kind)
    found = [p for p in session.scalars(query) if _may_see(user, p)]
    if filters.sector:
        found = [p for p in found if filters.sector in (p.organisation.sectors or ())]
    if filters.hs:
        prefix = filters.hs.replace(".", "").strip()
        found = [
            p for p in found if any(c.startswith(prefix) for e in p.entries for c in e.hs_codes)
        ]
    if filters.text:
        needle = filters.text.casefold().strip()
        found = [p for p in found if needle in _haystack(p)]
    return sorted(found, key=_ORDER[filters.sort])


def _haystack(p: EventParticipant) -> str:
    o = p.organisation
    return " ".join((p.person_name, p.position, o.name_en, o.name_az, o.name_ru)).casefold()


def organisation_name(o: Organisation) -> str:
    return o.name_en or o.name_az or o.name_ru


_ORDER = {
    "name": lambda p: (p.person_name.casefold(), p.id),
    "organisation": lambda p: (organisation_name(p.organisation).casefold(), p.id),
    "country": lambda p: (p.organisation.country, p.person_name.casefold(), p.id),
    "registered": lambda p: (p.created_at, p.id),
}
