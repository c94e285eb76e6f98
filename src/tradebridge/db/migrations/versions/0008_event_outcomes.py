"""The day of an event and what came of it: check-in times, meetings marked held, no-show or
cancelled, walk-in meetings (a cancelled meeting frees its table, so a slot's table is no longer
unique in the table: the services keep one meeting that is not cancelled there), each side's
outcome of a meeting, mission results, leads, deals and MoUs, and their follow-ups.

Revision ID: 0008_event_outcomes
Revises: 0007_event_meetings
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_event_outcomes"
down_revision: str | None = "0007_event_meetings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)
MONEY = sa.Numeric(18, 2)


def _fk(table: str, column: str, target: str, ondelete: str | None = "CASCADE"):
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=f"fk_{table}_{column}_{target}",
        ondelete=ondelete,
    )


def _indexes(table: str, columns: tuple[str, ...]) -> None:
    for column in columns:
        op.create_index(f"ix_{table}_{column}", table, [column])


def upgrade() -> None:
    with op.batch_alter_table("event_participants") as batch:
        batch.add_column(sa.Column("checked_in_at", TIME, nullable=True))
    with op.batch_alter_table("event_meetings") as batch:
        batch.drop_constraint("uq_event_meetings_event_id_slot_table", type_="unique")
        batch.add_column(sa.Column("attendance", sa.String(12), nullable=True))
        batch.add_column(
            sa.Column("walk_in", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch.add_column(sa.Column("marked_at", TIME, nullable=True))
        batch.create_check_constraint(
            "ck_event_meetings_attendance", "attendance IN ('held', 'no_show', 'cancelled')"
        )
        batch.create_index("ix_event_meetings_attendance", ["attendance"])

    op.create_table(
        "event_outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("interest", sa.String(8), nullable=False),
        sa.Column("next_step", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.CheckConstraint(
            "interest IN ('none', 'low', 'high')", name="ck_event_outcomes_interest"
        ),
        _fk("event_outcomes", "event_id", "events"),
        _fk("event_outcomes", "meeting_id", "event_meetings"),
        _fk("event_outcomes", "participant_id", "event_participants"),
        _fk("event_outcomes", "organisation_id", "organisations", None),
        sa.PrimaryKeyConstraint("id", name="pk_event_outcomes"),
        sa.UniqueConstraint(
            "meeting_id", "participant_id", name="uq_event_outcomes_meeting_id_participant_id"
        ),
    )
    _indexes("event_outcomes", ("event_id", "meeting_id", "participant_id", "organisation_id"))

    op.create_table(
        "event_mission_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("contacts", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.CheckConstraint("contacts >= 0", name="ck_event_mission_results_contacts"),
        _fk("event_mission_results", "event_id", "events"),
        _fk("event_mission_results", "organisation_id", "organisations", None),
        sa.PrimaryKeyConstraint("id", name="pk_event_mission_results"),
        sa.UniqueConstraint(
            "event_id",
            "organisation_id",
            name="uq_event_mission_results_event_id_organisation_id",
        ),
    )
    _indexes("event_mission_results", ("event_id", "organisation_id"))

    op.create_table(
        "event_leads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("outcome_id", sa.Integer(), nullable=True),
        sa.Column("mission_result_id", sa.Integer(), nullable=True),
        sa.Column("counterpart_id", sa.Integer(), nullable=True),
        sa.Column("counterpart_name", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("product", sa.String(6), nullable=True),
        sa.Column("value_usd", MONEY, nullable=True),
        sa.Column("expected_on", sa.Date(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.CheckConstraint("kind IN ('lead', 'deal', 'mou')", name="ck_event_leads_kind"),
        sa.CheckConstraint("value_usd >= 0", name="ck_event_leads_value"),
        sa.CheckConstraint(
            "(outcome_id IS NULL) <> (mission_result_id IS NULL)", name="ck_event_leads_source"
        ),
        _fk("event_leads", "event_id", "events"),
        _fk("event_leads", "organisation_id", "organisations", None),
        _fk("event_leads", "outcome_id", "event_outcomes"),
        _fk("event_leads", "mission_result_id", "event_mission_results"),
        _fk("event_leads", "counterpart_id", "organisations", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_event_leads"),
    )
    _indexes(
        "event_leads",
        (
            "event_id",
            "organisation_id",
            "outcome_id",
            "mission_result_id",
            "counterpart_id",
            "kind",
        ),
    )

    op.create_table(
        "event_follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("outcome_id", sa.Integer(), nullable=True),
        sa.Column("mission_result_id", sa.Integer(), nullable=True),
        sa.Column("after_days", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("done_at", TIME, nullable=True),
        sa.Column("done_by", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "(outcome_id IS NULL) <> (mission_result_id IS NULL)",
            name="ck_event_follow_ups_source",
        ),
        _fk("event_follow_ups", "event_id", "events"),
        _fk("event_follow_ups", "organisation_id", "organisations", None),
        _fk("event_follow_ups", "outcome_id", "event_outcomes"),
        _fk("event_follow_ups", "mission_result_id", "event_mission_results"),
        _fk("event_follow_ups", "done_by", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_event_follow_ups"),
    )
    _indexes(
        "event_follow_ups",
        ("event_id", "organisation_id", "outcome_id", "mission_result_id", "due_on"),
    )


def downgrade() -> None:
    for table in ("event_follow_ups", "event_leads", "event_mission_results", "event_outcomes"):
        op.drop_table(table)
    with op.batch_alter_table("event_meetings") as batch:
        batch.drop_index("ix_event_meetings_attendance")
        batch.drop_constraint("ck_event_meetings_attendance", type_="check")
        batch.drop_column("marked_at")
        batch.drop_column("walk_in")
        batch.drop_column("attendance")
        batch.create_unique_constraint(
            "uq_event_meetings_event_id_slot_table", ["event_id", "slot", "table"]
        )
    with op.batch_alter_table("event_participants") as batch:
        batch.drop_column("checked_in_at")
