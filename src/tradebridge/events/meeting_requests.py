"""Meeting requests between an event's participants, and the pairs who must never meet.

Every function takes a session and plain arguments, enforces the rules and leaves the commit to
the caller (changes are audited by the session). The rules:

- requests are sent while meeting requests are open (staff also during scheduling), from one
  approved participant to another of a different organisation, by the sender's organisation
  or by staff; one request per pair (a request the other way is answered, not repeated);
- a participant sends at most the event's ``request_cap`` requests (withdrawn ones do not
  count); a blocked pair cannot request each other;
- the receiver's organisation (or staff) accepts or declines, while the request waits and has
  not expired; with the event's ``auto_accept`` a request is accepted when it is sent;
- a request still waiting at the end of the event's ``requests_expire_on`` (midnight in the
  event's time zone) expires; the sender may withdraw a request that waits or was accepted
  until scheduling starts;
- a company sees only the requests its own people sent or received; staff and viewers all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, tuple_
from sqlalchemy.orm import Session, load_only

from tradebridge.db.audit import insert_many
from tradebridge.db.base import utcnow
from tradebridge.errors import BadInput, Forbidden, NotFound
from tradebridge.events import services as events
from tradebridge.events.batches import MAX_ITEMS, Batch, Refusal, settle
from tradebridge.events.models import BlockedPair, Event, EventParticipant, MeetingRequest
from tradebridge.events.registration import get_participant
from tradebridge.events.slots import instant
from tradebridge.events.status import shown
from tradebridge.events.vocabulary import PRIORITIES, REQUEST_STATUSES

MAX_MESSAGE = 2000
SEND_WINDOW = ("requests_open",)
STAFF_WINDOW = ("requests_open", "scheduling")
DIRECTIONS = ("in", "out")


def expiry(event: Event) -> datetime | None:
    """The moment requests of ``event`` expire: the end of ``requests_expire_on`` in the
    event's zone (None: they do not expire)."""
    if event.requests_expire_on is None:
        return None
    return instant(event.requests_expire_on + timedelta(days=1), "00:00", event.time_zone)


def expire_due(session: Session, event: Event, now: datetime | None = None) -> int:
    """Mark the event's waiting requests expired once their time has come; how many."""
    due = expiry(event)
    if due is None or (now or utcnow()) < due:
        return 0
    waiting = session.scalars(
        select(MeetingRequest).where(
            MeetingRequest.event_id == event.id, MeetingRequest.status == "pending"
        )
    ).all()
    for request in waiting:
        request.status = "expired"
    session.flush()
    return len(waiting)


def _acting_for(user: Any, participant: EventParticipant, action: str) -> None:
    from tradebridge.accounts.policy import may_act_for

    if user is not None and not may_act_for(user, participant.organisation_id):
        raise Forbidden(f"only {participant.person_name}'s organisation or staff may {action}")


def _open_for(user: Any, event: Event, action: str) -> None:
    window = STAFF_WINDOW if events.is_staff(user) else SEND_WINDOW
    if event.status not in window:
        raise BadInput(
            f"the event is {shown(event.status)}: requests are {action} while "
            f"{' or '.join(shown(s) for s in window)}",
            field="status",
        )


def blocked(session: Session, a: int, b: int) -> bool:
    low, high = sorted((a, b))
    query = select(BlockedPair.id).where(BlockedPair.low_id == low, BlockedPair.high_id == high)
    return session.scalar(query) is not None


@dataclass(frozen=True)
class RequestItem:
    """One request of a batch: from participant ``from_id`` to ``to_id``."""

    from_id: int
    to_id: int
    message: str = ""
    priority: str = "should"


def send(
    session: Session,
    from_id: int,
    to_id: int,
    *,
    message: str = "",
    priority: str = "should",
    user: Any = None,
    now: datetime | None = None,
) -> MeetingRequest:
    """Ask for a meeting from participant ``from_id`` to ``to_id`` (see the rules above)."""
    sender = get_participant(session, from_id, user=user)
    item = RequestItem(from_id, to_id, message, priority)
    sent = send_many(session, sender.event_id, [item], user=user, now=now, skip_invalid=True)
    if sent.refused:
        raise sent.refused[0].error
    return sent.stored[0]


