"""The pipeline report, computed from plain facts (the services read them from the database).

For the projects given (e.g. one direction of a country pair, one sector):

- by stage: projects and planned US$ at each stage now; the **probability-weighted value**
  ``Σ planned_usd × PROBABILITY[stage]`` (``stages.PROBABILITY``);
- **conversion** from a stage to the next: of the projects that reached stage *k*, the share
  that reached stage *k + 1* (a project that skipped stages passed through them; a lost one
  reached the furthest stage it had before it was lost). Projects still at *k* count as not
  converted yet, so recent cohorts lower the rate;
- **median days in a stage**, over the completed stays read from the stage log (from the move
  into the stage to the move out of it); stays still running are not counted;
- realised US$ and jobs created by the year the investment was realised; projects, planned,
  weighted and realised US$ and jobs by origin country and by sector (lost projects left out
  of planned and weighted values).

>>> from datetime import datetime, timezone
>>> day = lambda d: datetime(2024, 1, d, tzinfo=timezone.utc)
>>> facts = [ProjectFacts(1, "AZE", "RUS", "food", "proposal", Decimal(100)),
...          ProjectFacts(2, "RUS", "AZE", "steel", "lost", Decimal(50))]
>>> log = [StageEvent(1, day(1), "lead"), StageEvent(1, day(11), "proposal"),
...        StageEvent(2, day(1), "lead"), StageEvent(2, day(5), "contacted"),
...        StageEvent(2, day(9), "lost")]
>>> r = pipeline_report(facts, log)
>>> r.weighted_usd, r.stage("lead").median_days, r.stage("lead").conversion
(Decimal('50.00'), 7.0, 1.0)
>>> r.stage("contacted").conversion  # project 2 reached contacted, only project 1 went on
0.5
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from tradebridge.investment.stages import LOST, PROBABILITY, STAGES

ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class ProjectFacts:
    """What the report reads of one project (amounts in US$)."""

    id: int
    origin: str
    destination: str
    sector: str | None
    stage: str
    planned_usd: Decimal | None = None
    realised_usd: Decimal | None = None
    realised_on: date | None = None
    jobs_planned: int | None = None
    jobs_created: int | None = None


@dataclass(frozen=True)
class StageEvent:
    """One line of the stage log: ``project_id`` moved into ``to_stage`` at ``at`` (the first
    line of a project is its creation)."""

    project_id: int
    at: datetime
    to_stage: str


@dataclass(frozen=True)
class StageRow:
    """One stage of the funnel."""

    stage: str
    projects: int
    planned_usd: Decimal
    weighted_usd: Decimal
    reached: int
    conversion: float | None  # to the next stage; None for the last stage or when none reached
    median_days: float | None
    stays: int  # completed stays the median is taken over


@dataclass(frozen=True)
class GroupRow:
    """Projects of one origin country, sector or year."""

    key: str
    projects: int
    planned_usd: Decimal
    weighted_usd: Decimal
    realised_usd: Decimal
    jobs_created: int


@dataclass
class PipelineReport:
    """See the module's docstring."""

    stages: list[StageRow]
    lost: int
    lost_planned_usd: Decimal
    open_projects: int
    planned_usd: Decimal
    weighted_usd: Decimal
    realised_by_year: list[GroupRow] = field(default_factory=list)
    by_origin: list[GroupRow] = field(default_factory=list)
    by_sector: list[GroupRow] = field(default_factory=list)

    def stage(self, name: str) -> StageRow:
        return next(row for row in self.stages if row.stage == name)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT)


def _weighted(project: ProjectFacts) -> Decimal:
    return (project.planned_usd or ZERO) * Decimal(str(PROBABILITY[project.stage]))


def _furthest(events: Sequence[StageEvent]) -> int:
    """The index in ``STAGES`` of the furthest stage a project's log reached (-1: none)."""
    return max((STAGES.index(e.to_stage) for e in events if e.to_stage != LOST), default=-1)


