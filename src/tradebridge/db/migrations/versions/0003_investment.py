"""Investment projects: the projects, their stage log, the contacts with the investors and their
attached files, and the agency's US$ rate table.

Revision ID: 0003_investment
Revises: 0002_registry
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_investment"
down_revision: str | None = "0002_registry"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)
# the vocabularies as of this revision (a later one that changes them alters the constraints)
STAGES = ("lead", "contacted", "qualified", "site_visit", "proposal", "mou", "decision")
STAGES += ("implementation", "operating", "lost")
LOST_REASONS = ("chose_another_country", "chose_another_region", "cancelled_by_investor")
LOST_REASONS += ("financing", "incentives", "regulation", "no_response", "duplicate", "other")
KINDS = ("greenfield", "expansion", "joint_venture", "acquisition", "portfolio")
SOURCES = ("event", "mission", "inquiry", "referral", "agency_outreach", "other")
INTERACTIONS = ("meeting", "call", "email", "site_visit")


def _one_of(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        "exchange_rates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("usd_per_unit", sa.Numeric(precision=18, scale=8), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.CheckConstraint("usd_per_unit > 0", name="ck_exchange_rates_positive"),
        sa.PrimaryKeyConstraint("id", name="pk_exchange_rates"),
        sa.UniqueConstraint("currency", "valid_from", name="uq_exchange_rates_currency_valid_from"),
    )
    op.create_table(
        "investment_projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("investor_id", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=3), nullable=False),
        sa.Column("destination", sa.String(length=3), nullable=False),
        sa.Column("sector", sa.String(length=64), nullable=True),
        sa.Column("products", sa.JSON(), nullable=False),
        sa.Column("region", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("stage_since", TIME, nullable=False),
        sa.Column("lost_reason", sa.String(length=32), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("planned_amount", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("planned_usd", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("planned_rate", sa.Numeric(precision=18, scale=8), nullable=True),
        sa.Column("realised_amount", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("realised_usd", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("realised_rate", sa.Numeric(precision=18, scale=8), nullable=True),
        sa.Column("realised_on", sa.Date(), nullable=True),
        sa.Column("jobs_planned", sa.Integer(), nullable=True),
        sa.Column("jobs_created", sa.Integer(), nullable=True),
        sa.Column("incentives_requested", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("source_ref", sa.String(length=300), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=True),
        sa.Column("next_action", sa.String(length=500), nullable=False),
        sa.Column("next_action_due", sa.Date(), nullable=True),
        sa.Column("synthetic", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.CheckConstraint(
            _one_of("kind", KINDS),
            name="ck_investment_projects_kind",
        ),
        sa.CheckConstraint(
            f"lost_reason IS NULL OR {_one_of('lost_reason', LOST_REASONS)}",
            name="ck_investment_projects_lost_reason",
        ),
        sa.CheckConstraint(
            _one_of("source", SOURCES),
            name="ck_investment_projects_source",
        ),
        sa.CheckConstraint(
            _one_of("stage", STAGES),
            name="ck_investment_projects_stage",
        ),
        sa.ForeignKeyConstraint(
            ["investor_id"],
            ["organisations.id"],
            name="fk_investment_projects_investor_id_organisations",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["users.id"],
            name="fk_investment_projects_manager_id_users",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_investment_projects"),
    )
    op.create_index(
        "ix_investment_projects_destination", "investment_projects", ["destination"], unique=False
    )
    op.create_index(
        "ix_investment_projects_investor_id", "investment_projects", ["investor_id"], unique=False
    )
    op.create_index(
        "ix_investment_projects_manager_id", "investment_projects", ["manager_id"], unique=False
    )
    op.create_index(
        "ix_investment_projects_next_action_due",
        "investment_projects",
        ["next_action_due"],
        unique=False,
    )
    op.create_index(
        "ix_investment_projects_pair",
        "investment_projects",
        ["origin", "destination"],
        unique=False,
    )
    op.create_index(
        "ix_investment_projects_sector", "investment_projects", ["sector"], unique=False
    )
    op.create_index("ix_investment_projects_stage", "investment_projects", ["stage"], unique=False)
    op.create_table(
        "investment_interactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("participants", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.CheckConstraint(
            _one_of("kind", INTERACTIONS),
            name="ck_investment_interactions_kind",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["investment_projects.id"],
            name="fk_investment_interactions_project_id_investment_projects",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_investment_interactions_user_id_users",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_investment_interactions"),
    )
    op.create_index(
        "ix_investment_interactions_project_id",
        "investment_interactions",
        ["project_id"],
        unique=False,
    )
    op.create_table(
        "investment_stage_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.Column("from_stage", sa.String(length=16), nullable=True),
        sa.Column("to_stage", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=32), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["investment_projects.id"],
            name="fk_investment_stage_log_project_id_investment_projects",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_investment_stage_log_user_id_users",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_investment_stage_log"),
    )
    op.create_index(
        "ix_investment_stage_log_project_id", "investment_stage_log", ["project_id"], unique=False
    )

    op.create_table(
        "investment_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["investment_interactions.id"],
            name="fk_investment_attachments_interaction",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_investment_attachments_user_id_users",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_investment_attachments"),
    )
    op.create_index(
        "ix_investment_attachments_interaction_id",
        "investment_attachments",
        ["interaction_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_investment_attachments_interaction_id", table_name="investment_attachments")
    op.drop_table("investment_attachments")
    op.drop_index("ix_investment_stage_log_project_id", table_name="investment_stage_log")
    op.drop_table("investment_stage_log")
    op.drop_index("ix_investment_interactions_project_id", table_name="investment_interactions")
    op.drop_table("investment_interactions")
    op.drop_index("ix_investment_projects_stage", table_name="investment_projects")
    op.drop_index("ix_investment_projects_sector", table_name="investment_projects")
    op.drop_index("ix_investment_projects_pair", table_name="investment_projects")
    op.drop_index("ix_investment_projects_next_action_due", table_name="investment_projects")
    op.drop_index("ix_investment_projects_manager_id", table_name="investment_projects")
    op.drop_index("ix_investment_projects_investor_id", table_name="investment_projects")
    op.drop_index("ix_investment_projects_destination", table_name="investment_projects")
    op.drop_table("investment_projects")
    op.drop_table("exchange_rates")