def send_many(
    session: Session,
    event_id: int,
    items: Sequence[RequestItem],
    *,
    user: Any = None,
    now: datetime | None = None,
    skip_invalid: bool = False,
) -> Batch[MeetingRequest]:
    """Send ``items`` (requests between participants of event ``event_id``), each checked as
    one request is (the rules above), in the order given (``events.batches``: all or none,
    or with ``skip_invalid`` those that pass). The batch is checked with a few set queries
    (its participants, the event's pairs kept apart, the requests already between them, the
    senders' counts) and stored in one statement, with one audit entry per request."""
    if len(items) > MAX_ITEMS:
        raise BadInput(f"{len(items)} requests in one batch; at most {MAX_ITEMS}", field="items")
    event = events.get(session, event_id, user=user)
    _open_for(user, event, "sent")
    expire_due(session, event, now)
    due = expiry(event)
    if due is not None and (now or utcnow()) >= due:
        raise BadInput(
            f"requests for this event expired on {event.requests_expire_on}", field="status"
        )
    ids = {pid for item in items for pid in (item.from_id, item.to_id)}
    loaded = _load_participants(session, ids)  # held, so that the session keeps them
    apart = {
        (low, high)
        for low, high in session.execute(
            select(BlockedPair.low_id, BlockedPair.high_id).where(BlockedPair.event_id == event.id)
        )
    }
    between: dict[frozenset[int], str] = {}
    asked = sorted({(i.from_id, i.to_id) for i in items} | {(i.to_id, i.from_id) for i in items})
    for chunk in _chunks(asked):
        found = select(MeetingRequest.id, MeetingRequest.status, MeetingRequest.from_id,
                       MeetingRequest.to_id).where(
            tuple_(MeetingRequest.from_id, MeetingRequest.to_id).in_(chunk)
        )  # fmt: skip
        for ident, status, a, b in session.execute(found):
            between[frozenset((a, b))] = f"request #{ident} between them ({status})"
    sent: Counter[int] = Counter()
    if event.request_cap is not None:
        senders = sorted({item.from_id for item in items})
        for chunk in _chunks(senders):
            counted = (
                select(MeetingRequest.from_id, func.count(MeetingRequest.id))
                .where(MeetingRequest.from_id.in_(chunk), MeetingRequest.status != "withdrawn")
                .group_by(MeetingRequest.from_id)
            )
            sent.update(dict(session.execute(counted).all()))
    rows: list[dict[str, Any]] = []
    refused: list[Refusal] = []
    moment = now or utcnow()
    for number, item in enumerate(items, start=1):
        try:
            sender, receiver = _checked(session, event, item, user)
            pair = frozenset((sender.id, receiver.id))
            if tuple(sorted(pair)) in apart:
                raise BadInput(
                    f"{sender.person_name} and {receiver.person_name} are not to meet",
                    field="to_id",
                )
            if pair in between:
                raise BadInput(f"there is already {between[pair]}", field="to_id")
            if event.request_cap is not None and sent[sender.id] >= event.request_cap:
                raise BadInput(
                    f"{sender.person_name} has sent {sent[sender.id]} requests, the most this "
                    "event allows",
                    field="from_id",
                )
        except (BadInput, Forbidden) as exc:
            refused.append(Refusal(number, exc))
            continue
        between[pair] = f"request {number} of this batch between them"
        sent[sender.id] += 1
        rows.append(
            {
                "event_id": event.id,
                "from_id": sender.id,
                "to_id": receiver.id,
                "message": item.message.strip(),
                "priority": item.priority,
                "status": "accepted" if event.auto_accept else "pending",
                "answered_at": moment if event.auto_accept else None,
            }
        )
    settle(refused, len(items), "request", skip_invalid=skip_invalid)
    stored = insert_many(session, MeetingRequest, rows)
    found = {}
    for chunk in _chunks(stored):
        query = select(MeetingRequest).where(MeetingRequest.id.in_(chunk))
        found.update({r.id: r for r in session.scalars(query)})
    del loaded
    return Batch([found[ident] for ident in stored], refused)


