"""Event participants (people of registered organisations, with their availability, maximum
meetings and fixed table) and their marketplace entries.

Revision ID: 0005_event_participants
Revises: 0004_events
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_event_participants"
down_revision: str | None = "0004_events"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "event_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("person_name", sa.String(200), nullable=False),
        sa.Column("position", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("available_sessions", sa.JSON(), nullable=True),
        sa.Column("max_meetings", sa.Integer(), nullable=True),
        sa.Column("table", sa.String(20), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'declined', 'withdrawn')",
            name="ck_event_participants_status",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name="fk_event_participants_event_id_events",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name="fk_event_participants_organisation_id_organisations",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_event_participants_user_id_users",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_event_participants"),
        sa.UniqueConstraint("event_id", "email", name="uq_event_participants_event_id_email"),
    )
    for column in ("event_id", "organisation_id", "user_id", "status"):
        op.create_index(f"ix_event_participants_{column}", "event_participants", [column])
    op.create_table(
        "event_marketplace",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("hs_codes", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('offer', 'request', 'cooperation')", name="ck_event_marketplace_kind"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["event_participants.id"],
            name="fk_event_marketplace_participant_id_event_participants",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_event_marketplace"),
    )
    op.create_index("ix_event_marketplace_participant_id", "event_marketplace", ["participant_id"])


def downgrade() -> None:
    op.drop_index("ix_event_marketplace_participant_id", "event_marketplace")
    op.drop_table("event_marketplace")
    for column in ("event_id", "organisation_id", "user_id", "status"):
        op.drop_index(f"ix_event_participants_{column}", "event_participants")
    op.drop_table("event_participants")
