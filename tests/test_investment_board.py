"""The investment board's columns (counts and planned US$ by stage, a page of cards each, the
most recently moved first, with the investor's name) and the overdue list's count, on both
databases, against figures worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest

from tradebridge.errors import Forbidden
from tradebridge.investment import services
from tradebridge.investment.board import board
from tradebridge.investment.project import ProjectInput
from tradebridge.investment.services import ProjectFilters
from tradebridge.investment.stages import LOST, STAGES
from tradebridge.registry import services as registry
from tradebridge.registry.record import OrganisationRecord

STAFF = SimpleNamespace(role="staff", organisation_id=None, id=None)
T0 = datetime(2024, 1, 1, tzinfo=UTC)


@pytest.fixture
def pipeline(db_session):
    """Five USD projects: p1, p2, p3 in lead (created on days 1, 2, 3), p4 moved to qualified
    on day 10, p5 (from Türkiye, investor named in Azerbaijani only) lost on day 5."""
    volga = registry.create(db_session, OrganisationRecord("investor", "RUS", name_en="Volga"))
    anka = registry.create(db_session, OrganisationRecord("investor", "TUR", name_az="Anka MMC"))
    ids = []
    for n, (org, origin, amount, due) in enumerate(
        [
            (volga, "RUS", 1_000_000, date(2024, 3, 1)),
            (volga, "RUS", 2_500_000, date(2024, 2, 1)),
            (volga, "RUS", 400, None),
            (volga, "RUS", 7_000_000, date(2024, 1, 15)),
            (anka, "TUR", 3_000_000, date(2024, 1, 20)),
        ],
        start=1,
    ):
        data = ProjectInput(
            title=f"p{n}", investor_id=org.id, origin=origin, destination="AZE",
            currency="USD", planned_amount=Decimal(amount), next_action=f"call {n}",
            next_action_due=due,
        )  # fmt: skip
        ids.append(services.create(db_session, data, at=T0 + timedelta(days=n)).id)
    services.move(db_session, ids[3], "qualified", at=T0 + timedelta(days=10))
    services.move(db_session, ids[4], LOST, reason="financing", at=T0 + timedelta(days=5))
    db_session.commit()
    return ids


def _by_stage(columns):
    return {c.stage: c for c in columns}


def test_columns_count_sum_and_order_the_cards(db_session, pipeline):
    columns = board(db_session, ProjectFilters(), per_column=2, user=STAFF)
    assert [c.stage for c in columns] == [*STAGES, LOST]
    by = _by_stage(columns)
    # lead: p1 + p2 + p3 = 1,000,000 + 2,500,000 + 400
    assert (by["lead"].count, by["lead"].planned_usd) == (3, Decimal("3500400"))
    # two cards a column, the most recently moved first: p3 (day 3), p2 (day 2)
    assert [card.title for card in by["lead"].cards] == ["p3", "p2"]
    assert [card.title for card in by["qualified"].cards] == ["p4"]
    assert (by["contacted"].count, by["contacted"].planned_usd, by["contacted"].cards) == (
        0,
        Decimal(0),
        [],
    )
    lost = by[LOST].cards[0]
    assert (lost.investor, lost.origin, lost.stage) == ("Anka MMC", "TUR", LOST)
    p2 = by["lead"].cards[1]
    assert (p2.investor, p2.planned_usd, p2.next_action, p2.next_action_due) == (
        "Volga",
        Decimal("2500000"),
        "call 2",
        date(2024, 2, 1),
    )


def test_one_column_alone_is_paged_and_filters_apply(db_session, pipeline):
    page = board(db_session, ProjectFilters(stage="lead"), per_column=2, offset=2, user=STAFF)
    assert [(c.stage, c.count, c.offset) for c in page] == [("lead", 3, 2)]
    assert [card.title for card in page[0].cards] == ["p1"]
    turkish = _by_stage(board(db_session, ProjectFilters(country="TUR"), user=STAFF))
    assert sum(c.count for c in turkish.values()) == 1
    assert [card.title for card in turkish[LOST].cards] == ["p5"]
    with pytest.raises(Forbidden):
        board(db_session, ProjectFilters(), user=SimpleNamespace(role="viewer", id=None))


def test_the_overdue_count_covers_more_than_the_page(db_session, pipeline):
    # due before 2024-03-01 and neither lost nor operating: p2 (02-01), p4 (01-15); p5 is lost
    late, total = services.overdue(db_session, date(2024, 3, 1), limit=1)
    assert [p.title for p in late] == ["p4"] and total == 2
    assert services.overdue(db_session, date(2024, 3, 1), limit=0) == ([], 2)
    assert services.overdue(db_session, date(2024, 1, 1), limit=5) == ([], 0)
