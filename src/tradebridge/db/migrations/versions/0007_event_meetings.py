"""Scheduled B2B meetings (draft or published) and the scheduling runs of an event.

Revision ID: 0007_event_meetings
Revises: 0006_event_requests
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_event_meetings"
down_revision: str | None = "0006_event_requests"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "event_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("a_id", sa.Integer(), nullable=False),
        sa.Column("b_id", sa.Integer(), nullable=False),
        sa.Column("slot", sa.String(40), nullable=False),
        sa.Column("table", sa.String(20), nullable=False),
        sa.Column("starts_at", TIME, nullable=False),
        sa.Column("ends_at", TIME, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.CheckConstraint("status IN ('draft', 'published')", name="ck_event_meetings_status"),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name="fk_event_meetings_event_id_events",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["a_id"],
            ["event_participants.id"],
            name="fk_event_meetings_a_id_event_participants",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["b_id"],
            ["event_participants.id"],
            name="fk_event_meetings_b_id_event_participants",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_event_meetings"),
        sa.UniqueConstraint(
            "event_id", "slot", "table", name="uq_event_meetings_event_id_slot_table"
        ),
    )
    for column in ("event_id", "a_id", "b_id", "status"):
        op.create_index(f"ix_event_meetings_{column}", "event_meetings", [column])
    op.create_table(
        "event_schedule_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("stats", sa.JSON(), nullable=False),
        sa.Column("unscheduled", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name="fk_event_schedule_runs_event_id_events",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_event_schedule_runs_user_id_users",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_event_schedule_runs"),
    )
    op.create_index("ix_event_schedule_runs_event_id", "event_schedule_runs", ["event_id"])


def downgrade() -> None:
    op.drop_index("ix_event_schedule_runs_event_id", "event_schedule_runs")
    op.drop_table("event_schedule_runs")
    for column in ("event_id", "a_id", "b_id", "status"):
        op.drop_index(f"ix_event_meetings_{column}", "event_meetings")
    op.drop_table("event_meetings")