def _stays(events: Sequence[StageEvent]) -> dict[str, list[float]]:
    """Days of each completed stay in a stage, from one project's log."""
    ordered = sorted(events, key=lambda e: e.at)
    days: dict[str, list[float]] = defaultdict(list)
    for here, after in zip(ordered, ordered[1:], strict=False):
        if here.to_stage != LOST:
            days[here.to_stage].append((after.at - here.at).total_seconds() / 86400)
    return days


def _groups(
    projects: Iterable[ProjectFacts], key: Callable[[ProjectFacts], str | None]
) -> list[GroupRow]:
    rows: dict[str, list[ProjectFacts]] = defaultdict(list)
    for project in projects:
        name = key(project)
        if name is not None:
            rows[name].append(project)
    out = []
    for name, members in rows.items():
        active = [p for p in members if p.stage != LOST]
        out.append(
            GroupRow(
                key=name,
                projects=len(active),
                planned_usd=_cents(sum((p.planned_usd or ZERO for p in active), ZERO)),
                weighted_usd=_cents(sum((_weighted(p) for p in active), ZERO)),
                realised_usd=_cents(sum((p.realised_usd or ZERO for p in members), ZERO)),
                jobs_created=sum(p.jobs_created or 0 for p in members),
            )
        )
    return sorted(out, key=lambda row: (-row.planned_usd, -row.realised_usd, row.key))


def pipeline_report(projects: Sequence[ProjectFacts], log: Iterable[StageEvent]) -> PipelineReport:
    """The report over ``projects`` and their stage ``log`` (lines of other projects are
    ignored)."""
    wanted = {p.id for p in projects}
    events: dict[int, list[StageEvent]] = defaultdict(list)
    for event in log:
        if event.project_id in wanted:
            events[event.project_id].append(event)
    furthest = {p.id: max(_furthest(events[p.id]), _current_index(p)) for p in projects}
    stays: dict[str, list[float]] = defaultdict(list)
    for project_events in events.values():
        for stage, days in _stays(project_events).items():
            stays[stage] += days
    rows = []
    for k, stage in enumerate(STAGES):
        here = [p for p in projects if p.stage == stage]
        reached = sum(1 for index in furthest.values() if index >= k)
        went_on = sum(1 for index in furthest.values() if index >= k + 1)
        last = k == len(STAGES) - 1
        rows.append(
            StageRow(
                stage=stage,
                projects=len(here),
                planned_usd=_cents(sum((p.planned_usd or ZERO for p in here), ZERO)),
                weighted_usd=_cents(sum((_weighted(p) for p in here), ZERO)),
                reached=reached,
                conversion=None if last or not reached else went_on / reached,
                median_days=statistics.median(stays[stage]) if stays[stage] else None,
                stays=len(stays[stage]),
            )
        )
    lost = [p for p in projects if p.stage == LOST]
    active = [p for p in projects if p.stage != LOST]
    realised = [p for p in projects if p.realised_on is not None]
    return PipelineReport(
        stages=rows,
        lost=len(lost),
        lost_planned_usd=_cents(sum((p.planned_usd or ZERO for p in lost), ZERO)),
        open_projects=sum(1 for p in active if p.stage != "operating"),
        planned_usd=_cents(sum((p.planned_usd or ZERO for p in active), ZERO)),
        weighted_usd=_cents(sum((_weighted(p) for p in active), ZERO)),
        realised_by_year=sorted(
            _groups(realised, lambda p: str(p.realised_on.year)), key=lambda row: row.key
        ),
        by_origin=_groups(projects, lambda p: p.origin),
        by_sector=_groups(projects, lambda p: p.sector),
    )


def _current_index(project: ProjectFacts) -> int:
    return STAGES.index(project.stage) if project.stage != LOST else -1


def mutual(
    projects: Sequence[ProjectFacts], log: Iterable[StageEvent], a: str, b: str
) -> tuple[PipelineReport, PipelineReport]:
    """The reports of ``a`` → ``b`` and of ``b`` → ``a``, side by side."""
    events = list(log)
    there = [p for p in projects if p.origin == a and p.destination == b]
    back = [p for p in projects if p.origin == b and p.destination == a]
    return pipeline_report(there, events), pipeline_report(back, events)
