"""The events' tables: an event (audited; its lists as JSON arrays in the row, so that one audit
entry shows the whole change), its sessions (audited), the history of its status moves
(each with who, when and, for a move back, the reason), its participants and their
marketplace entries, their meeting requests and the pairs kept apart, the meetings scheduled
(all audited), and the scheduling runs with their statistics.

Meeting slots are not stored: they follow from the sessions and the meeting length
(``events.slots``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

import tradebridge.accounts.models  # noqa: F401  (users: who moved a status)
from tradebridge.db.audit import Auditable
from tradebridge.db.base import Base, Timestamps, UtcDateTime, one_of, utcnow
from tradebridge.events.vocabulary import (
    ATTENDANCE,
    ENTRY_KINDS,
    KINDS,
    MEETING_STATUSES,
    PARTICIPANT_STATUSES,
    PRIORITIES,
    REQUEST_STATUSES,
    STATUSES,
)
from tradebridge.registry.models import Organisation


class Event(Auditable, Timestamps, Base):
    """A business forum, a trade mission, an exhibition or a business-council session."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(one_of("kind", KINDS), name="kind"),
        CheckConstraint(one_of("status", STATUSES), name="status"),
        CheckConstraint("ends_on >= starts_on", name="dates"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(24), index=True)
    title_en: Mapped[str] = mapped_column(String(300), default="")
    title_az: Mapped[str] = mapped_column(String(300), default="")
    title_ru: Mapped[str] = mapped_column(String(300), default="")
    starts_on: Mapped[date] = mapped_column(Date, index=True)
    ends_on: Mapped[date] = mapped_column(Date)
    time_zone: Mapped[str] = mapped_column(String(64))
    city: Mapped[str] = mapped_column(String(300), default="")
    country: Mapped[str] = mapped_column(String(3), index=True)
    organiser: Mapped[str] = mapped_column(String(300), default="")
    partner_countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    sectors: Mapped[list[str]] = mapped_column(JSON, default=list)
    capacity: Mapped[int | None] = mapped_column(Integer)
    tables: Mapped[list[str]] = mapped_column(JSON, default=list)
    meeting_minutes: Mapped[int] = mapped_column(Integer, default=20)
    pause_minutes: Mapped[int] = mapped_column(Integer, default=5)
    auto_accept: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    request_cap: Mapped[int | None] = mapped_column(Integer)
    requests_expire_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(24), default="draft", index=True)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    sessions: Mapped[list[EventSession]] = relationship(
        back_populates="event",
        order_by="(EventSession.day, EventSession.starts, EventSession.id)",
        cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.kind} {self.status} {self.title_en!r}>"


