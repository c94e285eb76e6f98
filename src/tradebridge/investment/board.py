"""The investment board: a column per stage with how many projects are there and their planned
US$ (one aggregate query), and a page of cards in each, the most recently moved first (the
index on stage, time of the last move and planned amount serves both)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tradebridge.accounts.roles import require_staff
from tradebridge.investment.models import InvestmentProject
from tradebridge.investment.services import ProjectFilters, filtered
from tradebridge.investment.stages import LOST, STAGES


@dataclass(frozen=True)
class Column:
    """One column of the board: how many projects are at the stage, their planned US$, and
    the ``cards`` shown (the most recently moved first, from ``offset`` on)."""

    stage: str
    count: int
    planned_usd: Decimal
    cards: list[InvestmentProject]
    offset: int = 0


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
    alone when ``filters.stage`` names it)."""
    require_staff(user, "list investment projects")
    p = InvestmentProject
    chosen = filtered(filters).subquery()
    totals = {
        stage: (n, planned or Decimal(0))
        for stage, n, planned in session.execute(
            select(chosen.c.stage, func.count(), func.sum(chosen.c.planned_usd)).group_by(
                chosen.c.stage
            )
        )
    }
    columns = []
    for stage in (*STAGES, LOST) if filters.stage is None else (filters.stage,):
        n, planned = totals.get(stage, (0, Decimal(0)))
        cards: list[InvestmentProject] = []
        if n > offset:
            stmt = filtered(filters).where(p.stage == stage)
            stmt = stmt.order_by(p.stage_since.desc(), p.id).offset(offset).limit(per_column)
            cards = list(session.scalars(stmt))
        columns.append(Column(stage, n, planned, cards, offset))
    return columns
