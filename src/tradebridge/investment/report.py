"""The pipeline report, computed from plain facts.

``summed_report`` works on sums (projects and amounts summed by stage, origin, sector and year
of realisation; how many projects reached each stage at the furthest; the days of each
completed stay), which the services compute in the database (``investment.report_sums``), so
that a pipeline of tens of thousands of projects never travels row by row.
``pipeline_report`` works on one fact per project and the stage log, sums them the same way in
Python and is the reference the database's sums are tested against.

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
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
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


INDEX = {stage: k for k, stage in enumerate(STAGES)}
WEIGHT = {stage: Decimal(str(p)) for stage, p in PROBABILITY.items()}


@dataclass(frozen=True)
class GroupFacts:
    """The projects sharing a stage, an origin, a sector and the year they were realised in
    (``None``: not realised), summed (amounts in US$)."""

    stage: str
    origin: str
    sector: str | None
    year: int | None
    projects: int
    planned_usd: Decimal
    realised_usd: Decimal
    jobs_created: int


class _Tally:
    """Running sums of a group of projects."""

    __slots__ = ("projects", "planned", "weighted", "realised", "jobs")

    def __init__(self) -> None:
        self.projects, self.jobs = 0, 0
        self.planned, self.weighted, self.realised = ZERO, ZERO, ZERO

    def add(self, g: GroupFacts) -> None:
        if g.stage != LOST:
            self.projects += g.projects
            self.planned += g.planned_usd
            self.weighted += g.planned_usd * WEIGHT[g.stage]
        self.realised += g.realised_usd
        self.jobs += g.jobs_created

    def row(self, key: str) -> GroupRow:
        return GroupRow(
            key, self.projects, _cents(self.planned), _cents(self.weighted),
            _cents(self.realised), self.jobs,
        )  # fmt: skip


def _groups(tallies: dict[str, _Tally]) -> list[GroupRow]:
    rows = [tally.row(key) for key, tally in tallies.items()]
    return sorted(rows, key=lambda row: (-row.planned_usd, -row.realised_usd, row.key))


def walk_log(
    log: Iterable[StageEvent], wanted: set[int]
) -> tuple[dict[int, int], dict[str, list[float]]]:
    """From the stage log: the furthest stage index each project reached, and the days of
    every completed stay in each stage (ended by the next move, lost included)."""
    events: dict[int, list[tuple[datetime, str]]] = defaultdict(list)
    for event in log:
        if event.project_id in wanted:
            events[event.project_id].append((event.at, event.to_stage))
    furthest: dict[int, int] = {}
    stays: dict[str, list[float]] = defaultdict(list)
    for project_id, moves in events.items():
        moves.sort(key=lambda move: move[0])
        furthest[project_id] = max((INDEX.get(stage, -1) for _, stage in moves), default=-1)
        for (at, stage), (after, _) in zip(moves, moves[1:], strict=False):
            if stage != LOST:
                stays[stage].append((after - at).total_seconds() / 86400)
    return furthest, stays


def summed(projects: Iterable[ProjectFacts]) -> list[GroupFacts]:
    """Per-project facts summed by stage, origin, sector and year of realisation."""
    sums: dict[tuple, list] = {}
    for p in projects:
        year = p.realised_on.year if p.realised_on is not None else None
        into = sums.setdefault((p.stage, p.origin, p.sector, year), [0, ZERO, ZERO, 0])
        into[0] += 1
        into[1] += p.planned_usd or ZERO
        into[2] += p.realised_usd or ZERO
        into[3] += p.jobs_created or 0
    return [GroupFacts(*key, *values) for key, values in sums.items()]


def pipeline_report(projects: Sequence[ProjectFacts], log: Iterable[StageEvent]) -> PipelineReport:
    """The report over ``projects`` and their stage ``log`` (lines of other projects are
    ignored)."""
    logged, stays = walk_log(log, {p.id for p in projects})
    furthest = Counter(max(logged.get(p.id, -1), INDEX.get(p.stage, -1)) for p in projects)
    return summed_report(summed(projects), furthest, stays)


def summed_report(
    groups: Iterable[GroupFacts],
    furthest: Mapping[int, int],
    stays: Mapping[str, Sequence[float]],
) -> PipelineReport:
    """The report from sums: ``groups`` (``GroupFacts``), ``furthest`` (how many projects got
    no further than each stage index; -1 for none) and ``stays`` (days of each completed stay,
    by stage)."""
    at_stage = {stage: _Tally() for stage in STAGES}
    lost, lost_planned = 0, ZERO
    by_year: dict[str, _Tally] = defaultdict(_Tally)
    by_origin: dict[str, _Tally] = defaultdict(_Tally)
    by_sector: dict[str, _Tally] = defaultdict(_Tally)
    for g in groups:
        if g.stage == LOST:
            lost, lost_planned = lost + g.projects, lost_planned + g.planned_usd
        else:
            at_stage[g.stage].add(g)
        if g.year is not None:
            by_year[str(g.year)].add(g)
        by_origin[g.origin].add(g)
        if g.sector is not None:
            by_sector[g.sector].add(g)
    reached_exactly = [furthest.get(k, 0) for k in range(len(STAGES))]
    reached = [sum(reached_exactly[k:]) for k in range(len(STAGES))] + [0]
    rows = []
    for k, stage in enumerate(STAGES):
        tally = at_stage[stage]
        last = k == len(STAGES) - 1
        days = stays.get(stage) or []
        rows.append(
            StageRow(
                stage=stage,
                projects=tally.projects,
                planned_usd=_cents(tally.planned),
                weighted_usd=_cents(tally.weighted),
                reached=reached[k],
                conversion=None if last or not reached[k] else reached[k + 1] / reached[k],
                median_days=statistics.median(days) if days else None,
                stays=len(days),
            )
        )
    active = [at_stage[stage] for stage in STAGES]
    return PipelineReport(
        stages=rows,
        lost=lost,
        lost_planned_usd=_cents(lost_planned),
        open_projects=sum(t.projects for t in active[:-1]),
        planned_usd=_cents(sum((t.planned for t in active), ZERO)),
        weighted_usd=_cents(sum((t.weighted for t in active), ZERO)),
        realised_by_year=sorted(_groups(by_year), key=lambda row: row.key),
        by_origin=_groups(by_origin),
        by_sector=_groups(by_sector),
    )


def mutual(
    projects: Sequence[ProjectFacts], log: Iterable[StageEvent], a: str, b: str
) -> tuple[PipelineReport, PipelineReport]:
    """The reports of ``a`` → ``b`` and of ``b`` → ``a``, side by side."""
    events = list(log)
    there = [p for p in projects if p.origin == a and p.destination == b]
    back = [p for p in projects if p.origin == b and p.destination == a]
    return pipeline_report(there, events), pipeline_report(back, events)