class EventSession(Auditable, Base):
    """A block of B2B meetings on one day, from ``starts`` to ``ends`` (local ``HH:MM`` in
    the event's time zone)."""

    __tablename__ = "event_sessions"
    __table_args__ = (CheckConstraint("ends > starts", name="times"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    starts: Mapped[str] = mapped_column(String(5))
    ends: Mapped[str] = mapped_column(String(5))
    name: Mapped[str] = mapped_column(String(300), default="")

    event: Mapped[Event] = relationship(back_populates="sessions")


class EventStatusChange(Auditable, Base):
    """One move of an event's status: from, to, when, by whom, and why (required for a move
    back)."""

    __tablename__ = "event_status_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    from_status: Mapped[str] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    reason: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class EventParticipant(Auditable, Timestamps, Base):
    """A person of a registered organisation taking part in an event. ``available_sessions``
    lists the ids of the sessions they can meet in (None: every session); ``table`` is a fixed
    table (the participant hosts there); ``user_id`` is their account, if they have one."""

    __tablename__ = "event_participants"
    __table_args__ = (
        CheckConstraint(one_of("status", PARTICIPANT_STATUSES), name="status"),
        UniqueConstraint("event_id", "email"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    person_name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    decision_note: Mapped[str] = mapped_column(Text, default="")
    available_sessions: Mapped[list[int] | None] = mapped_column(JSON)
    max_meetings: Mapped[int | None] = mapped_column(Integer)
    table: Mapped[str | None] = mapped_column(String(20))
    checked_in_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    event: Mapped[Event] = relationship()
    organisation: Mapped[Organisation] = relationship()
    entries: Mapped[list[MarketplaceEntry]] = relationship(
        back_populates="participant",
        order_by="MarketplaceEntry.id",
        cascade="all, delete-orphan",
    )


class MarketplaceEntry(Auditable, Base):
    """What a participant offers, seeks or proposes at the event, with the HS6 codes it is
    about."""

    __tablename__ = "event_marketplace"
    __table_args__ = (CheckConstraint(one_of("kind", ENTRY_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("event_participants.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    hs_codes: Mapped[list[str]] = mapped_column(JSON, default=list)

    participant: Mapped[EventParticipant] = relationship(back_populates="entries")


class MeetingRequest(Auditable, Timestamps, Base):
    """One participant asking another for a B2B meeting: ``priority`` is must, should or
    could; the other side accepts or declines (or the event accepts it at once); a request
    still waiting after the event's expiry date expires."""

    __tablename__ = "event_requests"
    __table_args__ = (
        CheckConstraint(one_of("status", REQUEST_STATUSES), name="status"),
        CheckConstraint(one_of("priority", PRIORITIES), name="priority"),
        CheckConstraint("from_id <> to_id", name="two_sides"),
        UniqueConstraint("from_id", "to_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    from_id: Mapped[int] = mapped_column(
        ForeignKey("event_participants.id", ondelete="CASCADE"), index=True
    )
    to_id: Mapped[int] = mapped_column(
        ForeignKey("event_participants.id", ondelete="CASCADE"), index=True
    )
    message: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[str] = mapped_column(String(8), default="should")
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    sender: Mapped[EventParticipant] = relationship(foreign_keys=[from_id])
    receiver: Mapped[EventParticipant] = relationship(foreign_keys=[to_id])


class BlockedPair(Auditable, Base):
    """Two participants who must never meet (``low_id`` < ``high_id``), set by staff."""

    __tablename__ = "event_blocked_pairs"
    __table_args__ = (
        CheckConstraint("low_id < high_id", name="ordered"),
        UniqueConstraint("low_id", "high_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    low_id: Mapped[int] = mapped_column(
        ForeignKey("event_participants.id", ondelete="CASCADE"), index=True
    )
    high_id: Mapped[int] = mapped_column(
        ForeignKey("event_participants.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(Text, default="")


class Meeting(Auditable, Base):
    """A B2B meeting of two participants in a slot at a table: a ``draft`` of the last
    scheduling run, or ``published`` (kept by every later run). On the day, ``attendance``
    says whether it was held, a no-show or cancelled (None: not marked yet); a ``walk_in``
    was added on the day. One slot's table holds one meeting that is not cancelled (checked
    by the services: a cancelled meeting frees its table)."""

    __tablename__ = "event_meetings"
    __table_args__ = (
        CheckConstraint(one_of("status", MEETING_STATUSES), name="status"),
        CheckConstraint(one_of("attendance", ATTENDANCE), name="attendance"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    a_id: Mapped[int] = mapped_column(
        ForeignKey("event_participants.id", ondelete="CASCADE"), index=True
    )
    b_id: Mapped[int] = mapped_column(
        ForeignKey("event_participants.id", ondelete="CASCADE"), index=True
    )
    slot: Mapped[str] = mapped_column(String(40))
    table: Mapped[str] = mapped_column(String(20))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime())
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True)
    attendance: Mapped[str | None] = mapped_column(String(12), index=True)
    walk_in: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    marked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    a: Mapped[EventParticipant] = relationship(foreign_keys=[a_id])
    b: Mapped[EventParticipant] = relationship(foreign_keys=[b_id])


class ScheduleRun(Base):
    """One run of the scheduling engine on an event: its statistics (``forum.model.
    ScheduleStats``), the requests it left out with the reason, and the published meetings it
    cancelled because a participant was no longer approved."""

    __tablename__ = "event_schedule_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    stats: Mapped[dict] = mapped_column(JSON)
    unscheduled: Mapped[list[dict]] = mapped_column(JSON)
    cancelled: Mapped[list[dict] | None] = mapped_column(JSON, default=list)
