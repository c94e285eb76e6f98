"""The pipeline report's sums computed by the database (``report.summed_report`` turns them into
the report): one aggregate query for the amounts, one for how far the projects got, one for the
stays in each stage (a window over the stage log). The same on SQLite and PostgreSQL; tested
against ``report.pipeline_report`` (per project, in Python) on the same projects.

Amounts are summed in whole cents (SQLite keeps decimals as floating point, whose sums could
drift by a cent over thousands of projects).

``kept`` keeps the latest reports by database, filters and **data version** (how many projects,
when one last changed, the last line of the stage log): any change to a project or a move
changes the version, so a kept report is never stale; an unchanged pipeline is summed once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Hashable
from decimal import Decimal

from sqlalchemy import BigInteger, Select, case, cast, extract, func, select
from sqlalchemy.orm import Session

from tradebridge.investment.models import InvestmentProject, StageChange
from tradebridge.investment.report import INDEX, GroupFacts, PipelineReport
from tradebridge.investment.stages import LOST


def _cents(column):
    return func.coalesce(func.sum(cast(func.round(column * 100), BigInteger)), 0)


def groups(session: Session, chosen: Select) -> list[GroupFacts]:
    """The chosen projects summed by stage, origin, sector and year of realisation."""
    c = chosen.subquery()
    year = extract("year", c.c.realised_on)
    keys = (c.c.stage, c.c.origin, c.c.sector, year)
    stmt = select(
        *keys,
        func.count(),
        _cents(c.c.planned_usd),
        _cents(c.c.realised_usd),
        func.coalesce(func.sum(c.c.jobs_created), 0),
    ).group_by(*keys)
    return [
        GroupFacts(
            stage,
            origin,
            sector,
            None if y is None else int(y),
            n,
            Decimal(planned) / 100,
            Decimal(realised) / 100,
            int(jobs),
        )  # fmt: skip
        for stage, origin, sector, y, n, planned, realised, jobs in session.execute(stmt)
    ]


def _index(column):
    return case(INDEX, value=column, else_=-1)


def furthest(session: Session, chosen: Select) -> dict[int, int]:
    """How many of the chosen projects got no further than each stage index: the furthest of
    their stage log and their stage now (a lost project reached the stage it had before)."""
    c = chosen.subquery()
    logged = (
        select(
            StageChange.project_id.label("id"), func.max(_index(StageChange.to_stage)).label("k")
        )
        .where(StageChange.project_id.in_(select(c.c.id)))
        .group_by(StageChange.project_id)
        .subquery()
    )
    was, now = func.coalesce(logged.c.k, -1), _index(c.c.stage)
    reach = select(case((was > now, was), else_=now).label("k")).select_from(
        c.outerjoin(logged, logged.c.id == c.c.id)
    )
    r = reach.subquery()
    return {int(k): n for k, n in session.execute(select(r.c.k, func.count()).group_by(r.c.k))}


def stays(session: Session, chosen: Select) -> dict[str, list[float]]:
    """The days of every completed stay of the chosen projects, by stage (a stay ends with
    the next line of the project's stage log; stays in ``lost`` are not counted)."""
    log = StageChange
    following = func.lead(log.at).over(partition_by=log.project_id, order_by=(log.at, log.id))
    moves = (
        select(log.to_stage.label("stage"), log.at.label("at"), following.label("next"))
        .where(log.project_id.in_(select(chosen.subquery().c.id)))
        .subquery()
    )
    if session.get_bind().dialect.name == "sqlite":  # julianday: days as a float; to ms
        seconds = func.round((func.julianday(moves.c.next) - func.julianday(moves.c.at)) * 86400, 3)
    else:
        seconds = extract("epoch", moves.c.next - moves.c.at)
    stmt = select(moves.c.stage, seconds).where(moves.c.next.is_not(None), moves.c.stage != LOST)
    found: dict[str, list[float]] = defaultdict(list)
    for stage, length in session.execute(stmt):
        found[stage].append(float(length) / 86400)
    return found


KEPT = 64
_kept: OrderedDict[tuple, PipelineReport] = OrderedDict()
_lock = threading.Lock()


def data_version(session: Session) -> tuple:
    """What changes whenever a project is added, changed, moved or deleted."""
    p = InvestmentProject
    last_move = select(func.max(StageChange.id)).scalar_subquery()
    return tuple(session.execute(select(func.count(p.id), func.max(p.updated_at), last_move)).one())


def kept(session: Session, filters: Hashable, make: Callable[[], PipelineReport]) -> PipelineReport:
    """The report of ``filters`` for the data as it is now: kept, or ``make()`` and kept."""
    key = (str(session.get_bind().url), filters, data_version(session))
    with _lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
            return found
    made = make()
    with _lock:
        _kept[key] = made
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return made