def _chunks(values: Sequence[Any], size: int = 500) -> list[Sequence[Any]]:
    return [values[start : start + size] for start in range(0, len(values), size)]


def _load_participants(session: Session, ids: set[int]) -> list[EventParticipant]:
    """Bring the participants ``ids`` into the session, so that each item's
    ``get_participant`` finds them without a query (while the caller holds them; their event
    is in the session already, and the other columns are read only if asked for)."""
    found = []
    needed = load_only(
        EventParticipant.event_id,
        EventParticipant.organisation_id,
        EventParticipant.person_name,
        EventParticipant.status,
    )
    for chunk in _chunks(sorted(ids)):
        query = select(EventParticipant).where(EventParticipant.id.in_(chunk))
        found += session.scalars(query.options(needed)).all()
    return found


def _checked(
    session: Session, event: Event, item: RequestItem, user: Any
) -> tuple[EventParticipant, EventParticipant]:
    """The sender and the receiver of ``item`` once the rules of one request hold for them
    (the pairs and the cap are the batch's to check)."""
    sender = get_participant(session, item.from_id, user=user)
    if sender.event_id != event.id:
        raise NotFound(f"no participant #{item.from_id} at event #{event.id}", field="from_id")
    _acting_for(user, sender, "send their requests")
    receiver = get_participant(session, item.to_id, user=user)
    if receiver.event_id != event.id:
        raise BadInput("both participants must be at the same event", field="to_id")
    if item.priority not in PRIORITIES:
        raise BadInput(
            f"unknown priority {item.priority!r}; valid: {', '.join(PRIORITIES)}",
            field="priority",
        )
    if len(item.message) > MAX_MESSAGE:
        raise BadInput(
            f"the message is too long (at most {MAX_MESSAGE} characters)", field="message"
        )
    for side, p in (("from_id", sender), ("to_id", receiver)):
        if p.status != "approved":
            raise BadInput(f"{p.person_name} is not an approved participant", field=side)
    if sender.organisation_id == receiver.organisation_id:
        raise BadInput("colleagues of one organisation do not request meetings", field="to_id")
    return sender, receiver


def get_request(session: Session, request_id: int, *, user: Any = None) -> MeetingRequest:
    """One request, if ``user`` may see it (``NotFound`` otherwise)."""
    request = session.get(MeetingRequest, request_id)
    if request is None or not _may_see(user, request):
        raise NotFound(f"no meeting request #{request_id}", field="request")
    return request


def _may_see(user: Any, request: MeetingRequest) -> bool:
    if user is None or events.role_of(user) in events.READER_ROLES:
        return True
    own = getattr(user, "organisation_id", None)
    return own is not None and own in (
        request.sender.organisation_id,
        request.receiver.organisation_id,
    )


def answer(
    session: Session,
    request_id: int,
    decision: str,
    *,
    note: str = "",
    user: Any = None,
    now: datetime | None = None,
) -> MeetingRequest:
    """Accept or decline a waiting request (the receiver's organisation, or staff)."""
    request = get_request(session, request_id, user=user)
    _acting_for(user, request.receiver, "answer their requests")
    event = request.sender.event
    _open_for(user, event, "answered")
    expire_due(session, event, now)
    if decision not in ("accepted", "declined"):
        raise BadInput(f"answer accepted or declined, not {decision!r}", field="decision")
    if request.status != "pending":
        raise BadInput(
            f"request #{request.id} is {request.status}, not waiting for an answer",
            field="decision",
        )
    if len(note) > MAX_MESSAGE:
        raise BadInput(f"the answer is too long (at most {MAX_MESSAGE} characters)", field="note")
    request.status, request.answer, request.answered_at = decision, note.strip(), now or utcnow()
    session.flush()
    return request


