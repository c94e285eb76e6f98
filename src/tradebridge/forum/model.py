"""Plain data classes of a business forum and its schedule (docs/methods.md#b2b-scheduling).

A forum has time slots (each in a day and a session), tables, participants, meeting requests,
pairs to keep apart and meetings already published (locked). A schedule places some requests in
a slot at a table, says why the others were left out, and reports the objectives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

PRIORITY_WEIGHTS: dict[str, float] = {"must": 100.0, "should": 10.0, "could": 1.0}
"""Weights of the named priorities: a "must" outweighs any nine "should" requests and a "should"
any nine "could" requests, so priorities dominate in every realistic agenda (a participant rarely
has more than nine requests of one level competing for the same slots), while the organiser keeps
a single number to trade them off. Numeric weights lie in ``[0.01, MAX_WEIGHT]``."""

MAX_WEIGHT = 1000.0
WEIGHT_RESOLUTION = 100
"""Weights are scaled by this factor and rounded to integers for CP-SAT (0.01 resolution)."""


@dataclass(frozen=True)
class Slot:
    """A meeting slot: ``day`` is an ISO date, ``start``/``end`` are ``HH:MM`` local times."""

    id: str
    day: str
    session: str
    start: str
    end: str


@dataclass(frozen=True)
class Participant:
    """A person at the forum. ``available_slots`` is None for "all slots"; a set ``table`` makes
    the participant a host who stays at that table while visitors come to them."""

    id: str
    name: str
    organisation: str
    country: str
    role: str
    available_slots: frozenset[str] | None = None
    max_meetings: int | None = None
    table: str | None = None

    @property
    def is_host(self) -> bool:
        return self.table is not None


@dataclass(frozen=True)
class Request:
    """A request for a one-to-one meeting; ``a``→``b`` and ``b``→``a`` are the same meeting."""

    a: str
    b: str
    weight: float = 1.0

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.a, self.b))


@dataclass(frozen=True)
class Meeting:
    a: str
    b: str
    slot: str
    table: str

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.a, self.b))


@dataclass(frozen=True)
class Forum:
    """A validated forum: ids are unique and every reference resolves (see ``loading``).

    ``requests`` holds one request per unordered pair (reverse duplicates merged, keeping the
    larger weight). ``slots`` are in chronological order.
    """

    slots: tuple[Slot, ...]
    tables: tuple[str, ...]
    participants: tuple[Participant, ...]
    requests: tuple[Request, ...]
    blocked_pairs: frozenset[frozenset[str]] = frozenset()
    locked: tuple[Meeting, ...] = ()
    name: str = "forum"

    def participant(self, pid: str) -> Participant:
        return self._participants[pid]

    def slot(self, sid: str) -> Slot:
        return self._slots[sid]

    @cached_property
    def _participants(self) -> dict[str, Participant]:
        return {p.id: p for p in self.participants}

    @cached_property
    def _slots(self) -> dict[str, Slot]:
        return {s.id: s for s in self.slots}

    def available(self, p: Participant) -> frozenset[str]:
        """The slots ``p`` can meet in (all slots when none were given)."""
        if p.available_slots is None:
            return self._all_slot_ids
        return p.available_slots

    @cached_property
    def _all_slot_ids(self) -> frozenset[str]:
        return frozenset(s.id for s in self.slots)

    def reserved_tables(self, slot_id: str) -> dict[str, str]:
        """Host tables kept for their host in ``slot_id``: table -> host id (host available)."""
        return {
            p.table: p.id
            for p in self.participants
            if p.table is not None and slot_id in self.available(p)
        }


@dataclass(frozen=True)
class Unscheduled:
    """A request left out and why: ``blocked pair``, ``hosts at different fixed tables``,
    ``one side unavailable`` (no common slot or a participant with no meetings allowed),
    ``both full`` (in every common slot one side is already meeting, or one side is at its
    maximum), ``table capacity`` (a common slot has both free but no table left) or
    ``solver time limit`` (it would still fit: only a baseline method stopped early leaves
    such requests, the default method fills every gap it can)."""

    a: str
    b: str
    reason: str


@dataclass(frozen=True)
class ScheduleStats:
    """``status`` is ``optimal`` when objective (1) is proven optimal (``proof_seconds`` after
    the start), else ``feasible`` (or ``no solution in time`` for the direct CP-SAT baseline
    when it found none: the schedule is then empty);
    ``gap`` = (upper_bound − weighted_score) / upper_bound; ``bound_kind`` names the bound
    used (see ``scheduling``); ``gaps_proven`` is true when (1) is optimal and ``idle_gaps`` is
    proven minimal among schedules of that value (the run then stopped before its time limit)."""

    requested: int
    scheduled: int
    weighted_score: float
    upper_bound: float
    bound_kind: str
    gap: float
    idle_gaps: int
    table_changes: int
    solve_seconds: float
    proof_seconds: float | None
    status: str
    method: str
    gaps_proven: bool = False


@dataclass(frozen=True)
class Schedule:
    meetings: tuple[Meeting, ...]
    unscheduled: tuple[Unscheduled, ...]
    stats: ScheduleStats
    notes: tuple[str, ...] = field(default=())
