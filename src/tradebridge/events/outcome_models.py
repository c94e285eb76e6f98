"""What events led to: each side's outcome of a held meeting, the staff's results of a mission
for one participating organisation, the leads, deals and memoranda that came of either, and the
follow-ups due 30 and 90 days later. Every table is audited.

A ``Lead`` is the one record of business that came of an event: a lead, a deal (with its US$
value, HS6 product and expected date) or an MoU; its ``id`` is stable (an investment project
may start from it). It comes either from a meeting ``Outcome`` (one at most per outcome) or
from a ``MissionResult``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tradebridge.db.audit import Auditable
from tradebridge.db.base import Base, Timestamps, UtcDateTime, one_of
from tradebridge.events.models import Event, EventParticipant, Meeting
from tradebridge.events.vocabulary import INTEREST, LEAD_KINDS
from tradebridge.registry.models import Organisation

MONEY = Numeric(18, 2)


class Outcome(Auditable, Timestamps, Base):
    """One side's record of a held meeting: its interest (none, low, high) and next step."""

    __tablename__ = "event_outcomes"
    __table_args__ = (
        CheckConstraint(one_of("interest", INTEREST), name="interest"),
        UniqueConstraint("meeting_id", "participant_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("event_meetings.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("event_participants.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    interest: Mapped[str] = mapped_column(String(8))
    next_step: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")

    event: Mapped[Event] = relationship()
    meeting: Mapped[Meeting] = relationship()
    participant: Mapped[EventParticipant] = relationship()
    organisation: Mapped[Organisation] = relationship()
    leads: Mapped[list[Lead]] = relationship(
        back_populates="outcome", cascade="all, delete-orphan", order_by="Lead.id"
    )
    follow_ups: Mapped[list[FollowUp]] = relationship(
        back_populates="outcome", cascade="all, delete-orphan", order_by="FollowUp.due_on"
    )


class MissionResult(Auditable, Timestamps, Base):
    """The staff's record of what one participating organisation got from an event (a trade
    mission without B2B meetings, most often): contacts made, a note, and its leads."""

    __tablename__ = "event_mission_results"
    __table_args__ = (
        CheckConstraint("contacts >= 0", name="contacts"),
        UniqueConstraint("event_id", "organisation_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    contacts: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")

    event: Mapped[Event] = relationship()
    organisation: Mapped[Organisation] = relationship()
    leads: Mapped[list[Lead]] = relationship(
        back_populates="mission_result", cascade="all, delete-orphan", order_by="Lead.id"
    )
    follow_ups: Mapped[list[FollowUp]] = relationship(
        back_populates="mission_result", cascade="all, delete-orphan", order_by="FollowUp.due_on"
    )


class Lead(Auditable, Timestamps, Base):
    """A lead, a deal or an MoU of ``organisation`` that came of an event, from a meeting
    outcome or a mission result. A deal carries its value in US$, its HS6 product and the
    date it is expected; a lead or an MoU may."""

    __tablename__ = "event_leads"
    __table_args__ = (
        CheckConstraint(one_of("kind", LEAD_KINDS), name="kind"),
        CheckConstraint("value_usd >= 0", name="value"),
        CheckConstraint("(outcome_id IS NULL) <> (mission_result_id IS NULL)", name="source"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    outcome_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_outcomes.id", ondelete="CASCADE"), index=True
    )
    mission_result_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_mission_results.id", ondelete="CASCADE"), index=True
    )
    counterpart_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    counterpart_name: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[str] = mapped_column(String(8), index=True)
    product: Mapped[str | None] = mapped_column(String(6))
    value_usd: Mapped[Decimal | None] = mapped_column(MONEY)
    expected_on: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")

    event: Mapped[Event] = relationship()
    organisation: Mapped[Organisation] = relationship(foreign_keys=[organisation_id])
    counterpart: Mapped[Organisation | None] = relationship(foreign_keys=[counterpart_id])
    outcome: Mapped[Outcome | None] = relationship(back_populates="leads")
    mission_result: Mapped[MissionResult | None] = relationship(back_populates="leads")


class FollowUp(Auditable, Base):
    """A follow-up of an outcome or a mission result, due ``after_days`` (30 or 90) after the
    event or the outcome (``events.outcomes.follow_up_base``); done when ``done_at`` is set."""

    __tablename__ = "event_follow_ups"
    __table_args__ = (
        CheckConstraint("(outcome_id IS NULL) <> (mission_result_id IS NULL)", name="source"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    outcome_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_outcomes.id", ondelete="CASCADE"), index=True
    )
    mission_result_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_mission_results.id", ondelete="CASCADE"), index=True
    )
    after_days: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    done_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")

    event: Mapped[Event] = relationship()
    organisation: Mapped[Organisation] = relationship()
    outcome: Mapped[Outcome | None] = relationship(back_populates="follow_ups")
    mission_result: Mapped[MissionResult | None] = relationship(back_populates="follow_ups")