def withdraw(session: Session, request_id: int, *, user: Any = None) -> MeetingRequest:
    """Take back a request that waits or was accepted (the sender's organisation, or staff),
    until scheduling starts."""
    request = get_request(session, request_id, user=user)
    _acting_for(user, request.sender, "withdraw their requests")
    _open_for(user, request.sender.event, "withdrawn")
    if request.status not in ("pending", "accepted"):
        raise BadInput(f"request #{request.id} is {request.status}", field="status")
    request.status = "withdrawn"
    session.flush()
    return request


def requests_of(
    session: Session,
    event_id: int,
    *,
    user: Any = None,
    participant_id: int | None = None,
    direction: str | None = None,
    status: str | None = None,
    now: datetime | None = None,
) -> list[MeetingRequest]:
    """The event's requests ``user`` may see, newest first: of one participant (``direction``
    ``in`` for those received, ``out`` for those sent), of one status."""
    event = events.get(session, event_id, user=user)
    expire_due(session, event, now)
    if direction is not None and direction not in DIRECTIONS:
        raise BadInput(f"direction is in or out, not {direction!r}", field="direction")
    if status is not None and status not in REQUEST_STATUSES:
        raise BadInput(
            f"unknown status {status!r}; valid: {', '.join(REQUEST_STATUSES)}", field="status"
        )
    query = select(MeetingRequest).where(MeetingRequest.event_id == event.id)
    if participant_id is not None:
        sides = {
            "in": MeetingRequest.to_id == participant_id,
            "out": MeetingRequest.from_id == participant_id,
            None: or_(
                MeetingRequest.to_id == participant_id, MeetingRequest.from_id == participant_id
            ),
        }
        query = query.where(sides[direction])
    if status is not None:
        query = query.where(MeetingRequest.status == status)
    found = session.scalars(query.order_by(MeetingRequest.id.desc()))
    return [r for r in found if _may_see(user, r)]


def block(session: Session, a: int, b: int, *, reason: str = "", user: Any = None) -> BlockedPair:
    """Keep two participants of one event apart (staff only); their waiting or accepted
    requests are declined with the reason."""
    events.require_staff(user, "keep participants apart")
    first, second = (get_participant(session, pid, user=user) for pid in (a, b))
    if first.event_id != second.event_id or first.id == second.id:
        raise BadInput("two different participants of one event are kept apart", field="b")
    if blocked(session, a, b):
        raise BadInput("they are kept apart already", field="b")
    low, high = sorted((a, b))
    pair = BlockedPair(event_id=first.event_id, low_id=low, high_id=high, reason=reason.strip())
    session.add(pair)
    between = session.scalars(
        select(MeetingRequest).where(
            MeetingRequest.from_id.in_((a, b)),
            MeetingRequest.to_id.in_((a, b)),
            MeetingRequest.status.in_(("pending", "accepted")),
        )
    )
    for request in between:
        request.status, request.answer = "declined", reason.strip() or "kept apart by the organiser"
    session.flush()
    return pair


def unblock(session: Session, pair_id: int, *, user: Any = None) -> None:
    """Let a blocked pair meet again (staff only)."""
    events.require_staff(user, "keep participants apart")
    pair = session.get(BlockedPair, pair_id)
    if pair is None:
        raise NotFound(f"no blocked pair #{pair_id}", field="pair")
    session.delete(pair)
    session.flush()


def blocked_pairs(session: Session, event_id: int, *, user: Any = None) -> list[BlockedPair]:
    """The event's pairs kept apart (staff and viewers)."""
    events.get(session, event_id, user=user)
    if not (user is None or events.role_of(user) in events.READER_ROLES):
        raise Forbidden("only staff see who is kept apart")
    query = select(BlockedPair).where(BlockedPair.event_id == event_id)
    return list(session.scalars(query.order_by(BlockedPair.id)))
