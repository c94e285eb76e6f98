"""Events: business forums, trade missions and the like, their sessions, and the history of
their status moves.

Revision ID: 0004_events
Revises: 0003_investment
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_events"
down_revision: str | None = "0003_investment"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)
KINDS = ("business_forum", "outbound_mission", "inbound_mission", "exhibition", "council_session")
STATUSES = (
    "draft",
    "registration_open",
    "requests_open",
    "scheduling",
    "published",
    "live",
    "closed",
)


def _one_of(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("title_en", sa.String(300), nullable=False),
        sa.Column("title_az", sa.String(300), nullable=False),
        sa.Column("title_ru", sa.String(300), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("city", sa.String(300), nullable=False),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("organiser", sa.String(300), nullable=False),
        sa.Column("partner_countries", sa.JSON(), nullable=False),
        sa.Column("sectors", sa.JSON(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("tables", sa.JSON(), nullable=False),
        sa.Column("meeting_minutes", sa.Integer(), nullable=False),
        sa.Column("pause_minutes", sa.Integer(), nullable=False),
        sa.Column("auto_accept", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("request_cap", sa.Integer(), nullable=True),
        sa.Column("requests_expire_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("synthetic", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.CheckConstraint(_one_of("kind", KINDS), name="ck_events_kind"),
        sa.CheckConstraint(_one_of("status", STATUSES), name="ck_events_status"),
        sa.CheckConstraint("ends_on >= starts_on", name="ck_events_dates"),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
    )
    for column in ("kind", "starts_on", "country", "status"):
        op.create_index(f"ix_events_{column}", "events", [column])
    op.create_table(
        "event_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("starts", sa.String(5), nullable=False),
        sa.Column("ends", sa.String(5), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.CheckConstraint("ends > starts", name="ck_event_sessions_times"),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name="fk_event_sessions_event_id_events",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_event_sessions"),
    )
    op.create_index("ix_event_sessions_event_id", "event_sessions", ["event_id"])
    op.create_table(
        "event_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.Column("from_status", sa.String(24), nullable=False),
        sa.Column("to_status", sa.String(24), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name="fk_event_status_changes_event_id_events",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_event_status_changes_user_id_users",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_event_status_changes"),
    )
    op.create_index("ix_event_status_changes_event_id", "event_status_changes", ["event_id"])


def downgrade() -> None:
    op.drop_index("ix_event_status_changes_event_id", "event_status_changes")
    op.drop_table("event_status_changes")
    op.drop_index("ix_event_sessions_event_id", "event_sessions")
    op.drop_table("event_sessions")
    for column in ("kind", "starts_on", "country", "status"):
        op.drop_index(f"ix_events_{column}", "events")
    op.drop_table("events")
