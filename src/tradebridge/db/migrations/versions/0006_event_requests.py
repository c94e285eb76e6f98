"""Meeting requests between event participants, and the pairs kept apart.

Revision ID: 0006_event_requests
Revises: 0005_event_participants
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_event_requests"
down_revision: str | None = "0005_event_participants"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)


def _participant(column: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        ["event_participants.id"],
        name=f"fk_{table}_{column}_event_participants",
        ondelete="CASCADE",
    )


def _event(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["event_id"], ["events.id"], name=f"fk_{table}_event_id_events", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "event_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("from_id", sa.Integer(), nullable=False),
        sa.Column("to_id", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("priority", sa.String(8), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("answered_at", TIME, nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'accepted', 'declined', 'withdrawn', 'expired')",
            name="ck_event_requests_status",
        ),
        sa.CheckConstraint(
            "priority IN ('must', 'should', 'could')", name="ck_event_requests_priority"
        ),
        sa.CheckConstraint("from_id <> to_id", name="ck_event_requests_two_sides"),
        _event("event_requests"),
        _participant("from_id", "event_requests"),
        _participant("to_id", "event_requests"),
        sa.PrimaryKeyConstraint("id", name="pk_event_requests"),
        sa.UniqueConstraint("from_id", "to_id", name="uq_event_requests_from_id_to_id"),
    )
    for column in ("event_id", "from_id", "to_id", "status"):
        op.create_index(f"ix_event_requests_{column}", "event_requests", [column])
    op.create_table(
        "event_blocked_pairs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("low_id", sa.Integer(), nullable=False),
        sa.Column("high_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.CheckConstraint("low_id < high_id", name="ck_event_blocked_pairs_ordered"),
        _event("event_blocked_pairs"),
        _participant("low_id", "event_blocked_pairs"),
        _participant("high_id", "event_blocked_pairs"),
        sa.PrimaryKeyConstraint("id", name="pk_event_blocked_pairs"),
        sa.UniqueConstraint("low_id", "high_id", name="uq_event_blocked_pairs_low_id_high_id"),
    )
    for column in ("event_id", "low_id", "high_id"):
        op.create_index(f"ix_event_blocked_pairs_{column}", "event_blocked_pairs", [column])


def downgrade() -> None:
    for column in ("event_id", "low_id", "high_id"):
        op.drop_index(f"ix_event_blocked_pairs_{column}", "event_blocked_pairs")
    op.drop_table("event_blocked_pairs")
    for column in ("event_id", "from_id", "to_id", "status"):
        op.drop_index(f"ix_event_requests_{column}", "event_requests")
    op.drop_table("event_requests")
