"""The published meetings a scheduling run cancelled (a participant no longer approved).

Revision ID: 0009_schedule_run_cancelled
Revises: 0008_event_outcomes
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_schedule_run_cancelled"
down_revision: str | None = "0008_event_outcomes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("event_schedule_runs", sa.Column("cancelled", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("event_schedule_runs") as batch:
        batch.drop_column("cancelled")
