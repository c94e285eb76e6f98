"""The investment tables: projects (audited), the stage log, the contacts with the investor
and the files attached to them (audited), and the agency's US$ rate table (audited).

Amounts are stored as given (``*_amount`` in ``currency``) and in US$ with the rate used
(``investment.money``), so that a later change of the rate table leaves past figures alone.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.naming import conv

import tradebridge.registry.models  # noqa: F401  (organisations: the investor)
from tradebridge.db.audit import Auditable
from tradebridge.db.base import Base, Timestamps, UtcDateTime, one_of, utcnow
from tradebridge.investment.stages import ALL_STAGES, CLOSED_STAGES, LOST_REASONS

PROJECT_KINDS = ("greenfield", "expansion", "joint_venture", "acquisition", "portfolio")
SOURCES = ("event", "mission", "inquiry", "referral", "agency_outreach", "other")
INTERACTION_KINDS = ("meeting", "call", "email", "site_visit")
# the condition of the index of open projects' next actions, written as the queries write it
# (values, not parameters: a database uses a partial index only for a query whose condition
# implies the index's)
OPEN = text(f"stage NOT IN ({', '.join(repr(s) for s in CLOSED_STAGES)})")
MONEY = Numeric(18, 2)
RATE = Numeric(18, 8)


class ExchangeRate(Auditable, Timestamps, Base):
    """US dollars per unit of ``currency`` from ``valid_from`` on (the agency's table)."""

    __tablename__ = "exchange_rates"
    __table_args__ = (
        UniqueConstraint("currency", "valid_from"),
        CheckConstraint("usd_per_unit > 0", name="positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    currency: Mapped[str] = mapped_column(String(3))
    valid_from: Mapped[date] = mapped_column(Date)
    usd_per_unit: Mapped[Decimal] = mapped_column(RATE)
    note: Mapped[str] = mapped_column(String(300), default="")


class InvestmentProject(Auditable, Timestamps, Base):
    """One investment project of one investor from ``origin`` into ``destination``."""

    __tablename__ = "investment_projects"
    __table_args__ = (
        CheckConstraint(one_of("stage", ALL_STAGES), name="stage"),
        CheckConstraint(one_of("kind", PROJECT_KINDS), name="kind"),
        CheckConstraint(one_of("source", SOURCES), name="source"),
        CheckConstraint(
            f"lost_reason IS NULL OR {one_of('lost_reason', LOST_REASONS)}", name="lost_reason"
        ),
        Index("ix_investment_projects_pair", "origin", "destination"),
        Index("ix_investment_projects_board", "stage", "stage_since", "planned_usd"),  # the board
        # the overdue next actions of open projects (all, or one manager's), soonest first
        Index(
            "ix_investment_projects_open_actions",
            "next_action_due",
            "id",
            "manager_id",
            postgresql_where=OPEN,
            sqlite_where=OPEN,
        ),
        # whether any project is synthetic (the demo's banner), without reading them all
        Index(
            "ix_investment_projects_synthetic",
            "id",
            postgresql_where=text("synthetic"),
            sqlite_where=text("synthetic"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    investor_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    origin: Mapped[str] = mapped_column(String(3))
    destination: Mapped[str] = mapped_column(String(3), index=True)
    sector: Mapped[str | None] = mapped_column(String(64), index=True)
    products: Mapped[list[str]] = mapped_column(JSON, default=list)
    region: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[str] = mapped_column(String(16))
    stage: Mapped[str] = mapped_column(String(16), default="lead", index=True)
    stage_since: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    lost_reason: Mapped[str | None] = mapped_column(String(32))
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    planned_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    planned_usd: Mapped[Decimal | None] = mapped_column(MONEY)
    planned_rate: Mapped[Decimal | None] = mapped_column(RATE)
    realised_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    realised_usd: Mapped[Decimal | None] = mapped_column(MONEY)
    realised_rate: Mapped[Decimal | None] = mapped_column(RATE)
    realised_on: Mapped[date | None] = mapped_column(Date)
    jobs_planned: Mapped[int | None] = mapped_column(Integer)
    jobs_created: Mapped[int | None] = mapped_column(Integer)
    incentives_requested: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(16), default="other")
    source_ref: Mapped[str] = mapped_column(String(300), default="")
    manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    next_action: Mapped[str] = mapped_column(String(500), default="")
    next_action_due: Mapped[date | None] = mapped_column(Date, index=True)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    def __repr__(self) -> str:
        return f"<InvestmentProject {self.id} {self.origin}->{self.destination} {self.stage}>"


class StageChange(Base):
    """One line of the stage log (written only by ``investment.services``; never edited)."""

    __tablename__ = "investment_stage_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("investment_projects.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    from_stage: Mapped[str | None] = mapped_column(String(16))
    to_stage: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")


class Interaction(Auditable, Timestamps, Base):
    """A meeting, call, e-mail or site visit about a project."""

    __tablename__ = "investment_interactions"
    __table_args__ = (CheckConstraint(one_of("kind", INTERACTION_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("investment_projects.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    held_on: Mapped[date] = mapped_column(Date)
    participants: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Attachment(Auditable, Timestamps, Base):
    """A file attached to a contact (``investment.attachments``: the content is stored in the
    tradebridge home, named by its SHA-256)."""

    __tablename__ = "investment_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interaction_id: Mapped[int] = mapped_column(
        # named by hand: the convention's name is longer than PostgreSQL's 63 characters
        ForeignKey(
            "investment_interactions.id",
            ondelete="CASCADE",
            name=conv("fk_investment_attachments_interaction"),
        ),
        index=True,
    )
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
