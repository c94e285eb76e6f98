"""Two partial indexes for the investment pages: the next actions of open projects (neither
lost nor operating), soonest first, with their manager, which serves the overdue list and its
count on the board and the staff home page without reading the projects; and the synthetic
projects, which tells whether to show the demo's banner without reading them all.

Revision ID: 0011_investment_open_actions
Revises: 0010_investment_board
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_investment_open_actions"
down_revision: str | None = "0010_investment_board"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# as written in the model (investment.models.OPEN) at this revision
OPEN = sa.text("stage NOT IN ('lost', 'operating')")
SYNTHETIC = sa.text("synthetic")


def upgrade() -> None:
    op.create_index(
        "ix_investment_projects_open_actions",
        "investment_projects",
        ["next_action_due", "id", "manager_id"],
        postgresql_where=OPEN,
        sqlite_where=OPEN,
    )
    op.create_index(
        "ix_investment_projects_synthetic",
        "investment_projects",
        ["id"],
        postgresql_where=SYNTHETIC,
        sqlite_where=SYNTHETIC,
    )


def downgrade() -> None:
    op.drop_index("ix_investment_projects_synthetic", table_name="investment_projects")
    op.drop_index("ix_investment_projects_open_actions", table_name="investment_projects")
