"""The organisation registry: organisations, their filter facets and search text, the
full-text index of each database, and the link from a company user to its organisation.

Revision ID: 0002_registry
Revises: 0001_accounts
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tradebridge.registry.search import full_text

revision: str = "0002_registry"
down_revision: str | None = "0001_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)


def _one_of(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(300), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name_en", sa.String(300), nullable=False),
        sa.Column("name_az", sa.String(300), nullable=False),
        sa.Column("name_ru", sa.String(300), nullable=False),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("city", sa.String(300), nullable=False),
        sa.Column("sectors", sa.JSON(), nullable=False),
        sa.Column("products_offered", sa.JSON(), nullable=False),
        sa.Column("products_sought", sa.JSON(), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("description_az", sa.Text(), nullable=False),
        sa.Column("description_ru", sa.Text(), nullable=False),
        sa.Column("certifications", sa.JSON(), nullable=False),
        sa.Column("certifications_required", sa.JSON(), nullable=False),
        sa.Column("current_markets", sa.JSON(), nullable=False),
        sa.Column("target_markets", sa.JSON(), nullable=False),
        sa.Column("size_band", sa.String(8), nullable=True),
        sa.Column("contacts", sa.JSON(), nullable=False),
        sa.Column("brand", sa.String(300), nullable=True),
        sa.Column("brand_since", sa.Date(), nullable=True),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("responsible_id", sa.Integer(), nullable=True),
        sa.Column("synthetic", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.CheckConstraint(
            _one_of("kind", ("exporter", "buyer", "investor", "service", "association")),
            name="ck_organisations_kind",
        ),
        sa.CheckConstraint(
            _one_of("status", ("draft", "verified", "archived")), name="ck_organisations_status"
        ),
        sa.CheckConstraint(
            "size_band IS NULL OR " + _one_of("size_band", ("micro", "small", "medium", "large")),
            name="ck_organisations_size",
        ),
        sa.ForeignKeyConstraint(
            ["responsible_id"],
            ["users.id"],
            name="fk_organisations_responsible_id_users",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_organisations"),
        sa.UniqueConstraint("ref", name="uq_organisations_ref"),
    )
    for column in ("kind", "country", "brand", "status", "responsible_id"):
        op.create_index(f"ix_organisations_{column}", "organisations", [column])
    op.create_table(
        "organisation_facets",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("facet", sa.String(16), nullable=False),
        sa.Column("value", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name="fk_organisation_facets_organisation_id_organisations",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organisation_id", "facet", "value", name="pk_organisation_facets"),
    )
    op.create_index("ix_organisation_facets_facet_value", "organisation_facets", ["facet", "value"])
    op.create_table(
        "organisation_search",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name="fk_organisation_search_organisation_id_organisations",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organisation_id", name="pk_organisation_search"),
    )
    for statement in full_text(op.get_bind().dialect.name).create():
        op.execute(statement)
    # no organisation existed before this revision: a company user's link pointed at nothing
    op.execute("UPDATE users SET organisation_id = NULL WHERE organisation_id IS NOT NULL")
    with op.batch_alter_table("users") as batch:
        batch.create_foreign_key(
            "fk_users_organisation_id_organisations",
            "organisations",
            ["organisation_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("fk_users_organisation_id_organisations", type_="foreignkey")
    for statement in full_text(op.get_bind().dialect.name).drop():
        op.execute(statement)
    op.drop_table("organisation_search")
    op.drop_table("organisation_facets")
    for column in ("kind", "country", "brand", "status", "responsible_id"):
        op.drop_index(f"ix_organisations_{column}", "organisations")
    op.drop_table("organisations")
