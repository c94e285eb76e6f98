"""The investment board: a column per stage with how many projects are there and their planned
US$ (one aggregate query), and a page of cards in each, the most recently moved first, with the
investor's name (one query for every column: a page of each stage, served by the index on stage,
time of the last move and planned amount, joined once to the registry)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, union_all
from sqlalchemy.orm import Session

from tradebridge.accounts.roles import require_staff
from tradebridge.investment.models import InvestmentProject
from tradebridge.investment.services import ProjectFilters, filtered
from tradebridge.investment.stages import LOST, STAGES
from tradebridge.registry.models import Organisation


@dataclass(frozen=True, slots=True)
class Card:
    """What a card of the board shows of a project (``investor``: the organisation's name in
    English, else Azerbaijani, else Russian; empty when it has none)."""

    id: int
    title: str
    investor: str
    origin: str
    destination: str
    stage: str
    planned_usd: Decimal | None
    next_action: str
    next_action_due: date | None
    synthetic: bool


@dataclass(frozen=True)
class Column:
    """One column of the board: how many projects are at the stage, their planned US$, and
    the ``cards`` shown (the most recently moved first, from ``offset`` on)."""

    stage: str
    count: int
    planned_usd: Decimal
    cards: list[Card]
    offset: int = 0


def _named(column: Any) -> Any:
    """The column, or NULL when it is empty (so that the next name is taken)."""
    return func.nullif(column, "")


def cards(
    session: Session, filters: ProjectFilters, stages: list[str], per_column: int, offset: int
) -> dict[str, list[Card]]:
    """At most ``per_column`` cards of each of ``stages`` (skipping ``offset``), the most
    recently moved first, in one statement (a page of each stage, joined to the investors)."""
    p, o = InvestmentProject, Organisation
    found: dict[str, list[Card]] = {stage: [] for stage in stages}
    if not stages or per_column <= 0:
        return found
    pages = union_all(
        *(
            select(page.c.id)
            for page in (
                filtered(filters)
                .with_only_columns(p.id)
                .where(p.stage == stage)
                .order_by(p.stage_since.desc(), p.id)
                .offset(offset)
                .limit(per_column)
                .subquery()
                for stage in stages
            )
        )
    ).subquery()
    name = func.coalesce(_named(o.name_en), _named(o.name_az), _named(o.name_ru), "")
    stmt = (
        select(
            p.id,
            p.title,
            name,
            p.origin,
            p.destination,
            p.stage,
            p.planned_usd,
            p.next_action,
            p.next_action_due,
            p.synthetic,
        )
        .join(pages, pages.c.id == p.id)
        .outerjoin(o, o.id == p.investor_id)
        .order_by(p.stage_since.desc(), p.id)
    )
    for row in session.execute(stmt):
        found[row[5]].append(Card(*row))
    return found


def board(
    session: Session,
    filters: ProjectFilters,
    *,
    per_column: int = 30,
    offset: int = 0,
    user: Any = None,
) -> list[Column]:
    """The board by stage (every stage, then lost): counts and sums per stage from one
    aggregate query, and at most ``per_column`` cards of each (skipping ``offset``; one stage
    alone when ``filters.stage`` names it) from one more."""
    require_staff(user, "list investment projects")
    chosen = filtered(filters).subquery()
    totals = {
        stage: (n, planned or Decimal(0))
        for stage, n, planned in session.execute(
            select(chosen.c.stage, func.count(), func.sum(chosen.c.planned_usd)).group_by(
                chosen.c.stage
            )
        )
    }
    stages = [*STAGES, LOST] if filters.stage is None else [filters.stage]
    shown = cards(
        session, filters, [s for s in stages if totals.get(s, (0,))[0] > offset], per_column, offset
    )
    return [
        Column(stage, *totals.get(stage, (0, Decimal(0))), shown.get(stage, []), offset)
        for stage in stages
    ]
