"""The scheduling pipeline: warm start, slot-class model, CP-SAT or large-neighbourhood
search, tables, the independent check, and the statistics."""

from __future__ import annotations

import random
import time

from tradebridge.errors import BadInput
from tradebridge.forum.model import WEIGHT_RESOLUTION, Forum, Schedule, ScheduleStats
from tradebridge.forum.quality import idle_gaps, table_changes
from tradebridge.forum.scheduling.bounds import upper_bound
from tradebridge.forum.scheduling.classes import class_phase
from tradebridge.forum.scheduling.compaction import compact
from tradebridge.forum.scheduling.cpsat import NoSolution, minimise_gaps, solve_full
from tradebridge.forum.scheduling.instance import Instance, build_instance
from tradebridge.forum.scheduling.lns import lns
from tradebridge.forum.scheduling.reasons import unscheduled_reasons
from tradebridge.forum.scheduling.state import State, greedy_order
from tradebridge.forum.scheduling.tables import assign_tables
from tradebridge.forum.validation import check_schedule

METHODS = ("auto", "greedy", "direct", "lns")
MAX_TIME_LIMIT = 86_400.0
FULL_MODEL_LIMIT = 60_000
"""Above this many x[r, t] variables, ``auto`` uses large-neighbourhood search."""
CLASS_SHARE = 0.3
"""Share of the time limit for the slot-class model and the spreading of its meetings."""
SCORE_SHARE = 0.6
"""Share of the time limit after which work on (1) stops (if not proven optimal before)."""
COMPACT_SHARE = 0.3
PATIENCE_PER_MEETING = 50
"""On small models, the annealing gets this share of the time left for (2), and stops after
this many moves per request without a better assignment; CP-SAT then works on (2) (and can
prove it optimal) for the rest of the time."""


def schedule(
    forum: Forum,
    *,
    time_limit: float = 30.0,
    seed: int = 1,
    workers: int = 2,
    method: str = "auto",
) -> Schedule:
    """Schedule the forum's requests (see the docstring of ``tradebridge.forum.scheduling``).

    ``method``: ``auto`` (greedy warm start, then CP-SAT on the whole slot model when it has at
    most ``FULL_MODEL_LIMIT`` variables, else large-neighbourhood search), ``greedy`` (plain
    first fit in request order: a baseline), ``direct`` (one CP-SAT solve of the whole slot
    model on objective (1), no warm start: a baseline) or ``lns``. The result is checked by the
    independent validator before it is returned.
    """
    if method not in METHODS:
        raise BadInput(f"unknown method {method!r}; valid: {', '.join(METHODS)}", field="method")
    if not 0 < time_limit <= MAX_TIME_LIMIT:  # also refuses NaN
        raise BadInput(
            f"{time_limit} is not in (0, {MAX_TIME_LIMIT:.0f}] seconds", field="time_limit"
        )
    if workers < 1:
        raise BadInput(f"{workers} is not a number of workers (1 or more)", field="workers")
    started = time.perf_counter()
    inst = build_instance(forum)
    state, bound, proven_at, status, gaps_proven = _solve(
        inst, method, started, time_limit, seed, workers
    )
    meetings = assign_tables(inst, state)
    check_schedule(forum, meetings)
    elapsed = time.perf_counter() - started
    score = state.score()
    ub, kind = upper_bound(inst), "pairs that can meet / per-participant capacity"
    if bound is not None and bound < ub:
        ub, kind = bound, "proven bound of the slot-class (HiGHS) or slot (CP-SAT) model"
    if proven_at is not None:
        ub, kind = score, "schedule reaches a proven bound: optimal"
    stats = ScheduleStats(
        requested=len(forum.requests),
        scheduled=sum(1 for r, t in enumerate(state.slot_of) if t >= 0 or inst.locked_pair[r]),
        weighted_score=score / WEIGHT_RESOLUTION,
        upper_bound=ub / WEIGHT_RESOLUTION,
        bound_kind=kind,
        gap=0.0 if ub == 0 else (ub - score) / ub,
        idle_gaps=idle_gaps(forum, meetings),
        table_changes=table_changes(forum, meetings),
        solve_seconds=round(elapsed, 3),
        proof_seconds=None if proven_at is None else round(proven_at - started, 3),
        gaps_proven=proven_at is not None and gaps_proven,
        status=status or ("optimal" if score >= ub else "feasible"),
        method=method,
    )
    order = {sid: t for t, sid in enumerate(inst.slot_ids)}
    meetings.sort(key=lambda m: (order[m.slot], m.table, m.a))
    return Schedule(tuple(meetings), tuple(unscheduled_reasons(inst, state)), stats)


def _solve(
    inst: Instance, method: str, started: float, time_limit: float, seed: int, workers: int
) -> tuple[State, int | None, float | None, str | None, bool]:
    """The slot assignment of ``method``, the proven bound on (1) (scaled, or None), when (1)
    was proven optimal (``perf_counter`` time, or None), a status overriding the default, and
    whether (2) is proven minimal for the schedule's value of (1). Every phase returns as soon
    as it has proven its objective optimal, so a run that proves both ends early."""
    deadline = started + time_limit
    state = State(inst, [-1] * len(inst.pairs))
    if method == "greedy":
        state.fill(list(range(len(inst.pairs))), compact=False)
        return state, None, None, None, False
    if method == "direct":
        try:
            return (*solve_full(inst, state, deadline, seed, workers, False), None, False)
        except NoSolution:
            return state, None, None, "no solution in time", False
    state.fill(greedy_order(inst), compact=True)
    state, bound, proven_at = class_phase(
        inst, state, started + CLASS_SHARE * time_limit, seed, workers
    )
    whole = method == "auto" and sum(len(c) for c in inst.cand) <= FULL_MODEL_LIMIT
    score_deadline = started + SCORE_SHARE * time_limit
    if proven_at is None and whole:
        try:
            state, slot_bound, proven_at = solve_full(
                inst, state, score_deadline, seed, workers, True
            )
            bound = slot_bound if bound is None else min(bound, slot_bound)
        except NoSolution:
            pass
    elif proven_at is None:
        state = lns(inst, state, score_deadline, seed, workers)
    state.fill(greedy_order(inst), compact=True)
    now = time.perf_counter()
    anneal_until = now + (COMPACT_SHARE if whole else 1.0) * (deadline - now)
    patience = PATIENCE_PER_MEETING * len(inst.pairs) if whole else None
    state, gaps_proven = compact(inst, state, anneal_until, random.Random(seed), patience)
    if whole and not gaps_proven:
        state, gaps_proven = minimise_gaps(inst, state, deadline, seed, workers)
    return state, bound, proven_at, None, gaps_proven
