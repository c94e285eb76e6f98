"""The investment board's columns: each is the projects at one stage, the most recently moved
first, read a page at a time, with their count and planned US$ (an index on the stage, the time
of the last move and the planned amount serves both).

Revision ID: 0010_investment_board
Revises: 0009_schedule_run_cancelled
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010_investment_board"
down_revision: str | None = "0009_schedule_run_cancelled"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_investment_projects_board",
        "investment_projects",
        ["stage", "stage_since", "planned_usd"],
    )


def downgrade() -> None:
    op.drop_index("ix_investment_projects_board", table_name="investment_projects")
