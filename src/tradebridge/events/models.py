"""The events' tables: an event (audited; its lists as JSON arrays in the row, so that one audit
entry shows the whole change), its sessions (audited), and the history of its status moves
(each with who, when and, for a move back, the reason).

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
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

import tradebridge.accounts.models  # noqa: F401  (users: who moved a status)
from tradebridge.db.audit import Auditable
from tradebridge.db.base import Base, Timestamps, UtcDateTime, utcnow
from tradebridge.events.vocabulary import KINDS, STATUSES


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Event(Auditable, Timestamps, Base):
    """A business forum, a trade mission, an exhibition or a business-council session."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(_one_of("kind", KINDS), name="kind"),
        CheckConstraint(_one_of("status", STATUSES), name="status"),
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
